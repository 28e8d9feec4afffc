"""The project lifecycle shared by every standard: phases, the gates that close them, and their exit criteria."""
from __future__ import annotations

from pydantic import Field, model_validator

from macros.model.base import ItemId, Model, RoleId, Slug, Text


class Phase(Model):
    """A phase of the project lifecycle."""

    id: Slug
    name: Text
    description: Text


class GateCriterion(Model):
    """One go/no-go criterion of a gate: a checklist item, or a criterion of the gate's own with its evidence."""

    item: ItemId | None = None
    id: Slug | None = None
    text: Text | None = None
    evidence: Text | None = None
    # The categories of project the criterion holds for (all when empty); a criterion that names an item holds only
    # where that item is mandatory, so tailoring an item tailors its criterion.
    categories: list[Slug] = []

    @model_validator(mode="after")
    def _item_or_own(self) -> GateCriterion:
        own = self.text is not None and self.id is not None and self.evidence is not None
        if (self.item is not None) == own or (self.item is not None and (self.text or self.id or self.evidence)):
            raise ValueError("un critère désigne un élément de contrôle (item), ou donne son identifiant (id), son texte (text) "
                             "et la preuve attendue (evidence)")
        return self


class Gate(Model):
    """A go/no-go decision that closes one phase."""

    id: Slug
    name: Text
    after: Slug
    description: Text
    # Who pronounces go or no-go: one role, or one per category of project (every category named).
    decided_by: RoleId | dict[Slug, RoleId] | None = None
    criteria: list[GateCriterion] = []

    def decider(self, category: str) -> str | None:
        """The role that decides this gate for a project of that category."""
        if isinstance(self.decided_by, dict):
            return self.decided_by.get(category)
        return self.decided_by


class Lifecycle(Model):
    """Phases in order and their gates, as written in standards/lifecycle.yaml."""

    phases: list[Phase] = Field(min_length=4)
    gates: list[Gate] = Field(min_length=3)
