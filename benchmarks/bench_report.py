"""Cost of the report per reporting date (not a test): python benchmarks/bench_report.py [REPORTS_DIR FIGURES_DIR]

Times evaluation.report.build – executed notebooks → werkreport.html, .docx, .pdf – on the executed notebooks of
a finished run (without arguments: a run of the default date into a temporary folder first). Reported: the first
build in a fresh process (imports, Typst's fonts, the reference.docx) and the median of `repeats` further builds,
each as wall and CPU seconds (CPU includes the pandoc processes); plus the steps one after another (collect, each
pandoc format, Typst) to show what the parallel render saves. Target: all three formats ≤ 2 s per date.
"""
from __future__ import annotations

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

COLD = """
import sys, time, resource
from pathlib import Path
start = time.perf_counter()
from evaluation.report import build, toc
reports, figures, out = (Path(a) for a in sys.argv[1:4])
executed = [p.stem for p in reports.glob("*.ipynb")]
build(reports, figures, out, reports.name, toc.load().restricted(executed))
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - start, own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime)
"""


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(step) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    step()
    return time.perf_counter() - wall, _cpu() - cpu


def measure(reports: Path, figures: Path, repeats: int = 5) -> dict:
    from evaluation.report import build, collect, render, title_page, toc
    date = reports.name
    contents = toc.load().restricted(p.stem for p in reports.glob("*.ipynb"))
    out = Path(tempfile.mkdtemp(prefix="bench-report-"))
    cold = subprocess.run([sys.executable, "-c", COLD, str(reports), str(figures), str(out)], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout.split()
    result = {"date": date, "cold_wall_s": round(float(cold[0]), 3), "cold_cpu_s": round(float(cold[1]), 3)}
    build(reports, figures, out, date, contents)  # warm this process
    runs = [_timed(lambda: build(reports, figures, out, date, contents)) for _ in range(repeats)]
    result["warm_wall_s"] = round(statistics.median(w for w, _ in runs), 3)
    result["warm_cpu_s"] = round(statistics.median(c for _, c in runs), 3)
    steps: dict[str, list] = {}
    for _ in range(repeats):
        collected = None

        def do_collect():
            nonlocal collected
            collected = collect.collect(reports, contents, figures)
        steps.setdefault("collect", []).append(_timed(do_collect))
        for fmt in render.FORMATS:
            steps.setdefault(fmt, []).append(_timed(lambda fmt=fmt: render.render(
                collected.markdown, title_page(contents, date), date, out, figures, collected.figures,
                collected.images, formats=(fmt,))))
    for name, series in steps.items():
        result[f"alone_{name}_wall_s"] = round(statistics.median(w for w, _ in series), 3)
    result["repeats"] = repeats
    return result


def report_benchmark(quick: bool = False) -> dict:
    """A run of the default date (no profiles) into a temporary folder, then the report built from it."""
    from evaluation.run import pipeline, execute
    from evaluation.reporting_date import DEFAULT
    out = Path(tempfile.mkdtemp(prefix="bench-report-run-"))
    folders = pipeline.run(DEFAULT, output_dir=out, echo=lambda m: None, jobs=2,
                           notebooks=execute.chapter_notebooks())[DEFAULT]
    return measure(folders["reports"], folders["figures"], repeats=3 if quick else 5)


def main() -> None:
    if len(sys.argv) == 3:
        result = measure(Path(sys.argv[1]), Path(sys.argv[2]))
    else:
        result = report_benchmark()
    print(json.dumps({"report_per_date": result}, indent=2))


if __name__ == "__main__":
    main()
