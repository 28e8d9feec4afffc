"""Injection: one site where every text field of nine standards, roles, quizzes, gates, editions and glossary terms
holds one hostile payload; every sink (HTML, search index, JSON files, downloads) shows it as text, escaped exactly
once; the PMO's own Markdown refuses raw HTML, and whatever slips through is sanitised."""
from __future__ import annotations

import html
import html.parser
import json
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import docx
import openpyxl
import pytest

from macros.commands.build import scan_html
from tests.code.attacks.hostile import (
    EVASIONS,
    FIELDS,
    GUIDANCE_SHOWN,
    HOSTILE_PAGES,
    KS,
    NAME_OF,
    PAGE_TITLES,
    PAYLOAD_OF,
    PAYLOADS,
    REFERENCE_URLS,
    TEMPLATE_ONLY,
    placed,
    squash,
)
from tests.code.attacks.support import GUIDANCE, ROLE, error, errors, fresh, line_col
from tests.support import FixtureProject

# --- reading every sink ----------------------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TAG = re.compile(r"K[1-9][A-Z]+")


class _Sinks(html.parser.HTMLParser):
    """Every place of one page where data can land: text by context (title, navigation, page, SVG), each attribute,
    each script's content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self._script: tuple[dict[str, str | None], list[str]] | None = None
        self.titles = 0  # <title> elements of the page (an SVG's own titles are its accessible names)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "title" and "svg" not in self.stack:
            self.titles += 1
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
        if tag == "script":
            self._script = (dict(attrs), [])
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
            return
        if "style" in self.stack:
            return
        context = ("titre" if "title" in self.stack else "navigation" if "nav" in self.stack else "svg" if "svg" in self.stack
                   else "page")
        self.texts.setdefault(context, []).append(data)


def html_text(fragment: str) -> str:
    parser = _Sinks()
    parser.feed(fragment)
    parser.close()
    return " ".join(chunk for chunks in parser.texts.values() for chunk in chunks)


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_RAW_HTML = re.compile(r"</?[A-Za-z]|<!--|<\?|<!\[CDATA\[")
RAW_HTML = "⟦HTML brut⟧"


def commonmark_text(line: str) -> str:
    """The text a CommonMark reader shows for one line of a Markdown download: backslash escapes and entities
    decoded; a « < » that opens a tag is marked, since a Markdown viewer would read it as HTML."""
    out, i = [], 0
    while i < len(line):
        char = line[i]
        if char == "\\" and i + 1 < len(line) and line[i + 1] in string.punctuation:
            out.append(line[i + 1])
            i += 2
        elif char == "&" and (entity := _ENTITY.match(line, i)):
            out.append(html.unescape(entity.group()))
            i = entity.end()
        else:
            out.append(RAW_HTML + char if char == "<" and _RAW_HTML.match(line, i) else char)
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class Seen:
    """One place a tagged text landed: the sink, where, and the text from its tag on."""

    sink: str
    where: str
    tag: str
    rest: str

    def shows(self, expected: str) -> bool:
        return squash(self.rest).startswith(squash(expected))


def _record(found: dict[str, list[Seen]], sink: str, where: str, text: str) -> None:
    for match in _TAG.finditer(text):
        found.setdefault(match.group(), []).append(Seen(sink, where, match.group(), text[match.end(): match.end() + 200]))


def _strings(value: Any) -> Iterator[str]:
    """Every text of a JSON document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _page_sinks(found: dict[str, list[Seen]], site: Path) -> dict[str, _Sinks]:
    """Text by context, attributes (URLs percent-decoded, as a browser reads them) and scripts of every page."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        parser = _Sinks()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[page] = parser
        for context, chunks in parser.texts.items():
            _record(found, context, page, " ".join(chunks))
        for tag, name, value in parser.attributes:
            _record(found, f"attribut {name}", f"{page} <{tag}>", unquote(value) if name in ("href", "src") else value)
        for attrs, content in parser.scripts:
            _record(found, f"script {attrs.get('id') or attrs.get('src') or 'en ligne'}", page, content)
    return pages


def _data_sinks(found: dict[str, list[Seen]], site: Path) -> None:
    """The search index (its titles and texts are HTML that Material's search writes into the page) and the JSON
    the gate file reads (its texts are plain, escaped by JSON alone)."""
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            _record(found, "index de recherche", f"{doc['location']} {key}", html_text(doc[key]))
    dossier = site / "listes-de-controle/dossier-referentiel.json"
    for text in _strings(json.loads(dossier.read_text(encoding="utf-8"))):
        _record(found, "json du dossier de jalon", dossier.relative_to(site).as_posix(), text)


def _download_sinks(found: dict[str, list[Seen]], site: Path) -> None:
    """The hostile standards' templates: Markdown as a CommonMark viewer shows it, Excel cells, Word text."""
    for path in sorted(site.glob("standards/attaque-*/1.0.0/*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            _record(found, "modèle markdown", path.relative_to(site).as_posix(), commonmark_text(line))
    for path in sorted(site.glob("standards/attaque-*/1.0.0/*.xlsx")):
        for sheet in openpyxl.load_workbook(path).worksheets:
            for cell in (c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)):
                _record(found, "excel", f"{path.relative_to(site).as_posix()} {sheet.title}!{cell.coordinate}", str(cell.value))
    for path in sorted(site.glob("standards/attaque-*/1.0.0/*.docx")):
        document = docx.Document(str(path))
        for text in [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]:
            _record(found, "word", path.relative_to(site).as_posix(), text)


def collect_sinks(site: Path) -> tuple[dict[str, list[Seen]], dict[str, _Sinks]]:
    """Every tagged text of the built site by tag, and every page parsed."""
    found: dict[str, list[Seen]] = {}
    pages = _page_sinks(found, site)
    _data_sinks(found, site)
    _download_sinks(found, site)
    return found, pages


@pytest.fixture(scope="module")
def sinks(hostile: FixtureProject) -> tuple[dict[str, list[Seen]], dict[str, _Sinks]]:
    assert hostile.site is not None
    return collect_sinks(hostile.site)


def _wrong(seen: list[Seen], expected: str) -> list[str]:
    return [f"{s.sink} — {s.where} : {s.tag}{s.rest[:len(expected) + 40]!r}" for s in seen if not s.shows(expected)]


# --- the HTML, the search index, the JSON files, the downloads ------------------------------------------------


@pytest.mark.slow
def test_html_gate_finds_nothing_from_data(hostile: FixtureProject) -> None:
    assert hostile.site is not None
    assert scan_html(hostile.site) == []


WEB_SINKS = ("titre", "navigation", "page", "svg", "attribut aria-label", "attribut href", "index de recherche", "json du dossier de jalon")


@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=NAME_OF.values())
@pytest.mark.parametrize("field", FIELDS)
def test_field_shows_its_payload_as_text_in_every_sink(sinks: tuple[dict[str, list[Seen]], dict[str, Any]], field: str, k: int) -> None:
    seen = [s for s in sinks[0].get(f"K{k}{field}", []) if field in TEMPLATE_ONLY or s.sink in WEB_SINKS or s.sink.startswith("attribut")]
    if field in TEMPLATE_ONLY:
        seen = [s for s in seen if s.sink in ("excel", "word")]
    assert seen, f"le champ « {FIELDS[field]} » n'apparaît nulle part"
    assert _wrong(seen, placed(k, field)) == [], f"« {placed(k, field)} » mal échappé"


SINK_KINDS = ("titre", "navigation", "page", "svg", "attribut aria-label", "attribut href", "index de recherche", "json du dossier de jalon",
              "modèle markdown", "excel", "word")


@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=NAME_OF.values())
@pytest.mark.parametrize("sink", SINK_KINDS)
def test_sink_shows_each_payload_escaped_exactly_once(sinks: tuple[dict[str, list[Seen]], dict[str, Any]], sink: str, k: int) -> None:
    seen = {tag: [s for s in found if s.sink == sink] for tag, found in sinks[0].items() if tag.startswith(f"K{k}") and tag[2:] in FIELDS}
    seen = {tag: found for tag, found in seen.items() if found}
    assert seen, f"aucun texte de la charge {k} dans : {sink}"
    wrong = [line for tag, found in seen.items() for line in _wrong(found, placed(k, tag[2:]))]
    assert wrong == [], f"{sink} : « {PAYLOAD_OF[k]} » mal échappé"


@pytest.mark.slow
@pytest.mark.parametrize("sink", ["navigation", "attribut aria-label", "titre", "page", "index de recherche"])
def test_typography_is_applied_once(sinks: tuple[dict[str, list[Seen]], dict[str, Any]], sink: str) -> None:
    """« Sponsor & mécène » in guillemets gets one no-break space inside each guillemet, never two."""
    k = list(PAYLOADS).index("guillemets-et-esperluette") + 1
    seen = [s for tag, found in sinks[0].items() if tag.startswith(f"K{k}") for s in found if s.sink == sink]
    assert seen
    inside = re.compile("«([\\s]*)Sponsor & mécène([\\s]*)»")
    doubled = [f"{s.where} : {s.tag}{s.rest[:30]!r}" for s in seen
               if (m := inside.search(s.rest)) and (len(m.group(1)) > 1 or len(m.group(2)) > 1)]
    assert doubled == [], "espaces insécables doublés (typographie appliquée deux fois)"


@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=NAME_OF.values())
@pytest.mark.parametrize("page", PAGE_TITLES)
def test_page_title_holds_the_payload_as_text(sinks: tuple[dict[str, list[Seen]], dict[str, _Sinks]], page: str, k: int) -> None:
    parsed = sinks[1][HOSTILE_PAGES[page][0].format(k=k) + "index.html"]
    assert parsed.titles == 1, "un seul élément <title> par page"
    title = " ".join(parsed.texts["titre"])
    assert squash(title) == squash(PAGE_TITLES[page].format(k=k, p=PAYLOAD_OF[k])), title


def _markup_from_data(parsed: _Sinks) -> list[str]:
    """What a payload would have made had it been read as HTML: an image of source « x », an event handler, a script
    that calls alert, a second title."""
    found = [f"<img src={attrs.get('src')}>" for tag, attrs in parsed.elements if tag == "img" and attrs.get("src") == "x"]
    found += [f"<{tag} {name}>" for tag, name, _ in parsed.attributes if name.startswith("on")]
    found += ["<script> alert" for _, content in parsed.scripts if "alert(" in content]
    found += ["second <title>"] * (parsed.titles - 1)
    return found


@pytest.mark.slow
def test_no_page_holds_markup_from_data(sinks: tuple[dict[str, list[Seen]], dict[str, _Sinks]]) -> None:
    found = {page: bad for page, parsed in sinks[1].items() if (bad := _markup_from_data(parsed))}
    assert found == {}


@pytest.mark.slow
def test_no_script_of_any_page_holds_data_text(sinks: tuple[dict[str, list[Seen]], dict[str, _Sinks]]) -> None:
    """Data reaches scripts only as JSON files or JSON data blocks of ids, never inside a script's code."""
    inside = sorted({f"{s.sink} — {s.where} : {s.tag}" for found in sinks[0].values() for s in found if s.sink.startswith("script")})
    assert inside == []


@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=NAME_OF.values())
def test_quiz_data_script_holds_ids_only(sinks: tuple[dict[str, list[Seen]], dict[str, _Sinks]], k: int) -> None:
    parsed = sinks[1][f"parcours/quiz/quiz-attaque-{k}/index.html"]
    scripts = [content for attrs, content in parsed.scripts if attrs.get("id") == "pmo-quiz-data"]
    assert len(scripts) == 1
    assert "</" not in scripts[0] and "<!--" not in scripts[0]
    data = json.loads(scripts[0])
    assert data["quiz"] == f"quiz-attaque-{k}" and [q["id"] for q in data["questions"]] == ["q-attaque", "q-seconde"]
    assert not _TAG.search(scripts[0]), "le texte des questions reste dans le HTML, échappé"


@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=[f"{k}-{url!r}" for k, url in REFERENCE_URLS.items()])
def test_reference_url_is_a_link_only_when_http(sinks: tuple[dict[str, list[Seen]], dict[str, _Sinks]], k: int) -> None:
    parsed = sinks[1][f"standards/attaque-{k}/index.html"]
    links = [attrs.get("href") for tag, attrs in parsed.elements if tag == "a" and attrs.get("href") == REFERENCE_URLS[k]]
    hrefs = [attrs.get("href") or "" for tag, attrs in parsed.elements if tag == "a"]
    assert not any(re.sub(r"[\x00-\x20]", "", h).lower().startswith(("javascript:", "vbscript:", "data:")) for h in hrefs)
    shown = [s for s in sinks[0][f"K{k}REFERENCE"] if s.where == f"standards/attaque-{k}/index.html"]
    assert shown, "le titre de la référence doit rester affiché"
    if REFERENCE_URLS[k].startswith(("https://", "http://")):
        assert links == [REFERENCE_URLS[k]], "une adresse http(s) devient un lien, telle qu'écrite"
    else:
        assert links == [], f"« {REFERENCE_URLS[k]} » ne doit pas devenir un lien"


@pytest.mark.slow
@pytest.mark.parametrize("k", KS, ids=NAME_OF.values())
def test_template_syntax_in_the_pmo_markdown_stays_text(sinks: tuple[dict[str, list[Seen]], dict[str, _Sinks]], k: int) -> None:
    guidance = [s for s in sinks[0][f"K{k}GUIDE"] if s.sink == "page"]
    assert guidance and all(s.shows(GUIDANCE_SHOWN) for s in guidance), _wrong(guidance, GUIDANCE_SHOWN)
    role = [s for s in sinks[0][f"K{k}CORPSROLE"] if s.sink == "page"]
    assert role and all(s.shows("{{ 7*7 }}.") for s in role)


# --- the PMO's own Markdown: raw HTML is refused at validation, and whatever slips through is sanitised -------

UNSAFE_MARKDOWN = {
    "script": ("<script>alert(1)</script>", "<script"),
    "gestionnaire": ('<img src=x onerror="alert(1)">', "onerror="),
    "lien-javascript": ("[clic](javascript:alert(1))", "javascript:"),
    "lien-html-javascript": ('<a href="JaVaScRiPt:alert(1)">clic</a>', "JaVaScRiPt:"),
    "cadre": ('<iframe src="https://exemple.invalid"></iframe>', "<iframe"),
    "formulaire": ('<form action="https://exemple.invalid"><input name="x"></form>', "<form"),
    "style": ("<style>body{display:none}</style>", "<style"),
    "objet": ('<object data="x.swf"></object>', "<object"),
    "svg-onload": ("<svg><animate onbegin=alert(1) attributeName=x></svg>", "onbegin="),
}


@pytest.mark.parametrize("case", UNSAFE_MARKDOWN)
@pytest.mark.parametrize("rel", [GUIDANCE, ROLE])
def test_unsafe_html_in_the_pmo_markdown_is_refused(tmp_path: Path, rel: str, case: str) -> None:
    snippet, flagged = UNSAFE_MARKDOWN[case]
    anchor = "Le registre des actions" if rel == GUIDANCE else "Mission du rôle"
    project = fresh(tmp_path).edit(rel, anchor, f"{snippet} {anchor}")
    line, column = line_col(project.read(rel), flagged)
    assert error(rel, line, column, "corps", f"HTML non permis « {flagged} » : scripts, formulaires, cadres, attributs on… et adresses "
                 "javascript: sont retirés à la publication ; supprimez-les") in errors(project)


@pytest.mark.parametrize("case", EVASIONS)
def test_sanitiser_leaves_nothing_that_runs(tmp_path: Path, case: str) -> None:
    from macros.render.pmo_markdown import to_html  # noqa: PLC0415 - the renderer alone, as the build calls it

    parser = _Sinks()
    parser.feed(f"<html><head><title>x</title></head><body>{to_html('## Titre' + chr(10) * 2 + EVASIONS[case] + chr(10))}</body></html>")
    parser.close()
    assert _markup_from_data(parser) == []
    assert not [tag for tag, _ in parser.elements if tag in ("script", "svg", "math", "base", "meta", "iframe", "style", "object", "embed")]
    assert [url for url in _urls(parser) if not _inert(url)] == []


def _urls(parser: _Sinks) -> list[str]:
    return [value for _, name, value in parser.attributes if name in ("href", "src", "action", "formaction", "data", "xlink:href")]


def _inert(url: str) -> bool:
    """Whether a browser would not run this URL: it strips tabs and line ends anywhere, and C0 and spaces at the ends,
    before reading the scheme."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15"
                                                      "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    return not re.match(r"(?i)(?:javascript|vbscript|data):", cleaned)
