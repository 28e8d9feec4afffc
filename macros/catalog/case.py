"""A case study loaded and computed: each fact's value, written or computed from the others, with positioned French errors."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from macros.core.expression import ExpressionError, Quantity, evaluate, parse
from macros.core.problems import Problem, field_path
from macros.core.vocabulary import FACT_DIMENSIONS, FactType
from macros.loading.yaml_reader import Document
from macros.model.case import Case, Fact, decimal_value

CASE_PREFIX = "cas-"  # standards/cas-<id>.yaml holds the case <id>, cited as ((<id>:<fact>))

Value = str | Fraction | dt.date


@dataclass(frozen=True)
class CaseStudy:
    """One case: its file, its model, and the value of each fact (None when it could not be computed)."""

    id: str
    source: str
    case: Case
    values: dict[str, Value | None] = field(default_factory=dict)


def written_value(fact: Fact) -> Value | None:
    """A written value as the case computes with it: figures as exact fractions, dates and texts as they are."""
    if fact.value is None:
        return None
    if fact.type in FACT_DIMENSIONS and fact.type != FactType.DATE:
        return decimal_value(fact.value)
    return fact.value if isinstance(fact.value, (str, dt.date)) else str(fact.value)


class _Computer:
    """Evaluates every computed fact once, in dependency order; reports unknown names, cycles and dimension errors."""

    def __init__(self, study: CaseStudy, doc: Document | None) -> None:
        self.study = study
        self.doc = doc
        self.problems: list[Problem] = []
        self.state: dict[str, str] = {}  # fact id -> "busy" while it is computed, "done" after

    def problem(self, fact_id: str, message: str, offset: int | None = None) -> None:
        loc = ("facts", fact_id, "compute")
        line, col = self.doc.where(loc) if self.doc else (1, 1)
        where = f" (caractère {offset + 1} du calcul)" if offset else ""
        self.problems.append(Problem(self.study.source, line, col, field_path(loc), message + where))

    def value(self, fact_id: str) -> Value | None:
        facts, values = self.study.case.facts, self.study.values
        fact = facts[fact_id]
        if fact.compute is None or self.state.get(fact_id) == "done":
            return values.get(fact_id)
        if self.state.get(fact_id) == "busy":
            raise _CycleError(fact_id)
        self.state[fact_id] = "busy"
        try:
            values[fact_id] = self._compute(fact_id, fact)
        finally:
            self.state[fact_id] = "done"
        return values[fact_id]

    def _compute(self, fact_id: str, fact: Fact) -> Value | None:
        assert fact.compute is not None
        try:
            tree = parse(fact.compute)
        except ExpressionError as exc:
            self.problem(fact_id, f"calcul illisible : {exc.message}", exc.offset)
            return None
        facts = self.study.case.facts

        def lookup(name: str, offset: int) -> Quantity:
            if name not in facts:
                hint = " (entourez d'espaces le signe moins d'une soustraction : « a - b »)" if "-" in name else ""
                raise ExpressionError(f"fait inconnu « {name} »{hint}", offset)
            other = facts[name]
            dimension = FACT_DIMENSIONS.get(other.type)
            if dimension is None:
                raise ExpressionError(f"le fait « {name} » est un {other.type.value} : il ne se calcule pas", offset)
            found = self.value(name)
            if found is None or isinstance(found, str):
                raise _NoValueError()
            return Quantity(dimension, found)

        try:
            result = evaluate(tree, lookup)
        except _NoValueError:
            return None  # another fact's error is reported where it is
        except _CycleError as cycle:
            if cycle.fact_id != fact_id:
                raise  # up to the fact that started the cycle, which reports it once
            self.problem(fact_id, "calcul circulaire : ce fait dépend de lui-même, directement ou par d'autres faits")
            return None
        except ExpressionError as exc:
            self.problem(fact_id, exc.message, exc.offset)
            return None
        wanted = FACT_DIMENSIONS[fact.type]
        if result.dimension != wanted:
            self.problem(fact_id, f"le calcul donne un(e) {result.dimension}, mais le fait est de type {fact.type.value} "
                         f"({wanted} attendu)")
            return None
        return result.value


class _CycleError(Exception):
    def __init__(self, fact_id: str) -> None:
        super().__init__(fact_id)
        self.fact_id = fact_id


class _NoValueError(Exception):
    """A fact used by the calculation has no value: its own error says why."""


def compute_case(case_id: str, source: str, case: Case, doc: Document | None) -> tuple[CaseStudy, list[Problem]]:
    """The case with every fact's value; problems for calculations that cannot be done."""
    study = CaseStudy(case_id, source, case, {fid: written_value(f) for fid, f in case.facts.items()})
    computer = _Computer(study, doc)
    for fact_id in case.facts:
        try:
            computer.value(fact_id)
        except _CycleError:
            continue  # reported by the fact that closes the cycle
    return study, computer.problems
