"""Shared pieces of the models: strict base class, translatable text, identifiers."""
from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

from macros.core.constants import DEFAULT_LANGUAGE, EDITION_ID, ITEM_ID, LANGUAGE_NAMES, LANGUAGES, PATTERN_HINTS, SEMVER, SLUG, STANDARD_ID
from macros.core.vocabulary import ColumnType, DistributionPurpose, EditionStatus, Format, Impact, Level, Operation, QuestionType, RiskScale, Scope, Status, TemplateKind


class Model(BaseModel):
    """Strict, frozen, no unknown field: a typo in the data is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def format_hint(pattern: re.Pattern[str]) -> str:
    """« Format : minuscules, chiffres et tirets, par exemple gestion-des-risques. », for a schema description."""
    return f"Format : {PATTERN_HINTS[pattern.pattern]}."


def schema_doc(description: str) -> ConfigDict:
    """A model's description in the JSON schemas editors show, in French (its docstring is for the code)."""
    return ConfigDict(json_schema_extra={"description": description})



def _check_text(value: Any) -> str | dict[str, str]:
    # A text is French today; a mapping {fr: ..., en: ...} lets a translation be added without restructuring.
    if isinstance(value, str):
        if not value.strip():
            raise PydanticCustomError("empty_text", "le texte ne doit pas être vide")
        return value
    if isinstance(value, dict):
        unknown = sorted(str(k) for k in value if k not in LANGUAGES)
        if unknown:
            raise PydanticCustomError("text_language", "langue inconnue « {lang} » ; langues permises : {langs}",
                                      {"lang": unknown[0], "langs": ", ".join(LANGUAGES)})
        if DEFAULT_LANGUAGE not in value:
            raise PydanticCustomError("text_french", "le texte français (fr) est obligatoire")
        for lang, text in value.items():
            if not isinstance(text, str) or not text.strip():
                raise PydanticCustomError("text_type", "le texte en « {lang} » doit être un texte non vide", {"lang": lang})
        return dict(value)
    raise PydanticCustomError("text_type", "un texte est attendu (ou un dictionnaire langue: texte, par exemple fr: …)")


_TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "object", "properties": {lang: {"type": "string", "minLength": 1, "description": f"Le texte en {LANGUAGE_NAMES[lang]}"
                                                 + (" (obligatoire)." if lang == DEFAULT_LANGUAGE else ".")} for lang in LANGUAGES},
         "required": [DEFAULT_LANGUAGE], "additionalProperties": False},
    ]
}
Text = Annotated[str | dict[str, str], PlainValidator(_check_text), WithJsonSchema(_TEXT_SCHEMA)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty_text", "le texte ne doit pas être vide")
    return value


# A word or short name that is not translated (a glossary term, a rejected synonym, an abbreviation): never blank, since
# a blank rejected synonym would be « found » everywhere.
Word = Annotated[str, AfterValidator(_not_blank), WithJsonSchema({"type": "string", "minLength": 1, "pattern": r"\S"})]


def tr(text: str | dict[str, str] | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The text in one language, falling back to French."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang) or text[DEFAULT_LANGUAGE]


Slug = Annotated[str, Field(pattern=SLUG.pattern)]
RoleId = Slug
StandardId = Annotated[str, Field(pattern=STANDARD_ID.pattern)]
ItemId = Annotated[str, Field(pattern=ITEM_ID.pattern)]
Version = Annotated[str, Field(pattern=SEMVER.pattern)]
EditionId = Annotated[str, Field(pattern=EDITION_ID.pattern)]


def version_key(version: str) -> tuple[int, int, int]:
    """Sort key of a semantic version."""
    major, minor, patch = (int(x) for x in version.split("."))
    return major, minor, patch


# Vocabulary fields: the YAML holds the plain string, the model the enum (Strict(False) lets a string in).
# The statuses a file writes: « upcoming » is what readers see before effective_from, never written.
WRITTEN_STATUSES = [s.value for s in Status if s != Status.UPCOMING]


def _written_status(value: object) -> object:
    """A file writes draft, active, superseded or retired; « upcoming » is what readers see before effective_from."""
    if value == Status.UPCOMING:
        raise PydanticCustomError("status_upcoming", "« upcoming » (à venir) ne s'écrit pas : le site le déduit de la date d'entrée "
                                  "en vigueur (effective_from) ; écrivez « active » ou « draft »")
    if isinstance(value, str) and value not in WRITTEN_STATUSES:
        listed = ", ".join(repr(v) for v in WRITTEN_STATUSES[:-1]) + f" or {WRITTEN_STATUSES[-1]!r}"
        raise PydanticCustomError("enum", "valeur non permise", {"expected": listed})
    return value


# A file writes one of these; « upcoming » is what readers see before effective_from, never written.
StatusValue = Annotated[Status, Strict(False), BeforeValidator(_written_status), WithJsonSchema({"enum": WRITTEN_STATUSES, "type": "string"})]
EditionStatusValue = Annotated[EditionStatus, Strict(False)]
LevelValue = Annotated[Level, Strict(False)]
TemplateKindValue = Annotated[TemplateKind, Strict(False)]
FormatValue = Annotated[Format, Strict(False)]
ColumnTypeValue = Annotated[ColumnType, Strict(False)]
ImpactValue = Annotated[Impact, Strict(False)]
QuestionTypeValue = Annotated[QuestionType, Strict(False)]
ScopeValue = Annotated[Scope, Strict(False)]
RiskScaleValue = Annotated[RiskScale, Strict(False)]
OperationValue = Annotated[Operation, Strict(False)]
DistributionPurposeValue = Annotated[DistributionPurpose, Strict(False)]
