"""Benchmark (not a test) of two choices in pipeline.py:

1. --jobs 1: the one worker as a thread of the run's process against one spawned worker process (what the run
   does, as for --jobs N), both whole `pipeline.run` processes, paired.
       python benchmarks/bench_executors.py thread|process OUT
2. The job order for two workers: the seconds each job of one date took (one run, --jobs 1) are dealt to two
   workers in a given order, each job to the worker free first, as the executor does; the makespan of each
   order, against the order the run uses (as listed: chapters, then profiles).
"""
from __future__ import annotations

import heapq
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable
DATE = "2022-03-31"
DONE = re.compile(r"\] (.+) fertig \((\d+(?:,\d+)?) s\)$")


def run_variant(variant: str, out: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from evaluation.run import pipeline
    from evaluation.run.execute import chapter_notebooks
    if variant == "thread":  # the kernel of the thread closes when this process ends
        def one_thread(jobs, scheduler, delivery, echo):
            executor = ThreadPoolExecutor(1, initializer=pipeline._start_worker)
            executor.submit(pipeline._ready)
            return executor, None
        pipeline._executor = one_thread
    pipeline.run(DATE, output_dir=out, jobs=1, notebooks=chapter_notebooks(), echo=lambda message: None)


def executors_benchmark(repeat: int = 3, warmup: int = 1) -> dict:
    from benchmarks.timing import measure, paired
    return {"date": DATE, "a": "run --jobs 1 --no-profiles with the worker as a thread in the run's process",
            "b": "the same with one spawned worker process (what the run does)",
            **paired(lambda: measure(lambda out: [PY, __file__, "thread", str(out)]),
                     lambda: measure(lambda out: [PY, __file__, "process", str(out)]), repeat, warmup, target=None)}


def _makespan(seconds: list[float], workers: int = 2) -> float:
    free = [0.0] * workers
    for s in seconds:
        heapq.heappush(free, heapq.heappop(free) + s)
    return max(free)


def _code_cells(name: str) -> int:
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return sum(cell["cell_type"] == "code" for cell in nb["cells"])


def order_benchmark() -> dict:
    from evaluation.run import pipeline
    from evaluation.run.execute import chapter_notebooks
    out = Path(tempfile.mkdtemp(prefix="bench-order-"))
    lines: list[str] = []
    try:
        pipeline.run(DATE, output_dir=out, jobs=1, echo=lines.append)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    took = {m[1]: float(m[2].replace(",", ".")) for line in lines if (m := DONE.search(line))}
    chapters = [n for n in chapter_notebooks() if n in took]
    profiles = [label for label in took if label not in chapters]
    orders = {
        "as listed (the run)": chapters,
        "code cells, most first": sorted(chapters, key=lambda n: -_code_cells(n)),
        "measured, longest first (best case)": sorted(chapters, key=lambda n: -took[n]),
    }
    return {"date": DATE, "jobs": len(took), "workers": 2, "seconds_per_job": took,
            "orders": {name: {"makespan_s": round(_makespan([took[j] for j in order + profiles]), 2),
                              "makespan_without_profiles_s": round(_makespan([took[j] for j in order]), 2)}
                       for name, order in orders.items()}}


if __name__ == "__main__":
    run_variant(sys.argv[1], Path(sys.argv[2]))
