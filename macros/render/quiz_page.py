"""Quiz pages, « Mon parcours » and the PMO's list of questions to review: pure Markdown/HTML renderers."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from macros.core import links
from macros.core.storage_keys import quiz_key
from macros.core.text import md_table, plural
from macros.core.vocabulary import QUESTION_TYPE_HINTS, QuestionType
from macros.model import tr
from macros.model.quiz import Question, Quiz
from macros.pages.quizzes import ItemRef, ParcoursPage, QuizBankPage, QuizPage, StalePage
from macros.render.escape import SEARCH_EXCLUDED, esc, md_inline, page_front_matter
from macros.render.scripts import script_tags

QUIZ_SCRIPT = "quiz.js"
QUIZ_STYLE = "assets/stylesheets/quiz.css"
def _json_for_script(data: object) -> str:
    # Inside <script>, only « </script » or « <!-- » could end the element early: no « < » may remain.
    # « > » and « & » are escaped too, and U+2028/U+2029, which some parsers treat as line ends.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _assets(src: str) -> tuple[str, str]:
    style = f'<link rel="stylesheet" href="{esc(links.href(src, QUIZ_STYLE))}">'
    script = script_tags(src, QUIZ_SCRIPT)
    return style, script


def _target_link(target: str, items: Mapping[str, ItemRef], labels: Mapping[str, str], src: str) -> str:
    """One covered target as an HTML list item: a checklist item links to its own line on its standard's page."""
    if target in items:
        ref = items[target]
        url = links.href(src, links.standard_page(ref.slug), links.item_anchor(ref.slug, target))
        # The link names the item and its standard; its text is one click away (the explanation already says
        # what it requires, and repeating every covered text made a bank of 30 questions weigh 125 KB).
        return f'<li><a href="{esc(url)}">{esc(target)} — {esc(ref.standard_title)}</a></li>'
    if ".md" in target:
        page, _, anchor = target.partition("#")
        label = labels.get(target) or labels.get(page) or target
        return f'<li><a href="{esc(links.href(src, page, anchor))}">{esc(label)}</a></li>'
    return f"<li>{esc(target)} (point de contrôle retiré du référentiel)</li>"


def _question(quiz: Quiz, index: int, question: Question, items: Mapping[str, ItemRef],
              labels: Mapping[str, str], src: str) -> str:
    qid = question.id
    # One quiz per page: the question id is enough for the fieldset, which « À revoir » links to; « pmo-q- » cannot
    # meet the form's « pmo-quiz-… » ids. Inputs are named by position (« pmo-q3 », « pmo-q3-vert »): short, and
    # answers are kept by question and choice ids, never by these.
    base = f"pmo-q-{qid}"
    group = f"pmo-q{index + 1}"
    kind = "checkbox" if question.type == QuestionType.MULTIPLE else "radio"
    out = [
        f'<fieldset class="pmo-quiz__question" id="{esc(base)}" data-pmo-question="{esc(qid)}" data-type="{esc(question.type)}">',
        f'<legend><span class="pmo-quiz__number" data-pmo-number>Question {index + 1} sur {len(quiz.questions)}.</span> '
        f"{esc(tr(question.prompt))}</legend>",
        f'<p class="pmo-quiz__hint">{QUESTION_TYPE_HINTS[question.type]}</p>',
        '<ul class="pmo-quiz__choices">',
    ]
    # « Vrai » always comes before « Faux », with or without JavaScript (quiz.js never shuffles them).
    choices = sorted(question.choices, key=lambda c: c.id != "vrai") if question.type == QuestionType.TRUE_FALSE else question.choices
    for choice in choices:
        box = f"{group}-{choice.id}"
        feedback = (f' <span data-pmo-choice-feedback hidden>{esc(tr(choice.feedback))}</span>'
                    if choice.feedback else "")
        out.append(
            f'<li data-pmo-choice="{esc(choice.id)}"><input type="{kind}" name="{esc(group)}" id="{esc(box)}" value="{esc(choice.id)}">'
            f' <label for="{esc(box)}">{esc(tr(choice.text))}</label>{feedback}</li>'
        )
    out.append("</ul>")
    right = [choice for choice in question.choices if choice.correct]
    answer = ("Bonnes réponses : " if len(right) > 1 else "Bonne réponse : ") + ", ".join(f"« {esc(tr(c.text))} »" for c in right)
    out += [
        '<details class="pmo-quiz__answer" data-pmo-answer>',
        "<summary>Voir la réponse et l'explication</summary>",
        f'<p class="pmo-quiz__right"><strong>{answer}</strong></p>',
        f"<p>{esc(tr(question.explanation))}</p>",
        '<p>Pour approfondir :</p>',
        '<ul class="pmo-quiz__covers">' + "".join(_target_link(t, items, labels, src) for t in question.covers) + "</ul>",
        "</details>",
        "</fieldset>",
    ]
    return "\n".join(out)


def quiz_data(quiz: Quiz, edition_id: str) -> dict[str, object]:
    """What quiz.js needs: stable ids only (quiz, questions, correct choices), the pass mark and the edition."""
    return {
        "quiz": quiz.id,
        "storageKey": quiz_key(quiz.id),
        "edition": edition_id,
        "passMark": quiz.pass_mark,
        "shuffle": quiz.shuffle,
        "draw": quiz.draw,
        "topics": [t.id for t in quiz.topics],
        "questions": [
            {"id": q.id, "type": q.type, "correct": [c.id for c in q.choices if c.correct], "topic": q.topic}
            for q in quiz.questions
        ],
    }


def render_quiz_page(page: QuizPage) -> str:
    """Markdown of a quiz page: a form of fieldsets, answers and explanations readable without JavaScript."""
    quiz, src, labels, items, edition = page.quiz, page.src, page.labels, page.items, page.edition_id
    style, script = _assets(src)
    count = len(quiz.questions)
    out = [page_front_matter(tr(quiz.title), boost=0.3) + f"# {md_inline(tr(quiz.title))}", ""]
    if quiz.description:
        out += [md_inline(tr(quiz.description)), ""]
    rules = f"Ce quiz compte {plural(count, 'question')}"
    if quiz.draw is not None and quiz.draw < count:
        rules += f", dont {quiz.draw} sont tirées au hasard à chaque tentative"
    rules += (f". Il est réussi à partir de {quiz.pass_mark} % de bonnes réponses. Vos réponses restent dans ce "
              "navigateur : rien n'est envoyé au PMO.")
    out += [md_inline(rules), ""]
    audience = ", ".join(page.audience)
    out += [md_inline(f"Public : {audience}. Questions établies pour l'édition {edition} du référentiel."), ""]
    parcours = links.md_link(src, links.PARCOURS_PAGE)
    if page.place is not None:
        week = f"[semaine {page.place.week}]({parcours}#semaine-{page.place.week})"
        out += [(f"Quiz facultatif de la {week} du parcours, pour aller plus loin" if page.place.extra
                 else f"Quiz de la {week} du parcours") + f" : {md_inline(page.place.module_title)}.", ""]
    out += [f"[Retour à « Mon parcours »]({parcours})", ""]
    out += [
        "<noscript><p>Sans JavaScript, le quiz ne se corrige pas automatiquement : ouvrez « Voir la réponse et "
        "l'explication » sous chaque question.</p></noscript>",
        "",
        f'<div class="pmo-quiz" data-pmo-quiz="{esc(quiz.id)}">',
        style,
        # The questions, choices and explanations are no answer to a search (and would give the answers away): the quiz
        # is found by its title and introduction.
        f'<form class="pmo-quiz__form" id="pmo-quiz-{esc(quiz.id)}" data-pmo-quiz-form novalidate aria-label="{esc(tr(quiz.title))}" '
        f'{SEARCH_EXCLUDED}>',
    ]
    out += [_question(quiz, i, q, items, labels, src) for i, q in enumerate(quiz.questions)]
    out += [
        '<p class="pmo-quiz__actions">'
        '<button type="submit" class="md-button md-button--primary" data-pmo-submit>Valider mes réponses</button> '
        '<button type="button" class="md-button" data-pmo-retry hidden>Recommencer</button></p>',
        f'<div class="pmo-quiz__result" id="pmo-quiz-{esc(quiz.id)}-resultat" role="status" aria-live="polite" '
        'tabindex="-1" data-pmo-result></div>',
        "</form>",
        "</div>",
        "",
        f'<script type="application/json" id="pmo-quiz-data">{_json_for_script(quiz_data(quiz, edition))}</script>',
        "",
        script,
        "",
    ]
    return "\n".join(out)


def _quiz_title(page: ParcoursPage, quiz_id: str) -> str:
    quiz = page.quizzes.get(quiz_id)
    return tr(quiz.title) if quiz else quiz_id


def _template_links(page: ParcoursPage, template_ids: Sequence[str]) -> list[str]:
    out = []
    for template_id in template_ids:
        ref = page.templates.get(template_id)
        if ref is not None:
            url = links.md_link(page.src, links.standard_page(ref.slug), "modele-" + ref.template_id)
            out.append(f"- [{md_inline(ref.title)}]({url}) ({md_inline(ref.standard_label)})")
    return out


def render_parcours_page(page: ParcoursPage) -> str:
    """Markdown of « Mon parcours »: four weeks, their reading, templates and quiz, progress and an attestation."""
    parcours, src, edition = page.parcours, page.src, page.edition_id
    style, script = _assets(src)
    out = ["# Mon parcours", ""]
    out += [md_inline(tr(parcours.title)), ""]
    if parcours.intro:
        out += [md_inline(tr(parcours.intro)), ""]
    out += [
        "Votre progression est enregistrée dans ce navigateur, sous l'identifiant de chaque quiz : elle se conserve "
        "d'une visite à l'autre, mais ne quitte pas votre poste et n'est pas visible du PMO.",
        "",
        "<noscript><p>Avec JavaScript désactivé, les marques de progression et l'attestation ne peuvent pas être "
        "remplies ; les lectures, les modèles et les quiz restent accessibles.</p></noscript>",
        "",
        # <link> is not a block element for Markdown: inside a <div>, it stays out of any <p>.
        f'<div class="pmo-parcours">{style}<p class="pmo-parcours__progress" role="status" data-pmo-parcours-progress hidden></p></div>',
        "",
    ]
    for module in parcours.modules:
        quiz = page.quizzes.get(module.quiz)
        pass_mark = quiz.pass_mark if quiz else 100
        out += [f"## Semaine {module.week} : {md_inline(tr(module.title))} {{#semaine-{module.week}}}", ""]
        out += [f'<p class="pmo-parcours__status" data-pmo-week-status data-quiz="{esc(module.quiz)}" '
                f'data-pmo-storage-key="{esc(quiz_key(module.quiz))}" data-pass-mark="{pass_mark}" hidden></p>', ""]
        if module.summary:
            out += [md_inline(tr(module.summary)), ""]
        out += ["**À lire**", ""]
        for reading in module.pages:
            path, _, anchor = reading.partition("#")
            label = page.labels.get(reading) or page.labels.get(path) or reading
            out.append(f"- [{md_inline(label)}]({links.md_link(src, path, anchor)})")
        out.append("")
        templates = _template_links(page, module.templates)
        if templates:
            out += ["**Modèles à essayer**", ""] + templates + [""]
        out += ["**Quiz de la semaine**", "",
                f"- [{md_inline(_quiz_title(page, module.quiz))}]({links.md_link(src, links.quiz_page(module.quiz))}) "
                f"(réussi à partir de {pass_mark} %)", ""]
        if module.extra_quizzes:
            out += ["**Pour aller plus loin**", ""]
            out += [f"- [{md_inline(_quiz_title(page, q))}]({links.md_link(src, links.quiz_page(q))})" for q in module.extra_quizzes]
            out.append("")
    out += ["## Attestation d'auto-évaluation {#attestation}", ""]
    rows = []
    for module in parcours.modules:
        for quiz_id, extra in [(module.quiz, False)] + [(q, True) for q in module.extra_quizzes]:
            title = _quiz_title(page, quiz_id) + (" (pour aller plus loin)" if extra else "")
            rows.append(f'<tr><td>{module.week}</td><td>{esc(tr(module.title))}</td><td>{esc(title)}</td>'
                        f'<td data-pmo-attestation-result="{esc(quiz_id)}" data-pmo-storage-key="{esc(quiz_key(quiz_id))}">—</td></tr>')
    out += [
        '<div class="pmo-attestation" data-pmo-attestation>',
        "<p>Cette attestation est une <strong>auto-évaluation</strong> : elle reprend les résultats enregistrés dans "
        "ce navigateur. Elle n'est ni transmise au PMO ni vérifiée par lui, et ne vaut pas certification.</p>",
        f"<p>Parcours d'intégration du Référentiel PMO, <strong>édition {esc(edition)}</strong>.</p>",
        '<p><label for="pmo-attestation-nom">Votre nom</label> '
        '<input type="text" id="pmo-attestation-nom" autocomplete="name"></p>',
        "<table><caption>Résultats des quiz du parcours</caption>",
        '<thead><tr><th scope="col">Semaine</th><th scope="col">Module</th><th scope="col">Quiz</th>'
        '<th scope="col">Résultat</th></tr></thead>',
        "<tbody>" + "".join(rows) + "</tbody></table>",
        '<p>Semaines terminées : <span data-pmo-attestation-weeks>—</span>. '
        'Date : <span data-pmo-attestation-date>—</span>.</p>',
        '<p class="pmo-attestation__actions"><button type="button" class="md-button" data-pmo-print hidden>'
        "Imprimer l'attestation</button></p>",
        "</div>",
        "",
        script,
        "",
    ]
    return "\n".join(out)


def render_stale_page(page: StalePage) -> str:
    """Markdown of « Questions à revoir »: quiz questions whose covered item changed or disappeared."""
    src = links.STALE_PAGE
    out = ["# Questions à revoir", ""]
    out += [md_inline(f"Cette page, destinée au PMO, liste les questions de quiz qui portent sur un point de contrôle "
                      f"modifié ou supprimé {page.scope}. Une telle question peut désormais enseigner une règle périmée : "
                      "relisez-la, corrigez-la si besoin, puis indiquez dans son fichier l'édition pour laquelle elle "
                      "a été revue (champ reviewed)."), ""]
    if not page.rows:
        return "\n".join(out + ["Aucune question à revoir : aucun quiz ne porte sur un point de contrôle modifié ou supprimé.", ""])
    rows = []
    for row in page.rows:
        quiz_link = f"[{md_inline(row.quiz_title)}]({links.md_link(src, links.quiz_page(row.quiz_id))})"
        item = (f"[{md_inline(row.item_id)}]({links.md_link(src, links.standard_page(row.item_slug), 'liste-de-controle')})"
                if row.item_slug else md_inline(row.item_id))
        rows.append([quiz_link, f"{md_inline(row.question_id)} : {md_inline(row.prompt)}", item, md_inline(row.reason),
                     md_inline(f"quizzes/{row.quiz_id}.yaml")])
    out += md_table(["Quiz", "Question", "Point de contrôle", "Motif", "Fichier"], rows)
    out.append("")
    return "\n".join(out)


def render_quiz_bank_page(page: QuizBankPage) -> str:
    """Markdown of the PMO's « Banque de questions »: each quiz's questions, answers included, in Moodle XML."""
    src = page.src
    out = ["# Banque de questions", "",
           md_inline("Cette page, destinée au PMO et à l'équipe de formation, donne les questions des quiz du parcours avec leurs "
                     "réponses, au format Moodle XML, à importer dans Moodle ou une autre plateforme d'apprentissage "
                     f"(Banque de questions, Importer, format « Moodle XML »). Questions de l'édition {page.edition_id}. "
                     "Ces fichiers ne sont pas proposés aux apprenants : ils contiennent les réponses."), "",
           f"Avant une importation, vérifiez la liste des [questions à revoir]({links.md_link(src, links.STALE_PAGE)}).", ""]
    rows = [[f"[{md_inline(row.title)}]({links.md_link(src, links.quiz_page(row.quiz_id))})", str(row.questions),
             links.download_link(src, row.file, "Moodle XML", links.saved_name(row.file.rsplit("/", 1)[-1], page.edition_id))]
            for row in page.rows]
    out += md_table(["Quiz", "Questions", "Télécharger"], rows)
    out.append("")
    return "\n".join(out)
