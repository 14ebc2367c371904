"""Load on the CDS Hooks service: requests per second and latency, over the loopback only.

Starts ``mtus-check serve`` on a free 127.0.0.1 port, sends order-sign requests made from the
seed cases (seed-000: one order, seed-001: two) from CONCURRENCY clients at once, N in all,
then stops the server. Latency is per request, from send to the whole answer.

    python benchmarks/serve.py                  # 2,000 requests, 8 at a time
    python benchmarks/serve.py -n 500 -c 4
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtus_rules.case.model import read_case  # noqa: E402
from tests.service.fhir_cases import hook_request  # noqa: E402

SEEDS = [
    ("seed-000-clonazepam.yaml", dt.date(2016, 12, 1), {"Clonazepam 2 MG #120"}),
    ("seed-001-klonopin-cbc.yaml", dt.date(2013, 7, 9), {"Klonopin 0.5mg"}),
]
SIGN = "/cds-services/mtus-check-order-sign"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-m", "mtus_rules", "serve", "--port", str(port)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/cds-services", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not start within 60 s")


async def load(url: str, bodies: list[dict], total: int, concurrency: int) -> tuple[list[tuple[float, int]], float]:
    """(latency, orders in the request) of each request, and the time the whole run took."""
    latencies: list[tuple[float, int]] = []
    counter = itertools.count()
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=httpx.Limits(max_connections=concurrency)) as client:

        async def worker() -> None:
            while (i := next(counter)) < total:
                began = time.perf_counter()
                body = bodies[i % len(bodies)]
                response = await client.post(SIGN, json=body)
                latencies.append((time.perf_counter() - began, len(body["context"]["draftOrders"]["entry"])))
                if response.status_code != 200:
                    raise SystemExit(f"request {i}: HTTP {response.status_code}: {response.text[:200]}")

        for _ in range(20):  # warm-up, not counted
            await client.post(SIGN, json=bodies[0])
        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="requests in all (default 2,000)")
    parser.add_argument("-c", type=int, default=8, help="requests in flight at once (default 8)")
    args = parser.parse_args()
    bodies = [hook_request(read_case(ROOT / "examples" / name), day, drugs) for name, day, drugs in SEEDS]
    port = free_port()
    process = start(port)
    try:
        latencies, elapsed = asyncio.run(load(f"http://127.0.0.1:{port}", bodies, args.n, args.c))
    finally:
        process.terminate()
        process.wait(timeout=30)
    orders = sum(n for _, n in latencies)
    print(f"{args.n} requests ({orders} orders), {args.c} concurrent, in {elapsed:.1f} s: {args.n / elapsed:.0f} requests/s")
    print("latency per request:", percentiles([1000 * t for t, _ in latencies]))
    print("latency per order:  ", percentiles([1000 * t / n for t, n in latencies]))


def percentiles(ms: list[float]) -> str:
    ms = sorted(ms)
    return (f"p50 {statistics.median(ms):.1f} ms, p90 {ms[int(0.9 * len(ms))]:.1f} ms, "
            f"p99 {ms[int(0.99 * len(ms))]:.1f} ms, max {ms[-1]:.1f} ms")


if __name__ == "__main__":
    main()
