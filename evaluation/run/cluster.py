"""The run's jobs on a Dask cluster (`run --scheduler tcp://HOST:PORT`): the connection and the job wrapper.

pipeline._run hands every job to a concurrent.futures executor; on a cluster that is the client's
(`Client.get_executor`), and `Remote.submit` wraps the job in `run_remote`. A job is `fn(name, output,
parameters, kernel) -> seconds`: it reads the dataset from `parameters["processed_dir"]` and writes only under
`parameters["output_dir"]` (the date's staging folder). No shared file system is assumed. The dataset of a date
is scattered once as file bytes, the notebooks once per run; a worker runs the job in a temporary folder of its
own, on one kernel per worker process (set up by a worker plugin), and returns every file the job wrote, which
the pipeline writes into the stage. The pipeline then promotes exactly as after a local run.

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


class Remote:
    """The run's connection to a Dask cluster and the job wrapper: each job is submitted as `run_remote(job, …)`.

    Connecting, the worker check and the worker set-up (a plugin: temporary folder, kernel) happen here, before
    the run builds any data; a scheduler that does not answer within CONNECT_TIMEOUT is reported. What this run
    has shipped – the notebooks, each date's dataset until its last job is done – is kept here, per run.
    """

    def __init__(self, address: str, delivery, echo=print):
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
        # Instead of the raw folder a worker gets the fingerprint of the files this run read (loader.py).
        self.fingerprint = delivery.fingerprint()
        self.notebooks = None
        self.datasets: dict = {}

    def executor(self):
        return self.client.get_executor(pure=False)

    def _scatter(self, files: dict[str, bytes]):
        """To every worker once; the jobs refer to it."""
        return self.client.scatter([files], broadcast=True, hash=False)[0]

    def submit(self, executor, job):
        """The job on a worker: the notebooks and the date's dataset go with it (sent once), its files come back."""
        notebooks = paths.notebooks_dir()
        if self.notebooks is None:
            self.notebooks = self._scatter(_read_tree(notebooks, "*.ipynb"))
        processed = job.parameters["processed_dir"]
        if processed not in self.datasets:
            self.datasets[processed] = self._scatter(_read_tree(Path(processed)))
        dataset = self.datasets[processed]
        return executor.submit(run_remote, job, self.fingerprint, str(notebooks), self.notebooks.key, self.notebooks,
                               dataset.key, dataset)

    def release(self, processed_dir: str) -> None:
        """A date's last job is done: its dataset leaves the workers' memory."""
        dataset = self.datasets.pop(processed_dir, None)
        if dataset is not None:
            dataset.release()

    def explain(self, exc: Exception, name: str) -> Exception:
        """Errors of the cluster itself in German; a notebook's own error (NotebookError) passes unchanged."""
        if isinstance(exc, EvaluationError):
            return exc
        from distributed.scheduler import KilledWorker
        if isinstance(exc, KilledWorker):
            return ClusterError(f"Notebook {name}: der Worker ist bei der Ausführung ausgefallen ({exc}).")
        if isinstance(exc, ImportError):
            return ClusterError(_missing_package(self.address, exc))
        return exc

    def close(self, executor) -> None:
        """Cancel what is still queued or running (Ctrl-C, a failure), take down the workers' set-up, disconnect."""
        try:
            executor.shutdown(wait=False)
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


# --- the worker side -------------------------------------------------------------------------------------------

class _WorkerState:
    """One worker process: a temporary root (its notebooks/, shipped datasets, job folders) and a kernel.

    EVALUATION_ROOT points at that root, so the package and the kernel find the shipped notebooks there and
    never the project folders (which a worker need not have). The kernel starts in the background while the
    run builds its data; the first job waits for it.
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
        self.kernel = None
        self.start_error: BaseException | None = None
        self.starting = threading.Thread(target=self._start, daemon=True)
        self.starting.start()

    def _start(self) -> None:
        from evaluation.run.execute import start_kernel
        try:
            self.kernel = start_kernel()
        except BaseException as exc:
            self.start_error = exc

    def ready_kernel(self):
        self.starting.join()
        if self.start_error is not None:
            raise ClusterError(f"Der Kernel startet auf diesem Worker nicht: {self.start_error}")
        return self.kernel

    def stop(self) -> None:
        self.starting.join()
        if self.kernel is not None:
            self.kernel.close()
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


class _WorkerSetup(WorkerPlugin):
    """Registered by Remote on every worker: refuses a worker set up unlike this process, else prepares it.

    The worker keeps this plugin (worker.plugins[PLUGIN]); its `state` is what run_remote works with.
    """

    def __init__(self, code: str, kernel: str, versions: dict[str, str]):
        self.code, self.kernel, self.versions = code, kernel, versions
        self.state: _WorkerState | None = None

    def setup(self, worker) -> None:
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
        self.state = _WorkerState()

    def teardown(self, worker) -> None:
        if self.state is not None:
            self.state.stop()
            self.state = None


def run_remote(job, fingerprint, client_notebooks, notebooks_key, notebooks, dataset_key, dataset):
    """On the worker: the job in a temporary folder; returns its seconds and every file it wrote (stage-relative)."""
    from distributed import get_worker
    plugin = get_worker().plugins.get(PLUGIN)
    state = getattr(plugin, "state", None)
    if state is None:
        raise ClusterError("Der Worker ist nicht für die Auswertung vorbereitet (Plugin fehlt).")
    parameters = job.parameters
    with state.lock:
        kernel = state.ready_kernel()
        worker_notebooks = state.use_notebooks(notebooks_key, notebooks)
        folder = Path(tempfile.mkdtemp(dir=state.root / "jobs"))
        try:
            (folder / paths.STAGE_MARK).write_text("", encoding="utf-8")  # the worker's stand-in for a run's stage
            stage = folder / "stage"
            mapped = {**parameters, "processed_dir": str(state.dataset(dataset_key, dataset)),
                      "output_dir": str(stage), "raw_dir": fingerprint}
            target = stage / Path(job.output).relative_to(parameters["output_dir"])
            target.parent.mkdir(parents=True, exist_ok=True)
            seconds = job.fn(job.name, str(target), mapped, kernel)
            files = _read_tree(stage)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
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
