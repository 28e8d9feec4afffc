"""One version of one standard: metadata, checklist, RACI, templates, KPIs, references."""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from macros.core.constants import ITEM_ID, SEMVER, SLUG, STANDARD_ID
from macros.core.dates import add_months
from macros.core.text import one_line
from macros.core.vocabulary import (
    FORMATS_BY_KIND,
    OPERATION_SIGNS,
    ColumnType,
    Format,
    Level,
    Operation,
    RiskScale,
    Scope,
    Status,
    TemplateKind,
    allowed_values,
)
from macros.model.base import (
    WRITTEN_STATUSES,
    ColumnTypeValue,
    FormatValue,
    ItemId,
    LevelValue,
    Model,
    OperationValue,
    RiskScaleValue,
    RoleId,
    ScopeValue,
    Slug,
    StandardId,
    StatusValue,
    TemplateKindValue,
    Text,
    Version,
    format_hint,
    schema_doc,
    tr,
)


class ChecklistItem(Model):
    """A check to do in one phase of the lifecycle; its id is stable across versions."""

    model_config = schema_doc("Un point de contrôle : ce qu'il faut faire dans une phase du cycle de vie, qui le fait, et la preuve attendue.")

    id: ItemId = Field(description="Identifiant du point, stable d'une version à l'autre : jamais renuméroté, jamais réutilisé une fois "
                       f"retiré. {format_hint(ITEM_ID)}", examples=["RSK-01"])
    phase: Slug = Field(description="La phase du cycle de vie où le point se fait : un identifiant de phase de standards/lifecycle.yaml.",
                        examples=["cadrage"])
    text: Text = Field(description="Ce qu'il faut faire, en une phrase qui commence par un verbe à l'infinitif.",
                       examples=["Identifier les risques majeurs et les inscrire au registre."])
    # In the default category of project (standards/tailoring.yaml).
    level: LevelValue = Field(description=f"Force du point pour la catégorie de projet par défaut. {allowed_values(Level)}",
                              examples=["obligatoire"])
    # The level in other categories, where it differs: it may only get stricter from a lighter to a heavier one.
    levels: dict[Slug, LevelValue] = Field(default_factory=dict, description="Le niveau dans les autres catégories de projet, quand il diffère "
                                           "(identifiant de catégorie : niveau) ; il ne peut que se durcir d'une catégorie à une plus "
                                           f"lourde. {allowed_values(Level)}", examples=[{"majeur": "obligatoire"}])
    # Project characteristics (standards/tailoring.yaml): the item applies only to a project where one of them holds.
    only_if: list[Slug] = Field(default_factory=list, description="Les caractéristiques du projet (standards/tailoring.yaml) dont l'une doit être "
                                "vraie pour que le point s'applique ; vide : il s'applique à tout projet.", examples=[["fournisseur"]])
    # Who does and who approves an item are the R and A of the one RACI row that covers it. Versions published before
    # that rule named a « responsible » of their own: it stays readable there, and a new version may not carry it
    # (macros/checks/responsibility.py).
    responsible: RoleId | None = Field(default=None, json_schema_extra={"deprecated": True},
                                       description="Ancien champ, lu dans les versions publiées avant la règle : qui fait le point est "
                                       "désormais le R de la ligne du RACI qui le couvre (covers), qui l'approuve son A.",
                                       examples=["chef-de-projet"])
    template: Slug | None = Field(default=None, description="Le modèle à remplir pour ce point : l'identifiant d'un modèle (templates) "
                                  "de ce standard.", examples=["registre-des-risques"])
    evidence: Text | None = Field(default=None, description="La preuve attendue, vérifiable au jalon ; une section ou une colonne citée "
                                  "entre « » doit exister dans un modèle de ce standard ou de l'édition.",
                                  examples=["Colonne « Propriétaire » renseignée pour chaque risque."])
    applies_to: ScopeValue | None = Field(default=None, description="Qui le point gouverne, quand ce n'est pas le champ du standard. "
                                          f"{allowed_values(Scope)}", examples=["portfolio"])
    see: ItemId | None = Field(default=None, description="Le point d'un autre standard sur lequel celui-ci s'appuie, au lieu de le "
                               "répéter.", examples=["LAN-01"])
    frequency: Text | None = Field(default=None, description="Pour une routine : à quel rythme la refaire.", examples=["chaque mois"])

    def level_for(self, category: str) -> Level:
        """The item's level for one category of project."""
        return self.levels.get(category, self.level)

    def applies(self, held: set[str]) -> bool:
        """Whether the item applies to a project with these characteristics (an unconditional item always does)."""
        return not self.only_if or not held.isdisjoint(self.only_if)


class RaciRow(Model):
    """Who is Responsible, Accountable, Consulted and Informed for one activity."""

    model_config = schema_doc("Une ligne de la matrice RACI : une activité, qui la réalise (R), qui l'approuve (A), qui est consulté (C) "
                              "et qui est informé (I).")

    activity: Text = Field(description="L'activité, en quelques mots qui commencent par un verbe.",
                           examples=["Tenir le registre des risques"])
    R: list[RoleId] = Field(min_length=1, description="Les rôles qui réalisent l'activité (au moins un).", examples=[["chef-de-projet"]])
    A: RoleId = Field(description="Le seul rôle qui approuve et rend des comptes.", examples=["sponsor"])
    C: list[RoleId] = Field(default_factory=list, description="Les rôles consultés avant la décision.", examples=[["responsable-pmo"]])
    I: list[RoleId] = Field(default_factory=list, description="Les rôles informés de la décision.", examples=[["copil"]])  # noqa: E741
    covers: list[ItemId] = Field(default_factory=list, description="Les points de contrôle de ce standard que l'activité couvre : chacun est "
                                 "couvert par une seule ligne, dont le R et le A sont ceux du point.", examples=[["RSK-01", "RSK-15"]])
    gates: list[Slug] = Field(default_factory=list, description="Les décisions de jalon du cycle de vie que l'activité couvre : qui décide d'un "
                              "jalon y est R ou A.", examples=[["jalon-de-lancement"]])

    @field_validator("A", mode="before")
    @classmethod
    def _one_accountable(cls, value: object) -> object:
        if isinstance(value, list):
            raise PydanticCustomError("one_accountable", "exactement un rôle « A » par activité (un seul responsable final)")
        return value


class Computation(Model):
    """How a computed column is worked out, row by row, from other numeric columns of the same register (named as
    there). The spreadsheet's formula is written from this by the renderer: no text of the data becomes a formula."""

    model_config = schema_doc("Le calcul d'une colonne, ligne par ligne, à partir d'autres colonnes numériques du même registre, "
                              "nommées comme dans le registre ; le tableur en reçoit la formule.")

    operation: OperationValue = Field(description=f"L'opération. {allowed_values(Operation)}", examples=["sum"])
    columns: list[str] = Field(min_length=2, description="Les colonnes qu'elle lit, par leur nom (exactement deux pour « difference » et "
                               "« ratio »).", examples=[["Consommé (€)", "Reste à dépenser (€)"]])

    @model_validator(mode="after")
    def _two_for_a_difference_or_a_ratio(self) -> Computation:
        if self.operation != Operation.SUM and len(self.columns) != 2:
            raise ValueError(f"l'opération « {self.operation} » porte sur exactement deux colonnes (columns)")
        return self

    @property
    def names(self) -> list[str]:
        """The columns it reads, as their names are compared (on one line)."""
        return [one_line(name) for name in self.columns]

    @property
    def text(self) -> str:
        """« Consommé (€) + Reste à dépenser (€) »: how it is worked out, for the column's help and the release notes."""
        return OPERATION_SIGNS[self.operation].join(self.names)


class Column(Model):
    """A column of a register (Excel/CSV); a `choice` column becomes a drop-down, a computed one a formula."""

    model_config = schema_doc("Une colonne d'un registre (Excel, CSV) ; une colonne « choice » devient une liste déroulante.")

    name: Text = Field(description="L'en-tête de la colonne, tel que la preuve attendue le cite.", examples=["Probabilité"])
    type: ColumnTypeValue = Field(default=ColumnType.TEXT, description=f"Le type de valeur, qui fixe le format et la validation dans "
                                  f"Excel. {allowed_values(ColumnType)}", examples=["choice"])
    values: list[Text] | None = Field(default=None, description="Pour une colonne « choice » seulement : les valeurs de la liste "
                                      "déroulante (au moins deux).", examples=[["Faible", "Moyenne", "Forte"]])
    width: int | None = Field(default=None, ge=6, le=80, description="Largeur de la colonne dans Excel, en caractères, de 6 à 80.",
                              examples=[30])
    help: Text | None = Field(default=None, description="L'aide affichée en commentaire de l'en-tête : ce qu'on écrit dans la colonne.",
                              examples=["Date à laquelle l'action doit être close."])
    # Tied to the standard's risk matrix: probability and impact list its levels, criticality is computed from them.
    scale: RiskScaleValue | None = Field(default=None, description="Lie la colonne à la matrice des risques du standard (risk_matrix) : "
                                         f"ses valeurs viennent de la matrice. {allowed_values(RiskScale)}", examples=["probability"])
    compute: Computation | None = Field(default=None, description="Pour une colonne calculée : comment le registre la calcule à partir "
                                        "d'autres colonnes numériques de la même ligne (une formule, jamais saisie).")

    @model_validator(mode="after")
    def _values_match_type(self) -> Column:
        if self.compute is not None and not self.type.numeric:
            raise ValueError("une colonne calculée (compute) est numérique : type amount, number, integer ou percentage")
        if self.scale is not None:
            if self.type != ColumnType.CHOICE or self.values is not None:
                raise ValueError("une colonne liée à la matrice des risques (scale) est de type « choice », sans valeurs : "
                                 "elles viennent de la matrice")
            return self
        if self.type == ColumnType.CHOICE and (not self.values or len(self.values) < 2):
            raise ValueError("une colonne « choice » doit lister au moins deux valeurs (values)")
        if self.type != ColumnType.CHOICE and self.values is not None:
            raise ValueError("seule une colonne « choice » peut lister des valeurs (values)")
        return self


class Section(Model):
    """A section of a Word document: a heading, guidance for the author, an optional table."""

    model_config = schema_doc("Une section d'un document Word : un titre, une consigne pour le rédacteur, un tableau facultatif.")

    title: Text = Field(description="Le titre de la section, tel que la preuve attendue le cite.", examples=["Budget estimé"])
    guidance: Text = Field(description="La consigne : ce que le rédacteur écrit dans cette section.",
                           examples=["Indiquez le coût total estimé et sa marge d'incertitude."])
    table: list[Text] | None = Field(default=None, description="Les en-têtes des colonnes du tableau de la section, s'il y en a un.",
                                     examples=[["Poste", "Montant (€)"]])
    rows: list[Text] | None = Field(default=None, description="Les libellés de la première colonne du tableau, écrits d'avance "
                                    "(suppose un tableau).", examples=[["Nom du projet", "Sponsor"]])

    @model_validator(mode="after")
    def _rows_need_a_table(self) -> Section:
        if self.rows is not None and not self.table:
            raise ValueError("des lignes (rows) supposent un tableau (table)")
        return self


class Template(Model):
    """A template a standard asks projects to fill in: a document (Word) or a register (Excel)."""

    model_config = schema_doc("Un modèle que le standard demande de remplir : un document (Word) ou un registre (Excel).")

    id: Slug = Field(description=f"Identifiant du modèle, unique dans le référentiel. {format_hint(SLUG)}", examples=["registre-des-risques"])
    title: Text = Field(description="Le titre du modèle, affiché sur le site et dans le fichier.", examples=["Registre des risques"])
    kind: TemplateKindValue = Field(description=f"La forme du modèle. {allowed_values(TemplateKind)}", examples=["register"])
    formats: list[FormatValue] = Field(min_length=1, description="Les formats proposés au téléchargement ; un document s'offre en docx "
                                       f"et md, un registre en xlsx, csv et md. {allowed_values(Format)}", examples=[["xlsx", "csv", "md"]])
    description: Text = Field(description="À quoi sert le modèle, en une ou deux phrases.",
                              examples=["Liste des risques du projet, avec leur évaluation, leur propriétaire et leur réponse."])
    sections: list[Section] = Field(default_factory=list, description="Pour un document : ses sections, dans l'ordre.")
    columns: list[Column] = Field(default_factory=list, description="Pour un registre : ses colonnes, dans l'ordre.")
    # The categories of project the template serves (all when empty); a light template may take the place of others
    # for its categories: a checklist of those categories then points to it.
    categories: list[Slug] = Field(default_factory=list, description="Les catégories de projet que le modèle sert (toutes si la liste est vide).",
                                   examples=[["leger"]])
    replaces: list[Slug] = Field(default_factory=list, description="Les modèles que ce modèle allégé remplace pour ses catégories : la liste de "
                                 "contrôle de ces projets renvoie à lui.", examples=[["charte-de-projet"]])

    @field_validator("formats")
    @classmethod
    def _formats_match_kind(cls, value: list[FormatValue], info: ValidationInfo) -> list[FormatValue]:
        kind = info.data.get("kind")
        allowed: tuple[str, ...] = FORMATS_BY_KIND.get(kind, ()) if kind else ()
        wrong = [f for f in value if kind and f not in allowed]
        if wrong:
            raise PydanticCustomError("format_kind", "format « {fmt} » impossible pour un modèle « {kind} » ; formats permis : {allowed}",
                                      {"fmt": wrong[0], "kind": kind, "allowed": ", ".join(allowed)})
        if len(set(value)) != len(value):
            raise PydanticCustomError("format_twice", "un format est listé deux fois")
        return value

    @model_validator(mode="after")
    def _shape_matches_kind(self) -> Template:
        if self.kind == TemplateKind.DOCUMENT and (not self.sections or self.columns):
            raise ValueError("un modèle « document » a des sections (sections) et pas de colonnes")
        if self.kind == TemplateKind.REGISTER and (not self.columns or self.sections):
            raise ValueError("un modèle « register » a des colonnes (columns) et pas de sections")
        return self


class Kpi(Model):
    """An indicator the standard follows."""

    model_config = schema_doc("Un indicateur que le standard suit.")

    name: Text = Field(description="Le nom de l'indicateur.", examples=["Risques sans propriétaire"])
    definition: Text = Field(description="Comment on le calcule.", examples=["Nombre de risques ouverts sans propriétaire désigné."])
    target: Text | None = Field(default=None, description="La valeur visée.", examples=["0"])
    frequency: Text | None = Field(default=None, description="À quel rythme on le mesure.", examples=["chaque mois"])


class Reference(Model):
    """A source the standard relies on."""

    model_config = schema_doc("Une source sur laquelle le standard s'appuie.")

    title: Text = Field(description="Le titre de la source.", examples=["ISO 21502:2020, Management de projet"])
    url: str | None = Field(default=None, description="Son adresse web, en http ou https (une autre adresse n'est pas publiée).",
                            examples=["https://www.iso.org/standard/74947.html"])


class ScaleLevel(Model):
    """One level of a probability or impact scale."""

    model_config = schema_doc("Un niveau d'une échelle de probabilité ou d'impact.")

    id: Slug = Field(description=f"Identifiant du niveau, cité par la matrice. {format_hint(SLUG)}", examples=["forte"])
    name: Text = Field(description="Le nom du niveau, proposé dans les registres.", examples=["Forte"])
    definition: Text = Field(description="Ce qui place un risque à ce niveau, en termes objectifs.",
                             examples=["Plus d'une chance sur deux de se produire avant la fin du projet."])


class ImpactLevel(ScaleLevel):
    """One level of the impact scale, and who would have to decide if such an effect came about."""

    model_config = schema_doc("Un niveau de l'échelle d'impact, et qui devrait décider si un tel effet survenait.")

    decided_by: RoleId | None = Field(default=None, description="Le rôle qui déciderait si un effet de ce niveau survenait.",
                                      examples=["sponsor"])


class Criticality(Model):
    """One criticality level of the risk matrix, what it calls for, and the role a risk of that level is brought to."""

    model_config = schema_doc("Un niveau de criticité de la matrice des risques, et ce qu'il demande.")

    id: Slug = Field(description=f"Identifiant du niveau, cité par la matrice. {format_hint(SLUG)}", examples=["critique"])
    name: Text = Field(description="Le nom du niveau, calculé dans les registres.", examples=["Critique"])
    action: Text = Field(description="Ce qu'un risque de ce niveau demande, et qui en décide.",
                         examples=["Réponse validée par le sponsor et présentée au comité de pilotage suivant."])
    escalates_to: RoleId | None = Field(default=None, description="Le rôle auquel un risque de ce niveau est porté.",
                                        examples=["copil"])


class RiskMatrix(Model):
    """The risk scales and the criticality matrix (probability × impact → criticality), as the PMO sets them."""

    model_config = schema_doc("Les échelles des risques et la matrice de criticité (probabilité × impact → criticité), telles que le "
                              "PMO les fixe.")

    probability: list[ScaleLevel] = Field(min_length=2, description="Les niveaux de probabilité, du plus faible au plus fort.")
    impact: list[ImpactLevel] = Field(min_length=2, description="Les niveaux d'impact, du plus faible au plus fort.")
    criticality: list[Criticality] = Field(min_length=2, description="Les niveaux de criticité, du plus faible au plus fort.")
    matrix: dict[Slug, dict[Slug, Slug]] = Field(description="La criticité de chaque case : niveau de probabilité → niveau d'impact → "
                                                 "niveau de criticité, une ligne par probabilité et une case par impact.",
                                                 examples=[{"forte": {"faible": "moderee", "fort": "critique"}}])

    def criticality_of(self, probability: str, impact: str) -> str | None:
        """The criticality's name for a probability and an impact given by their names, as a register's cells hold them."""
        p = next((x.id for x in self.probability if one_line(tr(x.name)) == one_line(probability)), None)
        i = next((x.id for x in self.impact if one_line(tr(x.name)) == one_line(impact)), None)
        if p is None or i is None:
            return None
        level = self.matrix[p][i]
        return next(tr(c.name) for c in self.criticality if c.id == level)

    @model_validator(mode="after")
    def _matrix_is_complete(self) -> RiskMatrix:
        probabilities, impacts = [p.id for p in self.probability], [i.id for i in self.impact]
        levels = {c.id for c in self.criticality}
        if sorted(self.matrix) != sorted(probabilities):
            raise ValueError(f"la matrice a une ligne par niveau de probabilité : {', '.join(probabilities)}")
        for probability, row in self.matrix.items():
            if sorted(row) != sorted(impacts):
                raise ValueError(f"la ligne « {probability} » de la matrice a une case par niveau d'impact : {', '.join(impacts)}")
            unknown = sorted(set(row.values()) - levels)
            if unknown:
                raise ValueError(f"criticité inconnue « {unknown[0]} » dans la ligne « {probability} » ; criticités : {', '.join(sorted(levels))}")
        return self


class Standard(Model):
    """One version of one standard, as written in standards/<slug>/<version>.yaml."""

    model_config = schema_doc("Une version d'un standard, telle qu'écrite dans standards/<slug>/<version>.yaml ; une version publiée "
                              "ne change plus : chaque évolution est une nouvelle version (pmo new-version).")

    id: StandardId = Field(description=f"Identifiant du standard, le même pour toutes ses versions. {format_hint(STANDARD_ID)}",
                           examples=["PMO-STD-005"])
    slug: Slug = Field(description=f"Le nom du dossier du standard, qui fait son adresse sur le site. {format_hint(SLUG)}",
                       examples=["gestion-des-risques"])
    title: Text = Field(description="Le titre du standard.", examples=["Gestion des risques"])
    version: Version = Field(description="Le numéro de cette version, entre guillemets, égal au nom du fichier : majeur quand une "
                             f"exigence est ajoutée ou retirée, mineur pour une précision, correctif pour la forme. {format_hint(SEMVER)}",
                             examples=["2.0.0"])
    status: StatusValue = Field(description="Le statut de cette version ; une nouvelle version commence en « draft », et « pmo publish » "
                                f"la rend « active ». {allowed_values(Status, WRITTEN_STATUSES)}", examples=["draft"])
    effective_from: dt.date = Field(description="Date d'entrée en vigueur, AAAA-MM-JJ.", examples=["2026-01-15"])
    transition_until: dt.date | None = Field(default=None, description="Pour une version majeure : jusqu'à quand les projets démarrés "
                                             "avant peuvent garder la version précédente, AAAA-MM-JJ, après effective_from.",
                                             examples=["2026-06-30"])
    # A new major version needs a transition, or the reason why projects must apply it at once.
    without_transition: Text | None = Field(default=None, description="Pour une version majeure sans transition : pourquoi les projets "
                                            "l'appliquent aussitôt.", examples=["Exigence réglementaire applicable à tous dès sa parution."])
    owner: RoleId = Field(description="Le rôle qui tient le standard à jour : un identifiant de rôle.", examples=["responsable-pmo"])
    last_reviewed: dt.date = Field(description="Date de la dernière revue du standard, AAAA-MM-JJ.", examples=["2025-12-01"])
    review_every_months: int = Field(ge=1, le=60, description="Tous les combien de mois le standard est revu, de 1 à 60 ; une revue en "
                                     "retard est signalée.", examples=[12])
    # The PMO spreads its reviews over the year instead of reviewing every standard the day an edition is published.
    next_review: dt.date | None = Field(default=None, description="La date de la prochaine revue, fixée par le calendrier de revue du "
                                        "PMO, AAAA-MM-JJ : après la dernière revue, et au plus tard review_every_months mois après "
                                        "elle ; sans elle, la prochaine revue tombe review_every_months mois après la dernière.",
                                        examples=["2027-09-15"])
    summary: Text = Field(description="Ce que le standard organise, en un paragraphe.",
                          examples=["Ce standard organise l'identification, l'évaluation et le traitement des risques du projet."])
    objectives: list[Text] = Field(min_length=1, description="Ce que le standard cherche à obtenir, une phrase par objectif.",
                                   examples=[["Connaître à tout moment les risques majeurs du projet et leur propriétaire."]])
    scope: Text = Field(description="À quels projets le standard s'applique, et ce qu'il laisse à d'autres standards.",
                        examples=["Tous les projets, quelle que soit leur catégorie."])
    checklist: list[ChecklistItem] = Field(min_length=1, description="Les points de contrôle, par phase.")
    raci: list[RaciRow] = Field(min_length=1, description="La matrice RACI : une ligne par activité ; chaque point de contrôle est "
                                "couvert par une seule ligne.")
    templates: list[Template] = Field(default_factory=list, description="Les modèles que le standard demande de remplir.")
    kpis: list[Kpi] = Field(default_factory=list, description="Les indicateurs que le standard suit.")
    references: list[Reference] = Field(default_factory=list, description="Les sources sur lesquelles le standard s'appuie.")
    applies_to: ScopeValue = Field(default=Scope.PROJECT, description="Qui le standard gouverne ; un point peut dire autre chose "
                                   f"(applies_to du point). {allowed_values(Scope)}", examples=["project"])
    risk_matrix: RiskMatrix | None = Field(default=None, description="Les échelles et la matrice des risques, pour le standard qui les "
                                           "fixe ; les colonnes liées (scale) en tirent leurs valeurs.")

    @model_validator(mode="after")
    def _scales_need_the_matrix(self) -> Standard:
        if self.risk_matrix is None and any(c.scale for t in self.templates for c in t.columns):
            raise ValueError("une colonne liée à la matrice des risques (scale) suppose que ce standard définisse risk_matrix")
        return self

    @field_validator("next_review")
    @classmethod
    def _next_review_within_the_period(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        last, months = info.data.get("last_reviewed"), info.data.get("review_every_months")
        if value is None or last is None or months is None:
            return value
        latest = add_months(last, months)
        if not last < value <= latest:
            raise PydanticCustomError("next_review", "la prochaine revue ({day}) doit suivre la dernière ({last}) et venir au plus "
                                      "tard {months} mois après elle, le {latest}",
                                      {"day": value.isoformat(), "last": last.isoformat(), "months": months, "latest": latest.isoformat()})
        return value

    @property
    def review_due(self) -> dt.date:
        """When the standard is next reviewed: on the PMO's review calendar, or its period after the last review."""
        return self.next_review or add_months(self.last_reviewed, self.review_every_months)

    def column_values(self, column: Column) -> list[str]:
        """The values a register column offers: its own, or the levels of the risk matrix it is tied to."""
        if column.scale is None or self.risk_matrix is None:
            return [tr(v) for v in column.values or []]
        m = self.risk_matrix
        if column.scale == RiskScale.CRITICALITY:
            return [tr(c.name) for c in m.criticality]
        return [tr(level.name) for level in (m.probability if column.scale == RiskScale.PROBABILITY else m.impact)]

    @field_validator("transition_until")
    @classmethod
    def _transition_after_start(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("effective_from")
        if value is not None and start is not None and value < start:
            raise PydanticCustomError("transition", "la fin de transition doit suivre la date d'entrée en vigueur ({start})",
                                      {"start": start.isoformat()})
        return value


class Entry(NamedTuple):
    """One checklist item with the version of the standard it comes from."""

    standard: Standard
    item: ChecklistItem
