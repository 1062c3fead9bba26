"""Benchmark of the full run (not a test): python benchmarks/run_benchmark.py [--quick] [--only SECTION …]

Comparisons are paired: the two commands run in turn, A B A B … after one warm-up pair, so a drift in
the machine's speed hits both; each figure is given as minimum, median and maximum, the ratio A/B pair by
pair, with the one-minute load average before each pair (the machine is shared: CPU is the primary figure).
Wall time is beside CPU time: user + system seconds of the command and of every process it waited for
(pool workers, kernels), from the operating system's accounting of finished children.

1. single_date — one reporting date at equal parallelism: `run --jobs 1` against the plain package calls
   in one process; `run --jobs 2` against the same calls in a pool of two processes (benchmarks/plain_run.py).
   Target: ≤ 1.2 × plain.
2. batch — four reporting dates: `run --jobs 2` against one plain process per date, two at a time.
   Target: ≤ 1.2 ×.
3. profiles — the Kommunensteckbriefe of one date: `run --municipality …` (every active one) against the
   same package calls in one plain process (benchmarks/bench_profiles.py). Target: ≤ 1.5 ×.
4. kernels — the chapter notebooks on a fresh kernel each against one kernel for all (benchmarks/bench_kernels.py):
   the choice execute.py documents.
5. jobs1_executor — `--jobs 1` with the worker as a thread of the run against one worker process
   (benchmarks/bench_executors.py): the choice pipeline.py makes.
6. job_order — the makespan of job orders for two workers, from the seconds each job of one run took.
7. cluster — eight reporting dates with profiles: local pool `--jobs 2` against a two-worker LocalCluster on
   the same cores (benchmarks/bench_cluster.py). Target: cluster ≤ 1.3 × local.
8. scale — the whole run (`--no-profiles`) on the reconstruction ×1, ×10, ×100, ×1000: wall, CPU and peak
   memory of the whole process tree (benchmarks/bench_scale.py). Target: ×1000 in ≤ 30 s and ≤ 2 GiB, linear.
9. profile_cost — the run with and without profiles at ×1, ×10, ×100: cost per additional municipality.

Results are printed and written to benchmarks/results.json, one key per section. A section is a function
`(quick: bool) -> dict` in SECTIONS; other benchmark modules are added there. `--only` runs some sections
and keeps the others' last results.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.timing import measure, paired  # noqa: E402 (the project root on the path first)
PY = sys.executable
DATE = "2022-03-31"
DATES = ["2019-12-31", "2020-12-31", "2021-03-31", "2022-03-31"]
PLAIN = str(ROOT / "benchmarks" / "plain_run.py")


def _run(*dates: str, jobs: int) -> Callable[[Path], list[str]]:
    def command(out: Path) -> list[str]:
        # the Werkreport's work; the profiles have a section of their own
        args = [PY, "-m", "evaluation", "run", "--jobs", str(jobs), "--no-profiles", "--output-dir", str(out)]
        for d in dates:
            args += ["--reporting-date", d]
        return args
    return command


def _report(key: str, result: dict) -> None:
    target = f" (Ziel ≤ {result['target_ratio']})" if "target_ratio" in result else ""
    print(f"  {key}: A {result['a_wall_s']['median']:.1f} s Wand / {result['a_cpu_s']['median']:.1f} s CPU, "
          f"B {result['b_wall_s']['median']:.1f} s / {result['b_cpu_s']['median']:.1f} s → A/B Wand "
          f"{result['ratio_wall']['median']:.2f} (min {result['ratio_wall']['min']:.2f}), CPU "
          f"{result['ratio_cpu']['median']:.2f} (min {result['ratio_cpu']['min']:.2f}, max "
          f"{result['ratio_cpu']['max']:.2f}){target}", flush=True)


def single_date(quick: bool) -> dict:
    """One date: run with N jobs against the plain calls in N processes (N = 1, 2)."""
    repeat, warmup = (1, 0) if quick else (3, 1)
    out = {"date": DATE,
           "a": "python -m evaluation run --jobs N", "b": "benchmarks/plain_run.py --workers N (same calls, N processes)"}
    for jobs in (1, 2):
        plain = lambda o, n=jobs: [PY, PLAIN, "--workers", str(n), str(o), DATE]
        out[f"jobs{jobs}"] = paired(lambda: measure(_run(DATE, jobs=jobs)), lambda: measure(plain), repeat, warmup)
        _report(f"jobs {jobs}", out[f"jobs{jobs}"])
    return out


def batch(quick: bool) -> dict:
    """Four dates: run --jobs 2 against one plain single-process run per date, two at a time."""
    repeat, warmup = (1, 0) if quick else (3, 1)
    plain = lambda o: [PY, PLAIN, "--parallel", "2", str(o), *DATES]
    out = {"dates": DATES, "a": "python -m evaluation run --jobs 2 (4 dates)",
           "b": "benchmarks/plain_run.py --parallel 2 (one process per date, two at a time)",
           "jobs2": paired(lambda: measure(_run(*DATES, jobs=2)), lambda: measure(plain), repeat, warmup)}
    _report("4 Stichtage, jobs 2", out["jobs2"])
    return out


def scale(quick: bool) -> dict:
    """The whole run (notebooks, charts, findings, HTML, Word, PDF) on the reconstruction ×1 … ×1000."""
    from benchmarks.bench_scale import scale as whole_run
    return whole_run((1, 10, 100) if quick else (1, 10, 100, 1000))


def profiles(quick: bool) -> dict:
    """The Kommunensteckbriefe of one date in run against the same package calls in one plain process."""
    from benchmarks.bench_profiles import profiles_benchmark
    result = profiles_benchmark(repeat=1 if quick else 3, warmup=0 if quick else 1)
    _report(f"{result['profiles']} Steckbriefe", result)
    return result


def kernels(quick: bool) -> dict:
    """The chapter notebooks of one date: a fresh kernel per notebook against one kernel for all (execute.py)."""
    from benchmarks.bench_kernels import kernels_benchmark
    result = kernels_benchmark(repeat=1 if quick else 2)
    _report("frischer Kernel je Notebook / ein Kernel", result)
    return result


def jobs1_executor(quick: bool) -> dict:
    """--jobs 1: the one worker as a thread of the run's process against one spawned worker process."""
    from benchmarks.bench_executors import executors_benchmark
    result = executors_benchmark(repeat=1 if quick else 3, warmup=0 if quick else 1)
    _report("Thread im Lauf / ein Worker-Prozess", result)
    return result


def job_order(quick: bool) -> dict:
    """The job order for two workers, from the seconds each job took in one run (no timing of its own)."""
    from benchmarks.bench_executors import order_benchmark
    result = order_benchmark()
    print("  " + ", ".join(f"{k}: {v['makespan_s']:.1f} s" for k, v in result["orders"].items()), flush=True)
    return result


def profile_cost(quick: bool) -> dict:
    """Cost per additional municipality with ×1, ×10 (and ×100) municipalities."""
    from benchmarks.bench_scale import profile_cost as per_municipality
    return per_municipality((1, 10) if quick else (1, 10, 100))


def cluster(quick: bool) -> dict:
    """Eight reporting dates with profiles: local pool (--jobs 2) against a two-worker LocalCluster."""
    from benchmarks.bench_cluster import DATES as EIGHT, bench
    result = bench(EIGHT, pairs=1 if quick else 2)
    print(f"  Cluster/lokal: Wand {result['ratio_wall_median']:.2f}, CPU {result['ratio_cpu_median']:.2f}", flush=True)
    return result


def report(quick: bool) -> dict:
    """The report of one date (executed notebooks → HTML, Word, PDF), cold and warm (target ≤ 2 s)."""
    from benchmarks.bench_report import report_benchmark
    result = report_benchmark(quick)
    print(f"  Bericht: kalt {result['cold_wall_s']:.2f} s Wand / {result['cold_cpu_s']:.2f} s CPU, warm "
          f"{result['warm_wall_s']:.2f} s / {result['warm_cpu_s']:.2f} s (Ziel ≤ 2 s)", flush=True)
    return result


# (key in results.json, German title, function): other benchmark modules append here.
SECTIONS: list[tuple[str, str, Callable[[bool], dict]]] = [
    ("single_date", "Ein Stichtag: run gegen dieselben Paketaufrufe bei gleicher Parallelität", single_date),
    ("batch", "Vier Stichtage: run --jobs 2 gegen einfache Prozesse, zwei gleichzeitig", batch),
    ("profiles", "Kommunensteckbriefe eines Stichtags: run gegen einen einfachen Prozess", profiles),
    ("report", "Der Bericht eines Stichtags aus den ausgeführten Notebooks: HTML, Word, PDF", report),
    ("kernels", "Frischer Kernel je Notebook gegen einen Kernel je Worker", kernels),
    ("jobs1_executor", "--jobs 1: Worker als Thread im Lauf gegen einen Worker-Prozess", jobs1_executor),
    ("job_order", "Reihenfolge der Jobs bei zwei Workern", job_order),
    ("cluster", "Acht Stichtage mit Steckbriefen: lokaler Pool gegen LocalCluster mit zwei Workern", cluster),
    ("scale", "Ganzer Lauf auf vervielfachten Daten: Zeit und Speicherspitze", scale),
    ("profile_cost", "Kosten je zusätzlicher Kommune (Steckbrief)", profile_cost),
]


def _commit() -> str:
    """The measured code: a section's figures hold for this commit (others may be older, see --only)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "evaluation", "benchmarks"], cwd=ROOT, capture_output=True,
                           text=True)
    return head.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one pair without warm-up, scale 10× and 100× only")
    parser.add_argument("--only", action="append", choices=[key for key, _, _ in SECTIONS],
                        help="run only this section (repeatable); the others keep their last results")
    args = parser.parse_args()
    target = ROOT / "benchmarks" / "results.json"
    results = json.loads(target.read_text(encoding="utf-8")) if args.only and target.is_file() else {}
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_average_at_start": os.getloadavg()[0]}
    for number, (key, title, function) in enumerate(SECTIONS, 1):
        if args.only and key not in args.only:
            continue
        print(f"{number}. {title} …", flush=True)
        results[key] = {"commit": _commit(), **function(args.quick)}
    results["machine"]["load_average_at_end"] = os.getloadavg()[0]
    target.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"Ergebnisse: {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
