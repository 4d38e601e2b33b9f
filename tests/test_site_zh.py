"""The Chinese editions' own gates that need no browser: no English sentence in a Chinese page (outside names,
citations, code and marked quotations), and a Chinese search index that knows the words Chinese readers type.

The page tests use small HTML fixtures; the search-index test uses the built zh_CN participant edition from the
`zh_participant` fixture (tests/conftest.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ibsa import loaders, site
from tests.conftest import MINI, copy_repo

PAGE = """<!doctype html>
<html class="no-js" lang="{lang}" data-content_root="../">
<head><meta charset="utf-8"><title>受案回执 - 培训</title></head>
<body>
<div class="sidebar-drawer"><a href="index.html">Skip the navigation and go to the content</a></div>
<div class="main"><div class="content">
<article role="main" id="furo-main-content">
<section id="receipt">
<h1>受案回执<a class="headerlink" href="#receipt" title="链接到此标题">¶</a></h1>
{body}
</section>
</article>
</div></div>
<script>var x = "this script text is never shown to a reader";</script>
</body>
</html>
"""
GOOD = "<p>接到报案后，民警应当当场出具受案回执，写明报案时间和接报民警。</p>"
BAD = ("<p>接到报案后，民警应当出具受案回执。</p>\n"
       "<p>The officer must give the reporting person a written receipt on the same day, even when the case is not "
       "yet opened.</p>")
BAD_MESSAGE = ("lesson.html:11: English sentence in a Chinese page: 'The officer must give the reporting person a "
               "written receipt…'; translate it, or mark a name or quotation with lang=\"en\" [english-in-zh]")


def page(body: str, lang: str = "zh-CN") -> str:
    return PAGE.format(lang=lang, body=body)


def findings(body: str) -> list[str]:
    return [str(f) for f in site.english_in_chinese("lesson.html", page(body))]


def test_a_chinese_page_passes() -> None:
    assert findings(GOOD) == []


def test_an_english_sentence_fails_with_its_line() -> None:
    assert findings(BAD) == [BAD_MESSAGE]


def test_a_short_sentence_is_shown_whole() -> None:
    assert findings("<p>请注意：Report it to the police.</p>") == [
        "lesson.html:10: English sentence in a Chinese page: 'Report it to the police'; translate it, or mark a "
        'name or quotation with lang="en" [english-in-zh]']


def test_words_across_inline_elements_make_one_sentence() -> None:
    body = "<p>民警：<em>always</em> <a href='x.html'>write down</a> <strong>the time</strong>。</p>"
    assert len(findings(body)) == 1


def test_blocks_do_not_join() -> None:
    """Three words in one cell and three in the next are two names, not one sentence."""
    assert findings("<table><tr><td>Crimes Ordinance Hong</td><td>Kong Police Force</td></tr></table>") == []


def test_an_attribute_a_reader_hears_is_checked() -> None:
    assert len(findings('<p><img src="a.png" alt="a screenshot of the chat window"></p>')) == 1


def test_asterisks_left_by_a_translation_fail() -> None:
    assert findings("<p>**确定行为发生的日期。**日期决定适用法律。</p>") == [
        "lesson.html:10: asterisks shown in a Chinese page: '**确定行为发生的日期。**日期决定适用'; put the closing ** "
        "before the punctuation (**…日期**。), not after it [markup-in-zh]"]


@pytest.mark.parametrize("body", [
    '<p>英国法律 <span lang="en">Criminal Justice and Courts Act 2015</span> 第33条。</p>',
    '<p>英文原文：<span lang="en-GB">Sharing private sexual photographs and films with intent</span>。</p>',
    '<blockquote lang="en"><p>The officer <em>must</em> record the report <span>at once</span>.</p></blockquote>',
    '<p class="ibsa-original">Criminal Justice and Courts Act 2015, section 33</p>',
    '<div class="ibsa-quote"><p>I did not agree to any of this being shared.</p></div>',
    "<p>执行 <code>make html language=zh_CN all four editions</code> 命令。</p>",
    "<pre>sphinx-build -b html -D language=zh_CN . _build/html</pre>",
    "<p>按 <kbd>Ctrl Shift P then Enter</kbd> 键。</p>",
    "<p>参见 <cite>Image-Based Sexual Abuse: A Study on the Causes</cite> 一书。</p>",
    "<p>相关机构网址：https://www.example.org/report/abuse/images/now 以及 help@example.org。</p>",
    "<p>参见 18 U.S.C. § 2261A 与 Art. 50 及 s. 66B(1) 的规定。</p>",
    "<p>缩写：PSAPL CCTV NGO ICCPR OSA。</p>",
    "<p>受害人 Zhang Wei 与嫌疑人 Li Na 均为化名。</p>",
    "<style>p::before { content: 'this style text is never shown'; }</style>",
])
def test_exemptions(body: str) -> None:
    assert findings(body) == []


def test_outside_the_content_is_not_this_check() -> None:
    """The sidebar and scripts are the theme's (translated by Sphinx); only the article is checked."""
    assert "Skip the navigation" in page(GOOD) and findings(GOOD) == []


def write_pages(out: Path) -> None:
    (out / "curriculum").mkdir(parents=True)
    (out / "_static").mkdir()
    (out / "curriculum" / "lesson.html").write_text(page(BAD), encoding="utf-8")
    (out / "curriculum" / "english.html").write_text(page(BAD, lang="en"), encoding="utf-8")
    (out / "_static" / "x.html").write_text(page(BAD), encoding="utf-8")


def test_only_chinese_pages_are_checked(tmp_path: Path) -> None:
    out = tmp_path / "participant"
    write_pages(out)
    assert [str(f) for f in site.english_in_chinese_pages(out, "zh_CN/participant")] == [
        BAD_MESSAGE.replace("lesson.html", "zh_CN/participant/curriculum/lesson.html")]


def test_verify_site_reports_english_in_a_chinese_page(tmp_path: Path) -> None:
    repo = copy_repo(MINI, tmp_path / "mini")
    out = tmp_path / "participant"
    write_pages(out)
    found = [str(f) for f in site.verify(loaders.load(repo.root), out) if f.code == "english-in-zh"]
    assert found == [BAD_MESSAGE.replace("lesson.html", f"{out.as_posix()}/curriculum/lesson.html")]


# ------------------------------------------------------------------ Chinese search

SEARCH_WORDS = Path(__file__).resolve().parent.parent / "locales" / "zh_CN" / "search-words.txt"


def test_search_words_stay_whole() -> None:
    """jieba's own dictionary splits the desk's terms (受案回执 -> 受案 + 回执), and the search box looks a typed
    word up whole; the word list (html_search_options["dict"]) keeps each term one search word, in a sentence too."""
    import jieba  # a dependency of the project (the Chinese search): missing, the test fails
    lines = SEARCH_WORDS.read_text(encoding="utf-8").splitlines()
    bad = [n for n, line in enumerate(lines, 1) if not re.fullmatch(r"[\u4e00-\u9fff]{2,} \d+ [a-z]+", line)]
    assert not bad, f"{SEARCH_WORDS.name}: lines {bad} are not `word frequency tag` (jieba's user dictionary)"
    jieba.load_userdict(str(SEARCH_WORDS))
    split = [w for w in (line.split()[0] for line in lines) if w not in jieba.lcut_for_search(f"民警出具{w}。")]
    assert not split, f"jieba still splits {split}"


# ------------------------------------------------------------------ the built Chinese edition


def index_terms(edition: Path) -> set[str]:
    text = (edition / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    return set(index["terms"]) | set(index["titleterms"])


def test_chinese_search_index_has_chinese_words(zh_participant: Path) -> None:
    """Sphinx splits Chinese with jieba (sphinx/search/zh.py): the words a desk officer types are index terms,
    not only single characters."""
    terms = index_terms(zh_participant)
    missing = [w for w in ("受案回执", "偷拍") if w not in terms]
    assert not missing, f"not search terms of the zh_CN participant edition: {missing}"


def test_chinese_participant_edition_has_no_english_sentence(zh_participant: Path, zh_facilitator: Path) -> None:
    found = [str(f) for out in (zh_participant, zh_facilitator) for f in site.english_in_chinese_pages(out)]
    assert not found, f"{len(found)} English sentences in Chinese pages:\n" + "\n".join(found[:40])
