"""One version of one standard: metadata, checklist, RACI, templates, KPIs, references."""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from macros.model.base import (
    ColumnTypeValue,
    FormatValue,
    ItemId,
    LevelValue,
    Model,
    RoleId,
    Slug,
    StandardId,
    StatusValue,
    TemplateKindValue,
    Text,
    Version,
)
from macros.vocabulary import FORMATS_BY_KIND, ColumnType, TemplateKind


class ChecklistItem(Model):
    """A check to do in one phase of the lifecycle; its id is stable across versions."""

    id: ItemId
    phase: Slug
    text: Text
    level: LevelValue
    responsible: RoleId
    template: Slug | None = None
    evidence: Text | None = None


class RaciRow(Model):
    """Who is Responsible, Accountable, Consulted and Informed for one activity."""

    activity: Text
    R: list[RoleId] = Field(min_length=1)
    A: RoleId
    C: list[RoleId] = []
    I: list[RoleId] = []  # noqa: E741 - the RACI letter

    @field_validator("A", mode="before")
    @classmethod
    def _one_accountable(cls, value: object) -> object:
        if isinstance(value, list):
            raise PydanticCustomError("one_accountable", "exactement un rôle « A » par activité (un seul responsable final)")
        return value


class Column(Model):
    """A column of a register (Excel/CSV); a `choice` column becomes a drop-down."""

    name: Text
    type: ColumnTypeValue = ColumnType.TEXT
    values: list[Text] | None = None
    width: int | None = Field(default=None, ge=6, le=80)
    help: Text | None = None

    @model_validator(mode="after")
    def _values_match_type(self) -> Column:
        if self.type == ColumnType.CHOICE and (not self.values or len(self.values) < 2):
            raise ValueError("une colonne « choice » doit lister au moins deux valeurs (values)")
        if self.type != ColumnType.CHOICE and self.values is not None:
            raise ValueError("seule une colonne « choice » peut lister des valeurs (values)")
        return self


class Section(Model):
    """A section of a Word document: a heading, guidance for the author, an optional table."""

    title: Text
    guidance: Text
    table: list[Text] | None = None


class Template(Model):
    """A template a standard asks projects to fill in: a document (Word) or a register (Excel)."""

    id: Slug
    title: Text
    kind: TemplateKindValue
    formats: list[FormatValue] = Field(min_length=1)
    description: Text
    sections: list[Section] = []
    columns: list[Column] = []

    @field_validator("formats")
    @classmethod
    def _formats_match_kind(cls, value: list[FormatValue], info: ValidationInfo) -> list[FormatValue]:
        kind = info.data.get("kind")
        allowed: tuple[str, ...] = FORMATS_BY_KIND.get(kind, ()) if kind else ()
        wrong = [f for f in value if kind and f not in allowed]
        if wrong:
            raise PydanticCustomError("format_kind", "format « {fmt} » impossible pour un modèle « {kind} » ; formats permis : {allowed}",
                                      {"fmt": wrong[0], "kind": kind, "allowed": ", ".join(allowed)})
        if len(set(value)) != len(value):
            raise PydanticCustomError("format_twice", "un format est listé deux fois")
        return value

    @model_validator(mode="after")
    def _shape_matches_kind(self) -> Template:
        if self.kind == TemplateKind.DOCUMENT and (not self.sections or self.columns):
            raise ValueError("un modèle « document » a des sections (sections) et pas de colonnes")
        if self.kind == TemplateKind.REGISTER and (not self.columns or self.sections):
            raise ValueError("un modèle « register » a des colonnes (columns) et pas de sections")
        return self


class Kpi(Model):
    """An indicator the standard follows."""

    name: Text
    definition: Text
    target: Text | None = None
    frequency: Text | None = None


class Reference(Model):
    """A source the standard relies on."""

    title: Text
    url: str | None = None


class Standard(Model):
    """One version of one standard, as written in standards/<slug>/<version>.yaml."""

    id: StandardId
    slug: Slug
    title: Text
    version: Version
    status: StatusValue
    effective_from: dt.date
    transition_until: dt.date | None = None
    owner: RoleId
    last_reviewed: dt.date
    review_every_months: int = Field(ge=1, le=60)
    summary: Text
    objectives: list[Text] = Field(min_length=1)
    scope: Text
    checklist: list[ChecklistItem] = Field(min_length=1)
    raci: list[RaciRow] = Field(min_length=1)
    templates: list[Template] = []
    kpis: list[Kpi] = []
    references: list[Reference] = []

    @field_validator("transition_until")
    @classmethod
    def _transition_after_start(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("effective_from")
        if value is not None and start is not None and value < start:
            raise PydanticCustomError("transition", "la fin de transition doit suivre la date d'entrée en vigueur ({start})",
                                      {"start": start.isoformat()})
        return value


class Entry(NamedTuple):
    """One checklist item with the version of the standard it comes from."""

    standard: Standard
    item: ChecklistItem
