"""Benchmark of the full run (not a test): python benchmarks/run_benchmark.py [--quick]

1. One reporting date: `python -m evaluation run` (papermill, kernels) against the same package
   calls in one plain Python process. Target: notebook run ≤ 1.5 × plain.
2. A batch of reporting dates, sequential (--jobs 1) and parallel (--jobs 2). Target: parallel ≤ 0.65 × sequential.
3. Scale: the reconstruction replicated 10×, 30× and 100× (about 2,200 municipalities, 4,500 offers,
   94,000 coded segments, 400,000 log entries); cleaning plus findings timed in-process.
   Target: under 10 s at 100×, growing no worse than linearly.
Results are printed and written to benchmarks/results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable
DATES = ["2019-12-31", "2020-12-31", "2021-03-31", "2022-03-31"]

PLAIN = """
import sys
from pathlib import Path
import evaluation as ev
from evaluation import chapters, clean
from evaluation.charts import catalogue
from evaluation import html_report
from evaluation.publication import findings_table, provenance, reconciliation
date, out = sys.argv[1], Path(sys.argv[2])
ds = clean.build(ev.paths.raw_dir(), date)
ds.write(out / "data" / "processed" / date)
ds = ev.load(date, processed_dir=out / "data" / "processed")
figures = out / "figures" / date
for section in chapters.PLAN:  # what the notebooks show, section by section
    for block in section.blocks:
        if isinstance(block, chapters.Figure):
            catalogue.show(ds, block.key, figures)
        else:
            block.render(ds)
table, checks = reconciliation.findings_table(ds)
findings_table.write(table, checks, date, out / "reports" / date)
html_report.build(ds, figures, out / "reports" / date)
provenance.write(ds, out / "reports" / date)
"""


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return time.perf_counter() - start


def best_of(n: int, make_cmd) -> float:
    return min(timed(make_cmd()) for _ in range(n))


def single_date(repeat: int) -> dict:
    date = "2022-03-31"
    plain = best_of(repeat, lambda: [PY, "-c", PLAIN, date, tempfile.mkdtemp(prefix="bench-plain-")])
    out = {"plain_s": plain}
    for jobs in (1, 2):
        nb = best_of(repeat, lambda: [PY, "-m", "evaluation", "run", "--reporting-date", date, "--jobs", str(jobs),
                                      "--output-dir", tempfile.mkdtemp(prefix="bench-nb-")])
        out[f"notebooks_jobs{jobs}_s"] = nb
        out[f"ratio_jobs{jobs}"] = nb / plain
    return out


def batch(repeat: int) -> dict:
    def cmd(jobs):
        args = [PY, "-m", "evaluation", "run", "--jobs", str(jobs), "--output-dir", tempfile.mkdtemp(prefix="bench-b-")]
        for d in DATES:
            args += ["--reporting-date", d]
        return args
    seq = best_of(repeat, lambda: cmd(1))
    par = best_of(repeat, lambda: cmd(2))
    return {"dates": DATES, "sequential_s": seq, "parallel_s": par, "ratio": par / seq}


def scale(factors: list[int]) -> dict:
    from benchmarks.scale_data import replicate
    from evaluation import clean
    from evaluation.publication.reconciliation import findings_table
    results = {}
    for factor in factors:
        folder = Path(tempfile.mkdtemp(prefix=f"bench-x{factor}-"))
        sizes = replicate(ROOT / "data" / "raw", folder, factor)
        start = time.perf_counter()
        ds = clean.build(folder, "2022-03-31")
        cleaned = time.perf_counter() - start
        findings_table(ds)
        total = time.perf_counter() - start
        results[f"x{factor}"] = {"sizes": sizes, "clean_s": cleaned, "clean_plus_findings_s": total}
        print(f"  ×{factor}: {sizes} → Bereinigung {cleaned:.2f} s, mit Befunden {total:.2f} s", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repetition, scale 10× and 100× only")
    args = parser.parse_args()
    repeat = 1 if args.quick else 2
    results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()}}
    print("1. Ein Stichtag: Notebook-Lauf gegen Paketaufrufe in einem Prozess …", flush=True)
    results["single_date"] = single_date(repeat)
    print(json.dumps(results["single_date"], indent=1), flush=True)
    print("2. Mehrere Stichtage nacheinander und parallel …", flush=True)
    results["batch"] = batch(repeat)
    print(json.dumps(results["batch"], indent=1), flush=True)
    print("3. Skalierung (Bereinigung + Befunde) …", flush=True)
    results["scale"] = scale([10, 100] if args.quick else [10, 30, 100])
    (ROOT / "benchmarks" / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print("Ergebnisse: benchmarks/results.json")


if __name__ == "__main__":
    main()
