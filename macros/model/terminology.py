"""One term per concept: the preferred term, the synonyms not to use, a definition; the glossary is generated from it."""
from __future__ import annotations

from pydantic import Field

from macros.model.base import Model, Text


class Term(Model):
    """A concept of the référentiel and the one word used for it."""

    term: str = Field(min_length=1)
    rejected: list[str] = []  # synonyms `pmo validate` reports wherever they appear
    definition: Text
    abbreviation: str | None = None


class Terminology(Model):
    """standards/terminology.yaml."""

    terms: list[Term] = Field(min_length=1)
