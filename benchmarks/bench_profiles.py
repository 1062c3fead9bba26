"""Benchmark (not a test): the Kommunensteckbriefe of one date in `run` against the same package calls in one
plain Python process.  python benchmarks/bench_profiles.py [--repeat N]

Both sides start from the same published state of the date (built once beforehand) and run on one core:
- run:   `python -m evaluation run --municipality P01 … --municipality Pnn` – every active municipality, one
         kernel, papermill per profile, the report's chain to the page (what the full run does per profile job);
- plain: one process loading the dataset once and calling profiles.profile + the page sections for each
         municipality, writing the page by the same chain (collect + pandoc) without kernel.
Runs alternate (run, plain, run, plain …) so a drift of the shared machine hits both; medians of wall and
CPU seconds (CPU includes the kernel, a child of the run process). Target: run ≤ 1.5 × plain.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable
DATE = "2022-03-31"

PLAIN = """
import sys
from pathlib import Path
import nbformat
from evaluation import load, profile_pages, profiles
date, out = sys.argv[1], Path(sys.argv[2])
ds = load(date, processed_dir=out / "data" / "processed")
target = out / "plain"
target.mkdir(exist_ok=True)
for key, stem in zip(profiles.active(ds)["programme_key"], profiles.active(ds)["stem"]):
    p = profiles.profile(ds, key)
    outputs = []
    for key in profile_pages.SECTIONS:
        for item in profile_pages.section(p, key, ds):
            bundle, meta = (item._repr_mimebundle_() if hasattr(item, "_repr_mimebundle_")
                            else ({"text/markdown": item.data, "text/plain": item.data}, {}))  # IPython Markdown
            outputs.append(nbformat.v4.new_output("display_data", data=bundle, metadata=meta))
    cell = nbformat.v4.new_code_cell("", outputs=outputs)
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={"papermill": {"parameters": {"reporting_date": date}}})
    notebook = target / f"{stem}.ipynb"
    nbformat.write(nb, notebook)
    profile_pages.write_page(notebook, target / f"{stem}.html")  # the report's chain, as the run's profile job
    notebook.unlink()
"""


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def profiles_benchmark(repeat: int = 3) -> dict:
    """Median wall/CPU seconds of the profiles of one date in `run` and in a plain process, and their ratios."""
    from evaluation import load
    from evaluation.findings import profile as profiles
    out = Path(tempfile.mkdtemp(prefix="bench-profiles-"))
    subprocess.run([PY, "-m", "evaluation", "run", "--reporting-date", DATE, "--output-dir", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    keys = profiles.active(load(DATE, processed_dir=out / "data" / "processed"))["programme_key"].tolist()
    run_cmd = [PY, "-m", "evaluation", "run", "--reporting-date", DATE, "--output-dir", str(out)]
    for key in keys:
        run_cmd += ["--municipality", key]
    plain_cmd = [PY, "-c", PLAIN, DATE, str(out)]
    runs, plains = [], []
    for _ in range(repeat):
        runs.append(_timed(run_cmd))
        plains.append(_timed(plain_cmd))
    result = {"date": DATE, "profiles": len(keys), "repeat": repeat}
    for name, series in (("run", runs), ("plain", plains)):
        result[f"{name}_wall_s"] = statistics.median(w for w, _ in series)
        result[f"{name}_cpu_s"] = statistics.median(c for _, c in series)
    result["ratio_wall"] = result["run_wall_s"] / result["plain_wall_s"]
    result["ratio_cpu"] = result["run_cpu_s"] / result["plain_cpu_s"]
    result["ratio_wall_pairs"] = [r[0] / p[0] for r, p in zip(runs, plains)]
    result["run_per_profile_s"] = result["run_wall_s"] / len(keys)
    result["plain_per_profile_s"] = result["plain_wall_s"] / len(keys)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="Paare aus run und plain (Standard 3)")
    print(json.dumps(profiles_benchmark(parser.parse_args().repeat), indent=1))


if __name__ == "__main__":
    main()
