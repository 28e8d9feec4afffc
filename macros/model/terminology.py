"""One term per concept: the preferred term, the synonyms not to use, a definition; the glossary is generated from it."""
from __future__ import annotations

from pydantic import Field

from macros.model.base import Model, Text, Word, schema_doc


class Term(Model):
    """A concept of the référentiel and the one word used for it."""

    model_config = schema_doc("Une notion du référentiel et le seul terme qui la désigne.")

    term: Word = Field( description="Le terme retenu.", examples=["estimation à terminaison"])
    # Synonyms `pmo validate` reports wherever they appear.
    rejected: list[Word] = Field(default_factory=list, description="Les synonymes à ne pas employer : « pmo validate » les signale partout où ils "
                                "apparaissent.", examples=[["reste à faire prévisionnel"]])
    definition: Text = Field(description="La définition, reprise dans le glossaire.",
                             examples=["Coût total prévu du projet à son achèvement : le consommé plus le reste à faire."])
    abbreviation: Word | None = Field(default=None, description="L'abréviation, expliquée en info-bulle sur chaque page.", examples=["EAT"])


class Terminology(Model):
    """standards/terminology.yaml."""

    model_config = schema_doc("La terminologie (standards/terminology.yaml) : un terme par notion ; le glossaire en est généré.")

    terms: list[Term] = Field(min_length=1, description="Les termes, un par notion.")
