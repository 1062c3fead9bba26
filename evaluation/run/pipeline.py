"""The run of one or more reporting dates: check and build the data, execute the notebooks,
write findings, HTML and provenance, and promote the outputs of each date into place.

Per date everything is produced in a version folder of this run under the output root and published by one
atomic switch only when all its notebooks succeeded (publish.py: version folders, the lock per output root and
date, the state check at start); on a failure nothing of that date remains and the published state is as before.
This is the only writer of `data/processed/<date>`, `figures/<date>`, `reports/<date>`.
The data are checked and built in this process before any notebook runs, so the notebooks are
independent of each other and go to a concurrent.futures executor as jobs, several dates included:
`--jobs N` local worker processes (spawned; papermill's kernel start races inside one process), also for
--jobs 1 (a worker thread in this process cost as much CPU and more wall time: benchmarks/results.json,
jobs1_executor), or with `--scheduler` a Dask cluster's executor (cluster.py wraps the job so that it runs
there). Each worker keeps one kernel (execute.py says why). `_run` is the one code path for both.
"""
from __future__ import annotations

import atexit
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Callable

from evaluation import paths, reporting_date as rd
from evaluation.intake.delivery import Delivery
from evaluation.errors import EvaluationError, NotebookError
from evaluation.formatting import number
from evaluation.run import publish
from evaluation.run.execute import chapter_notebooks, execute_notebook, profile_notebook, start_kernel, strip_timing


@dataclass(frozen=True)
class Job:
    """One unit of work of a date: a chapter notebook or one municipality's profile.

    `fn(name, output, parameters, kernel)` is a module-level function returning seconds (execute_notebook,
    execute.execute_profile); `output` and every file it writes lie under parameters["output_dir"], the
    date's stage.
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
    failed: str | None = None
    published: bool = False
    stale: str | None = None
    profiles: list = None  # (programme key, name, file stem) of each municipality active at the date


def _prepare(date: str, delivery: Delivery, out: Path, echo, keep_profiles: bool = False) -> _DateRun:
    """The date's data, checked and built into a new version folder of this run (publish.new_stage)."""
    from evaluation.data import clean
    stage = publish.new_stage(out, date)
    try:
        staged = paths.output_layout(stage, date)
        t0 = time.perf_counter()
        echo(f"Stichtag {rd.german(date)}: Rohdaten prüfen und aufbereiten ({delivery.raw_dir})")
        dataset = clean.build(delivery, date, progress=lambda msg: echo(f"  … {msg}"))
        dataset.write(staged["processed"])
        echo(f"  Daten aufbereitet ({number(time.perf_counter() - t0, 1)} s)")
        paths.make_dirs(staged["figures"])
        paths.make_dirs(staged["reports"])
        if keep_profiles:
            _carry_profiles(dataset, out, staged["reports"], echo)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    parameters = {"reporting_date": date, "raw_dir": str(delivery.raw_dir),
                  "processed_dir": str(staged["processed"].parent), "output_dir": str(stage)}
    from evaluation.data.quality import stale_note
    from evaluation.findings.profile import active
    targets = active(dataset)[["programme_key", "name", "stem"]].itertuples(index=False, name=None)
    return _DateRun(date, stage, staged, parameters, stale=stale_note(dataset), profiles=list(targets))


def _return_memory() -> None:
    """Give the memory of the built dataset back to the system before the notebooks run: the kernels read the
    data again from disk, and freed blocks that Arrow's pool and the C allocator keep for reuse would count
    against the machine as long as this process lives (at 1000 × the reconstruction several hundred MB)."""
    import ctypes
    import gc

    import pyarrow as pa
    gc.collect()
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl): the allocator keeps its blocks
        pass


def _carry_profiles(dataset, out: Path, reports: Path, echo) -> None:
    """--no-profiles keeps the published Kommunensteckbriefe of the date: copied into the new version when they
    were made from the same raw data; from other raw data they would not fit the new report, so the run refuses."""
    from evaluation.errors import PublishedStateError
    from evaluation.report.profile_pages import FOLDER
    published = paths.output_layout(out, dataset.reporting_date)
    pages = published["reports"] / FOLDER
    if not pages.is_dir():
        return
    if publish.raw_files(published["processed"] / "meta.json") != dataset.meta.get("raw_files"):
        raise PublishedStateError(
            f"--no-profiles: die veröffentlichten Kommunensteckbriefe ({pages}) stammen aus anderen Rohdaten und "
            "passten nicht zum neuen Stand; sie werden weder übernommen noch stillschweigend gelöscht. Den Stichtag "
            "mit Steckbriefen rechnen (ohne --no-profiles).")
    shutil.copytree(pages, reports / FOLDER)
    echo(f"  --no-profiles: die veröffentlichten Kommunensteckbriefe ({pages}) werden unverändert übernommen")


def _jobs(run: _DateRun, notebooks: list[str]) -> list[Job]:
    """The chapter notebooks as listed, then – when the profile notebook is among `notebooks` – one profile per
    municipality: the many short profiles last fill the workers' gaps (benchmarks/results.json, job_order)."""
    from evaluation.report.profile_pages import FOLDER
    from evaluation.run.execute import execute_profile
    jobs = [Job(name, execute_notebook, name, str(run.staged["reports"] / name), run.parameters)
            for name in notebooks if name != profile_notebook()]
    if profile_notebook() in notebooks:
        jobs += [Job(f"Kommunensteckbrief {name}", execute_profile, profile_notebook(),
                     str(run.staged["reports"] / FOLDER / f"{stem}.html"), {**run.parameters, "municipality": key})
                 for key, name, stem in run.profiles]
    return jobs


def _finish(run: _DateRun, out: Path, echo, audits: dict) -> dict[str, Path]:
    """Findings, the report (HTML, Word, PDF) and provenance of the date, written by the pipeline itself; then promotion."""
    from evaluation.data.dataset import Dataset
    from evaluation import report
    from evaluation.report import profile_pages
    from evaluation.report import toc
    from evaluation.publication import appendix, findings_table, provenance, workbook
    t0 = time.perf_counter()
    dataset = Dataset.read(run.staged["processed"])
    table, checks = appendix.reconciled(dataset)
    findings_table.write(table, checks, dataset.reporting_date, run.staged["reports"])
    workbook.write(dataset, table, checks, run.staged["reports"])
    echo(f"Stichtag {rd.german(run.date)}: " + findings_table.summary(table))
    echo(f"  Befunde, Konsistenzprüfung und Arbeitsmappe geschrieben ({number(time.perf_counter() - t0, 1)} s)")
    audits[run.date] = checks
    # the report in the order of notebooks/_toc.yml, of the notebooks this run executed
    t0 = time.perf_counter()
    executed = [p.stem for p in run.staged["reports"].glob("*.ipynb")]
    report.build(run.staged["reports"], run.staged["figures"], run.staged["reports"], run.date,
                 toc.load().restricted(executed))
    echo(f"  Bericht als HTML, Word und PDF gesetzt ({number(time.perf_counter() - t0, 1)} s)")
    if (run.staged["reports"] / profile_pages.FOLDER).is_dir():
        profile_pages.write_index(dataset, run.staged["reports"] / profile_pages.FOLDER)
    provenance.write(dataset, run.staged["reports"])
    for notebook in run.staged["reports"].glob("*.ipynb"):
        strip_timing(notebook, run.stage, out)
    final = publish.publish(run.stage, out, run.date)
    run.published = True
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
    delivery = Delivery(Path(raw_dir).resolve() if raw_dir else paths.raw_dir())
    out = Path(output_dir).resolve() if output_dir else paths.project_root()
    notebooks = notebooks or chapter_notebooks() + [profile_notebook()]
    if jobs is not None and jobs < 1:
        raise EvaluationError(f"--jobs {jobs}: mindestens 1 Notebook gleichzeitig (ohne Angabe: Zahl der Kerne).")
    jobs = jobs or os.cpu_count() or 1
    writable_root(out)
    with publish.locked(out, dates, "python -m evaluation run"):
        for date in dates:
            publish.check(out, date, force=force)
        return _run_locked(dates, delivery, out, echo, jobs, notebooks, force, scheduler)


def writable_root(out: Path) -> None:
    """The output root exists as a writable folder (made if missing); otherwise a German refusal naming it."""
    if out.exists() and not out.is_dir():
        raise EvaluationError(f"Ausgabeordner {out}: dort liegt eine Datei, kein Ordner – --output-dir auf einen "
                              "Ordner setzen. Es wurde nichts geschrieben.")
    paths.make_dirs(out)
    if not os.access(out, os.W_OK | os.X_OK):
        raise EvaluationError(f"Ausgabeordner {out}: keine Schreibberechtigung. Es wurde nichts geschrieben.")


def _run_locked(dates, delivery, out, echo, jobs, notebooks, force, scheduler) -> dict[str, dict[str, Path]]:
    """run() once the locks are held and the published states checked."""
    from evaluation.publication import findings_table, provenance
    keep_profiles = profile_notebook() not in notebooks
    started = time.perf_counter()
    runs: list[_DateRun] = []
    results: dict[str, dict[str, Path]] = {}
    audits: dict = {}

    def prepared():
        """Each date's data, built and checked: content first (a content error names file and row), then the
        published state."""
        for date in dates:
            r = _prepare(date, delivery, out, echo, keep_profiles)
            _return_memory()
            runs.append(r)
            if not force:
                provenance.check_unchanged(paths.output_layout(out, r.date)["reports"], delivery, r.date,
                                           retry=_retry_command(r.date, delivery, out))
            if r.stale:
                echo(f"  Warnung: {r.stale}")
            yield r

    # The workers start their kernels while this process checks and builds the data; a scheduler is connected
    # before: an unreachable one is reported at once.
    executor, remote = _executor(jobs, scheduler, delivery, echo)
    try:
        _run(executor, prepared(), notebooks, out, echo, results, audits, remote)
    finally:
        if remote is not None:
            remote.close(executor)
        else:
            executor.shutdown(wait=True, cancel_futures=True)
        for r in runs:
            if not r.published:
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
    dates = [reporting_dates] if isinstance(reporting_dates, str) else list(reporting_dates)
    dates = list(dict.fromkeys(rd.parse(d) for d in dates))
    delivery = Delivery(Path(raw_dir).resolve() if raw_dir else paths.raw_dir())
    out = Path(output_dir).resolve() if output_dir else paths.project_root()
    writable_root(out)
    with publish.locked(out, dates, "python -m evaluation run --municipality"):
        for date in dates:
            publish.check(out, date)
        return _profiles_locked(dates, municipalities, delivery, out, echo)


def _profiles_locked(dates, municipalities, delivery, out, echo) -> list[Path]:
    """run_profiles() once the locks are held and the published states checked."""
    from evaluation.data.dataset import Dataset, is_current
    from evaluation.errors import PublishedStateError
    from evaluation.report.profile_pages import FOLDER
    from evaluation.run.execute import execute_profile
    from evaluation.findings.profile import active, resolve
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
        keys = list(resolve(dataset, municipalities))
        stage = publish.new_stage(out, date)
        stages.append(stage)
        parameters = {"reporting_date": date, "raw_dir": str(delivery.raw_dir),
                      "processed_dir": str(final["processed"].parent), "output_dir": str(stage)}
        run = _DateRun(date, stage, {}, parameters)
        for key in keys:
            stem, name = stems.at[key, "stem"], stems.at[key, "name"]
            job = Job(f"Kommunensteckbrief {name}", execute_profile, profile_notebook(),
                      str(stage / "reports" / date / FOLDER / f"{stem}.html"), {**parameters, "municipality": key})
            planned.append((run, job, final["reports"] / FOLDER / f"{stem}.html"))
    try:
        with start_kernel() as kernel:
            for i, (run, job, _) in enumerate(planned, 1):
                try:
                    seconds = job.fn(job.name, job.output, job.parameters, kernel, progress_bar=sys.stderr.isatty())
                except Exception as exc:
                    raise NotebookError(_failure(job, exc) + " – es wurde nichts ersetzt") from None
                echo(_done(run, job, len(planned), i, seconds))
        for _, job, target in planned:
            paths.make_dirs(target.parent)
            os.replace(job.output, target)
    finally:
        for stage in stages:
            shutil.rmtree(stage, ignore_errors=True)
    pages = [target for _, _, target in planned]
    echo("Kommunensteckbriefe ersetzt: " + ", ".join(str(p) for p in pages))
    return pages


def _label(run: _DateRun, name: str, total: int, done: int) -> str:
    return f"[{rd.german(run.date)} {done}/{total}] {name}"


def _done(run: _DateRun, job: Job, total: int, done: int, seconds: float) -> str:
    return f"{_label(run, job.label, total, done)} fertig ({number(seconds, 1)} s)"


def _failure(job: Job, exc: BaseException) -> str:
    prefix = "" if job.name == job.label else f"{job.label}: "
    return prefix + (str(exc) if isinstance(exc, NotebookError) else f"Notebook {job.name}: {exc}")


# A local worker's kernel between jobs (or the error that kept it from starting), in the worker process only.
# concurrent.futures gives an executor's initializer and the jobs after it nothing in common but their process:
# `_start_worker` (the initializer) puts the kernel here, `_execute` hands it to each job explicitly, and the
# worker's end closes it.
_worker = None


def _start_worker() -> None:
    global _worker
    try:
        _worker = start_kernel()
    except Exception as exc:
        _worker = exc
    else:
        atexit.register(_worker.close)


def _ready() -> None:
    """Submitted once per worker at the start: the worker (and with it its kernel) starts while the data are built."""


def _execute(job: Job) -> tuple[float, dict]:
    """A job in a local worker, on its kernel; seconds and the files to write into the stage (none: it wrote them)."""
    if isinstance(_worker, Exception):
        raise EvaluationError(f"Der Kernel startet in diesem Prozess nicht: {_worker}")
    return job.fn(job.name, job.output, job.parameters, _worker), {}


def _executor(jobs: int, scheduler: str | None, delivery: Delivery, echo) -> tuple[Executor, object]:
    """The run's executor and, on a cluster, the wrapper that ships each job there (cluster.Remote; None locally)."""
    if scheduler:
        from evaluation.run import cluster
        remote = cluster.Remote(scheduler, delivery, echo)
        return remote.executor(), remote
    executor = ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_start_worker)
    for _ in range(jobs):
        executor.submit(_ready)
    return executor, None


def _write_files(files: dict[str, bytes], folder: Path) -> None:
    for relative, content in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _run(executor: Executor, prepared, notebooks: list[str], out: Path, echo, results: dict, audits: dict,
         remote=None) -> None:
    """Each date's jobs go to the executor as soon as its data are built (the next date is built meanwhile).
    A date is finished and promoted when its last job is done; the first failure cancels the rest of its date."""
    futures: dict[Future, tuple[_DateRun, Job]] = {}
    total: dict[str, int] = {}
    left: dict[str, int] = {}

    def date_done(r: _DateRun) -> None:
        if remote:
            remote.release(r.parameters["processed_dir"])
        elif not any(left.values()):
            # no job left for any date: the workers and their kernels (each holding the data its last notebook
            # read) end while this process writes the findings and renders the report, not after
            executor.shutdown(wait=False)
        if not r.failed:
            results[r.date] = _finish(r, out, echo, audits)
    try:
        for r in prepared:
            jobs = _jobs(r, notebooks)
            total[r.date] = left[r.date] = len(jobs)
            for job in jobs:
                future = remote.submit(executor, job) if remote else executor.submit(_execute, job)
                futures[future] = (r, job)
            if not jobs:
                date_done(r)
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=list(futures).index):  # in the order of submission
                r, job = futures[future]
                left[r.date] -= 1
                if not future.cancelled():
                    try:
                        seconds, files = future.result()
                    except Exception as exc:
                        if not r.failed:
                            r.failed = _failure(job, remote.explain(exc, job.name) if remote else exc)
                            for other, (same, _) in futures.items():
                                if same is r:
                                    other.cancel()
                    else:
                        if not r.failed:
                            _write_files(files, r.stage)
                            echo(_done(r, job, total[r.date], total[r.date] - left[r.date], seconds))
                if left[r.date] == 0:
                    date_done(r)
    finally:
        for future in futures:
            future.cancel()
