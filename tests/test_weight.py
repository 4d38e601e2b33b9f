"""Lighter pages (issue 21): sphinx-design's style sheet keeps only the rules pages use."""

from __future__ import annotations

import json
from pathlib import Path

from ibsa.sphinxext import weight

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
    out, memo = tmp_path / "html", tmp_path / "doctrees" / "classes.json"
    out.mkdir()
    (out / "a.html").write_text('<div class="sd-card">')
    (out / "b.html").write_text('<p class="ibsa-x">')
    assert weight.used_classes(out, memo) == {"sd-card", "ibsa-x"}
    kept = json.loads(memo.read_text())
    kept["a.html"][2] = ["as-remembered"]  # what the memo says of a page that did not change is believed
    memo.write_text(json.dumps(kept))
    (out / "b.html").write_text('<p class="ibsa-y ibsa-z">')  # a rewritten page is read again
    assert weight.used_classes(out, memo) == {"as-remembered", "ibsa-y", "ibsa-z"}
    (out / "a.html").unlink()  # a page that is gone no longer counts
    memo.write_text("{not json")
    assert weight.used_classes(out, memo) == {"ibsa-y", "ibsa-z"}
    assert json.loads(memo.read_text()).keys() == {"b.html"}
