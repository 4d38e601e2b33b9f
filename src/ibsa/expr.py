"""The element expression language.

An element of a provision says when it holds, as a small expression over facts:
YAML mappings `all:` / `any:` / `not:`, or a string such as
`videos_disseminated >= $videos and not for_profit`. Expressions are parsed
into the tree below and evaluated by walking it: there is no `eval`, no
attribute access and no call, so a catalogue file cannot run code.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

Value = bool | int | dt.date | str

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
MAX_DEPTH = 32
MAX_LENGTH = 2000


class ExprError(ValueError):
    """The expression is not well formed; the message says what was expected."""


@dataclass(frozen=True)
class ThresholdRef:
    name: str

    def __str__(self) -> str:
        return f"${self.name}"


@dataclass(frozen=True)
class Compare:
    fact: str
    op: str
    value: Value | ThresholdRef
    bare: bool = False  # written as a bare fact name: `fact` means `fact == true`

    def __str__(self) -> str:
        if self.bare:
            return self.fact
        shown = str(self.value).lower() if isinstance(self.value, bool) else str(self.value)
        return f"{self.fact} {self.op} {shown}"


@dataclass(frozen=True)
class All:
    items: tuple[Node, ...]

    def __str__(self) -> str:
        return "(" + " and ".join(map(str, self.items)) + ")"


@dataclass(frozen=True)
class Any_:
    items: tuple[Node, ...]

    def __str__(self) -> str:
        return "(" + " or ".join(map(str, self.items)) + ")"


@dataclass(frozen=True)
class Not:
    item: Node

    def __str__(self) -> str:
        return f"not {self.item}"


Node = Compare | All | Any_ | Not


# ---------------------------------------------------------------- parsing

_TOKEN = re.compile(
    r"\s*(?:(?P<date>\d{4}-\d{2}-\d{2})|(?P<int>-?\d+)|(?P<op><=|>=|==|!=|<|>)"
    r"|(?P<paren>[()])|(?P<ref>\$[a-z][a-z0-9_]*)|(?P<name>[A-Za-z_][A-Za-z0-9_]*))"
)
_KEYWORDS = {"and", "or", "not"}


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExprError(f"unexpected character {text[pos:].strip()[:1]!r} in {text!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise ExprError(f"{self.text!r} ends too early; expected a fact name or a value")
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_(0)
        if self.peek() is not None:
            raise ExprError(f"unexpected {self.peek()[1]!r} in {self.text!r}; expected 'and', 'or' or the end")
        return node

    def or_(self, depth: int) -> Node:
        items = [self.and_(depth)]
        while self.peek() == ("name", "or"):
            self.i += 1
            items.append(self.and_(depth))
        return items[0] if len(items) == 1 else Any_(tuple(items))

    def and_(self, depth: int) -> Node:
        items = [self.unary(depth)]
        while self.peek() == ("name", "and"):
            self.i += 1
            items.append(self.unary(depth))
        return items[0] if len(items) == 1 else All(tuple(items))

    def unary(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels")
        kind, text = self.take()
        if (kind, text) == ("name", "not"):
            return Not(self.unary(depth + 1))
        if (kind, text) == ("paren", "("):
            node = self.or_(depth + 1)
            if self.peek() != ("paren", ")"):
                raise ExprError(f"missing ')' in {self.text!r}")
            self.i += 1
            return node
        if kind != "name" or text in _KEYWORDS:
            raise ExprError(f"expected a fact name, found {text!r} in {self.text!r}")
        nxt = self.peek()
        if nxt is None or nxt[0] != "op":
            return Compare(text, "==", True, bare=True)
        op = self.take()[1]
        return Compare(text, op, self.value())

    def value(self) -> Value | ThresholdRef:
        kind, text = self.take()
        if kind == "int":
            return int(text)
        if kind == "date":
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise ExprError(f"{text!r} is not a real date; expected YYYY-MM-DD") from None
        if kind == "ref":
            return ThresholdRef(text[1:])
        if kind == "name" and text in ("true", "false"):
            return text == "true"
        if kind == "name" and text not in _KEYWORDS:
            return text  # an enum value
        raise ExprError(f"expected a value after the operator, found {text!r} in {self.text!r}")


def parse(source: Any, depth: int = 0) -> Node:
    """Parse the YAML form of an expression (string, or all/any/not mapping)."""
    if depth > MAX_DEPTH:
        raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels")
    if isinstance(source, str):
        if len(source) > MAX_LENGTH:
            raise ExprError(f"expression longer than {MAX_LENGTH} characters")
        if not source.strip():
            raise ExprError("empty expression; expected a fact name or a comparison")
        return _Parser(source).parse()
    if isinstance(source, Mapping):
        if len(source) != 1:
            raise ExprError(f"a mapping needs exactly one key of all/any/not, found {sorted(map(str, source))}")
        ((key, body),) = source.items()
        if key == "not":
            return Not(parse(body, depth + 1))
        if key in ("all", "any"):
            if not isinstance(body, list) or not body:
                raise ExprError(f"'{key}' takes a non-empty list of expressions")
            items = tuple(parse(item, depth + 1) for item in body)
            return All(items) if key == "all" else Any_(items)
        raise ExprError(f"unknown key {key!r}; expected all, any or not")
    raise ExprError(f"expected a string or an all/any/not mapping, found {type(source).__name__}")


def leaves(node: Node) -> Iterator[Compare]:
    if isinstance(node, Compare):
        yield node
    elif isinstance(node, Not):
        yield from leaves(node.item)
    else:
        for item in node.items:
            yield from leaves(item)


# ---------------------------------------------------------------- evaluation


class Outcome:
    """Whether an expression holds, and the leaf comparisons that decided it, with the fact values (`because`).
    The explanation is worked out when first asked for: a check judges thousands of elements and shows why for
    the few that fail where they should hold."""

    __slots__ = ("_because", "holds")

    def __init__(self, holds: bool, because: tuple[str, ...] | Callable[[], tuple[str, ...]]) -> None:
        self.holds = holds
        self._because = because

    @property
    def because(self) -> tuple[str, ...]:
        if callable(self._because):
            self._because = self._because()
        return self._because

    def __bool__(self) -> bool:
        return self.holds

    def __repr__(self) -> str:
        return f"Outcome({self.holds}, {self.because!r})"


def holds(node: Node, facts: Mapping[str, Value | None], thresholds: Mapping[str, int]) -> bool:
    """Whether `node` holds (missing facts are None: every comparison on them fails). Every item of all/any is
    evaluated, as for `evaluate`, so an undefined threshold raises KeyError wherever it is."""
    if isinstance(node, Compare):
        actual = facts.get(node.fact)
        target = thresholds[node.value.name] if isinstance(node.value, ThresholdRef) else node.value
        return actual is not None and type(actual) is type(target) and OPS[node.op](actual, target)
    if isinstance(node, Not):
        return not holds(node.item, facts, thresholds)
    results = [holds(item, facts, thresholds) for item in node.items]
    return any(results) if isinstance(node, Any_) else all(results)


def evaluate(node: Node, facts: Mapping[str, Value | None], thresholds: Mapping[str, int]) -> Outcome:
    """Evaluate against facts (missing facts are None: every comparison on them fails); the explanation is made
    from the same facts when asked for."""
    return Outcome(holds(node, facts, thresholds), lambda: _explained(node, facts, thresholds)[1])


def _explained(node: Node, facts: Mapping[str, Value | None],
               thresholds: Mapping[str, int]) -> tuple[bool, tuple[str, ...]]:
    """(holds, the leaf comparisons that decided it): one false item decides `all`, one true item `any`."""
    if isinstance(node, Compare):
        actual = facts.get(node.fact)
        target = thresholds[node.value.name] if isinstance(node.value, ThresholdRef) else node.value
        shown = "not stated" if actual is None else str(actual).lower() if isinstance(actual, bool) else actual
        ref = f" ({node.value})" if isinstance(node.value, ThresholdRef) else ""
        need = "true" if node.bare else f"{node.op} {str(target).lower() if isinstance(target, bool) else target}"
        return holds(node, facts, thresholds), (f"{node.fact} = {shown}, needs {need}{ref}",)
    if isinstance(node, Not):
        inner, because = _explained(node.item, facts, thresholds)
        return not inner, tuple(f"not ({b})" for b in because)
    results = [_explained(item, facts, thresholds) for item in node.items]
    want = isinstance(node, Any_)  # any: one True decides; all: one False decides
    deciding = [r for r in results if r[0] is want]
    chosen = deciding if deciding else results
    return (bool(deciding) if want else not deciding), tuple(b for r in chosen for b in r[1])
