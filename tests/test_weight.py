"""Lighter pages (issue 21): style sheets keep only the rules and custom properties pages use; scripts load where
they have work; a table cell of one paragraph has no <p>."""

from __future__ import annotations

import json
from pathlib import Path

from docutils import frontend, nodes
from docutils.utils import new_document
from sphinx_design.tabs import sd_tab_label

from ibsa.sphinxext import html, weight

CSS = (":root{--sd-x:1px}.sd-card{margin:0}.sd-tab-set>input,.sd-unused{color:red}"
       "@media (min-width:576px){.sd-col-sm-6{width:50%}.sd-card-body{padding:1rem}}"
       ".sd-card:not(.sd-unused) p{margin:0}.sd-unused{display:none}")


def test_purge_keeps_what_pages_use() -> None:
    assert weight.purge(CSS, {"sd-card", "sd-tab-set", "sd-card-body"}) == (
        ":root{--sd-x:1px}.sd-card{margin:0}.sd-tab-set>input{color:red}"
        "@media (min-width:576px){.sd-card-body{padding:1rem}}.sd-card:not(.sd-unused) p{margin:0}")


def test_purge_drops_a_media_block_left_empty() -> None:
    assert "@media" not in weight.purge(CSS, {"sd-card"})


def test_used_classes_reads_every_page(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.html").write_text('<div class="sd-card ibsa-x">')
    (tmp_path / "sub" / "b.html").write_text('<p class="sd-tab-set">')
    assert weight.used_classes(tmp_path) == {"sd-card", "ibsa-x", "sd-tab-set"}


def test_used_classes_reads_only_pages_written_since(tmp_path: Path) -> None:
    """With a memo, a page is read again only when its size or time of writing changed; a broken memo is
    ignored."""
    out, memo = tmp_path / "html", tmp_path / "doctrees" / "pages.json"
    out.mkdir()
    (out / "a.html").write_text('<div class="sd-card">')
    (out / "b.html").write_text('<p class="ibsa-x" style="color: var(--x)">')
    assert weight._read_pages(out, memo) == ({"sd-card", "ibsa-x"}, {"div", "p"}, {"--x"})
    kept = json.loads(memo.read_text())
    kept["a.html"][2:] = [["as-remembered"], ["dl"], []]  # what the memo says of an unchanged page is believed
    memo.write_text(json.dumps(kept))
    (out / "b.html").write_text('<p class="ibsa-y ibsa-z" id="top">')  # a rewritten page is read again
    assert weight._read_pages(out, memo) == ({"as-remembered", "ibsa-y", "ibsa-z"}, {"dl", "p", "#top"}, set())
    (out / "a.html").unlink()  # a page that is gone no longer counts
    memo.write_text("{not json")
    assert weight.used_classes(out, memo) == {"ibsa-y", "ibsa-z"}
    assert json.loads(memo.read_text()).keys() == {"b.html"}


def test_purge_drops_selectors_for_elements_no_page_has() -> None:
    css = ("hr{height:0}kbd:not(.compound){color:red}table td p,dl dt{margin:0}#searchbox a,#ad{padding:0}"
           "[hidden]{display:none}")
    assert weight.purge(css, set(), weight._ANY_CLASS, {"table", "td", "p", "a", "#searchbox"}) == (
        "table td p{margin:0}#searchbox a{padding:0}[hidden]{display:none}")


def test_needed_elements_reads_types_and_ids_not_arguments() -> None:
    assert weight.needed_elements("table.docutils :is(td, th) > p:first-child") == {"table", "p"}
    assert weight.needed_elements("dl[class]:not(.option-list) dt:hover::before") == {"dl", "dt"}
    assert weight.needed_elements("#__navigation:checked~.page .sidebar-drawer") == {"#__navigation"}
    assert weight.needed_elements("*::after") == set()


def test_unused_custom_properties_are_found_through_what_reads_them() -> None:
    sheets = ["body{--a:1px;--b:var(--a);--c:2px;--d:var(--c);--e:3px;color:var(--b)}",
              "@media print{body{--f:var(--e)}}"]
    assert weight.unused_properties(sheets, {"--e"}) == {"--c", "--d", "--f"}


def test_rewrite_drops_unused_properties_comments_and_spare_whitespace() -> None:
    css = ("body { --c: 2px; }\n/* note */ .a  >  p { margin : 0  auto ; color:red !important }\n"
           "@media (max-width: 63em) { .b { --c: 1px } .d { --e : x  y } }")
    assert weight.rewrite(css, {"--c"}) == (
        ".a > p{margin:0 auto;color:red!important}@media (max-width: 63em){.d{--e:x y}}")


def _tabs(*extra: nodes.Node, label: dict[str, str] | None = None) -> nodes.document:
    doc = new_document("test", frontend.get_default_settings())
    tab_set = nodes.container(classes=["sd-tab-set"])
    tab_set += sd_tab_label("", "Police", input_id="sd-tab-item-0", **(label or {}))
    content = nodes.container(ids=["sd-tab-item-0-content"], classes=["sd-tab-content"])
    content += nodes.paragraph(text="Record the facts.")
    content.extend(extra)
    tab_set += content
    doc += tab_set
    return doc


def test_tab_script_only_where_it_has_work() -> None:
    assert not weight._tabs_need_script(_tabs())  # choosing a tab is radio buttons and CSS
    assert weight._tabs_need_script(_tabs(label={"sync_id": "police", "sync_group": "track"}))  # kept in step
    assert weight._tabs_need_script(_tabs(nodes.paragraph(text="x", ids=["receipt"])))  # a link may open it


def _cell(*children: nodes.Node) -> nodes.paragraph:
    entry = nodes.entry()
    entry.extend(children)
    return next(c for c in children if isinstance(c, nodes.paragraph))


def test_a_cell_of_one_paragraph_is_written_without_its_tag() -> None:
    assert html.compact_cell(_cell(nodes.paragraph(text="yes")))
    assert html.compact_cell(_cell(nodes.target(refid="x"), nodes.paragraph(text="yes")))  # invisible beside it
    assert not html.compact_cell(_cell(nodes.paragraph(text="yes"), nodes.paragraph(text="no")))
    assert not html.compact_cell(_cell(nodes.paragraph(text="yes", ids=["a"])))  # <p> carries the id
    assert not html.compact_cell(_cell(nodes.paragraph(text="yes", classes=["ibsa-x"])))
    item = nodes.list_item()
    item += nodes.paragraph(text="yes")
    assert not html.compact_cell(item[0])  # only table cells
