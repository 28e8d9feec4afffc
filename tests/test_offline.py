"""The built site references no external host for any asset: everything is served by the site itself."""
from __future__ import annotations

import re
from pathlib import Path

# Attributes that make a browser fetch something (prose links <a href> are excepted).
_FETCHING = re.compile(r"<(?:script|img|iframe|source|video|audio|embed|object)\b[^>]*\s(?:src|data|srcset)=\"([^\"]+)\"|"
                       r"<link\b[^>]*\shref=\"([^\"]+)\"", re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
_CSS_IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)")
_EXTERNAL = re.compile(r"^(?:https?:)?//", re.I)


def _external(urls: list[str]) -> list[str]:
    return [u for u in urls if _EXTERNAL.match(u) and not u.startswith(("http://127.0.0.1", "//127.0.0.1"))]


def test_html_fetches_nothing_external(built_site: Path) -> None:
    offenders = {}
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        urls = [a or b for a, b in _FETCHING.findall(html)]
        # <link rel="canonical"> names the page, it is not fetched; everything else is.
        urls = [u for u in urls if not re.search(rf'<link rel="(?:canonical|alternate)" href="{re.escape(u)}"', html)]
        if bad := _external(urls):
            offenders[str(page.relative_to(built_site))] = bad
    assert not offenders


def test_css_and_js_fetch_nothing_external(built_site: Path) -> None:
    offenders = {}
    for sheet in built_site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        if bad := _external(_CSS_URL.findall(text) + _CSS_IMPORT.findall(text)):
            offenders[str(sheet.relative_to(built_site))] = bad
    for script in built_site.rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        if bad := _external(re.findall(r"importScripts\(\s*['\"]([^'\"]+)", text) + re.findall(r"\bimport\s*\(\s*['\"]([^'\"]+)", text)):
            offenders[str(script.relative_to(built_site))] = bad
    assert not offenders


def test_no_web_font_is_requested(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
