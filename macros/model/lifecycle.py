"""The project lifecycle shared by every standard: phases, and the gates that close them."""
from __future__ import annotations

from pydantic import Field

from macros.model.base import Model, Slug, Text


class Phase(Model):
    """A phase of the project lifecycle."""

    id: Slug
    name: Text
    description: Text


class Gate(Model):
    """A go/no-go decision that closes one phase."""

    id: Slug
    name: Text
    after: Slug
    description: Text


class Lifecycle(Model):
    """Phases in order and their gates, as written in standards/lifecycle.yaml."""

    phases: list[Phase] = Field(min_length=4)
    gates: list[Gate] = Field(min_length=3)
