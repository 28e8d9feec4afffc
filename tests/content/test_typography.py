"""French typography on the whole built site: every text a reader sees or hears follows French print rules.

The scan reads the text of every page (and the attributes read aloud), outside code, and counts the faults French
print does not allow: a straight apostrophe inside a word, an ordinary space (or none) before « ; ! ? », an ordinary
space before « : » or inside « ». The rules themselves are applied by macros/render/typography.py.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

SKIP = {"code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math"}
SPOKEN = ("aria-label", "title", "alt", "placeholder")
FAULTS = [
    (re.compile(r"\w'\w"), "apostrophe droite"),
    (re.compile(r" [;!?](?![\w/=])"), "espace ordinaire avant ; ! ?"),
    (re.compile(r"\w[;!?](?:\s|$)"), "aucune espace avant ; ! ?"),
    (re.compile(r" :(?=\s|$)"), "espace ordinaire avant :"),
    (re.compile(r"« | »"), "espace ordinaire dans « »"),
]


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skipping.append(tag)
        for name, value in attrs:
            if name in SPOKEN and value:
                self.check(value)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.check(data)

    def check(self, text: str) -> None:
        for pattern, label in FAULTS:
            self.found += [f"{label} : « {text[max(0, m.start() - 25):m.end() + 15].strip()} »" for m in pattern.finditer(text)]


def faults(html: str) -> list[str]:
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.found


def test_the_scan_sees_each_fault() -> None:
    bad = ("<p>L'équipe ; le jalon ! Pourquoi? Date : demain. « oui »</p>"
           '<nav aria-label="Phase 3 : exécution"></nav><code>a = b ; c : d</code>')
    assert [f.split(" : « ")[0] for f in faults(bad)] == [
        "apostrophe droite", "espace ordinaire avant ; ! ?", "espace ordinaire avant ; ! ?", "aucune espace avant ; ! ?",
        "espace ordinaire avant :", "espace ordinaire dans « »", "espace ordinaire dans « »", "espace ordinaire avant :"]
    good = "<p>L’équipe\u202f; le jalon\u202f! Date\u00a0: demain. «\u00a0oui\u00a0» https://exemple.fr/?a=1;b</p>"
    assert faults(good) == []


def test_the_whole_site_has_no_typography_fault(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 100
    found = [f"{page.relative_to(real_site).as_posix()} : {fault}" for page in pages
             for fault in faults(page.read_text(encoding="utf-8"))]
    assert found == [], f"{len(found)} faute(s) de typographie :\n" + "\n".join(found[:40])
