"""Tailoring: the categories of project, the objective criteria that place a project in one, and the default."""
from __future__ import annotations

from pydantic import Field

from macros.core.constants import SLUG
from macros.model.base import Model, Slug, Text, format_hint, schema_doc


class Category(Model):
    """A category of project: what it is and what it changes."""

    model_config = schema_doc("Une catégorie de projet : ce qu'elle est et ce qu'elle change.")

    id: Slug = Field(description=f"Identifiant de la catégorie, que les niveaux des points citent. {format_hint(SLUG)}", examples=["majeur"])
    name: Text = Field(description="Le nom de la catégorie.", examples=["Majeur"])
    description: Text = Field(description="Les projets de cette catégorie, et ce qu'elle change pour eux.",
                              examples=["Projet stratégique ou transverse : toutes les exigences s'appliquent."])


class Criterion(Model):
    """An objective criterion, with its threshold for each category."""

    model_config = schema_doc("Un critère objectif de classement, avec son seuil pour chaque catégorie.")

    id: Slug = Field(description=f"Identifiant du critère. {format_hint(SLUG)}", examples=["budget"])
    name: Text = Field(description="Le nom du critère.", examples=["Budget total"])
    thresholds: dict[Slug, Text] = Field(description="Le seuil du critère pour chaque catégorie : identifiant de catégorie → seuil.",
                                         examples=[{"leger": "moins de 50 000 €", "majeur": "plus de 1 M€"}])


class Characteristic(Model):
    """A characteristic of a project, apart from its size, that makes some items apply (« le projet a un fournisseur »)."""

    model_config = schema_doc("Une caractéristique d'un projet, hors de sa taille, qui rend certains points applicables.")

    id: Slug = Field(description=f"Identifiant de la caractéristique, cité par only_if. {format_hint(SLUG)}", examples=["fournisseur"])
    # Short, for filters and headings.
    name: Text = Field(description="Son nom court, pour les filtres et les titres.", examples=["Achats ou fournisseur"])
    question: Text = Field(description="La question posée au chef de projet à la création du projet.",
                           examples=["Le projet achète-t-il des biens ou des services, ou a-t-il un fournisseur ?"])
    # Completes « Obligatoire si … ».
    condition: Text = Field(description="Ce qui complète « Obligatoire si … ».", examples=["le projet achète ou a un fournisseur"])


class Tailoring(Model):
    """standards/tailoring.yaml: categories from the lightest to the heaviest, the criteria, the default category, and
    the characteristics items may depend on."""

    model_config = schema_doc("L'adaptation (standards/tailoring.yaml) : les catégories de projet, de la plus légère à la plus lourde, "
                              "les critères qui y classent un projet, et la catégorie par défaut.")

    categories: list[Category] = Field(min_length=2, description="Les catégories, de la plus légère à la plus lourde.")
    default: Slug = Field(description="La catégorie dont le champ level des points donne le niveau.", examples=["standard"])
    rule: Text = Field(description="Comment choisir la catégorie d'un projet à partir des critères.",
                       examples=["La catégorie la plus lourde dont un critère est atteint."])
    criteria: list[Criterion] = Field(min_length=1, description="Les critères objectifs de classement.")
    characteristics: list[Characteristic] = Field(default_factory=list, description="Les caractéristiques d'un projet, hors de sa taille, dont "
                                                  "dépendent certains points (only_if).")
