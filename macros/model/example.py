"""A filled-in example of a template, from the case study: what a finished document or register looks like."""
from __future__ import annotations

import datetime as dt

from macros.model.base import Model, Slug, Text

Cell = str | int | float | dt.date


class ExampleSection(Model):
    """What one section of a document holds in the example: its text, and the rows of its table."""

    title: Text
    text: Text | None = None
    rows: list[list[Cell]] = []


class Example(Model):
    """standards/<slug>/exemples/<template id>.yaml: the example of one template of that standard."""

    template: Slug
    title: Text
    project: dict[str, Cell] = {}
    sections: list[ExampleSection] = []  # for a document: in the template's order, by title
    rows: list[dict[str, Cell]] = []  # for a register: column name -> value
