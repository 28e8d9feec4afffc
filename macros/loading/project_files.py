"""Project files saved from « Mon dossier de jalon » (projet-….json), read and checked field by field as the browser does."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros.core.gate_file import (
    CONTROL_CHARS,
    ENTRY_FIELDS,
    FILE_FIELDS,
    FILE_SCHEMA,
    FILE_TYPE,
    FINGERPRINT_PATTERN,
    ID_PATTERN,
    KEY_PATTERN,
    LIMITS,
    LINE_BREAKS,
    PROJECT_FIELDS,
    EntryStatus,
)
from macros.loading.yaml_reader import decode, read_data_file


@dataclass(frozen=True)
class SavedEntry:
    """Where one item or criterion stands in a saved project."""

    status: EntryStatus
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


@dataclass(frozen=True)
class RefusedFile:
    """A file that is not a readable project: its name and why, in French."""

    file: str
    reasons: list[str]


def _valid_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        return dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


class _Check:
    """The checks of checkProject in the gate file's script, in the same order and with the same messages."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[str] = []

    def where(self, name: str) -> str:
        return f"« {self.path}{name} »"

    def text(self, values: dict[str, Any], name: str, minimum: int, maximum: int, one_line: bool) -> str:
        value = values.get(name)
        if value is None and name not in values and minimum == 0:
            return ""
        if not isinstance(value, str):
            self.problems.append(f"{self.where('.' + name)} : un texte est attendu")
            return ""
        if len(value.strip()) < minimum:
            self.problems.append(f"{self.where('.' + name)} : ne peut pas être vide")
            return ""
        if len(value) > maximum:
            self.problems.append(f"{self.where('.' + name)} : {maximum} caractères au plus ({len(value)} ici)")
            return ""
        if CONTROL_CHARS.search(value) or (one_line and LINE_BREAKS.search(value)):
            self.problems.append(f"{self.where('.' + name)} : caractère de contrôle interdit")
            return ""
        return value

    def choice(self, values: dict[str, Any], name: str, allowed: Collection[str], noun: str) -> str:
        value = values.get(name)
        if not isinstance(value, str):
            self.problems.append(f"{self.where('.' + name)} : un texte est attendu")
            return ""
        if value not in allowed:
            self.problems.append(f"{self.where('.' + name)} : {noun} inconnue « {value[:40]} » (attendu : {', '.join(allowed)})")
            return ""
        return value

    def entry(self, key: str, entry: object) -> SavedEntry | None:
        at = self.where(f'.entries["{key[:60]}"]')
        if not KEY_PATTERN.match(key):
            self.problems.append(f"{at} : clé invalide (attendu « standard#élément » ou « jalon#critère »)")
            return None
        if not isinstance(entry, dict):
            self.problems.append(f"{at} : un objet est attendu")
            return None
        unknown = [k for k in entry if k not in ENTRY_FIELDS]
        if unknown:
            self.problems.append(f"{at} : champ inconnu « {str(unknown[0])[:40]} »")
            return None
        if entry.get("status") not in list(EntryStatus):
            self.problems.append(f"{at[:-2]}.status » : statut inconnu (attendu : « fait », « non applicable » ou « à faire »)")
            return None
        texts = {}
        ok = True
        for name in ("justification", "evidence"):
            value = entry.get(name, "")
            if not isinstance(value, str) or len(value) > LIMITS["text"] or CONTROL_CHARS.search(value):
                self.problems.append(f"{at[:-2]}.{name} » : texte de {LIMITS['text']} caractères au plus attendu")
                ok = False
            else:
                texts[name] = value
        status = EntryStatus(entry["status"])
        if status == EntryStatus.NOT_APPLICABLE and not texts.get("justification", "").strip():
            self.problems.append(f"{at} : un élément « non applicable » doit avoir sa justification")
            ok = False
        date = entry.get("date", "")
        if date != "" and not _valid_date(date):
            self.problems.append(f"{at[:-2]}.date » : date AAAA-MM-JJ attendue")
            ok = False
        fingerprint = entry.get("fingerprint", "")
        if not isinstance(fingerprint, str) or not FINGERPRINT_PATTERN.match(fingerprint):
            self.problems.append(f"{at[:-2]}.fingerprint » : empreinte invalide")
            ok = False
        if not ok:
            return None
        return SavedEntry(status, texts.get("justification", ""), texts.get("evidence", ""), date if isinstance(date, str) else "",
                          fingerprint if isinstance(fingerprint, str) else "")


def _file_problems(parsed: dict[str, Any]) -> list[str]:
    """The envelope of a saved file: {schema, type, edition, saved, project}, nothing else."""
    problems = [f"champ inconnu « {str(k)[:40]} »" for k in parsed if k not in FILE_FIELDS]
    if parsed.get("type") != FILE_TYPE:
        problems.append(f"« type » : « {FILE_TYPE} » attendu (ce n'est pas un dossier de jalon)")
    schema = parsed.get("schema")
    if schema != FILE_SCHEMA or isinstance(schema, bool):
        found = f" (le fichier est en version {schema})" if isinstance(schema, int | float) and not isinstance(schema, bool) else ""
        problems.append(f"« schema » : version {FILE_SCHEMA} attendue{found}")
    edition = parsed.get("edition", "")
    if not isinstance(edition, str) or len(edition) > LIMITS["edition"] or CONTROL_CHARS.search(edition):
        problems.append("« edition » : texte court attendu")
    if "saved" in parsed and not _valid_date(parsed["saved"]):
        problems.append("« saved » : date AAAA-MM-JJ attendue")
    return problems


def _entries(check: _Check, raw: object) -> dict[str, SavedEntry]:
    entries: dict[str, SavedEntry] = {}
    if not isinstance(raw, dict):
        check.problems.append(f"{check.where('.entries')} : un objet est attendu")
    elif len(raw) > LIMITS["entries"]:
        check.problems.append(f"{check.where('.entries')} : {LIMITS['entries']} éléments au plus")
    else:
        for key, value in raw.items():
            entry = check.entry(str(key), value)
            if entry is not None:
                entries[str(key)] = entry
    return entries


def check_project_file(text: str, file: str, categories: Collection[str], phases: Collection[str]) -> SavedProject | RefusedFile:
    """A saved project file checked as the gate file checks one at import: the project, or every reason it is refused."""
    try:
        parsed = json.loads(text)
    except ValueError:
        return RefusedFile(file, ["ce n'est pas un fichier JSON lisible"])
    if not isinstance(parsed, dict):
        return RefusedFile(file, ["un objet JSON est attendu"])
    problems = _file_problems(parsed)
    if problems:
        return RefusedFile(file, problems)
    project = parsed.get("project")
    check = _Check("project")
    if not isinstance(project, dict):
        return RefusedFile(file, [f"{check.where('')} : un objet est attendu"])
    check.problems += [f"{check.where('.' + str(k)[:40])} : champ inconnu" for k in project if k not in PROJECT_FIELDS]
    name = check.text(project, "name", 1, LIMITS["name"], True).strip()
    code = check.text(project, "code", 0, LIMITS["code"], True).strip()
    project_id = project.get("id", "")
    if "id" in project and (not isinstance(project_id, str) or not ID_PATTERN.match(project_id)):
        check.problems.append(f"{check.where('.id')} : identifiant invalide (lettres, chiffres, « - » et « _ », 64 au plus, "
                              "d'abord une lettre ou un chiffre)")
    category = check.choice(project, "category", categories, "catégorie")
    phase = check.choice(project, "phase", phases, "phase")
    gate = project.get("gate", "")
    if not isinstance(gate, str) or len(gate) > LIMITS["gate"]:
        check.problems.append(f"{check.where('.gate')} : identifiant de jalon invalide")
    dates = {}
    for name_ in ("created", "updated"):
        value = project.get(name_, "")
        if name_ in project and not _valid_date(value):
            check.problems.append(f"{check.where('.' + name_)} : date AAAA-MM-JJ attendue")
        dates[name_] = value if isinstance(value, str) else ""
    entries = _entries(check, project.get("entries", {}))
    if check.problems:
        return RefusedFile(file, check.problems)
    return SavedProject(file, str(parsed.get("edition", "")), str(parsed.get("saved", "")), str(project_id), name, code,
                        category, phase, gate if isinstance(gate, str) else "", dates["created"], dates["updated"], entries)


def read_project_files(folder: Path, categories: Collection[str], phases: Collection[str]) -> list[SavedProject | RefusedFile]:
    """Every `*.json` file of a folder (not its sub-folders), sorted by name: each a checked project or a refusal.

    Links, FIFOs and oversized files are refused without being followed or read (the loader's rules for data files).
    """
    found: list[SavedProject | RefusedFile] = []
    for path in sorted(p for p in folder.iterdir() if p.name.endswith(".json")):
        raw, problems = read_data_file(path, path.name)
        if raw is None:
            found.append(RefusedFile(path.name, [p.message for p in problems]))
            continue
        if len(raw) > LIMITS["fileBytes"]:
            found.append(RefusedFile(path.name, [f"fichier trop volumineux ({len(raw)} octets ; maximum {LIMITS['fileBytes']})"]))
            continue
        text, problems = decode(raw, path.name)
        if text is None:
            found.append(RefusedFile(path.name, [p.message for p in problems]))
            continue
        found.append(check_project_file(text, path.name, categories, phases))
    return found
