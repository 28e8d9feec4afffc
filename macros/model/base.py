"""Shared pieces of the models: strict base class, translatable text, identifiers."""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

from macros.core.constants import DEFAULT_LANGUAGE, EDITION_ID, ITEM_ID, LANGUAGES, SEMVER, SLUG, STANDARD_ID
from macros.core.vocabulary import ColumnType, EditionStatus, Format, Impact, Level, QuestionType, RiskScale, Scope, Status, TemplateKind


class Model(BaseModel):
    """Strict, frozen, no unknown field: a typo in the data is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


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
        {"type": "object", "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES},
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
StatusValue = Annotated[Status, Strict(False)]
EditionStatusValue = Annotated[EditionStatus, Strict(False)]
LevelValue = Annotated[Level, Strict(False)]
TemplateKindValue = Annotated[TemplateKind, Strict(False)]
FormatValue = Annotated[Format, Strict(False)]
ColumnTypeValue = Annotated[ColumnType, Strict(False)]
ImpactValue = Annotated[Impact, Strict(False)]
QuestionTypeValue = Annotated[QuestionType, Strict(False)]
ScopeValue = Annotated[Scope, Strict(False)]
RiskScaleValue = Annotated[RiskScale, Strict(False)]
