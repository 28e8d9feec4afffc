"""The project lifecycle shared by every standard: phases, the gates that close them, and their exit criteria."""
from __future__ import annotations

from pydantic import Field, model_validator

from macros.core.constants import SLUG
from macros.model.base import ItemId, Model, RoleId, Slug, Text, format_hint, schema_doc


class Phase(Model):
    """A phase of the project lifecycle."""

    model_config = schema_doc("Une phase du cycle de vie des projets.")

    id: Slug = Field(description=f"Identifiant de la phase, que les points de contrôle citent. {format_hint(SLUG)}", examples=["cadrage"])
    name: Text = Field(description="Le nom de la phase.", examples=["Cadrage"])
    description: Text = Field(description="Ce qui se fait pendant la phase.", examples=["Définir les objectifs, le périmètre et la "
                              "justification du projet, jusqu'à la charte validée."])


class GateCriterion(Model):
    """One go/no-go criterion of a gate: a checklist item, or a criterion of the gate's own with its evidence."""

    model_config = schema_doc("Un critère de passage d'un jalon : un point de contrôle (item), ou un critère propre au jalon avec son "
                              "identifiant, son texte et sa preuve.")

    item: ItemId | None = Field(default=None, description="Le point de contrôle qui sert de critère, fait au plus tard pendant la phase "
                                "que le jalon clôt.", examples=["LAN-05"])
    id: Slug | None = Field(default=None, description="Pour un critère propre au jalon : son identifiant.", examples=["budget-valide"])
    text: Text | None = Field(default=None, description="Pour un critère propre au jalon : ce qui doit être vrai.",
                              examples=["Le budget de référence est validé par le sponsor."])
    evidence: Text | None = Field(default=None, description="Pour un critère propre au jalon : la preuve attendue.",
                                  examples=["Compte rendu du comité signé."])
    # The categories of project the criterion holds for (all when empty); a criterion that names an item holds only
    # where that item is mandatory, so tailoring an item tailors its criterion.
    categories: list[Slug] = Field(default_factory=list, description="Les catégories de projet pour lesquelles le critère vaut (toutes si la liste "
                                   "est vide) ; un critère qui nomme un point ne vaut que là où ce point est obligatoire.",
                                   examples=[["standard", "majeur"]])

    @model_validator(mode="after")
    def _item_or_own(self) -> GateCriterion:
        own = self.text is not None and self.id is not None and self.evidence is not None
        if (self.item is not None) == own or (self.item is not None and (self.text or self.id or self.evidence)):
            raise ValueError("un critère désigne un élément de contrôle (item), ou donne son identifiant (id), son texte (text) "
                             "et la preuve attendue (evidence)")
        return self


class Gate(Model):
    """A go/no-go decision that closes one phase."""

    model_config = schema_doc("Un jalon : la décision de passer ou non à la phase suivante, qui clôt une phase.")

    id: Slug = Field(description=f"Identifiant du jalon. {format_hint(SLUG)}", examples=["jalon-de-lancement"])
    name: Text = Field(description="Le nom du jalon.", examples=["Jalon de lancement"])
    after: Slug = Field(description="La phase que le jalon clôt : un identifiant de phase (un seul jalon par phase).", examples=["cadrage"])
    description: Text = Field(description="Ce que le jalon décide.", examples=["Le comité décide de lancer la planification."])
    # Who pronounces go or no-go: one role, or one per category of project (every category named).
    decided_by: RoleId | dict[Slug, RoleId] | None = Field(default=None, description="Le rôle qui prononce la décision : un seul rôle, "
                                                           "ou un rôle par catégorie de projet (chaque catégorie nommée).",
                                                           examples=["copil", {"leger": "sponsor", "standard": "copil", "majeur": "copil"}])
    criteria: list[GateCriterion] = Field(default_factory=list, description="Les critères de passage.")

    def decider(self, category: str) -> str | None:
        """The role that decides this gate for a project of that category."""
        if isinstance(self.decided_by, dict):
            return self.decided_by.get(category)
        return self.decided_by


class Lifecycle(Model):
    """Phases in order and their gates, as written in standards/lifecycle.yaml."""

    model_config = schema_doc("Le cycle de vie des projets (standards/lifecycle.yaml) : les phases dans l'ordre et leurs jalons.")

    phases: list[Phase] = Field(min_length=4, description="Les phases, dans l'ordre (au moins quatre).")
    gates: list[Gate] = Field(min_length=3, description="Les jalons (au moins trois), chacun après une phase.")
