"""The JSON schemas editors show while the PMO types: every field explained in French (its meaning, its allowed values,
an example), written once on the models and exported by `pmo schema`.

The checks walk whatever the models hold, so a field another change adds is checked as well."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter

from macros.commands.schema import SCHEMAS, schema_text

# Words that only English uses: a description holding one of them was not written in French.
ENGLISH = {"the", "of", "to", "is", "are", "and", "with", "for", "when", "which", "this", "that", "its", "from", "each", "every",
           "by", "what", "who", "how", "into", "must", "should", "where", "one", "it", "be", "not", "only", "if", "than"}
MIN_DESCRIBED = 0.95


def schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_text(SCHEMAS[name]))
    return data


def fields(node: object, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of a schema, wherever it is (the model's own, those of its $defs), with a readable path."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{path}.{name}", prop
        for key, value in node.items():
            yield from fields(value, f"{path}/{key}" if key != "properties" else path)
    elif isinstance(node, list):
        for value in node:
            yield from fields(value, path)


def descriptions(node: object) -> Iterator[str]:
    """Every description a schema holds: of its fields, of its models, of its vocabularies."""
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            yield node["description"]
        for value in node.values():
            yield from descriptions(value)
    elif isinstance(node, list):
        for value in node:
            yield from descriptions(value)


def english(text: str) -> bool:
    """Whether a text holds an English word; field names (applies_to, effective_from) are not words."""
    words = {w for w in re.findall(r"[a-z_]+", text.lower()) if "_" not in w}
    return bool(words & ENGLISH)


ALL_FIELDS = [(name, path, prop) for name in SCHEMAS for path, prop in fields(schema(name))]


def test_the_english_detector_catches_what_the_schemas_said() -> None:
    # The descriptions the schemas gave before: the models' docstrings.
    assert english("A check to do in one phase of the lifecycle; its id is stable across versions.")
    assert english("Status of one version of a standard.")
    assert not english("Le point de contrôle changé ; une date AAAA-MM-JJ, par exemple 2026-01-15.")
    assert not english("Qui le point gouverne, quand ce n'est pas applies_to du standard.")


def test_almost_every_field_is_described() -> None:
    assert len(ALL_FIELDS) > 200
    missing = [f"{name}{path}" for name, path, prop in ALL_FIELDS if not prop.get("description")]
    assert 1 - len(missing) / len(ALL_FIELDS) >= MIN_DESCRIBED, missing


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_no_description_is_in_english(name: str) -> None:
    texts = list(descriptions(schema(name)))
    assert texts
    # A model's docstring (English, for the code) shows when the model has no `model_config = schema_doc("…")`.
    assert [t for t in texts if english(t)] == [], "décrivez en français : schema_doc(…) pour un modèle, Field(description=…) pour un champ"


def _vocabulary(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any] | None:
    """The vocabulary a field takes its values from ($defs entry with an enum, or an enum written in the field itself):
    directly, in a list, a mapping or an option."""
    for node in (prop, prop.get("items", {}), prop.get("additionalProperties", {}), *prop.get("anyOf", [])):
        if isinstance(node, dict):
            if "enum" in node:
                return {"enum": node["enum"], "description": "Valeurs permises : (dans le champ)"}
            ref = node.get("$ref") or (node.get("items") or {}).get("$ref")
            if ref and "enum" in defs.get(ref.rsplit("/", 1)[-1], {}):
                return dict(defs[ref.rsplit("/", 1)[-1]])
    return None


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_a_field_from_a_vocabulary_lists_its_allowed_values(name: str) -> None:
    data = schema(name)
    defs = data.get("$defs", {})
    checked = 0
    for path, prop in fields(data):
        vocabulary = _vocabulary(prop, defs)
        if vocabulary is None:
            continue
        checked += 1
        for value in vocabulary["enum"]:
            assert f"« {value} »" in prop.get("description", ""), f"{name}{path} : « {value} » manque à la description"
        assert vocabulary["description"].startswith("Valeurs permises : "), vocabulary
    assert checked or name in ("example", "lifecycle", "parcours", "role", "tailoring", "terminology")


def test_every_example_is_a_value_the_field_accepts() -> None:
    """An example in a schema is a value the data may hold: each one is validated as the loader would (YAML gives
    dates as dates, hence lax mode for them)."""
    models: set[type[BaseModel]] = set()
    for model in SCHEMAS.values():
        models |= _all_models(model)
    checked = 0
    for model in sorted(models, key=lambda m: m.__name__):
        for info in model.model_fields.values():
            for example in info.examples or []:
                TypeAdapter(info.annotation).validate_python(example, strict=False)
                checked += 1
    assert checked > 100


def _all_models(model: type[BaseModel]) -> set[type[BaseModel]]:
    """A model and every model its fields hold."""
    found = {model}
    for info in model.model_fields.values():
        for arg in _type_args(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and arg not in found:
                found |= _all_models(arg)
    return found


def _type_args(annotation: object) -> Iterator[object]:
    yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _type_args(arg)


def test_the_schemas_give_most_fields_an_example() -> None:
    """An example for every field that holds a value (a text, a date, an id, a list of them), not for a list of objects
    nor for each language of a text (the text field has its own)."""
    leaves = [(name, path, prop) for name, path, prop in ALL_FIELDS if "/anyOf." not in path
              if not any("$ref" in n and "enum" not in json.dumps(n) and n.get("$ref", "").split("/")[-1] not in _ENUM_NAMES
                         for n in (prop, prop.get("items", {}), *prop.get("anyOf", [])) if isinstance(n, dict))]
    missing = [f"{name}{path}" for name, path, prop in leaves if not prop.get("examples")]
    assert missing == []


_ENUM_NAMES = {key for name in SCHEMAS for key, value in schema(name).get("$defs", {}).items() if "enum" in value}
