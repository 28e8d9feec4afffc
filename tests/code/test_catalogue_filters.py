"""The templates catalogue's filters (modeles/index.md, docs/assets/javascripts/catalogue.js), without a browser: the
table « Tous les modèles » holds one row per template with its phases, roles, categories and formats as the model
gives them; the form is hidden until the script runs, each list has its label; data stays text. The filtering itself
is run in Chromium by tests/code/test_catalogue_browser.py."""
from __future__ import annotations

import dataclasses
import html.parser
from dataclasses import dataclass, field

from macros.core.text import one_line
from macros.core.vocabulary import FORMAT_LABELS
from macros.model import tr
from macros.pages.templates import TemplatesIndex, TemplateUse, templates_index
from macros.render.overview_pages import render_templates_index
from macros.render.typography import french
from tests.support import FixtureProject

PAGE = "modeles/index.html"


@dataclass
class Row:
    attrs: dict[str, str]
    cells: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Select:
    attrs: dict[str, str]
    options: list[tuple[str, str]] = field(default_factory=list)


class Catalogue(html.parser.HTMLParser):
    """The filter form and the filtered table of a page, as the browser reads them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form: dict[str, str] | None = None
        self.labels: dict[str, str] = {}
        self.selects: list[Select] = []
        self.rows: list[Row] = []
        self.table: dict[str, str] | None = None
        self.scripts: list[str] = []
        self._in_table = self._in_label = self._in_option = False
        self._label_for = ""
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "data-pmo-catalogue" in a:
            self.form = a
        elif tag == "label" and self.form is not None and not self.table:
            self._in_label, self._label_for, self._text = True, a.get("for", ""), []
        elif tag == "select" and self.form is not None:
            self.selects.append(Select(a))
        elif tag == "option" and self.selects:
            self.selects[-1].options.append((a.get("value", ""), ""))
            self._in_option = True
        elif tag == "table" and "data-pmo-templates" in a:
            self.table, self._in_table = a, True
        elif tag == "tr" and self._in_table and "data-pmo-template" in a:
            self.rows.append(Row(a))
        elif tag == "td" and self._in_table and self.rows:
            self.rows[-1].cells.append("")
        elif tag == "a" and self._in_table and self.rows:
            self.rows[-1].links.append(a)
        elif tag == "script" and "src" in a:
            self.scripts.append(a["src"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._in_label:
            self.labels[self._label_for] = "".join(self._text)
            self._in_label = False
        elif tag == "option":
            self._in_option = False
        elif tag == "table":
            self._in_table = False

    def handle_data(self, data: str) -> None:
        if self._in_label:
            self._text.append(data)
        elif self._in_option and self.selects:
            value, text = self.selects[-1].options[-1]
            self.selects[-1].options[-1] = (value, text + data)
        elif self._in_table and self.rows and self.rows[-1].cells:
            self.rows[-1].cells[-1] += data


def expected_attrs(u: TemplateUse) -> dict[str, str]:
    """What a row must say about its template: the model's sets of ids, space-separated."""
    return {"data-pmo-template": u.template.id, "data-phases": " ".join(sorted(u.phases)), "data-roles": " ".join(sorted(u.roles)),
            "data-categories": " ".join(sorted(u.categories)), "data-formats": " ".join(str(f) for f in u.template.formats),
            "data-conditions": " ".join(sorted(u.conditions))}


def test_every_template_has_one_row_with_its_filters(complet: FixtureProject) -> None:
    index = templates_index(complet.load().catalog)
    found = Catalogue(complet.html(PAGE))
    assert found.table is not None and found.table.get("aria-label") == "Tous les modèles"
    # One row per template, in the order of the model, each saying exactly its phases, roles, categories and formats.
    assert [{k: v for k, v in r.attrs.items() if k.startswith("data-")} for r in found.rows] == [expected_attrs(u) for u in index.uses]
    assert len({r.attrs["data-pmo-template"] for r in found.rows}) == len(index.uses) == 3
    # The data is not all alike: the filters have something to tell apart.
    assert len({r.attrs["data-phases"] for r in found.rows}) > 1 and len({r.attrs["data-formats"] for r in found.rows}) > 1
    for row, u in zip(found.rows, index.uses, strict=True):
        s, t = u.standard, u.template
        # As written in the data, with the French typography the site applies to every text.
        assert row.cells[:3] == [french(one_line(tr(t.title))), french(one_line(tr(t.description))), french(f"{s.id} {tr(s.title)}")]
        assert row.links[0]["href"] == f"../standards/{s.slug}/#modele-{t.id}"
        downloads = [a for a in row.links if "download" in a]
        assert [a["download"] for a in downloads] == [f"{t.id}-v{s.version}.{f}" for f in t.formats]
        for a in downloads:  # a file of the site, never a page (the .md template included)
            assert complet.file("modeles/" + a["href"]).resolve().is_file(), a


def test_filter_form_is_hidden_without_script_and_labelled(complet: FixtureProject) -> None:
    cat = complet.load().catalog
    index = templates_index(cat)
    found = Catalogue(complet.html(PAGE))
    assert found.form is not None and "hidden" in found.form
    assert "../assets/javascripts/catalogue.js" in found.scripts
    # One real label per list; « all » first, then the phases of the lifecycle, the roles that have a template and
    # every format. « complet » has one category of project: no list for it (nor a section).
    assert {s.attrs["id"]: s.attrs["name"] for s in found.selects} == {"filtre-phase": "phase", "filtre-role": "role",
                                                                         "filtre-format": "format"}
    assert found.labels == {"filtre-phase": "Phase", "filtre-role": "Rôle", "filtre-format": "Format"}
    options = {s.attrs["data-pmo-filter"]: s.options for s in found.selects}
    used_roles = {r for u in index.uses for r in u.roles}
    assert options["phases"] == [("", "Toutes les phases"), *index.phases]
    assert options["roles"] == [("", "Tous les rôles"), *[(i, n) for i, n in index.roles if i in used_roles]]
    assert options["formats"] == [("", "Tous les formats"), *[(str(f), label) for f, label in FORMAT_LABELS.items()]]
    assert len(options["roles"]) > 2
    # Every value a row carries can be chosen.
    for attribute in ("phases", "roles", "formats"):
        offered = {v for v, _ in options[attribute]}
        assert {i for r in found.rows for i in r.attrs[f"data-{attribute}"].split()} <= offered, attribute
    # The sections that work without JavaScript are still there.
    text = complet.page(PAGE)
    for heading in ("Tous les modèles", "Par phase", "Par rôle", "Par format"):
        assert heading in text, heading


HOSTILE = '<img src=x onerror="alert(1)">{{ 7*7 }} "A" & \'B\'\n\nsuite'


def test_categories_get_their_list_and_data_stays_text(complet: FixtureProject) -> None:
    """Pure renderer: with three categories of project the fourth list appears; a hostile title and description (with
    a blank line that would end a raw HTML block in Markdown) show as typed and never become markup."""
    index = templates_index(complet.load().catalog)
    first = index.uses[0]
    hostile = first.template.model_copy(update={"title": HOSTILE, "description": HOSTILE})
    uses = [dataclasses.replace(first, template=hostile, categories={"majeur", "standard"}),
            *[dataclasses.replace(u, categories={"leger", "standard", "majeur"}) for u in index.uses[1:]]]
    page = TemplatesIndex(index.edition_id, index.phases, index.roles,
                          [("leger", "Léger"), ("standard", "Standard"), ("majeur", "Majeur")], [], uses)
    markdown = render_templates_index(page)
    form = next(line for line in markdown.splitlines() if line.startswith("<form"))
    table = next(line for line in markdown.splitlines() if line.startswith("<table"))
    found = Catalogue(form + table)
    assert found.labels["filtre-categorie"] == "Catégorie de projet"
    categories = next(s for s in found.selects if s.attrs["id"] == "filtre-categorie")
    assert categories.attrs["name"] == "categorie" and categories.attrs["data-pmo-filter"] == "categories"
    assert categories.options == [("", "Toutes les catégories"), ("leger", "Léger"), ("standard", "Standard"), ("majeur", "Majeur")]
    assert [r.attrs["data-categories"] for r in found.rows] == ["majeur standard"] + ["leger majeur standard"] * (len(uses) - 1)
    assert found.rows[0].cells[:2] == [" ".join(HOSTILE.split())] * 2
    assert "<img" not in table and "{{" not in table and "onerror=\"" not in table
