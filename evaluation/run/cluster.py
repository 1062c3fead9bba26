"""The run's jobs on a Dask cluster (`run --scheduler tcp://HOST:PORT`): a Pool-like adapter over distributed.Client.

A job is `fn(name, output, parameters) -> seconds`, as pipeline._run_parallel hands it to a process pool: it
reads the dataset from `parameters["processed_dir"]` and writes only under `parameters["output_dir"]` (the
date's staging folder). No shared file system is assumed. The dataset of a date is scattered once as file
bytes, the notebooks once per run; a worker runs the job in a temporary folder of its own, on one warm kernel
per worker process, and returns every file the job wrote, which this process writes into the stage. The
pipeline then promotes exactly as after a local run.

Instead of the raw folder a worker gets the raw data's fingerprint, computed here from the files the run read:
`load` uses the shipped dataset only if it was built from exactly those files by the same code (loader.py).
The executed notebooks record papermill's parameters and paths. The worker ran with its own temporary paths,
and the stage's paths do not exist there, so they cannot be the values it runs with; instead the run record is
restored to the stage's values with papermill's own parameter translation (the same text papermill injects
locally), which makes the bytes those of a local run.
"""
from __future__ import annotations

import importlib.metadata
import os
import shutil
import tempfile
import threading
import uuid
from pathlib import Path

from distributed import Client
from distributed.diagnostics.plugin import WorkerPlugin

from evaluation import paths
from evaluation.errors import ClusterError, EvaluationError

CONNECT_TIMEOUT = 5  # seconds until an unreachable scheduler is reported
WORKER_WAIT = 30  # seconds a scheduler may take to have its first worker
PLUGIN = "evaluation-worker"
# Packages whose version shows in the bytes of notebooks and figures: workers must have the same.
SAME_VERSIONS = ("pandas", "pyarrow", "matplotlib", "seaborn", "statsmodels", "numpy", "papermill", "nbformat",
                 "nbclient", "ipykernel", "babel", "mistune")


def _versions() -> dict[str, str]:
    found = {}
    for package in SAME_VERSIONS:
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = "fehlt"
    return found


def _read_tree(folder: Path, pattern: str = "**/*") -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.glob(pattern)) if p.is_file()}


def _write_tree(files: dict[str, bytes], folder: Path) -> None:
    for relative, content in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


class Pool:
    """apply_async / close / join / terminate like multiprocessing.Pool, the jobs running on a Dask cluster.

    Connecting, the worker check and the worker set-up (a plugin: temporary folder, warm kernel) happen here,
    before the run builds any data; a scheduler that does not answer within CONNECT_TIMEOUT is reported.
    """

    def __init__(self, address: str, echo=print):
        from evaluation.data.dataset import code_fingerprint
        from evaluation.run.execute import kernel_name
        self.address = address
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise ClusterError(f"Der Dask-Scheduler {address} ist nicht erreichbar (keine Verbindung nach "
                               f"{CONNECT_TIMEOUT} s: {exc}). Läuft dort „dask scheduler“, und stimmt die Adresse "
                               "(tcp://HOST:PORT)?") from None
        try:
            try:
                self.client.wait_for_workers(1, timeout=WORKER_WAIT)
            except TimeoutError:
                raise ClusterError(f"Der Dask-Scheduler {address} hat nach {WORKER_WAIT} s noch keinen Worker "
                                   f"(„dask worker {address} --nthreads 1“ starten).") from None
            try:
                self.client.register_plugin(_WorkerSetup(code_fingerprint(), kernel_name(), _versions()), name=PLUGIN)
            except EvaluationError:
                raise
            except Exception as exc:
                raise ClusterError(_missing_package(address, exc)) from None
        except BaseException:
            self._disconnect()
            raise
        workers = self.client.scheduler_info(n_workers=-1)["workers"]
        echo(f"Dask-Cluster {address}: {len(workers)} Worker, "
             f"{sum(w['nthreads'] for w in workers.values())} Threads")
        self._futures: list = []
        self._shipped: dict = {}
        self._users: dict = {}
        self._fingerprints: dict = {}
        self._lock = threading.Lock()
        self._idle = threading.Condition()
        self._pending = 0
        self._closed = self._terminated = False

    def _ship(self, key, read):
        """Scatter once (a date's dataset, the notebooks) to every worker; later jobs refer to it."""
        with self._lock:  # the callback thread releases; only this thread ships
            if key in self._shipped:
                self._users[key] += 1
                return self._shipped[key]
        future = self.client.scatter([read()], broadcast=True, hash=False)[0]
        with self._lock:
            self._shipped[key], self._users[key] = future, 1
        return future

    def _unship(self, key) -> None:
        """A date's last job is done: its dataset leaves the workers' memory."""
        self._users[key] -= 1
        if not self._users[key] and key in self._shipped:
            self._shipped.pop(key).release()

    def _raw_fingerprint(self, raw_dir):
        from evaluation.intake.delivery import Delivery
        raw = str(raw_dir or paths.raw_dir())
        if raw not in self._fingerprints:
            self._fingerprints[raw] = Delivery(raw).fingerprint()
        return self._fingerprints[raw]

    def apply_async(self, fn, args, callback=None, error_callback=None):
        if self._closed:
            raise ValueError("Pool not running")
        name, output, parameters = args
        notebooks = paths.notebooks_dir()
        data_key = ("dataset", parameters["processed_dir"])
        dataset = self._ship(data_key, lambda: _read_tree(Path(parameters["processed_dir"])))
        shipped_notebooks = self._ship(("notebooks", str(notebooks)), lambda: _read_tree(notebooks, "*.ipynb"))
        fingerprint = self._raw_fingerprint(parameters["raw_dir"]) if "raw_dir" in parameters else None
        future = self.client.submit(
            _job, fn, name, output, parameters, fingerprint, str(notebooks), shipped_notebooks.key,
            shipped_notebooks, dataset.key, dataset, pure=False,
            key=f"{Path(name).stem}-{parameters.get('reporting_date', '')}-{uuid.uuid4().hex[:8]}")
        with self._idle:
            self._pending += 1
        self._futures.append(future)
        future.add_done_callback(
            lambda f: self._done(f, name, parameters["output_dir"], data_key, callback, error_callback))
        return future

    def _done(self, future, name, stage, data_key, callback, error_callback) -> None:
        """Runs in the client's callback thread: the job's files into the stage, then the pipeline's callback."""
        try:
            with self._lock:
                if self._terminated or future.cancelled():
                    return
                self._unship(data_key)
                try:
                    seconds, files = future.result()
                    _write_tree(files, Path(stage))
                except Exception as exc:
                    if error_callback:
                        error_callback(_german_failure(exc, name, self.address))
                    return
                if callback:
                    callback(seconds)
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()

    def close(self) -> None:
        self._closed = True

    def join(self) -> None:
        """Until every job's callback has run (each job ends in one, finished, failed or cancelled)."""
        with self._idle:
            self._idle.wait_for(lambda: self._pending == 0)

    def terminate(self) -> None:
        """Cancel what is still queued or running (Ctrl-C, a failure), take down the workers' set-up, disconnect."""
        with self._lock:
            if self._terminated:
                return
            self._terminated = True
        try:
            if self._futures:
                self.client.cancel(self._futures, force=True)
        finally:
            self._disconnect()

    def _disconnect(self) -> None:
        try:
            self.client.unregister_worker_plugin(PLUGIN)
        except Exception:
            pass  # not registered, or the scheduler is gone: the workers' set-up ends with them
        self.client.close(timeout=CONNECT_TIMEOUT)


def _missing_package(address: str, exc: Exception) -> str:
    return (f"Die Worker am Dask-Scheduler {address} können die Auswertung nicht ausführen: das Paket evaluation "
            f"fehlt dort oder ist unvollständig ({exc}). Auf jedem Worker dasselbe Paket "
            "installieren (pip install -e . bzw. make setup) und den Kernel registrieren.")


def _german_failure(exc: Exception, name: str, address: str) -> Exception:
    """Errors of the cluster itself in German; a notebook's own error (NotebookError) passes unchanged."""
    if isinstance(exc, EvaluationError):
        return exc
    from distributed.scheduler import KilledWorker
    if isinstance(exc, KilledWorker):
        return ClusterError(f"Notebook {name}: der Worker ist bei der Ausführung ausgefallen ({exc}).")
    if isinstance(exc, ImportError):
        return ClusterError(_missing_package(address, exc))
    return exc


# --- the worker side -------------------------------------------------------------------------------------------

class _WorkerState:
    """One worker process: a temporary root (its notebooks/, shipped datasets, job folders) and a warm kernel.

    EVALUATION_ROOT points at that root, so the package and the kernel find the shipped notebooks there and
    never the project folders (which a worker need not have).
    """

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="evaluation-worker-")).resolve()
        (self.root / "notebooks").mkdir()
        (self.root / "jobs").mkdir()
        self.previous_root = os.environ.get("EVALUATION_ROOT")
        os.environ["EVALUATION_ROOT"] = str(self.root)
        self.lock = threading.Lock()  # one kernel per process: jobs of a process run one after another
        self.shipped: dict[str, Path] = {}
        self.notebooks = None
        self.warm_error: BaseException | None = None
        self.warming = threading.Thread(target=self._warm, daemon=True)
        self.warming.start()

    def _warm(self) -> None:
        from evaluation.run.execute import papermill_module, warm_kernel
        try:
            papermill_module()
            warm_kernel(preload=True)
        except BaseException as exc:
            self.warm_error = exc

    def stop(self) -> None:
        from evaluation.run.execute import drop_kernel
        self.warming.join()
        drop_kernel()
        if self.previous_root is None:
            os.environ.pop("EVALUATION_ROOT", None)
        else:
            os.environ["EVALUATION_ROOT"] = self.previous_root
        shutil.rmtree(self.root, ignore_errors=True)

    def dataset(self, key: str, files: dict[str, bytes]) -> Path:
        if key not in self.shipped:
            folder = self.root / "datasets" / str(len(self.shipped))
            _write_tree(files, folder)
            self.shipped[key] = folder
        return self.shipped[key]

    def use_notebooks(self, key: str, files: dict[str, bytes]) -> Path:
        folder = self.root / "notebooks"
        if self.notebooks != key:
            _write_tree(files, folder)
            self.notebooks = key
        return folder


_STATE: _WorkerState | None = None


class _WorkerSetup(WorkerPlugin):
    """Registered by Pool on every worker: refuses a worker set up unlike this process, else prepares it."""

    def __init__(self, code: str, kernel: str, versions: dict[str, str]):
        self.code, self.kernel, self.versions = code, kernel, versions

    def setup(self, worker) -> None:
        global _STATE
        from evaluation.data.dataset import code_fingerprint
        from evaluation.run.execute import kernel_name
        problems = []
        if code_fingerprint() != self.code:
            problems.append("das Paket evaluation hat einen anderen Stand als beim Lauf")
        if kernel_name() != self.kernel:
            problems.append(f"der Jupyter-Kernel „{self.kernel}“ ist nicht registriert (make setup bzw. python -m "
                            f"ipykernel install --sys-prefix --name {self.kernel})")
        here = _versions()
        problems += [f"{package} {here[package]} statt {version}" for package, version in self.versions.items()
                     if here.get(package) != version]
        if problems:
            raise ClusterError(f"Worker {worker.address} ist nicht wie der Lauf eingerichtet: " + "; ".join(problems)
                               + ". Die Ergebnisse wären nicht dieselben wie bei einem lokalen Lauf.")
        if _STATE is None:
            _STATE = _WorkerState()

    def teardown(self, worker) -> None:
        global _STATE
        if _STATE is not None:
            _STATE.stop()
            _STATE = None


def _job(fn, name, output, parameters, fingerprint, client_notebooks, notebooks_key, notebooks, dataset_key, dataset):
    """On the worker: the job in a temporary folder; returns its seconds and every file it wrote (stage-relative)."""
    state = _STATE
    if state is None:
        raise ClusterError("Der Worker ist nicht für die Auswertung vorbereitet (Plugin fehlt).")
    with state.lock:
        state.warming.join()
        if state.warm_error is not None:
            raise ClusterError(f"Der Kernel startet auf diesem Worker nicht: {state.warm_error}")
        worker_notebooks = state.use_notebooks(notebooks_key, notebooks)
        job = Path(tempfile.mkdtemp(dir=state.root / "jobs"))
        try:
            stage = job / "stage"
            mapped = {**parameters, "processed_dir": str(state.dataset(dataset_key, dataset)),
                      "output_dir": str(stage)}
            if fingerprint is not None:
                mapped["raw_dir"] = fingerprint
            target = stage / Path(output).relative_to(parameters["output_dir"])
            target.parent.mkdir(parents=True, exist_ok=True)
            seconds = fn(name, str(target), mapped)
            files = _read_tree(stage)
        finally:
            shutil.rmtree(job, ignore_errors=True)
    moves = {str(stage): parameters["output_dir"], str(worker_notebooks): client_notebooks}
    for relative, content in files.items():
        if relative.endswith(".ipynb"):
            files[relative] = restore_run_record(content, parameters, moves)
    return seconds, files


def restore_run_record(content: bytes, parameters: dict, moves: dict[str, str]) -> bytes:
    """An executed notebook as a local run records it: papermill's parameters and paths of the run, not the worker's.

    The injected cell's source is made by papermill's own translation of `parameters`, the text papermill
    injects locally; `moves` maps the worker's folders to the run's.
    """
    import nbformat
    from papermill.engines import papermill_engines
    from papermill.translators import translate_parameters
    nb = nbformat.reads(content.decode("utf-8"), as_version=4)
    record = nb.metadata.get("papermill")
    if record is None:
        return content
    record["parameters"] = parameters
    for key in ("input_path", "output_path"):
        path = Path(record.get(key) or "")
        for worker, run in moves.items():
            if path.is_relative_to(worker):
                record[key] = str(Path(run) / path.relative_to(worker))
    source = translate_parameters(papermill_engines.nb_kernel_name(None, nb), papermill_engines.nb_language(None, nb),
                                  parameters)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = source
    return nbformat.writes(nb).encode("utf-8")
