"""Quizzes and the onboarding path: invalid fixtures with exact errors, folder rules, renderers, stable ids, stale questions."""
# ruff: noqa: E501 - the expected messages are exact, each on one line
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from macros.catalog.catalog import Catalog
from macros.core.links import PARCOURS_PAGE, STALE_PAGE, quiz_page
from macros.loading.markdown_source import page_anchors
from macros.model.quiz import Choice, Parcours, Question, Quiz
from macros.pages import quizzes as quiz_pages
from macros.quiz.quizzes import DocsIndex, QuizSet, StaleQuestion, load_quiz, load_quizzes, stale_questions
from macros.render import quiz_page as quiz_renderer
from macros.render.quiz_page import _json_for_script, quiz_data
from tests.support import FIXTURES, PROJECT, load_catalog, locked_copy, write_lock


def render_quiz_page(quiz: Quiz, cat: Catalog, src: str, labels: dict[str, str] | None = None) -> str:
    return quiz_renderer.render_quiz_page(quiz_pages.quiz_page(cat, quiz, labels or {}, src))


def render_parcours_page(quizset: QuizSet, cat: Catalog, src: str) -> str:
    assert quizset.parcours is not None and src == PARCOURS_PAGE
    return quiz_renderer.render_parcours_page(quiz_pages.parcours_page(cat, quizset, quizset.parcours))


def render_stale_page(stale: list[StaleQuestion], cat: Catalog, src: str) -> str:
    return quiz_renderer.render_stale_page(quiz_pages.stale_page(cat, stale))


INVALID = FIXTURES / "invalid_quizzes"
MINI = FIXTURES / "mini"

# The valid quiz the invalid fixtures were made from: each fixture breaks it in exactly one place.
VALID_QUIZ = """\
id: {id}
title: Quiz de démonstration
audience: [chef-de-projet]
pass_mark: 75
questions:
  - id: q-charte
    type: single
    prompt: Qui rédige la charte du projet ?
    choices:
      - id: a
        text: Le chef de projet.
        correct: true
      - id: b
        text: Le sponsor.
    explanation: Le chef de projet rédige la charte (DEM-01), que le sponsor valide.
    covers: [DEM-01]
  - id: q-registre
    type: true_false
    prompt: Le registre des risques est recommandé en planification.
    choices:
      - id: vrai
        text: Vrai
        correct: true
      - id: faux
        text: Faux
    explanation: DEM-02 est un point recommandé de la planification.
    covers: [DEM-02, guide.md#etape-2]
"""

EXPECTED = {
    "ancre-introuvable": "ancre-introuvable.yaml:28:22: erreur : questions[1].covers[1] : ancre « #titre-dans-un-bloc-de-code » introuvable dans la page « guide.md »",
    "champ-inconnu": "champ-inconnu.yaml:16:9: erreur : questions[0].choices[1].feedbak : champ inconnu (vérifiez l'orthographe)",
    "cible-mal-formee": "cible-mal-formee.yaml:17:14: erreur : questions[0].covers[0] : « la charte du projet » n'est ni un identifiant de point de contrôle (par exemple RSK-03) ni une page (par exemple guides/mettre-en-place-un-pmo.md#etape-1)",
    "covers-vide": "covers-vide.yaml:17:13: erreur : questions[0].covers : au moins 1 élément attendu",
    "edition-de-revue-inconnue": "edition-de-revue-inconnue.yaml:18:15: erreur : questions[0].reviewed : édition inconnue « 2030.1 » ; éditions : 2020.1",
    "explication-absente": "explication-absente.yaml:7:5: erreur : questions[0].explanation : champ obligatoire manquant",
    "identifiant-different-du-fichier": "identifiant-different-du-fichier.yaml:2:5: erreur : id : l'identifiant « autre-quiz » ne correspond pas au nom du fichier « identifiant-different-du-fichier.yaml »",
    "multiple-sans-bonne-reponse": "multiple-sans-bonne-reponse.yaml:11:7: erreur : questions[0].choices : une question à réponses multiples a au moins une bonne réponse (correct: true) ; trouvé : 0",
    "page-hors-de-docs": "page-hors-de-docs.yaml:28:22: erreur : questions[1].covers[1] : chemin « guide/../../standards/editions.md » interdit : une page se désigne depuis docs/, sans « .. »",
    "page-introuvable": "page-introuvable.yaml:28:22: erreur : questions[1].covers[1] : page « absente.md » introuvable dans docs/ (chemin relatif à docs/, par exemple reference/glossaire.md)",
    "point-de-controle-inconnu": "point-de-controle-inconnu.yaml:17:14: erreur : questions[0].covers[0] : point de contrôle « DEM-99 » introuvable dans les standards de l'édition en vigueur",
    "question-en-double": "question-en-double.yaml:18:9: erreur : questions[1].id : identifiant de question « q-charte » en double (déjà pris par questions[0])",
    "reponse-en-double": "reponse-en-double.yaml:14:13: erreur : questions[0].choices[1].id : identifiant de réponse « a » en double dans la question (déjà pris par choices[0])",
    "role-inconnu": "role-inconnu.yaml:4:28: erreur : audience[1] : rôle inconnu « directeur » ; rôles définis : chef-de-projet, responsable-pmo, sponsor",
    "seuil-superieur-a-100": "seuil-superieur-a-100.yaml:5:12: erreur : pass_mark : doit être inférieur ou égal à 100",
    "single-deux-bonnes-reponses": "single-deux-bonnes-reponses.yaml:11:7: erreur : questions[0].choices : une question à réponse unique a exactement une bonne réponse (correct: true) ; trouvé : 2",
    "single-sans-bonne-reponse": "single-sans-bonne-reponse.yaml:11:7: erreur : questions[0].choices : une question à réponse unique a exactement une bonne réponse (correct: true) ; trouvé : 0",
    "tirage-trop-grand": "tirage-trop-grand.yaml:6:7: erreur : draw : tirage de 3 questions impossible : le quiz n'en compte que 2",
    "type-inconnu": "type-inconnu.yaml:19:11: erreur : questions[1].type : valeur « vrai_faux » non permise ; valeurs permises : 'single', 'multiple', 'true_false'",
    "une-seule-reponse": "une-seule-reponse.yaml:11:7: erreur : questions[0].choices : au moins 2 éléments attendus",
    "vrai-faux-trois-reponses": "vrai-faux-trois-reponses.yaml:22:7: erreur : questions[1].choices : une question vrai ou faux a exactement deux réponses (Vrai et Faux) ; trouvé : 3",
}


@pytest.fixture(scope="module")
def mini_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    cat = load_catalog(locked_copy(MINI, tmp_path_factory.mktemp("mini") / "projet") / "standards")
    assert cat.errors == []
    return cat


def write_project(root: Path, parcours: str | None = None) -> Path:
    """A complete small project: the mini référentiel, its docs, four quizzes and a parcours."""
    locked_copy(MINI, root)
    folder = root / "quizzes"
    folder.mkdir()
    for n in range(1, 5):
        (folder / f"quiz-{n}.yaml").write_text(VALID_QUIZ.format(id=f"quiz-{n}"), encoding="utf-8")
    (folder / "parcours.yaml").write_text(parcours if parcours is not None else PARCOURS, encoding="utf-8")
    return root


PARCOURS = """\
title: Parcours de démonstration
modules:
  - {id: premiere, week: 1, title: Première semaine, pages: [guide.md], templates: [charte-demo], quiz: quiz-1}
  - {id: deuxieme, week: 2, title: Deuxième semaine, pages: [guide.md#etape-2], quiz: quiz-2}
  - {id: troisieme, week: 3, title: Troisième semaine, pages: [standards/demo/index.md#raci], quiz: quiz-3}
  - {id: quatrieme, week: 4, title: Quatrième semaine, pages: [guide.md], templates: [registre-demo], quiz: quiz-4}
"""


def problems_of(root: Path) -> list[str]:
    cat = load_catalog(root / "standards")
    return [p.format() for p in sorted(load_quizzes(root, cat).problems)]


# --- invalid fixtures: one exact error each --------------------------------------------------

def test_every_invalid_fixture_has_an_expectation() -> None:
    assert sorted(p.stem for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 12


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_quiz_gives_one_precise_error(name: str, mini_catalog: Catalog) -> None:
    path = INVALID / f"{name}.yaml"
    _, _, problems = load_quiz(path, path.name, mini_catalog, DocsIndex(MINI / "docs", mini_catalog))
    assert [p.format() for p in problems] == [EXPECTED[name]]


def test_valid_quiz_has_no_problem(tmp_path: Path, mini_catalog: Catalog) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(VALID_QUIZ.format(id="demo"), encoding="utf-8")
    quiz, _, problems = load_quiz(path, path.name, mini_catalog, DocsIndex(MINI / "docs", mini_catalog))
    assert problems == []
    assert quiz is not None and [q.id for q in quiz.questions] == ["q-charte", "q-registre"]


def test_anchors_follow_toc_and_attr_list() -> None:
    title, anchors = page_anchors((MINI / "docs" / "guide.md").read_text(encoding="utf-8"))
    assert title == "Guide de démonstration"
    # Explicit { #id } wins; a heading inside a code block is no heading.
    assert list(anchors) == ["guide-de-demonstration", "premiere-section", "etape-2"]
    _, repeated = page_anchors("## Voir aussi\n\n## Voir aussi\n\n## L’étape « 1 » : *go*\n")
    assert list(repeated) == ["voir-aussi", "voir-aussi_1", "letape-1-go"]


# --- the whole folder and the parcours -------------------------------------------------------

def test_small_project_loads_cleanly(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    cat = load_catalog(root / "standards")
    quizset = load_quizzes(root, cat)
    assert [p.format() for p in quizset.problems] == []
    assert sorted(quizset.quizzes) == ["quiz-1", "quiz-2", "quiz-3", "quiz-4"]
    assert quizset.labels["guide.md#etape-2"] == "Guide de démonstration — Étape deux"
    assert quizset.labels["standards/demo/index.md#raci"] == "PMO-STD-001 — Standard de démonstration — RACI"


def test_no_quizzes_folder_means_nothing_to_check(tmp_path: Path, mini_catalog: Catalog) -> None:
    quizset = load_quizzes(tmp_path, mini_catalog)
    assert quizset.quizzes == {} and quizset.parcours is None and quizset.problems == []


def test_unexpected_file_and_missing_parcours(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    (root / "quizzes" / "parcours.yaml").unlink()
    (root / "quizzes" / "Notes.txt").write_text("brouillon", encoding="utf-8")
    assert problems_of(root) == [
        "quizzes/Notes.txt:1:1: erreur : (fichier) : fichier inattendu : un quiz s'écrit quizzes/<id>.yaml (minuscules, chiffres et tirets)",
        "quizzes/parcours.yaml:1:1: erreur : (fichier) : fichier obligatoire absent : le parcours d'intégration",
    ]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("quiz: quiz-4", "quiz: quiz-9",
     "quizzes/parcours.yaml:6:109: erreur : modules[3].quiz : quiz « quiz-9 » introuvable : fichier quizzes/quiz-9.yaml absent"),
    ("quiz: quiz-4", "quiz: quiz-1",
     "quizzes/parcours.yaml:6:109: erreur : modules[3].quiz : le quiz « quiz-1 » figure déjà dans le parcours (semaine 1)"),
    ("templates: [registre-demo]", "templates: [registre-inconnu]",
     "quizzes/parcours.yaml:6:87: erreur : modules[3].templates[0] : modèle « registre-inconnu » introuvable dans les standards de l'édition en vigueur"),
    ("pages: [guide.md#etape-2]", "pages: [guide.md#etape-3]",
     "quizzes/parcours.yaml:4:62: erreur : modules[1].pages[0] : ancre « #etape-3 » introuvable dans la page « guide.md »"),
    ("week: 4", "week: 3",
     "quizzes/parcours.yaml:3:3: erreur : modules : les semaines doivent se suivre dans l'ordre 1, 2, 3, 4 ; trouvé : 1, 2, 3, 3"),
    ("  - {id: quatrieme", "  # - {id: quatrieme",
     "quizzes/parcours.yaml:3:3: erreur : modules : au moins 4 éléments attendus"),
])
def test_parcours_rules(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in PARCOURS
    root = write_project(tmp_path / "p", PARCOURS.replace(old, new))
    assert problems_of(root) == [expected]


def test_all_problems_of_a_folder_are_reported_at_once(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", PARCOURS.replace("quiz: quiz-4", "quiz: quiz-9"))
    text = (root / "quizzes/quiz-2.yaml").read_text(encoding="utf-8")
    (root / "quizzes/quiz-2.yaml").write_text(text.replace("covers: [DEM-01]", "covers: [DEM-42]"), encoding="utf-8")
    assert [p.split(": erreur")[0] for p in problems_of(root)] == ["quizzes/parcours.yaml:6:109", "quizzes/quiz-2.yaml:16:14"]


def test_models_export_a_json_schema() -> None:
    for model in (Quiz, Parcours):
        schema = model.model_json_schema()
        assert schema["additionalProperties"] is False
    assert "covers" in Quiz.model_json_schema()["$defs"]["Question"]["required"]


# --- renderers -------------------------------------------------------------------------------

class _Collect(HTMLParser):
    """Elements of a rendered page: tags with attributes, script contents and visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def to_html(page: str) -> _Collect:
    """The page as the site's Markdown would render it (the extensions that matter here), front matter apart."""
    if page.startswith("---\n"):
        page = page.split("\n---\n", 1)[1]
    rendered = markdown.markdown(page, extensions=["attr_list", "md_in_html", "toc", "tables", "pymdownx.details"])
    parser = _Collect()
    parser.feed(rendered)
    return parser


def demo_quiz(prompt: str = "Qui rédige la charte du projet ?", title: str = "Quiz de démonstration") -> Quiz:
    return Quiz(
        id="demo", title=title, audience=["chef-de-projet"], pass_mark=50,
        questions=[
            Question(id="q-charte", type="single", prompt=prompt,
                     choices=[Choice(id="a", text="Le chef de projet.", correct=True),
                              Choice(id="b", text="Le sponsor.", feedback="Le sponsor valide la charte.")],
                     explanation="Le chef de projet rédige la charte. Le sponsor la valide.",
                     covers=["DEM-01", "guide.md#etape-2"]),
            Question(id="q-pieces", type="multiple", prompt="Que contient la charte ?",
                     choices=[Choice(id="objectifs", text="Les objectifs.", correct=True),
                              Choice(id="perimetre", text="Le périmètre.", correct=True),
                              Choice(id="paie", text="La paie.")],
                     explanation="La charte fixe objectifs et périmètre. La paie n'y figure pas.", covers=["DEM-01"]),
        ],
    )


def test_quiz_page_structure(mini_catalog: Catalog) -> None:
    src = quiz_page("demo")
    page = render_quiz_page(demo_quiz(), mini_catalog, src, {"guide.md#etape-2": "Guide — Étape deux"})
    # Its own title (never taken from the H1), and ranked below the standards in the search.
    assert page.startswith('---\ntitle: "Quiz de démonstration"\nsearch:\n  boost: 0.3\n---\n\n# Quiz de démonstration\n')
    doc = to_html(page)
    fieldsets = [a for t, a in doc.tags if t == "fieldset"]
    assert [a["data-pmo-question"] for a in fieldsets] == ["q-charte", "q-pieces"]
    assert sum(1 for t, _ in doc.tags if t == "legend") == 2
    inputs = [a for t, a in doc.tags if t == "input"]
    assert [a["type"] for a in inputs] == ["radio", "radio", "checkbox", "checkbox", "checkbox"]
    labels = {a["for"] for t, a in doc.tags if t == "label"}
    assert all(a["id"] in labels for a in inputs)
    # Ids are unique on the page; a question's inputs share one name, which no other question uses.
    ids = [a["id"] for t, a in doc.tags if "id" in a]
    assert len(ids) == len(set(ids))
    names, question = {}, ""
    for tag, attributes in doc.tags:
        if tag == "fieldset":
            question = attributes["data-pmo-question"]
        elif tag == "input":
            names.setdefault(question, set()).add(attributes["name"])
    assert all(len(group) == 1 for group in names.values()) and len(set.union(*names.values())) == len(names)
    # Without JavaScript, every answer and explanation is in a details element.
    assert sum(1 for t, _ in doc.tags if t == "details") == 2
    text = "".join(doc.text)
    assert "Voir la réponse et l'explication" in text
    assert "Bonne réponse : « Le chef de projet. »" in text
    assert "Le chef de projet rédige la charte. Le sponsor la valide." in text
    assert "Valider mes réponses" in text and "Recommencer" in text
    hrefs = [a.get("href") for t, a in doc.tags if t == "a"]
    assert "../../../standards/demo/#liste-demo-DEM-01" in hrefs
    assert "../../../guide/#etape-2" in hrefs
    result = next(a for t, a in doc.tags if "data-pmo-result" in a)
    assert result["aria-live"] == "polite" and result["role"] == "status" and result["tabindex"] == "-1"
    # Script and style of the quiz, on this page only, with relative addresses.
    assert ("script", {"src": "../../../assets/javascripts/pmo-common.js", "defer": None}) in doc.tags
    assert ("script", {"src": "../../../assets/javascripts/quiz.js", "defer": None}) in doc.tags
    assert ("link", {"rel": "stylesheet", "href": "../../../assets/stylesheets/quiz.css"}) in doc.tags


def test_quiz_page_data_is_never_executed_nor_injected(mini_catalog: Catalog) -> None:
    attack = "</script><script>alert(1)</script> {{ 7*7 }}"
    page = render_quiz_page(demo_quiz(prompt=attack, title=attack), mini_catalog, quiz_page("demo"))
    assert "<script>alert" not in page and "{{" not in page
    doc = to_html(page)
    # Only the scripts of the page itself: the data, then pmo-common.js and quiz.js (empty elements with a src).
    assert len(doc.scripts) == 3
    assert "alert" not in "".join(doc.scripts)
    text = "".join(doc.text)
    assert text.count("</script><script>alert(1)</script> {{ 7*7 }}") == 2  # in the title and the legend, as text
    assert json.loads(doc.scripts[0])["quiz"] == "demo"


def test_script_data_cannot_break_out() -> None:
    payload = {"x": "</script><script>alert(1)</script><!-- & \u2028"}
    text = _json_for_script(payload)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == payload


def test_quiz_data_holds_stable_ids_pass_mark_and_edition(mini_catalog: Catalog) -> None:
    data = quiz_data(demo_quiz(), mini_catalog.current_edition().id)
    assert data == {
        "quiz": "demo", "storageKey": "pmo:quiz:demo", "edition": "2020.1", "passMark": 50, "shuffle": True, "draw": None,
        "topics": [],
        "questions": [{"id": "q-charte", "type": "single", "correct": ["a"], "topic": None},
                      {"id": "q-pieces", "type": "multiple", "correct": ["objectifs", "perimetre"], "topic": None}],
    }


def test_inserting_a_question_keeps_recorded_answers(mini_catalog: Catalog) -> None:
    """Records are keyed by quiz id, question id and choice id: a new first question changes none of them."""
    before = demo_quiz()
    new = Question(id="q-sponsor", type="true_false", prompt="Le sponsor préside le comité de pilotage.",
                   choices=[Choice(id="vrai", text="Vrai", correct=True), Choice(id="faux", text="Faux")],
                   explanation="Le sponsor préside le COPIL. Il y prend les décisions de jalon.", covers=["DEM-01"])
    after = before.model_copy(update={"questions": [new, *reversed(before.questions)]})

    def keys(quiz: Quiz, src: str) -> tuple[str, dict[str, list[str]], set[tuple[str, str]]]:
        doc = to_html(render_quiz_page(quiz, mini_catalog, src))
        data = json.loads(doc.scripts[0])
        # Each input by its question's id and its value (what quiz.js records); its name and id only group the
        # radios and tie the labels, by position on the page.
        inputs, question = set(), ""
        for tag, attributes in doc.tags:
            if tag == "fieldset":
                question = attributes["data-pmo-question"]
            elif tag == "input":
                inputs.add((question, attributes["value"]))
        return data["storageKey"], {q["id"]: q["correct"] for q in data["questions"]}, inputs

    key_before, answers_before, inputs_before = keys(before, quiz_page("demo"))
    # Another URL prefix and an inserted, reordered question: same storage key, same ids, same inputs.
    key_after, answers_after, inputs_after = keys(after, "ailleurs/" + quiz_page("demo"))
    assert key_before == key_after == "pmo:quiz:demo"
    assert all(not k.isdigit() for k in answers_after)
    assert {k: answers_after[k] for k in answers_before} == answers_before
    assert inputs_before <= inputs_after
    script = (PROJECT / "docs/assets/javascripts/quiz.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("//"))
    # The key is the page's (quiz data « storageKey »): the script holds no prefix of its own, and never the URL.
    assert "data.storageKey" in code and "pmo:quiz:" not in code and "location" not in code


def test_parcours_page(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    cat = load_catalog(root / "standards")
    quizset = load_quizzes(root, cat)
    page = render_parcours_page(quizset, cat, PARCOURS_PAGE)
    assert page.startswith("# Mon parcours\n")
    assert re.findall(r"^## Semaine (\d) : .* \{#semaine-\1\}$", page, flags=re.M) == ["1", "2", "3", "4"]
    assert "- [Guide de démonstration](../guide.md)" in page
    assert "- [Guide de démonstration — Étape deux](../guide.md#etape-2)" in page
    assert "(../standards/demo/index.md#modele-charte-demo)" in page
    assert "- [Quiz de démonstration](quiz/quiz-1.md) (réussi à partir de 75 %)" in page
    doc = to_html(page)
    statuses = [a["data-quiz"] for t, a in doc.tags if "data-pmo-week-status" in a]
    assert statuses == ["quiz-1", "quiz-2", "quiz-3", "quiz-4"]
    text = "".join(doc.text)
    assert "Attestation d'auto-évaluation" in text and "auto-évaluation" in text and "édition 2020.1" in text
    assert "Imprimer l'attestation" in text
    assert ("script", {"src": "../assets/javascripts/quiz.js", "defer": None}) in doc.tags


# --- stale questions -------------------------------------------------------------------------

def two_editions(root: Path) -> None:
    """A second published edition: DEM-01 reworded and made recommended, DEM-02 removed, DEM-03 added."""
    standards = root / "standards"
    old = (standards / "demo/1.0.0.yaml").read_text(encoding="utf-8")
    (standards / "demo/1.0.0.yaml").write_text(old.replace("status: active", "status: superseded"), encoding="utf-8")
    new = old.replace('version: "1.0.0"', 'version: "1.1.0"').replace("effective_from: 2025-01-15", "effective_from: 2026-01-15")
    new = new.replace("    text: Rédiger la charte du projet.\n    level: obligatoire",
                      "    text: Rédiger et faire valider la charte du projet.\n    level: recommandé")
    start, end = new.index("  - id: DEM-02"), new.index("raci:")
    new = new[:start] + ("  - id: DEM-03\n    phase: planification\n    text: Tenir le registre des risques à jour.\n"
                         "    level: obligatoire\n    template: registre-demo\n") + new[end:]
    new = new.replace("covers: [DEM-01, DEM-02]", "covers: [DEM-01, DEM-03]")
    (standards / "demo/1.1.0.yaml").write_text(new, encoding="utf-8")
    editions = (standards / "editions.yaml").read_text(encoding="utf-8")
    second = editions.split("editions:\n", 1)[1].replace('"2020.1"', '"2021.1"').replace("2025-01-15", "2026-01-15")
    (standards / "editions.yaml").write_text(editions + second.replace('demo: "1.0.0"', 'demo: "1.1.0"'), encoding="utf-8")
    write_lock(root)  # as `pmo publish` leaves it


def test_stale_questions_between_two_editions(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    two_editions(root)
    reviewed = (root / "quizzes/quiz-3.yaml").read_text(encoding="utf-8")
    (root / "quizzes/quiz-3.yaml").write_text(reviewed.replace("    covers: [DEM-01]\n", '    covers: [DEM-01]\n    reviewed: "2021.1"\n'), encoding="utf-8")
    cat = load_catalog(root / "standards")
    assert cat.errors == []
    quizset = load_quizzes(root, cat)
    assert quizset.errors == []  # a removed item is reported as stale, not as an unknown target
    stale = stale_questions(quizset, cat)
    found = [(s.quiz.id, s.question.id, s.item_id, s.reason) for s in stale]
    changed = "point de contrôle modifié dans l'édition 2021.1 (texte, niveau)"
    removed = "point de contrôle supprimé dans l'édition 2021.1"
    assert found == [
        ("quiz-1", "q-charte", "DEM-01", changed), ("quiz-1", "q-registre", "DEM-02", removed),
        ("quiz-2", "q-charte", "DEM-01", changed), ("quiz-2", "q-registre", "DEM-02", removed),
        ("quiz-3", "q-registre", "DEM-02", removed),  # its q-charte was reviewed for 2021.1
        ("quiz-4", "q-charte", "DEM-01", changed), ("quiz-4", "q-registre", "DEM-02", removed),
    ]
    warnings = [p.format() for p in quizset.warnings if p.file == "quizzes/quiz-1.yaml"]
    assert warnings == [
        "quizzes/quiz-1.yaml:16:14: avertissement : questions[0].covers[0] : question « q-charte » à revoir : DEM-01, "
        f"{changed} ; mettez-la à jour puis indiquez reviewed: \"2021.1\"",
        "quizzes/quiz-1.yaml:27:14: avertissement : questions[1].covers[0] : question « q-registre » à revoir : DEM-02, "
        f"{removed} ; mettez-la à jour puis indiquez reviewed: \"2021.1\"",
    ]
    page = render_stale_page(stale, cat, STALE_PAGE)
    assert page.startswith("# Questions à revoir\n")
    assert "| [Quiz de démonstration](../parcours/quiz/quiz-1.md) | q&#45;charte : Qui rédige la charte du projet ? | [DEM&#45;01](../standards/demo/index.md#liste-de-controle) |" in page
    assert "| DEM&#45;02 | point de contrôle supprimé dans l&#39;édition 2021&#46;1 |" in page


def test_no_stale_question_with_one_edition(tmp_path: Path, mini_catalog: Catalog) -> None:
    root = write_project(tmp_path / "p")
    quizset = load_quizzes(root, mini_catalog)
    assert stale_questions(quizset, mini_catalog) == []
    assert "Aucune question à revoir" in render_stale_page([], mini_catalog, STALE_PAGE)


def test_an_item_removed_before_the_previous_edition_is_an_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    two_editions(root)
    text = (root / "quizzes/quiz-1.yaml").read_text(encoding="utf-8")
    (root / "quizzes/quiz-1.yaml").write_text(text.replace("covers: [DEM-01]", "covers: [DEM-77]"), encoding="utf-8")
    errors = [p for p in problems_of(root) if ": erreur :" in p]
    assert errors == ["quizzes/quiz-1.yaml:16:14: erreur : questions[0].covers[0] : point de contrôle « DEM-77 » introuvable dans les standards de l'édition en vigueur"]


def test_question_errors_still_reported_when_the_quiz_is_invalid(tmp_path: Path, mini_catalog: Catalog) -> None:
    text = (FIXTURES / "invalid_quizzes/ancre-introuvable.yaml").read_text(encoding="utf-8")
    text = text.replace("pass_mark: 75", "pass_mark: 175").replace("id: q-registre", "id: q-charte")
    text = text.replace("guide.md#titre-dans-un-bloc-de-code", "DEM-77")
    path = tmp_path / "ancre-introuvable.yaml"
    path.write_text(text, encoding="utf-8")
    _, _, problems = load_quiz(path, path.name, mini_catalog, DocsIndex(MINI / "docs", mini_catalog))
    assert [p.field for p in problems] == ["pass_mark", "questions[1].id", "questions[1].covers[1]"]
    assert problems[2].message == "point de contrôle « DEM-77 » introuvable dans les standards de l'édition en vigueur"
