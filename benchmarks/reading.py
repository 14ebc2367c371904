"""The reading layer alone: a dev letter's summary turned into a record and scanned, per step.

Prints CPU milliseconds per letter (median of the rounds) of each step an audit does with a
summary before any fact is read: normalizing, tokens, clauses, dates, the whole ``analyze``,
the phrase scans of the case (lexicon and fact specs) and the context of every lexicon
mention. The caches of whole clauses and short texts are emptied before each round, so a
round reads the letters as new ones (as an audit of distinct letters does); the cache of
single words stays, as it does over an audit (words repeat from letter to letter).

    python benchmarks/reading.py
    python benchmarks/reading.py --rounds 15
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from mtus_rules.check.catalog import load_catalog
from mtus_rules.letters.parse import prediction_input
from mtus_rules.letters.read import read_letter
from mtus_rules.reading import context, text
from mtus_rules.reading.dates import find_dates
from mtus_rules.reading.lexicon import lexicon_of
from mtus_rules.reading.record import Record, analyze

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev" / "txt"


def per_letter(step: Callable[[int], object], count: int, rounds: int) -> float:
    """Median CPU milliseconds of ``step`` over the letters, each round with empty caches."""
    times = []
    for _ in range(rounds):
        for cached in (text._keys, context.cues_of):
            cached.cache_clear()
        start = time.process_time()
        for i in range(count):
            step(i)
        times.append((time.process_time() - start) * 1000 / count)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    catalog = load_catalog(None)
    specs, lexicon = catalog.finder.specs, lexicon_of(catalog.vocabulary)
    summaries = [prediction_input(read_letter(path), 0).summary for path in sorted(CORPUS.glob("*.txt"))]
    normal = [text.normalize(s) for s in summaries]

    def scans(record: Record) -> None:
        """The scans a case's facts make (``CaseFacts``): the clinical clauses once for the
        lexicon and the facts together, the administrative ones for each."""
        specs.with_lexicon.hits(record.clauses)
        lexicon.matcher.hits(record.administrative)
        specs.administrative.hits(record.administrative)

    steps: dict[str, Callable[[int], object]] = {
        "normalize": lambda i: text.normalize(summaries[i]),
        "tokens": lambda i: text.tokens(normal[i]),
        "clauses": lambda i: text.clauses(normal[i]),
        "find_dates": lambda i: find_dates(normal[i]),
        "analyze": lambda i: analyze(summaries[i]),
        "analyze + case scans": lambda i: scans(analyze(summaries[i])),
        "analyze + every lexicon mention": lambda i: list(lexicon.matcher.mentions(analyze(summaries[i]).clauses)),
    }
    print(f"{len(summaries)} summaries, {sum(map(len, summaries)) / len(summaries):.0f} characters on average")
    for name, step in steps.items():
        print(f"{name:32s} {per_letter(step, len(summaries), args.rounds):.3f} ms CPU per letter")


if __name__ == "__main__":
    main()
