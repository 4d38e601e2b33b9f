"""A finding is one problem the loaders or checks found, tied to a file and line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        tag = "" if self.severity is Severity.ERROR else "warning: "
        return f"{self.path}:{self.line}: {tag}{self.message} [{self.code}]"

    def to_json(self) -> dict[str, object]:
        return asdict(self)


class FindingError(Exception):
    """Raised by a loader when a file cannot be read at all; carries the finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(str(finding))
        self.finding = finding


def hint(name: str, valid: Iterable[str]) -> str:
    """"; did you mean 'x'?" when a valid name is close to a misspelt `name`, else nothing."""
    close = difflib.get_close_matches(name, list(valid), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
