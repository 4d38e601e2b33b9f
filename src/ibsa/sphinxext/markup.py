"""Small helpers for writing MyST text that directives then parse."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from docutils import nodes

from ibsa import describe


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def doc_link(docname: str, text: str) -> str:
    return f"{{doc}}`{cell(text).replace('`', '')} </{docname}>`"


def items(values: Iterable[str]) -> str:
    """A short list inside one table cell, separated as the build's language does ('; ', '；')."""
    return describe.semicolon().join(cell(v).rstrip(".。") for v in values) or "—"


def untranslatable(found: list[nodes.Node]) -> list[nodes.Node]:
    """Mark rendered data as already in the build's language (see ibsa.sphinxext.translation)."""
    for top in found:
        for node in top.findall(nodes.TextElement):
            # not an inline: Sphinx's RemoveTranslatableInline unwraps every inline that has the attribute, which
            # would drop the lang="" spans of {lang} and the classes of {quoted}
            if not isinstance(node, nodes.inline):
                node["translatable"] = False
    return found


def lang(text: str, code: str) -> str:
    """Text in another language than the page's, marked for screen readers, hyphenation and the language check:
    `{lang}`ko:제14조``, rendered as <span lang="ko">."""
    quoted = _QUOTED_ROLE.split(text)  # a role cannot hold another: a quotation inside stays its own role
    if len(quoted) > 1:
        return "".join(f"{{quoted}}`{part}`" if i % 2 else lang(part, code) for i, part in enumerate(quoted))
    return f"{{lang}}`{code}:{text.replace('`', '')}`" if text.strip() else text


_QUOTED_ROLE = re.compile(r"\{quoted\}`([^`]*)`")
