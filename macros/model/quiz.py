"""Onboarding quizzes and the 4-week path: questions with stable ids, what each one covers, the modules."""
from __future__ import annotations

from pydantic import Field

from macros.core.constants import SLUG
from macros.core.vocabulary import QuestionType, allowed_values
from macros.model.base import EditionId, Model, QuestionTypeValue, RoleId, Slug, Text, format_hint, schema_doc

# A covers entry is a checklist item id (RSK-03) or a docs page with an optional anchor
# (guides/mettre-en-place-un-pmo.md#etape-1); its format and target are checked by macros.quiz.quizzes,
# which can say in French which of the two forms was meant.
CoversTarget = str


class Choice(Model):
    """One answer a reader can pick; its id is stable, so recorded answers survive reordering."""

    model_config = schema_doc("Une réponse proposée ; son identifiant est stable, pour que les réponses enregistrées survivent à un "
                              "changement d'ordre.")

    id: Slug = Field(description=f"Identifiant de la réponse, unique dans la question. {format_hint(SLUG)}", examples=["sponsor"])
    text: Text = Field(description="Le texte de la réponse.", examples=["Le sponsor, après avis du comité de pilotage."])
    correct: bool = Field(default=False, description="true pour une bonne réponse.", examples=[True])
    feedback: Text | None = Field(default=None, description="Pour une mauvaise réponse : pourquoi elle est fausse, montré au lecteur qui "
                                  "la choisit.", examples=["Le chef de projet prépare la décision ; il ne la prend pas."])


class Question(Model):
    """One question: its id is the key of the reader's recorded answer, never its position."""

    model_config = schema_doc("Une question ; son identifiant est la clé de la réponse enregistrée du lecteur, jamais sa position.")

    id: Slug = Field(description=f"Identifiant de la question, unique dans le quiz et stable. {format_hint(SLUG)}",
                     examples=["q-proprietaire-du-risque"])
    type: QuestionTypeValue = Field(description=f"La forme de la question. {allowed_values(QuestionType)}", examples=["single"])
    prompt: Text = Field(description="L'énoncé de la question.", examples=["Qui décide d'accepter un risque critique ?"])
    choices: list[Choice] = Field(min_length=2, description="Les réponses proposées (au moins deux ; exactement deux, Vrai et Faux, pour "
                                  "« true_false »).")
    explanation: Text = Field(description="L'explication montrée après la réponse, qui cite la règle.",
                              examples=["RSK-09 demande l'approbation du sponsor pour accepter un risque critique."])
    covers: list[CoversTarget] = Field(min_length=1, description="Ce que la question vérifie : des identifiants de points de contrôle, ou "
                                       "des pages de docs/ avec une ancre facultative.",
                                       examples=[["RSK-09", "guides/mettre-en-place-un-pmo.md#etape-1"]])
    # One of the quiz's topics: each attempt draws at least one question per topic.
    topic: Slug | None = Field(default=None, description="Le thème du quiz auquel la question appartient (obligatoire quand le quiz a des "
                               "thèmes) ; chaque tirage pose au moins une question par thème.", examples=["repondre-aux-risques"])
    # A situation to act on (« Vous êtes chef de projet… que faites-vous ? »), not recall.
    scenario: bool = Field(default=False, description="true pour une mise en situation (« que faites-vous ? ») plutôt qu'un rappel ; un "
                           "tiers au moins des questions d'un quiz hebdomadaire en sont.", examples=[True])
    # The edition the PMO last reviewed this question against: a change of a covered item in that
    # edition (or earlier) no longer makes the question stale.
    reviewed: EditionId | None = Field(default=None, description="L'édition pour laquelle le PMO a revu la question ; un changement d'un "
                                       "point couvert jusqu'à cette édition ne la signale plus à revoir.", examples=["2027.1"])


class Topic(Model):
    """A theme of a quiz: a pooled quiz asks at least one question of each theme per attempt."""

    model_config = schema_doc("Un thème du quiz : un quiz par tirage pose au moins une question de chaque thème.")

    id: Slug = Field(description=f"Identifiant du thème, que les questions citent (topic). {format_hint(SLUG)}",
                     examples=["identifier-et-evaluer"])
    name: Text = Field(description="Le nom du thème, montré dans le bilan du quiz.", examples=["Identifier et évaluer les risques"])


class Quiz(Model):
    """One quiz, as written in quizzes/<id>.yaml."""

    model_config = schema_doc("Un quiz (quizzes/<id>.yaml).")

    id: Slug = Field(description=f"Identifiant du quiz, égal au nom du fichier. {format_hint(SLUG)}", examples=["risques-et-budget"])
    title: Text = Field(description="Le titre du quiz.", examples=["Planification, risques et budget"])
    description: Text | None = Field(default=None, description="Ce sur quoi le quiz porte.",
                                     examples=["Ce quiz porte sur le registre des risques et le suivi des coûts."])
    audience: list[RoleId] = Field(min_length=1, description="Les rôles à qui le quiz s'adresse.", examples=[["chef-de-projet"]])
    pass_mark: int = Field(ge=1, le=100, description="Le score à atteindre pour réussir, en pourcentage, de 1 à 100.", examples=[75])
    # Choices are shown in a new order at each attempt (the file's order never gives the answer away).
    shuffle: bool = Field(default=True, description="true pour mélanger les réponses à chaque tentative (l'ordre du fichier ne trahit "
                          "jamais la bonne réponse).", examples=[True])
    draw: int | None = Field(default=None, ge=1, description="Le nombre de questions posées à chaque tentative, tirées de la banque (au "
                             "moins autant que de thèmes) ; sans tirage, toutes les questions.", examples=[15])
    topics: list[Topic] = Field(default_factory=list, description="Les thèmes du quiz.")
    questions: list[Question] = Field(min_length=1, description="La banque de questions.")


class Module(Model):
    """One week of the onboarding path: pages to read, templates to try, the quiz that closes it."""

    model_config = schema_doc("Une semaine du parcours d'intégration : les pages à lire, les modèles à essayer, le quiz qui la clôt.")

    id: Slug = Field(description=f"Identifiant du module. {format_hint(SLUG)}", examples=["gouvernance-et-cadrage"])
    week: int = Field(ge=1, le=4, description="Le numéro de la semaine, de 1 à 4, dans l'ordre.", examples=[2])
    title: Text = Field(description="Le titre de la semaine.", examples=["Gouvernance et cadrage"])
    summary: Text | None = Field(default=None, description="Ce que la semaine fait apprendre.",
                                 examples=["Savoir qui décide de quoi et cadrer un projet jusqu'à la charte validée."])
    pages: list[str] = Field(min_length=1, description="Les pages à lire, chemins relatifs à docs/ avec une ancre facultative ; le quiz "
                             "de la semaine teste chacune.", examples=[["standards/gestion-des-risques/index.md"]])
    templates: list[Slug] = Field(default_factory=list, description="Les modèles à essayer : des identifiants de modèles.",
                                  examples=[["registre-des-risques"]])
    quiz: Slug = Field(description="Le quiz qui clôt la semaine : un identifiant de quiz.", examples=["gouvernance"])
    # Quizzes « pour aller plus loin »: offered with the week, not needed to complete it.
    extra_quizzes: list[Slug] = Field(default_factory=list, description="Les quiz « pour aller plus loin », proposés avec la semaine sans être "
                                      "nécessaires pour la terminer.", examples=[["mise-en-place-du-pmo"]])


class Parcours(Model):
    """The onboarding path, as written in quizzes/parcours.yaml: exactly four weeks."""

    model_config = schema_doc("Le parcours d'intégration (quizzes/parcours.yaml) : exactement quatre semaines.")

    title: Text = Field(description="Le titre du parcours.", examples=["Parcours d'intégration du chef de projet, en quatre semaines."])
    intro: Text | None = Field(default=None, description="Le texte d'introduction du parcours.",
                               examples=["Chaque semaine, lisez les pages proposées, puis faites le quiz de la semaine."])
    modules: list[Module] = Field(min_length=4, max_length=4, description="Les quatre semaines, dans l'ordre.")
