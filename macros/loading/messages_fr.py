"""French texts of the loader: YAML syntax messages and pydantic errors, said as the PMO would read them."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from macros.core.constants import PATTERN_HINTS
from macros.core.text import did_you_mean

DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")

# PyYAML's syntax messages, in French.
SYNTAX_MESSAGES = {
    "mapping values are not allowed here": "deux-points inattendu : mettez entre guillemets une valeur qui contient « : », "
                                           "ou vérifiez l'indentation de la ligne",
    "could not find expected ':'": "« : » attendu après la clé",
    "found character '\\t' that cannot start any token": "tabulation interdite pour l'indentation (utilisez des espaces)",
    "found undefined alias": "alias non défini",
    "did not find expected key": "clé attendue (indentation incorrecte ?)",
    "did not find expected '-' indicator": "élément de liste « - » attendu (indentation incorrecte ?)",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet ou crochet non fermé ?)",
    "found unknown escape character": "séquence d'échappement inconnue entre guillemets doubles",
    "expected <block end>, but found '-'": "élément de liste mal indenté",
    "found unexpected ':'": "deux-points inattendu",
    "expected ',' or ']', but got '<stream end>'": "crochet « ] » non fermé",
    "expected ',' or '}', but got '<stream end>'": "accolade « } » non fermée",
}



# Pydantic error types whose French message needs nothing but the value given.
_SIMPLE: dict[str, Callable[[Any], str]] = {
    "missing": lambda given: "champ obligatoire manquant",
    "extra_forbidden": lambda given: "champ inconnu (vérifiez l'orthographe)",
    "string_type": lambda given: f"un texte est attendu, pas {_describe(given)}",
    "bool_type": lambda given: "true ou false est attendu",
    "list_type": lambda given: f"une liste est attendue, pas {_describe(given)}",
    "dict_type": lambda given: f"un dictionnaire (clé: valeur) est attendu, pas {_describe(given)}",
    "url_parsing": lambda given: "adresse web invalide",
}
_SAME_AS = {"str_type": "string_type", "bool_parsing": "bool_type", "model_type": "dict_type",
            "model_attributes_type": "dict_type", "url_scheme": "url_parsing"}
_BOUNDS = {"greater_than_equal": ("ge", "supérieur ou égal à"), "less_than_equal": ("le", "inférieur ou égal à"),
           "greater_than": ("gt", "supérieur à"), "less_than": ("lt", "inférieur à")}



def french_error(error: Mapping[str, Any]) -> str:
    """One pydantic error as the PMO reads it: what was expected and what was found."""
    kind = _SAME_AS.get(error["type"], error["type"])
    ctx = error.get("ctx") or {}
    given = error.get("input")
    if kind in _SIMPLE:
        return _SIMPLE[kind](given)
    if kind in ("int_type", "int_parsing"):
        hint = " : retirez les guillemets" if isinstance(given, str) and given.strip().isdigit() else ""
        return f"un nombre entier est attendu, pas {_describe(given)}{hint}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        hint = " : retirez les guillemets" if isinstance(given, str) and DATE.match(given) else ""
        return f"une date AAAA-MM-JJ est attendue, pas {_describe(given)}{hint}"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        hint = did_you_mean(given, re.findall(r"'([^']*)'", expected)) if isinstance(given, str) else ""
        return f"valeur « {given} » non permise{hint} ; valeurs permises : {expected}".replace(" or ", ", ")
    if kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(ctx.get("pattern", ""), ctx.get("pattern", ""))
        return f"format invalide « {given} » (attendu : {hint})"
    if kind == "string_too_short":
        return "ne doit pas être vide"
    if kind == "too_short":
        n = int(ctx.get("min_length", 1))
        return f"au moins {n} élément{'s' if n > 1 else ''} attendu{'s' if n > 1 else ''}"
    if kind == "too_long":
        n = int(ctx.get("max_length", 1))
        return f"au plus {n} élément{'s' if n > 1 else ''}"
    if kind in _BOUNDS:
        key, word = _BOUNDS[kind]
        return f"doit être {word} {ctx.get(key)}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return str(error["msg"])  # our own PydanticCustomError messages are already French


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int):
        return f"le nombre {value}"
    if isinstance(value, dt.date):
        return "une date"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un dictionnaire"
    if value is None:
        return "une valeur vide"
    return f"« {value} »"
