"""The run's work as plain package calls, without notebooks or kernels: the baseline of run_benchmark.py.

  python benchmarks/plain_run.py OUT DATE                  one process: build, every section, findings files
  python benchmarks/plain_run.py --workers 2 OUT DATE      data built here, the notebooks' sections in 2 processes
                                                           (split by the pipeline's cost estimate), findings files here
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
    """The files the pipeline writes itself: findings, workbook, provenance.

    The report files (werkreport.html/.docx/.pdf) are rendered from the executed notebooks (evaluation.report),
    which this baseline does not have; the run's report step (about a second per date) is not part of it.
    """
    from evaluation.publication import findings_table, provenance, reconciliation, workbook
    reports = out / "reports" / ds.reporting_date
    reports.mkdir(parents=True, exist_ok=True)
    table, checks = reconciliation.findings_table(ds)
    findings_table.write(table, checks, ds.reporting_date, reports)
    workbook.write(ds, table, checks, reports)
    provenance.write(ds, reports)


def split(notebooks: list[str], workers: int) -> list[list[str]]:
    """The costliest notebook first to the least loaded worker (the pipeline's own cost estimate)."""
    from evaluation.run.pipeline import cost
    groups: list[list[str]] = [[] for _ in range(workers)]
    load = [0] * workers
    for name in sorted(notebooks, key=lambda n: -cost(n)):
        i = load.index(min(load))
        groups[i].append(name)
        load[i] += cost(name)
    return [g for g in groups if g]


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
    parser.add_argument("--notebooks", help=argparse.SUPPRESS)  # a worker of --workers: these notebooks' sections
    args = parser.parse_args()
    out = args.out.resolve()
    if len(args.dates) > 1:
        run_children([[sys.executable, __file__, str(out), d] for d in args.dates], args.parallel)
        return
    date = args.dates[0]
    if args.notebooks:
        render(date, out, args.notebooks.split(","))
        return
    build(date, out)
    if args.workers == 1:
        finish(render(date, out), out)
        return
    from evaluation.run.execute import NOTEBOOKS
    run_children([[sys.executable, __file__, str(out), date, "--notebooks", ",".join(Path(n).stem for n in group)]
                  for group in split(NOTEBOOKS, args.workers)], args.workers)
    import evaluation as ev
    finish(ev.load(date, processed_dir=out / "data" / "processed"), out)


if __name__ == "__main__":
    main()
