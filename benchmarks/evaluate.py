"""Evaluations per second and memory over a long run of pre-submission checks.

durable-rules keeps per-session state and fails after ~1,024 live sessions unless each is
deleted; this runs N cases through the full check (facts, matching, durable-rules, trace)
in one process and prints throughput and resident memory every tenth of the run, so a leak
shows as a rising column.

    python benchmarks/evaluate.py            # 100,000 cases
    python benchmarks/evaluate.py -n 20000
    python benchmarks/evaluate.py --engine   # µs per evaluation: durable-rules beside the reference

``--engine`` records every rule evaluation of the dev letters' checks (rule, fact values),
then replays them in a loop on durable-rules and on the plain-Python reference evaluator,
checking that both give the same statuses: the cost of the rules engine itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import resource
import time
from pathlib import Path

from engine.runtime import DurableEvaluator, ReferenceEvaluator
from mtus_rules.audit.predict import case_of
from mtus_rules.case.model import read_case
from mtus_rules.check.catalog import Catalog, load_catalog
from mtus_rules.check.judge import check_case
from mtus_rules.letters.parse import prediction_input
from mtus_rules.letters.read import read_letter

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LETTERS = ROOT.parent / "shared" / "corpus" / "dev" / "txt"


def rss_mb() -> float:
    """Current resident set size (not the peak), from /proc."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class Recording(ReferenceEvaluator):
    """The reference evaluator, keeping every (rule, values) it is asked about."""

    def __init__(self) -> None:
        self.calls: list = []

    def statuses(self, rule, values):  # type: ignore[no-untyped-def]
        self.calls.append((rule, dict(values)))
        return super().statuses(rule, values)


def engine(catalog: Catalog, rounds: int) -> None:
    recording = Recording()
    letters = sorted(LETTERS.glob("*.txt"))
    for path in letters:
        letter = read_letter(path)
        case = case_of([prediction_input(letter, i) for i in range(len(letter.items))])
        check_case(catalog, case, case.request_date or dt.date(2017, 1, 1), recording)
    calls = recording.calls
    print(f"{len(calls)} evaluations from {len(letters)} dev letters, replayed {rounds} times")
    durable, reference = DurableEvaluator(), ReferenceEvaluator()
    for rule, values in calls:  # registers every ruleset first: that is once per process
        assert durable.statuses(rule, values) == reference.statuses(rule, values), rule.id
    for name, evaluator in (("durable-rules", durable), ("reference", reference)):
        start = time.process_time()
        for _ in range(rounds):
            for rule, values in calls:
                evaluator.statuses(rule, values)
        per = (time.process_time() - start) / (rounds * len(calls))
        print(f"{name:<14} {per * 1e6:8.1f} µs CPU per evaluation")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="cases to check (default 100,000)")
    parser.add_argument("--engine", action="store_true", help="time the rules engine alone on the dev letters' evaluations")
    parser.add_argument("--rounds", type=int, default=50, help="replays of the evaluations with --engine (default 50)")
    args = parser.parse_args()
    catalog = load_catalog()
    if args.engine:
        engine(catalog, args.rounds)
        return
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
