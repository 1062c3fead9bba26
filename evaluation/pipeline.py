"""The run of one or more reporting dates: check and build the data, execute the notebooks,
write findings, HTML and provenance, and promote the outputs of each date into place.

Per date everything is produced in a staging folder under the output root and moved into
`data/processed/<date>`, `figures/<date>`, `reports/<date>` only when all its notebooks
succeeded; on a failure nothing of that date remains. This is the only writer of those folders.
The data are checked and built in this process before any kernel starts, so the notebooks are
independent of each other: with `jobs` > 1 they run side by side in worker processes
(papermill's kernel start races inside one process), the costliest first, several dates
included; each worker keeps one warm kernel.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import paths, reporting_date as rd
from .dataset import replace_dir
from .delivery import Delivery
from .errors import NotebookError
from .execute import NOTEBOOKS, drop_kernel, papermill_module, warm_kernel, execute_notebook, strip_timing

@dataclass
class _DateRun:
    date: str
    stage: Path
    staged: dict
    parameters: dict
    running: int = 0
    failed: str | None = None
    stale: str | None = None


def _prepare(date: str, delivery: Delivery, out: Path, echo) -> _DateRun:
    from . import clean
    # A fixed staging name: the executed notebooks record their paths, and a re-run on
    # unchanged data must reproduce the same bytes. A leftover of a crashed run is discarded.
    stage = out / f".lauf-{date}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        staged = paths.output_layout(stage, date)
        t0 = time.perf_counter()
        echo(f"Stichtag {rd.german(date)}: Rohdaten prüfen und aufbereiten ({delivery.raw_dir})")
        dataset = clean.build(delivery, date, progress=lambda msg: echo(f"  … {msg}"))
        dataset.write(staged["processed"])
        echo(f"  Daten aufbereitet ({time.perf_counter() - t0:.1f} s)")
        staged["figures"].mkdir(parents=True, exist_ok=True)
        staged["reports"].mkdir(parents=True, exist_ok=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    parameters = {"reporting_date": date, "raw_dir": str(delivery.raw_dir),
                  "processed_dir": str(staged["processed"].parent), "output_dir": str(stage)}
    from .quality import stale_note
    return _DateRun(date, stage, staged, parameters, stale=stale_note(dataset))


def _finish(run: _DateRun, out: Path, echo, audits: dict) -> dict[str, Path]:
    """Findings, HTML and provenance of the date, written by the pipeline itself; then promotion."""
    from .dataset import Dataset
    from . import html_report
    from .publication import findings_table, pdf, provenance, reconciliation, word, workbook
    dataset = Dataset.read(run.staged["processed"])
    table, checks = reconciliation.findings_table(dataset)
    findings_table.write(table, checks, dataset.reporting_date, run.staged["reports"])
    workbook.write(dataset, table, checks, run.staged["reports"])
    echo(f"Stichtag {rd.german(run.date)}: " + findings_table.summary(table))
    audits[run.date] = checks
    page = html_report.build(dataset, run.staged["figures"], run.staged["reports"])
    word.build(dataset, run.staged["figures"], run.staged["reports"])
    pdf.build(page, dataset.reporting_date, echo)
    provenance.write(dataset, run.staged["reports"])
    for notebook in run.staged["reports"].glob("*.ipynb"):
        strip_timing(notebook)
    final = paths.output_layout(out, run.date)
    for key in ("processed", "figures", "reports"):
        replace_dir(run.staged[key], final[key])
    shutil.rmtree(run.stage, ignore_errors=True)
    return final


def _retry_command(date: str, delivery: Delivery, out: Path) -> str:
    """The exact command that replaces a published state on purpose."""
    command = f"python -m evaluation run --reporting-date {date}"
    if delivery.raw_dir != paths.raw_dir().resolve():
        command += f" --raw-dir {delivery.raw_dir}"
    if out != paths.project_root().resolve():
        command += f" --output-dir {out}"
    return command + " --force"


def run(reporting_dates: str | list[str], raw_dir: Path | None = None, output_dir: Path | None = None,
        echo: Callable[[str], None] = print, jobs: int | None = None,
        notebooks: list[str] | None = None, force: bool = False) -> dict[str, dict[str, Path]]:
    """Clean the raw data and execute the notebooks for each date; returns the output folders per date.

    A date whose published outputs were made from other raw data is refused unless `force`.
    """
    dates = [reporting_dates] if isinstance(reporting_dates, str) else list(reporting_dates)
    dates = list(dict.fromkeys(rd.parse(d) for d in dates))
    from .publication import findings_table, provenance
    delivery = Delivery(Path(raw_dir).resolve() if raw_dir else paths.raw_dir())
    out = Path(output_dir).resolve() if output_dir else paths.project_root()
    notebooks = notebooks or NOTEBOOKS
    jobs = max(1, jobs or os.cpu_count() or 1)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    runs: list[_DateRun] = []
    results: dict[str, dict[str, Path]] = {}
    audits: dict = {}

    def guard(r: _DateRun) -> None:
        """After the content is validated (a content error names file and row), the published state is checked."""
        if not force:
            provenance.check_unchanged(paths.output_layout(out, r.date)["reports"], delivery, r.date,
                                       retry=_retry_command(r.date, delivery, out))
        if r.stale:
            echo(f"  Warnung: {r.stale}")
    # Workers start their kernels while this process checks and builds the data;
    # bad data terminates them at once.
    pool = multiprocessing.get_context("spawn").Pool(jobs, initializer=_warm_worker) if jobs > 1 else None
    warming = None
    if pool is None:  # the one kernel starts and imports while the data are built
        warming = threading.Thread(target=_warm_worker, daemon=True)
        warming.start()
    try:
        if pool is None:
            for date in dates:
                runs.append(_prepare(date, delivery, out, echo))
                guard(runs[-1])
            warming.join()
            _run_serial(runs, notebooks, out, echo, results, audits)
        else:
            _run_parallel(dates, delivery, runs, notebooks, out, echo, results, pool, audits, guard)
            pool.close()
            pool.join()
    finally:
        if pool is not None:
            pool.terminate()
        if warming is not None:
            warming.join()
        drop_kernel()
        for r in runs:
            shutil.rmtree(r.stage, ignore_errors=True)
    failures = [r for r in runs if r.failed]
    if failures:
        raise NotebookError("; ".join(f"Stichtag {rd.german(r.date)}: {r.failed} – für diesen Stichtag wurde "
                                      "nichts geschrieben" for r in failures))
    if audits:
        echo(findings_table.audit_block(next(iter(audits.values()))))
    echo(f"Fertig in {time.perf_counter() - started:.1f} s: "
         + ", ".join(str(v["reports"]) for v in results.values()))
    return results


def _label(run: _DateRun, name: str, total: int, done: int) -> str:
    return f"[{rd.german(run.date)} {done}/{total}] {name}"


def _run_serial(runs, notebooks, out, echo, results, audits) -> None:
    for r in runs:
        for i, name in enumerate(notebooks, 1):
            echo(f"{_label(r, name, len(notebooks), i)} …")
            try:
                seconds = execute_notebook(name, str(r.staged["reports"] / name), r.parameters,
                                           progress_bar=sys.stderr.isatty())
            except Exception as exc:
                r.failed = str(exc) if isinstance(exc, NotebookError) else f"Notebook {name}: {exc}"
                break
            echo(f"{_label(r, name, len(notebooks), i)} fertig ({seconds:.1f} s)")
        if not r.failed:
            results[r.date] = _finish(r, out, echo, audits)


def _warm_worker() -> None:
    """Pool initializer: papermill imported and a kernel started before the first notebook arrives."""
    papermill_module()
    warm_kernel(preload=True)


def cost(name: str) -> int:
    """Expected cost of a notebook from the chapter plan: its sections plus its figures, which dominate."""
    from . import chapters
    sections = chapters.sections_of(Path(name).stem)
    return sum(1 + 4 * sum(isinstance(b, chapters.Figure) for b in s.blocks) for s in sections)


def _run_parallel(dates, delivery, runs, notebooks, out, echo, results, pool, audits, guard) -> None:
    """Each date's notebooks go to the workers as soon as its data are built; the next date is built meanwhile."""
    import queue
    order = sorted(notebooks, key=lambda n: -cost(n))
    done = queue.Queue()
    outstanding, finished = {}, {}
    for date in dates:
        r = _prepare(date, delivery, out, echo)
        runs.append(r)
        guard(r)
        outstanding[r.date], finished[r.date] = len(order), 0
        for name in order:
            pool.apply_async(execute_notebook, (name, str(r.staged["reports"] / name), r.parameters),
                             callback=lambda s, r=r, n=name: done.put((r, n, s, None)),
                             error_callback=lambda e, r=r, n=name: done.put((r, n, None, e)))
    for _ in range(sum(outstanding.values())):
        r, name, seconds, error = done.get()
        outstanding[r.date] -= 1
        finished[r.date] += 1
        if error is not None:
            r.failed = r.failed or (str(error) if isinstance(error, NotebookError) else f"Notebook {name}: {error}")
        elif not r.failed:
            echo(f"{_label(r, name, len(notebooks), finished[r.date])} fertig ({seconds:.1f} s)")
        if outstanding[r.date] == 0 and not r.failed:
            results[r.date] = _finish(r, out, echo, audits)


