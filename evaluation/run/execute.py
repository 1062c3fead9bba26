"""Executing one notebook: papermill on the project's kernel, through public APIs only.

`execute_notebook` runs papermill (`kernel_name` given, `cwd` the notebooks folder) on a `Kernel` (kernel.py)
that its caller started with `start_kernel` and hands in explicitly: a run keeps one per worker, made by the
executor's initializer (pipeline.py) or by the cluster's worker plugin (cluster.py), and closes it at the end.

Why one kernel per worker and not a fresh kernel per notebook (papermill's default), measured with
benchmarks/bench_kernels.py (results.json, "kernels"; medians of paired whole processes): the eight chapter
notebooks of 31.03.2022 took 17.3 s CPU (18.5 s wall) on a fresh kernel each and 6.9 s (6.9 s) on one kernel,
2.5 times less – every fresh kernel imports pandas, matplotlib and the package again (about 1.3 s CPU), more
than most notebooks cost themselves, and several times a Kommunensteckbrief (about 0.2 s). The kernel is
reset before each notebook, so each one still starts empty with execution count 1: the bytes of an executed
notebook do not show which worker ran it, nor what ran before.

What a run does with the executed notebooks (staging, scheduling, promotion) is pipeline.py's job.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from evaluation import paths
from evaluation.errors import NotebookError

if TYPE_CHECKING:
    from evaluation.run.kernel import Kernel

KERNEL = "praeventionsketten"



def chapter_notebooks() -> list[str]:
    """The report's notebooks in the order of notebooks/_toc.yml (chapters, then appendices): what a run executes
    once per date; all read the dataset built before them."""
    from evaluation.report import toc
    return [f"{stem}.ipynb" for stem in toc.load().report]


def profile_notebook() -> str:
    """The Kommunensteckbrief notebook (`profile` in notebooks/_toc.yml), run once per active municipality."""
    from evaluation.report import toc
    return f"{toc.load().profile}.ipynb"


# The kernel's own start-up notes (e.g. "running over TCP without encryption" on loopback) are not for evaluators.
# History in memory, as nbclient gives the kernels it starts: the shared SQLite file in ~/.ipython took a
# locked, synced write at every reset and cell.
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR", "--HistoryManager.hist_file=:memory:"]


def kernel_name() -> str:
    """The project's kernel if registered (make setup does), else the environment's python3."""
    from jupyter_client.kernelspec import KernelSpecManager
    return KERNEL if KERNEL in KernelSpecManager().find_kernel_specs() else "python3"


def start_kernel() -> Kernel:
    """The project's kernel in the notebooks folder, ready for `execute_notebook` (kernel.py); close it after use."""
    from evaluation.run.kernel import Kernel
    return Kernel(kernel_name(), paths.notebooks_dir(), KERNEL_ARGS)


def execute_notebook(name: str, output: str, parameters: dict, kernel: Kernel, progress_bar: bool = False) -> float:
    """Execute one notebook with papermill on `kernel`; NotebookError names notebook and cell. Returns seconds."""
    import papermill as pm
    from nbclient.exceptions import DeadKernelError
    from evaluation.run.kernel import ENGINE
    start = time.perf_counter()
    kernel.reset()
    try:
        pm.execute_notebook(str(paths.notebooks_dir() / name), output, parameters=parameters, engine_name=ENGINE,
                            kernel=kernel, kernel_name=kernel.name, cwd=str(paths.notebooks_dir()),
                            progress_bar=progress_bar, log_output=False, request_save_on_cell_execute=False)
    except pm.PapermillExecutionError as exc:
        raise NotebookError(f"Notebook {name}, Zelle {exc.cell_index + 1} (ausgeführte Fassung: "
                            f"{Path(output).name}): {exc.ename}: {exc.evalue}") from None
    except DeadKernelError:
        raise NotebookError(f"Notebook {name}: der Kernel ist bei der Ausführung abgestürzt (ausgeführte Fassung: "
                            f"{Path(output).name}).") from None
    return time.perf_counter() - start


def strip_timing(notebook: Path, stage: Path | None = None, published: Path | None = None) -> None:
    """Drop papermill's times, durations and random cell id: same data, same bytes (parameters stay as run record).

    A run's version folder has a name of its own (run/publish.py); the paths it recorded in the notebook are
    written as the published ones (`stage` → `published`, same layout), so that a re-run gives the same bytes.
    """
    text = notebook.read_text(encoding="utf-8")
    if stage is not None and published is not None:
        text = text.replace(json.dumps(str(stage))[1:-1], json.dumps(str(published))[1:-1])
    nb = json.loads(text)
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


def refresh_committed(echo: Callable[[str], None] = print) -> None:
    """Re-execute the committed notebooks (chapters and the profile) in place for the default date (outputs for nbval)."""
    import nbformat
    from nbclient import NotebookClient

    for name in chapter_notebooks() + [profile_notebook()]:
        path = paths.notebooks_dir() / name
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name=kernel_name(), record_timing=False, extra_arguments=KERNEL_ARGS,
                       resources={"metadata": {"path": str(paths.notebooks_dir())}}).execute()
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        nb.metadata.pop("papermill", None)
        nbformat.write(nb, path)
        echo(f"{name} neu ausgeführt")


def execute_profile(name: str, output: str, parameters: dict, kernel, progress_bar: bool = False) -> float:
    """Run the profile notebook for parameters['municipality'] and write the page `output` (.html); seconds.

    The executed notebook is an intermediate beside `output` (its times never reach the page) and removed once
    the page is written.
    """
    from evaluation.report.profile_pages import write_page
    start = time.perf_counter()
    notebook = Path(output).with_suffix(".ipynb")
    notebook.parent.mkdir(parents=True, exist_ok=True)
    execute_notebook(name, str(notebook), parameters, kernel, progress_bar=progress_bar)
    write_page(notebook, Path(output))
    notebook.unlink()
    return time.perf_counter() - start
