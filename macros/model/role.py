"""A role definition: front matter of standards/roles/<id>/<version>.md, body in Markdown."""
from __future__ import annotations

from pydantic import Field

from macros.core.constants import SEMVER, SLUG
from macros.model.base import Model, RoleId, Text, Version, format_hint, schema_doc


class RoleMeta(Model):
    """The structured fields of a role; mission, responsibilities and skills live in the Markdown body."""

    model_config = schema_doc("L'en-tête d'une définition de rôle (standards/roles/<id>/<version>.md) ; son corps en Markdown "
                              "commence par les sections « ## Mission », « ## Responsabilités », « ## Compétences », dans cet ordre.")

    id: RoleId = Field(description=f"Identifiant du rôle, égal au nom de son dossier. {format_hint(SLUG)}", examples=["chef-de-projet"])
    name: Text = Field(description="Le nom du rôle, tel que les pages et les matrices RACI l'affichent.", examples=["Chef de projet"])
    short_name: str | None = Field(default=None, max_length=20, description="Son abréviation, 20 caractères au plus, pour les en-têtes "
                                   "des matrices RACI.", examples=["CP"])
    version: Version = Field(description=f"Le numéro de cette version, entre guillemets, égal au nom du fichier. {format_hint(SEMVER)}",
                             examples=["1.1.0"])
    reports_to: RoleId | None = Field(default=None, description="Le rôle auquel celui-ci rend compte.", examples=["sponsor"])
    summary: Text = Field(description="Le rôle en une phrase.", examples=["Personne chargée par le sponsor de conduire le projet au quotidien."])


class Role(Model):
    """A role definition with its Markdown body."""

    meta: RoleMeta
    body: str
    source: str
    body_line: int = 1  # line of the body's first line in the file, for messages
