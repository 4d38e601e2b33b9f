"""Read YAML with line numbers, so every problem can be reported as path:line.

PyYAML's C parser composes a node tree that keeps each node's position and the data is
constructed from it. Duplicate keys, which PyYAML would silently overwrite, are refused
while constructing. Content files are written by volunteers and may be hostile, so before composing
a pass over the parser's events refuses what no content file needs and what can hang or crash the
tools: anchors and aliases (eight levels of them expand to billions of nodes), nesting deeper than
MAX_DEPTH (Python recursion), and `!!binary` values (bytes that no safety scan can read). Most files skip that
pass: without & or ! they hold no anchor or tag, and a bound read off their indentation and brackets shows they
nest no deeper than MAX_DEPTH (`_shallow`). Plain mappings, lists and scalars are then built without PyYAML's
constructor dispatch (`construct`).
The tree of line numbers that lets `line_of` walk a pydantic error
location down to the closest line is built only when a file has something to report.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ibsa.findings import Finding, FindingError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first = key, line, first


MAX_DEPTH = 40  # the deepest real content (a scenario's answer key) nests about eight levels
BINARY_TAG = "tag:yaml.org,2002:binary"


class BadValue(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


class Loader(_Base):  # type: ignore[misc, valid-type]
    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        """An impossible date (2025-02-30, 2025-13-01) is reported at its own line, not at line 1."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise BadValue(node.start_mark.line + 1,
                           f"'{node.value}' is not a real date ({exc}); expected YYYY-MM-DD") from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, int] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise DuplicateKey(key.value, key.start_mark.line + 1, seen[key.value])
                seen[key.value] = key.start_mark.line + 1
        return super().construct_mapping(node, deep)


Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)

_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_KEYS_TO_REWRITE = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")  # <<, and =: the constructor rewrites


class _Unusual(Exception):
    """A node _build leaves to PyYAML's constructor."""


def _build(loader: Loader, node: yaml.Node) -> Any:
    """What `loader.construct_document(node)` makes, for the plain mappings, lists and scalars content files are
    made of, three times faster: strings, most of the nodes, skip the constructor's dispatch and bookkeeping, and
    every other scalar goes through it. Raises _Unusual for anything else (merge keys, sets, tagged collections,
    keys that are not scalars); duplicate keys raise DuplicateKey, as in Loader.construct_mapping."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        return node.value if node.tag == _STR else loader.construct_object(node)
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_build(loader, item) for item in node.value]
    if kind is yaml.MappingNode and node.tag == _MAP:
        seen: dict[str, int] = {}
        for key, _ in node.value:  # the keys first, as Loader.construct_mapping checks them
            if type(key) is not yaml.ScalarNode or key.tag in _KEYS_TO_REWRITE:
                raise _Unusual
            if key.value in seen:
                raise DuplicateKey(key.value, key.start_mark.line + 1, seen[key.value])
            seen[key.value] = key.start_mark.line + 1
        return {_build(loader, key): _build(loader, value) for key, value in node.value}
    raise _Unusual


def construct(loader: Loader, node: yaml.Node) -> Any:
    """The data of a composed document."""
    try:
        return _build(loader, node)
    except _Unusual:
        return loader.construct_document(node)


@dataclass
class Lines:
    """The line of a node and, for mappings and sequences, of its children."""

    line: int
    children: dict[str | int, Lines] = field(default_factory=dict)


@dataclass
class YamlDoc:
    """A parsed YAML document; the line of every key and item is worked out on first use."""

    path: str
    data: Any
    source: str | Path = field(repr=False)  # the text, or the file to read it from if a line is asked for
    line_offset: int = 0  # lines before the YAML starts (front matter in Markdown)

    @cached_property
    def text(self) -> str:
        # `ibsa check` keeps no scenario's text: 10,000 of them would hold 150 MB for lines rarely asked for
        return self.source if isinstance(self.source, str) else read_text(self.source, self.path)

    @cached_property
    def lines(self) -> Lines:
        loader = Loader(self.text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        return _lines(node) if node is not None else Lines(1)

    def line_of(self, loc: Sequence[str | int]) -> int:
        """1-based line of the deepest node of `loc` that exists in the document."""
        node = self.lines
        line = node.line
        for key in loc:
            child = node.children.get(key)
            if child is None:
                break
            node, line = child, child.line
        return line + self.line_offset


    def finding(self, loc: Sequence[str | int], code: str, message: str) -> Finding:
        return Finding(self.path, self.line_of(loc), code, message)


def _lines(node: yaml.Node) -> Lines:
    out = Lines(node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.start_mark.line)
            # a key's line is where the key is written; its value's children hang below it
            out.children[name] = Lines(key.start_mark.line + 1, _lines(value).children)
    elif isinstance(node, yaml.SequenceNode):
        out.children = {i: _lines(item) for i, item in enumerate(node.value)}
    return out


def read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FindingError(Finding(shown, 1, "io", f"cannot read the file: {exc.strerror}")) from None


def decode(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FindingError(
            Finding(shown, line, "encoding", "the file is not valid UTF-8; save it as UTF-8")
        ) from None


def read_text(path: Path, shown: str) -> str:
    return decode(read_bytes(path, shown), shown)


def _refused(event: yaml.Event, depth: int) -> str | None:
    """Why an event is refused in a content file, or None."""
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        return ("anchors and aliases (&name, *name) are not allowed in content files; write the value out "
                "in full")
    if getattr(event, "tag", None) in (BINARY_TAG, "!!binary"):
        return "!!binary values are not allowed in content files; write the text as plain UTF-8"
    if depth > MAX_DEPTH:
        return f"nested more than {MAX_DEPTH} levels deep; expected the shape the format describes"
    return None


def screen(text: str) -> tuple[int, str] | None:
    """(0-based line, reason) of the first event a content file may not contain, or None.
    Runs on the event stream, which is flat, so it cannot itself expand aliases or recurse."""
    loader = Loader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            reason = _refused(event, depth)
            if reason:
                return event.start_mark.line, reason
    except yaml.YAMLError:
        return None  # a syntax error: composing reports it, at its line
    finally:
        loader.dispose()
    return None


# The parser's problems in the words an author uses, with the usual cause: (words in its context or problem, text).
_PLAIN = (
    ("'\\t'", "a tab is used for indentation; indent with spaces only"),
    ("cannot start any token", "a line starts with a character YAML cannot read there: usually a tab used for "
                               "indentation (indent with spaces only), or a value beginning with @ or ` (put it in "
                               "quotes)"),
    ("quoted scalar", "a quotation mark opened on line {start} is never closed; close it at the end of the value"),
    ("flow sequence", "a list in square brackets, opened on line {start}, is not closed or lacks a comma between "
                      "items; write [a, b, c]"),
    ("flow mapping", "a mapping in braces, opened on line {start}, is not closed or lacks a comma between items; "
                     "write {key: value, key: value}"),
    ("mapping values are not allowed", "a value contains ': ' (a colon and a space), or a line is indented under a "
                                       "value as if it were a key; put a value with a colon in quotes, or line the "
                                       "key up with the keys above it"),
    ("could not find expected ':'", "a line is neither 'key: value' nor a list item; add ': ' after the key, or "
                                    "indent a continued text under its key"),
    ("'<block sequence start>'", "a list item must start with '- ' at the same indentation as the others"),
    ("found '-'", "a list item must start with '- ' at the same indentation as the others"),
    ("expected '-' indicator", "a list item must start with '- ' at the same indentation as the others; a line "
                               "among the items is not one"),
    ("block mapping did not find expected key", "a line is indented differently from the lines around it: a list "
                                                "item must start with '- ' at the same indentation as the others, "
                                                "and keys at one level line up under each other"),
    ("found '?'", "a line is indented differently from the lines around it: list items ('- ') and keys at one level "
                  "line up under each other"),
    ("'<block mapping start>'", "a key is indented more than the keys before it; line it up with them"),
    ("'<scalar>'", "a text or key is indented differently from the lines around it; line keys up under each other "
                   "and indent a continued text under its key"),
)


def plain_words(exc: yaml.MarkedYAMLError, line_offset: int = 0) -> str:
    """What went wrong, in plain words with the usual cause; the parser's own words when no rule matches."""
    said = " ".join(str(p) for p in (exc.context, exc.problem) if p)
    start = (exc.context_mark.line + 1 if exc.context_mark else 1) + line_offset
    for words, text in _PLAIN:
        if words in said:
            return text.replace("{start}", str(start))  # the texts show braces, so not str.format
    return f"{said}; expected well-formed YAML"


# Text in which screen() could find only an alias (an anchor needs &, a tag !) and whose lines are the lines the
# parser reads (it also breaks lines at \r, U+0085, U+2028 and U+2029, and skips a tab or a byte-order mark
# where a line's lead, below, would stop).
_MAY_REFUSE = "&!\t\r\x85\u2028\u2029\ufeff"
# A flow collection on one line with no collection, quotation or comment inside: its ] or } is its own end.
_FLOW_LEAF = re.compile(r"\[[^\[\]{}\n\"'#]*\]|\{[^\[\]{}\n\"'#]*\}")


@functools.cache
def _lead_over(columns: int) -> re.Pattern[str]:
    """A line, after its line break, whose lead is wider than `columns`: the lead is the columns before the first
    key or item a line could start a block collection at (indentation, and the indicators of the entries it is
    nested in on that line, as in '- - a: 1'). Starting at the line break rather than at ^ lets `re` jump from
    line to line (three times faster)."""
    return re.compile(r"\n(?:[ ]|[-?:](?= |$)){" + str(columns + 1) + "}", re.M)


def _shallow(text: str) -> bool:
    """Whether the text provably nests no deeper than MAX_DEPTH and holds no anchor or tag, without parsing it.
    Block collections nested in each other start at columns that grow at least every second level (only a list
    may start at its mapping's column), so they nest at most 2 * (the widest lead) + 2 deep. Flow collections
    nest at most one deeper than the number of [ and {, or of those left when one-line flow collections holding
    none are taken out (only the innermost of nested ones can be such a leaf). Brackets and indents in text
    values only raise the bound, so a file that needs the parser to tell gets the event screen."""
    if any(c in text for c in _MAY_REFUSE):
        return False
    brackets = text.count("[") + text.count("{")
    return _within(text, brackets) or _within(text, sum(map(_FLOW_LEAF.sub("", text).count, "[{")))


def _within(text: str, brackets: int) -> bool:
    """2 * widest lead + 2 (block) + brackets + 1 (flow) <= MAX_DEPTH."""
    widest = (MAX_DEPTH - 3 - brackets) // 2
    return widest >= 0 and not _lead_over(widest).search("\n" + text)


def _compose(text: str) -> tuple[tuple[int, str] | None, yaml.Node | None]:
    loader = Loader(text)
    try:
        if not _shallow(text):
            refused = screen(text)
            return refused, None if refused else loader.get_single_node()
        try:  # screen() could refuse only an alias, which without anchors the parser rejects too
            return None, loader.get_single_node()
        except yaml.YAMLError:
            refused = screen(text)  # the refusal in its usual words where an alias comes first
            if refused:
                return refused, None
            raise
    finally:
        loader.dispose()


_LAST: list[tuple[str, tuple[tuple[int, str] | None, yaml.Node | None]]] = []


def compose(text: str) -> tuple[tuple[int, str] | None, yaml.Node | None]:
    """(what screen() refuses, or None; the node tree, unless refused). The last text's tree is kept: `ibsa check`
    parses a scenario and then reads its prose passages from the same tree. Not kept for merge keys (<<), which
    constructing rewrites in the tree. Raises what the parser raises."""
    if _LAST and _LAST[0][0] == text:
        return _LAST[0][1]
    composed = _compose(text)
    _LAST[:] = [] if "<<" in text else [(text, composed)]
    return composed


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> YamlDoc:
    """Parse YAML text; a syntax error becomes a FindingError at its line."""
    loader = Loader(text)
    try:
        refused, node = compose(text)
        if refused:
            raise FindingError(Finding(shown, refused[0] + 1 + line_offset, "yaml", f"invalid YAML: {refused[1]}"))
        data = construct(loader, node) if node is not None else None
    except DuplicateKey as exc:
        raise FindingError(Finding(shown, exc.line + line_offset, "yaml",
                                   f"invalid YAML: duplicate key '{exc.key}' (first on line "
                                   f"{exc.first + line_offset}); expected each key once")) from None
    except BadValue as exc:
        raise FindingError(Finding(shown, exc.line + line_offset, "yaml", f"invalid YAML: {exc.message}")) from None
    except yaml.reader.ReaderError as exc:  # a control character: one line, at the line where it is
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        raise FindingError(Finding(shown, line, "yaml", f"invalid YAML: control character U+{exc.character:04X} "
                                                        "is not allowed; remove it")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        raise FindingError(Finding(shown, line, "yaml", f"invalid YAML: {plain_words(exc, line_offset)}")) from None
    except RecursionError:  # a last resort; screen() bounds depth well below Python's limit
        raise FindingError(Finding(shown, 1 + line_offset, "yaml", "invalid YAML: nested too deeply; expected "
                                                                   "the shape the format describes")) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:  # e.g. a date such as 2025-02-30
        raise FindingError(
            Finding(shown, 1 + line_offset, "yaml", f"invalid YAML: {exc}; expected well-formed YAML")
        ) from None
    finally:
        loader.dispose()
    return YamlDoc(shown, data, text, line_offset)


def load_yaml_file(path: Path, shown: str) -> YamlDoc:
    return parse_yaml(read_text(path, shown), shown)


def to_plain(node: Any) -> Any:
    """Mapping keys to strings (pydantic wants string keys; YAML allows dates and numbers)."""
    if isinstance(node, dict):
        return {k if isinstance(k, str) else str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    return node
