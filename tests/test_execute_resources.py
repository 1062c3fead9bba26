"""A warm kernel serves hundreds of notebooks per worker (one per Kommunensteckbrief): each run must give back
what it opened. nbclient stops its kernel client only for kernels it started itself, which once left about
ten open file descriptors per notebook until a worker failed with "Too many open files"."""
from __future__ import annotations

import os

import nbformat
import pytest

from evaluation import paths
from evaluation.run import execute

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="zählt offene Dateien über /proc")


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_notebooks_on_the_warm_kernel_leave_no_open_files(tmp_path, monkeypatch):
    parameters = nbformat.v4.new_code_cell("value = 0")
    parameters.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[parameters, nbformat.v4.new_code_cell("value + 1")])
    nb.metadata["kernelspec"] = {"name": execute.kernel_name(), "display_name": "Python", "language": "python"}
    nbformat.write(nb, tmp_path / "klein.ipynb")
    monkeypatch.setattr(paths, "notebooks_dir", lambda: tmp_path)
    try:
        execute.execute_notebook("klein.ipynb", str(tmp_path / "lauf-0.ipynb"), {"value": 0})
        before = _open_files()
        for i in range(1, 8):
            execute.execute_notebook("klein.ipynb", str(tmp_path / f"lauf-{i}.ipynb"), {"value": i})
        assert _open_files() <= before, f"offene Dateien: vorher {before}, nach 7 Notebooks {_open_files()}"
    finally:
        execute.drop_kernel()
