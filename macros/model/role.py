"""A role definition: front matter of standards/roles/<id>/<version>.md, body in Markdown."""
from __future__ import annotations

from pydantic import Field

from macros.model.base import Model, RoleId, Text, Version


class RoleMeta(Model):
    """The structured fields of a role; mission, responsibilities and skills live in the Markdown body."""

    id: RoleId
    name: Text
    short_name: str | None = Field(default=None, max_length=20)
    version: Version
    reports_to: RoleId | None = None
    summary: Text


class Role(Model):
    """A role definition with its Markdown body."""

    meta: RoleMeta
    body: str
    source: str
    body_line: int = 1  # line of the body's first line in the file, for messages
