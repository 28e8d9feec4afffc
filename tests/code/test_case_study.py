"""The case study as data: facts written once in standards/cas-<id>.yaml, computed without eval, cited by id from the
guidance, examples, quizzes and hand-written pages, written the French way, escaped once, checked by `pmo validate`.

The fixture « complet » has a case « essai » (standards/cas-essai.yaml) cited in the guidance of suivi-des-actions 1.1.0,
the example of its register, a question of quiz-actions and the tutorials' index page.
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from macros.core.citation_syntax import find_citations, substitute
from macros.core.dates import add_working_days, public_holidays, working_days_between
from macros.core.expression import ExpressionError, Quantity, evaluate, parse
from macros.core.numbers import french_money, french_number, french_percent, french_words
from macros.core.vocabulary import Dimension
from macros.site.download_cache import DownloadCache
from macros.site.plan import generate
from tests.support import FixtureProject, tree_bytes

CASE = "standards/cas-essai.yaml"
GUIDANCE = "standards/suivi-des-actions/1.1.0.md"
EXAMPLE = "standards/suivi-des-actions/exemples/registre-des-actions.yaml"
QUIZ = "quizzes/quiz-actions.yaml"
TUTORIAL = "docs/tutoriels/index.md"
NBSP, NNBSP = "\u00a0", "\u202f"


# --- French figures and dates -----------------------------------------------------------------------


def test_french_figures() -> None:
    assert french_money(480000) == f"480{NNBSP}000{NBSP}€"
    assert french_money(Fraction(-13800)) == f"\u221213{NNBSP}800{NBSP}€"
    assert french_money(4200, sign=True) == f"+4{NNBSP}200{NBSP}€"
    assert french_percent(Fraction(-13800, 498000) * 100) == f"\u22122,8{NNBSP}%"
    assert french_number(Fraction(57, 20), 1) == "2,9"  # half away from zero, as reports round
    assert [french_words(n) for n in (3, 4, 11, 21, 71, 80, 200, 1000, 480000)] == [
        "trois", "quatre", "onze", "vingt-et-un", "soixante-et-onze", "quatre-vingts", "deux-cents", "mille",
        "quatre-cent-quatre-vingt-mille"]


def test_working_days_follow_the_french_calendar() -> None:
    assert dt.date(2027, 11, 1) in public_holidays(2027)  # Toussaint
    assert dt.date(2027, 3, 29) in public_holidays(2027)  # lundi de Pâques (Pâques : 28 mars 2027)
    assert dt.date(2027, 5, 17) in public_holidays(2027)  # lundi de Pentecôte
    assert working_days_between(dt.date(2027, 10, 4), dt.date(2027, 10, 11)) == 5
    assert working_days_between(dt.date(2027, 10, 29), dt.date(2027, 11, 5)) == 4  # the Monday is a holiday
    assert add_working_days(dt.date(2027, 11, 25), -2) == dt.date(2027, 11, 23)


# --- the calculations: parsed and evaluated here, dimensions checked --------------------------------


def calc(text: str, **values: object) -> Quantity:
    def lookup(name: str, offset: int) -> Quantity:
        value = values[name.replace("-", "_")]
        if isinstance(value, dt.date):
            return Quantity(Dimension.DATE, value)
        return Quantity(Dimension.MONEY, Fraction(str(value)))
    return evaluate(parse(text), lookup)


def test_calculations() -> None:
    assert calc("(cout-final - budget) / budget * 100", cout_final=484200, budget=498000).value == Fraction(-13800, 4980)
    assert calc("fin - debut", fin=dt.date(2027, 11, 5), debut=dt.date(2027, 10, 11)) == Quantity(Dimension.NUMBER, Fraction(25))
    assert calc("debut + 7", debut=dt.date(2027, 10, 11)) == Quantity(Dimension.DATE, dt.date(2027, 10, 18))
    assert calc("jours_ouvres(a, b)", a=dt.date(2027, 10, 4), b=dt.date(2027, 10, 11)).value == 5
    assert calc("ajouter_jours_ouvres(a, -2)", a=dt.date(2027, 11, 25)).value == dt.date(2027, 11, 23)
    assert calc("abs(a - b)", a=1, b=3) == Quantity(Dimension.MONEY, Fraction(2))


@pytest.mark.parametrize(("text", "message", "offset"), [
    ("__import__('os').system('id')", "caractère inattendu « _ » (permis : nombres, identifiants de faits, + - * / et parenthèses)", 0),
    ("budget; import os", "caractère inattendu « ; » (permis : nombres, identifiants de faits, + - * / et parenthèses)", 6),
    ("budget +", "calcul incomplet : une valeur manque à la fin", 8),
    ("budget budget", "« budget » inattendu : un opérateur (+ - * /) est attendu entre deux valeurs", 7),
    ("(budget", "parenthèse fermante « ) » attendue", 7),
    ("budget + debut", "opération impossible : montant + date", 7),
    ("budget / (budget - budget)", "division par zéro", 7),
    ("eval(budget)", "fonction inconnue « eval » ; fonctions : jours, jours_ouvres, ajouter_jours_ouvres, abs", 0),
])
def test_bad_calculations_are_refused_in_french(text: str, message: str, offset: int) -> None:
    with pytest.raises(ExpressionError) as caught:
        calc(text, budget=100, debut=dt.date(2027, 1, 1))
    assert (caught.value.message, caught.value.offset) == (message, offset)


# --- the citation syntax ------------------------------------------------------------------------------


def test_citations_in_markdown_code_are_shown_as_written() -> None:
    text = "Budget ((essai:budget)), code `((essai:budget))` et\n```\n((essai:budget))\n```\n((essai:revue-1:jour))"
    assert [(c.fact, c.format) for c in find_citations(text, markdown=True)] == [("budget", ""), ("revue-1", "jour")]
    assert substitute(text, {"((essai:budget))": "1 €"}, markdown=True).startswith("Budget 1 €, code `((essai:budget))`")


# --- the built site: every kind of text that cites a fact shows it --------------------------------------


def test_pages_and_files_show_the_facts(complet: FixtureProject) -> None:
    current = complet.page("standards/suivi-des-actions/index.html")
    assert ("Un projet de 120 000 € piloté par Léa Martin, cheffe de projet informatique. À la revue du lundi 7 octobre 2024, "
            "Léa Martin compte trois actions ; la revue suivante a lieu 19 jours ouvrés plus tard. Le coût final, 114 600 €, "
            "est de 5 400 € sous le budget (−4,5 %). Le commanditaire décide du transfert des actions restantes. "
            "La syntaxe s'écrit ((essai:budget)).") in current.replace(NNBSP, " ").replace(NBSP, " ")
    assert "120 000 €" in complet.page("standards/suivi-des-actions/1.1.0/index.html").replace(NNBSP, " ").replace(NBSP, " ")
    tutorial = complet.page("tutoriels/index.html").replace(NNBSP, " ").replace(NBSP, " ")
    assert ("Le cas d'étude suit Léa Martin, pilote de projet : un budget de 120 000 €, une première revue le 7 octobre 2024. "
            "Dans le code, la citation reste telle quelle : ((essai:budget)).") in tutorial
    quiz = complet.page("parcours/quiz/quiz-actions/index.html")
    assert "à la revue du 7 octobre 2024, Léa Martin comptait trois actions ouvertes." in quiz
    moodle = complet.file("pmo/banque-de-questions/quiz-actions-moodle.xml").read_text(encoding="utf-8")
    assert "Léa Martin comptait trois actions ouvertes" in moodle and "((" not in moodle
    example = complet.file("standards/suivi-des-actions/1.1.0/registre-des-actions-exemple.md").read_text(encoding="utf-8")
    assert f"| Chiffrer l’écart de 5{NNBSP}400{NBSP}€ avec Léa Martin | Ouverte | 4 novembre 2024 |" in example
    # The example's notice names the example's own project, not another case's.
    assert "> **EXEMPLE — document fictif du projet Essai, tiré du cas d’étude du référentiel" in example


def test_a_cell_that_cites_a_date_stays_a_date(complet: FixtureProject) -> None:
    sheet = openpyxl.load_workbook(complet.file("standards/suivi-des-actions/1.1.0/registre-des-actions-exemple.xlsx")).worksheets[0]
    assert [c.value for c in sheet[2]] == [f"Chiffrer l'écart de 5{NNBSP}400{NBSP}€ avec Léa Martin", "Ouverte", dt.datetime(2024, 11, 4)]


def test_no_citation_is_left_in_the_site(complet: FixtureProject) -> None:
    assert complet.site is not None
    left = [p.relative_to(complet.site).as_posix() for p in complet.site.rglob("*.html") if "((essai:" in
            p.read_text(encoding="utf-8").replace("<code>((essai:budget))</code>", "")]
    assert left == []


def test_changing_a_fact_changes_every_page_and_file_that_cites_it(complet: FixtureProject, tmp_path: Path) -> None:
    assert complet.site is not None
    project = FixtureProject.named("complet").copy(tmp_path / "complet")
    project.edit(CASE, "    value: 120000", "    value: 135000").build()
    assert project.site is not None
    before, after = tree_bytes(complet.site), tree_bytes(project.site)
    changed = sorted(name for name in after if before.get(name) != after[name])
    # The guidance (current page and permanent page of 1.1.0), the tutorial, the example's title and the facts computed
    # from the budget; the search index and the kit of templates hold them too. Nothing else moves.
    assert changed == ["modeles/kit-modeles-2024.2.zip", "search/search_index.json", "standards/suivi-des-actions/1.1.0/index.html",
                       "standards/suivi-des-actions/1.1.0/registre-des-actions-exemple.md",
                       "standards/suivi-des-actions/1.1.0/registre-des-actions-exemple.xlsx",
                       "standards/suivi-des-actions/index.html", "tutoriels/index.html"]
    page = project.page("standards/suivi-des-actions/index.html").replace(NNBSP, " ").replace(NBSP, " ")
    assert "Un projet de 135 000 € piloté par" in page
    assert "est de 20 400 € sous le budget (−15,1 %)" in page  # computed again from the new value
    assert "un budget de 135 000 €" in project.page("tutoriels/index.html").replace(NNBSP, " ").replace(NBSP, " ")


def test_fact_values_are_data_never_markup(complet_copy: FixtureProject) -> None:
    # (An address other than http(s) or mailto is refused in any data text: tests/code/attacks/test_validation.py.)
    hostile = "<script>alert(1)</script> {{ 7*7 }} *gras* [lien](https://exemple.invalid/piege)"
    complet_copy.edit(CASE, "    value: Léa Martin", f"    value: \"{hostile}\"").build()
    for page in ("standards/suivi-des-actions/index.html", "tutoriels/index.html", "parcours/quiz/quiz-actions/index.html"):
        html = complet_copy.html(page)
        assert "<script>alert(1)" not in html and 'href="https://exemple.invalid' not in html and "<em>gras</em>" not in html, page
        assert hostile.replace("'", "’") in complet_copy.page(page), page


# --- pmo validate -----------------------------------------------------------------------------------------


def problems(project: FixtureProject) -> list[str]:
    return [p.format() for p in project.load().problems]


def test_the_fixture_case_is_valid(complet_copy: FixtureProject) -> None:
    loaded = complet_copy.load()
    assert loaded.problems == []
    study = loaded.catalog.cases["essai"]
    assert study.values["ecart-cout"] == Fraction(-5400) and study.values["ecart-revues"] == Fraction(19)


def test_unknown_facts_formats_and_cases_are_refused_where_they_are_written(complet_copy: FixtureProject) -> None:
    complet_copy.edit(GUIDANCE, "((essai:revue-1:jour))", "((essai:revue-un:jour))").relock()
    complet_copy.edit(TUTORIAL, "((essai:budget)), une", "((essai:budget:lettres)), une")
    complet_copy.edit(QUIZ, "((essai:revue-1)), ((essai:pilote))", "((essai:revue-1)), ((atlas:pilote))")
    complet_copy.edit(EXAMPLE, "  project_manager: ((essai:pilote))", "  project_manager: ((essai:Pilote))")
    assert [p.format() for p in complet_copy.load().errors] == [
        f"{TUTORIAL}:9:65: erreur : corps : format inconnu « lettres » pour le fait « budget » (money) ; formats : "
        "« signe » (+4 200 €), « abs » (13 800 € pour −13 800 €)",
        f"{QUIZ}:55:26: erreur : questions[2].explanation : cas inconnu « atlas » dans « ((atlas:pilote)) » ; cas : « essai »",
        f"{GUIDANCE}:14:32: erreur : corps : fait inconnu « revue-un » dans le cas « essai » ; faits proches : revue-2, revue-1",
        f"{EXAMPLE}:6:20: erreur : project.project_manager : citation mal formée : écrivez ((cas:fait)) ou ((cas:fait:format)), "
        "en minuscules, sans espace, par exemple ((atlas:budget-initial))",
    ]


def test_a_citation_where_it_is_never_resolved_is_refused(complet_copy: FixtureProject) -> None:
    complet_copy.edit("standards/revue-de-projet/1.0.0.yaml", "summary: ", "summary: ((essai:budget)) ").relock()
    assert problems(complet_copy) == [
        "standards/revue-de-projet/1.0.0.yaml:11:10: erreur : summary : citation « ((essai:budget)) » jamais remplacée dans ce "
        "fichier : un fait du cas se cite dans les textes d'accompagnement des standards, les exemples, les pages de docs/, "
        "les quiz et les faits de type texte du cas"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    compute: cout-final - budget\n", "    compute: cout-final - budjet\n",
     "27:14: erreur : facts.ecart-cout.compute : fait inconnu « budjet » (caractère 14 du calcul)"),
    ("    compute: cout-final - budget\n", "    compute: cout-final-budget\n",
     "27:14: erreur : facts.ecart-cout.compute : fait inconnu « cout-final-budget » (entourez d'espaces le signe moins d'une "
     "soustraction : « a - b »)"),
    ("    compute: cout-final - budget\n", "    compute: revue-2 - revue-1\n",
     "27:14: erreur : facts.ecart-cout.compute : le calcul donne un(e) nombre, mais le fait est de type money (montant attendu)"),
    ("    compute: cout-final - budget\n", "    compute: ecart-cout + budget\n",
     "27:14: erreur : facts.ecart-cout.compute : calcul circulaire : ce fait dépend de lui-même, directement ou par d'autres faits"),
    ("    compute: cout-final - budget\n", "    compute: pilote + 1\n",
     "27:14: erreur : facts.ecart-cout.compute : le fait « pilote » est un person : il ne se calcule pas"),
    ("    role: pilote\n", "    role: pilotte\n",
     "10:11: erreur : facts.pilote.role : rôle inconnu « pilotte » ; rôles : bureau-pmo, commanditaire, pilote"),
    ("    value: 114600\n", "    value: 114600\n    compute: budget\n",
     "21:5: erreur : facts.cout-final : indiquez soit value (la valeur), soit compute (le calcul qui la donne), l'un des deux seulement"),
])
def test_a_bad_case_is_refused_in_french(complet_copy: FixtureProject, old: str, new: str, expected: str) -> None:
    complet_copy.edit(CASE, old, new)
    assert [p for p in problems(complet_copy) if p.startswith(CASE)] == [f"{CASE}:{expected}"]


def test_a_heading_that_cites_a_fact_needs_a_fixed_anchor(complet_copy: FixtureProject) -> None:
    complet_copy.edit(TUTORIAL, "## Avant de commencer", "## Avant la revue du ((essai:revue-1))")
    assert problems(complet_copy) == [f"{TUTORIAL}:12:22: avertissement : corps : un titre qui cite un fait change d'ancre quand le "
                                      "fait change : donnez-lui une ancre fixe, par exemple « { #jalon-1 } » en fin de titre"]
    complet_copy.edit(TUTORIAL, "## Avant la revue du ((essai:revue-1))", "## Avant la revue du ((essai:revue-1)) { #avant }")
    assert problems(complet_copy) == []


def test_pmo_validate_names_the_file_of_an_unknown_fact(complet_copy: FixtureProject) -> None:
    complet_copy.edit(TUTORIAL, "((essai:revue-1))", "((essai:revue-3))")
    result = complet_copy.pmo("validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{TUTORIAL}:10:1: erreur : corps : fait inconnu « revue-3 » dans le cas « essai » ; "
                                          "faits proches : revue-2, revue-1, resume", "Échec de la validation : 1 erreur, 0 avertissement."]


# --- a document's revisions and signatures cite the case's dates -----------------------------------------

REVIEW_EXAMPLE = "standards/revue-de-projet/exemples/compte-rendu-de-revue.yaml"


def review_example(revision: str, signed: str) -> str:
    return ("template: compte-rendu-de-revue\ntitle: Compte rendu de la revue du ((essai:revue-2))\n"
            f"revisions:\n  - version: \"1.0\"\n    date: {revision}\n    author: ((essai:pilote))\n    changes: Première version.\n"
            f"approval:\n  written_by: {{name: ((essai:pilote)), date: {revision}}}\n"
            f"  approved_by: {{name: Le commanditaire, date: {signed}}}\n"
            "sections:\n  - title: Décisions\n    rows:\n      - [Chiffrer l'écart de ((essai:ecart-cout:abs)), ((essai:pilote))]\n")


def test_a_documents_revisions_and_signatures_cite_the_cases_dates(complet_copy: FixtureProject) -> None:
    complet_copy.write(REVIEW_EXAMPLE, review_example("((essai:revue-2))", "((essai:revue-1))"))
    loaded = complet_copy.load()
    assert loaded.problems == []
    files = {f.src: f.content for f in generate(loaded, DownloadCache(None))}
    shown = files["standards/revue-de-projet/1.0.0/compte-rendu-de-revue-exemple.md"]
    text = (shown if isinstance(shown, str) else shown.decode()).replace(NNBSP, " ").replace(NBSP, " ")
    assert "| 1.0 | 4 novembre 2024 | Léa Martin | Première version. |" in text
    assert "| Rédigé par : Pilote de projet (R) | Léa Martin | 4 novembre 2024 | Signé |" in text
    assert "| Approuvé par : Commanditaire (A) | Le commanditaire | 7 octobre 2024 | Signé |" in text
    assert "((" not in text


@pytest.mark.parametrize(("revision", "message"), [
    ("((essai:budget))", f"5:11: erreur : revisions[0].date : « 120{NNBSP}000{NBSP}€ » n'est pas une date : citez un fait de type date du "
                         "cas"),
    ("hier", "5:11: erreur : revisions[0].date : une date AAAA-MM-JJ est attendue, ou la citation d'une date du cas, par "
             "exemple ((atlas:charte-v1))"),
])
def test_a_revision_or_signature_that_is_no_date_is_refused(complet_copy: FixtureProject, revision: str, message: str) -> None:
    complet_copy.write(REVIEW_EXAMPLE, review_example(revision, "2024-10-07"))
    assert [p for p in problems(complet_copy) if p.startswith(REVIEW_EXAMPLE)][:1] == [f"{REVIEW_EXAMPLE}:{message}"]
