"""One version of one standard: metadata, checklist, RACI, templates, KPIs, references."""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from macros.core.vocabulary import FORMATS_BY_KIND, ColumnType, Level, RiskScale, Scope, TemplateKind
from macros.model.base import (
    ColumnTypeValue,
    FormatValue,
    ItemId,
    LevelValue,
    Model,
    RiskScaleValue,
    RoleId,
    ScopeValue,
    Slug,
    StandardId,
    StatusValue,
    TemplateKindValue,
    Text,
    Version,
    tr,
)


class ChecklistItem(Model):
    """A check to do in one phase of the lifecycle; its id is stable across versions."""

    id: ItemId
    phase: Slug
    text: Text
    level: LevelValue  # in the default category of project (standards/tailoring.yaml)
    # The level in other categories, where it differs: it may only get stricter from a lighter to a heavier one.
    levels: dict[Slug, LevelValue] = {}
    # Project characteristics (standards/tailoring.yaml): the item applies only to a project where one of them holds.
    only_if: list[Slug] = []
    # Who does and who approves an item are the R and A of the one RACI row that covers it. Versions published before
    # that rule named a « responsible » of their own: it stays readable there, and a new version may not carry it
    # (macros/checks/responsibility.py).
    responsible: RoleId | None = Field(default=None, json_schema_extra={"deprecated": True})
    template: Slug | None = None
    evidence: Text | None = None
    applies_to: ScopeValue | None = None  # whom the item governs, when not the standard's own scope
    see: ItemId | None = None  # the item of another standard this one relies on, instead of restating it
    frequency: Text | None = None  # for a recurring routine: how often (« chaque trimestre »)

    def level_for(self, category: str) -> Level:
        """The item's level for one category of project."""
        return self.levels.get(category, self.level)

    def applies(self, held: set[str]) -> bool:
        """Whether the item applies to a project with these characteristics (an unconditional item always does)."""
        return not self.only_if or not held.isdisjoint(self.only_if)


class RaciRow(Model):
    """Who is Responsible, Accountable, Consulted and Informed for one activity."""

    activity: Text
    R: list[RoleId] = Field(min_length=1)
    A: RoleId
    C: list[RoleId] = []
    I: list[RoleId] = []  # noqa: E741 - the RACI letter
    covers: list[ItemId] = []  # the checklist items of this standard the activity covers: its R does them, its A approves
    gates: list[Slug] = []  # the gate decisions of the lifecycle the activity covers: whoever decides a gate is R or A here

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
    # Tied to the standard's risk matrix: probability and impact list its levels, criticality is computed from them.
    scale: RiskScaleValue | None = None

    @model_validator(mode="after")
    def _values_match_type(self) -> Column:
        if self.scale is not None:
            if self.type != ColumnType.CHOICE or self.values is not None:
                raise ValueError("une colonne liée à la matrice des risques (scale) est de type « choice », sans valeurs : "
                                 "elles viennent de la matrice")
            return self
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
    rows: list[Text] | None = None  # labels of the table's first column, written in advance (« Nom du projet »…)

    @model_validator(mode="after")
    def _rows_need_a_table(self) -> Section:
        if self.rows is not None and not self.table:
            raise ValueError("des lignes (rows) supposent un tableau (table)")
        return self


class Template(Model):
    """A template a standard asks projects to fill in: a document (Word) or a register (Excel)."""

    id: Slug
    title: Text
    kind: TemplateKindValue
    formats: list[FormatValue] = Field(min_length=1)
    description: Text
    sections: list[Section] = []
    columns: list[Column] = []
    # The categories of project the template serves (all when empty); a light template may take the place of others
    # for its categories: a checklist of those categories then points to it.
    categories: list[Slug] = []
    replaces: list[Slug] = []

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


class ScaleLevel(Model):
    """One level of a probability or impact scale."""

    id: Slug
    name: Text
    definition: Text


class ImpactLevel(ScaleLevel):
    """One level of the impact scale, and who would have to decide if such an effect came about."""

    decided_by: RoleId | None = None


class Criticality(Model):
    """One criticality level of the risk matrix, what it calls for, and the role a risk of that level is brought to."""

    id: Slug
    name: Text
    action: Text
    escalates_to: RoleId | None = None


class RiskMatrix(Model):
    """The risk scales and the criticality matrix (probability × impact → criticality), as the PMO sets them."""

    probability: list[ScaleLevel] = Field(min_length=2)  # lowest first
    impact: list[ImpactLevel] = Field(min_length=2)  # lowest first
    criticality: list[Criticality] = Field(min_length=2)  # lowest first
    matrix: dict[Slug, dict[Slug, Slug]]  # probability id -> impact id -> criticality id

    @model_validator(mode="after")
    def _matrix_is_complete(self) -> RiskMatrix:
        probabilities, impacts = [p.id for p in self.probability], [i.id for i in self.impact]
        levels = {c.id for c in self.criticality}
        if sorted(self.matrix) != sorted(probabilities):
            raise ValueError(f"la matrice a une ligne par niveau de probabilité : {', '.join(probabilities)}")
        for probability, row in self.matrix.items():
            if sorted(row) != sorted(impacts):
                raise ValueError(f"la ligne « {probability} » de la matrice a une case par niveau d'impact : {', '.join(impacts)}")
            unknown = sorted(set(row.values()) - levels)
            if unknown:
                raise ValueError(f"criticité inconnue « {unknown[0]} » dans la ligne « {probability} » ; criticités : {', '.join(sorted(levels))}")
        return self


class Standard(Model):
    """One version of one standard, as written in standards/<slug>/<version>.yaml."""

    id: StandardId
    slug: Slug
    title: Text
    version: Version
    status: StatusValue
    effective_from: dt.date
    transition_until: dt.date | None = None
    # A new major version needs a transition, or the reason why projects must apply it at once.
    without_transition: Text | None = None
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
    applies_to: ScopeValue = Scope.PROJECT  # whom the standard governs: a project, the portfolio, or the PMO itself
    risk_matrix: RiskMatrix | None = None

    @model_validator(mode="after")
    def _scales_need_the_matrix(self) -> Standard:
        if self.risk_matrix is None and any(c.scale for t in self.templates for c in t.columns):
            raise ValueError("une colonne liée à la matrice des risques (scale) suppose que ce standard définisse risk_matrix")
        return self

    def column_values(self, column: Column) -> list[str]:
        """The values a register column offers: its own, or the levels of the risk matrix it is tied to."""
        if column.scale is None or self.risk_matrix is None:
            return [tr(v) for v in column.values or []]
        m = self.risk_matrix
        if column.scale == RiskScale.CRITICALITY:
            return [tr(c.name) for c in m.criticality]
        return [tr(level.name) for level in (m.probability if column.scale == RiskScale.PROBABILITY else m.impact)]

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
