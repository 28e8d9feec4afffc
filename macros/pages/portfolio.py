"""The portfolio report's data: each project's readiness, computed as the gate file computes it, and item statistics."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from macros.core.vocabulary import Answer, ItemStatus, Level
from macros.loading.project_files import RefusedFile, SavedProject

# A project whose file was not updated for longer than this is flagged: its readiness may be stale.
STALE_AFTER_DAYS = 30


@dataclass(frozen=True)
class GateView:
    """What one gate needs of one project, as « Mon dossier de jalon » shows it (its gateView, in Python)."""

    gate_id: str
    gate_name: str
    unmet: list[str]  # texts of the criteria not met
    missing: list[str]  # keys of the mandatory items neither done nor justified non applicable
    criteria: int  # the criteria that hold for the project (its category, its characteristics)
    counts: dict[str, int]  # mandatory, done, na, missing, recommended, recommendedDone, changed
    ready: bool
    shown: list[str] = field(default_factory=list)  # keys of the items of the gate's phase that apply to the project


@dataclass(frozen=True)
class ProjectRow:
    """One project of the portfolio, as the report's first table shows it."""

    file: str
    name: str
    code: str
    category: str  # its French name
    traits: list[tuple[str, Answer]]  # each characteristic of the référentiel (its name) and the project's answer
    phase: str  # its French name
    edition: str
    view: GateView
    declared_na: int  # items and criteria that apply to the project declared non applicable, every gate together
    withdrawn: list[str]  # keys of entries for items the référentiel no longer holds
    updated: str  # AAAA-MM-JJ, the project's last change (else the file's date)
    stale: bool
    older_edition: bool


@dataclass(frozen=True)
class ItemStat:
    """How one item fares across the portfolio: declared non applicable (with the reasons) and still missing."""

    key: str
    item_id: str
    standard: str
    text: str
    gate: str  # the name of the gate that closes the item's phase
    not_applicable: dict[str, int]  # category id -> projects declaring it non applicable
    missing: dict[str, int]  # category id -> projects preparing its gate where it is mandatory and missing
    reasons: list[tuple[str, str, str]]  # project name, category name, justification


@dataclass(frozen=True)
class PortfolioReport:
    edition: str  # the edition in force, against which every project is read
    today: dt.date
    categories: list[tuple[str, str]]  # id, name
    characteristics: list[tuple[str, str]]  # id, name
    projects: list[ProjectRow]
    refused: list[RefusedFile]
    items: list[ItemStat]
    by_gate: list[tuple[str, dict[str, int], dict[str, int]]] = field(default_factory=list)  # gate name, ready, total by category


class _Data:
    """The gate file's data (macros.pages.dossier.dossier_data), indexed the way its script indexes it."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.items: dict[str, Mapping[str, Any]] = {item["key"]: item for item in data["items"]}
        self.by_id: dict[str, list[Mapping[str, Any]]] = {}
        for item in data["items"]:
            self.by_id.setdefault(item["id"], []).append(item)
        self.gates: dict[str, Mapping[str, Any]] = {gate["id"]: gate for gate in data["gates"]}
        self.categories = {c["id"]: c["name"] for c in data["categories"]}
        self.characteristics = {c["id"]: c["name"] for c in data.get("characteristics", [])}
        self.phases = {p["id"]: p["name"] for p in data["phases"]}

    @staticmethod
    def answer(project: SavedProject, characteristic: str) -> Answer:
        """The project's answer to a characteristic: yes, no, or not given yet (its file predates the question)."""
        value = (project.characteristics or {}).get(characteristic)
        return Answer.UNKNOWN if value is None else Answer.YES if value else Answer.NO

    def applies(self, item: Mapping[str, Any], project: SavedProject) -> bool:
        """An item of some projects only applies when one of its characteristics holds: answered yes, or not answered
        (nothing is left out before the project manager says it does not concern the project), as the gate file says."""
        only_if = item.get("onlyIf") or []
        return not only_if or any(self.answer(project, c) != Answer.NO for c in only_if)

    def criterion_holds(self, criterion: Mapping[str, Any], project: SavedProject) -> bool:
        """A criterion holds for the categories the data lists, and for the project's characteristics."""
        categories = criterion.get("categories")
        return (not isinstance(categories, list) or project.category in categories) and self.applies(criterion, project)

    def current_gate(self, project: SavedProject) -> Mapping[str, Any] | None:
        """The gate the project prepares: the one it names, else the one closing its phase, else the first."""
        gates = self.data["gates"]
        if not gates:
            return None
        if project.gate and project.gate in self.gates:
            return self.gates[project.gate]
        chosen: Mapping[str, Any] = next((g for g in gates if g["phase"] == project.phase), gates[0])
        return chosen

    def criterion_item(self, criterion: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The item a criterion points to: by key, else by item id when only one project item has it."""
        ref = criterion.get("item")
        if not ref:
            return None
        if ref in self.items:
            return self.items[ref]
        found = self.by_id.get(ref, [])
        return found[0] if len(found) == 1 else None

    def level(self, item: Mapping[str, Any], category: str) -> str:
        levels = item.get("levels") or {}
        return str(levels[category]) if category in levels else str(levels.get(self.data["default"], Level.MANDATORY))


def _status(project: SavedProject, key: str) -> ItemStatus:
    entry = project.entries.get(key)
    return entry.status if entry else ItemStatus.TODO


def gate_view(data: _Data, project: SavedProject, gate: Mapping[str, Any]) -> GateView:
    """The readiness of one project at one gate: criteria met (« fait »), mandatory items of the gate's phase done or
    justified non applicable. The same rules, in the same order, as the gate file's script (gateView)."""
    unmet = []
    criteria = [c for c in gate["criteria"] if data.criterion_holds(c, project)]
    for criterion in criteria:
        item = data.criterion_item(criterion)
        key = item["key"] if item else f"{gate['id']}#{criterion['id']}"
        if _status(project, key) != ItemStatus.DONE:
            unmet.append(str(criterion["text"]))
    counts = dict.fromkeys(("mandatory", "done", "na", "missing", "recommended", "recommendedDone", "changed"), 0)
    missing, shown = [], []
    for item in data.data["items"]:
        if item["phase"] != gate["phase"]:
            continue
        level = data.level(item, project.category)
        if level == Level.NOT_APPLICABLE or not data.applies(item, project):
            continue
        shown.append(item["key"])
        key, status = item["key"], _status(project, item["key"])
        entry = project.entries.get(key)
        if entry and status != ItemStatus.TODO and entry.fingerprint and entry.fingerprint != item["fingerprint"]:
            counts["changed"] += 1
        if level == Level.MANDATORY:
            counts["mandatory"] += 1
            if status == ItemStatus.DONE:
                counts["done"] += 1
            elif status == ItemStatus.NOT_APPLICABLE:
                counts["na"] += 1
            else:
                counts["missing"] += 1
                missing.append(key)
        else:
            counts["recommended"] += 1
            if status == ItemStatus.DONE:
                counts["recommendedDone"] += 1
    return GateView(gate["id"], gate["name"], unmet, missing, len(criteria), counts, not unmet and counts["missing"] == 0, shown)


def applies_to(data: _Data, project: SavedProject, key: str) -> bool:
    """Whether an entry's item or criterion is one the project needs somewhere: an item at a level other than non
    applicable for its category and of its characteristics, or a gate's own criterion that holds for it."""
    if key in data.items:
        item = data.items[key]
        return data.level(item, project.category) != Level.NOT_APPLICABLE and data.applies(item, project)
    gate_id, _, criterion_id = key.partition("#")
    gate = data.gates.get(gate_id)
    own = next((c for c in gate["criteria"] if c["id"] == criterion_id and not c.get("item")), None) if gate else None
    return own is not None and data.criterion_holds(own, project)


def _project_row(data: _Data, project: SavedProject, gate: Mapping[str, Any], today: dt.date) -> ProjectRow:
    criteria_keys = {f"{g['id']}#{c['id']}" for g in data.data["gates"] for c in g["criteria"]}
    withdrawn = sorted(key for key in project.entries if key not in data.items and key not in criteria_keys)
    updated = project.updated or project.saved or project.created
    stale = bool(updated) and (today - dt.date.fromisoformat(updated)).days > STALE_AFTER_DAYS
    traits = [(name, data.answer(project, cid)) for cid, name in data.characteristics.items()]
    declared = sum(e.status == ItemStatus.NOT_APPLICABLE and applies_to(data, project, key) for key, e in project.entries.items())
    return ProjectRow(project.file, project.name, project.code, data.categories.get(project.category, project.category), traits,
                      data.phases.get(project.phase, project.phase), project.edition, gate_view(data, project, gate),
                      declared, withdrawn, updated, stale, project.edition != data.data["edition"])


def _item_stats(data: _Data, projects: Sequence[tuple[SavedProject, Mapping[str, Any], GateView]]) -> list[ItemStat]:
    gate_of_phase = {g["phase"]: g["name"] for g in data.data["gates"]}
    stats = []
    for item in data.data["items"]:
        key = item["key"]
        not_applicable: dict[str, int] = {}
        missing: dict[str, int] = {}
        reasons = []
        for project, _gate, view in projects:
            entry = project.entries.get(key)
            # A waiver counts where the item applies: one the project does not need (its category, its characteristics)
            # tells the PMO nothing about the requirement.
            if entry is not None and entry.status == ItemStatus.NOT_APPLICABLE and applies_to(data, project, key):
                not_applicable[project.category] = not_applicable.get(project.category, 0) + 1
                reasons.append((project.name, data.categories.get(project.category, project.category), entry.justification))
            if key in view.missing:
                missing[project.category] = missing.get(project.category, 0) + 1
        if not_applicable or missing:
            stats.append(ItemStat(key, item["id"], item["standard"], item["text"], gate_of_phase.get(item["phase"], ""),
                                  not_applicable, missing, reasons))
    # What the PMO should look at first: the items most often waived, then the most often missing.
    stats.sort(key=lambda s: (-sum(s.not_applicable.values()), -sum(s.missing.values()), s.key))
    return stats


def portfolio_report(data: Mapping[str, Any], editions: Sequence[str], files: Sequence[SavedProject | RefusedFile],
                     today: dt.date) -> PortfolioReport:
    """The report on every project file: `data` is the gate file's data of the edition in force, `editions` the
    référentiel's published editions (a file saved under an unknown edition is refused)."""
    indexed = _Data(data)
    refused = [f for f in files if isinstance(f, RefusedFile)]
    read: list[tuple[SavedProject, Mapping[str, Any], GateView]] = []
    for saved in (f for f in files if isinstance(f, SavedProject)):
        if saved.edition not in editions:
            known = ", ".join(editions)
            refused.append(RefusedFile(saved.file, [f"« edition » : édition « {saved.edition[:40]} » inconnue du référentiel "
                                                    f"(éditions publiées : {known})" if saved.edition else
                                                    "« edition » : le fichier ne dit pas sous quelle édition il a été enregistré"]))
            continue
        gate = indexed.current_gate(saved)
        if gate is None:
            refused.append(RefusedFile(saved.file, ["le référentiel n'a aucun jalon"]))
            continue
        read.append((saved, gate, gate_view(indexed, saved, gate)))
    rows = [_project_row(indexed, saved, gate, today) for saved, gate, _ in read]
    rows.sort(key=lambda r: (not r.stale, r.view.ready, r.name.casefold(), r.file))
    by_gate = []
    for gate in data["gates"]:
        ready: dict[str, int] = {}
        total: dict[str, int] = {}
        for saved, chosen, view in read:
            if chosen["id"] == gate["id"]:
                total[saved.category] = total.get(saved.category, 0) + 1
                ready[saved.category] = ready.get(saved.category, 0) + view.ready
        by_gate.append((str(gate["name"]), ready, total))
    return PortfolioReport(str(data["edition"]), today, list(indexed.categories.items()), list(indexed.characteristics.items()), rows,
                           sorted(refused, key=lambda r: r.file), _item_stats(indexed, read), by_gate)
