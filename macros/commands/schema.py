"""JSON Schemas exported from the models, so editors validate the YAML while the PMO types."""
from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

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


def schema_text(model: type[BaseModel]) -> str:
    """The JSON Schema of a model, as stable text."""
    return json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write one <name>.schema.json per model; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written
