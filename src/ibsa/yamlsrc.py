"""Read YAML with line numbers, so every problem can be reported as path:line.

ruamel's round-trip loader keeps the position of every key and item; `line_of`
walks a pydantic error location down that tree to the closest line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ibsa.findings import Finding, FindingError


@dataclass
class YamlDoc:
    """A parsed YAML document: `data` keeps ruamel's line information."""

    path: str
    data: Any
    line_offset: int = 0  # lines before the YAML starts (front matter in Markdown)

    def line_of(self, loc: Sequence[str | int]) -> int:
        """1-based line of the deepest node of `loc` that exists in the document."""
        node, line = self.data, 1
        for key in loc:
            found = _child_line(node, key)
            if found is None:
                break
            line, node = found
        return line + self.line_offset

    def finding(self, loc: Sequence[str | int], code: str, message: str) -> Finding:
        return Finding(self.path, self.line_of(loc), code, message)


def _child_line(node: Any, key: str | int) -> tuple[int, Any] | None:
    if isinstance(node, CommentedMap) and key in node:
        return node.lc.key(key)[0] + 1, node[key]
    if isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
        return node.lc.item(key)[0] + 1, node[key]
    return None


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def read_text(path: Path, shown: str) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise FindingError(
            Finding(shown, line, "encoding", "the file is not valid UTF-8; save it as UTF-8")
        ) from None
    except OSError as exc:
        raise FindingError(Finding(shown, 1, "io", f"cannot read the file: {exc.strerror}")) from None


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> YamlDoc:
    """Parse YAML text; a syntax error becomes a FindingError at its line."""
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise FindingError(
            Finding(shown, line, "yaml", f"invalid YAML: {what}; expected well-formed YAML")
        ) from None
    except (YAMLError, ValueError, TypeError) as exc:  # e.g. an impossible date such as 2025-02-30
        raise FindingError(
            Finding(shown, 1 + line_offset, "yaml", f"invalid YAML: {exc}; expected well-formed YAML")
        ) from None
    return YamlDoc(shown, data, line_offset)


def load_yaml_file(path: Path, shown: str) -> YamlDoc:
    return parse_yaml(read_text(path, shown), shown)


def to_plain(node: Any) -> Any:
    """ruamel containers to plain dicts and lists (pydantic wants plain data)."""
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, str) else k: to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    return node
