"""Edits of the PMO's YAML files in place, placed by the positions the loader records: comments and layout kept."""
from __future__ import annotations

import json

from macros.loading.yaml_reader import Document, Loc, parse_yaml


class EditError(Exception):
    """An edit cannot be placed in this file; the message says why, in French."""


def scalar(value: str) -> str:
    """A YAML double-quoted scalar: JSON strings are valid YAML, and quoting keeps « 1.10 » or « no » a text."""
    return json.dumps(value, ensure_ascii=False)


def _parse(text: str, file: str) -> Document:
    doc, problems = parse_yaml(text, file, offsets=True)
    if doc is None:
        raise EditError(f"{file} n'est pas un YAML valide : {problems[0].format() if problems else 'erreur inconnue'}")
    return doc


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """The index just after the newline that ends the line holding index (or the end of the text)."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _block(doc: Document, loc: Loc, file: str) -> None:
    if loc in doc.flow:
        raise EditError(f"{file} : « {'.'.join(map(str, loc))} » est écrit en style compact ([…] ou {{…}}) ; "
                        "écrivez-le une entrée par ligne pour que la commande puisse le modifier")


def set_value(text: str, file: str, loc: Loc, value: str) -> str:
    """Replace the scalar at loc by `value` (already written as YAML)."""
    doc = _parse(text, file)
    if loc not in doc.extents:
        raise EditError(f"{file} : champ « {'.'.join(map(str, loc))} » introuvable")
    start, end = doc.extents[loc]
    if isinstance(_get(doc.data, loc), (dict, list)):
        raise EditError(f"{file} : « {'.'.join(map(str, loc))} » n'est pas une valeur simple")
    return text[:start] + value + text[end:]


def remove_key(text: str, file: str, loc: Loc) -> str:
    """Remove `key: value` (every line of it) from a block mapping; nothing when the key is absent."""
    doc = _parse(text, file)
    if loc not in doc.key_offsets:
        return text
    _block(doc, loc[:-1], file)
    start = _line_start(text, doc.key_offsets[loc])
    end = _line_end(text, max(doc.extents[loc][1] - 1, doc.key_offsets[loc]))
    return text[:start] + text[end:]


def set_key(text: str, file: str, mapping: Loc, key: str, value: str, after: str | None = None) -> str:
    """Set `key: value` in a block mapping: the value is replaced if the key exists, else a line is added
    after the key `after` (or after the mapping's last entry), indented like its siblings."""
    doc = _parse(text, file)
    here = (*mapping, key)
    if here in doc.extents:
        return set_value(text, file, here, value)
    data = _get(doc.data, mapping)
    if not isinstance(data, dict) or not data:
        raise EditError(f"{file} : « {'.'.join(map(str, mapping))} » n'est pas un dictionnaire non vide")
    _block(doc, mapping, file)
    siblings = list(data)
    anchor = after if after in data else siblings[-1]
    key_index = doc.key_offsets[(*mapping, anchor)]
    indent = key_index - _line_start(text, key_index)
    end = _line_end(text, max(doc.extents[(*mapping, anchor)][1] - 1, key_index))
    line = " " * indent + f"{key}: {value}\n"
    if end == len(text) and not text.endswith("\n"):
        line = "\n" + line
    return text[:end] + line + text[end:]


def append_item(text: str, file: str, sequence: Loc, fields: list[tuple[str, object]]) -> str:
    """Append a mapping to a block sequence of mappings, indented like its last item.

    `fields` are (key, value) pairs in order; a value is YAML text, or a list of (key, YAML text) pairs for a
    nested mapping.
    """
    doc = _parse(text, file)
    items = _get(doc.data, sequence)
    if not isinstance(items, list) or not items or not isinstance(items[-1], dict):
        raise EditError(f"{file} : « {'.'.join(map(str, sequence))} » n'est pas une liste de dictionnaires")
    _block(doc, sequence, file)
    last = (*sequence, len(items) - 1)
    first_key = next(iter(items[-1]))
    key_index = doc.key_offsets[(*last, first_key)]
    key_indent = key_index - _line_start(text, key_index)
    dash = text.rfind("-", _line_start(text, key_index), key_index)
    dash_indent = dash - _line_start(text, key_index) if dash >= 0 else max(key_indent - 2, 0)
    nested_indent = key_indent + 2
    for key, value in items[-1].items():
        if isinstance(value, dict) and value and (*last, key) not in doc.flow:
            child = doc.key_offsets[(*last, key, next(iter(value)))]
            nested_indent = child - _line_start(text, child)
            break
    lines = []
    for n, (key, value) in enumerate(fields):
        prefix = " " * dash_indent + "-" + " " * (key_indent - dash_indent - 1) if n == 0 else " " * key_indent
        if isinstance(value, list):
            lines.append(f"{prefix}{key}:")
            lines += [" " * nested_indent + f"{k}: {v}" for k, v in value]
        else:
            lines.append(f"{prefix}{key}: {value}")
    end = _line_end(text, max(doc.extents[last][1] - 1, 0))
    block = "\n".join(lines) + "\n"
    if end == len(text) and not text.endswith("\n"):
        block = "\n" + block
    return text[:end] + block + text[end:]


def _get(data: object, loc: Loc) -> object:
    for part in loc:
        if isinstance(data, dict):
            if part not in data:
                return None
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data
