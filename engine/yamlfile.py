"""Reading YAML that people write: strict, bounded, and with line numbers kept.

PyYAML silently keeps the last of two duplicate keys and forgets where each value came
from. Rule authors and providers need both caught and located, so we compose the node
tree ourselves, note duplicate keys (``Document.problems``, reported by ``validate``
beside the schema's problems), and record the line of every value under its path
(``("criteria", 0, "when")``). Pydantic's error locations are such paths, so validation
errors map back to lines.

Hostile input is bounded: file size, nesting depth and node count (an alias bomb expands
to millions of nodes) are limited before any of it is built.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from engine.errors import InputError, Problem
from engine.files import read_bytes

__all__ = ["Document", "read_text", "read_yaml", "parse_yaml", "located_problems"]

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

Loc = tuple[str | int, ...]

# libyaml composes ~10x faster and keeps the same marks; PyYAML wheels ship it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Document:
    """Plain data from a YAML file plus the line of each value, by path."""

    file: Path | str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()  # found while reading (a duplicate key), reported with the schema's

    def line_of(self, loc: Iterable[str | int]) -> int | None:
        """The line of the deepest value on ``loc`` that the file has."""
        path = tuple(loc)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def problem(self, loc: Iterable[str | int], message: str) -> Problem:
        return Problem(self.file, self.line_of(loc), message)

    # A cached catalog holds a document per rule file, read only to locate a problem: pickled,
    # its contents stay packed until first asked for (a third of the catalog's unpickling time).
    def __getstate__(self) -> tuple[Path | str, bytes]:
        return self.file, pickle.dumps((self.data, self.lines, self.problems), protocol=pickle.HIGHEST_PROTOCOL)

    def __setstate__(self, state: tuple[Path | str, bytes]) -> None:
        object.__setattr__(self, "file", state[0])
        object.__setattr__(self, "_packed", state[1])

    def __getattr__(self, name: str) -> Any:
        """``data``, ``lines`` and ``problems`` of an unpickled document, unpacked on first use."""
        packed = self.__dict__.get("_packed")
        if packed is None or name not in _PACKED:
            raise AttributeError(name)
        for key, value in zip(_PACKED, pickle.loads(packed)):
            object.__setattr__(self, key, value)
        del self.__dict__["_packed"]
        return self.__dict__[name]


_PACKED = ("data", "lines", "problems")


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a user's UTF-8 text file; every OS or encoding failure is an InputError."""
    raw = read_bytes(path, max_bytes)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError.one(path, line, "not UTF-8 text") from None


def read_yaml(path: Path) -> Document:
    return parse_yaml(read_text(path), path)


def parse_yaml(text: str, file: Path | str = "<string>") -> Document:
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = error.problem or error.context or "invalid YAML"
        raise InputError.one(file, line, f"invalid YAML: {reason}") from None
    except yaml.YAMLError as error:
        raise InputError.one(file, None, f"invalid YAML: {error}") from None
    except RecursionError:
        raise InputError.one(file, None, "invalid YAML: nested too deeply") from None
    if root is None:
        return Document(file, None, {})
    builder = _Builder(file)
    data = builder.build(root, (), 0)
    return Document(file, data, builder.lines, tuple(builder.problems))


class _Builder:
    """Turns a composed node tree into plain data, checking as it goes."""

    def __init__(self, file: Path | str):
        self.file = file
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.nodes = 0
        self.scalars = SafeConstructor()

    def fail(self, node: Node, message: str) -> InputError:
        return InputError.one(self.file, node.start_mark.line + 1, message)

    def build(self, node: Node, path: Loc, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(node, f"too many values (more than {MAX_NODES:,}; aliases expanding?)")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested more than {MAX_DEPTH} levels deep")
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: MappingNode, path: Loc, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, "a key must be a plain value, not a list or mapping")
            key = self.scalar(key_node)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                key = str(key)
            if key in result:  # the first value is kept, to find the file's other problems
                self.problems.append(Problem(self.file, key_node.start_mark.line + 1, f"duplicate key {key!r}"))
                continue
            result[key] = self.build(value_node, (*path, key), depth + 1)
            self.lines[(*path, key)] = key_node.start_mark.line + 1  # the key, where a person looks
        return result

    def scalar(self, node: ScalarNode) -> Any:
        """A value as YAML types it; one that fails (``2017-02-30``) stays the text written,
        for the schema to judge beside every other problem of the file."""
        try:
            return self.scalars.construct_object(node)
        except (ConstructorError, ValueError, OverflowError):
            return node.value


def located_problems(document: Document, errors: list[dict[str, Any]], prefix: Loc = ()) -> list[Problem]:
    """Pydantic validation errors as problems with lines, each naming the field path."""
    problems = []
    for error in errors:
        loc = (*prefix, *error["loc"])
        where = ".".join(str(part) for part in loc) or "top level"
        problems.append(document.problem(loc, f"{where}: {_plain(error)}"))
    return sorted(problems, key=lambda p: p.line or 0)


def _plain(error: dict[str, Any]) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "missing":
        return "required key is missing"
    if error["type"] == "date_from_datetime_parsing" and isinstance(error["input"], str):
        return f"{error['input']!r} is not a date (YYYY-MM-DD): {error['ctx']['error']}"
    message = error["msg"]
    return message[len("Value error, ") :] if message.startswith("Value error, ") else message
