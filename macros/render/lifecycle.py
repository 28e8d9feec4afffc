"""The lifecycle diagram, generated from lifecycle.yaml as inline SVG (wide and narrow layouts), with its text alternative."""
from __future__ import annotations

import textwrap

from macros.core import links
from macros.model import tr
from macros.pages.lifecycle import LifecyclePage, PhaseBlock
from macros.render.escape import esc, md_inline, page_front_matter

# Wide layout: phases side by side, each followed by its gate; narrow layout: one under the other (legible at 320 px).
_BOX_W, _GAP, _LINE = 200, 28, 17
_NARROW_W = 300
_MAX_DOCS = 5


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def _text(x: float, y: float, lines: list[str], cls: str, anchor: str = "start") -> str:
    spans = "".join(f'<tspan x="{x:g}" dy="{0 if n == 0 else _LINE}">{esc(line)}</tspan>' for n, line in enumerate(lines))
    return f'<text class="{cls}" x="{x:g}" y="{y:g}" text-anchor="{anchor}">{spans}</text>'


def _phase_box(block: PhaseBlock, x: float, y: float, width: float, src: str, chars: int, docs: int = _MAX_DOCS) -> tuple[str, float]:
    """One phase: its name and key documents, each document linked to its template; returns (svg, height)."""
    parts = [_text(x + 12, y + 26, [block.name], "pmo-cycle__phase-name")]
    line_y = y + 50
    parts.append(_text(x + 12, line_y, ["Documents clés :"], "pmo-cycle__label"))
    line_y += _LINE + 2
    for title, slug, template_id in block.documents[:docs]:
        lines = _lines("• " + title, chars)
        href = links.href(src, links.standard_page(slug), "modele-" + template_id)
        parts.append(f'<a href="{esc(href)}">{_text(x + 12, line_y, lines, "pmo-cycle__doc")}</a>')
        line_y += _LINE * len(lines) + 2
    if len(block.documents) > docs:
        parts.append(_text(x + 12, line_y, [f"… et {len(block.documents) - docs} autres"], "pmo-cycle__doc"))
        line_y += _LINE
    if not block.documents:
        parts.append(_text(x + 12, line_y, ["aucun modèle propre"], "pmo-cycle__doc"))
        line_y += _LINE
    height = line_y - y + 6
    box = f'<rect class="pmo-cycle__phase" x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" rx="8"/>'
    return box + "".join(parts), height


def _gate(block: PhaseBlock, cx: float, cy: float, src: str, chars: int) -> str:
    """A gate: a diamond, its name and who decides, linked to its checklist."""
    if block.gate is None:
        return ""
    r = 14
    diamond = f'<polygon class="pmo-cycle__gate" points="{cx:g},{cy - r:g} {cx + r:g},{cy:g} {cx:g},{cy + r:g} {cx - r:g},{cy:g}"/>'
    name = _lines(tr(block.gate.name), chars)
    decided = _lines(f"décide : {block.decided_by}", chars) if block.decided_by else []
    label = _text(cx, cy + r + 16, name, "pmo-cycle__gate-name", "middle")
    who = _text(cx, cy + r + 16 + _LINE * len(name), decided, "pmo-cycle__label", "middle") if decided else ""
    return f'<a href="{esc(links.href(src, links.gate_page(block.gate.id)))}">{diamond}{label}{who}</a>'


def lifecycle_svg(page: LifecyclePage, src: str, wide: bool) -> str:
    """The diagram as SVG: phases side by side (wide) or one under the other; links relative to page src."""
    parts = []
    heights = []
    if wide:
        # Phases side by side (arrows between them), each gate under the phase it closes.
        for n, block in enumerate(page.phases):
            x = n * (_BOX_W + _GAP)
            box, h = _phase_box(block, x, 0, _BOX_W, src, 27, docs=4)
            heights.append(h)
            parts.append(box)
            if n + 1 < len(page.phases):
                parts.append(f'<path class="pmo-cycle__flow" d="M{x + _BOX_W + 4:g},30 h{_GAP - 10:g} m-6,-5 l6,5 l-6,5"/>')
        top = max(heights) if heights else 0
        for n, block in enumerate(page.phases):
            cx = n * (_BOX_W + _GAP) + _BOX_W / 2
            parts.append(f'<line class="pmo-cycle__flow" x1="{cx:g}" y1="{heights[n]:g}" x2="{cx:g}" y2="{top + 22:g}"/>')
            parts.append(_gate(block, cx, top + 36, src, 26))
        width, height = len(page.phases) * (_BOX_W + _GAP) - _GAP, top + 36 + 14 + 16 + _LINE * 3
    else:
        y = 0.0
        for block in page.phases:
            box, h = _phase_box(block, 0, y, _NARROW_W, src, 38)
            parts.append(box)
            y += h
            if block.gate is not None:
                parts.append(_gate(block, _NARROW_W / 2, y + 30, src, 40))
                y += 30 + 14 + 16 + _LINE * 2 + 16
            else:
                y += 12
        width, height = _NARROW_W, y
    kind = "large" if wide else "etroit"
    return (f'<svg class="pmo-cycle__svg pmo-cycle__svg--{kind}" viewBox="-2 -2 {width + 4:g} {height + 4:g}" role="group" '
            f'aria-labelledby="pmo-cycle-titre-{kind}" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="pmo-cycle-titre-{kind}">Cycle de vie d\'un projet : phases, jalons et documents clés</title>'
            + "".join(parts) + "</svg>")


def lifecycle_figure(page: LifecyclePage, src: str) -> str:
    """The diagram (two layouts, one shown per screen width) and its text alternative, as one HTML block."""
    items = []
    for block in page.phases:
        docs = ", ".join(f'<a href="{esc(links.href(src, links.standard_page(slug), "modele-" + tid))}">{esc(title)}</a>'
                         for title, slug, tid in block.documents) or "aucun modèle propre"
        gate = ""
        if block.gate is not None:
            who = f", décidé par {esc(block.decided_by)}" if block.decided_by else ""
            gate = (f' Elle se termine par le jalon <a href="{esc(links.href(src, links.gate_page(block.gate.id)))}">'
                    f"{esc(tr(block.gate.name))}</a>{who}.")
        items.append(f"<li><strong>{esc(block.name)}</strong> : {esc(block.description)} Documents clés : {docs}.{gate}</li>")
    return ('<figure class="pmo-cycle">' + lifecycle_svg(page, src, wide=True) + lifecycle_svg(page, src, wide=False)
            + '<figcaption><details class="pmo-cycle__texte"><summary>Le cycle de vie en texte</summary><ol>'
            + "".join(items) + "</ol></details></figcaption></figure>")


def render_lifecycle_page(page: LifecyclePage) -> str:
    """The lifecycle page: the diagram, then how to read it."""
    src = page.src
    out = [page_front_matter("Cycle de vie d'un projet") + "# Cycle de vie d'un projet", "",
           "Tous les standards partagent ces phases et ces jalons. À chaque jalon, l'instance indiquée décide de passer à "
           f"la phase suivante, sur les [critères de passage]({links.md_link(src, links.CHECKLISTS_INDEX)}) du jalon. "
           "Chaque document clé renvoie à son modèle.", "", lifecycle_figure(page, src), ""]
    out += ["## Les phases {#phases}", ""]
    for block in page.phases:
        out += [f"### {md_inline(block.name)} {{#{block.id}}}", "", f"<p>{esc(block.description)}</p>", ""]
    return "\n".join(out)
