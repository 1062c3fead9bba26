"""Whole-run scale (not a test): `python -m evaluation run` on the reconstruction replicated 1×, 10×, 100×, 1000×.

What a user waits for — cleaning, every notebook with its charts, findings, HTML — run as a subprocess
exactly as from the command line, with the peak memory of the whole process tree (the run, its pool
workers, their kernels, pandoc) sampled every 0.1 s as the sum of resident set sizes, and which kinds of
process made up the sum at its peak. Target (issue 18): 1000× in ≤ 30 s wall time with ≤ 2 GiB peak on two
cores, growing linearly from 1× – `linearity` fits wall and CPU seconds to the data size; `steps` names the
largest steps (data preparation, each notebook, findings, report) of each factor.

    python benchmarks/bench_scale.py --factors 1 10 100 [--data-dir /tmp/scale-data] [--jobs 2]

`scale(factors)` returns the results as a dict (run_benchmark.py adds it to results.json).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATE = "2022-03-31"
FACTORS = (1, 10, 100, 1000)
SAMPLE_S = 0.1
GIB = 1024 ** 3
# "[31.03.2022 3/30] 10_inanspruchnahme.ipynb fertig (12,3 s)" and "Daten aufbereitet (4,1 s)"
NOTEBOOK_LINE = re.compile(r"\] (\S+?)(?:\.ipynb)? fertig \((\d+(?:[.,]\d+)?) s\)")
PREPARE_LINE = re.compile(r"Daten aufbereitet \((\d+(?:[.,]\d+)?) s\)")
FINISH_LINES = {"findings_workbook": re.compile(r"Arbeitsmappe geschrieben \((\d+(?:[.,]\d+)?) s\)"),
                "report_html_docx_pdf": re.compile(r"HTML, Word und PDF gesetzt \((\d+(?:[.,]\d+)?) s\)")}
PROFILE_FACTORS = (1, 10, 100)


def delivery(factor: int, data_dir: Path) -> tuple[Path, dict[str, int]]:
    """The delivery `factor` × the reconstruction under data_dir/x<factor>, built once and reused."""
    from benchmarks.scale_data import replicate
    folder = Path(data_dir) / f"x{factor}"
    sizes_file = Path(data_dir) / f"x{factor}.sizes.json"  # beside the delivery, not in it
    if sizes_file.is_file():
        return folder, json.loads(sizes_file.read_text(encoding="utf-8"))
    sizes = replicate(ROOT / "data" / "raw", folder, factor)
    sizes_file.write_text(json.dumps(sizes), encoding="utf-8")
    return folder, sizes


def _kind(p: psutil.Process, root: psutil.Process) -> str:
    """What a process of the run is: the run itself, a pool worker, a kernel, pandoc, or other."""
    if p.pid == root.pid:
        return "run"
    line = " ".join(p.cmdline())
    for kind, mark in (("kernel", "ipykernel"), ("kernel", "IPKernelApp"), ("worker", "multiprocessing"),
                       ("pandoc", "pandoc")):
        if mark in line:
            return kind
    return "other"


def _sample(proc: psutil.Process, cpu: dict[int, float], kinds: dict[str, int] | None = None) -> int:
    """RSS summed over the process and its descendants (per kind of process into `kinds`); each one's CPU seconds
    so far recorded in `cpu`.

    CPU is sampled, not taken from the reaped children's accounting: kernels are children of pool workers
    that the run terminates, so their time would never be reported to this process.
    """
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            with p.oneshot():
                rss = p.memory_info().rss
                total += rss
                times = p.cpu_times()
            if kinds is not None:
                kind = _kind(p, proc)
                kinds[kind] = kinds.get(kind, 0) + rss
            cpu[p.pid] = max(cpu.get(p.pid, 0.0), times.user + times.system)
        except psutil.Error:  # ended between listing and reading
            pass
    return total


def _seconds(text: str) -> float:
    return float(text.replace(",", "."))


def run_measured(raw: Path, jobs: int | None = None, profiles: bool = False) -> dict:
    """One full run on `raw` into a temporary output folder: wall, CPU (all descendants), peak RSS sum.

    Without `profiles` the run leaves out the Kommunensteckbriefe (--no-profiles): at 1000× they would be
    22,000 notebooks, measured on their own by profile_cost."""
    out = Path(tempfile.mkdtemp(prefix="bench-scale-out-"))
    cmd = [sys.executable, "-m", "evaluation", "run", "--reporting-date", DATE, "--raw-dir", str(raw),
           "--output-dir", str(out)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    if not profiles:
        cmd.append("--no-profiles")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    watched = psutil.Process(proc.pid)
    peak, cpu, at_peak = [0], {}, {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            kinds: dict[str, int] = {}
            try:
                total = _sample(watched, cpu, kinds)
            except psutil.Error:
                return
            if total > peak[0]:
                peak[0] = total
                at_peak.clear()
                at_peak.update(kinds, seconds=time.perf_counter() - start)
            stop.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.stdout.read()
    stop.set()  # the last sample is taken at most 0.1 s before the run ends
    sampler.join()
    proc.wait()
    wall = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"Lauf fehlgeschlagen (Exit-Code {proc.returncode}):\n{output[-4000:]}")
    notebooks = {m[1]: _seconds(m[2]) for m in NOTEBOOK_LINE.finditer(output)}
    prepared = PREPARE_LINE.search(output)
    outputs = {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*")
               if p.is_file() and p.suffix in (".png", ".svg", ".html")}
    finish = {key: _seconds(m[1]) for key, line in FINISH_LINES.items() if (m := line.search(output))}
    steps = {"data_preparation": _seconds(prepared[1]) if prepared else None,
             **{f"notebook {k}": v for k, v in notebooks.items()}, **finish}
    return {"wall_s": round(wall, 2),
            "cpu_s": round(sum(cpu.values()), 2),
            "peak_gib": round(peak[0] / GIB, 3),
            "peak_composition": {"seconds_into_run": round(at_peak.pop("seconds", 0.0), 1),
                                 **{k: round(v / GIB, 3) for k, v in sorted(at_peak.items(), key=lambda kv: -kv[1])}},
            "prepare_s": steps["data_preparation"],
            "finish_s": finish,
            "largest_steps_s": dict(sorted(((k, v) for k, v in steps.items() if v is not None),
                                           key=lambda kv: -kv[1])[:6]),
            "notebooks_s": dict(sorted(notebooks.items(), key=lambda kv: -kv[1])),
            "largest_outputs_bytes": dict(sorted(outputs.items(), key=lambda kv: -kv[1])[:5]),
            "output_dir": str(out)}


def scale(factors=FACTORS, data_dir: Path | None = None, jobs: int | None = None, keep: bool = False) -> dict:
    """Per factor: record counts of the delivery and the measured run (see run_measured)."""
    import shutil
    data_dir = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="bench-scale-data-"))
    results = {"date": DATE, "jobs": jobs or os.cpu_count(), "cpus": os.cpu_count(),
               "memory": "sum of RSS over the run and all its descendants, sampled every 0.1 s",
               "cpu": "user + system seconds of the run and each descendant, sampled every 0.1 s", "factors": {}}
    for factor in factors:
        raw, sizes = delivery(factor, data_dir)
        measured = run_measured(raw, jobs)
        if not keep:
            shutil.rmtree(measured.pop("output_dir"), ignore_errors=True)
        results["factors"][f"x{factor}"] = {"sizes": sizes, **measured}
        slowest = ", ".join(f"{k} {v:.1f} s" for k, v in list(measured["largest_steps_s"].items())[:3])
        print(f"  ×{factor}: {measured['wall_s']:.1f} s Wand, {measured['cpu_s']:.1f} s CPU, "
              f"Spitze {measured['peak_gib']:.2f} GiB; größte Schritte: {slowest}", flush=True)
    if len(results["factors"]) > 1:
        results["linearity"] = linearity(results["factors"])
    return results


def linearity(factors: dict) -> dict:
    """Least-squares line seconds = fixed + per_record × records through all factors, and how far each
    measurement lies from it: linear growth keeps every residual small against the largest run."""
    import numpy as np
    records = np.array([sum(f["sizes"].values()) for f in factors.values()], dtype=float)
    fits = {}
    for key in ("wall_s", "cpu_s", "peak_gib"):
        values = np.array([f[key] for f in factors.values()], dtype=float)
        slope, fixed = np.polyfit(records, values, 1)
        fitted = fixed + slope * records
        fits[key] = {"fixed": round(float(fixed), 3), "per_million_records": round(float(slope) * 1e6, 3),
                     "largest_residual_share": round(float(np.max(np.abs(values - fitted)) / values.max()), 3)}
    return {"records": dict(zip(factors, records.astype(int).tolist())), **fits}


def profile_cost(factors=PROFILE_FACTORS, data_dir: Path | None = None, jobs: int | None = None) -> dict:
    """Cost per additional municipality: the run with and without Kommunensteckbriefe at each factor,
    the difference divided by the municipalities active at the date (linear if it stays flat)."""
    import shutil

    from evaluation import load
    from evaluation.findings.profile import active
    data_dir = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="bench-scale-data-"))
    results = {"date": DATE, "jobs": jobs or os.cpu_count(), "factors": {}}
    for factor in factors:
        raw, _ = delivery(factor, data_dir)
        without = run_measured(raw, jobs, profiles=False)
        with_profiles = run_measured(raw, jobs, profiles=True)
        for measured in (without, with_profiles):
            shutil.rmtree(measured.pop("output_dir"), ignore_errors=True)
        n = len(active(load(DATE, raw_dir=raw)))
        per = {key: round((with_profiles[key] - without[key]) / n, 3) for key in ("wall_s", "cpu_s")}
        results["factors"][f"x{factor}"] = {"municipalities": n, "without_profiles": without,
                                            "with_profiles": with_profiles, "per_municipality": per}
        print(f"  ×{factor}: {n} Kommunen, je Steckbrief {per['wall_s']:.3f} s Wand, {per['cpu_s']:.3f} s CPU "
              f"(Spitze mit Steckbriefen {with_profiles['peak_gib']:.2f} GiB)", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=list(FACTORS))
    parser.add_argument("--data-dir", type=Path, help="keep the scaled deliveries here and reuse them")
    parser.add_argument("--jobs", type=int, help="passed to run --jobs (default: the run's own, the number of cores)")
    parser.add_argument("--keep", action="store_true", help="keep each run's output folder (path in the result)")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    parser.add_argument("--profile-factors", type=int, nargs="*", default=[],
                        help="also the cost per Kommunensteckbrief at these factors (runs with and without)")
    args = parser.parse_args()
    results = scale(args.factors, args.data_dir, args.jobs, args.keep)
    if args.profile_factors:
        results["profile_cost"] = profile_cost(args.profile_factors, args.data_dir, args.jobs)
    text = json.dumps(results, indent=1, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
