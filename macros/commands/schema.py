"""JSON Schemas exported from the models, so editors validate the YAML while the PMO types."""
from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from macros.core.fsutil import write_all
from macros.model import Editions, Example, Lifecycle, RoleMeta, Standard, Tailoring, Terminology
from macros.model.quiz import Parcours, Quiz

SCHEMAS: dict[str, type[BaseModel]] = {
    "standard": Standard,
    "lifecycle": Lifecycle,
    "tailoring": Tailoring,
    "terminology": Terminology,
    "example": Example,
    "editions": Editions,
    "role": RoleMeta,
    "quiz": Quiz,
    "parcours": Parcours,
}


def schema_text(model: type[BaseModel]) -> str:
    """The JSON Schema of a model, as stable text."""
    return json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write one <name>.schema.json per model; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {folder / f"{name}.schema.json": schema_text(model).encode("utf-8") for name, model in SCHEMAS.items()}
    # A link committed in place of a schema is refused, never written through (macros.core.fsutil).
    write_all(texts)
    return list(texts)
