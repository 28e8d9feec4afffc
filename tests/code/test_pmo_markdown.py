"""The PMO's own Markdown: rendered, sanitised, never a template; structural errors with their line."""
from __future__ import annotations

from macros.loading.markdown_source import check_body, split_front_matter
from macros.render.pmo_markdown import to_html


def test_raw_html_is_sanitised() -> None:
    html = to_html('## Titre\n\n<script>alert(1)</script> <img src=x onerror="alert(1)"> '
                   '<a href="javascript:alert(1)" onclick="x()">lien</a> [ok](https://exemple.fr)\n')
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert '<a href="https://exemple.fr" rel="noopener noreferrer">ok</a>' in html


def test_template_syntax_stays_text() -> None:
    html = to_html("Texte {{ 7*7 }} et {% if x %}.\n")
    assert "{{" not in html and "{%" not in html
    assert "&#123;&#123; 7*7 &#125;&#125;" in html


def test_headings_move_down_and_get_prefixed_ids() -> None:
    html = to_html("## Contexte\n\n### Détail\n\nVoir [le contexte](#contexte).\n", shift=1, id_prefix="guide-")
    assert '<h3 id="guide-contexte">Contexte</h3>' in html and '<h4 id="guide-detail">' in html
    assert 'href="#guide-contexte"' in html


def test_admonitions_and_tables_render() -> None:
    html = to_html('!!! tip "Conseil"\n    Faites simple.\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n')
    assert '<div class="admonition tip">' in html and "<table>" in html


def test_level_one_heading_is_an_error_with_its_line() -> None:
    body = "## Contexte\n\nTexte.\n\n# Titre interdit\n\n```\n# un commentaire de code n'est pas un titre\n```\n"
    problems = check_body(body, 10, "x.md")
    assert [p.format() for p in problems] == [
        "x.md:14:1: erreur : corps : titre de niveau 1 interdit : la page a déjà son titre ; commencez à « ## »"]


def test_front_matter_inside_a_body_is_an_error() -> None:
    source = split_front_matter("---\nid: sponsor\n---\n---\ntitle: encore\n---\n## Mission\n")
    problems = check_body(source.body, source.body_line, "r.md")
    assert [p.format() for p in problems] == [
        "r.md:4:1: erreur : corps : bloc d'en-tête (« --- ») interdit dans le corps du texte"]


def test_links_must_resolve() -> None:
    problems = check_body("## A\n\n[x](autre-page.md) [y](#a) [z](mailto:pmo@exemple.fr)\n", 1, "g.md")
    assert [p.format() for p in problems] == [
        "g.md:3:5: erreur : corps : lien « autre-page.md » non résolu : liens permis : https://, mailto:, "
        "#ancre d'une section de ce texte, standard:<standard>[#ancre] et role:<rôle>"]


def test_unsafe_html_is_reported_not_silently_dropped() -> None:
    body = '## A\n\nTexte <script>alert(1)</script> et <img src=x onerror="alert(1)">.\n\n[piège](javascript:alert(1))\n'
    assert [p.format() for p in check_body(body, 1, "g.md")] == [
        "g.md:3:7: erreur : corps : HTML non permis « <script » : scripts, formulaires, cadres, attributs on… et "
        "adresses javascript: sont retirés à la publication ; supprimez-les",
        "g.md:3:47: erreur : corps : HTML non permis « onerror= » : scripts, formulaires, cadres, attributs on… et "
        "adresses javascript: sont retirés à la publication ; supprimez-les",
        "g.md:5:9: erreur : corps : HTML non permis « javascript: » : scripts, formulaires, cadres, attributs on… et "
        "adresses javascript: sont retirés à la publication ; supprimez-les",
        "g.md:5:9: erreur : corps : lien « javascript:alert(1) » non résolu : liens permis : https://, mailto:, "
        "#ancre d'une section de ce texte, standard:<standard>[#ancre] et role:<rôle>",
    ]


def test_internal_links_are_resolved_per_page() -> None:
    html = to_html("[essai](standard:essai#ESS-01) [inconnu](standard:zzz)",
                   resolve=lambda t: "../essai/#liste-essai-ESS-01" if t == "standard:essai#ESS-01" else None)
    assert '<a href="../essai/#liste-essai-ESS-01" rel="noopener noreferrer">essai</a>' in html
    assert '<a rel="noopener noreferrer">inconnu</a>' in html


def test_a_fenced_block_shows_its_text_as_code() -> None:
    """A PMO may quote a YAML excerpt or an e-mail: the fence is a code block, its markup shown as text."""
    html = to_html("## Exemple\n\n```yaml\nlevel: obligatoire\n<script>alert(1)</script>\n```\n")
    assert html == ('<h3 id="exemple">Exemple</h3>\n<pre><code>level: obligatoire\n'
                    "&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>")
