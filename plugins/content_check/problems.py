"""What the checker reports: one :class:`Problem` per finding, with a stable code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, located at ``path:line`` (``path`` as shown to the editor)."""

    path: str
    line: int
    severity: Severity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(path: str, line: int, code: str, message: str) -> Problem:
    return Problem(path, line, Severity.ERROR, code, message)


def warning(path: str, line: int, code: str, message: str) -> Problem:
    return Problem(path, line, Severity.WARNING, code, message)


def format_problem(problem: Problem) -> str:
    """``path:line: message``; warnings say so after the location."""
    prefix = "cảnh báo: " if problem.severity is Severity.WARNING else ""
    return f"{problem.path}:{problem.line}: {prefix}{problem.message}"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """By path, then line; ties keep a stable, readable order (code, message)."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.code, p.message))


def with_suggestion(message: str, suggestion: str | None) -> str:
    return f"{message} — có phải '{suggestion}'?" if suggestion else message


def completed(start: str, candidates: Iterable[str]) -> str | None:
    """The one candidate that ``start`` is the beginning of, word for word
    (a slug cut short: ``hung-yen-kien-toan`` for
    ``hung-yen-kien-toan-lien-hiep-…``); None when none or several are."""
    found = [c for c in candidates if c.startswith(f"{start}-")]
    return found[0] if len(found) == 1 else None
