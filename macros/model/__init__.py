"""Pydantic models of the référentiel's data."""
from macros.model.base import Model, Text, tr, version_key
from macros.model.edition import ChangeNote, Edition, Editions
from macros.model.lifecycle import Gate, Lifecycle, Phase
from macros.model.role import Role, RoleMeta
from macros.model.standard import ChecklistItem, Column, Entry, Kpi, RaciRow, Reference, Section, Standard, Template

__all__ = [
    "ChangeNote",
    "ChecklistItem",
    "Column",
    "Edition",
    "Editions",
    "Entry",
    "Gate",
    "Kpi",
    "Lifecycle",
    "Model",
    "Phase",
    "RaciRow",
    "Reference",
    "Role",
    "RoleMeta",
    "Section",
    "Standard",
    "Template",
    "Text",
    "tr",
    "version_key",
]
