"""Evaluations per second and memory over a long run of pre-submission checks.

durable-rules keeps per-session state and fails after ~1,024 live sessions unless each is
deleted; this runs N cases through the full check (facts, matching, durable-rules, trace)
in one process and prints throughput and resident memory every tenth of the run, so a leak
shows as a rising column.

    python benchmarks/evaluate.py            # 100,000 cases
    python benchmarks/evaluate.py -n 20000
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import resource
import time
from pathlib import Path

from mtus_rules.case.model import read_case
from mtus_rules.check.catalog import load_catalog
from mtus_rules.check.judge import check_case

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def rss_mb() -> float:
    """Current resident set size (not the peak), from /proc."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="cases to check (default 100,000)")
    args = parser.parse_args()
    catalog = load_catalog()
    cases = [read_case(path) for path in sorted(EXAMPLES.glob("*.yaml"))]
    day = dt.date(2017, 2, 1)
    items = 0
    step = max(1, args.n // 10)
    print(f"{'cases':>8} {'items':>8} {'cases/s':>9} {'items/s':>9} {'RSS MB':>7}")
    start = time.perf_counter()
    for done, case in enumerate(itertools.islice(itertools.cycle(cases), args.n), start=1):
        items += len(check_case(catalog, case, day).items)
        if done % step == 0:
            elapsed = time.perf_counter() - start
            print(f"{done:>8} {items:>8} {done / elapsed:>9.0f} {items / elapsed:>9.0f} {rss_mb():>7.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.1f} MB; {len(cases)} example cases cycled; judged as of {day}")


if __name__ == "__main__":
    main()
