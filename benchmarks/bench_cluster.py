"""Benchmark (not a test): several reporting dates, the local pool (`run --jobs 2`) against a two-worker
LocalCluster with one thread each (`run --scheduler`) on the same machine. Target: cluster ≤ 1.3 × local.

Both are whole `python -m evaluation run` processes, in interleaved pairs (local, cluster, cluster, local, …) so
that drift of a shared machine falls on both. The cluster is started once, outside the timing, as a running
`dask scheduler` with its workers would be; each run still starts its kernels on the workers (the worker set-up
is taken down after every run), as the local pool starts its processes. CPU is the whole tree: the run, its
pool processes and kernels, and the cluster's scheduler, nannies, workers and their kernels.

    python benchmarks/bench_cluster.py [--dates 2020Q2..2022Q1] [--pairs 2]

`bench(dates, pairs, run_args)` returns the figures as a dict; `run_args` adds options to both runs
(e.g. the profile jobs, once they exist).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATES = "2020Q2..2022Q1"  # eight quarter ends


def _cpu_seconds() -> float:
    """CPU of this process, its reaped children and every live descendant (with what they reaped)."""
    import psutil
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    for process in psutil.Process().children(recursive=True):
        try:
            t = process.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.NoSuchProcess:
            pass
    return total


def _timed_run(dates: list[str], extra: list[str], run_args: list[str]) -> tuple[float, float]:
    command = [sys.executable, "-m", "evaluation", "run"]
    for date in dates:
        command += ["--reporting-date", date]
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as out:
        cpu, start = _cpu_seconds(), time.perf_counter()
        result = subprocess.run(command + ["--output-dir", out, *extra, *run_args], cwd=ROOT, capture_output=True,
                                text=True)
        wall, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    if result.returncode:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return wall, cpu


def bench(dates: str | list[str] = DATES, pairs: int = 2, run_args: list[str] | None = None) -> dict:
    from distributed import LocalCluster

    from evaluation import reporting_date
    dates = [d for value in ([dates] if isinstance(dates, str) else dates) for d in reporting_date.expand(value)]
    run_args = run_args or []
    local, cluster = [], []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        on_cluster = ["--scheduler", lc.scheduler_address]
        for i in range(pairs):  # ABBA: local first in even pairs, cluster first in odd ones
            order = [(local, ["--jobs", "2"]), (cluster, on_cluster)]
            for target, extra in (order if i % 2 == 0 else order[::-1]):
                target.append(_timed_run(dates, extra, run_args))
    ratios_wall = [c[0] / l[0] for l, c in zip(local, cluster)]
    ratios_cpu = [c[1] / l[1] for l, c in zip(local, cluster)]
    return {
        "dates": dates, "pairs": pairs, "cores": os.cpu_count(), "run_args": run_args,
        "local_jobs2_wall_s": [round(w, 1) for w, _ in local], "local_jobs2_cpu_s": [round(c, 1) for _, c in local],
        "cluster_2x1_wall_s": [round(w, 1) for w, _ in cluster], "cluster_2x1_cpu_s": [round(c, 1) for _, c in cluster],
        "ratio_wall_median": round(statistics.median(ratios_wall), 2),
        "ratio_cpu_median": round(statistics.median(ratios_cpu), 2),
        "target_ratio_wall": 1.3,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", default=DATES)
    parser.add_argument("--pairs", type=int, default=2)
    args = parser.parse_args()
    print(json.dumps(bench(args.dates, args.pairs), indent=2))
