"""The Atlas case study of the real référentiel: its facts are written once (standards/cas-atlas.yaml), the facts that
contradicted each other are settled there, and the tutorials and quizzes that tell the case cite them instead of
restating them. (The machinery itself is tested on the fixture project, tests/code/test_case_study.py.)"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from macros.catalog.citations import fact_text, resolve_text
from macros.core.citation_syntax import find_citations
from macros.core.vocabulary import FACT_DIMENSIONS
from macros.project import Loaded
from macros.site.download_cache import DownloadCache
from macros.site.plan import generate
from tests.support import PROJECT, copy_project, load_project

TUTORIAL = PROJECT / "docs/tutoriels/un-projet-de-bout-en-bout.md"
# What a text may not write by hand when it tells the case: the people, the supplier, the organisation, the code.
WRITTEN_ONCE = re.compile(r"Claire Martin|Julien Moreau|Nadia Benali|Intégra Services|Groupe Hélio|ATL-2027|référente métier")
AMOUNT = re.compile(r"\d[\d\s\u00a0\u202f]*\d{3}\s?€")


@pytest.fixture(scope="module")
def real() -> Loaded:
    loaded = load_project(PROJECT)
    assert [p.format() for p in loaded.problems] == []
    return loaded


def text_of(loaded: Loaded, fact: str, fmt: str = "") -> str:
    cat = loaded.catalog
    return fact_text(cat, cat.cases["atlas"], fact, fmt).replace("\u00a0", " ").replace("\u202f", " ")


def citing_texts() -> dict[str, str]:
    """Every text of the repository that may cite the case: guidance, examples, pages of docs/, quizzes."""
    paths = [*PROJECT.glob("docs/**/*.md"), *PROJECT.glob("quizzes/*.yaml"), *PROJECT.glob("standards/*/[0-9]*.md"),
             *PROJECT.glob("standards/*/exemples/*.yaml"), PROJECT / "standards/cas-atlas.yaml"]
    return {p.relative_to(PROJECT).as_posix(): p.read_text(encoding="utf-8") for p in paths}


def test_the_case_holds_its_facts_each_one_used(real: Loaded) -> None:
    case = real.catalog.cases["atlas"].case
    assert len(case.facts) >= 20
    cited = {c.fact for text in citing_texts().values() for c in find_citations(text) if c.case == "atlas"}
    computed = {name for fact in case.facts.values() if fact.compute for name in re.findall(r"[a-z][a-z0-9-]*", fact.compute)}
    assert sorted(set(case.facts) - cited - computed) == []


def test_the_contradictions_are_settled_in_the_facts(real: Loaded) -> None:
    values = real.catalog.cases["atlas"].values
    # 1. Four weeks of support renforcé, from the go-live to 5 November.
    assert (values["mise-en-service"], values["fin-support-renforce"]) == (dt.date(2027, 10, 11), dt.date(2027, 11, 5))
    assert text_of(real, "duree-support-renforce", "lettres") == "quatre semaines"
    # 2. The project manager releases the risk provision; amendment n° 2 cites that decision, no change request.
    assert values["provision-decideur"] == "chef-de-projet" and values["avenant-2"] == values["provision-mobilisee"]
    # 3. The acceptance criterion is the PMO's: a major anomaly covered by a dated reserve, as RES-3.
    assert "toute anomalie majeure couverte par une réserve datée" in str(values["critere-acceptation"])
    assert values["reserves-majeures"] == 1
    # 4. « standard »: R-01 is not critical at cadrage.
    assert (values["categorie"], values["r01-criticite-cadrage"], values["r01-criticite-planification"]) == ("standard", "élevée", "critique")
    # 5. The integrator works for the project only once its contract is signed, after the baseline's gate.
    assert values["jalon-execution"] < values["signature-contrat"] < values["debut-prestation"]  # type: ignore[operator]
    # 6. Archived by the day the last gate's dossier leaves; the end announced after the committee pronounces it.
    assert values["archivage"] <= values["envoi-dossier-fin"] < values["jalon-fin"] < values["annonce-fin"]  # type: ignore[operator]
    # The figures the texts used to restate by hand, now computed.
    assert (values["budget-reference-v1"], values["budget-reference-v2"]) == (Fraction(480000), Fraction(498000))
    assert text_of(real, "ecart-final-reference-pourcentage") == "−2,8 %" and values["ecart-mise-en-service"] == 5


def test_the_tutorial_and_the_quizzes_cite_the_case_instead_of_restating_it() -> None:
    restated = {}
    for rel, text in citing_texts().items():
        if not (rel.startswith("quizzes/") or rel == TUTORIAL.relative_to(PROJECT).as_posix()):
            continue  # the guidance and the examples are converted in the next edition (see the case file's header)
        lines = [line for line in text.split("\n") if not line.lstrip().startswith("#") or rel.endswith(".md")]
        found = [m.group() for line in lines for m in WRITTEN_ONCE.finditer(line)]
        if rel == TUTORIAL.relative_to(PROJECT).as_posix():
            found += [m.group() for line in lines for m in AMOUNT.finditer(line)]
        if found:
            restated[rel] = sorted(set(found))
    assert restated == {}


def test_quiz_scenarios_of_atlas_write_no_amount_by_hand() -> None:
    # A question that names Atlas takes its amounts from the case (a departing scenario from its « variante-… » facts).
    for path in PROJECT.glob("quizzes/*.yaml"):
        for block in path.read_text(encoding="utf-8").split("\n  - id: ")[1:]:
            if "Atlas" in block:
                assert AMOUNT.findall(block) == [], (path.name, block.split("\n", 1)[0])


def test_the_tutorial_tells_the_settled_case(real: Loaded) -> None:
    # The page's text as the build's hook resolves it (the same function), without building the site.
    text = " ".join(resolve_text(real.catalog, TUTORIAL.read_text(encoding="utf-8"), markdown=True).split())
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("'", "’")
    assert "Suivent quatre semaines de support renforcé, jusqu’au 5 novembre" in text
    assert "trois semaines" not in text and "no-go" not in text
    assert "que le chef de projet mobilise en informant la sponsor" in text
    assert "tant que le contrat n’est pas signé, l’intégrateur ne travaille pas pour le projet" in text
    assert "R-01, l’interface avec l’ERP, y est de criticité « élevée »" in text
    assert "**Archivage** de l’espace documentaire le 23 novembre" in text and "Le lendemain, 26 novembre" in text


def test_changing_the_most_cited_figure_changes_the_pages_that_cite_it(tmp_path: Path) -> None:
    counts = Counter(c.fact for text in citing_texts().values() for c in find_citations(text) if c.case == "atlas")
    facts = load_project(PROJECT).catalog.cases["atlas"].case.facts
    most = next(f for f, _ in counts.most_common() if facts[f].type in FACT_DIMENSIONS and facts[f].value is not None)
    root = copy_project(tmp_path / "projet")
    # One download cache for both generations: the second one makes again only the files whose inputs changed.
    cache = DownloadCache(None)
    before = {f.src: f.content for f in generate(load_project(root), cache, documents=False)}
    case = root / "standards/cas-atlas.yaml"
    text = case.read_text(encoding="utf-8")
    value = re.compile(r"\n    value: ([^\n]+)").search(text, text.index(f"\n  {most}:\n"))
    assert value is not None
    changed = "2027-12-24" if isinstance(facts[most].value, dt.date) else value.group(1) + "1"
    case.write_text(text[:value.start(1)] + changed + text[value.end(1):], encoding="utf-8")
    after = {f.src: f.content for f in generate(load_project(root), cache, documents=False)}
    differing = sorted(src for src in after if before.get(src) != after[src])
    # The generated pages and files alone: the tutorial, hand-written, is resolved by the build's hook as well.
    assert len(differing) >= 3, (most, differing)
    assert any(src.endswith(".md") and "parcours/quiz/" in src for src in differing), differing


def test_a_scenario_that_departs_from_the_case_says_so() -> None:
    for path in PROJECT.glob("quizzes/*.yaml"):
        for block in path.read_text(encoding="utf-8").split("\n  - id: ")[1:]:
            if "((atlas:variante-" in block:
                prompt = block.split("    prompt:", 1)[1].split("\n    choices:", 1)[0]
                assert " ".join(prompt.replace(">-", "").split()).startswith("Variante : "), (path.name, block.split("\n", 1)[0])
