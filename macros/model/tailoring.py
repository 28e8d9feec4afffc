"""Tailoring: the categories of project, the objective criteria that place a project in one, and the default."""
from __future__ import annotations

from pydantic import Field

from macros.model.base import Model, Slug, Text


class Category(Model):
    """A category of project: what it is and what it changes."""

    id: Slug
    name: Text
    description: Text


class Criterion(Model):
    """An objective criterion, with its threshold for each category."""

    id: Slug
    name: Text
    thresholds: dict[Slug, Text]


class Characteristic(Model):
    """A characteristic of a project, apart from its size, that makes some items apply (« le projet a un fournisseur »)."""

    id: Slug
    name: Text  # short, for filters and headings: « Achats ou fournisseur »
    question: Text  # what the project manager answers when the project is created
    condition: Text  # completes « Obligatoire si … »: « le projet achète ou a un fournisseur »


class Tailoring(Model):
    """standards/tailoring.yaml: categories from the lightest to the heaviest, the criteria, the default category, and
    the characteristics items may depend on."""

    categories: list[Category] = Field(min_length=2)
    default: Slug
    rule: Text  # how to choose a category from the criteria
    criteria: list[Criterion] = Field(min_length=1)
    characteristics: list[Characteristic] = []
