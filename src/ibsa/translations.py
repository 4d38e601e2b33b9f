"""Translations as content: reading the committed PO files with line numbers, and the checks on them.

`locales/<language>/LC_MESSAGES/<domain>.po` holds one gettext domain each (a page's docname, a data file's path
without its suffix, `ibsa`, `sphinx`). Translators write text that readers see, so every msgstr is checked like
content: it keeps the term base's renderings, keeps the roles and links of its English, and passes the content
policy. `status` counts what is left to translate, for `ibsa i18n-status`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po
from markdown_it import MarkdownIt

from ibsa import safety
from ibsa.findings import Finding
from ibsa.loaders import CURRICULUM_DIR, DATA_SUFFIXES, Corpus
from ibsa.model import Term

LOCALE_DIR = "locales"
LANGUAGES = ("zh_CN",)
BUILD_PRODUCTS = {".mo"}  # compiled catalogues Sphinx writes beside the PO files (ignored by git)
CODE_DOMAINS = {"ibsa", "sphinx"}  # the extension's Python strings and the HTML templates'
ROOT_PAGES = ("index", "about", "glossary")
GENERATED_LISTINGS = ("catalogue/index", "catalogue/charge-finder", "scenarios/index", "tools/index",
                      "course-plans/index")
MARKUP = re.compile(r"\{[a-z][a-z0-9-]*\}`[^`]*`|\]\([^)\s]*\)")  # MyST roles and Markdown link targets
CODE = re.compile(r"`[^`]*`")  # inline code
TERM_OK = re.compile(r"^\s*term-ok:\s*(.+?)\s*$")


@dataclass(frozen=True)
class Entry:
    msgid: str
    msgstr: str
    line: int  # the line of the msgstr, where a translator fixes it
    fuzzy: bool
    term_ok: frozenset[str] = frozenset()  # headwords a translator comment `# term-ok: <headword>` exempts


@dataclass
class PoFile:
    path: str  # shown, relative to the repository
    language: str
    domain: str
    entries: list[Entry] = field(default_factory=list)


def _msgstr_lines(text: str) -> list[int]:
    """1-based line where each msgstr's text starts, in order (babel keeps only the line of each msgid). A long
    msgstr is written `msgstr ""` followed by its lines: its text starts on the next line."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines, 1):
        if line.startswith("msgstr"):
            wrapped = line.rstrip().endswith('""') and i < len(lines) and lines[i].startswith('"')
            out.append(i + 1 if wrapped else i)
    return out


def read_po_file(path: Path, shown: str, language: str, domain: str) -> tuple[PoFile | None, list[Finding]]:
    try:
        text = path.read_text(encoding="utf-8")
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=language, abort_invalid=True)
    except (OSError, UnicodeDecodeError, PoFileError, ValueError) as exc:
        line = getattr(exc, "lineno", -1) + 1 or 1  # babel counts lines from 0
        what = re.sub(r" on \d+$", "", str(exc))
        return None, [Finding(shown, max(line, 1), "translation-syntax",
                              f"cannot read the PO file: {what}; fix it with a PO editor or `msgfmt --check`")]
    starts = _msgstr_lines(text)
    po = PoFile(shown, language, domain)
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue  # the header, and plural forms (none in this project)
        string = message.string if isinstance(message.string, str) else ""
        # the msgstr follows its msgid: the first msgstr keyword after the msgid's line
        line = next((n for n in starts if n > message.lineno), message.lineno)  # (wrapped: one later)
        exempt = frozenset(m.group(1).lower() for c in message.user_comments if (m := TERM_OK.match(c)))
        po.entries.append(Entry(message.id, string, line, message.fuzzy, exempt))
    return po, []


SEARCH_WORDS = "search-words.txt"  # locales/<language>/search-words.txt: words the search index keeps whole


def load_translations(corpus: Corpus) -> None:
    """Every PO file under locales/ into corpus.translations; any other file is reported like a stray file."""
    base = corpus.root / LOCALE_DIR
    if not base.is_dir():
        return
    for path in sorted(p for p in base.rglob("*") if p.is_file() and not p.is_symlink()):
        shown = path.relative_to(corpus.root).as_posix()
        parts = path.relative_to(base).parts
        if path.suffix in BUILD_PRODUCTS or path.name.startswith("."):
            continue
        if len(parts) == 2 and parts[1] == SEARCH_WORDS:
            continue  # the language's search dictionary (ibsa.sphinxext.search_zh): words, not content
        if path.suffix != ".po" or len(parts) < 3 or parts[1] != "LC_MESSAGES":
            corpus.findings.append(Finding(shown, 1, "layout", f"unexpected file '{path.name}'; expected .po "
                                                               f"translation files in {LOCALE_DIR}/<language>/"
                                                               "LC_MESSAGES/"))
            continue
        domain = Path(*parts[2:]).with_suffix("").as_posix()
        po, errors = read_po_file(path, shown, parts[0], domain)
        corpus.findings.extend(errors)
        if po is not None:
            corpus.translations[shown] = po


def translated(entry: Entry) -> bool:
    return bool(entry.msgstr) and not entry.fuzzy


# ------------------------------------------------------------------ the term base


def _english(form: str) -> str:
    """A whole-word pattern for an English form, any case, with simple plurals (receipt, receipts)."""
    words = r"\s+".join(map(re.escape, form.split()))
    return rf"(?<![A-Za-z0-9-]){words}(?:s|es)?(?![A-Za-z0-9])"


def term_patterns(terms: list[Term]) -> list[tuple[Term, re.Pattern[str], re.Pattern[str] | None]]:
    """(term, its forms, the phrases in which they mean something else) for every checked term."""
    def alternatives(forms: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(_english(f) for f in forms), re.I)
    return [(t, alternatives(t.en), alternatives(t.not_in) if t.not_in else None) for t in terms if t.checked]


AUTOLINK = re.compile(r"<https?://[^>\s]*>|https?://\S+")


def prose(text: str) -> str:
    """The words of a message without its markup: a role's target (CN-PSAPL2025-50-6), inline code and addresses
    (<https://…/deepfake-videos>) are not uses of a term, and a role renders its own words in each language."""
    return AUTOLINK.sub(" ", CODE.sub(" ", MARKUP.sub(" ", text)))


def check_terms(corpus: Corpus) -> Iterator[Finding]:
    """A translation whose English uses a checked term must use one of its renderings, or say why not."""
    patterns = term_patterns(corpus.terms)
    for po in corpus.translations.values():
        for entry in po.entries:
            if not translated(entry):
                continue
            english = prose(entry.msgid)
            chinese = entry.msgstr.replace("*", "")  # emphasis may split a term (不予*刑事*立案)
            for term, pattern, other in patterns:
                m = pattern.search(other.sub(" ", english) if other else english)
                if not m or term.en[0].lower() in entry.term_ok or any(z in chinese for z in term.zh):
                    continue
                if m.group(0).lower() not in entry.msgstr.lower():  # kept in English: a cited title, a quotation
                    yield Finding(po.path, entry.line, "term",
                                  f"the English text uses '{m.group(0)}' but the translation uses none of "
                                  f"{' / '.join(term.zh)}; use the term base's rendering, or mark a deliberate "
                                  f"exception with the translator comment '# term-ok: {term.en[0]}'")


def check_term_base(corpus: Corpus) -> Iterator[Finding]:
    """The term base itself: sources that name a provision the catalogue has, each English form once."""
    if "terms" not in corpus.where:
        return
    seen: dict[str, int] = {}
    for i, term in enumerate(corpus.terms):
        if term.source and term.source.provision and term.source.provision not in corpus.provisions:
            yield corpus.finding("terms", ("terms", i, "source", "provision"), "term-source",
                                 f"term '{term.en[0]}' cites {term.source.provision}, which is not a provision of the "
                                 "catalogue; give a provision id from law/ or a guidance document's url")
        for j, form in enumerate(term.en):
            key = " ".join(form.lower().split())
            if key in seen:
                path, line = corpus.line("terms", "terms", seen[key])
                yield corpus.finding("terms", ("terms", i, "en", j), "term-duplicate",
                                     f"the English form '{form}' is already a term at {path}:{line}; expected each "
                                     "English form once (merge the entries)")
            else:
                seen[key] = i


# ------------------------------------------------------------------ stale files, markup, content policy


def known_domains(corpus: Corpus) -> set[str]:
    """The domains a PO file may have: pages, data files with reader-facing text, and the code's catalogues."""
    known = set(CODE_DOMAINS) | set(ROOT_PAGES) | set(GENERATED_LISTINGS)
    known |= {path.rsplit(".", 1)[0] for path in corpus.docs if Path(path).suffix in DATA_SUFFIXES}
    known |= {p.relative_to(corpus.root).with_suffix("").as_posix()
              for p in (corpus.root / CURRICULUM_DIR).rglob("*.md")}
    return known


def check_orphans(corpus: Corpus) -> Iterator[Finding]:
    known = known_domains(corpus)
    for po in corpus.translations.values():
        if po.domain not in known:
            yield Finding(po.path, 1, "translation-orphan",
                          f"no page or data file '{po.domain}' exists for this translation (renamed or deleted?); "
                          "move it to the new name or delete it")


QUOTED_ROLE = "{quoted}`"
LANGUAGE_ROLE = "{lang}`"  # marks words of another language (an English name the translation keeps): words too
_INLINE = MarkdownIt("commonmark")
_SHOWN_TARGET = re.compile(r"^(\{[^}]*\})`[^`<]*<([^`>]*)>`$")


def markup(text: str) -> Counter[str]:
    """The roles and link targets of a text. A role written `{doc}`shown words <target>`` counts by its role and
    target only: the shown words are translated."""
    out: Counter[str] = Counter()
    for m in MARKUP.finditer(text):
        if m.group(0).startswith((QUOTED_ROLE, LANGUAGE_ROLE)):
            continue  # a quotation or a marked name is words, translated like the rest (a translation may add them)
        shown = _SHOWN_TARGET.match(m.group(0))
        out[f"{shown.group(1)}`<{shown.group(2)}>`" if shown else m.group(0)] += 1
    return out


def emphasis(text: str) -> int:
    """How many bold and italic spans Markdown sees. CommonMark closes `**…。**` before a Chinese character only
    if the punctuation stands outside (`**…**。`), so a translation can lose its bold and show the asterisks."""
    spans = 0
    for paragraph in text.split("\n\n"):
        for block in _INLINE.parse(paragraph):
            spans += sum(1 for t in block.children or [] if t.type in ("strong_open", "em_open"))
    return spans


def check_markup(corpus: Corpus) -> Iterator[Finding]:
    for po in corpus.translations.values():
        for entry in po.entries:
            if not translated(entry):
                continue
            source, target = markup(entry.msgid), markup(entry.msgstr)
            lost, added = source - target, target - source
            if lost or added:
                what = "; ".join(filter(None, (
                    "drops " + ", ".join(sorted(lost)) if lost else "",
                    "adds " + ", ".join(sorted(added)) if added else "")))
                yield Finding(po.path, entry.line, "translation-markup",
                              f"the translation {what}; keep every role and link target of the English exactly "
                              "(translate only the words shown)")
            elif emphasis(entry.msgstr) < emphasis(entry.msgid):
                yield Finding(po.path, entry.line, "translation-emphasis",
                              f"the translation has {emphasis(entry.msgstr)} bold or italic spans where the English "
                              f"has {emphasis(entry.msgid)}; Markdown does not see '**' next to Chinese punctuation "
                              "inside it: write '**词语**。' rather than '**词语。**'")


HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def check_safety(corpus: Corpus) -> Iterator[Finding]:
    """The content policy over every translation: blocked links, raw HTML, victim-blaming phrases."""
    if corpus.policy is None:
        return
    for po in corpus.translations.values():
        for entry in po.entries:
            if not entry.msgstr:
                continue
            # the templates' own messages are HTML by design; a translation may keep the English's tags, no more
            allowed = set(HTML_TAG.findall(entry.msgid)) if po.domain in CODE_DOMAINS else set()
            for f in (*safety.scan_text(po.path, entry.msgstr, corpus.policy),
                      *safety.check_markup(po.path, entry.msgstr, corpus.root, set())):
                if f.code == "raw-html" and set(HTML_TAG.findall(entry.msgstr)) <= allowed:
                    continue
                yield Finding(po.path, entry.line + f.line - 1, f.code, f.message, f.severity)


TRANSLATION_CHECKS = (check_term_base, check_terms, check_orphans, check_markup, check_safety)


# ------------------------------------------------------------------ completeness


@dataclass(frozen=True)
class Status:
    path: str
    domain: str
    total: int
    done: int
    fuzzy: int

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 100.0

    @property
    def complete(self) -> bool:
        return self.done == self.total and not self.fuzzy


def status(corpus: Corpus, language: str) -> list[Status]:
    out = []
    for po in sorted(corpus.translations.values(), key=lambda p: p.domain):
        if po.language != language:
            continue
        out.append(Status(po.path, po.domain, len(po.entries), sum(translated(e) for e in po.entries),
                          sum(e.fuzzy for e in po.entries)))
    return out


def status_lines(rows: list[Status]) -> list[str]:
    lines = [f"{r.domain}: {r.done}/{r.total} ({r.percent:.0f} %), {r.fuzzy} fuzzy" for r in rows]
    total, done, fuzzy = sum(r.total for r in rows), sum(r.done for r in rows), sum(r.fuzzy for r in rows)
    pct = 100.0 * done / total if total else 100.0
    return [*lines, f"total: {done}/{total} ({pct:.0f} %), {fuzzy} fuzzy"]


def incomplete(corpus: Corpus, rows: list[Status]) -> list[Finding]:
    """A finding per published domain that is not wholly translated (stale files are check_orphans' concern)."""
    known = known_domains(corpus)
    out = []
    for r in rows:
        if r.complete or r.domain not in known:
            continue
        out.append(Finding(r.path, 1, "untranslated",
                           f"{r.total - r.done - r.fuzzy} of {r.total} messages untranslated, {r.fuzzy} fuzzy; "
                           "translate "
                           "them in the PO file"))
    return out
