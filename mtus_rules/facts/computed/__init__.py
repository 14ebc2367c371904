"""Facts computed in Python, for what a term list cannot say: ages, counts, durations.

Each is registered under the name ``rules/facts`` uses in ``computed:``, with the type it
returns, and reads only its ``Context``. A function returns None when the record does not
say: that is an unknown, never a zero or a false.

The functions live in modules by concern (``basics``, ``therapy``, ...), listed in
``MODULES``. Building a catalog imports them all (``registry``) and records where each fact
lives, so that a check imports only the modules of the facts its items read (``computation``):
a case about one drug does not pay for the imaging and surgery readers at every start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from importlib import import_module
from typing import NamedTuple, TypeVar

from engine.trace import Fact
from mtus_rules.case.model import Case, Request
from mtus_rules.reading.lexicon import Lexicon, TextIndex, lexicon_of
from mtus_rules.reading.record import Record
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = ["Context", "Computation", "Home", "MODULES", "REGISTRY", "register", "registry", "computation", "per_vocabulary", "make_tables"]

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """What a computed fact may read about one requested item.

    ``terms`` are the (expanded) terms of the rule that judges the item, so a fact such
    as "sessions already done" counts sessions of the treatment the rule is about.
    ``text`` answers "where is a class mentioned" without rescanning; ``once`` keeps what
    a fact reads of the record for the case's other items.
    """

    case: Case
    request: Request
    record: Record
    day: dt.date
    vocabulary: Vocabulary
    terms: tuple[str, ...] = ()
    index: TextIndex | None = None
    cache: dict[object, object] = field(default_factory=dict, compare=False)

    @property
    def text(self) -> TextIndex:
        """The record read against every vocabulary class, once per case (see ``lexicon``)."""
        if self.index is not None:
            return self.index
        return self.once("text index", lambda: self.lexicon.index(self.record))  # built once, also in tests

    @property
    def lexicon(self) -> Lexicon:
        return lexicon_of(self.vocabulary)

    def once(self, key: object, compute: Callable[[], T]) -> T:
        """A value computed once per case and shared by its items (``cache`` is per case)."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]  # type: ignore[return-value]


@dataclass(frozen=True)
class Computation:
    type: str
    function: Callable[[Context], Fact | None]


REGISTRY: dict[str, Computation] = {}


def register(name: str, type: str) -> Callable[[Callable[[Context], Fact | None]], Callable[[Context], Fact | None]]:
    def add(function: Callable[[Context], Fact | None]) -> Callable[[Context], Fact | None]:
        if name in REGISTRY:
            raise ValueError(f"computed fact {name!r} registered twice")
        REGISTRY[name] = Computation(type, function)
        return function

    return add


# Every module that registers facts (tests/facts check that none is missing).
MODULES = (
    "basics", "concurrent", "improvement", "phase", "requested_procedure", "therapy",
    "medication_effect", "medication_indication", "medication_items", "medication_monitoring", "medication_weeks",
    "imaging.care", "imaging.examination", "imaging.priors",
    "surgery.described", "surgery.earlier_care", "surgery.requested", "surgery.standing",
)


class Home(NamedTuple):
    """Where a computed fact lives: its registered name and the module that registers it."""

    name: str
    module: str


def registry() -> dict[str, Computation]:
    """Every computed fact, with all of ``MODULES`` imported."""
    for module in MODULES:
        import_module(f"{__name__}.{module}")
    return REGISTRY


def home(name: str) -> Home:
    """Where a registered fact lives (``registry`` first: a catalog build records it)."""
    return Home(name, REGISTRY[name].function.__module__)


def computation(where: Home) -> Computation:
    """A computed fact, its module imported on first use."""
    if where.name not in REGISTRY:
        import_module(where.module)
    return REGISTRY[where.name]


_TABLES: list[Callable[[Vocabulary], object]] = []


def per_vocabulary(build: Callable[[Vocabulary], T]) -> Callable[[Vocabulary], T]:
    """A table read from the vocabulary alone (a matcher, a lookup), made once and kept on the
    vocabulary. ``make_tables`` makes every one when a catalog is built, so a cached catalog
    carries them and no process makes them again."""
    name = f"{build.__module__}.{build.__qualname__}"

    @wraps(build)
    def kept(vocabulary: Vocabulary) -> T:
        found = vars(vocabulary).get(name)
        if found is None:
            found = vars(vocabulary)[name] = build(vocabulary)
        return found  # type: ignore[no-any-return]

    _TABLES.append(kept)
    return kept


def make_tables(vocabulary: Vocabulary) -> None:
    """Every ``per_vocabulary`` table of every module of ``MODULES``, kept on the vocabulary.
    One that names a class the vocabulary lacks is left unmade: the fact that reads it fails
    when it is read, as it would have without this."""
    registry()
    for table in _TABLES:
        try:
            table(vocabulary)
        except KeyError:
            continue
