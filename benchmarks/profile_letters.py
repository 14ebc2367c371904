"""Where an audit spends its time per letter: the dev letters audited in one process, repeated.

Prints CPU milliseconds per letter (median of the rounds) and, with ``--profile``, the
cProfile entries with the most own and cumulative time, so an optimisation can be checked
against the same figures it was chosen from.

    python benchmarks/profile_letters.py                  # ms per letter, txt and pdf
    python benchmarks/profile_letters.py --profile 25     # and the top 25 entries (txt)
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import pstats
import statistics
import time
from pathlib import Path

from mtus_rules.audit.rows import audit_letter
from mtus_rules.check.catalog import load_catalog

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev"
TODAY = dt.date(2026, 1, 1)


def per_letter(catalog, paths: list[Path], rounds: int) -> list[float]:
    """The CPU milliseconds one letter takes, in each round."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        for path in paths:
            audit_letter(catalog, path, TODAY)
        times.append((time.process_time() - start) * 1000 / len(paths))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, help="print this many top entries")
    parser.add_argument("--kinds", nargs="+", default=["txt", "pdf"], choices=["txt", "pdf"])
    args = parser.parse_args()
    catalog = load_catalog(None)
    gc.freeze()  # as an audit does (audit.local): collections do not walk the catalog
    for kind in args.kinds:
        paths = sorted((CORPUS / kind).glob(f"*.{kind}"))
        audit_letter(catalog, paths[0], TODAY)  # warm: durable-rules host, lazy imports
        times = per_letter(catalog, paths, args.rounds)
        print(f"{kind}: {statistics.median(times):.2f} ms CPU per letter, median of {args.rounds} rounds of {len(paths)} letters (fastest {min(times):.2f})")
    if args.profile:
        paths = sorted((CORPUS / args.kinds[0]).glob(f"*.{args.kinds[0]}"))
        profile = cProfile.Profile()
        profile.runcall(per_letter, catalog, paths, args.rounds)
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
