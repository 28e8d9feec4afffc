"""French texts of the loader: YAML syntax messages and pydantic errors, said as the PMO would read them."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from macros.constants import PATTERN_HINTS

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



def french_error(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    if kind == "missing":
        return "champ obligatoire manquant"
    if kind == "extra_forbidden":
        return "champ inconnu (vérifiez l'orthographe)"
    if kind in ("string_type", "str_type"):
        return f"un texte est attendu, pas {_describe(given)}"
    if kind in ("int_type", "int_parsing"):
        hint = " : retirez les guillemets" if isinstance(given, str) and given.strip().isdigit() else ""
        return f"un nombre entier est attendu, pas {_describe(given)}{hint}"
    if kind in ("bool_type", "bool_parsing"):
        return "true ou false est attendu"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        hint = " : retirez les guillemets" if isinstance(given, str) and DATE.match(given) else ""
        return f"une date AAAA-MM-JJ est attendue, pas {_describe(given)}{hint}"
    if kind == "list_type":
        return f"une liste est attendue, pas {_describe(given)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"un dictionnaire (clé: valeur) est attendu, pas {_describe(given)}"
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        return f"valeur « {given} » non permise ; valeurs permises : {expected}".replace(" or ", ", ")
    if kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(ctx.get("pattern", ""), ctx.get("pattern", ""))
        return f"format invalide « {given} » (attendu : {hint})"
    if kind in ("too_short", "string_too_short"):
        n = int(ctx.get("min_length", 1))
        return "ne doit pas être vide" if kind == "string_too_short" else f"au moins {n} élément{'s' if n > 1 else ''} attendu{'s' if n > 1 else ''}"
    if kind == "too_long":
        n = int(ctx.get("max_length", 1))
        return f"au plus {n} élément{'s' if n > 1 else ''}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        word = {"greater_than_equal": "supérieur ou égal à", "less_than_equal": "inférieur ou égal à",
                "greater_than": "supérieur à", "less_than": "inférieur à"}[kind]
        return f"doit être {word} {bound}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "url_parsing" or kind == "url_scheme":
        return "adresse web invalide"
    return error["msg"]  # our own PydanticCustomError messages are already French


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
