"""One term per concept: the preferred term, the synonyms not to use, a definition; the glossary is generated from it."""
from __future__ import annotations

from pydantic import Field

from macros.model.base import Model, Text, Word


class Term(Model):
    """A concept of the référentiel and the one word used for it."""

    term: Word
    rejected: list[Word] = []  # synonyms `pmo validate` reports wherever they appear
    definition: Text
    abbreviation: Word | None = None


class Terminology(Model):
    """standards/terminology.yaml."""

    terms: list[Term] = Field(min_length=1)
