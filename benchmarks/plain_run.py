"""The run's work without papermill or kernels: the baseline of run_benchmark.py.

  python benchmarks/plain_run.py OUT DATE                  one process: build, every notebook's cells, the report
  python benchmarks/plain_run.py --workers 2 OUT DATE      data built here, each notebook's cells a task of a pool
                                                           of 2 spawned processes (in the run's order), report here
  python benchmarks/plain_run.py --parallel 2 OUT DATE…    one single-process run per date, two at a time

The same package calls as `python -m evaluation run --no-profiles`, by construction: the notebooks' own code cells
run in this process by IPython's InteractiveShell (what a kernel runs them with), their outputs collected into
executed notebooks, and the report rendered from those – minus papermill, the kernels and their messages.
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


def execute_cells(name: str, date: str, out: Path, extra: dict | None = None, target: Path | None = None) -> Path:
    """One notebook's code cells in this process (parameters: the date's, plus `extra`); the executed notebook
    written to `target` (default reports/<date>/<name>)."""
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output
    from evaluation import paths
    shell = InteractiveShell.instance()
    shell.reset(new_session=True)
    results: list = []  # the displayhook's formatted last expression, as a kernel would publish it
    shell.displayhook.write_output_prompt = lambda: None
    shell.displayhook.write_format_data = lambda data, metadata=None: results.append((data, metadata or {}))
    nb = nbformat.read(paths.notebooks_dir() / name, as_version=4)
    values = {"reporting_date": date, "raw_dir": None, "processed_dir": str(out / "data" / "processed"),
              "output_dir": str(out), **(extra or {})}
    parameters = "\n".join(f"{key} = {value!r}" for key, value in values.items())
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = parameters if "parameters" in cell.metadata.get("tags", []) else cell.source
        with capture_output() as captured:
            result = shell.run_cell(source, store_history=False)
        result.raise_error()
        outputs = [nbformat.v4.new_output("display_data", data=o.data, metadata=o.metadata) for o in captured.outputs]
        outputs += [nbformat.v4.new_output("execute_result", data=data, metadata=metadata, execution_count=1)
                    for data, metadata in results]
        results.clear()
        cell.outputs = outputs
    target = target or out / "reports" / date / name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return target


def finish(date: str, out: Path) -> None:
    """The files the pipeline writes itself: findings, workbook, the report in three formats, provenance."""
    import evaluation as ev
    from evaluation import report
    from evaluation.publication import findings_table, provenance, reconciliation, workbook
    from evaluation.report import toc
    ds = ev.load(date, processed_dir=out / "data" / "processed")
    reports = out / "reports" / date
    table, checks = reconciliation.reconcile(ds)
    findings_table.write(table, checks, date, reports)
    workbook.write(ds, table, checks, reports)
    report.build(reports, out / "figures" / date, reports, date, toc.load())
    provenance.write(ds, reports)


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
    parser.add_argument("--workers", type=int, default=1, help="processes for the notebooks of one date")
    parser.add_argument("--parallel", type=int, default=1, help="single-process runs of several dates at a time")
    args = parser.parse_args()
    out = args.out.resolve()
    if len(args.dates) > 1:
        run_children([[sys.executable, __file__, str(out), d] for d in args.dates], args.parallel)
        return
    date = args.dates[0]
    build(date, out)
    from evaluation.report import toc
    notebooks = [n for n in toc.load().notebooks() if n != f"{toc.load().profile}.ipynb"]
    if args.workers == 1:
        for name in notebooks:
            execute_cells(name, date, out)
    else:
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context
        from benchmarks.plain_run import execute_cells as task  # importable by name in a spawned worker
        with ProcessPoolExecutor(args.workers, mp_context=get_context("spawn")) as pool:
            list(pool.map(task, notebooks, [date] * len(notebooks), [out] * len(notebooks)))
    finish(date, out)


if __name__ == "__main__":
    main()
