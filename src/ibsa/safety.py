"""Content safety: no links to messaging channels or file-sharing hosts, no images but diagrams, no raw HTML.

The lists are data (content-policy.yaml at the repository root), each entry with its reason. Text is
normalised before it is scanned (HTML entities, percent-encoding, backslash escapes, Unicode NFKC,
ideographic full stops, invisible characters), so an encoded link or phrase is found like a plain one;
every scan is linear in the length of the text, whatever the text.
"""

from __future__ import annotations

import bisect
import html
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

from ibsa import cache
from ibsa.findings import Finding, FindingError
from ibsa.loaders import (
    COURSES_DIR,
    CURRICULUM_DIR,
    DATA_SUFFIXES,
    EXERCISES_DIR,
    LAW_DIR,
    MEDIA_SUFFIXES,
    POLICY_FILE,
    RESOURCES_DIR,
    Corpus,
)
from ibsa.model import BlockedHost, LanguageRule, Policy

CONTENT_DIRS = (CURRICULUM_DIR, EXERCISES_DIR, LAW_DIR, RESOURCES_DIR, COURSES_DIR)
ROOT_PAGES = {"index.md", "about.md", "glossary.md"}  # built pages at the repository root (conf.py include_patterns)
ROOT_DOCS = {"README.md", "LICENSE-CONTENT.md"}  # documentation at the root, never built
FOLDER_DOCS = {"README.md", "FORMAT.md"}  # documentation atop law/, exercises/, resources/, courses/; never built
MAX_HOST = 253  # the longest possible DNS name: widening a hit never looks further back than this

# ------------------------------------------------------------------ normalisation

# removed before scanning: soft hyphen, joiners, direction marks, word joiners, fillers, byte-order mark
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]")
FULL_STOPS = re.compile("[\u3002\uff61\uff0e\u2024]")  # ideographic, halfwidth, fullwidth, one-dot leader
ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?")
PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[^\w\s])")


def _flat(decoded: str) -> str:
    """Decoded text may not create or remove a line (line numbers must stay true): controls become spaces."""
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in decoded)


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1)
    if code[0] in "xuU":
        try:
            return _flat(chr(int(code[1:], 16)))
        except (ValueError, OverflowError):
            return m.group(0)
    return code


def _decode(text: str, pattern: re.Pattern[str], whole: Callable[[str], str],
            each: Callable[[re.Match[str]], str]) -> str:
    """Decode the whole text at once (fast) unless that would add a line break; then match by match."""
    decoded = whole(text)
    return decoded if decoded.count("\n") == text.count("\n") else pattern.sub(each, text)


def normalise(text: str) -> str:
    """The text as a reader or a browser would see it, for scanning. Keeps every line break where it was.
    Decoding runs twice, so a doubly encoded link (`&amp;#46;`, `%252E`) is found as well."""
    for _ in range(2):
        text = _decode(text, ENTITY, html.unescape, lambda m: _flat(html.unescape(m.group(0))))
        text = _decode(text, PERCENT, lambda t: unquote(t, errors="replace"),
                       lambda m: _flat(unquote(m.group(0), errors="replace")))
        text = ESCAPE.sub(_unescape, text) if "\\" in text else text
        text = FULL_STOPS.sub(".", unicodedata.normalize("NFKC", INVISIBLE.sub("", text)))
    return INVISIBLE.sub("", text)


class LineIndex:
    """Offset -> 1-based line in O(log n), so many hits in one file stay linear overall."""

    def __init__(self, text: str) -> None:
        self.starts = [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) + 1


# ------------------------------------------------------------------ hosts and phrases


def _first_chars(words: list[str] | dict[str, object]) -> str:
    """A lookahead for the first letters of the alternatives: `re` then rejects most positions with one
    character test instead of trying every alternative (four times faster on a typical file)."""
    chars = sorted({c for w in words for c in (w[0].lower(), w[0].upper())})
    return "(?=[" + "".join(re.escape(c) for c in chars) + "])"


# A cheap precondition before the full patterns: a host, or a phrase's first word, occurs in the text at all.
# `fold` maps every character that `re.IGNORECASE` matches to an ASCII letter onto that letter (str.lower does
# for all but these three; tests/test_cache.py checks it against every code point), so a substring test on the
# folded text never misses what the pattern would find. Needles with cased non-ASCII letters are not used.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold(text: str) -> str:
    return text.translate(_FOLD).lower()


Needles = list[tuple[str, ...]]


def _needles(alternatives: list[list[str]]) -> Needles | None:
    """For each alternative, the lower-cased literal words that all occur in a text it matches; None where a
    substring test could miss a case-insensitive match."""
    needles = sorted({tuple(sorted({w.lower() for w in words})) for words in alternatives})
    if not needles or any(not words or not all(w and all(c.isascii() or c.lower() == c.upper() == c for c in w)
                                               for w in words) for words in needles):
        return None
    return needles


def may_occur(needles: Needles | None, text: str) -> bool:
    """Whether some alternative could match `text`: all of its words occur in it."""
    if needles is None:
        return True
    folded = fold(text)
    return any(all(w in folded for w in words) for words in needles)


class HostPattern:
    """Finds a blocked host or any subdomain of it, with or without a scheme, as a whole host name.
    It searches for the literal host names (fast) and then widens each hit to the whole host around it,
    never further back than the longest possible host name (which keeps the scan linear)."""

    def __init__(self, hosts: list[str]) -> None:
        self.hosts = [h.lower() for h in hosts]
        alternatives = "|".join(re.escape(h) for h in sorted(hosts, key=len, reverse=True))
        self.core = re.compile(rf"{_first_chars(self.hosts)}(?:{alternatives})(?![\w-]|\.[a-z0-9])", re.I)
        self.needles = _needles([[h] for h in self.hosts])

    def finditer(self, text: str) -> Iterator[tuple[str, int]]:
        """(host as written, offset) for each blocked host in the text. The runs of host characters are found
        in one pass beside the hits, so widening a hit costs nothing more (a line of 20,000 `t.me.-` took
        minutes when each hit walked back to the start of the line)."""
        if not may_occur(self.needles, text):
            return
        runs = HOST_CHARS.finditer(text)
        run = None
        for m in self.core.finditer(text):
            while run is None or run.end() <= m.start():
                run = next(runs, None)
                if run is None:
                    return
            start = max(run.start(), m.start() - MAX_HOST)
            host = text[start:m.end()].lower()
            if any(host == h or (host.endswith("." + h) and not host.startswith(".")) for h in self.hosts):
                yield text[start:m.end()], start
            elif start > run.start() and any(host.endswith("." + h) for h in self.hosts):
                yield text[m.start():m.end()], m.start()  # absurdly long: report the blocked part


HOST_CHARS = re.compile(r"(?:[^\W_]|[-.])+")  # letters, digits, hyphens and dots: what a host name is made of
QUOTED = re.compile(r"\{quoted\}`[^`]*`")  # deliberate quotation, e.g. in a lesson about language
# the same as the {quoted} role renders it, and as its text reaches titles and sidebars (in curly quotes)
QUOTED_HTML = re.compile(r'<span class="ibsa-quoted"[^>]*>[^<]*</span>|\u201c[^\u201d<]{1,80}\u201d')


class PhrasePattern:
    """All phrases of the language rules in one pattern; English phrases match as whole words in any case."""

    def __init__(self, rules: list[LanguageRule]) -> None:
        self.rule = {p.lower(): r for r in rules for p in r.phrases}
        self.parts: dict[str, str] = {}  # phrase -> its regex, longest phrase first (it wins where two start)
        for phrase in sorted(self.rule, key=len, reverse=True):
            body = r"\s+".join(map(re.escape, phrase.split()))
            head = r"(?<![A-Za-z])" if phrase[0].isascii() and phrase[0].isalpha() else ""
            tail = r"(?![A-Za-z])" if phrase[-1].isascii() and phrase[-1].isalpha() else ""
            self.parts[phrase] = head + body + tail
        self.pattern = self._compile(tuple(self.parts)) if self.parts else None
        # a phrase matches only where each of its words occurs ('ibsa check' only where 'ibsa' does)
        self.needles = _needles([phrase.split() or [phrase] for phrase in self.rule])
        self.words = {phrase: tuple({w.lower() for w in phrase.split() or [phrase]}) for phrase in self.parts}
        self._narrowed: dict[tuple[str, ...], re.Pattern[str]] = {}

    def _compile(self, phrases: tuple[str, ...]) -> re.Pattern[str]:
        alternatives = "|".join(self.parts[p] for p in phrases)
        return re.compile(f"{_first_chars(list(phrases))}(?:{alternatives})", re.I)

    def _pattern_for(self, text: str) -> re.Pattern[str] | None:
        """The pattern of only the phrases whose words all occur in the text: the others cannot match anywhere
        in it, so leaving them out changes no match, and a pattern of a few phrases scans several times faster
        than one of all of them (common words such as 'she', 'sent' and 'it' let most files through)."""
        if self.pattern is None or self.needles is None:
            return self.pattern
        folded = fold(text)
        present = tuple(p for p in self.parts if all(w in folded for w in self.words[p]))
        if not present:
            return None
        if present not in self._narrowed:
            if len(self._narrowed) > 256:  # texts could name any mix of phrases; keep the memo small
                self._narrowed.clear()
            self._narrowed[present] = self._compile(present)
        return self._narrowed[present]

    def finditer(self, text: str, quoted: re.Pattern[str] = QUOTED) -> Iterator[tuple[str, int, LanguageRule]]:
        """(phrase as written, offset, rule) for each match outside quoted text."""
        pattern = self._pattern_for(text)
        if pattern is None:
            return
        spans = [m.span() for m in quoted.finditer(text)]
        starts = [a for a, _ in spans]
        for m in pattern.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if not (i >= 0 and m.start() < spans[i][1]):
                yield m.group(0), m.start(), self.rule[re.sub(r"\s+", " ", m.group(0).lower())]


def one_line(text: str, limit: int = 80) -> str:
    """Text quoted in a finding: one line (a finding is one line), and short."""
    return " ".join(text.split())[:limit]


def _blocked(host: str, policy: Policy) -> BlockedHost:
    host = host.lower()
    return next(b for b in policy.blocked_hosts if host == b.host or host.endswith("." + b.host))


_COMPILED: dict[tuple[object, ...], tuple[HostPattern, PhrasePattern]] = {}


def _patterns(policy: Policy) -> tuple[HostPattern, PhrasePattern]:
    """Compiled once per policy (the rendered site is hundreds of pages)."""
    key = (tuple(b.host for b in policy.blocked_hosts), tuple(tuple(r.phrases) for r in policy.language))
    if key not in _COMPILED:
        _COMPILED.clear()
        _COMPILED[key] = HostPattern(list(key[0])), PhrasePattern(policy.language)
    return _COMPILED[key]


def scan_text(rel: str, text: str, policy: Policy, quoted: re.Pattern[str] = QUOTED) -> Iterator[Finding]:
    """Blocked links and language in one text (source or rendered), after normalisation."""
    text = normalise(text)
    lines = LineIndex(text)
    hosts, phrases = _patterns(policy)
    for host, offset in hosts.finditer(text):
        blocked = _blocked(host, policy)
        yield Finding(rel, lines.line(offset), "blocked-link",
                      f"link to {host}: {blocked.reason} Remove it; describe the channel in words instead")
    for phrase, offset, rule in phrases.finditer(text, quoted):
        phrase = one_line(phrase)
        yield Finding(rel, lines.line(offset), "language",
                      f"'{phrase}': {rule.reason} Say instead: {rule.prefer}. To quote it on purpose, write "
                      f"{{quoted}}`{phrase}`")


# ------------------------------------------------------------------ markup: raw HTML, includes, images

HTML_ELEMENTS = (  # every element name, old and new: a browser acts on any of them
    "a abbr address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote body br "
    "button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em "
    "embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html "
    "i iframe img input ins isindex kbd keygen label legend li link main map mark marquee math menu meta meter nav "
    "nobr noembed noframes noscript object ol optgroup option output p param picture plaintext portal pre progress "
    "q rp rt ruby s samp script search section select slot small source span strike strong style sub summary sup "
    "svg table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp"
).replace(" ", "|")
RAW_HTML = re.compile(r"<!--|<!\[CDATA\[|<\?|<!doctype|</?(?:" + HTML_ELEMENTS + r")(?=[\s/>])", re.I)
# every pattern here is linear: no unbounded repeat that could run across the same text from many starts
FORBIDDEN_DIRECTIVE = re.compile(r"^[ \t]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{(raw|include|literalinclude|image|figure|"
                                 r"download|iframe|embed)\}[ \t]*(.*)$", re.M)
MD_IMAGE = re.compile(r"!\[[^\]\n]{0,1000}\]\([ \t]*<?([^)\s>]*)")
DOWNLOAD_ROLE = re.compile(r"\{download\}`(?:[^`<]*<([^`>]*)>|([^`]*))`")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _target(root: Path, source: Path, target: str) -> str | None:
    """A link target as a repository path, or None if it is not a path inside the repository."""
    target = unquote(target.strip())
    if not target or SCHEME.match(target) or target.startswith("//"):
        return None
    base = root if target.startswith("/") else source.parent
    resolved = os.path.normpath(base / target.lstrip("/"))
    try:
        return Path(resolved).relative_to(root).as_posix()
    except ValueError:
        return None


def _image(rel: str, line: int, target: str, root: Path, source: Path, diagrams: set[str]) -> Iterator[Finding]:
    where = _target(root, source, target)
    if target.strip().lower().startswith("data:"):
        yield Finding(rel, line, "image", "embedded data: image; only diagrams listed under 'diagrams' in "
                                          f"{POLICY_FILE} may appear, as files")
    elif where is None:
        yield Finding(rel, line, "image", f"image '{one_line(target)}' is not a file in the repository; remote images "
                                          f"are not allowed, only diagrams listed under 'diagrams' in {POLICY_FILE}")
    elif where not in diagrams:
        yield Finding(rel, line, "image", f"image '{where}' is not a listed diagram; add it under 'diagrams' in "
                                          f"{POLICY_FILE} (with what it shows) or remove it")


MarkupItem = tuple[str, int, str, str]  # (kind, line, name or match, argument)


def markup_items(text: str) -> list[MarkupItem]:
    """Raw HTML, directives, images and downloads in a text, each at its line: what the text alone tells
    (`ibsa check` keeps it per file); whether a target is allowed depends on the repository (judge_markup)."""
    if "<" not in text and "{" not in text and "![" not in text:  # nothing of the kind can be there
        return []
    lines = LineIndex(text)
    items = [("raw-html", lines.line(m.start()), m.group(0), "") for m in RAW_HTML.finditer(text)]
    items += [("directive", lines.line(m.start(1)), m[1], m[2]) for m in FORBIDDEN_DIRECTIVE.finditer(text)]
    items += [("image", lines.line(m.start()), "", m[1]) for m in MD_IMAGE.finditer(text)]
    items += [("download", lines.line(m.start()), "", m[1] or m[2] or "") for m in DOWNLOAD_ROLE.finditer(text)]
    return items


def judge_markup(rel: str, items: list[MarkupItem], root: Path, diagrams: set[str]) -> Iterator[Finding]:
    """Raw HTML, HTML comments, raw/include directives, downloads of data files and images that are not listed
    diagrams, each at its line."""
    source = root / rel
    for kind, line, name, arg in items:
        if kind == "raw-html":
            what = "an HTML comment" if name == "<!--" else f"raw HTML ({name}…)"
            yield Finding(rel, line, "raw-html",
                          f"{what} is not allowed in content; write it in Markdown (notes for trainers go in a "
                          "facilitator-note block or the scenario's facilitator_notes)")
        elif kind == "image" or (kind == "directive" and name in ("image", "figure")):
            yield from _image(rel, line, arg, root, source, diagrams)
        elif kind == "directive":
            yield Finding(rel, line, "directive", f"the {{{name}}} directive is not allowed in content (it can "
                                                  "publish raw HTML or another file's text, such as an answer key)")
        else:
            where = _target(root, source, arg)
            if where is None or not where.startswith(f"{CURRICULUM_DIR}/") or Path(where).suffix in DATA_SUFFIXES:
                yield Finding(rel, line, "download",
                              f"download of '{one_line(arg)}' is not allowed; only files inside {CURRICULUM_DIR}/ "
                              "that are not data files (scenarios and law carry answer keys) may be offered")


def check_markup(rel: str, text: str, root: Path, diagrams: set[str]) -> Iterator[Finding]:
    """The markup findings of a Markdown page, or of a YAML file whose text is rendered as Markdown."""
    return judge_markup(rel, markup_items(text), root, diagrams)


# ------------------------------------------------------------------ which files, and what they are


def _odd_file(rel: str, mode: int, link: str | None) -> Finding:
    if link is not None:
        return Finding(rel, 1, "file-type", "symbolic link in the content; it is neither followed nor checked. "
                                            "Replace it with the file itself")
    what = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device or special file"
    return Finding(rel, 1, "file-type", f"{what} in the content; expected regular files only")


def walk_content(root: Path) -> Iterator[tuple[Path, Finding | None]]:
    """Every entry of the content folders and the root pages, never following a link: (path, None) for a regular
    file, (path, finding) for a link, pipe or other special file."""
    def entry(path: Path) -> tuple[Path, Finding | None] | None:
        rel = path.relative_to(root).as_posix()
        try:
            st = path.lstat()
        except OSError:
            return None
        if stat.S_ISLNK(st.st_mode):
            return path, _odd_file(rel, st.st_mode, "link")
        if stat.S_ISREG(st.st_mode):
            return path, None
        if stat.S_ISDIR(st.st_mode):
            return None
        return path, _odd_file(rel, st.st_mode, None)

    for name in sorted(ROOT_PAGES):
        found = entry(root / name)
        if found:
            yield found
    for folder in CONTENT_DIRS:
        base = root / folder
        if base.is_symlink():
            yield base, _odd_file(folder, 0, "link")
            continue
        for here, dirs, files in os.walk(base, followlinks=False):
            dirs.sort()
            for name in [*sorted(files), *(d for d in dirs if os.path.islink(os.path.join(here, d)))]:
                found = entry(Path(here) / name)
                if found:
                    yield found


def content_files(root: Path) -> Iterator[Path]:
    """The regular files that are content (links and special files are reported by walk_content)."""
    return (path for path, odd in walk_content(root) if odd is None)


def _misplaced_page(root: Path) -> Iterator[Finding]:
    """A Markdown file outside curriculum/ is not a page: the build ignores it, and the checker says so, so that
    notes such as a root facilitator-tips.md or exercises/notes/answers.md never wait to be published."""
    for path in sorted(root.glob("*.md")):
        if path.name not in ROOT_PAGES | ROOT_DOCS:
            yield Finding(path.name, 1, "stray-page", "Markdown file at the repository root; pages belong in "
                                                      f"{CURRICULUM_DIR}/<module>/, trainers' notes in a scenario's "
                                                      "facilitator_notes")
    for path, odd in walk_content(root):
        rel = path.relative_to(root)
        folder = rel.parts[0]
        if odd is None and folder in (EXERCISES_DIR, LAW_DIR, RESOURCES_DIR, COURSES_DIR) and path.suffix == ".md" \
                and not (len(rel.parts) == 2 and rel.name in FOLDER_DOCS):
            yield Finding(rel.as_posix(), 1, "stray-page",
                          f"Markdown file in {folder}/; only {' and '.join(sorted(FOLDER_DOCS))} (documentation, "
                          f"never published) may be here; pages belong in {CURRICULUM_DIR}/<module>/, trainers' "
                          "notes in a scenario's facilitator_notes")


def file_scan(path: Path, rel: str, policy: Policy) -> tuple[list[Finding], list[MarkupItem]]:
    """What one file's text alone tells (the policy's findings in it, its markup items), kept per file by
    `ibsa check` (ibsa.cache). Raises FindingError if the file cannot be read."""
    return cache.result("safety", path, rel, lambda text: (list(scan_text(rel, text, policy)), markup_items(text)))


def check_content_safety(corpus: Corpus) -> Iterator[Finding]:
    policy = corpus.policy
    if policy is None:  # missing or invalid: the loader reported it
        return
    diagrams = {d.path for d in policy.diagrams}
    root = corpus.root
    yield from _misplaced_page(root)
    for path, odd in walk_content(root):
        rel = path.relative_to(root).as_posix()
        if odd is not None:
            yield odd
            continue
        if path.suffix.lower() in MEDIA_SUFFIXES:
            if rel not in diagrams:
                yield Finding(rel, 1, "media-file", "image or video file in the content; only diagrams listed "
                                                    f"under 'diagrams' in {POLICY_FILE} are allowed")
            continue
        if path.suffix not in (".md", ".yaml", ".yml"):
            continue
        try:
            scanned, items = file_scan(path, rel, policy)
        except FindingError:
            continue  # the loaders report unreadable files
        yield from scanned
        if not (path.name in FOLDER_DOCS and path.parent.parent == root):  # documentation, never built
            yield from judge_markup(rel, items, root, diagrams)


# ------------------------------------------------------------------ the rendered site


def check_rendered(corpus: Corpus, outdir: Path, shown: str | None = None) -> Iterator[Finding]:
    """Scan the built pages themselves, so whatever the renderer made of the sources is what gets checked."""
    if corpus.policy is None:
        return
    shown = shown or outdir.as_posix()
    for page in sorted(outdir.rglob("*.html")):
        rel = page.relative_to(outdir).as_posix()
        if rel.split("/", 1)[0] in ("_static", "_sources"):
            continue
        text = page.read_text("utf-8", errors="replace")
        yield from scan_text(f"{shown}/{rel}", text, corpus.policy, QUOTED_HTML)
