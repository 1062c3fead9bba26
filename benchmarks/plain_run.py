"""The run's work as plain package calls, without notebooks or kernels: the baseline of run_benchmark.py.

  python benchmarks/plain_run.py OUT DATE                  one process: build, every section, the report files
  python benchmarks/plain_run.py --workers 2 OUT DATE      data built here, each notebook's sections a task of a pool
                                                           of 2 spawned processes (in the run's order), report files here
  python benchmarks/plain_run.py --parallel 2 OUT DATE…    one single-process run per date, two at a time

Each form does what `python -m evaluation run` does with the same parallelism, minus papermill and the kernels.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(date: str, out: Path) -> None:
    from evaluation import paths
    from evaluation.data import clean
    clean.build(paths.raw_dir(), date).write(out / "data" / "processed" / date)


def render(date: str, out: Path, notebooks: list[str] | None = None):
    """What the notebooks show, section by section: texts, tables, figures saved as PNG + SVG."""
    import evaluation as ev
    from evaluation import chapters
    from evaluation.charts import catalogue
    ds = ev.load(date, processed_dir=out / "data" / "processed")
    figures = out / "figures" / date
    for section in chapters.PLAN:
        if notebooks is not None and section.notebook not in notebooks:
            continue
        for block in section.blocks:
            if isinstance(block, chapters.Figure):
                catalogue.show(ds, block.key, figures)
            else:
                block.render(ds)
    return ds


def finish(ds, out: Path) -> None:
    """The files the pipeline writes itself: findings, workbook, HTML, Word, PDF, provenance."""
    from evaluation import html_report, pdf_report, word_report
    from evaluation.publication import findings_table, provenance, reconciliation, workbook
    reports = out / "reports" / ds.reporting_date
    reports.mkdir(parents=True, exist_ok=True)
    table, checks = reconciliation.findings_table(ds)
    findings_table.write(table, checks, ds.reporting_date, reports)
    workbook.write(ds, table, checks, reports)
    page = html_report.build(ds, out / "figures" / ds.reporting_date, reports)
    word_report.build(ds, out / "figures" / ds.reporting_date, reports)
    pdf_report.build(page, ds.reporting_date, echo=lambda message: None)
    provenance.write(ds, reports)


def render_notebook(date: str, out: Path, notebook: str) -> None:
    """One notebook's sections in a pool worker (a task, like the run's job)."""
    render(date, out, [Path(notebook).stem])


def run_children(commands: list[list[str]], at_once: int) -> None:
    """Run the commands, at most `at_once` at a time (the next starts when any one ends); fail if one fails."""
    running: dict[int, list[str]] = {}
    pending = list(commands)
    while pending or running:
        while pending and len(running) < at_once:
            command = pending.pop(0)
            running[subprocess.Popen(command, cwd=ROOT).pid] = command
        pid, status = os.wait()
        command = running.pop(pid)
        if os.waitstatus_to_exitcode(status):
            sys.exit(f"fehlgeschlagen: {' '.join(command)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("dates", nargs="+")
    parser.add_argument("--workers", type=int, default=1, help="processes for the sections of one date")
    parser.add_argument("--parallel", type=int, default=1, help="single-process runs of several dates at a time")
    args = parser.parse_args()
    out = args.out.resolve()
    if len(args.dates) > 1:
        run_children([[sys.executable, __file__, str(out), d] for d in args.dates], args.parallel)
        return
    date = args.dates[0]
    build(date, out)
    if args.workers == 1:
        finish(render(date, out), out)
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context
    from evaluation.run.execute import NOTEBOOKS
    with ProcessPoolExecutor(args.workers, mp_context=get_context("spawn")) as pool:
        list(pool.map(render_notebook, [date] * len(NOTEBOOKS), [out] * len(NOTEBOOKS), NOTEBOOKS))
    import evaluation as ev
    finish(ev.load(date, processed_dir=out / "data" / "processed"), out)


if __name__ == "__main__":
    main()
