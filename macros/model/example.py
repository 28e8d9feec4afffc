"""A filled-in example of a template, from the case study: what a finished document or register looks like."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from macros.core.citation_syntax import CITATION
from macros.model.base import Model, Slug, Text, schema_doc

Cell = str | int | float | dt.date


def _check_day(value: Any) -> dt.date | str:
    # A date of the case is written once, in its facts: a revision or a signature may cite it instead of restating it.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and CITATION.fullmatch(value.strip()):
        return value.strip()
    raise PydanticCustomError("example_day", "une date AAAA-MM-JJ est attendue, ou la citation d'une date du cas, par exemple "
                              "((atlas:charte-v1))")


# A date, or the citation of a date fact that resolve_example replaces by the date itself.
Day = Annotated[dt.date | str, PlainValidator(_check_day),
                WithJsonSchema({"anyOf": [{"type": "string", "format": "date"},
                                          {"type": "string", "pattern": r"^\(\([a-z][a-z0-9-]*:[a-z0-9-]+(:[a-z-]+)?\)\)$"}]})]


class ExampleSection(Model):
    """What one section of a document holds in the example: its text, and the rows of its table."""

    model_config = schema_doc("Ce qu'une section du document contient dans l'exemple : son texte et les lignes de son tableau.")

    title: Text = Field(description="Le titre de la section, tel que le modèle le donne.", examples=["Budget estimé"])
    text: Text | None = Field(default=None, description="Le texte de la section dans l'exemple.",
                              examples=["Le coût total est estimé à 480 000 €, à 15 % près."])
    rows: list[list[Cell]] = Field(default_factory=list, description="Les lignes du tableau de la section, chacune aussi large que le tableau du "
                                   "modèle.", examples=[[["Prestations", 320000]]])


class Revision(Model):
    """One line of the document's revision history."""

    model_config = schema_doc("Une ligne de l'historique des révisions du document.")

    version: str = Field(min_length=1, description="La version du document après cette révision.", examples=["1.1"])
    date: Day = Field(description="La date de la révision, AAAA-MM-JJ, ou la citation d'une date du cas.",
                      examples=["2027-01-15", "((atlas:charte-v1))"])
    author: Text = Field(description="Qui a fait la révision.", examples=["Claire Martin, cheffe de projet"])
    changes: Text = Field(description="Ce que la révision a changé.", examples=["Budget estimé mis à jour après le comité."])


class Signature(Model):
    """Who signed one step of the document's approval, and when."""

    model_config = schema_doc("Qui a signé une étape de l'approbation du document, et quand.")

    name: Text = Field(description="Le nom et la fonction du signataire.", examples=["Paul Durand, sponsor"])
    date: Day = Field(description="La date de la signature, AAAA-MM-JJ, ou la citation d'une date du cas.",
                      examples=["2027-01-20", "((atlas:jalon-planification))"])
    visa: Text = Field(default="Signé", description="La mention portée dans la case de signature.", examples=["Signé"])


class Approval(Model):
    """The approval block of a document: who wrote, reviewed and approved it (only the steps that happened)."""

    model_config = schema_doc("Le bloc d'approbation du document : qui l'a rédigé, relu et approuvé (seules les étapes faites).")

    written_by: Signature | None = Field(default=None, description="La rédaction du document.")
    reviewed_by: Signature | None = Field(default=None, description="Sa relecture.")
    approved_by: Signature | None = Field(default=None, description="Son approbation.")


class Example(Model):
    """standards/<slug>/exemples/<template id>.yaml: the example of one template of that standard."""

    model_config = schema_doc("L'exemple rempli d'un modèle (standards/<slug>/exemples/<modèle>.yaml), tiré du cas d'étude.")

    template: Slug = Field(description="Le modèle dont c'est l'exemple, égal au nom du fichier.", examples=["registre-des-risques"])
    title: Text = Field(description="Le titre de l'exemple.", examples=["Registre des risques du projet Atlas"])
    project: dict[str, Cell] = Field(default_factory=dict, description="Les informations du projet en tête du document : libellé → valeur.",
                                     examples=[{"Projet": "Atlas"}])
    # For a document: its revision history, oldest first (the cover shows the last one's version and date), and its approval.
    revisions: list[Revision] = Field(default_factory=list, description="Pour un document : son historique des révisions, de la plus ancienne à "
                                      "la plus récente ; la page de garde reprend la version et la date de la dernière.")
    approval: Approval | None = Field(default=None, description="Pour un document : son bloc d'approbation.")
    # For a document: in the template's order, by title.
    sections: list[ExampleSection] = Field(default_factory=list, description="Pour un document : ses sections remplies, dans l'ordre du modèle.")
    # For a register: column name -> value.
    rows: list[dict[str, Cell]] = Field(default_factory=list, description="Pour un registre : ses lignes, chacune nom de colonne → valeur.",
                                        examples=[[{"Risque": "Retard de l'interface", "Probabilité": "Forte"}]])
