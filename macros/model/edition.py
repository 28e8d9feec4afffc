"""Editions: the set of standard and role versions the PMO publishes together."""
from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from macros.core.constants import EDITION_ID
from macros.core.vocabulary import DistributionPurpose, EditionStatus, Impact, allowed_values
from macros.model.base import DistributionPurposeValue, EditionId, EditionStatusValue, ImpactValue, Model, RoleId, Slug, Text, Version, format_hint, schema_doc


class ChangeNote(Model):
    """The PMO's own classification of a change, where the data cannot tell it."""

    model_config = schema_doc("Le classement d'un changement par le PMO, quand les données ne suffisent pas à le qualifier ; sans item, "
                              "section ni target, la note porte sur tout le standard (ou le rôle).")

    standard: Slug = Field(description="Le standard (ou le rôle) dont le changement est classé : son identifiant.",
                           examples=["gestion-des-risques"])
    item: str | None = Field(default=None, description="Le point de contrôle changé.", examples=["RSK-01"])
    section: str | None = Field(default=None, description="Le titre de la section changée du texte d'accompagnement ou de la définition "
                                "de rôle.", examples=["Mise en pratique"])
    # Any other change, by its name in `pmo diff`: « indicateur « Taux de… » », « modèle … ».
    target: str | None = Field(default=None, description="Tout autre changement, par son nom dans « pmo diff ».",
                               examples=["colonne « Domaine » du modèle « Registre des leçons apprises »"])
    impact: ImpactValue = Field(description=f"L'impact du changement pour les projets. {allowed_values(Impact)}",
                                examples=["clarification"])
    # The one-line reason, shown in the release notes.
    note: Text | None = Field(default=None, description="La raison de ce classement, en une ligne pour les chefs de projet ; montrée "
                              "dans les nouveautés de l'édition.", examples=["Recenser les risques était déjà attendu ; la formulation le dit."])


class EditionApproval(Model):
    """Who prepared, checked and approved an edition before its publication: the document control of the edition's PDF."""

    model_config = schema_doc("Le contrôle documentaire d'une édition : qui l'a rédigée, vérifiée et approuvée avant sa publication.")

    prepared_by: RoleId | None = Field(default=None, description="« Rédigée par » : le rôle qui a préparé l'édition.",
                                       examples=["responsable-pmo"])
    reviewed_by: list[RoleId] = Field(default_factory=list, description="« Vérifiée par » : les rôles qui l'ont relue.", examples=[["analyste-pmo"]])
    # One role, as one A per RACI row.
    approved_by: RoleId = Field(description="« Approuvée par » : le rôle qui l'a approuvée, un seul.", examples=["comite-de-portefeuille"])
    approved_on: dt.date = Field(description="Date de l'approbation, AAAA-MM-JJ.", examples=["2027-01-10"])
    reference: Text | None = Field(default=None, description="La décision sur laquelle l'approbation repose.",
                                   examples=["Relevé de décision du comité de portefeuille du 10 janvier 2027"])


class Recipient(Model):
    """One line of an edition's distribution list: a role of the référentiel, or another audience, and why it receives it."""

    model_config = schema_doc("Une ligne de la liste de diffusion d'une édition : un rôle du référentiel ou un autre destinataire, "
                              "et pourquoi il la reçoit.")

    role: RoleId | None = Field(default=None, description="Le rôle destinataire (soit role, soit audience).", examples=["chef-de-projet"])
    audience: Text | None = Field(default=None, description="Un destinataire qui n'est pas un rôle du référentiel (soit role, soit "
                                  "audience).", examples=["Direction générale"])
    purpose: DistributionPurposeValue = Field(description=f"Pourquoi il la reçoit. {allowed_values(DistributionPurpose)}",
                                              examples=["application"])

    @model_validator(mode="after")
    def _one_recipient(self) -> Recipient:
        if (self.role is None) == (self.audience is None):
            raise ValueError("une ligne de diffusion nomme soit un rôle (role), soit un autre destinataire (audience)")
        return self


class Edition(Model):
    """One edition: its status, date, notes and the version of each standard and role it holds."""

    model_config = schema_doc("Une édition : la version de chaque standard et de chaque rôle que le PMO publie ensemble ; une "
                              "édition publiée ne change plus.")

    id: EditionId = Field(description=f"Identifiant de l'édition, entre guillemets. {format_hint(EDITION_ID)}", examples=["2027.1"])
    status: EditionStatusValue = Field(description="Son statut ; « pmo edition new » l'ouvre en « draft », « pmo publish » la publie. "
                                       f"{allowed_values(EditionStatus)}", examples=["draft"])
    date: dt.date | None = Field(default=None, description="Date de publication, AAAA-MM-JJ, écrite par « pmo publish ».",
                                 examples=["2027-01-15"])
    notes: Text = Field(description="Ce qui change et pourquoi, lisible par un chef de projet.",
                        examples=["La clôture du registre des risques devient obligatoire."])
    standards: dict[Slug, Version] = Field(min_length=1, description="La version de chaque standard de l'édition : identifiant du "
                                           "standard → version entre guillemets.", examples=[{"gestion-des-risques": "3.0.0"}])
    roles: dict[RoleId, Version] = Field(min_length=1, description="La version de chaque définition de rôle de l'édition : identifiant du "
                                         "rôle → version entre guillemets.", examples=[{"chef-de-projet": "1.1.0"}])
    changes: list[ChangeNote] = Field(default_factory=list, description="Le classement, par le PMO, des changements que « pmo diff » laisse à "
                                      "qualifier, et ses notes.")
    # Optional, so that editions published before these fields existed keep their fingerprint (defaults are left out).
    approval: EditionApproval | None = Field(default=None, description="Le contrôle documentaire de l'édition : qui l'a rédigée, "
                                             "vérifiée et approuvée, et quand ; imprimé sur le PDF de l'édition.")
    distribution: list[Recipient] = Field(default_factory=list, description="La liste de diffusion de l'édition : qui la reçoit et pourquoi ; "
                                          "imprimée sur le PDF de l'édition.")


class Editions(Model):
    """The list of editions, as written in standards/editions.yaml, oldest first."""

    model_config = schema_doc("Les éditions du référentiel (standards/editions.yaml), de la plus ancienne à la plus récente.")

    organisation: Text | None = Field(default=None, description="L'organisation qui publie le référentiel, sur la couverture du PDF "
                                      "de chaque édition.", examples=["Direction des projets"])
    editions: list[Edition] = Field(min_length=1, description="Les éditions, de la plus ancienne à la plus récente ; la dernière en "
                                    "« draft » est l'édition en préparation.")
