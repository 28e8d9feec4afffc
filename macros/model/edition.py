"""Editions: the set of standard and role versions the PMO publishes together."""
from __future__ import annotations

import datetime as dt

from pydantic import Field

from macros.core.constants import EDITION_ID
from macros.core.vocabulary import EditionStatus, Impact, allowed_values
from macros.model.base import EditionId, EditionStatusValue, ImpactValue, Model, RoleId, Slug, Text, Version, format_hint, schema_doc


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
    changes: list[ChangeNote] = Field(default=[], description="Le classement, par le PMO, des changements que « pmo diff » laisse à "
                                      "qualifier, et ses notes.")


class Editions(Model):
    """The list of editions, as written in standards/editions.yaml, oldest first."""

    model_config = schema_doc("Les éditions du référentiel (standards/editions.yaml), de la plus ancienne à la plus récente.")

    editions: list[Edition] = Field(min_length=1, description="Les éditions, de la plus ancienne à la plus récente ; la dernière en "
                                    "« draft » est l'édition en préparation.")
