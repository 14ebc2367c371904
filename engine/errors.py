"""The engine's exceptions.

Every error a user can cause carries the file and, where there is one, the line, so the
CLI can print ``file:line: message`` and exit 2 without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["EngineError", "InputError", "Problem", "RuleLoadError", "EvaluationError"]


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: Path | str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return f"{where}: {self.message}"


class InputError(EngineError):
    """A user's file cannot be read or does not have the expected shape.

    Holds every problem found, not only the first, so an author fixes a file in one pass.
    """

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def one(cls, file: Path | str, line: int | None, message: str) -> InputError:
        return cls([Problem(file, line, message)])


class RuleLoadError(InputError):
    """A rule, source or fact file is invalid (strict loading)."""


class EvaluationError(EngineError):
    """The rule engine failed while evaluating; names the rule, and once ``evaluate`` has
    placed it, the rule's file and line, so that it can be found."""

    def at(self, file: Path | str, line: int | None) -> EvaluationError:
        return EvaluationError(str(Problem(file, line, str(self))))
