"""The hostile project of the injection attacks: « complet » plus nine standards, roles, quizzes, phases, gates,
editions and glossary terms, every text field of the k-th ones holding payload k."""
from __future__ import annotations

import json
import re
from pathlib import Path

from tests.code.attacks.support import COMPLET, EDITIONS
from tests.support import FixtureProject

# Payload k (1 to 9) goes into every text field of the k-th hostile standard, role, quiz, phase, gate, edition and term.
PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "fin-de-titre-script": "</title><script>alert(1)</script>",
    "fin-de-titre-image": '</title><img/src="x"/onerror=alert(1)>',
    "sortie-d-attribut": '" onmouseover="alert(1)',
    "expression-jinja": "{{ 7*7 }}",
    "bloc-jinja": "{% raw %}",
    "image": "<img src=x onerror=alert(1)>",
    "entite": "&amp;",
    "guillemets-et-esperluette": "« Sponsor & mécène »",
}
KS = range(1, len(PAYLOADS) + 1)
PAYLOAD_OF = dict(zip(KS, PAYLOADS.values(), strict=True))
NAME_OF = dict(zip(KS, PAYLOADS, strict=True))
# Each field's text is « K<k><FIELD> <payload> »: the tag says where a text came from, whatever the sink made of it.
# Field -> what it is. Those marked (modèle) only show in the downloads (Word, Excel, Markdown templates).
FIELDS = {
    "TITRE": "titre du standard", "RESUME": "résumé", "OBJECTIF": "objectif", "PERIMETRE": "périmètre",
    "EXIGENCE": "texte d'un élément de contrôle obligatoire", "EXIGENCEDEUX": "texte d'un élément recommandé", "PREUVE": "preuve attendue",
    "ACTIVITE": "activité RACI", "DOCUMENT": "titre d'un modèle Word", "DESCDOC": "description d'un modèle Word",
    "SECTION": "titre de section (modèle)", "CONSIGNE": "consigne de section (modèle)", "ENTETE": "en-tête de tableau (modèle)",
    "LIGNE": "ligne de tableau (modèle)", "REGISTRE": "titre d'un registre Excel", "DESCREG": "description d'un registre",
    "COLONNE": "nom de colonne (modèle)", "AIDE": "aide de colonne (modèle)", "VALEUR": "valeur de liste (modèle)",
    "INDICATEUR": "nom d'indicateur", "DEFINITION": "définition d'indicateur", "CIBLE": "cible d'indicateur", "PERIODE": "fréquence d'indicateur",
    "REFERENCE": "titre de référence", "ROLE": "nom de rôle", "COURT": "nom court de rôle", "ROLERESUME": "résumé de rôle",
    "QUIZ": "titre de quiz", "QUIZDESC": "description de quiz", "QUESTION": "énoncé de question", "CHOIX": "bonne réponse",
    "CHOIXDEUX": "mauvaise réponse", "RETOUR": "explication d'une mauvaise réponse", "EXPLICATION": "explication de la question",
    "PHASE": "nom de phase", "PHASEDESC": "description de phase", "JALON": "nom de jalon", "JALONDESC": "description de jalon",
    "NOTES": "notes d'édition", "NOTECHANGE": "note de changement", "TERME": "terme du glossaire", "TERMEDEF": "définition du glossaire",
}
TEMPLATE_ONLY = {"SECTION", "CONSIGNE", "ENTETE", "LIGNE", "COLONNE", "AIDE", "VALEUR"}
SHORT_NAME = 20  # a role's short name has at most 20 characters: its payload is cut to fit
# The url of each hostile standard's reference: only http(s) addresses become links, and exactly as written.
REFERENCE_URLS = {
    1: "javascript:alert(1)", 2: " JavaScript:alert(1)", 3: "data:text/html,<script>alert(1)</script>", 4: "vbscript:msgbox(1)",
    5: "java\tscript:alert(1)", 6: "//exemple.invalid/page", 7: 'https://exemple.invalid/" onmouseover="alert(1)',
    8: "https://exemple.invalid/?a=1&b=<2>", 9: "mailto:pmo@exemple.invalid",
}
SITE_NAME = "Projet complet d'essai"


def placed(k: int, field: str) -> str:
    """The text written after the tag of field in the k-th hostile files."""
    text = f"K{k}{field} {PAYLOAD_OF[k]}"
    return (text[:SHORT_NAME] if field == "COURT" else text).split(" ", 1)[1]


def _q(k: int, field: str) -> str:
    return json.dumps(f"K{k}{field} {placed(k, field)}", ensure_ascii=False)


def _hostile_standard(k: int) -> str:
    item = chr(64 + k) * 2 + "X"  # AAX-01, BBX-01…: ids follow their pattern
    return f"""# Standard hostile {k} : chaque texte porte la charge « {NAME_OF[k]} ».
id: PMO-STD-9{k:02d}
slug: attaque-{k}
title: {_q(k, 'TITRE')}
version: "1.0.0"
status: active
effective_from: 2025-0{k}-01
owner: attaque-{k}
last_reviewed: 2025-0{k}-01
review_every_months: 60
applies_to: pmo
summary: {_q(k, 'RESUME')}
objectives:
  - {_q(k, 'OBJECTIF')}
scope: {_q(k, 'PERIMETRE')}
checklist:
  - id: {item}-01
    phase: attaque-{k}
    text: {_q(k, 'EXIGENCE')}
    level: obligatoire
    responsible: attaque-{k}
    template: document-attaque-{k}
    evidence: {_q(k, 'PREUVE')}
  - id: {item}-02
    phase: attaque-{k}
    text: {_q(k, 'EXIGENCEDEUX')}
    level: recommandé
    responsible: pilote
    template: registre-attaque-{k}
raci:
  - activity: {_q(k, 'ACTIVITE')}
    R: [attaque-{k}]
    A: commanditaire
    covers: [{item}-01]
templates:
  - id: document-attaque-{k}
    title: {_q(k, 'DOCUMENT')}
    kind: document
    formats: [docx, md]
    description: {_q(k, 'DESCDOC')}
    sections:
      - title: {_q(k, 'SECTION')}
        guidance: {_q(k, 'CONSIGNE')}
        table: [{_q(k, 'ENTETE')}, Responsable]
        rows: [{_q(k, 'LIGNE')}]
  - id: registre-attaque-{k}
    title: {_q(k, 'REGISTRE')}
    kind: register
    formats: [xlsx, csv, md]
    description: {_q(k, 'DESCREG')}
    columns:
      - name: {_q(k, 'COLONNE')}
        help: {_q(k, 'AIDE')}
      - name: Statut
        type: choice
        values: [{_q(k, 'VALEUR')}, Close]
kpis:
  - name: {_q(k, 'INDICATEUR')}
    definition: {_q(k, 'DEFINITION')}
    target: {_q(k, 'CIBLE')}
    frequency: {_q(k, 'PERIODE')}
references:
  - title: {_q(k, 'REFERENCE')}
    url: {json.dumps(REFERENCE_URLS[k])}
"""


# The guidance of each hostile standard: template syntax and an entity in the PMO's own Markdown stay text.
HOSTILE_GUIDANCE = "## Contexte\n\nTexte K{k}GUIDE {{{{ 7*7 }}}} et {{% raw %}} et {{% include 'mkdocs.yml' %}} et &amp;amp; fin.\n"
GUIDANCE_SHOWN = "{{ 7*7 }} et {% raw %} et {% include 'mkdocs.yml' %} et &amp; fin."


def _hostile_role(k: int) -> str:
    return (f"---\nid: attaque-{k}\nname: {_q(k, 'ROLE')}\nshort_name: {_q(k, 'COURT')}\nversion: \"1.0.0\"\nreports_to: commanditaire\n"
            f"summary: {_q(k, 'ROLERESUME')}\n---\n\n## Mission\n\nMission du rôle K{k}CORPSROLE {{{{ 7*7 }}}}.\n\n"
            "## Responsabilités\n\n- Tenir son rôle dans les revues.\n\n## Compétences\n\n- Savoir décider.\n")


def _hostile_quiz(k: int) -> str:
    item = chr(64 + k) * 2 + "X"
    return f"""id: quiz-attaque-{k}
title: {_q(k, 'QUIZ')}
description: {_q(k, 'QUIZDESC')}
audience: [attaque-{k}]
pass_mark: 100
questions:
  - id: q-attaque
    type: single
    prompt: {_q(k, 'QUESTION')}
    choices:
      - id: bon
        text: {_q(k, 'CHOIX')}
        correct: true
      - id: mauvais
        text: {_q(k, 'CHOIXDEUX')}
        feedback: {_q(k, 'RETOUR')}
    explanation: {_q(k, 'EXPLICATION')}
    covers: [{item}-01]
  - id: q-seconde
    type: single
    prompt: Quelle réponse est juste ?
    choices:
      - id: un
        text: La première réponse, fausse.
        feedback: Elle est fausse.
      - id: deux
        text: La deuxième réponse, fausse aussi.
        feedback: Elle est fausse aussi.
      - id: trois
        text: La troisième réponse, juste.
        correct: true
    explanation: La troisième réponse est la bonne.
    covers: [{item}-02]
"""


def hostile_project(root: Path) -> FixtureProject:
    """« complet » plus, for each payload k: a phase and its gate, a standard (governing the PMO itself, so no weekly
    quiz must cover it), its guidance, a role, a quiz offered with week 1, a published edition and a glossary term."""
    project = FixtureProject.named(COMPLET).copy(root)
    lifecycle = project.read("standards/lifecycle.yaml")
    phases = "".join(f"  - id: attaque-{k}\n    name: {_q(k, 'PHASE')}\n    description: {_q(k, 'PHASEDESC')}\n" for k in KS)
    gates = "".join(f"  - id: jalon-attaque-{k}\n    name: {_q(k, 'JALON')}\n    after: attaque-{k}\n    description: {_q(k, 'JALONDESC')}\n"
                    for k in KS)
    project.write("standards/lifecycle.yaml", lifecycle.replace("gates:\n", phases + "gates:\n") + gates)
    editions = project.read(EDITIONS)
    standards = '      suivi-des-actions: "1.1.0"\n      revue-de-projet: "1.0.0"\n'
    roles = '      commanditaire: "1.0.0"\n      pilote: "1.0.0"\n      bureau-pmo: "1.0.0"\n'
    for k in KS:
        standards += f'      attaque-{k}: "1.0.0"\n'
        roles += f'      attaque-{k}: "1.0.0"\n'
        editions += (f'  - id: "2025.{k}"\n    status: published\n    date: 2025-0{k}-01\n    notes: {_q(k, "NOTES")}\n'
                     f"    standards:\n{standards}    roles:\n{roles}    changes:\n      - standard: attaque-{k}\n"
                     f"        impact: nouvelle exigence\n        note: {_q(k, 'NOTECHANGE')}\n")
        project.write(f"standards/attaque-{k}/1.0.0.yaml", _hostile_standard(k))
        project.write(f"standards/attaque-{k}/1.0.0.md", HOSTILE_GUIDANCE.format(k=k))
        project.write(f"standards/roles/attaque-{k}/1.0.0.md", _hostile_role(k))
        project.write(f"quizzes/quiz-attaque-{k}.yaml", _hostile_quiz(k))
    project.write(EDITIONS, editions)
    project.write("standards/terminology.yaml", "terms:\n" + "".join(
        f"  - term: {_q(k, 'TERME')}\n    definition: {_q(k, 'TERMEDEF')}\n" for k in KS))
    project.edit("quizzes/parcours.yaml", "    quiz: quiz-actions\n",
                 "    quiz: quiz-actions\n    extra_quizzes: [" + ", ".join(f"quiz-attaque-{k}" for k in KS) + "]\n")
    return project.relock()


def squash(text: str) -> str:
    """A text without its white space (typography adds no-break spaces, pages wrap lines) and with French nested
    quotes made plain: what remains are the characters a reader sees."""
    return re.sub(r"\s+", "", text).replace("“", "«").replace("”", "»").replace("’", "'")


# The hostile pages of payload k: kind -> (page, its <title> with {p} the payload, or None when no payload is in it).
HOSTILE_PAGES = {
    "standard": ("standards/attaque-{k}/", "PMO-STD-90{k} — K{k}TITRE {p} - " + SITE_NAME),
    "role": ("roles/attaque-{k}/", "K{k}ROLE {p} - " + SITE_NAME),
    "quiz": ("parcours/quiz/quiz-attaque-{k}/", "K{k}QUIZ {p} - " + SITE_NAME),
    "jalon": ("listes-de-controle/jalon-attaque-{k}/", "Liste de contrôle : K{k}JALON {p} - " + SITE_NAME),
    "notes-d-edition": ("editions/2025.{k}/", None),
}
PAGE_TITLES = {kind: title for kind, (_, title) in HOSTILE_PAGES.items() if title is not None}


# HTML the validation lets through (no space before « on », an entity in the scheme, a tab inside it, a fenced block):
# the sanitiser must still leave nothing that runs.
EVASIONS = {
    "svg-barre-oblique": "<svg/onload=alert(1)>",
    "image-barres-obliques": "<img/src=x/onerror=alert(1)>",
    "schema-en-entite": '<a href="jav&#x61;script:alert(1)">clic</a>',
    "schema-en-entite-decimale": '<a href="&#106;avascript:alert(1)">clic</a>',
    "deux-points-en-entite": '<a href="javascript&colon;alert(1)">clic</a>',
    "tabulation-dans-le-schema": '<a href="java\tscript:alert(1)">clic</a>',
    "bloc-de-code-non-reconnu": "```\n<script>alert(1)</script>\n```",
    "details-ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "math-mglyph": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "base": '<base href="https://exemple.invalid/">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://exemple.invalid">',
}
