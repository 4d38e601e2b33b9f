"""The term base and the translations (locales/): each check, fed a broken fixture, reports the exact finding."""

from __future__ import annotations

import pytest

from tests.conftest import Repo
from tests.test_checks import assert_edit_gives

PO = "locales/zh_CN/LC_MESSAGES/curriculum/01-demo/01-lesson.po"
TERMS = "law/terms.yaml"

# (file edited, old text, new text, file of the finding, marker on the finding's line, expected message)
CASES = [
    # the term base's renderings
    (PO, "民警记录控告并立案。", "民警记录投诉并立案。", PO, "民警记录投诉",
     "the English text uses 'complaint' but the translation uses none of 控告; use the term base's rendering, or "
     "mark a deliberate exception with the translator comment '# term-ok: complaint' [term]"),
    (PO, "离开前索取受案回执。", "离开前索取回单。", PO, "回单",
     "the English text uses 'receipt' but the translation uses none of 受案回执; use the term base's rendering, or "
     "mark a deliberate exception with the translator comment '# term-ok: acceptance receipt' [term]"),
    # the term base itself
    (TERMS, "source: {provision: CN-DEMO-1}", "source: {provision: CN-DEMO-77}", TERMS, "CN-DEMO-77",
     "term 'complaint' cites CN-DEMO-77, which is not a provision of the catalogue; give a provision id from law/ "
     "or a guidance document's url [term-source]"),
    (TERMS, "en: [lesson]", "en: [lesson, Complaint]", TERMS, "en: [lesson, Complaint]",
     "the English form 'Complaint' is already a term at law/terms.yaml:3; expected each English form once (merge "
     "the entries) [term-duplicate]"),
    (TERMS, "checked: false", "checked: maybe", TERMS, "checked: maybe",
     "terms.2.checked: input should be a valid boolean, unable to interpret input [schema]"),
    # roles and links survive translation
    (PO, "最高刑罚为{penalty}`CN-DEMO-1`", "最高刑罚为{penalty}`CN-DEMO-2`", PO, "旧规则是",
     "the translation drops {penalty}`CN-DEMO-1`; adds {penalty}`CN-DEMO-2`; keep every role and link target of "
     "the English exactly (translate only the words shown) [translation-markup]"),
    (PO, "门槛为{threshold}`CN-DEMO-3:videos`个视频。", "门槛为三个视频。", PO, "旧规则是",
     "the translation drops {threshold}`CN-DEMO-3:videos`; keep every role and link target of the English exactly "
     "(translate only the words shown) [translation-markup]"),
    # translations are content: the content policy applies to them
    (PO, "离开前索取受案回执。", "离开前索取受案回执，见 https://t.me/somechannel 。", PO, "t.me",
     "link to t.me: Telegram channel and group links; channels trading intimate images circulate this way. Remove "
     "it; describe the channel in words instead [blocked-link]"),
    (PO, "民警记录控告并立案。", "民警记录控告并立案，不要理会艳照。", PO, "艳照",
     "'艳照': These words sensationalise and shame the person shown (\"indecent\", \"sexy photos\", \"-gate\") "
     "instead of naming the violation. Say instead: 私密影像 (intimate images), or 偷拍影像 (covertly recorded "
     "images) where they were filmed secretly. To quote it on purpose, write {quoted}`艳照` [language]"),
    (PO, "民警记录控告并立案。", "民警记录控告并立案。<script>x()</script>", PO, "<script>",
     "raw HTML (<script…) is not allowed in content; write it in Markdown (notes for trainers go in a "
     "facilitator-note block or the scenario's facilitator_notes) [raw-html]"),
]


@pytest.mark.parametrize(("rel", "old", "new", "where", "marker", "message"), CASES,
                         ids=[c[-1].rsplit("[", 1)[1].rstrip("]") + f"-{i}" for i, c in enumerate(CASES)])
def test_broken_translation_gives_exact_finding(mini: Repo, rel: str, old: str, new: str, where: str, marker: str,
                                                message: str) -> None:
    assert_edit_gives(mini, rel, old, new, where, marker, message)


def test_translator_comment_exempts_a_term(mini: Repo) -> None:
    mini.edit(PO, "民警记录控告并立案。", "民警记录投诉并立案。")
    mini.edit(PO, "#: ../../curriculum/01-demo/01-lesson.md:29", "# term-ok: complaint\n#: ../../curriculum/01-demo/"
                                                                 "01-lesson.md:29")
    assert mini.messages() == []


def test_untranslated_and_fuzzy_entries_are_not_term_checked(mini: Repo) -> None:
    mini.edit(PO, "民警记录控告并立案。", "民警记录投诉并立案。")
    mini.edit(PO, "#: ../../curriculum/01-demo/01-lesson.md:29", "#: ../../curriculum/01-demo/01-lesson.md:29\n"
                                                                 "#, fuzzy")
    assert mini.messages() == []


def test_stale_translation_is_reported(mini: Repo) -> None:
    (mini.root / PO).rename(mini.root / PO.replace("01-lesson", "01-old-lesson"))
    rel = PO.replace("01-lesson", "01-old-lesson")
    assert mini.messages() == [
        f"{rel}:1: no page or data file 'curriculum/01-demo/01-old-lesson' exists for this translation (renamed or "
        "deleted?); move it to the new name or delete it [translation-orphan]"]


def test_stray_file_under_locales_is_reported(mini: Repo) -> None:
    (mini.root / "locales/zh_CN/LC_MESSAGES/notes.txt").write_text("todo\n", encoding="utf-8")
    (mini.root / "locales/zh_CN/LC_MESSAGES/index.mo").write_bytes(b"")  # a build product: ignored
    assert mini.messages() == [
        "locales/zh_CN/LC_MESSAGES/notes.txt:1: unexpected file 'notes.txt'; expected .po translation files in "
        "locales/<language>/LC_MESSAGES/ [layout]"]


def test_broken_po_file_is_a_finding_not_a_traceback(mini: Repo) -> None:
    mini.edit(PO, 'msgid "Demo lesson"', 'msgid "Demo lesson"\nnonsense')
    assert mini.messages() == [
        f"{PO}:{mini.line(PO, 'nonsense')}: cannot read the PO file: Unknown or misformatted keyword; fix it with a "
        "PO editor or `msgfmt --check` [translation-syntax]"]


def test_bold_lost_next_to_chinese_punctuation(mini: Repo) -> None:
    """CommonMark does not close `**…。**` before a Chinese character: the asterisks would show on the page."""
    mini.edit(PO, 'msgid "Ask for the receipt before leaving."\nmsgstr "离开前索取受案回执。"',
              'msgid "**Ask** for the receipt before leaving."\nmsgstr "**离开前索取受案回执。**然后离开"')
    assert (f"{PO}:{mini.line(PO, '然后离开')}: the translation has 0 bold or italic spans where the English has 1; "
            "Markdown does not see '**' next to Chinese punctuation inside it: write '**词语**。' rather than "
            "'**词语。**' [translation-emphasis]") in mini.messages()
    mini.edit(PO, "**离开前索取受案回执。**然后离开", "**离开前索取受案回执**。然后离开")
    assert mini.messages() == []


def test_term_in_a_role_target_is_not_a_use_of_the_term() -> None:
    from ibsa import translations

    assert "PSAPL" not in translations.prose("See {prov}`CN-PSAPL2025-50-6` and `PSAPL`.")
    assert "PSAPL" in translations.prose("The PSAPL 2025 applies.")


TEMPLATES = "locales/zh_CN/LC_MESSAGES/sphinx.po"


def test_template_messages_may_keep_their_html_and_no_more(mini: Repo) -> None:
    """The templates' messages are HTML by design: a translation keeps the English's tags but adds none."""
    (mini.root / TEMPLATES).write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "<a href=\\"https://www.sphinx-doc.org/\\">Sphinx</a> and "\n'
        'msgstr "<a href=\\"https://www.sphinx-doc.org/\\">Sphinx</a> 和 "\n', encoding="utf-8")
    assert mini.messages() == []
    mini.edit(TEMPLATES, "</a> 和 ", "</a> 和 <img src=x>")
    assert (f"{TEMPLATES}:{mini.line(TEMPLATES, '<img')}: raw HTML (<img…) is not allowed in content; write it in "
            "Markdown (notes for trainers go in a facilitator-note block or the scenario's facilitator_notes) "
            "[raw-html]") in mini.messages()


def test_ids_in_roles_and_phrases_listed_in_not_in_are_not_terms(mini: Repo) -> None:
    """`{doc}`complaint-letter`` is an id, not the word; 'receipt of a notice' is receiving, not the 受案回执."""
    mini.edit(TERMS, "    checked: true\n  - en: [lesson]", "    checked: true\n    not_in: [receipt of]\n"
                                                          "  - en: [lesson]")
    mini.edit(PO, 'msgid "Ask for the receipt before leaving."\nmsgstr "离开前索取受案回执。"',
              'msgid "Count from the receipt of the notice; see {doc}`complaint-letter`."\n'
              'msgstr "自收到通知之日起计算；见{doc}`complaint-letter`。"')
    assert mini.messages() == []


def test_a_translation_may_quote_the_words_it_discusses(mini: Repo) -> None:
    """{quoted} holds words, not an id: the translation quotes the Chinese label so the language check lets it be."""
    mini.edit(PO, 'msgstr "离开前索取受案回执。"', 'msgstr "离开前索取受案回执，不要说{quoted}`艳照`。"')
    assert mini.messages() == []


def test_a_translation_may_mark_an_english_name_it_keeps(mini: Repo) -> None:
    """{lang} marks words of another language: a translation that keeps an English name beside the Chinese marks it,
    and that is not a role the English lacks; any other role it adds still is."""
    mini.edit(PO, 'msgstr "离开前索取受案回执。"', 'msgstr "离开前索取受案回执（{lang}`en:Acceptance Receipt`）。"')
    assert mini.messages() == []
    mini.edit(PO, "（{lang}`en:Acceptance Receipt`）", "（{prov}`CN-DEMO-1`）")
    assert (f"{PO}:{mini.line(PO, '（{prov}')}: the translation adds {{prov}}`CN-DEMO-1`; keep every role and link "
            "target of the English exactly (translate only the words shown) [translation-markup]") in mini.messages()
