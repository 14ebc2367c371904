"""Cold start: one case check beside its floor, the bare import of the libraries it needs.

Each command runs ``-r`` times, the runs interleaved so that a busy machine slows all of them
alike; the figures are medians of wall seconds and of CPU seconds (user + system, which a
shared machine disturbs less), with the ratio of each to the floor and the peak RSS.

The package's bytecode is compiled first (see ``bytecode``).

    python benchmarks/startup.py          # median of 5
    python benchmarks/startup.py -r 11
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bytecode import compile_package

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "seed-000-clonazepam.yaml"
CLI = [sys.executable, "-m", "mtus_rules"]


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{command} failed: {stderr[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-r", "--runs", type=int, default=5, help="runs of each command (default 5)")
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        subprocess.run([*CLI, str(CASE)], env=env, stdout=subprocess.DEVNULL, check=False)  # fill the cache
        commands = {
            "python -c pass": ([sys.executable, "-c", "pass"], env),
            "floor: import durable, pydantic, typer, yaml": (
                [sys.executable, "-c", "import durable.lang, pydantic, typer, yaml"], env),
            "check one case (catalog cached)": ([*CLI, str(CASE)], env),
            "check one case (no cache)": ([*CLI, str(CASE)], {**env, "MTUS_CHECK_CACHE": "off"}),
            "mtus-check --help": ([*CLI, "--help"], env),
        }
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (command, environment) in commands.items():
                runs[name].append(run(command, environment))
    medians = {name: [statistics.median(r[i] for r in done) for i in range(3)] for name, done in runs.items()}
    floor_wall, floor_cpu, _ = medians["floor: import durable, pydantic, typer, yaml"]
    print(f"{os.cpu_count()} cores; python {sys.version.split()[0]}; median of {args.runs}; load {os.getloadavg()[0]:.1f}")
    print(f"{'command':<46} {'wall s':>7} {'× floor':>7} {'CPU s':>7} {'× floor':>7} {'peak MB':>8}")
    for name, (wall, cpu, rss) in medians.items():
        print(f"{name:<46} {wall:>7.3f} {wall / floor_wall:>7.2f} {cpu:>7.3f} {cpu / floor_cpu:>7.2f} {rss:>8.0f}")


if __name__ == "__main__":
    main()
