"""Editions: the set of standard and role versions the PMO publishes together."""
from __future__ import annotations

import datetime as dt

from pydantic import Field

from macros.model.base import EditionId, EditionStatusValue, ImpactValue, Model, RoleId, Slug, Text, Version


class ChangeNote(Model):
    """The PMO's own classification of a change, where the data cannot tell it."""

    standard: Slug
    item: str | None = None
    section: str | None = None
    target: str | None = None  # any other change, by its name in `pmo diff`: « indicateur « Taux de… » », « modèle … »
    impact: ImpactValue
    note: Text | None = None  # the one-line reason, shown in the release notes


class Edition(Model):
    """One edition: its status, date, notes and the version of each standard and role it holds."""

    id: EditionId
    status: EditionStatusValue
    date: dt.date | None = None
    notes: Text
    standards: dict[Slug, Version] = Field(min_length=1)
    roles: dict[RoleId, Version] = Field(min_length=1)
    changes: list[ChangeNote] = []


class Editions(Model):
    """The list of editions, as written in standards/editions.yaml, oldest first."""

    editions: list[Edition] = Field(min_length=1)
