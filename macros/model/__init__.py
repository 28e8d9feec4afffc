"""Pydantic models of the référentiel's data."""
from macros.model.base import Model, Text, tr, version_key
from macros.model.edition import ChangeNote, Edition, Editions
from macros.model.example import Example, ExampleSection
from macros.model.lifecycle import Gate, GateCriterion, Lifecycle, Phase
from macros.model.role import Role, RoleMeta
from macros.model.standard import (
    ChecklistItem,
    Column,
    Criticality,
    Entry,
    ImpactLevel,
    Kpi,
    RaciRow,
    Reference,
    RiskMatrix,
    ScaleLevel,
    Section,
    Standard,
    Template,
)
from macros.model.tailoring import Category, Characteristic, Criterion, Tailoring
from macros.model.terminology import Term, Terminology

__all__ = [
    "Category",
    "ChangeNote",
    "Characteristic",
    "ChecklistItem",
    "Column",
    "Criterion",
    "Criticality",
    "Edition",
    "Editions",
    "Entry",
    "Example",
    "ExampleSection",
    "Gate",
    "GateCriterion",
    "ImpactLevel",
    "Kpi",
    "Lifecycle",
    "Model",
    "Phase",
    "RaciRow",
    "Reference",
    "RiskMatrix",
    "Role",
    "RoleMeta",
    "ScaleLevel",
    "Section",
    "Standard",
    "Tailoring",
    "Template",
    "Term",
    "Terminology",
    "Text",
    "tr",
    "version_key",
]
