"""The run command: a failing notebook is named with its cell, and nothing of that date remains."""
from __future__ import annotations

import pytest

from conftest import RAW, broken_notebook
from evaluation import paths
from evaluation.run import pipeline
from evaluation.errors import NotebookError


@pytest.mark.parametrize("jobs", [1, 2])
def test_failing_notebook_names_notebook_and_cell(tmp_path, monkeypatch, jobs):
    folder = tmp_path / "notebooks"
    broken_notebook(folder)
    monkeypatch.setenv("EVALUATION_ROOT", str(tmp_path))  # workers are new processes: patch via the environment
    assert paths.notebooks_dir() == folder
    out = tmp_path / "out"
    with pytest.raises(NotebookError) as err:
        pipeline.run("2022-03-31", raw_dir=RAW, output_dir=out, echo=lambda m: None, jobs=jobs,
                    notebooks=["99_kaputt.ipynb"])
    message = str(err.value)
    assert "99_kaputt.ipynb" in message and "Zelle" in message and "absichtlich kaputt" in message
    assert not [p for p in out.rglob("*") if p.is_file()]
