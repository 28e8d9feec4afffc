"""The print style of the edition's PDF: A4 pages, running header and footer, contents with page numbers, bookmarks."""
from __future__ import annotations

import re

# The fonts are given to WeasyPrint by these names (writer.py serves their bytes): nothing is looked up on the system.
FONT_FACES = (("regular", "normal", "normal"), ("bold", "bold", "normal"), ("italic", "normal", "italic"),
              ("bold-italic", "bold", "italic"))
# Named after the fonts they are (DejaVu, from Debian's fonts-dejavu packages), so pdffonts tells which font is embedded.
FAMILY = "DejaVu Sans"
MONO = "DejaVu Sans Mono"

_FONTS = "".join(f'@font-face {{ font-family: "{FAMILY}"; src: url("police:{name}"); font-weight: {weight}; font-style: {style}; }}\n'
                 for name, weight, style in FONT_FACES) + f'@font-face {{ font-family: "{MONO}"; src: url("police:mono"); }}\n'



def _css_string(text: str) -> str:
    """A CSS string literal: quotes, backslashes and line ends escaped, so a text never ends the rule it is in."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\\n\r<>' else c for c in text) + '"'


def stylesheet(reference: str, published: str) -> str:
    """The document's style; `reference` heads every page (title and edition), `published` dates its foot."""
    values = {"REFERENCE": _css_string(reference), "PUBLISHED": _css_string(published)}

    def value(match: re.Match[str]) -> str:
        return values[match.group(1)]
    return re.sub(r"\b(REFERENCE|PUBLISHED)\b", value, _CSS)


# Colours: the site's indigo for headings and rules; text and borders dark enough for AA contrast on white.
_CSS = _FONTS + f"""
@page {{
  size: A4;
  margin: 22mm 18mm 20mm 18mm;
  @top-left {{ content: REFERENCE; font-size: 7.5pt; color: #444; vertical-align: bottom; padding-bottom: 3mm; }}
  @top-right {{ content: string(chapter); font-size: 7.5pt; color: #444; vertical-align: bottom; padding-bottom: 3mm; }}
  @bottom-left {{ content: PUBLISHED; font-size: 7.5pt; color: #444; vertical-align: top; padding-top: 3mm; }}
  @bottom-right {{ content: "page " counter(page) " sur " counter(pages); font-size: 7.5pt; color: #444; vertical-align: top;
                  padding-top: 3mm; }}
}}
@page :first {{
  @top-left {{ content: none; }} @top-right {{ content: none; }} @bottom-left {{ content: none; }}
}}
html {{ font-family: "{FAMILY}"; font-size: 9pt; line-height: 1.4; color: #1a1a1a; }}
body {{ margin: 0; }}
h1, h2, h3, h4, h5, h6 {{ color: #1a237e; line-height: 1.2; break-after: avoid; bookmark-level: none; }}
h1 {{ font-size: 18pt; margin: 0 0 6mm; padding-bottom: 2mm; border-bottom: 1.5pt solid #3949ab; break-before: page;
      string-set: chapter content(); bookmark-level: 1; }}
h2 {{ font-size: 13pt; margin: 6mm 0 3mm; }}
h2.entry {{ bookmark-level: 2; string-set: chapter content(); }}
section.standard {{ break-before: page; }}
section.role {{ margin-top: 8mm; }}
h3 {{ font-size: 10.5pt; margin: 5mm 0 2mm; }}
h4, h5, h6 {{ font-size: 9.5pt; margin: 4mm 0 1.5mm; }}
p, ul, ol, dl {{ margin: 0 0 2mm; }}
ul, ol {{ padding-left: 5mm; }}
li {{ margin-bottom: 0.8mm; }}
a {{ color: #1a237e; text-decoration: underline; }}
code, pre {{ font-family: "{MONO}"; font-size: 7.5pt; }}
pre {{ white-space: pre-wrap; background: #f3f3f6; padding: 2mm; }}
.hash {{ font-family: "{MONO}"; font-size: 6.5pt; overflow-wrap: anywhere; }}
/* Fixed layout, columns sized here: WeasyPrint then never measures every cell's content to size a column. */
table {{ width: 100%; border-collapse: collapse; margin: 1.5mm 0 4mm; font-size: 8pt; table-layout: fixed; }}
table.meta th {{ width: 32%; }}
table.checklist th.col-id {{ width: 10%; }}
table.checklist th.col-level {{ width: 10.5%; }}
table.checklist th.col-role {{ width: 14%; }}
table.templates th.col-template {{ width: 44%; }}
table.templates th.col-kind {{ width: 17%; }}
table.templates th.col-version {{ width: 9%; }}
table.kpis th.col-name {{ width: 22%; }}
table.kpis th.col-target, table.kpis th.col-frequency {{ width: 18%; }}
table.pmo-raci thead th:first-child {{ width: 36%; }}
table.pmo-scale thead th:first-child {{ width: 20%; }}
table.pmo-risk-matrix thead th:first-child {{ width: 22%; }}
table.index th.col-id, table.history th.col-version {{ width: 14%; }}
table.index th.col-version, table.index th.col-items, table.index th.col-page {{ width: 9%; }}
table.index th.col-owner {{ width: 22%; }}
table.role-raci th.col-standard {{ width: 16%; }}
table.role-raci th.col-letters {{ width: 24%; }}
table.sources th.col-file {{ width: 52%; }}
caption {{ caption-side: top; text-align: left; font-weight: bold; color: #1a237e; padding: 0 0 1.2mm; break-after: avoid; }}
abbr {{ text-decoration: none; }}
th, td {{ border: 0.5pt solid #8a8a99; padding: 1mm 1.4mm; vertical-align: top; text-align: left; }}
thead th {{ background: #e8eaf6; }}
tbody th {{ font-weight: normal; }}
tr {{ break-inside: avoid; }}
.meta th {{ background: #f3f3f6; font-weight: bold; }}
.id {{ white-space: nowrap; }}
.level {{ white-space: nowrap; font-size: 7.5pt; }}
.level-mandatory {{ font-weight: bold; }}
.detail {{ display: block; font-size: 7.5pt; color: #333; margin-top: 0.6mm; }}
.note {{ font-size: 8pt; color: #333; }}
.pmo-crit {{ font-weight: bold; text-align: center; }}
.pmo-crit--1 {{ background-color: #d8f0dc; color: #14401d; }}
.pmo-crit--2 {{ background-color: #fff2c2; color: #4d3a00; }}
.pmo-crit--3 {{ background-color: #ffd9b8; color: #5c2500; }}
.pmo-crit--4 {{ background-color: #f9c4c4; color: #5e0b0b; }}
.pmo-sr {{ display: none; }}
del.pmo-del {{ color: #7a1010; }}
ins.pmo-ins {{ color: #14401d; text-decoration: underline; }}
figure {{ margin: 2mm 0 4mm; }}
figure img {{ width: 100%; }}
figcaption {{ font-size: 8pt; color: #333; margin-top: 1mm; }}
/* The cover: the first page, without running header or footer. */
.cover {{ height: 250mm; position: relative; }}
.cover .organisation {{ font-size: 12pt; color: #333; margin: 10mm 0 0; }}
.cover .title {{ font-size: 34pt; font-weight: bold; color: #1a237e; margin: 45mm 0 4mm; line-height: 1.1; }}
.cover .subtitle {{ font-size: 13pt; color: #333; margin: 0 0 18mm; }}
.cover .edition {{ font-size: 20pt; font-weight: bold; margin: 0 0 2mm; }}
.cover .date {{ font-size: 12pt; margin: 0 0 6mm; }}
.cover .status {{ display: inline-block; border: 1.2pt solid #1b5e20; color: #1b5e20; font-weight: bold; padding: 1.5mm 4mm;
                 font-size: 11pt; }}
.cover .notice {{ position: absolute; bottom: 0; left: 0; right: 0; font-size: 8pt; color: #333; border-top: 0.5pt solid #8a8a99; padding-top: 3mm; }}
/* Contents: page numbers from the targets, dotted leaders. */
nav.contents ol {{ list-style: none; padding-left: 0; margin: 0; }}
nav.contents ol ol {{ padding-left: 6mm; }}
nav.contents li {{ margin: 0 0 1mm; }}
nav.contents li.chapter {{ margin-top: 2.5mm; font-weight: bold; }}
nav.contents li.chapter li {{ font-weight: normal; }}
nav.contents a {{ text-decoration: none; color: #1a1a1a; }}
nav.contents a::after {{ content: leader(".") " " target-counter(attr(href url), page); }}
.page-ref::after {{ content: target-counter(attr(href url), page); }}
.history-entry {{ break-inside: avoid; margin-bottom: 4mm; }}
.history-entry h2 {{ font-size: 11pt; margin: 0 0 1mm; }}
.current-mark {{ font-weight: normal; font-size: 8.5pt; color: #1b5e20; }}
.guidance h3, .role-body h3 {{ font-size: 9.5pt; }}
.guidance h4, .role-body h4 {{ font-size: 9pt; }}
.admonition {{ border-left: 2pt solid #3949ab; padding: 1mm 3mm; margin: 2mm 0; background: #f3f3f6; }}
.admonition-title {{ font-weight: bold; margin-bottom: 1mm; }}
"""
