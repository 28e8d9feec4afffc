"""Reference data of the real référentiel as the edition in preparation makes it (the published one once it is): review
dates spread over the year, each standard owned at the level of a function, sources stated only as far as they can be
checked (OPM3, the PMBOK edition), the seed's figures given with what the seed says of their date."""
from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

from macros.core.dates import french_date
from macros.pages.standards import standard_page
from macros.pages.templates import template_roles
from macros.project import Loaded
from tests.support import page_text

# Roles that exist for one project: none of them keeps a standard of the référentiel up to date.
PROJECT_ROLES = {"chef-de-projet", "equipe-projet", "acheteur", "metier", "fournisseur", "sponsor", "copil"}


def test_reviews_are_spread_over_the_year(upcoming: Loaded) -> None:
    dues = [sv.standard.review_due for sv in upcoming.catalog.current_standards()]
    assert len(dues) == 16
    months = Counter((d.year, d.month) for d in dues)
    # No more than two reviews in a month, in at least ten months of the year: the PMO can hold each one.
    assert max(months.values()) <= 2 and len(months) >= 10, months
    assert len(set(dues)) == len(dues)


def test_the_next_review_is_what_the_standard_page_shows(upcoming: Loaded) -> None:
    cat = upcoming.catalog
    sv = cat.current("planification")
    assert sv is not None
    page = standard_page(cat, sv, "standards/planification/index.md", current=True)
    # Planning is reviewed last: the closing of Atlas, in November, recommends a change to it (CLO-13).
    assert page.review_due == sv.standard.next_review and french_date(page.review_due) == "6 décembre 2027"


def test_each_standard_is_owned_at_the_level_of_a_function(upcoming: Loaded) -> None:
    cat = upcoming.catalog
    owners = {sv.standard.slug: sv.standard.owner for sv in cat.current_standards()}
    assert {slug: owner for slug, owner in owners.items() if owner in PROJECT_ROLES} == {}
    assert owners["achats-et-contrats"] == "responsable-des-achats"
    role = cat.roles["responsable-des-achats"]
    assert "fonction achats" in str(max(role.values(), key=lambda r: r.meta.version).meta.summary)


def glossary(site: Path) -> str:
    return page_text(site, "reference/glossaire/index.html")


def test_sources_are_stated_as_far_as_they_can_be_checked(real_site: Path) -> None:
    text = glossary(real_site)
    maturity = text[text.index("modèle de maturité¶"):][:600]
    assert "on cite notamment OPM3" not in text
    assert "The Standard for Organizational Project Management (OPM), paru en 2018" in maturity
    assert "à vérifier à la prochaine revue" in maturity
    pmbok = text[text.index("Guide PMBOK¶"):][:500]
    assert "citent sa 7e édition (2021)" in pmbok and "l'édition à citer est à vérifier à la prochaine revue" in pmbok
    guide = page_text(real_site, "guides/mettre-en-place-un-pmo/index.html")
    assert not re.search(r"comme OPM3", guide)


# --- PM²: the artefacts of the European Commission's method, each with a template of its own ---------------------------

# Artefact of PM² (Guide 3.0) → the template of the référentiel that plays its part; None when one template plays two
# parts and the standard says why.
PM2_ARTEFACTS: dict[str, str | None] = {
    "Project Initiation Request": "demande-de-projet",
    "Business Case": "dossier-d-opportunite",
    "Project Charter": "charte-de-projet",
    "Planning Kick-off Meeting minutes": "compte-rendu-de-reunion-de-lancement",
    "Project Handbook": "plan-de-management",
    "Project Stakeholder Matrix": "registre-des-parties-prenantes",
    "Project Work Plan": "planning-de-reference",
    "Requirements Management Plan": "plan-de-management-des-exigences",
    "Project Change Management Plan": "plan-de-management-des-changements",
    "Risk Management Plan": "plan-de-management-des-risques",
    "Issue Management Plan": "plan-de-management-des-problemes",
    "Quality Management Plan": "plan-qualite",
    "Communications Management Plan": "plan-de-communication",
    "Deliverables Acceptance Plan": "plan-de-recette",
    "Outsourcing Plan": "plan-des-achats",
    "Transition Plan": "plan-de-transition",
    "Business Implementation Plan": "plan-de-mise-en-oeuvre-metier",
    "Project Progress Report": "rapport-d-avancement",
    "Project Status Report": None,  # the progress report's weather section: see test_one_periodic_report_and_why
    "Change Request Form": "demande-de-changement",
    "Risk Log": "registre-des-risques",
    "Issue Log": "registre-des-problemes",
    "Decision Log": "registre-des-decisions",
    "Change Log": "registre-des-changements",
    "Phase-Exit Review Checklist": "revue-de-fin-de-phase",
    "Project-End Report": "rapport-de-cloture",
    "Lessons Learned Log": "registre-des-lecons-apprises",
}


def test_pm2_artefacts_have_templates_of_their_own(upcoming: Loaded, upcoming_files: dict[str, bytes | str]) -> None:
    cat = upcoming.catalog
    templates = {t.id: (sv, t) for sv in cat.current_standards() for t in sv.standard.templates}
    assert len(PM2_ARTEFACTS) == 27
    covered = [artefact for artefact, template in PM2_ARTEFACTS.items() if template is not None]
    assert len(covered) >= 26
    assert sorted(t for t in PM2_ARTEFACTS.values() if t is not None and t not in templates) == []
    for template_id in (t for t in PM2_ARTEFACTS.values() if t is not None):
        sv, template = templates[template_id]
        # Each one has its download, and who fills it in (R) and approves it (A) comes from the RACI of an item using it.
        downloads = [f"standards/{sv.standard.slug}/{sv.standard.version}/{template_id}.{fmt}" for fmt in template.formats]
        assert [d for d in downloads if d not in upcoming_files] == [], template_id
        roles = template_roles(cat, sv.standard, template)
        assert roles.doers and roles.approvers, template_id


def test_the_new_plans_are_light_and_say_when_the_section_suffices(upcoming_files: dict[str, bytes | str]) -> None:
    for slug, version, template_id, section in (
            ("exigences", "2.0.0", "plan-de-management-des-exigences", "« Exigences »"),
            ("gestion-des-changements", "2.0.0", "plan-de-management-des-changements", "« Maîtrise des changements »"),
            ("gestion-des-risques", "4.0.0", "plan-de-management-des-risques", "« Risques »"),
            ("suivi-et-reporting", "3.0.0", "plan-de-management-des-problemes", "« Problèmes et actions »")):
        content = upcoming_files[f"standards/{slug}/{version}/{template_id}.md"]
        text = " ".join((content.decode() if isinstance(content, bytes) else content).split()).replace("\u2019", "'")
        assert f"la décrit dans la section {section} du plan de management" in text, template_id
        assert text.count("## ") <= 12, template_id  # light: a handful of sections besides the cover and approval
        assert "Selon le RACI du standard : réalisé par Chef de projet (R), approuvé par Sponsor (A)." in text, template_id
    risks = upcoming_files["standards/gestion-des-risques/4.0.0/plan-de-management-des-risques.md"]
    assert "Échelles et matrice des risques du PMO" in (risks.decode() if isinstance(risks, bytes) else risks)
    kickoff = upcoming_files["standards/lancement-de-projet/3.0.0/compte-rendu-de-reunion-de-lancement.md"]
    kickoff_text = kickoff.decode() if isinstance(kickoff, bytes) else kickoff
    assert "| Nom | Rôle dans le projet | Présent ou excusé |" in kickoff_text
    assert "réalisé par Chef de projet (R), approuvé par Chef de projet (A)" in kickoff_text


def test_one_periodic_report_and_why(upcoming_files: dict[str, bytes | str]) -> None:
    page = upcoming_files["standards/suivi-et-reporting/index.md"]
    text = " ".join(re.sub(r"<[^>]+>", " ", page.decode() if isinstance(page, bytes) else page).split()).replace("\u2019", "'")
    assert "La méthode PM² de la Commission européenne prévoit deux rapports périodiques" in text
    assert "Le référentiel n'en garde qu'un, le rapport d'avancement, parce que les deux reprennent les mêmes faits" in text


# --- the public-sector annex of « Achats et contrats » ------------------------------------------------------------------


def test_the_public_sector_annex_says_what_changes_for_a_public_buyer(upcoming_files: dict[str, bytes | str]) -> None:
    page = upcoming_files["standards/achats-et-contrats/index.md"]
    html_text = page.decode() if isinstance(page, bytes) else page
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split()).replace("\u2019", "'")
    annex = text[text.index("Annexe : acheter dans une organisation publique"):text.index("Exemple : le projet Atlas")]
    for words in ("Titulaire. Le fournisseur avec qui le marché est signé", "Modification du marché.",
                  "articles R. 2194-1 à R. 2194-10", "La procédure applicable", "Les seuils en vigueur",
                  "Le CCAG de référence", "arrêté du 30 mars 2021", "Code de la commande publique, en vigueur depuis le 1er avril 2019"):
        assert words in annex, words
    # The four decisions of the CCAG-TIC, each a row of one table.
    rows = re.findall(r"<tr>\s*<td><strong>(\w+)</strong></td>", html_text[html_text.index("Constater les prestations"):])
    assert rows == ["Admission", "Ajournement", "Réfaction", "Rejet"]
    # What could not be checked offline is said to be checked, never written as a figure.
    assert annex.count("à vérifier") >= 2
    assert not re.search(r"\d[\d\s\u00a0\u202f]*(?:€|euros)|\d+\s*%", annex)
