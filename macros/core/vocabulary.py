"""The référentiel's vocabulary: one enum per concept and its French labels, written once for the whole code."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from macros.core.dates import french_date


class Severity(StrEnum):
    """How bad a problem is: an error stops validation, publication and the build; a warning is shown and passes."""

    ERROR = "erreur"
    WARNING = "avertissement"


# The mark of a problem `pmo publish` refuses for the edition in preparation, whatever its severity: `pmo validate`
# shows it before the PMO tries to publish.
BLOCKS_PUBLICATION = "bloque la publication"


class Bump(StrEnum):
    """Which part of a version number a new version raises (semantic versioning)."""

    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    def next(self, version: str) -> str:
        """The version after `version` for this bump: 2.0.1 → 3.0.0 (major), 2.1.0 (minor), 2.0.2 (patch)."""
        major, minor, patch = (int(part) for part in version.split("."))
        if self is Bump.MAJOR:
            return f"{major + 1}.0.0"
        if self is Bump.MINOR:
            return f"{major}.{minor + 1}.0"
        return f"{major}.{minor}.{patch + 1}"

    @classmethod
    def of(cls, old: str, new: str) -> Bump | None:
        """The part that `new` raises over `old` (3.0.0 over 2.1.4: major), None when it raises nothing."""
        a, b = (tuple(int(part) for part in v.split(".")) for v in (old, new))
        if b[0] > a[0]:
            return cls.MAJOR
        if b[0] == a[0] and b[1] > a[1]:
            return cls.MINOR
        if b[:2] == a[:2] and b[2] > a[2]:
            return cls.PATCH
        return None

    @property
    def weight(self) -> int:
        return list(Bump).index(self)


class Status(StrEnum):
    """Status of one version of a standard: written in its file (draft, active, superseded, retired), or as readers see it,
    which the editions and dates decide (« upcoming »: published, not yet in force; never written in a file)."""

    DRAFT = "draft"
    UPCOMING = "upcoming"
    ACTIVE = "active"
    SUPERSEDED = "superseded"
    RETIRED = "retired"


class EditionStatus(StrEnum):
    """Status of an edition."""

    DRAFT = "draft"
    PUBLISHED = "published"


class Level(StrEnum):
    """How binding a checklist item is, for one category of project (« non applicable » only in a category's level)."""

    MANDATORY = "obligatoire"
    RECOMMENDED = "recommandé"
    NOT_APPLICABLE = "non applicable"


class Answer(StrEnum):
    """A project's answer to the question of a characteristic (« achète ou a un fournisseur »): the gate file stores
    true or false, or nothing while the project manager has not answered; an unanswered one counts as holding."""

    YES = "oui"
    NO = "non"
    UNKNOWN = "non précisée"


class ItemStatus(StrEnum):
    """Where a project stands on one checklist item or gate criterion (the gate file's statuses, its exports)."""

    TODO = "à faire"
    DONE = "fait"
    NOT_APPLICABLE = "non applicable"


class RiskScale(StrEnum):
    """A register column tied to the standard's risk matrix: its values (or its formula) come from the matrix."""

    PROBABILITY = "probability"
    IMPACT = "impact"
    CRITICALITY = "criticality"


class Scope(StrEnum):
    """Whom a standard or an item governs."""

    PROJECT = "project"
    PORTFOLIO = "portfolio"
    PMO = "pmo"


class TemplateKind(StrEnum):
    """A document becomes Word, a register becomes Excel."""

    DOCUMENT = "document"
    REGISTER = "register"


class Format(StrEnum):
    """File formats a template is offered in."""

    DOCX = "docx"
    XLSX = "xlsx"
    CSV = "csv"
    MD = "md"


class ColumnType(StrEnum):
    """Type of a register column: it sets the number format and the validation of every register and example."""

    TEXT = "text"
    DATE = "date"
    NUMBER = "number"  # a decimal number (« 2,5 jours-personne »)
    INTEGER = "integer"  # a whole number (« 12 jours ouvrés », a rank, a count)
    AMOUNT = "amount"  # a sum of money, in euros
    PERCENTAGE = "percentage"  # written in percent in the data (45 for 45 %), a fraction in a spreadsheet
    CHOICE = "choice"

    @property
    def numeric(self) -> bool:
        """A column whose cells are numbers: it can be added up, subtracted or divided by a computed column."""
        return self in (ColumnType.NUMBER, ColumnType.INTEGER, ColumnType.AMOUNT, ColumnType.PERCENTAGE)


class Operation(StrEnum):
    """What a computed column of a register does with other columns of the same row."""

    SUM = "sum"  # the columns added up
    DIFFERENCE = "difference"  # the first column less the second
    RATIO = "ratio"  # the first column divided by the second


class RaciLetter(StrEnum):
    """The four letters of a RACI matrix."""

    R = "R"
    A = "A"
    C = "C"
    I = "I"  # noqa: E741 - the RACI letter


class Impact(StrEnum):
    """How much a change matters to projects, from the lightest to the heaviest."""

    EDITORIAL = "rédactionnel"
    CLARIFICATION = "clarification"
    TO_QUALIFY = "à qualifier"  # a change of wording the data cannot class: the PMO classes it in the edition
    REMOVED_REQUIREMENT = "exigence supprimée"
    NEW_REQUIREMENT = "nouvelle exigence"


class ChangeKind(StrEnum):
    """What happened to one thing between two versions."""

    ADDED = "ajout"
    REMOVED = "retrait"
    MODIFIED = "modification"


class DistributionPurpose(StrEnum):
    """Why a recipient receives an edition: to apply it, or to be informed of it."""

    APPLICATION = "application"
    INFORMATION = "information"


class QuestionType(StrEnum):
    """Kinds of quiz questions."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"


class FactType(StrEnum):
    """What one fact of a case study is: its value is written, checked and shown according to it."""

    TEXT = "text"
    PERSON = "person"
    ROLE = "role"  # a role of the référentiel, by its id: shown by its name
    DATE = "date"
    MONEY = "money"  # in euros
    NUMBER = "number"  # with an optional unit (« semaines », « jours ouvrés »)
    PERCENTAGE = "percentage"  # in percent: 2.8 is 2,8 %


class Dimension(StrEnum):
    """What a computed figure measures: its arithmetic follows (a date minus a date is a number of days)."""

    NUMBER = "nombre"
    MONEY = "montant"
    DATE = "date"


STATUS_LABELS = {Status.DRAFT: "Brouillon", Status.UPCOMING: "À venir", Status.ACTIVE: "En vigueur",
                 Status.SUPERSEDED: "Remplacée", Status.RETIRED: "Retirée"}


def status_text(status: Status, effective_from: dt.date) -> str:
    """The status as a reader needs it: « À venir — entre en vigueur le 4 janvier 2027 » until that day, else its label."""
    if status == Status.UPCOMING:
        return f"{STATUS_LABELS[status]} — entre en vigueur le {french_date(effective_from)}"
    return STATUS_LABELS[status]
LEVEL_LABELS = {Level.MANDATORY: "Obligatoire", Level.RECOMMENDED: "Recommandé", Level.NOT_APPLICABLE: "Non applicable"}
ITEM_STATUS_LABELS = {ItemStatus.TODO: "À faire", ItemStatus.DONE: "Fait", ItemStatus.NOT_APPLICABLE: "Non applicable"}
ANSWER_LABELS = {Answer.YES: "Oui", Answer.NO: "Non", Answer.UNKNOWN: "Non précisée"}
LEVEL_PLURALS = {Level.MANDATORY: "Obligatoires", Level.RECOMMENDED: "Recommandés", Level.NOT_APPLICABLE: "Non applicables"}
# Weight of a level: a requirement gets stricter when its weight grows.
LEVEL_WEIGHT = {Level.NOT_APPLICABLE: 0, Level.RECOMMENDED: 1, Level.MANDATORY: 2}
SCOPE_LABELS = {Scope.PROJECT: "Projet", Scope.PORTFOLIO: "Portefeuille", Scope.PMO: "PMO"}
SCOPE_DESCRIPTIONS = {Scope.PROJECT: "chaque projet", Scope.PORTFOLIO: "le portefeuille de projets, piloté par le PMO",
                      Scope.PMO: "le PMO lui-même"}
RISK_SCALE_LABELS = {RiskScale.PROBABILITY: "l'échelle de probabilité", RiskScale.IMPACT: "l'échelle d'impact",
                     RiskScale.CRITICALITY: "la criticité"}
TEMPLATE_KIND_LABELS = {TemplateKind.DOCUMENT: "Document", TemplateKind.REGISTER: "Registre"}
# A document becomes Word, a register becomes Excel; both also exist as Markdown (and CSV for registers).
FORMATS_BY_KIND = {TemplateKind.DOCUMENT: (Format.DOCX, Format.MD),
                   TemplateKind.REGISTER: (Format.XLSX, Format.CSV, Format.MD)}
FORMAT_LABELS = {Format.DOCX: "Word (.docx)", Format.XLSX: "Excel (.xlsx)", Format.CSV: "CSV (.csv)",
                 Format.MD: "Markdown (.md)"}
COLUMN_TYPE_LABELS = {ColumnType.TEXT: "texte", ColumnType.DATE: "date (JJ/MM/AAAA)", ColumnType.NUMBER: "nombre",
                      ColumnType.INTEGER: "nombre entier", ColumnType.AMOUNT: "montant en euros",
                      ColumnType.PERCENTAGE: "pourcentage", ColumnType.CHOICE: "liste de valeurs"}
# How a computed column reads in a sentence (« calculée : Consommé (€) + Reste à dépenser (€) »): its operator.
OPERATION_SIGNS = {Operation.SUM: " + ", Operation.DIFFERENCE: " − ", Operation.RATIO: " / "}
RACI_LABELS = {RaciLetter.R: "Réalise", RaciLetter.A: "Approuve (rend des comptes)", RaciLetter.C: "Consulté",
               RaciLetter.I: "Informé"}
RACI_SHORT_LABELS = {RaciLetter.R: "Réalise", RaciLetter.A: "Approuve", RaciLetter.C: "Consulté", RaciLetter.I: "Informé"}
IMPACT_ORDER = (Impact.EDITORIAL, Impact.CLARIFICATION, Impact.TO_QUALIFY, Impact.REMOVED_REQUIREMENT, Impact.NEW_REQUIREMENT)
# The version bump each impact requires (semantic versioning of a standard); « à qualifier » has none until classed.
BUMP_FOR_IMPACT = {Impact.EDITORIAL: Bump.PATCH, Impact.CLARIFICATION: Bump.MINOR, Impact.REMOVED_REQUIREMENT: Bump.MAJOR,
                   Impact.NEW_REQUIREMENT: Bump.MAJOR}
BUMP_LABELS = {Bump.PATCH: "corrective", Bump.MINOR: "mineure", Bump.MAJOR: "majeure"}
IMPACT_EXPLANATIONS = {
    Impact.EDITORIAL: "forme seulement, rien à changer dans vos projets",
    Impact.CLARIFICATION: "précise une exigence, ajoute une recommandation, un rôle au RACI ou une colonne à un modèle, "
                          "sans rien rendre obligatoire",
    Impact.NEW_REQUIREMENT: "obligatoire, à appliquer",
    Impact.REMOVED_REQUIREMENT: "ne s'applique plus",
    Impact.TO_QUALIFY: "formulation modifiée, que le PMO n'a pas encore classée",
}
FACT_TYPE_LABELS = {FactType.TEXT: "texte", FactType.PERSON: "personne", FactType.ROLE: "rôle du référentiel",
                    FactType.DATE: "date", FactType.MONEY: "montant en euros", FactType.NUMBER: "nombre",
                    FactType.PERCENTAGE: "pourcentage"}
# The dimension of a figure of each type; a text, a person or a role has none and cannot be computed with.
FACT_DIMENSIONS = {FactType.DATE: Dimension.DATE, FactType.MONEY: Dimension.MONEY, FactType.NUMBER: Dimension.NUMBER,
                   FactType.PERCENTAGE: Dimension.NUMBER}
CHANGE_KIND_LABELS = {ChangeKind.ADDED: "Ajout", ChangeKind.REMOVED: "Retrait", ChangeKind.MODIFIED: "Modification"}
CHANGE_KIND_MARKERS = {ChangeKind.ADDED: "+", ChangeKind.REMOVED: "-", ChangeKind.MODIFIED: "~"}
DISTRIBUTION_PURPOSE_LABELS = {DistributionPurpose.APPLICATION: "pour application", DistributionPurpose.INFORMATION: "pour information"}
QUESTION_TYPE_LABELS = {QuestionType.SINGLE: "à réponse unique", QuestionType.MULTIPLE: "à réponses multiples",
                        QuestionType.TRUE_FALSE: "vrai ou faux"}
EDITION_STATUS_LABELS = {EditionStatus.DRAFT: "en préparation", EditionStatus.PUBLISHED: "publiée"}
RISK_SCALE_LABELS = {RiskScale.PROBABILITY: "niveaux de probabilité de la matrice", RiskScale.IMPACT: "niveaux d'impact de la matrice",
                     RiskScale.CRITICALITY: "criticité, calculée par la matrice"}
QUESTION_TYPE_HINTS = {
    QuestionType.SINGLE: "Une seule réponse possible.",
    QuestionType.MULTIPLE: "Plusieurs réponses possibles : cochez toutes celles qui conviennent.",
    QuestionType.TRUE_FALSE: "Vrai ou faux ?",
}

# The French words the JSON schemas give each allowed value (the value itself when it is already French).
OPERATION_LABELS = {Operation.SUM: "la somme des colonnes", Operation.DIFFERENCE: "la première colonne moins la seconde",
                    Operation.RATIO: "la première colonne divisée par la seconde"}
_VALUE_LABELS: dict[type[StrEnum], Mapping[Any, str]] = {
    Status: STATUS_LABELS, EditionStatus: EDITION_STATUS_LABELS, TemplateKind: TEMPLATE_KIND_LABELS, Format: FORMAT_LABELS,
    ColumnType: COLUMN_TYPE_LABELS, Scope: SCOPE_DESCRIPTIONS, RiskScale: RISK_SCALE_LABELS, QuestionType: QUESTION_TYPE_LABELS,
    Impact: IMPACT_EXPLANATIONS, Operation: OPERATION_LABELS,
}


def allowed_values(enum: type[StrEnum], values: Iterable[str] | None = None) -> str:
    """« Valeurs permises : « draft » : Brouillon ; … »: the values of a vocabulary (or the given ones of it) and what each
    means, for the schemas."""
    labels = _VALUE_LABELS.get(enum, {})
    allowed = [enum(v) for v in values] if values is not None else list(enum)
    if not labels:
        return "Valeurs permises : " + ", ".join(f"« {value} »" for value in allowed) + "."
    return "Valeurs permises : " + " ; ".join(f"« {value} » : {labels[value]}" for value in allowed) + "."
