"""Allowed values and limits of the référentiel's data, in one place."""
from __future__ import annotations

import re

LANGUAGES = ("fr", "en")
LANGUAGE_NAMES = {"fr": "français", "en": "anglais"}  # for the JSON schemas
DEFAULT_LANGUAGE = "fr"

# The sections of every standard page, in order: anchor -> heading. « mise-en-oeuvre » exists only when the
# version has a guidance text, « adaptation » when an item's level depends on the category of project, and
# « matrice-des-risques » when the standard defines the risk scales. Quizzes and the PMO's Markdown may link to these anchors.
STANDARD_SECTIONS = {
    "resume": "Résumé", "objectifs": "Objectifs", "perimetre": "Périmètre", "mise-en-oeuvre": "Mise en œuvre",
    "liste-de-controle": "Liste de contrôle", "adaptation": "Adaptation à la taille du projet",
    "matrice-des-risques": "Échelles et matrice des risques", "raci": "RACI", "modeles": "Modèles à télécharger",
    "indicateurs": "Indicateurs", "references": "Références", "historique": "Historique des versions",
}

# Identifier formats, with the French description shown when a value does not match.
STANDARD_ID = re.compile(r"^PMO-STD-\d{3}$")
ITEM_ID = re.compile(r"^[A-Z]{2,5}-\d{2,3}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
EDITION_ID = re.compile(r"^\d{4}\.\d{1,2}$")
PATTERN_HINTS = {
    STANDARD_ID.pattern: "PMO-STD- suivi de trois chiffres, par exemple PMO-STD-005",
    ITEM_ID.pattern: "2 à 5 majuscules, un tiret et 2 ou 3 chiffres, par exemple RSK-03",
    SLUG.pattern: "minuscules, chiffres et tirets, par exemple gestion-des-risques",
    SEMVER.pattern: "version sémantique MAJEUR.MINEUR.CORRECTIF, par exemple 2.0.0",
    EDITION_ID.pattern: "année, point, numéro, par exemple 2026.1",
}

# Loader limits: a file larger than this, or nested deeper, is refused before it is parsed.
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 40

# Characters refused in any text, however they are written (raw or as a YAML escape): C0/C1 controls (except
# tab and newline), bidirectional controls, which can make a text read differently from what it says (Trojan
# Source), invisible zero-width characters, and the Unicode line and paragraph separators, which YAML reads as
# line ends while editors do not (positions would drift).
BIDI_CHARS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
FORBIDDEN_CHARS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CHARS}{INVISIBLE_CHARS}\u2028\u2029]")

# Project layout: the folders a project holds, and the files under standards/ and quizzes/.
STANDARDS_DIR = "standards"
QUIZZES_DIR = "quizzes"
DOCS_DIR = "docs"
INCLUDES_DIR = "includes"
# What the build and the loader keep between runs (downloads, parsed YAML): beside the sources, ignored by git, never published.
CACHE_DIR = ".cache"
PARCOURS_FILE = "parcours.yaml"
LIFECYCLE_FILE = "lifecycle.yaml"
TAILORING_FILE = "tailoring.yaml"
TERMINOLOGY_FILE = "terminology.yaml"
EXAMPLES_DIR = "exemples"  # in a standard's folder: one filled-in example per template
EDITIONS_FILE = "editions.yaml"
LOCK_FILE = "published.lock"
JOURNAL_FILE = ".pmo-journal.json"  # at the project's root while a command writes its files (macros/journal.py)
EDITION_PREFIX = "edition:"  # a lock line « <sha256>  edition:2026.2 » fingerprints a published edition
ROLES_DIR = "roles"
SCHEMA_DIR = "schema"
ROLE_SECTIONS = ("Mission", "Responsabilités", "Compétences")
