"""The edition as one PDF, read back: on « complet » with a third edition published by `pmo publish` with its approval,
distribution and organisation; `pmo generate` writes every edition's PDF, and the tests read them with poppler and pypdf."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from macros.core import links
from macros.core.text import file_size, one_line
from macros.model import tr
from macros.pages.document import edition_document
from macros.render.files.pdf.document import document_html
from macros.site.documents import DocumentError, edition_documents, read_fonts
from macros.site.download_cache import DownloadCache
from tests.support import DRAFT_EDITION, FixtureProject, add_draft_edition, pdf_info, pdf_outline, poppler, session_cache

EDITION = DRAFT_EDITION  # published by the fixture below
ORGANISATION = "Société d’essai"
APPROVAL = """    approval:
      prepared_by: bureau-pmo
      reviewed_by: [pilote]
      approved_by: commanditaire
      approved_on: 2024-12-02
      reference: Relevé de décision du comité de pilotage du 2 décembre 2024
    distribution:
      - role: pilote
        purpose: application
      - audience: Direction générale
        purpose: information
"""


@pytest.fixture(scope="module")
def approved(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """« complet » where the PMO records approval and distribution in the draft edition, then publishes it."""
    project = add_draft_edition(FixtureProject.named("complet").copy(tmp_path_factory.mktemp("approuvee")))
    editions = project.read("standards/editions.yaml").replace("editions:\n", f"organisation: {ORGANISATION}\neditions:\n", 1)
    project.write("standards/editions.yaml", editions + APPROVAL)
    published = project.pmo("publish", EDITION, "--date", "2024-12-03")
    assert published.returncode == 0, published.stdout
    return project


@pytest.fixture(scope="module")
def generated(approved: FixtureProject, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pmo generate`: every page and file of the project, each published edition's PDF among them."""
    folder = tmp_path_factory.mktemp("genere")
    result = approved.pmo("generate", str(folder))
    assert result.returncode == 0, result.stdout
    return folder


@pytest.fixture(scope="module")
def pdf(generated: Path) -> Path:
    return generated / links.edition_pdf(EDITION)


def pages_text(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    return poppler("pdftotext", "-layout", str(path), "-").split("\f")[:-1]


def test_every_published_edition_has_its_pdf(generated: Path) -> None:
    assert sorted(p.relative_to(generated).as_posix() for p in generated.rglob("*.pdf")) == [
        "editions/2024.1/referentiel-pmo-2024.1.pdf", "editions/2024.2/referentiel-pmo-2024.2.pdf", f"editions/{EDITION}/referentiel-pmo-{EDITION}.pdf"]


def test_document_is_titled_tagged_a4_and_dated_by_its_edition(pdf: Path) -> None:
    info = pdf_info(pdf)
    assert info["Title"] == f"Référentiel PMO — édition {EDITION}"
    assert info["Author"] == ORGANISATION
    assert info["Tagged"] == "yes"
    assert info["Page size"] == "595.276 x 841.89 pts (A4)"
    # The edition's date, never the day of the build: the same edition gives the same bytes.
    assert info["CreationDate"].startswith("2024-12-03") and info["ModDate"].startswith("2024-12-03")
    assert int(info["Pages"]) >= 10


def test_every_font_is_embedded(pdf: Path) -> None:
    rows = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_, emb, _sub, uni, _obj, _gen = row.split()
        assert "DejaVuSans" in name.replace("-", "") and emb == "yes" and uni == "yes", row


def test_cover_and_document_control_say_who_approved_and_who_receives(pdf: Path) -> None:
    pages = [" ".join(text.split()) for text in pages_text(pdf)]
    cover, control = pages[0], pages[1]
    for text in (ORGANISATION, "Référentiel PMO", f"Édition {EDITION}", "Publiée le 3 décembre 2024", "Édition publiée"):
        assert text in cover
    for text in ("Rédigée par Bureau PMO", "Vérifiée par Pilote de projet", "Approuvée par Commanditaire",
                 "Date d’approbation 2 décembre 2024", "Décision Relevé de décision du comité de pilotage du 2 décembre 2024",
                 "Remplace l’édition 2024.2", "Pilote de projet pour application", "Direction générale pour information"):
        assert text in control, text


def test_an_edition_without_approval_says_so(generated: Path) -> None:
    control = " ".join(pages_text(generated / links.edition_pdf("2024.2"))[1].split())
    assert "L’approbation de cette édition n’est pas consignée dans standards/editions.yaml" in control
    assert "La liste de diffusion de cette édition n’est pas consignée" in control


def test_history_gives_every_edition_with_its_notes(approved: FixtureProject, pdf: Path) -> None:
    text = " ".join(pages_text(pdf)[2].split()).replace("\u202f", " ").replace("\u00a0", " ")
    editions = approved.load().catalog.published_editions()
    positions = [text.index(f"Édition {e.id}, publiée le") for e in editions]
    assert positions == sorted(positions, reverse=True)  # newest first
    for edition in editions:
        assert " ".join(tr(edition.notes).replace("'", "’").split()).replace(" ;", ";") in text.replace(" ;", ";")


def test_every_page_has_its_running_header_and_footer(pdf: Path) -> None:
    pages = pages_text(pdf)
    for number, text in enumerate(pages, start=1):
        assert f"page {number} sur {len(pages)}" in text
        if number > 1:
            assert f"Référentiel PMO — édition {EDITION}" in text and "Édition publiée le 3 décembre 2024" in text


def test_bookmarks_mirror_the_contents_and_lead_to_their_page(approved: FixtureProject, pdf: Path) -> None:
    outline = pdf_outline(pdf)
    cat = approved.load().catalog
    titles = [title for _, title, _ in outline]
    assert [t for depth, t, _ in outline if depth == 1] == [
        "Maîtrise du document", "Historique des éditions", "Sommaire", "Cycle de vie d’un projet", "Standards en vigueur", "Rôles",
        f"Nouveautés de l’édition {EDITION}", "Fichiers sources de l’édition"]
    for sv in cat.current_standards():
        assert f"{sv.standard.id} — {tr(sv.standard.title)}" in titles
    for role in cat.current_roles():
        assert tr(role.meta.name) in titles
    # The contents print the same entries with the page each bookmark leads to.
    contents_page = next(n for _, title, n in outline if title == "Sommaire")
    contents = pages_text(pdf)[contents_page - 1]
    printed = {m.group(1).strip(): int(m.group(2)) for m in re.finditer(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", contents, re.M)}
    assert printed == {title: page for _, title, page in outline if title != "Sommaire"}


def test_links_inside_the_document_all_land(pdf: Path) -> None:
    reader = PdfReader(pdf)
    names = reader.named_destinations
    targets = [str(annot.get_object()["/Dest"]) for page in reader.pages for annot in page.get("/Annots", [])
               if "/Dest" in annot.get_object()]
    assert len(targets) > 30
    assert sorted(set(targets) - set(names)) == []
    # A checklist item names who does it; the link leads to that role's section.
    assert "role-pilote" in targets and reader.get_destination_page_number(names["role-pilote"]) > 0


def test_sources_are_attached_with_the_lock_hash(approved: FixtureProject, pdf: Path) -> None:
    cat = approved.load().catalog
    doc = edition_document(cat, EDITION)
    attached = {name: data[0] for name, data in PdfReader(pdf).attachments.items()}
    assert sorted(attached) == sorted(f.path for f in doc.sources)
    assert "standards/revue-de-projet/1.1.0.yaml" in attached and "standards/roles/pilote/1.0.0.md" in attached
    for name, data in attached.items():
        assert hashlib.sha256(data).hexdigest() == cat.lock[name], name
    # PDF/A-3: each file says it is a source of the document.
    catalog = PdfReader(pdf).trailer["/Root"]
    assert [spec.get_object()["/AFRelationship"] for spec in catalog["/AF"]] == ["/Source"] * len(attached)


def test_metadata_claims_pdf_a3_and_pdf_ua(pdf: Path) -> None:
    reader = PdfReader(pdf)
    catalog = reader.trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp and 'pdfuaid:part="1"' in xmp
    assert catalog["/Lang"] == "fr" and bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert "/StructTreeRoot" in catalog


def test_text_is_french_typography(approved: FixtureProject, pdf: Path) -> None:
    text = "".join(pages_text(pdf))
    assert "d’approbation" in text and "'" not in text.replace("\n", "")
    # pdftotext prints no-break spaces as spaces: the document's HTML shows them where the PDF set them.
    html = document_html(edition_document(approved.load().catalog, EDITION))
    assert "Date de publication</th>" in html and "d’essai\u202f; le suivi" in html and "Identification de l’édition" in html
    assert " :" not in re.sub(r"<[^>]+>", "", html) and " ;" not in re.sub(r"<[^>]+>", "", html)


def test_same_edition_same_bytes(approved: FixtureProject, pdf: Path) -> None:
    """Made again in this process, without any cache, the PDF is the one `pmo generate` wrote in another process."""
    made = edition_documents(approved.load().catalog, DownloadCache(None))
    assert made[EDITION][0] == pdf.read_bytes()


def test_an_unchanged_edition_is_not_made_again(approved: FixtureProject, generated: Path) -> None:
    """After `pmo generate`, the same data and code find every PDF in the cache: none is made again."""
    cache = session_cache()
    made = edition_documents(approved.load().catalog, cache)
    assert sorted(made) == ["2024.1", "2024.2", EDITION] and (cache.generated, cache.reused) == (0, 3)
    assert made[EDITION][0] == (generated / links.edition_pdf(EDITION)).read_bytes()


def test_data_is_text_in_the_pdf(tmp_path: Path) -> None:
    """A title with markup and template syntax is printed as typed: never a tag, never evaluated, in text and bookmarks."""
    project = FixtureProject.named("complet").copy(tmp_path / "projet")
    payload = "Suivi {{ 7*7 }} <b>gras</b> & <script>alert(1)</script>"
    project.edit("standards/suivi-des-actions/1.1.0.yaml", "title: Suivi des actions", f'title: "{payload}"').relock()
    cat = project.load().catalog
    html = document_html(edition_document(cat, "2024.2"))
    assert "<b>gras</b>" not in html and "<script>" not in html and "{{" not in html
    data, _ = edition_documents(cat, session_cache())["2024.2"]
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    assert f"PMO-STD-801 — {payload}" in [title for _, title, _ in pdf_outline(path)]
    assert payload in " ".join(poppler("pdftotext", str(path), "-").split())


def test_pages_link_the_pdf_with_its_size_and_sha256(complet: FixtureProject) -> None:
    cat = complet.load().catalog
    for edition in cat.published_editions():
        data = complet.file(links.edition_pdf(edition.id)).read_bytes()
        digest, size = hashlib.sha256(data).hexdigest(), file_size(len(data))
        page = complet.page(f"editions/{edition.id}/index.html")
        assert f"PDF de l'édition {edition.id} ({size})" in page and digest in page
        assert f'href="referentiel-pmo-{edition.id}.pdf"' in complet.html(f"editions/{edition.id}/index.html")
        index = complet.page("editions/index.html")
        assert f"PDF de l'édition {edition.id} ({size})" in index and f"édition {edition.id} : {digest}" in index
    current = cat.current_edition()
    assert current is not None
    home = complet.html("index.html")
    assert f'href="editions/{current.id}/referentiel-pmo-{current.id}.pdf"' in home
    assert one_line(hashlib.sha256(complet.file(links.edition_pdf(current.id)).read_bytes()).hexdigest()) in home


def test_preview_makes_no_pdf_and_links_none(brouillon_apercu: Path, brouillon_public: Path) -> None:
    assert list(brouillon_apercu.rglob("*.pdf")) == []
    assert "PDF de l’édition" not in (brouillon_apercu / "editions/index.html").read_text(encoding="utf-8")
    assert "PDF de l’édition" not in (brouillon_apercu / "index.html").read_text(encoding="utf-8")
    # The public build of the same project: the published editions' PDFs, never one of the draft.
    assert sorted(p.name for p in brouillon_public.rglob("*.pdf")) == ["referentiel-pmo-2024.1.pdf", "referentiel-pmo-2024.2.pdf"]


def test_a_missing_font_names_its_package(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        read_fonts(tmp_path)
    assert str(caught.value) == (f"police introuvable : {tmp_path}/DejaVuSans.ttf ; le document PDF des éditions l'intègre. Installez les "
                                 "paquets Debian fonts-dejavu-core fonts-dejavu-extra (« make test » et « make build » le font en root), "
                                 "puis relancez")
