"""Project files saved from « Mon dossier de jalon » (projet-….json), checked field by field as the browser checks them.

The rules and messages are those of the gate file's script (docs/assets/javascripts/dossier-check.js, strict mode,
the way it reads a file); the format's values come from one place, macros/core/gate_file.py.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros.core.gate_file import (
    ENTRY_FIELDS,
    FILE_FIELDS,
    FILE_TYPE,
    FINGERPRINT_PATTERN,
    ID_PATTERN,
    KEY_PATTERN,
    LIMITS,
    PROJECT_FIELDS,
    READABLE_SCHEMAS,
    XML_ILLEGAL,
)
from macros.core.vocabulary import ItemStatus
from macros.loading.yaml_reader import decode, read_data_file

_ID, _KEY, _FINGERPRINT = re.compile(ID_PATTERN), re.compile(KEY_PATTERN), re.compile(FINGERPRINT_PATTERN)
_LINE_BREAKS = re.compile("[\r\n\t]")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class SavedEntry:
    """Where one item or criterion stands in a saved project."""

    status: ItemStatus
    justification: str = ""
    evidence: str = ""
    date: str = ""
    fingerprint: str = ""


@dataclass(frozen=True)
class SavedProject:
    """One project as its project manager saved it, checked: every field of the expected type and size."""

    file: str  # the file's name, as messages show it
    edition: str
    saved: str
    id: str
    name: str
    code: str
    category: str
    phase: str
    gate: str
    created: str
    updated: str
    entries: dict[str, SavedEntry] = field(default_factory=dict)
    # The project's answers, by characteristic id (None: asked, not answered); None until its project manager was asked
    # (a file of schema 1).
    characteristics: dict[str, bool | None] | None = None


@dataclass(frozen=True)
class RefusedFile:
    """A file that is not a readable project: its name and why, in French."""

    file: str
    reasons: list[str]


def js_length(text: str) -> int:
    """A text's length as the browser counts it (UTF-16 code units): « 😀 » counts two, as in the script's limits."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def valid_date(value: object) -> bool:
    """AAAA-MM-JJ and a real day, read as the browser reads it (years before 100 are not taken as such there)."""
    match = _DATE.match(value) if isinstance(value, str) else None
    if match is None or int(match[1]) < 100:
        return False
    try:
        dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return False
    return True


def _forbidden(text: str) -> str:
    """The first character XML 1.0 cannot hold, as « U+FFFE », or ""."""
    match = XML_ILLEGAL.search(text)
    return f"U+{ord(match.group()):04X}" if match else ""


def _number(value: object) -> str:
    """A JSON number as the browser prints it: 2.0 is « 2 »."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def or_list(values: Collection[object]) -> str:
    """« 1 ou 2 », « 1, 2 ou 3 », as the script words a choice."""
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " ou " + words[-1]


class _Checker:
    """checkProject and checkEntry of the gate file's script, strict: every problem named by its path."""

    def __init__(self, categories: Collection[str], phases: Collection[str]) -> None:
        self.categories, self.phases = list(categories), list(phases)
        self.problems: list[str] = []

    def text(self, value: object, at: str, minimum: int, maximum: int, one_line: bool) -> str:
        if not isinstance(value, str):
            self.problems.append(f"{at} : un texte est attendu")
            return ""
        bad = _forbidden(value)
        if bad:
            self.problems.append(f"{at} : caractère interdit ({bad}) : un fichier Excel ne peut pas le contenir")
            return ""
        if one_line and _LINE_BREAKS.search(value):
            self.problems.append(f"{at} : une seule ligne est attendue")
            return ""
        if len(value.strip()) < minimum:
            self.problems.append(f"{at} : ne peut pas être vide")
            return ""
        if js_length(value) > maximum:
            self.problems.append(f"{at} : {maximum} caractères au plus ({js_length(value)} ici)")
            return ""
        return value

    def choice(self, value: object, at: str, allowed: list[str], noun: str) -> str:
        if not isinstance(value, str):
            self.problems.append(f"{at} : un texte est attendu")
        elif value in allowed:
            return value
        else:
            self.problems.append(f"{at} : {noun} inconnue « {value[:40]} » (attendu : {', '.join(allowed)})")
        return ""

    def entry(self, raw: object, at: Callable[[str], str]) -> SavedEntry | None:
        if not isinstance(raw, dict):
            self.problems.append(f"{at('')} : un objet est attendu")
            return None
        unknown = [k for k in raw if k not in ENTRY_FIELDS]
        if unknown:
            self.problems.append(f"{at('')} : champ inconnu « {unknown[0][:40]} »")
            return None
        statuses = list(ItemStatus)
        status = raw.get("status")
        if status not in statuses or not isinstance(status, str):
            self.problems.append(f"{at('.status')} : statut inconnu (attendu : {', '.join(f'« {s} »' for s in statuses)})")
            return None
        texts = {"justification": "", "evidence": ""}
        ok = True
        for name in texts:
            if name not in raw:
                continue
            value = raw[name]
            if not isinstance(value, str) or js_length(value) > LIMITS["text"]:
                self.problems.append(f"{at('.' + name)} : texte de {LIMITS['text']} caractères au plus attendu")
                ok = False
            elif _forbidden(value):
                self.problems.append(f"{at('.' + name)} : caractère interdit ({_forbidden(value)}) : un fichier Excel ne peut pas le contenir")
                ok = False
            else:
                texts[name] = value
        if status == ItemStatus.NOT_APPLICABLE and not texts["justification"].strip():
            self.problems.append(f"{at('')} : un élément « {status} » doit avoir sa justification")
            ok = False
        date = raw.get("date", "")
        if date != "" and not valid_date(date):
            self.problems.append(f"{at('.date')} : date AAAA-MM-JJ attendue")
            ok = False
        fingerprint = raw.get("fingerprint", "")
        if not isinstance(fingerprint, str) or not _FINGERPRINT.match(fingerprint):
            self.problems.append(f"{at('.fingerprint')} : empreinte invalide")
            ok = False
        if not ok:
            return None
        return SavedEntry(ItemStatus(status), texts["justification"], texts["evidence"], str(date), str(fingerprint))

    def characteristics(self, raw: object, where: Callable[[str], str]) -> dict[str, bool | None] | None:
        """The answers {id: true | false | null (asked, not answered)}; null (or no field) while the project manager was
        not asked. An id this référentiel does not know is kept (a file of another edition), and counts for nothing."""
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.problems.append(f"{where('.characteristics')} : un objet est attendu")
            return None
        if len(raw) > LIMITS["characteristics"]:
            self.problems.append(f"{where('.characteristics')} : {LIMITS['characteristics']} caractéristiques au plus")
            return None
        found: dict[str, bool | None] = {}
        for key, value in raw.items():
            at = where(f'.characteristics["{key[:40]}"]')
            if not _ID.match(key):
                self.problems.append(f"{at} : identifiant de caractéristique invalide")
            elif value is not None and not isinstance(value, bool):
                self.problems.append(f"{at} : true, false ou null attendu")
            else:
                found[key] = value
        return found

    def entries(self, raw: object, where: Callable[[str], str]) -> dict[str, SavedEntry]:
        found: dict[str, SavedEntry] = {}
        if not isinstance(raw, dict):
            self.problems.append(f"{where('.entries')} : un objet est attendu")
            return found
        if len(raw) > LIMITS["entries"]:
            self.problems.append(f"{where('.entries')} : {LIMITS['entries']} éléments au plus")
            return found
        for key, value in raw.items():
            def at(sub: str, key: str = key) -> str:
                return where(f'.entries["{key[:60]}"]{sub}')
            if not _KEY.match(key):
                self.problems.append(f"{at('')} : clé invalide (attendu « standard#élément » ou « jalon#critère »)")
                continue
            entry = self.entry(value, at)
            if entry is not None:
                found[key] = entry
        return found

    def project(self, raw: object, file: str, edition: str, saved: str) -> SavedProject | None:
        def where(name: str) -> str:
            return f"« project{name} »"
        if not isinstance(raw, dict):
            self.problems.append(f"{where('')} : un objet est attendu")
            return None
        self.problems += [f"{where('.' + k)} : champ inconnu" for k in raw if k not in PROJECT_FIELDS]
        name = self.text(raw.get("name"), where(".name"), 1, LIMITS["name"], True).strip()
        code = self.text(raw["code"], where(".code"), 0, LIMITS["code"], True).strip() if "code" in raw else ""
        project_id = raw.get("id", "")
        if "id" in raw and (not isinstance(project_id, str) or not _ID.match(project_id)):
            self.problems.append(f"{where('.id')} : identifiant invalide (lettres, chiffres, « - » et « _ », 64 au plus, "
                                 "d'abord une lettre ou un chiffre)")
        category = self.choice(raw.get("category"), where(".category"), self.categories, "catégorie")
        phase = self.choice(raw.get("phase"), where(".phase"), self.phases, "phase")
        gate = raw.get("gate", "")
        if "gate" in raw and (not isinstance(gate, str) or js_length(gate) > LIMITS["gate"]):
            self.problems.append(f"{where('.gate')} : identifiant de jalon invalide")
        dates = {}
        for key in ("created", "updated"):
            value = raw.get(key, "")
            if key in raw and not valid_date(value):
                self.problems.append(f"{where('.' + key)} : date AAAA-MM-JJ attendue")
            dates[key] = value if valid_date(value) else ""
        characteristics = self.characteristics(raw.get("characteristics"), where)
        entries = self.entries(raw.get("entries", {}), where)
        if self.problems:
            return None
        return SavedProject(file, edition, saved, str(project_id), name, code, category, phase, str(gate), dates["created"],
                            dates["updated"], entries, characteristics)


def _file_problems(parsed: dict[str, Any]) -> list[str]:
    """The envelope of a saved file, {schema, type, edition, saved, project}, checked as checkFile does."""
    problems = [f"champ inconnu « {k[:40]} »" for k in parsed if k not in FILE_FIELDS]
    if parsed.get("type") != FILE_TYPE:
        problems.append(f"« type » : « {FILE_TYPE} » attendu (ce n'est pas un dossier de jalon)")
    schema = parsed.get("schema")
    if isinstance(schema, bool) or schema not in READABLE_SCHEMAS:
        number = isinstance(schema, int | float) and not isinstance(schema, bool)
        problems.append(f"« schema » : version {or_list(READABLE_SCHEMAS)} attendue"
                        + (f" (le fichier est en version {_number(schema)})" if number else ""))
    edition = parsed.get("edition", "")
    if "edition" in parsed and (not isinstance(edition, str) or js_length(edition) > LIMITS["edition"] or _forbidden(edition)):
        problems.append("« edition » : texte court attendu")
    if "saved" in parsed and not valid_date(parsed["saved"]):
        problems.append("« saved » : date AAAA-MM-JJ attendue")
    return problems


def check_project_file(text: str, file: str, categories: Collection[str], phases: Collection[str]) -> SavedProject | RefusedFile:
    """A saved project file checked as the gate file checks one it loads: the project, or every reason it is refused."""
    try:
        parsed = json.loads(text)
    except ValueError:
        return RefusedFile(file, ["ce n'est pas un fichier JSON lisible"])
    if not isinstance(parsed, dict):
        return RefusedFile(file, ["un objet JSON est attendu"])
    problems = _file_problems(parsed)
    if problems:
        return RefusedFile(file, problems)
    checker = _Checker(categories, phases)
    project = checker.project(parsed.get("project"), file, str(parsed.get("edition", "")), str(parsed.get("saved", "")))
    return project if project is not None else RefusedFile(file, checker.problems)


def read_project_files(folder: Path, categories: Collection[str], phases: Collection[str]) -> list[SavedProject | RefusedFile]:
    """Every `*.json` file of a folder (not its sub-folders), sorted by name: each a checked project or a refusal.

    Links, FIFOs and oversized files are refused without being followed or read (the loader's rules for data files).
    """
    found: list[SavedProject | RefusedFile] = []
    for path in sorted(p for p in folder.iterdir() if p.name.endswith(".json")):
        if path.is_file() and not path.is_symlink() and path.stat().st_size > LIMITS["fileBytes"]:
            found.append(RefusedFile(path.name, ["le fichier dépasse 1 Mo"]))  # the browser's words for the same limit
            continue
        raw, problems = read_data_file(path, path.name)
        if raw is None:
            found.append(RefusedFile(path.name, [p.message for p in problems]))
            continue
        text, problems = decode(raw, path.name)
        if text is None:
            found.append(RefusedFile(path.name, [p.message for p in problems]))
            continue
        found.append(check_project_file(text, path.name, categories, phases))
    return found
