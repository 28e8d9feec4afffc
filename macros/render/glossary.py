"""The glossary, generated from the terminology: one entry per concept, its abbreviation and the words not to use."""
from __future__ import annotations

from macros.core.text import heading_anchor, sort_key
from macros.model import Terminology, tr
from macros.render.escape import esc, md_inline, page_front_matter


def render_glossary(terminology: Terminology) -> str:
    """Terms in alphabetical order, grouped by initial; each anchor is the term's, as links and quizzes name it."""
    out = [page_front_matter("Glossaire", boost=0.6, toc_depth=2) + "# Glossaire", "",
           "Un terme par notion : ce glossaire est tiré de la terminologie du référentiel (standards/terminology.yaml), "
           "que `pmo validate` fait respecter. Pour chaque terme, sa définition, son sigle, et les mots à ne pas employer "
           "pour la même notion.", ""]
    letter = ""
    for term in sorted(terminology.terms, key=lambda t: sort_key(t.term)):
        initial = sort_key(term.term)[:1].upper()
        if initial != letter:
            letter = initial
            out += [f"## {letter} {{#lettre-{letter.lower()}}}", ""]
        out += [f"### {md_inline(term.term)} {{#{heading_anchor(term.term)}}}", "", f"<p>{esc(tr(term.definition))}</p>", ""]
        if term.abbreviation:
            out += [f"Sigle : **{md_inline(term.abbreviation)}**.", ""]
        if term.rejected:
            out += ["À éviter pour cette notion : " + ", ".join(f"« {md_inline(r)} »" for r in term.rejected) + ".", ""]
    return "\n".join(out)
