"""A filled-in example of a template, from the case study: what a finished document or register looks like."""
from __future__ import annotations

import datetime as dt

from pydantic import Field

from macros.model.base import Model, Slug, Text

Cell = str | int | float | dt.date


class ExampleSection(Model):
    """What one section of a document holds in the example: its text, and the rows of its table."""

    title: Text
    text: Text | None = None
    rows: list[list[Cell]] = []


class Revision(Model):
    """One line of the document's revision history."""

    version: str = Field(min_length=1)
    date: dt.date
    author: Text
    changes: Text


class Signature(Model):
    """Who signed one step of the document's approval, and when."""

    name: Text
    date: dt.date
    visa: Text = "Signé"


class Approval(Model):
    """The approval block of a document: who wrote, reviewed and approved it (only the steps that happened)."""

    written_by: Signature | None = None
    reviewed_by: Signature | None = None
    approved_by: Signature | None = None


class Example(Model):
    """standards/<slug>/exemples/<template id>.yaml: the example of one template of that standard."""

    template: Slug
    title: Text
    project: dict[str, Cell] = {}
    # For a document: its revision history, oldest first (the cover shows the last one's version and date), and its approval.
    revisions: list[Revision] = []
    approval: Approval | None = None
    sections: list[ExampleSection] = []  # for a document: in the template's order, by title
    rows: list[dict[str, Cell]] = []  # for a register: column name -> value
