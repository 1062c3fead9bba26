"""A kernel that serves notebook after notebook, and papermill's engine for it – public APIs only.

Started once per worker (jupyter_client's KernelManager, the project's kernel, cwd = the notebooks folder), it
imports the package before the first notebook and is reset (IPython's `reset`) before every notebook: each
notebook starts from an empty namespace and execution count 1, as in a fresh kernel, so where it ran does not
show in its bytes. Why not a fresh kernel per notebook: execute.py says, with the measurements.

papermill runs the notebook through `KernelEngine`, an engine registered under `ENGINE` (papermill's documented
extension point). It is papermill's nbclient engine with one difference: nbclient gets this kernel's one client
instead of making its own. nbclient makes a client only when it has none, and never stops one on a kernel it
did not start: with papermill's own engine every notebook left about ten file descriptors and a heartbeat
thread behind, until a worker failed with "Too many open files" after some hundred Kommunensteckbriefe.
"""
from __future__ import annotations

import os
from pathlib import Path

from jupyter_client import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, papermill_engines
from papermill.log import logger

ENGINE = "evaluation-kernel"
# Imported once per kernel and then frozen: IPython's reset collects garbage in full before every notebook,
# and over the whole heap of pandas and matplotlib that took about 0.1 s each time; gc.freeze leaves what was
# loaded at start out of every later collection.
PRELOAD = ("import evaluation, evaluation.charts, evaluation.findings, evaluation.prose, pyarrow.parquet\n"
           "import gc; gc.collect(); gc.freeze(); del gc")
RESET = "get_ipython().reset(new_session=True)"
READY_TIMEOUT = 60  # seconds for the kernel to answer after its start
# Arrow's default pool (mimalloc) keeps what a notebook freed for reuse, so a kernel grew by each notebook's
# largest table; the C allocator hands large blocks back when freed: at 1000 × the reconstruction about 110 MB
# less per kernel at no measurable cost in time. A value set by the user is kept.
ARROW_POOL = {"ARROW_DEFAULT_MEMORY_POOL": "system"}


class Kernel:
    """One running kernel and its one client; `close` (or the with-block) shuts both down.

    Asynchronous manager and client, as nbclient's own: with a blocking client nbclient's wait for a cell's output
    blocks its event loop, so it never notices that the kernel died and waits for ever. Each call here runs on
    the calling thread's event loop (jupyter_core's run_sync), the one nbclient uses.
    """

    def __init__(self, name: str, cwd: Path, arguments: list[str]):
        self.name = name
        self.manager = AsyncKernelManager(kernel_name=name)
        run_sync(self.manager.start_kernel)(cwd=str(cwd), extra_arguments=list(arguments),
                                            env={**ARROW_POOL, **os.environ})
        self.client = None
        try:
            self._connect()
        except BaseException:
            self.close()
            raise

    def _connect(self) -> None:
        self.client = self.manager.client()
        self.client.allow_stdin = False
        self.client.start_channels()
        run_sync(self.client.wait_for_ready)(timeout=READY_TIMEOUT)
        self._run(PRELOAD)

    def _run(self, code: str) -> None:
        reply = run_sync(self.client.execute_interactive)(code, store_history=False, timeout=120,
                                                          output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"Der Kernel konnte nicht vorbereitet werden: {reply['content'].get('ename', '')}: "
                               f"{reply['content'].get('evalue', '')}")

    def reset(self) -> None:
        """An empty namespace for the next notebook; a kernel that died (a notebook may crash it) is restarted."""
        if not run_sync(self.manager.is_alive)():
            self.client.stop_channels()
            run_sync(self.manager.restart_kernel)(now=True)
            self._connect()
        self._run(RESET)

    def close(self) -> None:
        if self.client is not None:
            self.client.stop_channels()
        if self.manager.has_kernel:
            run_sync(self.manager.shutdown_kernel)(now=True)

    def __enter__(self) -> Kernel:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class KernelEngine(Engine):
    """papermill's nbclient engine on a running `Kernel`, given as the engine argument `kernel`."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, kernel: Kernel, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
        client = PapermillNotebookClient(nb_man, km=kernel.manager, kernel_name=kernel_name, log=logger,
                                         log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
                                         startup_timeout=start_timeout, timeout=execution_timeout)
        client.kc = kernel.client
        return client.execute()


papermill_engines.register(ENGINE, KernelEngine)
