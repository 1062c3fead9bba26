"""Benchmark (not a test): the Kommunensteckbriefe of one date in `run` against the same package calls in one
plain Python process.  python benchmarks/bench_profiles.py [--repeat N]

Both sides start from the same published state of the date (built once beforehand, without profiles):
- run:   `python -m evaluation run --municipality P01 … --municipality Pnn` – every active municipality, one
         kernel, papermill per profile, the page from the executed notebook (what the full run does per profile job);
- plain: one process running the profile notebook's own cells for each municipality with IPython's
         InteractiveShell (plain_run.execute_cells) and rendering each page by the same chain – no papermill, no kernel.
Paired runs (run, plain, run, plain …, timing.paired) so a drift of the shared machine hits both; CPU
includes the kernel, a child of the run process. Target: run ≤ 1.5 × plain.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable
DATE = "2022-03-31"
TARGET = 1.5

PLAIN = """
import sys
from pathlib import Path
from benchmarks.plain_run import execute_cells
from evaluation import load
from evaluation.findings import profile as profiles
from evaluation.report import profile_page
from evaluation.run.execute import profile_notebook
date, out = sys.argv[1], Path(sys.argv[2])
ds = load(date, processed_dir=out / "data" / "processed")
target = out / "plain"
for key, stem in zip(profiles.active(ds)["programme_key"], profiles.active(ds)["stem"]):
    notebook = execute_cells(profile_notebook(), date, out, {"municipality": key}, target / f"{stem}.ipynb")
    profile_page(notebook, None, target / f"{stem}.html")
"""


def profiles_benchmark(repeat: int = 3, warmup: int = 1) -> dict:
    """Paired wall/CPU seconds of the profiles of one date in `run` and in a plain process, and their ratios."""
    from benchmarks.timing import paired, timed
    from evaluation import load
    from evaluation.findings import profile as profiles
    out = Path(tempfile.mkdtemp(prefix="bench-profiles-"))
    try:
        subprocess.run([PY, "-m", "evaluation", "run", "--reporting-date", DATE, "--no-profiles", "--output-dir",
                        str(out)], cwd=ROOT, check=True, capture_output=True)
        keys = profiles.active(load(DATE, processed_dir=out / "data" / "processed"))["programme_key"].tolist()
        run_cmd = [PY, "-m", "evaluation", "run", "--reporting-date", DATE, "--output-dir", str(out)]
        for key in keys:
            run_cmd += ["--municipality", key]
        plain_cmd = [PY, "-c", PLAIN, DATE, str(out)]
        result = {"date": DATE, "profiles": len(keys), "a": "python -m evaluation run --municipality … (all active)",
                  "b": "the same package calls in one plain process",
                  **paired(lambda: timed(run_cmd), lambda: timed(plain_cmd), repeat, warmup, target=TARGET)}
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="Paare aus run und plain (Standard 3)")
    print(json.dumps(profiles_benchmark(parser.parse_args().repeat), indent=1))


if __name__ == "__main__":
    main()
