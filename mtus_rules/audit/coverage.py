"""What the catalog does not cover: the disputed items of letters that no rule judges.

For rule authors choosing the next topic. Items are grouped by their words alone (amounts,
strengths and sides dropped), so "Norco 10/325 #60" and "Norco 5/325 #90" count as one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import EngineError
from mtus_rules.audit.predict import judgement_day
from mtus_rules.check.catalog import Catalog
from mtus_rules.letters.parse import prediction_input
from mtus_rules.letters.read import read_letter

__all__ = ["Coverage", "coverage"]

_NUMBERS = re.compile(r"[\d#/.%()x]+|\b(?:right|left|bilateral)\b", re.IGNORECASE)


@dataclass
class Coverage:
    items: int = 0
    unreadable: int = 0
    missing: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # an item as written, with its letter, for each group

    @property
    def covered(self) -> int:
        return self.items - sum(self.missing.values())


def coverage(catalog: Catalog, paths: Iterable[str | Path], today: dt.date) -> Coverage:
    """Each letter's items matched as an audit matches them, on the letter's UR date
    (``today`` for a letter without dates); an unreadable letter is counted, not fatal."""
    found = Coverage()
    for path in map(Path, paths):
        try:
            letter = read_letter(path)
        except EngineError:
            found.unreadable += 1
            continue
        if not letter.items:
            continue
        day = judgement_day(prediction_input(letter, 0)) or today
        for item in letter.items:
            found.items += 1
            if catalog.matcher.match(item.item, day) is None:
                key = " ".join(_NUMBERS.sub(" ", item.item.lower()).split())
                found.missing[key] += 1
                found.examples.setdefault(key, f"{letter.case_number or path.stem} #{item.index}: {item.item}")
    return found
