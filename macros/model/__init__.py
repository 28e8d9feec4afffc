"""Pydantic models of the référentiel's data."""
from macros.model.base import Model, Text, tr, version_key
from macros.model.edition import ChangeNote, Edition, EditionApproval, Editions, Recipient
from macros.model.example import Approval, Example, ExampleSection, Revision, Signature
from macros.model.lifecycle import Gate, GateCriterion, Lifecycle, Phase
from macros.model.role import Role, RoleMeta
from macros.model.standard import (
    ChecklistItem,
    Column,
    Computation,
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
    "Approval",
    "Category",
    "ChangeNote",
    "Characteristic",
    "ChecklistItem",
    "Column",
    "Computation",
    "Criterion",
    "Criticality",
    "Edition",
    "EditionApproval",
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
    "Recipient",
    "Reference",
    "Revision",
    "RiskMatrix",
    "Role",
    "RoleMeta",
    "ScaleLevel",
    "Section",
    "Signature",
    "Standard",
    "Tailoring",
    "Template",
    "Term",
    "Terminology",
    "Text",
    "tr",
    "version_key",
]
