"""Citations of a case's facts in texts, « ((atlas:budget-initial)) » or « ((atlas:mise-en-service:jour)) »: found,
checked and replaced by the fact's value written the French way, when pages and files are generated (never by Jinja)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from typing import Any, TypeVar

from pydantic import BaseModel

from macros.catalog.case import CaseStudy, Value
from macros.catalog.catalog import Catalog
from macros.catalog.queries import role_name
from macros.core.citation_syntax import CITATION, find_citations, substitute
from macros.core.dates import french_date, french_month, french_weekday
from macros.core.numbers import french_money, french_number, french_percent, french_plural, french_words, rounded
from macros.core.text import one_line
from macros.core.vocabulary import FactType
from macros.model import Example, tr
from macros.model.case import Fact

# The ways a fact may be written, by type; "" is the default. Listed in messages, so the names are French.
FORMATS: dict[FactType, dict[str, str]] = {
    FactType.DATE: {"": "25 février 2027", "court": "25 février", "jour": "jeudi 25 février 2027", "jour-court": "jeudi 25 février",
                    "mois": "février 2027", "mois-seul": "février", "numerique": "25/02/2027"},
    FactType.MONEY: {"": "480 000 €", "signe": "+4 200 €", "abs": "13 800 € pour −13 800 €"},
    FactType.NUMBER: {"": "4 semaines", "lettres": "quatre semaines", "nombre": "4", "signe": "+5 jours", "abs": "5 jours pour −5"},
    FactType.PERCENTAGE: {"": "2,8 %", "signe": "−2,8 %", "abs": "2,8 % pour −2,8 %"},
    FactType.TEXT: {"": "le texte", "de": "d’Intégra Services, de Groupe Hélio", "que": "qu’Intégra Services"},
    FactType.PERSON: {"": "Nadia Benali", "role": "référent métier", "fonction": "acheteuse senior",
                      "nom-et-fonction": "Nadia Benali, acheteuse senior", "nom-et-role": "Nadia Benali, référent métier",
                      "de": "de Nadia Benali, d’Yves Roux", "que": "que Nadia Benali"},
    FactType.ROLE: {"": "chef de projet", "titre": "Chef de projet"},
}
DEFAULT_DECIMALS = {FactType.MONEY: 0, FactType.NUMBER: 0, FactType.PERCENTAGE: 1}


# --- writing a fact ------------------------------------------------------------------------------


def _unit(fact: Fact, count: Fraction) -> str:
    if fact.unit is None:
        return ""
    one = abs(count) < 2  # French takes the singular below two: « 1,5 jour »
    return " " + (fact.unit if one else fact.unit_plural or french_plural(fact.unit))


_VOWELS = "aeiouyàâäéèêëîïôöùûü"


def _elided(word: str, text: str) -> str:
    """« de » or « que » before a name, elided before a vowel: « d’Intégra Services », « de Groupe Hélio » (a name in h
    is not elided: whether its h is mute cannot be told)."""
    return f"{word[:-1]}’{text}" if text[:1].lower() in _VOWELS else f"{word} {text}"


def _lower_name(name: str) -> str:
    """A role's name inside a sentence: « chef de projet », but « PMO » stays as it is."""
    return name if len(name) > 1 and name[1].isupper() else name[:1].lower() + name[1:]


def fact_text(cat: Catalog, study: CaseStudy, fact_id: str, fmt: str = "", stack: tuple[str, ...] = ()) -> str:
    """The fact as a reader sees it, in one of its formats (see FORMATS); a text fact's own citations are resolved too."""
    fact, value = study.case.facts[fact_id], study.values.get(fact_id)
    if value is None:
        return ""
    decimals = fact.decimals if fact.decimals is not None else DEFAULT_DECIMALS.get(fact.type, 0)
    if isinstance(value, dt.date):
        return {"court": f"{french_date(value).rsplit(' ', 1)[0]}", "mois-seul": french_month(value).rsplit(" ", 1)[0], "jour": f"{french_weekday(value)} {french_date(value)}",
                "jour-court": f"{french_weekday(value)} {french_date(value).rsplit(' ', 1)[0]}", "mois": french_month(value),
                "numerique": value.strftime("%d/%m/%Y")}.get(fmt, french_date(value))
    if isinstance(value, Fraction):
        shown = abs(value) if fmt == "abs" else value
        sign = fmt == "signe"
        if fact.type == FactType.MONEY:
            return french_money(shown, decimals, sign=sign)
        if fact.type == FactType.PERCENTAGE:
            return french_percent(shown, decimals, sign=sign)
        if fmt == "lettres":
            whole = rounded(shown, decimals)
            if whole == whole.to_integral_value():  # « 3,71 » is not said in words; shown with 0 decimals, it is « quatre »
                return french_words(int(whole), feminine=fact.feminine) + _unit(fact, Fraction(int(whole)))
        return french_number(shown, decimals, sign=sign) + ("" if fmt == "nombre" else _unit(fact, Fraction(rounded(shown, decimals))))
    if fact.type == FactType.ROLE:
        name = role_name(cat, value)
        return name if fmt == "titre" else _lower_name(name)
    if fact.type == FactType.PERSON:
        role = _lower_name(role_name(cat, fact.role)) if fact.role else ""
        function = one_line(tr(fact.function)) if fact.function else ""
        if fmt in ("de", "que"):
            return _elided(fmt, value)
        return {"role": role, "fonction": function, "nom-et-fonction": f"{value}, {function}" if function else value,
                "nom-et-role": f"{value}, {role}" if role else value}.get(fmt, value)
    if fact_id in stack:
        return value  # a circular citation is reported by the check; never loop
    text = resolve_text(cat, one_line(value), stack=(*stack, fact_id))
    return _elided(fmt, text) if fmt in ("de", "que") else text


def typed_value(study: CaseStudy, fact_id: str) -> str | int | float | dt.date | None:
    """A fact as a spreadsheet cell holds it: a number or a date stays one (a sum of money can be added up)."""
    value: Value | None = study.values.get(fact_id)
    if isinstance(value, Fraction):
        decimals = study.case.facts[fact_id].decimals
        exact = round(value, decimals if decimals is not None else 2)
        return int(exact) if exact.denominator == 1 else float(exact)
    return value


# --- resolving texts ----------------------------------------------------------------------------


def cited_values(cat: Catalog, text: str, *, markdown: bool = False, stack: tuple[str, ...] = ()) -> dict[str, str]:
    """Each valid citation of the text (as written) and the fact's text; a citation of an unknown fact is left out
    (`pmo validate` reports it)."""
    found = {}
    for citation in find_citations(text, markdown=markdown) if "((" in text else []:
        study = cat.cases.get(citation.case)
        if study is None or citation.fact not in study.case.facts or citation.format not in FORMATS[study.case.facts[citation.fact].type]:
            continue
        found[text[citation.start:citation.end]] = fact_text(cat, study, citation.fact, citation.format, stack)
    return found


def resolve_text(cat: Catalog, text: str, escape: Callable[[str], str] = str, *, markdown: bool = False,
                 stack: tuple[str, ...] = ()) -> str:
    """The text with each citation replaced by its fact (see substitute)."""
    return substitute(text, cited_values(cat, text, markdown=markdown, stack=stack), escape, markdown=markdown)


def resolve(cat: Catalog, text: Any) -> Any:
    """A data text (a string, or a mapping of language to string) with its citations resolved; anything else as it is."""
    if isinstance(text, str):
        return resolve_text(cat, text)
    if isinstance(text, dict) and all(isinstance(v, str) for v in text.values()):
        return {lang: resolve_text(cat, value) for lang, value in text.items()}
    return text


M = TypeVar("M", bound=BaseModel)


def resolve_model(cat: Catalog, model: M) -> M:
    """A copy of a model (a quiz, a question) with every text resolved; the models are frozen, so nothing is changed."""
    if not cat.cases:
        return model

    def walk(value: Any) -> Any:
        if isinstance(value, BaseModel):
            return value.model_copy(update={name: walk(getattr(value, name)) for name in type(value).model_fields})
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            resolved = resolve(cat, value)
            return resolved if resolved is not value else {k: walk(v) for k, v in value.items()}
        return resolve(cat, value)

    result: M = walk(model)
    return result


def _cell(cat: Catalog, value: Any) -> Any:
    """An example's cell: a cell that is one citation and nothing else takes the fact's own type (number, date)."""
    if isinstance(value, str) and (whole := CITATION.fullmatch(value.strip())) and not whole["format"]:
        study = cat.cases.get(whole["case"])
        if study is not None and whole["fact"] in study.case.facts:
            typed = typed_value(study, whole["fact"])
            if typed is not None and not isinstance(typed, str):
                return typed
    return resolve(cat, value)


def resolve_example(cat: Catalog, example: Example) -> Example:
    """A filled-in example with its citations resolved; a register's cells that cite one figure or date keep its type
    (Excel sums them), a document's table shows every fact as text (« 480 000 € »), as its prose does."""
    if not cat.cases:
        return example
    resolved = resolve_model(cat, example)

    def dated(old: Any, new: Any) -> Any:
        # A revision's or a signature's date citing a date fact becomes that date (the check reports any other fact).
        return new.model_copy(update={"date": _cell(cat, old.date)})

    before, approval = example.approval, resolved.approval
    return resolved.model_copy(update={
        "project": {k: _cell(cat, v) for k, v in example.project.items()},
        "rows": [{k: _cell(cat, v) for k, v in row.items()} for row in example.rows],
        "revisions": [dated(old, new) for old, new in zip(example.revisions, resolved.revisions, strict=True)],
        "approval": approval.model_copy(update={k: dated(getattr(before, k), v) for k, v in approval if v is not None})
        if before and approval else None,
    })
