"""One kernel serves hundreds of notebooks per worker (one per Kommunensteckbrief): each run must give back what
it opened and leave the next notebook an empty kernel. nbclient never stops a client it made for a kernel it did
not start, which once left about ten open file descriptors and a heartbeat thread per notebook until a worker
failed with "Too many open files"."""
from __future__ import annotations

import os
import threading

import nbformat
import pytest

from evaluation import paths
from evaluation.errors import NotebookError
from evaluation.run import execute

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="zählt offene Dateien über /proc")


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def _notebook(folder, name: str, *cells: str) -> None:
    parameters = nbformat.v4.new_code_cell("value = 0")
    parameters.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[parameters, *(nbformat.v4.new_code_cell(c) for c in cells)])
    nb.metadata["kernelspec"] = {"name": execute.kernel_name(), "display_name": "Python", "language": "python"}
    nbformat.write(nb, folder / name)


def _shown(path) -> list[tuple[int, str]]:
    nb = nbformat.read(path, as_version=4)
    return [(c.execution_count, o["data"]["text/plain"]) for c in nb.cells if c.cell_type == "code"
            for o in c.outputs if "data" in o]


def test_notebooks_on_one_kernel_leave_no_open_files_and_start_empty(tmp_path, monkeypatch):
    _notebook(tmp_path, "klein.ipynb", "'left' in dir()", "left = value\nvalue + 1")
    monkeypatch.setattr(paths, "notebooks_dir", lambda: tmp_path)
    with execute.start_kernel() as kernel:
        execute.execute_notebook("klein.ipynb", str(tmp_path / "lauf-0.ipynb"), {"value": 0}, kernel)
        before, threads = _open_files(), threading.active_count()
        for i in range(1, 8):
            execute.execute_notebook("klein.ipynb", str(tmp_path / f"lauf-{i}.ipynb"), {"value": i}, kernel)
        assert _open_files() <= before, f"offene Dateien: vorher {before}, nach 7 Notebooks {_open_files()}"
        assert threading.active_count() <= threads
    for i in range(8):  # the namespace is empty and counting starts at 1, as in a fresh kernel
        assert _shown(tmp_path / f"lauf-{i}.ipynb") == [(3, "False"), (4, str(i + 1))]


def test_a_notebook_that_kills_its_kernel_fails_alone(tmp_path, monkeypatch):
    _notebook(tmp_path, "absturz.ipynb", "import os\nos._exit(1)")
    _notebook(tmp_path, "klein.ipynb", "value + 1")
    monkeypatch.setattr(paths, "notebooks_dir", lambda: tmp_path)
    with execute.start_kernel() as kernel:
        with pytest.raises(NotebookError, match="Notebook absturz.ipynb: der Kernel ist bei der Ausführung abgestürzt"):
            execute.execute_notebook("absturz.ipynb", str(tmp_path / "absturz-lauf.ipynb"), {"value": 0}, kernel)
        execute.execute_notebook("klein.ipynb", str(tmp_path / "danach.ipynb"), {"value": 4}, kernel)
    assert _shown(tmp_path / "danach.ipynb") == [(3, "5")]
