"""The Atlas case study of the real référentiel: its facts are written once (standards/cas-atlas.yaml), the facts that
contradicted each other are settled there, and every text that tells the case (tutorial, quizzes, guidance of the
versions in force or in preparation, filled-in examples) cites them instead of restating them. (The machinery itself is
tested on the fixture project, tests/code/test_case_study.py.)"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest

from macros.catalog.citations import fact_text, resolve_text
from macros.core.citation_syntax import CITATION, find_citations
from macros.core.dates import french_date
from macros.core.vocabulary import FACT_DIMENSIONS, FactType
from macros.model import version_key
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
            continue  # the guidance and the examples: test_guidance_and_examples_cite_the_case_instead_of_restating_it
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


# --- the guidance and the examples cite the case ----------------------------------------------------------------------

SPACE = "[ \u00a0\u202f]"


def telling_texts(loaded: Loaded) -> dict[str, str]:
    """The guidance of each standard's latest version (in preparation or in force: a published older one no longer
    changes) and every filled-in example, citations blanked out and YAML comments left out."""
    cat = loaded.catalog
    paths = [PROJECT / "standards" / slug / f"{max(versions, key=version_key)}.md" for slug, versions in cat.standards.items()]
    paths = [p for p in paths if p.is_file()] + sorted(PROJECT.glob("standards/*/exemples/*.yaml"))
    texts = {}
    for path in paths:
        text = CITATION.sub(lambda m: " " * len(m.group()), path.read_text(encoding="utf-8"))
        if path.suffix == ".yaml":
            text = "\n".join("" if line.lstrip().startswith("#") else line for line in text.split("\n"))
        texts[path.relative_to(PROJECT).as_posix()] = text
    return texts


def written_forms(loaded: Loaded, fact_id: str) -> Iterator[str]:
    """How a text could write an amount or a date of the case by hand: « 246 000 € » (or 246000 in a cell),
    « 31 mars 2027 », « 31 mars », 2027-03-31, 31/03/2027."""
    study = loaded.catalog.cases["atlas"]
    fact, value = study.case.facts[fact_id], study.values.get(fact_id)
    if fact.type == FactType.MONEY and isinstance(value, Fraction) and value.denominator == 1 and abs(value) >= 1000:
        whole = abs(int(value))
        yield from (rf"(?<![\d,.]){f'{whole:,}'.replace(',', SPACE + '?')}{SPACE}*€", rf"(?<![\w.,-]){whole}(?![\w.,])")
    if fact.type == FactType.DATE and isinstance(value, dt.date):
        day, month, year = french_date(value).split(" ")
        yield from (rf"(?<!\d){day}{SPACE}+{month}{SPACE}+{year}", rf"(?<!\d){day}{SPACE}+{month}(?!{SPACE}*\d)",
                    value.isoformat(), value.strftime("%d/%m/%Y"))


def test_guidance_and_examples_cite_the_case_instead_of_restating_it(upcoming: Loaded) -> None:
    facts = upcoming.catalog.cases["atlas"].case.facts
    texts = telling_texts(upcoming)
    assert len(texts) >= 16 + 5  # a guidance text per standard, and the examples
    restated = {}
    for rel, text in texts.items():
        found = [m.group() for m in WRITTEN_ONCE.finditer(text)]
        found += [f"{m.group()} ({fact_id})" for fact_id in facts for form in written_forms(upcoming, fact_id)
                  for m in re.finditer(form, text)]
        if found:
            restated[rel] = sorted(set(found))
    assert restated == {}


def test_the_restating_check_would_see_an_amount_a_date_and_a_name(upcoming: Loaded) -> None:
    # The same search as above, on a sentence that restates three facts: it must find each of them.
    text = "Le contrat de 246 000 € est signé le 31 mars 2027 ; Intégra Services commence le 1er avril."
    found = {fact_id for fact_id in ("contrat-integrateur", "signature-contrat", "debut-prestation")
             for form in written_forms(upcoming, fact_id) if re.search(form, text)}
    assert found == {"contrat-integrateur", "signature-contrat", "debut-prestation"}
    assert WRITTEN_ONCE.search(text)


# --- the settled contradictions, as the pages of the edition in preparation show them ----------------------------------


@pytest.fixture(scope="module")
def upcoming_pages(upcoming_files: dict[str, bytes | str]) -> dict[str, str]:
    """The generated pages and Markdown downloads of the edition in preparation (conftest.py), as plain text: tags
    dropped, entities decoded, typographic spaces and apostrophes made plain, whitespace collapsed."""
    pages = {}
    for src, content in upcoming_files.items():
        if src.endswith(".md"):
            text = content if isinstance(content, str) else content.decode("utf-8")
            text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
            pages[src] = " ".join(text.split())
    return pages


def page(pages: dict[str, str], src: str) -> str:
    assert src in pages, sorted(pages)[:20]
    return pages[src]


def test_support_renforce_lasts_four_weeks_to_5_november(upcoming_pages: dict[str, str]) -> None:
    transition = page(upcoming_pages, "standards/transition-vers-l-exploitation/index.md")
    assert "quatre semaines de support renforcé (hypercare), pour couvrir aussi le second palier du 25 octobre" in transition
    assert "Du 11 octobre au 5 novembre, un point quotidien" in transition
    cloture = page(upcoming_pages, "standards/cloture-et-retour-d-experience/index.md")
    assert "prévoit la passation et quatre semaines de support renforcé" in cloture
    assert "Le support renforcé prend fin le 5 novembre, ses critères de sortie atteints" in cloture
    for text in (transition, cloture):
        assert "trois semaines de support" not in text and "prend fin le 29 octobre" not in text


def test_the_project_manager_releases_the_provision_without_a_change_request(upcoming_pages: dict[str, str]) -> None:
    achats = page(upcoming_pages, "standards/achats-et-contrats/index.md")
    assert ("L'avenant n° 2 (12 000 €), qui prolonge en juin l'équipe d'Intégra Services, n'est pas une demande de "
            "changement : il met en œuvre la décision du chef de projet de mobiliser la provision pour risques") in achats
    assert "approuvé par Claire Martin, son montant dépassant le seuil" not in achats
    budget = page(upcoming_pages, "standards/budget-et-couts/index.md")
    assert "le chef de projet la mobilise selon les règles du plan de management et en informe la sponsor" in budget
    changes = page(upcoming_pages, "standards/gestion-des-changements/index.md")
    assert "elle ne passe pas par une demande de changement" in changes


def test_the_charter_admits_the_major_anomaly_the_acceptance_report_keeps_open(upcoming_pages: dict[str, str]) -> None:
    criterion = ("scénarios de la recette fonctionnelle conformes, aucune anomalie bloquante ouverte, toute anomalie "
                 "majeure couverte par une réserve datée")
    charter = page(upcoming_pages, "standards/lancement-de-projet/3.0.0/charte-de-projet-exemple.md")
    assert criterion in charter and "ni majeure" not in charter
    assert "EXEMPLE — document fictif du projet Atlas (Groupe Hélio), tiré du cas d'étude du référentiel" in charter
    report = page(upcoming_pages, "standards/qualite-et-recette/2.0.0/proces-verbal-de-recette-exemple.md")
    assert "| Anomalies majeures ouvertes | 1 (RES-3) |" in report
    assert f"le critère d'acceptation de la charte ({criterion}) est donc tenu" in report
    assert criterion in page(upcoming_pages, "standards/lancement-de-projet/index.md")


def test_atlas_is_standard_because_r01_is_high_at_cadrage(upcoming_pages: dict[str, str]) -> None:
    risks = page(upcoming_pages, "standards/gestion-des-risques/index.md")
    assert "sa probabilité est « Moyenne » et son impact « Fort » : R-01 est de criticité « élevée »" in risks
    assert "Atlas est un projet « standard » : un budget de 480 000 €" in risks
    assert "porte sa probabilité à « Forte » et sa criticité à « critique »" in risks
    assert "Aucun risque n'étant critique au cadrage, rien ne fait d'Atlas un projet « majeur »" in page(
        upcoming_pages, "standards/lancement-de-projet/index.md")


def test_the_integrator_works_for_the_project_only_once_its_contract_is_signed(upcoming_pages: dict[str, str]) -> None:
    planning = page(upcoming_pages, "standards/planification/index.md")
    assert ("Intégra Services, retenu le 19 mars, ne travaille pour le projet qu'une fois son contrat signé : il revoit la "
            "WBS à son arrivée, le 1er avril, sans changer la référence de base") in planning
    assert "l'architecte d'Intégra Services" not in planning and "revue avec Intégra Services dès son choix" not in planning
    achats = page(upcoming_pages, "standards/achats-et-contrats/index.md")
    assert "Avant cette date, Intégra Services ne travaille pas pour le projet" in achats


def test_archiving_precedes_the_closing_committee_and_the_end_is_announced_after_it(upcoming_pages: dict[str, str]) -> None:
    cloture = page(upcoming_pages, "standards/cloture-et-retour-d-experience/index.md")
    assert "L'espace documentaire est archivé le 23 novembre, le jour où part le dossier du jalon de fin de projet" in cloture
    assert "Le comité de pilotage prononce la clôture le 25 novembre 2027 ; Claire Martin l'annonce le lendemain" in cloture
    governance = page(upcoming_pages, "standards/gouvernance-de-projet/index.md")
    assert "Le dossier du dernier jalon part le 23 novembre, deux jours ouvrés avant la séance" in governance
    stakeholders = page(upcoming_pages, "standards/gestion-des-parties-prenantes/index.md")
    assert "Le 26 novembre, lendemain du comité de pilotage qui prononce la fin du projet, un message de Claire Martin" in stakeholders
    assert "Le 23 novembre, un message" not in stakeholders
