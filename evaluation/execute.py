"""Running the chapter notebooks for reporting dates with papermill.

Per date everything is produced in a staging folder under the output root and moved into
`data/processed/<date>`, `figures/<date>`, `reports/<date>` only when all its notebooks
succeeded; on a failure nothing of that date remains. The data are checked and built in this
process before any kernel starts, so the notebooks are independent of each other: with `jobs` > 1
they run side by side in worker processes (papermill's kernel start races inside one process),
the costliest first, several dates included; each worker keeps one warm kernel.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.util
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import paths, provenance, reporting_date as rd
from .dataset import replace_dir
from .errors import NotebookError

KERNEL = "praeventionsketten"

# Chapter order (serial runs and the report); all read the dataset built before them.
NOTEBOOKS = [
    "00_datenaufbereitung.ipynb",
    "10_inanspruchnahme.ipynb",
    "20_strukturen.ipynb",
    "21_angebote.ipynb",
    "30_prozessbegleitung.ipynb",
    "35_qualitative_codierung.ipynb",
    "40_nachhaltigkeit.ipynb",
    "50_fazit.ipynb",
]


def kernel_name() -> str:
    """The project's kernel if registered (make setup does), else the environment's python3."""
    from jupyter_client.kernelspec import KernelSpecManager
    return KERNEL if KERNEL in KernelSpecManager().find_kernel_specs() else "python3"


_KERNEL = None  # this process's warm kernel, reused notebook after notebook


PRELOAD = "import evaluation, evaluation.charts, evaluation.narrative, evaluation.report"


def _warm_kernel(preload: bool = False):
    """One kernel per process, kept across notebooks: imports and start-up are paid once.

    Each notebook still starts from an empty namespace (reset below; modules stay imported); nbval runs every
    notebook in a fresh kernel, so a notebook leaning on another's variables fails there.
    """
    global _KERNEL
    if _KERNEL is None or not _KERNEL.is_alive():
        from jupyter_client.manager import KernelManager
        km = KernelManager(kernel_name=kernel_name())
        km.start_kernel(cwd=str(paths.notebooks_dir()))
        multiprocessing.util.Finalize(km, km.shutdown_kernel, kwargs={"now": True}, exitpriority=10)
        _KERNEL = km
    km = _KERNEL
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        code = (PRELOAD + "\n" if preload else "") + "get_ipython().reset(new_session=True)"
        kc.execute_interactive(code, store_history=False, timeout=120, output_hook=lambda msg: None)
    finally:
        kc.stop_channels()
    return km


def _drop_kernel() -> None:
    global _KERNEL
    if _KERNEL is not None:
        _KERNEL.shutdown_kernel(now=True)
        _KERNEL = None


def _papermill():
    """papermill, imported without jsonschema's optional IRI checker.

    rfc3987-syntax (installed through jupyterlab's jsonschema extras) compiles a grammar for
    over a second at import; notebook validation never checks IRI formats, so a run skips it.
    """
    sys.modules.setdefault("rfc3987_syntax", None)
    import papermill
    return papermill


def execute_notebook(name: str, output: str, parameters: dict, progress_bar: bool = False) -> float:
    """Execute one notebook with papermill; NotebookError names notebook and cell. Returns seconds."""
    pm = _papermill()
    start = time.perf_counter()
    try:
        pm.execute_notebook(str(paths.notebooks_dir() / name), output, parameters=parameters,
                            kernel_name=kernel_name(), cwd=str(paths.notebooks_dir()),
                            progress_bar=progress_bar, log_output=False, km=_warm_kernel(),
                            request_save_on_cell_execute=False)
    except pm.PapermillExecutionError as exc:
        _drop_kernel()
        raise NotebookError(f"Notebook {name}, Zelle {exc.cell_index + 1} (ausgeführte Fassung: "
                            f"{Path(output).name}): {exc.ename}: {exc.evalue}") from None
    except BaseException:
        _drop_kernel()
        raise
    return time.perf_counter() - start


@dataclass
class _DateRun:
    date: str
    stage: Path
    staged: dict
    parameters: dict
    running: int = 0
    failed: str | None = None


def _prepare(date: str, raw: Path, out: Path, echo) -> _DateRun:
    from . import clean
    # A fixed staging name: the executed notebooks record their paths, and a re-run on
    # unchanged data must reproduce the same bytes. A leftover of a crashed run is discarded.
    stage = out / f".lauf-{date}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        staged = paths.output_layout(stage, date)
        t0 = time.perf_counter()
        echo(f"Stichtag {rd.german(date)}: Rohdaten prüfen und aufbereiten ({raw})")
        clean.build(raw, date, progress=lambda msg: echo(f"  … {msg}")).write(staged["processed"])
        echo(f"  Daten aufbereitet ({time.perf_counter() - t0:.1f} s)")
        staged["figures"].mkdir(parents=True, exist_ok=True)
        staged["reports"].mkdir(parents=True, exist_ok=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    parameters = {"reporting_date": date, "raw_dir": str(raw),
                  "processed_dir": str(staged["processed"].parent),
                  "figures_dir": str(staged["figures"].parent),
                  "reports_dir": str(staged["reports"].parent)}
    return _DateRun(date, stage, staged, parameters)


def _finish(run: _DateRun, out: Path, echo) -> dict[str, Path]:
    if (run.staged["reports"] / "findings.csv").is_file():
        from . import html_report
        from .loader import load
        from .report import summary
        echo(f"Stichtag {rd.german(run.date)}: " + summary(run.staged["reports"]))
        dataset = load(run.date, raw_dir=run.parameters["raw_dir"], processed_dir=run.staged["processed"].parent)
        html_report.build(dataset, run.staged["figures"], run.staged["reports"])
        provenance.write(dataset, run.staged["reports"])
    for notebook in run.staged["reports"].glob("*.ipynb"):
        strip_timing(notebook)
    final = paths.output_layout(out, run.date)
    for key in ("processed", "figures", "reports"):
        replace_dir(run.staged[key], final[key])
    shutil.rmtree(run.stage, ignore_errors=True)
    return final


def strip_timing(notebook: Path) -> None:
    """Drop papermill's times, durations and random cell id: same data, same bytes (parameters stay as run record)."""
    import json
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    record = nb.get("metadata", {}).get("papermill", {})
    for key in ("start_time", "end_time", "duration", "exception"):
        record.pop(key, None)
    for cell in nb.get("cells", []):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"  # papermill draws a random id
        for key in ("start_time", "end_time", "duration"):
            cell.get("metadata", {}).get("papermill", {}).pop(key, None)
        cell.get("metadata", {}).pop("execution", None)
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def run(reporting_dates: str | list[str], raw_dir: Path | None = None, output_dir: Path | None = None,
        echo: Callable[[str], None] = print, jobs: int | None = None,
        notebooks: list[str] | None = None, force: bool = False) -> dict[str, dict[str, Path]]:
    """Clean the raw data and execute the notebooks for each date; returns the output folders per date.

    A date whose published outputs were made from other raw data is refused unless `force`.
    """
    dates = [reporting_dates] if isinstance(reporting_dates, str) else list(reporting_dates)
    dates = list(dict.fromkeys(rd.parse(d) for d in dates))
    raw = Path(raw_dir).resolve() if raw_dir else paths.raw_dir()
    out = Path(output_dir).resolve() if output_dir else paths.project_root()
    if not force:
        for date in dates:
            provenance.check_unchanged(paths.output_layout(out, date)["reports"], raw, date)
    notebooks = notebooks or NOTEBOOKS
    jobs = max(1, jobs or os.cpu_count() or 1)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    runs: list[_DateRun] = []
    results: dict[str, dict[str, Path]] = {}
    # Workers start their kernels while this process checks and builds the data;
    # bad data terminates them at once.
    pool = multiprocessing.get_context("spawn").Pool(jobs, initializer=_warm_worker) if jobs > 1 else None
    try:
        for date in dates:
            runs.append(_prepare(date, raw, out, echo))
        if pool is None:
            _run_serial(runs, notebooks, out, echo, results)
        else:
            _run_parallel(runs, notebooks, out, echo, results, pool)
            pool.close()
            pool.join()
    finally:
        if pool is not None:
            pool.terminate()
        _drop_kernel()
        for r in runs:
            shutil.rmtree(r.stage, ignore_errors=True)
    failures = [r for r in runs if r.failed]
    if failures:
        raise NotebookError("; ".join(f"Stichtag {rd.german(r.date)}: {r.failed} – für diesen Stichtag wurde "
                                      "nichts geschrieben" for r in failures))
    echo(f"Fertig in {time.perf_counter() - started:.1f} s: "
         + ", ".join(str(v["reports"]) for v in results.values()))
    return results


def _label(run: _DateRun, name: str, total: int, done: int) -> str:
    return f"[{rd.german(run.date)} {done}/{total}] {name}"


def _run_serial(runs, notebooks, out, echo, results) -> None:
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
            results[r.date] = _finish(r, out, echo)


def _warm_worker() -> None:
    """Pool initializer: papermill imported and a kernel started before the first notebook arrives."""
    _papermill()
    _warm_kernel(preload=True)


def cost(name: str) -> int:
    """Expected cost of a notebook: its code cells plus its charts, which dominate the run time."""
    import json
    cells = json.loads((paths.notebooks_dir() / name).read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    return len(code) + 4 * sum(src.count("charts.show") for src in code)


def _run_parallel(runs, notebooks, out, echo, results, pool) -> None:
    import queue
    order = sorted(notebooks, key=lambda n: -cost(n))
    done = queue.Queue()
    outstanding = {r.date: len(order) for r in runs}
    finished = {r.date: 0 for r in runs}
    for r in runs:
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
            results[r.date] = _finish(r, out, echo)


def refresh_committed(echo: Callable[[str], None] = print) -> None:
    """Re-execute the committed notebooks in place for the default date (outputs for nbval)."""
    import nbformat
    from nbclient import NotebookClient
    for name in NOTEBOOKS:
        path = paths.notebooks_dir() / name
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name=kernel_name(), record_timing=False,
                       resources={"metadata": {"path": str(paths.notebooks_dir())}}).execute()
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        nb.metadata.pop("papermill", None)
        nbformat.write(nb, path)
        echo(f"{name} neu ausgeführt")
