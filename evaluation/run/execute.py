"""Executing one notebook: the project's kernel, kept warm per process, and papermill.

What a run does with the executed notebooks (staging, scheduling, promotion) is pipeline.py's job.
"""
from __future__ import annotations

import json
import multiprocessing.util
import sys
import time
from pathlib import Path
from typing import Callable

from evaluation import paths
from evaluation.errors import NotebookError

KERNEL = "praeventionsketten"

# Chapter order (serial runs and the report); all read the dataset built before them.
NOTEBOOKS = [
    "00_datenaufbereitung.ipynb",
    "05_hintergrund.ipynb",
    "10_inanspruchnahme.ipynb",
    "20_strukturen.ipynb",
    "21_angebote.ipynb",
    "30_prozessbegleitung.ipynb",
    "35_qualitative_codierung.ipynb",
    "40_nachhaltigkeit.ipynb",
    "50_fazit.ipynb",
    "80_befunde.ipynb",
]
# Run once per municipality active at the date (profile_pages.py), not once per date.
PROFILE_NOTEBOOK = "60_kommunensteckbrief.ipynb"


def kernel_name() -> str:
    """The project's kernel if registered (make setup does), else the environment's python3."""
    from jupyter_client.kernelspec import KernelSpecManager
    return KERNEL if KERNEL in KernelSpecManager().find_kernel_specs() else "python3"


_KERNEL = None  # this process's warm kernel, reused notebook after notebook


PRELOAD = "import evaluation, evaluation.chapters, evaluation.charts, evaluation.prose.narrative, pyarrow.parquet"
# What is loaded by then lives as long as the kernel: frozen, the cyclic garbage collector skips it. IPython's
# reset collects garbage in full before every notebook; over the whole heap that cost 0.1 s each time.
FREEZE = "import gc; gc.collect(); gc.freeze(); del gc"
# The kernel's own start-up notes (e.g. "running over TCP without encryption" on loopback) are not for evaluators.
# History in memory, as nbclient gives the kernels it starts: the shared SQLite file in ~/.ipython took a
# locked, synced write at every reset and cell.
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR", "--HistoryManager.hist_file=:memory:"]


# Kernel clients made on the warm kernel. nbclient stops its client only for a kernel it started itself,
# so every notebook papermill ran on the warm kernel left its ZMQ sockets open (about ten file descriptors
# each; a worker stopped with "Too many open files" after some hundred Kommunensteckbriefe).
_CLIENTS: list = []


def _close_clients() -> None:
    while _CLIENTS:
        client = _CLIENTS.pop()
        if client.channels_running:
            client.stop_channels()


def _ready_client():
    """A kernel client whose readiness check ends as soon as the kernel answers on shell and IOPub.

    jupyter_client's own check always idles 0.2 s after the answer to drain IOPub; nbclient runs it
    before every notebook, which on a warm kernel costs more than a short notebook itself.
    """
    from queue import Empty

    from jupyter_client.blocking import BlockingKernelClient

    class ReadyClient(BlockingKernelClient):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            _CLIENTS.append(self)

        def wait_for_ready(self, timeout=None):
            deadline = time.monotonic() + (timeout or 60)
            while time.monotonic() < deadline:
                request = self.kernel_info()
                try:
                    while (reply := self.get_shell_msg(timeout=1))["parent_header"].get("msg_id") != request:
                        pass
                    self._handle_kernel_info_reply(reply)
                    while True:  # the idle status of this request shows that IOPub is connected
                        msg = self.get_iopub_msg(timeout=0.2)
                        if (msg["parent_header"].get("msg_id") == request and msg["msg_type"] == "status"
                                and msg["content"].get("execution_state") == "idle"):
                            return
                except Empty:
                    continue
            raise RuntimeError("Der Kernel antwortet nicht.")

    return ReadyClient


def warm_kernel(preload: bool = False):
    """One kernel per process, kept across notebooks: imports and start-up are paid once.

    Each notebook still starts from an empty namespace (reset below; modules stay imported); nbval runs every
    notebook in a fresh kernel, so a notebook leaning on another's variables fails there. Readiness is awaited
    once after the start only: jupyter_client's check idles 0.2 s on IOPub each time.
    """
    global _KERNEL
    started = _KERNEL is None or not _KERNEL.is_alive()
    if started:
        from jupyter_client.manager import KernelManager
        km = KernelManager(kernel_name=kernel_name())
        km.client_factory = _ready_client()
        km.start_kernel(cwd=str(paths.notebooks_dir()), extra_arguments=KERNEL_ARGS)
        multiprocessing.util.Finalize(km, km.shutdown_kernel, kwargs={"now": True}, exitpriority=10)
        _KERNEL = km
    km = _KERNEL
    kc = km.client()
    kc.start_channels()
    try:
        if started:
            kc.wait_for_ready(timeout=60)
        code = (f"{PRELOAD}\n{FREEZE}\n" if preload else "") + "get_ipython().reset(new_session=True)"
        reply = kc.execute_interactive(code, store_history=False, timeout=120, output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"Kernel konnte nicht vorbereitet werden: {reply['content'].get('evalue', '')}")
    finally:
        kc.stop_channels()
    return km


def drop_kernel() -> None:
    global _KERNEL
    if _KERNEL is not None:
        _KERNEL.shutdown_kernel(now=True)
        _KERNEL = None


def papermill_module():
    """papermill, imported without jsonschema's optional IRI checker.

    rfc3987-syntax (installed through jupyterlab's jsonschema extras) compiles a grammar for
    over a second at import; notebook validation never checks IRI formats, so a run skips it.
    """
    sys.modules.setdefault("rfc3987_syntax", None)
    import papermill
    return papermill


def execute_notebook(name: str, output: str, parameters: dict, progress_bar: bool = False) -> float:
    """Execute one notebook with papermill; NotebookError names notebook and cell. Returns seconds."""
    pm = papermill_module()
    start = time.perf_counter()
    try:
        pm.execute_notebook(str(paths.notebooks_dir() / name), output, parameters=parameters,
                            kernel_name=kernel_name(), cwd=str(paths.notebooks_dir()),
                            progress_bar=progress_bar, log_output=False, km=warm_kernel(),
                            request_save_on_cell_execute=False)
    except pm.PapermillExecutionError as exc:
        drop_kernel()
        raise NotebookError(f"Notebook {name}, Zelle {exc.cell_index + 1} (ausgeführte Fassung: "
                            f"{Path(output).name}): {exc.ename}: {exc.evalue}") from None
    except BaseException:
        drop_kernel()
        raise
    finally:
        _close_clients()
    return time.perf_counter() - start


def strip_timing(notebook: Path) -> None:
    """Drop papermill's times, durations and random cell id: same data, same bytes (parameters stay as run record)."""
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


def refresh_committed(echo: Callable[[str], None] = print) -> None:
    """Re-execute the committed notebooks (chapters and the profile) in place for the default date (outputs for nbval)."""
    import nbformat
    from nbclient import NotebookClient

    for name in NOTEBOOKS + [PROFILE_NOTEBOOK]:
        path = paths.notebooks_dir() / name
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name=kernel_name(), record_timing=False, extra_arguments=KERNEL_ARGS,
                       resources={"metadata": {"path": str(paths.notebooks_dir())}}).execute()
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        nb.metadata.pop("papermill", None)
        nbformat.write(nb, path)
        echo(f"{name} neu ausgeführt")
