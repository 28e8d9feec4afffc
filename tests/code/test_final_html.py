"""The last touches on a page's HTML: abbreviations expanded at first use only, indentation removed except where it
is content."""
from __future__ import annotations

from macros.render.final_html import finish_page, first_use_only, without_indentation

PMO = '<abbr title="Project Management Office">PMO</abbr>'
RACI = '<abbr title="Responsable, Approbateur, Consulté, Informé">RACI</abbr>'


def test_only_the_first_occurrence_of_each_abbreviation_keeps_its_expansion() -> None:
    html = f"<p>Le {PMO} tient la {RACI}.</p><p>Demandez au {PMO} ; la {RACI} du {PMO}.</p>"
    assert first_use_only(html) == f"<p>Le {PMO} tient la {RACI}.</p><p>Demandez au PMO ; la RACI du PMO.</p>"


def test_indentation_goes_but_preformatted_text_and_scripts_keep_theirs() -> None:
    html = ("<nav>\n      <ul>\n        <li>Un</li>\n\n\n      </ul>\n    </nav>\n"
            "<pre><code>def f():\n    return 1\n</code></pre>\n  <textarea>\n  ligne\n</textarea>\n"
            "<script>\n  var a = 1;\n</script>\n   <p>fin</p>")
    assert without_indentation(html) == ("<nav>\n<ul>\n<li>Un</li>\n</ul>\n</nav>\n"
                                         "<pre><code>def f():\n    return 1\n</code></pre>\n<textarea>\n  ligne\n</textarea>\n"
                                         "<script>\n  var a = 1;\n</script>\n<p>fin</p>")


def test_words_on_either_side_of_a_line_break_stay_apart() -> None:
    assert finish_page(f"<p>le\n    {PMO}\n    et le\n    {PMO}</p>") == f"<p>le\n{PMO}\net le\nPMO</p>"
