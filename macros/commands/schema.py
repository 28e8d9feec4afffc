"""JSON Schemas exported from the models, so editors validate the YAML while the PMO types."""
from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from macros.core import vocabulary
from macros.core.fsutil import write_all
from macros.core.vocabulary import allowed_values
from macros.model import Editions, Example, Lifecycle, RoleMeta, Standard, Tailoring, Terminology
from macros.model.case import Case
from macros.model.quiz import Parcours, Quiz

SCHEMAS: dict[str, type[BaseModel]] = {
    "standard": Standard,
    "lifecycle": Lifecycle,
    "tailoring": Tailoring,
    "terminology": Terminology,
    "example": Example,
    "case": Case,
    "editions": Editions,
    "role": RoleMeta,
    "quiz": Quiz,
    "parcours": Parcours,
}


class FrenchSchema(GenerateJsonSchema):
    """The models' JSON schemas with every description in French: each vocabulary lists its values and what each
    means (pydantic would give the enum's docstring, which is for the code)."""

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        out = super().generate(schema, mode)
        for definition in out.get("$defs", {}).values():
            enum = _VOCABULARIES.get(definition.get("title", ""))
            if "enum" in definition and enum is not None:
                definition["description"] = allowed_values(enum)
        return out

    def get_default_value(self, schema: core_schema.WithDefaultSchema) -> Any:
        # An empty list or mapping is a factory in the models (pydantic copies a mutable default for every object it
        # builds, a cost paid per item of 1,000 standards); the schema still says what a missing field means.
        factory = schema.get("default_factory")
        if factory in (list, dict) and not schema.get("default_factory_takes_data"):
            return [] if factory is list else {}
        return super().get_default_value(schema)


_VOCABULARIES = {v.__name__: v for v in vars(vocabulary).values()
                 if isinstance(v, type) and issubclass(v, StrEnum) and v.__module__ == vocabulary.__name__}


def schema_text(model: type[BaseModel]) -> str:
    """The JSON Schema of a model, as stable text."""
    return json.dumps(model.model_json_schema(schema_generator=FrenchSchema), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write one <name>.schema.json per model; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {folder / f"{name}.schema.json": schema_text(model).encode("utf-8") for name, model in SCHEMAS.items()}
    # A link committed in place of a schema is refused, never written through (macros.core.fsutil).
    write_all(texts)
    return list(texts)
