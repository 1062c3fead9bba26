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

from evaluation import paths, reporting_date as rd
from evaluation.data.dataset import replace_dir
from evaluation.intake.delivery import Delivery
from evaluation.errors import NotebookError
from evaluation.formatting import number
from evaluation.run.execute import NOTEBOOKS, drop_kernel, papermill_module, warm_kernel, execute_notebook, strip_timing
from evaluation.profile_pages import NOTEBOOK as PROFILE_NOTEBOOK


@dataclass(frozen=True)
class _Job:
    """One unit of work of a date: a chapter notebook or one municipality's profile.

    `fn(name, output, parameters)` is a module-level function returning seconds; `output` and every
    file it writes lie under parameters["output_dir"], the date's stage.
    """
    label: str
    fn: Callable
    name: str
    output: str
    parameters: dict

@dataclass
class _DateRun:
    date: str
    stage: Path
    staged: dict
    parameters: dict
    running: int = 0
    failed: str | None = None
    stale: str | None = None
    profiles: list = None  # (programme key, name, file stem) of each municipality active at the date


def _prepare(date: str, delivery: Delivery, out: Path, echo) -> _DateRun:
    from evaluation.data import clean
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
        echo(f"  Daten aufbereitet ({number(time.perf_counter() - t0, 1)} s)")
        staged["figures"].mkdir(parents=True, exist_ok=True)
        staged["reports"].mkdir(parents=True, exist_ok=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    parameters = {"reporting_date": date, "raw_dir": str(delivery.raw_dir),
                  "processed_dir": str(staged["processed"].parent), "output_dir": str(stage)}
    from evaluation.data.quality import stale_note
    from evaluation.findings.profile import active
    targets = active(dataset)[["programme_key", "name", "stem"]].itertuples(index=False, name=None)
    return _DateRun(date, stage, staged, parameters, stale=stale_note(dataset), profiles=list(targets))


def _jobs(run: _DateRun, notebooks: list[str]) -> list[_Job]:
    """The chapter notebooks, then – when the profile notebook is among `notebooks` – one profile per municipality."""
    from evaluation.profile_pages import FOLDER, execute_profile
    jobs = [_Job(name, execute_notebook, name, str(run.staged["reports"] / name), run.parameters)
            for name in notebooks if name != PROFILE_NOTEBOOK]
    if PROFILE_NOTEBOOK in notebooks:
        jobs += [_Job(f"Kommunensteckbrief {name}", execute_profile, PROFILE_NOTEBOOK,
                      str(run.staged["reports"] / FOLDER / f"{stem}.html"), {**run.parameters, "municipality": key})
                 for key, name, stem in run.profiles]
    return jobs


def _finish(run: _DateRun, out: Path, echo, audits: dict) -> dict[str, Path]:
    """Findings, the report (HTML, Word, PDF) and provenance of the date, written by the pipeline itself; then promotion."""
    from evaluation.data.dataset import Dataset
    from evaluation import profile_pages, report
    from evaluation.report import toc
    from evaluation.publication import findings_table, provenance, reconciliation, workbook
    dataset = Dataset.read(run.staged["processed"])
    table, checks = reconciliation.findings_table(dataset)
    findings_table.write(table, checks, dataset.reporting_date, run.staged["reports"])
    workbook.write(dataset, table, checks, run.staged["reports"])
    echo(f"Stichtag {rd.german(run.date)}: " + findings_table.summary(table))
    audits[run.date] = checks
    # the report in the order of notebooks/_toc.yml, of the notebooks this run executed
    executed = [p.stem for p in run.staged["reports"].glob("*.ipynb")]
    report.build(run.staged["reports"], run.staged["figures"], run.staged["reports"], run.date,
                 toc.load().restricted(executed))
    if (run.staged["reports"] / profile_pages.FOLDER).is_dir():
        profile_pages.write_index(dataset, run.staged["reports"] / profile_pages.FOLDER)
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
        notebooks: list[str] | None = None, force: bool = False,
        scheduler: str | None = None) -> dict[str, dict[str, Path]]:
    """Clean the raw data and execute the notebooks for each date; returns the output folders per date.

    A date whose published outputs were made from other raw data is refused unless `force`. With `scheduler`
    (tcp://HOST:PORT) the notebooks run on that Dask cluster instead of local processes (cluster.py).
    """
    dates = [reporting_dates] if isinstance(reporting_dates, str) else list(reporting_dates)
    dates = list(dict.fromkeys(rd.parse(d) for d in dates))
    from evaluation.publication import findings_table, provenance
    delivery = Delivery(Path(raw_dir).resolve() if raw_dir else paths.raw_dir())
    out = Path(output_dir).resolve() if output_dir else paths.project_root()
    notebooks = notebooks or NOTEBOOKS + [PROFILE_NOTEBOOK]
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
    if scheduler:  # connected before any data are built: an unreachable scheduler is reported at once
        from evaluation.run import cluster
        pool = cluster.Pool(scheduler, echo=echo)
    else:
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
    echo(f"Fertig in {number(time.perf_counter() - started, 1)} s: "
         + ", ".join(str(v["reports"]) for v in results.values()))
    return results


def run_profiles(reporting_dates: str | list[str], municipalities: list[str], raw_dir: Path | None = None,
                 output_dir: Path | None = None, echo: Callable[[str], None] = print) -> list[Path]:
    """Only the named municipalities' profiles, into a date's current published state; returns the pages.

    The date is not recomputed and nothing else of it is touched: each page is made in a staging folder
    from the published dataset and then replaces its one file (os.replace), all pages of the call only
    after every one succeeded. Without a current published state (missing, or made from other raw data
    or another version of the package) the call refuses and names the command for the whole date.
    """
    from evaluation.data.dataset import Dataset, is_current
    from evaluation.errors import PublishedStateError
    from evaluation.profile_pages import FOLDER, execute_profile
    from evaluation.findings.profile import active, resolve
    dates = [reporting_dates] if isinstance(reporting_dates, str) else list(reporting_dates)
    dates = list(dict.fromkeys(rd.parse(d) for d in dates))
    delivery = Delivery(Path(raw_dir).resolve() if raw_dir else paths.raw_dir())
    out = Path(output_dir).resolve() if output_dir else paths.project_root()
    planned, stages = [], []
    for date in dates:
        final = paths.output_layout(out, date)
        if not (is_current(final["processed"], delivery.fingerprint()) and (final["reports"] / "provenance.json").is_file()):
            command = _retry_command(date, delivery, out).removesuffix(" --force")
            raise PublishedStateError(
                f"Für den Stichtag {rd.german(date)} gibt es unter {out} keinen aktuellen veröffentlichten Stand "
                "(er fehlt oder stammt aus anderen Rohdaten oder einer anderen Fassung des Pakets). --municipality "
                "ersetzt nur einzelne Kommunensteckbriefe eines aktuellen Stands und rechnet den Stichtag nicht neu. "
                f"Zuerst den ganzen Stichtag mit allen Steckbriefen rechnen: {command}")
        dataset = Dataset.read(final["processed"])
        stems = active(dataset).set_index("programme_key")
        stage = out / f".steckbriefe-{date}"
        shutil.rmtree(stage, ignore_errors=True)
        stages.append(stage)
        parameters = {"reporting_date": date, "raw_dir": str(delivery.raw_dir),
                      "processed_dir": str(final["processed"].parent), "output_dir": str(stage)}
        run = _DateRun(date, stage, {}, parameters)
        for key in resolve(dataset, municipalities):
            stem, name = stems.at[key, "stem"], stems.at[key, "name"]
            job = _Job(f"Kommunensteckbrief {name}", execute_profile, PROFILE_NOTEBOOK,
                       str(stage / "reports" / date / FOLDER / f"{stem}.html"), {**parameters, "municipality": key})
            planned.append((run, job, final["reports"] / FOLDER / f"{stem}.html"))
    try:
        for i, (run, job, _) in enumerate(planned, 1):
            try:
                seconds = job.fn(job.name, job.output, job.parameters, progress_bar=sys.stderr.isatty())
            except Exception as exc:
                raise NotebookError(_failure(job, exc) + " – es wurde nichts ersetzt") from None
            echo(_done(run, job, len(planned), i, seconds))
        for _, job, target in planned:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(job.output, target)
    finally:
        drop_kernel()
        for stage in stages:
            shutil.rmtree(stage, ignore_errors=True)
    pages = [target for _, _, target in planned]
    echo("Kommunensteckbriefe ersetzt: " + ", ".join(str(p) for p in pages))
    return pages


def _label(run: _DateRun, name: str, total: int, done: int) -> str:
    return f"[{rd.german(run.date)} {done}/{total}] {name}"


def _done(run: _DateRun, job: _Job, total: int, done: int, seconds: float) -> str:
    return f"{_label(run, job.label, total, done)} fertig ({number(seconds, 1)} s)"


def _failure(job: _Job, exc: BaseException) -> str:
    prefix = "" if job.name == job.label else f"{job.label}: "
    return prefix + (str(exc) if isinstance(exc, NotebookError) else f"Notebook {job.name}: {exc}")


def _run_serial(runs, notebooks, out, echo, results, audits) -> None:
    for r in runs:
        jobs = _jobs(r, notebooks)
        for i, job in enumerate(jobs, 1):
            echo(f"{_label(r, job.label, len(jobs), i)} …")
            try:
                seconds = job.fn(job.name, job.output, job.parameters, progress_bar=sys.stderr.isatty())
            except Exception as exc:
                r.failed = _failure(job, exc)
                break
            echo(_done(r, job, len(jobs), i, seconds))
        if not r.failed:
            results[r.date] = _finish(r, out, echo, audits)


def _warm_worker() -> None:
    """Pool initializer: papermill imported and a kernel started before the first notebook arrives."""
    papermill_module()
    warm_kernel(preload=True)


def cost(name: str) -> int:
    """Expected cost of a notebook from the chapter plan: its sections plus its figures, which dominate."""
    from evaluation import chapters
    sections = chapters.sections_of(Path(name).stem)
    return sum(1 + 4 * sum(isinstance(b, chapters.Figure) for b in s.blocks) for s in sections)


def _run_parallel(dates, delivery, runs, notebooks, out, echo, results, pool, audits, guard) -> None:
    """Each date's notebooks go to the workers as soon as its data are built; the next date is built meanwhile."""
    import queue
    done = queue.Queue()
    outstanding, finished, total = {}, {}, {}
    for date in dates:
        r = _prepare(date, delivery, out, echo)
        runs.append(r)
        guard(r)
        jobs = sorted(_jobs(r, notebooks), key=lambda j: -cost(j.name))  # stable: profiles keep their order
        outstanding[r.date], finished[r.date], total[r.date] = len(jobs), 0, len(jobs)
        for job in jobs:
            pool.apply_async(job.fn, (job.name, job.output, job.parameters),
                             callback=lambda s, r=r, j=job: done.put((r, j, s, None)),
                             error_callback=lambda e, r=r, j=job: done.put((r, j, None, e)))
    for _ in range(sum(outstanding.values())):
        r, job, seconds, error = done.get()
        outstanding[r.date] -= 1
        finished[r.date] += 1
        if error is not None:
            r.failed = r.failed or _failure(job, error)
        elif not r.failed:
            echo(_done(r, job, total[r.date], finished[r.date], seconds))
        if outstanding[r.date] == 0 and not r.failed:
            results[r.date] = _finish(r, out, echo, audits)


