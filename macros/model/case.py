"""A case study as data (standards/cas-<id>.yaml): each fact once, with its label and type, cited by id from the texts."""
from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Annotated, Any

from pydantic import Field, Strict, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from macros.core.vocabulary import FACT_DIMENSIONS, FACT_TYPE_LABELS, FactType, allowed_values
from macros.model.base import Model, RoleId, Slug, Text, schema_doc

FactValue = str | int | dt.date
FactTypeValue = Annotated[FactType, Strict(False)]
# A figure written as text keeps its decimals exact: « 4,5 » or « 4.5 » (YAML would read 4.5 as an inexact float).
_DECIMAL = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def decimal_value(value: FactValue) -> Fraction | None:
    """A figure's exact value: an integer, or a decimal written as text; None for anything else."""
    if isinstance(value, (bool, dt.date)):
        return None
    if isinstance(value, int):
        return Fraction(value)
    text = value.strip().replace("\u202f", "").replace(" ", "")
    return Fraction(text.replace(",", ".")) if _DECIMAL.match(text) else None


class Fact(Model):
    """One fact: a written value, or a value computed from other facts (`compute`), never both."""

    model_config = schema_doc("Un fait du cas d'étude : une valeur écrite (value) ou calculée à partir d'autres faits (compute), "
                              "jamais les deux ; les textes le citent par son identifiant, « ((atlas:budget-initial)) ».")

    # What the fact is, in French: shown where the case lists its facts, and in messages.
    label: Text = Field(description="Ce qu'est le fait, en français ; repris dans les messages.", examples=["Budget initial"])
    type: FactTypeValue = Field(description=f"La nature du fait, qui règle son écriture et son affichage. {allowed_values(FactType)}",
                                examples=["money"])
    value: FactValue | None = Field(default=None, description="La valeur : un texte, un nombre (un décimal entre guillemets, "
                                    "« 4,5 »), ou une date AAAA-MM-JJ.", examples=[480000])
    compute: str | None = Field(default=None, min_length=1, description="Le calcul qui donne la valeur, à partir d'autres faits : "
                                "nombres, identifiants, + - * /, parenthèses, jours(a, b), jours_ouvres(a, b), "
                                "ajouter_jours_ouvres(d, n), abs(x).", examples=["cout-final - budget-reference"])
    # A number's unit, singular; the plural is derived.
    unit: str | None = Field(default=None, min_length=1, description="L'unité d'un nombre, au singulier ; le pluriel s'en déduit.",
                             examples=["semaine"])
    unit_plural: str | None = Field(default=None, min_length=1, description="Le pluriel de l'unité, quand la règle générale se "
                                    "trompe.", examples=["mois"])
    feminine: bool = Field(default=False, description="L'unité est féminine (« une réserve », « vingt-et-une semaines »).",
                           examples=[True])
    decimals: int | None = Field(default=None, ge=0, le=4, description="Le nombre de décimales affichées (montant : 0, pourcentage : 1, "
                                 "nombre : 0 par défaut).", examples=[1])
    role: RoleId | None = Field(default=None, description="Pour une personne : son rôle dans le référentiel, affiché par son nom.",
                                examples=["metier"])
    function: Text | None = Field(default=None, description="Pour une personne : sa fonction dans l'organisation.",
                                  examples=["acheteuse senior"])
    why: Text | None = Field(default=None, description="Pourquoi cette valeur : la raison du PMO, par exemple quand elle tranche une "
                             "contradiction.", examples=["La recette est prononcée le 8 octobre : la mise en service suit."])

    @field_validator("type", mode="before")
    @classmethod
    def _known_type(cls, value: Any) -> Any:
        if isinstance(value, str) and value not in {t.value for t in FactType}:
            raise PydanticCustomError("fact_type", "type inconnu « {value} » ; types : {types}",
                                      {"value": value, "types": ", ".join(f"{t.value} ({FACT_TYPE_LABELS[t]})" for t in FactType)})
        return value

    @field_validator("value")
    @classmethod
    def _value_of_type(cls, value: FactValue | None, info: ValidationInfo) -> FactValue | None:
        kind = info.data.get("type")
        if value is None or kind is None:
            return value
        if isinstance(value, bool):
            raise PydanticCustomError("fact_value", "true ou false n'est pas une valeur de fait ; écrivez un texte entre guillemets")
        if kind == FactType.DATE and not isinstance(value, dt.date):
            raise PydanticCustomError("fact_value", "une date AAAA-MM-JJ est attendue pour un fait de type date")
        if kind in FACT_DIMENSIONS and kind != FactType.DATE and decimal_value(value) is None:
            raise PydanticCustomError("fact_value", "un nombre est attendu (entier, ou décimal entre guillemets : \"4,5\")")
        if kind in (FactType.TEXT, FactType.PERSON, FactType.ROLE) and not (isinstance(value, str) and value.strip()):
            raise PydanticCustomError("fact_value", "un texte non vide est attendu")
        return value

    @model_validator(mode="after")
    def _one_source(self) -> Fact:
        if (self.value is None) == (self.compute is None):
            raise PydanticCustomError("fact_source", "indiquez soit value (la valeur), soit compute (le calcul qui la donne), "
                                      "l'un des deux seulement")
        if self.compute is not None and self.type not in FACT_DIMENSIONS:
            raise PydanticCustomError("fact_compute", "seul un fait de type date, money, number ou percentage se calcule")
        if (self.unit or self.unit_plural or self.feminine) and self.type != FactType.NUMBER:
            raise PydanticCustomError("fact_unit", "une unité (unit) ne s'emploie qu'avec un fait de type number")
        if (self.role or self.function) and self.type != FactType.PERSON:
            raise PydanticCustomError("fact_person", "role et function décrivent une personne (type person)")
        return self


class Case(Model):
    """standards/cas-<id>.yaml: the case the guidance, examples, tutorials and quizzes illustrate the standards with."""

    model_config = schema_doc("Un cas d'étude (standards/cas-<id>.yaml) : chaque fait une fois, cité par son identifiant dans les "
                              "textes d'accompagnement, les exemples, les tutoriels et les quiz.")

    name: Text = Field(description="Le nom du cas.", examples=["Projet Atlas"])
    description: Text | None = Field(default=None, description="Le cas en une ou deux phrases.",
                                     examples=["Remplacement de l'outil de gestion des commandes du Groupe Hélio."])
    facts: dict[Slug, Fact] = Field(min_length=1, description="Les faits du cas : identifiant → fait.",
                                    examples=[{"budget-initial": {"label": "Budget initial", "type": "money", "value": 480000}}])
