"""The référentiel's settings in mkdocs.yml (extra.referentiel), read once into typed values with French errors."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

CONFIG_KEY = "referentiel"


class SiteConfigError(ValueError):
    """extra.referentiel is missing a value, or a value is of the wrong kind: the message says which, in French."""


@dataclass(frozen=True)
class Contact:
    """The PMO's contact, shown at the bottom of every page and wherever a page says to ask the PMO."""

    name: str
    email: str
    office_hours: str = ""


@dataclass(frozen=True)
class SiteConfig:
    """Where the generated sections go in the navigation (titles of hand-written sections), and the PMO's contact."""

    nav_after: str
    nav_parcours: str
    contact: Contact


def _text(values: Mapping[str, object], key: str, where: str, why: str) -> str:
    value = values.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SiteConfigError(f"mkdocs.yml : {where}.{key} manquant : {why}")
    return value


def site_config(extra: Mapping[str, object] | None) -> SiteConfig:
    """extra.referentiel of mkdocs.yml as typed settings; a SiteConfigError naming the missing key otherwise."""
    where = f"extra.{CONFIG_KEY}"
    found = (extra or {}).get(CONFIG_KEY)
    values: Mapping[str, object] = found if isinstance(found, Mapping) else {}
    nav = "indiquez le titre de la section de navigation près de laquelle placer les pages générées"
    contact = values.get("contact")
    contact_values: Mapping[str, object] = contact if isinstance(contact, Mapping) else {}
    missing = [key for key in ("nom", "courriel") if not isinstance(contact_values.get(key), str) or not str(contact_values.get(key)).strip()]
    if missing:
        raise SiteConfigError(f"mkdocs.yml : {where}.contact doit indiquer {' et '.join(missing)} : le contact du PMO "
                              "s'affiche au bas de chaque page")
    hours = contact_values.get("permanence")
    return SiteConfig(nav_after=_text(values, "nav_after", where, nav), nav_parcours=_text(values, "nav_parcours", where, nav),
                      contact=Contact(str(contact_values["nom"]), str(contact_values["courriel"]), hours if isinstance(hours, str) else ""))
