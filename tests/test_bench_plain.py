"""The benchmark's plain variant (benchmarks/plain.py) keeps the structure of the pages it converts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.plain import plain_variant, structure, to_markdown  # noqa: E402

PAGE = """<!doctype html><html><body><div class="page"><div class="main">
<article role="main" id="furo-main-content">
<section id="covert-filming">
<h1>Covert filming<a class="headerlink" href="#covert-filming" title="Link to this heading">¶</a></h1>
<p>Read <strong>each element</strong>, <em>then</em> the
<code class="docutils literal notranslate"><span class="pre">facts</span></code>.</p>
<section id="the-law">
<h2>The law<a class="headerlink" href="#the-law" title="Link to this heading">¶</a></h2>
<p>See <a class="reference internal" href="../catalogue/CN-CL-284.html" title="Art. 284">
<span class="doc">Art. 284</span></a> and
<a class="reference external" href="https://example.org/statute">the statute</a>.</p>
<ul class="simple">
<li><p>Installing a device</p>
<ul>
<li><p>in a changing room</p></li>
<li><p>in a hotel room</p></li>
</ul>
</li>
<li><p>Using it</p></li>
</ul>
<section id="elements">
<h3>Elements<a class="headerlink" href="#elements" title="Link to this heading">¶</a></h3>
<div class="table-wrapper colwidths-auto docutils container">
<table class="docutils align-default">
<thead><tr><th class="head">Element</th><th class="head">Met</th></tr></thead>
<tbody>
<tr><td>Device used | secretly</td><td>yes</td></tr>
<tr><td>Serious consequences (<a href="../catalogue/CN-CL-284.html" title="Art. 284">Art. 284</a>,
<a href="../catalogue/CN-CL-284.html">its text</a>)</td><td>no</td></tr>
</tbody>
</table>
</div>
<div class="ibsa-content-note caution admonition">
<p class="admonition-title">Content note</p>
<p>This lesson discusses covert filming.</p>
</div>
</section>
</section>
<section id="tasks">
<h2>Tasks<a class="headerlink" href="#tasks" title="Link to this heading">¶</a></h2>
<ol class="arabic simple">
<li><p>Name the elements.</p></li>
<li><p>Back to <a class="reference internal" href="#the-law">the law</a>.</p></li>
</ol>
</section>
</section>
</article></div></div></body></html>
"""

EXPECTED = """\
# Covert filming

Read **each element**, *then* the `facts`.

## The law

See [Art. 284](../catalogue/CN-CL-284.md) and [the statute](https://example.org/statute).

- Installing a device
  - in a changing room
  - in a hotel room
- Using it

### Elements

| Element | Met |
|---|---|
| Device used \\| secretly | yes |
| Serious consequences ([Art. 284](../catalogue/CN-CL-284.md), [its text](../catalogue/CN-CL-284.md)) | no |

:::{admonition} Content note
:class: ibsa-content-note caution

This lesson discusses covert filming.
:::

## Tasks

1. Name the elements.
2. Back to [the law](#the-law)."""

PAGES = {"curriculum/covert.html", "catalogue/CN-CL-284.html"}


def test_converts_structure_exactly():
    assert to_markdown(PAGE, "curriculum/covert.html", PAGES) == EXPECTED


def test_markdown_renders_the_same_structure():
    rendered = MarkdownIt("commonmark").enable("table").render(to_markdown(PAGE, "curriculum/covert.html", PAGES))
    original, plain = structure(PAGE), structure(rendered)
    keys = ("h1", "h2", "h3", "h4", "table", "tr", "li", "a")
    assert {k: plain[k] for k in keys} == {k: original[k] for k in keys}
    assert original["a"] == 5 and original["li"] == 6 and original["tr"] == 3  # permalinks are not counted


def test_structure_counts():
    counts = structure(PAGE)
    assert (counts["h1"], counts["h2"], counts["h3"], counts["table"]) == (1, 2, 1, 1)
    assert counts["p"] == 10 + 6  # ten paragraphs, and six table cells of one paragraph written without <p>


def test_a_cell_with_or_without_its_paragraph_tag_is_one_line():
    """The site writes a cell of one paragraph without <p> (ibsa.sphinxext.html); other Sphinx sites with it."""
    for cell in ('a <a href="x.html">b</a>, <em>c</em>', '<p>a <a href="x.html">b</a>, <em>c</em></p>'):
        page = (f'<article role="main"><table><thead><tr><th>H</th></tr></thead><tbody><tr><td>{cell}</td></tr>'
                "</tbody></table></article>")
        assert to_markdown(page, "a.html", {"x.html"}) == "| H |\n|---|\n| a [b](x.md), *c* |"
        assert structure(page)["p"] == 2


def test_escapes_what_markdown_would_read():
    page = ('<article role="main"><p>1. Not a list *nor* [a link] &amp; <b>x</b></p>'
            '<p># not a heading</p><p>:::{note}</p></article>')
    assert to_markdown(page, "a.html", set()) == (
        "1\\. Not a list \\*nor\\* \\[a link\\] \\& **x**\n\n\\# not a heading\n\n\\:::\\{note\\}")


def test_list_table_when_a_cell_holds_a_list():
    page = ('<article role="main"><table><thead><tr><th><p>A</p></th><th><p>B</p></th></tr></thead><tbody>'
            '<tr><td><p>x</p></td><td><ul><li><p>one</p></li><li><p>two</p></li></ul></td></tr></tbody></table>'
            '</article>')
    assert to_markdown(page, "a.html", set()) == (
        ":::{list-table}\n:header-rows: 1\n\n* - A\n  - B\n* - x\n  - - one\n    - two\n:::")


SIDEBAR = """<div class="sidebar-tree"><p class="caption"><span class="caption-text">Course</span></p><ul>
<li class="toctree-l1"><a class="reference internal" href="curriculum/covert.html">Covert filming</a></li>
<li class="toctree-l1"><a class="reference internal" href="catalogue/index.html">Catalogue</a></li></ul></div>"""


def _built(root: Path) -> Path:
    built = root / "html"
    pages = {
        "index.html": f'{SIDEBAR}<article role="main"><section id="home"><h1>Home</h1><p>Start.</p>'
                      "</section></article>",
        "curriculum/covert.html": PAGE,
        "catalogue/index.html": '<article role="main"><section id="c"><h1>Catalogue</h1><p><a class="reference '
                                'internal" href="CN-CL-284.html">Art. 284</a></p></section></article>',
        "catalogue/CN-CL-284.html": '<article role="main"><section id="a"><h1>Art. 284</h1><p>Text.</p>'
                                    "</section></article>",
        "search.html": '<article role="main"><p>Search</p></article>',
        "_static/x.html": "<p>asset</p>",
    }
    for rel, text in pages.items():
        (built / rel).parent.mkdir(parents=True, exist_ok=True)
        (built / rel).write_text(f"<html><body>{text}</body></html>", encoding="utf-8")
    return built


def test_navigation_is_alike(tmp_path):
    dest = tmp_path / "plain"
    plain_variant(_built(tmp_path), dest)
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*.md")) == [
        "catalogue/CN-CL-284.md", "catalogue/index.md", "curriculum/covert.md", "index.md"]
    index = (dest / "index.md").read_text(encoding="utf-8")
    assert index.endswith(":::{toctree}\n:hidden:\n:caption: Course\n\n/curriculum/covert\n/catalogue/index\n:::\n")
    assert (dest / "catalogue/CN-CL-284.md").read_text(encoding="utf-8").startswith("---\norphan: true\n---\n")
    assert not (dest / "curriculum/covert.md").read_text(encoding="utf-8").startswith("---")
    assert 'extensions = ["myst_parser", "sphinx_design"]' in (dest / "conf.py").read_text(encoding="utf-8")


def test_plain_variant_builds_without_warnings(tmp_path):
    dest = tmp_path / "plain"
    plain_variant(_built(tmp_path), dest)
    result = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(dest), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    built = (tmp_path / "out/curriculum/covert.html").read_text(encoding="utf-8")
    assert structure(built) == structure(PAGE)
