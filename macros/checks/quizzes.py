"""Quizzes that measure learning: content-blind strategies must fail, topics must hold, the required path must cover
every project standard and test what each week asks to read."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from macros.catalog.catalog import Catalog, StandardVersion
from macros.catalog.queries import edition_versions, scope_of, upcoming_items
from macros.core import links
from macros.core.problems import Problem, field_path
from macros.core.text import did_you_mean, one_line, plural
from macros.core.vocabulary import Level, QuestionType, Scope, Severity
from macros.model import Edition, tr
from macros.model.quiz import Question, Quiz
from macros.quiz.quizzes import QuizSet

# Questions per project-scope standard that the weekly quizzes must hold together.
MIN_PER_STANDARD = 3
# Share of scenario questions a weekly quiz must hold.
MIN_SCENARIOS = 1 / 3

Strategy = Callable[[Question], float]  # the probability a content-blind reader gets a question right


def _random(question: Question) -> float:
    """One choice ticked at random (the order is shuffled): right once in n for a one-answer question."""
    right = [c for c in question.choices if c.correct]
    return 1 / len(question.choices) if len(right) == 1 else 0.0


def _fixed(position: int) -> Strategy:
    """Always the same place: random once choices are shuffled, except true/false, shown as written."""
    def strategy(question: Question) -> float:
        if question.type == QuestionType.TRUE_FALSE:
            return 1.0 if question.choices[position].correct else 0.0
        return _random(question)
    return strategy


def _longest(question: Question) -> float:
    lengths = [len(tr(c.text)) for c in question.choices]
    longest = [c for c, n in zip(question.choices, lengths, strict=True) if n == max(lengths)]
    if sum(c.correct for c in question.choices) != 1:
        return 0.0
    return sum(c.correct for c in longest) / len(longest)


def _all_but_one(question: Question) -> float:
    if question.type != QuestionType.MULTIPLE:
        return _random(question)
    wrong = sum(not c.correct for c in question.choices)
    return 1 / len(question.choices) if wrong == 1 else 0.0


def _all(question: Question) -> float:
    if question.type != QuestionType.MULTIPLE:
        return _random(question)
    return 1.0 if all(c.correct for c in question.choices) else 0.0


def _answer(word: str) -> Strategy:
    def strategy(question: Question) -> float:
        if question.type != QuestionType.TRUE_FALSE:
            return _random(question)
        choice = next((c for c in question.choices if c.id == word), None)
        return 1.0 if choice is not None and choice.correct else 0.0
    return strategy


STRATEGIES: dict[str, Strategy] = {
    "toujours la première réponse": _fixed(0),
    "toujours la dernière réponse": _fixed(-1),
    "toujours la réponse la plus longue": _longest,
    "toutes les réponses sauf une": _all_but_one,
    "toutes les réponses": _all,
    "toujours « Vrai »": _answer("vrai"),
    "toujours « Faux »": _answer("faux"),
}


def blind_scores(quiz: Quiz) -> dict[str, float]:
    """Expected score (0 to 100) of each content-blind strategy on the quiz's bank, choices shuffled."""
    return {name: 100 * sum(strategy(q) for q in quiz.questions) / len(quiz.questions) for name, strategy in STRATEGIES.items()}


@dataclass
class _Checker:
    quizset: QuizSet
    problems: list[Problem]

    def add(self, quiz_id: str, loc: tuple[object, ...], message: str, severity: Severity = Severity.ERROR) -> None:
        doc = self.quizset.docs.get(quiz_id)
        line, col = doc.where(loc) if doc else (1, 1)
        file = self.quizset.sources.get(quiz_id, f"quizzes/{quiz_id}.yaml")
        self.problems.append(Problem(file, line, col, field_path(loc), message, severity))


def _topics(check: _Checker, quiz: Quiz) -> None:
    declared = [t.id for t in quiz.topics]
    for i, topic in enumerate(declared):
        if topic in declared[:i]:
            check.add(quiz.id, ("topics", i, "id"), f"thème « {topic} » déclaré deux fois")
    for q, question in enumerate(quiz.questions):
        if quiz.topics and question.topic is None:
            check.add(quiz.id, ("questions", q), "thème manquant : ce quiz a des thèmes (topics), chaque question en indique un (topic)")
        elif question.topic is not None and question.topic not in declared:
            check.add(quiz.id, ("questions", q, "topic"), f"thème inconnu « {question.topic} »{did_you_mean(question.topic, declared)} ; thèmes : {', '.join(declared) or 'aucun'}")
    for i, topic in enumerate(declared):
        if not any(q.topic == topic for q in quiz.questions):
            check.add(quiz.id, ("topics", i), f"le thème « {topic} » n'a aucune question")
    if quiz.draw is not None and quiz.topics and quiz.draw < len(quiz.topics):
        check.add(quiz.id, ("draw",), f"un tirage de {quiz.draw} questions ne peut pas couvrir les {len(quiz.topics)} thèmes")


def _guessable(check: _Checker, quiz: Quiz) -> None:
    for name, score in blind_scores(quiz).items():
        if score >= quiz.pass_mark:
            check.add(quiz.id, ("questions",), f"un lecteur qui répond sans lire réussit ce quiz : « {name} » obtient en moyenne "
                      f"{score:.0f} % pour un seuil de {quiz.pass_mark} % ; variez la place, la longueur et le nombre des bonnes réponses")
    for q, question in enumerate(quiz.questions):
        for c, choice in enumerate(question.choices):
            if not choice.correct and choice.feedback is None and question.type != QuestionType.TRUE_FALSE:
                check.add(quiz.id, ("questions", q, "choices", c), f"la réponse fausse « {choice.id} » n'a pas de feedback : "
                          "dites au lecteur pourquoi elle est fausse", Severity.WARNING)


def quiz_problems(quizset: QuizSet, catalog: Catalog) -> list[Problem]:
    """Topics that hold, banks a content-blind reader cannot pass, and the required path's coverage."""
    check = _Checker(quizset, [])
    for quiz in quizset.quizzes.values():
        _topics(check, quiz)
        _guessable(check, quiz)
    if quizset.parcours is not None:
        _coverage(check, quizset, catalog)
    return check.problems


def project_standards(catalog: Catalog, edition: Edition | None = None) -> list[StandardVersion]:
    """The versions of an edition (the current one by default) with an item that governs a project: a new project
    manager learns them, so the weekly quizzes test them."""
    versions = catalog.current_standards() if edition is None else edition_versions(catalog, edition)
    return [sv for sv in versions if any(scope_of(sv.standard, i) == Scope.PROJECT for i in sv.standard.checklist)]


def coverage(quizset: QuizSet, catalog: Catalog, edition: Edition | None = None) -> dict[str, object]:
    """The coverage table: questions per project standard of an edition (the current one by default) in each weekly
    quiz, and per reading of each week."""
    items = upcoming_items(catalog)
    project = {sv.standard.slug for sv in project_standards(catalog, edition)}
    weekly = [m for m in quizset.parcours.modules] if quizset.parcours else []
    standards: dict[str, dict[str, int]] = {slug: {} for slug in sorted(project)}
    weeks: dict[str, dict[str, int]] = {}
    for module in weekly:
        quiz = quizset.quizzes.get(module.quiz)
        questions = quiz.questions if quiz else []
        for slug, per_quiz in standards.items():
            per_quiz[module.quiz] = sum(_covers_standard(q, slug, items) for q in questions)
        weeks[str(module.week)] = {page: sum(_tests(q, page, items) for q in questions) for page in module.pages}
    return {"standards": standards, "weeks": weeks}


def _covers_standard(question: Question, slug: str, items: Mapping[str, tuple[str, object]]) -> bool:
    return any(t in items and items[t][0] == slug for t in question.covers)


def shortfall_problems(quizset: QuizSet, catalog: Catalog, edition: Edition | None = None) -> list[Problem]:
    """A problem per project standard of an edition (the current one by default) that the weekly quizzes test with
    fewer than MIN_PER_STANDARD questions, saying which quiz, topic and items the missing questions go to."""
    if quizset.parcours is None:
        return []
    table: dict[str, dict[str, int]] = coverage(quizset, catalog, edition)["standards"]  # type: ignore[assignment]
    check = _Checker(quizset, [])
    for sv in project_standards(catalog, edition):
        total = sum(table[sv.standard.slug].values())
        if total < MIN_PER_STANDARD:
            module, advice = _where_to_add(quizset, catalog, sv, MIN_PER_STANDARD - total)
            has = f"n'a que {plural(total, 'question')}" if total else "n'a aucune question"
            check.add("parcours", ("modules", module), f"le standard « {sv.standard.slug} » {has} dans les quiz des quatre semaines : "
                      f"il en faut au moins {MIN_PER_STANDARD} ; {advice}")
    return check.problems


def _where_to_add(quizset: QuizSet, catalog: Catalog, sv: StandardVersion, missing: int) -> tuple[int, str]:
    """(index of the week, advice): the week that reads the standard's page, else the one whose quiz already covers it,
    else the one whose readings share most of its phases; the quiz's topic that covers it, or a new one named after it."""
    assert quizset.parcours is not None
    modules = quizset.parcours.modules
    slug, page = sv.standard.slug, links.standard_page(sv.standard.slug)
    items = upcoming_items(catalog)
    phases = {i.phase for i in sv.standard.checklist}

    def same_phases(pages: list[str]) -> float:
        """The share of the items of the standards a week reads that are done in the standard's phases."""
        read = {p.partition("#")[0] for p in pages}
        read_items = [i for other in catalog.current_standards() if links.standard_page(other.standard.slug) in read
                      for i in other.standard.checklist]
        return sum(i.phase in phases for i in read_items) / len(read_items) if read_items else 0.0

    def score(m: int) -> tuple[bool, int, float]:
        quiz = quizset.quizzes.get(modules[m].quiz)
        covering = sum(_covers_standard(q, slug, items) for q in quiz.questions) if quiz else 0
        return page in [p.partition("#")[0] for p in modules[m].pages], covering, same_phases(modules[m].pages)

    best = max(range(len(modules)), key=score)  # max keeps the earliest week among equals
    module = modules[best]
    quiz = quizset.quizzes.get(module.quiz)
    file = quizset.sources.get(module.quiz, f"quizzes/{module.quiz}.yaml")
    ids = [i.id for i in sorted(sv.standard.checklist, key=lambda i: i.level != Level.MANDATORY)][:3]
    advice = (f"ajoutez-en {missing} au quiz « {module.quiz} » de la semaine {module.week} ({file}){_topic_advice(quiz, sv, items)}, "
              f"chacune couvrant un de ses éléments (covers: {', '.join(ids)})")
    if not score(best)[0]:
        advice += f", et sa page aux lectures de cette semaine (pages: {page})"
    return best, advice


def _topic_advice(quiz: Quiz | None, sv: StandardVersion, items: Mapping[str, tuple[str, object]]) -> str:
    """Under which topic of the quiz the questions go: the one already covering the standard, else a new one."""
    if quiz is None or not quiz.topics:
        return ""
    slug = sv.standard.slug
    counts = {t.id: sum(q.topic == t.id and _covers_standard(q, slug, items) for q in quiz.questions) for t in quiz.topics}
    known = max(counts, key=lambda t: counts[t])
    if counts[known] or slug in counts:
        return f", thème « {known if counts[known] else slug} »"
    draw = f", et portez draw à {len(quiz.topics) + 1}" if quiz.draw is not None and quiz.draw < len(quiz.topics) + 1 else ""
    return f", sous un nouveau thème (topics: - {{id: {slug}, name: {one_line(tr(sv.standard.title))}}}{draw})"


def _tests(question: Question, page: str, items: Mapping[str, tuple[str, object]]) -> bool:
    """Whether a question tests a reading: it covers that page (or one of its sections), or an item of that standard."""
    path = page.partition("#")[0]
    for target in question.covers:
        if target == page or (target.partition("#")[0] == path and "#" not in page):
            return True
        if target in items and path == links.standard_page(items[target][0]):
            return True
    return False


def _coverage(check: _Checker, quizset: QuizSet, catalog: Catalog) -> None:
    assert quizset.parcours is not None
    check.problems += shortfall_problems(quizset, catalog)
    weeks: dict[str, dict[str, int]] = coverage(quizset, catalog)["weeks"]  # type: ignore[assignment]
    for m, module in enumerate(quizset.parcours.modules):
        for p, (page, count) in enumerate(weeks[str(module.week)].items()):
            if count == 0:
                check.add("parcours", ("modules", m, "pages", p), f"semaine {module.week} : le quiz « {module.quiz} » ne teste pas "
                          f"cette lecture ({page}) ; ajoutez-lui une question qui la couvre (covers)")
        quiz = quizset.quizzes.get(module.quiz)
        if quiz is not None:
            share = sum(q.scenario for q in quiz.questions) / len(quiz.questions)
            if share < MIN_SCENARIOS:
                check.add(module.quiz, ("questions",), f"{share:.0%} de scénarios seulement dans ce quiz de la semaine {module.week} : "
                          "au moins un tiers des questions mettent le lecteur en situation (scenario: true)")
