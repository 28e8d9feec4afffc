"""Editions: the set of standard and role versions the PMO publishes together."""
from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from macros.model.base import DistributionPurposeValue, EditionId, EditionStatusValue, ImpactValue, Model, RoleId, Slug, Text, Version


class ChangeNote(Model):
    """The PMO's own classification of a change, where the data cannot tell it."""

    standard: Slug
    item: str | None = None
    section: str | None = None
    target: str | None = None  # any other change, by its name in `pmo diff`: « indicateur « Taux de… » », « modèle … »
    impact: ImpactValue
    note: Text | None = None  # the one-line reason, shown in the release notes


class EditionApproval(Model):
    """Who prepared, checked and approved an edition before its publication: the document control of the edition's PDF."""

    prepared_by: RoleId | None = None  # « Rédigée par »
    reviewed_by: list[RoleId] = []  # « Vérifiée par »
    approved_by: RoleId  # « Approuvée par »: one role, as one A per RACI row
    approved_on: dt.date
    reference: Text | None = None  # the decision it rests on: « Relevé de décision du comité de portefeuille du… »


class Recipient(Model):
    """One line of an edition's distribution list: a role of the référentiel, or another audience, and why it receives it."""

    role: RoleId | None = None
    audience: Text | None = None  # an audience that is not a role: « Direction générale », « Fournisseurs »
    purpose: DistributionPurposeValue

    @model_validator(mode="after")
    def _one_recipient(self) -> Recipient:
        if (self.role is None) == (self.audience is None):
            raise ValueError("une ligne de diffusion nomme soit un rôle (role), soit un autre destinataire (audience)")
        return self


class Edition(Model):
    """One edition: its status, date, notes and the version of each standard and role it holds."""

    id: EditionId
    status: EditionStatusValue
    date: dt.date | None = None
    notes: Text
    standards: dict[Slug, Version] = Field(min_length=1)
    roles: dict[RoleId, Version] = Field(min_length=1)
    changes: list[ChangeNote] = []
    # Optional, so that editions published before these fields existed keep their fingerprint (defaults are left out).
    approval: EditionApproval | None = None
    distribution: list[Recipient] = []


class Editions(Model):
    """The list of editions, as written in standards/editions.yaml, oldest first."""

    organisation: Text | None = None  # who publishes the référentiel, on the cover of each edition's PDF
    editions: list[Edition] = Field(min_length=1)
