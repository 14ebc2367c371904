"""Finding letters to audit: files, folders and glob patterns, lazily and in a stable order.

A name that matches nothing is kept, so that it becomes an error row rather than vanishing;
but arguments that all name nothing to audit are bad arguments (``check_arguments``).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from engine.errors import InputError, Problem

__all__ = ["LETTER_SUFFIXES", "LetterName", "check_arguments", "default_workers", "find_letters"]

LETTER_SUFFIXES = (".pdf", ".txt")
LetterName = str | Path  # a letter file as named on the command line or found under a folder


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def find_letters(arguments: Iterable[str | Path]) -> Iterator[str]:
    """Files named, letters (.pdf, .txt) under directories named, and glob patterns, in order.

    A name that matches nothing is kept, so that it becomes an error row rather than
    vanishing from the audit. Names come lazily, as strings: an archive's names are never
    all in memory at once, only one folder's (to sort them). A file named by two arguments
    is read once; that takes remembering every name, so only with several arguments.
    """
    arguments = list(arguments)
    if len(arguments) == 1:
        yield from _named(arguments[0])
        return
    seen: set[str] = set()
    for argument in arguments:
        for path in _named(argument):
            if path not in seen:
                seen.add(path)
                yield path


def check_arguments(arguments: Iterable[str | Path]) -> None:
    """Refuse arguments that, all together, name nothing to audit: each is one problem.

    A missing path, a pattern matching nothing or a folder without letters beside a real
    letter is still an error row (every input appears); alone, it is a mistyped argument.
    """
    problems = [_nothing_in(argument) for argument in arguments]
    if all(problems):
        raise InputError([problem for problem in problems if problem])


def _nothing_in(argument: str | Path) -> Problem | None:
    """Why an argument names no letter, or None if it names one."""
    path = Path(argument)
    if path.is_dir():
        found, why = next(_letters_under(str(path), set()), None), "no letters (.pdf, .txt) in this folder"
    elif path.exists() or path.is_symlink():
        return None
    elif glob.has_magic(str(argument)):
        found, why = next(glob.iglob(str(argument), recursive=True), None), "no file matches this pattern"
    else:
        found, why = None, "no such file"
    return None if found else Problem(argument, None, why)


def _named(argument: str | Path) -> Iterator[str]:
    path = Path(argument)
    if path.is_dir():
        yield from _letters_under(str(path), set())
    elif not path.exists() and glob.has_magic(str(argument)):
        matches = sorted(Path(p) for p in glob.glob(str(argument), recursive=True))  # "./x" is "x", as in the rows
        yield from map(str, matches) if matches else [str(path)]
    else:
        yield str(path)


def _letters_under(folder: str, seen: set[tuple[int, int]]) -> Iterator[str]:
    """Letters under a folder, in the order of their sorted paths; a linked folder met
    twice (a link loop) is read once.

    Every entry named like a letter is kept whatever it is (a FIFO, a device, a broken
    link), so that reading it makes an error row; it is never opened here. A folder named
    like a letter gives its letters, or, holding none, itself (an error row too).
    """
    with os.scandir(folder) as entries:
        identity = os.stat(folder)
        if (identity.st_dev, identity.st_ino) in seen:
            return
        seen.add((identity.st_dev, identity.st_ino))
        folders, names = set(), []
        for entry in entries:
            if entry.is_dir():
                folders.add(entry.name)
                names.append(entry.name)
            elif _named_like_a_letter(entry.name):
                names.append(entry.name)
    for name in sorted(names):
        path = os.path.join(folder, name)
        if name not in folders:
            yield path
            continue
        empty = True
        for letter in _letters_under(path, seen):
            empty = False
            yield letter
        if empty and _named_like_a_letter(name):
            yield path


def _named_like_a_letter(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in LETTER_SUFFIXES
