"""One owner of published outputs: only `run` writes data/processed/<date>, figures/<date> and
reports/<date>. A notebook run any other way — papermill CLI from any folder, JupyterLab, nbval —
writes to a scratch folder or its own output folder and never touches a published date."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import RAW, ROOT, change_one_offer_kind, tree_hash
from evaluation import load, paths
from evaluation.data import clean
from evaluation.intake.delivery import RAW_FILES
from evaluation.errors import PublishedStateError

DATE = "2022-03-31"


def _project(tmp_path: Path) -> Path:
    """A project folder with a published state of DATE (markers stand in for a run's outputs)."""
    project = tmp_path / "projekt"
    shutil.copytree(ROOT / "notebooks", project / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(RAW, project / "data" / "raw")
    for folder in paths.PUBLISHED:
        target = project.joinpath(*folder, DATE)
        target.mkdir(parents=True)
        (target / "veroeffentlicht.txt").write_text("Stand vom Lauf\n", encoding="utf-8")
    return project


def _published_state(project: Path) -> dict:
    return {"/".join(parts): tree_hash(project.joinpath(*parts)) for parts in paths.PUBLISHED}


def _other_delivery(tmp_path: Path) -> Path:
    """Another partner's delivery: the same files with one offer of another kind (manifest renewed)."""
    raw = tmp_path / "andere_lieferung"
    shutil.copytree(RAW, raw)
    change_one_offer_kind(raw)
    return raw


def test_papermill_cli_from_another_folder_never_touches_a_published_date(tmp_path):
    project = _project(tmp_path)
    before = _published_state(project)
    elsewhere = tmp_path / "anderswo"
    elsewhere.mkdir()
    scratch = tmp_path / "arbeitsordner"
    env = {**__import__("os").environ, "EVALUATION_ROOT": str(project), "EVALUATION_SCRATCH": str(scratch)}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "papermill"), str(project / "notebooks" / "21_angebote.ipynb"),
         "ausgefuehrt.ipynb", "-p", "reporting_date", DATE, "-p", "raw_dir", str(_other_delivery(tmp_path)),
         "-k", "praeventionsketten", "--no-progress-bar"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _published_state(project) == before, "ein Notebook hat einen veröffentlichten Stand verändert"
    assert (scratch / "figures" / DATE / "abb_11_angebotsarten.png").is_file()
    executed = nbformat.read(elsewhere / "ausgefuehrt.ipynb", as_version=4)
    shown = [o.data["text/plain"] for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])
             if o.get("metadata", {}).get("report", {}).get("figure") == "abb_11_angebotsarten.png"]
    assert re.search(r"Bildung\s+9 ", shown[0]), "andere Lieferung nicht gelesen"
    assert (scratch / "data" / "processed" / DATE / "meta.json").is_file()
    assert not (project / "figures" / DATE / "abb_11_angebotsarten.png").exists()


def test_notebook_output_into_the_project_is_refused(tmp_path, monkeypatch):
    project = _project(tmp_path)
    monkeypatch.setenv("EVALUATION_ROOT", str(project))
    for folder in (project, project / "figures", project / "reports" / DATE, project / "data" / "processed"):
        with pytest.raises(PublishedStateError, match="python -m evaluation run"):
            paths.notebook_outputs(DATE, folder)
    assert paths.notebook_outputs(DATE, tmp_path / "eigener_ordner")["figures"] == tmp_path / "eigener_ordner" / "figures" / DATE


def test_load_builds_a_stale_date_into_scratch_not_into_data_processed(tmp_path, monkeypatch):
    project = _project(tmp_path)
    monkeypatch.setenv("EVALUATION_ROOT", str(project))
    monkeypatch.setenv("EVALUATION_SCRATCH", str(tmp_path / "arbeitsordner"))
    before = _published_state(project)
    ds = load(DATE)
    assert ds.reporting_date == DATE
    assert _published_state(project) == before
    assert (tmp_path / "arbeitsordner" / "data" / "processed" / DATE / "meta.json").is_file()
    with pytest.raises(PublishedStateError):
        load(DATE, processed_dir=project / "data" / "processed")


def test_each_raw_file_is_located_and_hashed_once_per_build(monkeypatch):
    from evaluation.intake import delivery
    located, hashed = [], []
    real_locate, real_hash = delivery._locate, delivery.sha256
    monkeypatch.setattr(delivery, "_locate", lambda raw, spec: located.append(spec.key) or real_locate(raw, spec))
    monkeypatch.setattr(delivery, "sha256", lambda path: hashed.append(Path(path).name) or real_hash(path))
    clean.build(RAW, DATE)
    assert sorted(located) == sorted(s.key for s in RAW_FILES), "jede Rohdatei genau einmal gesucht"
    assert len(hashed) == len(set(hashed)) == len(RAW_FILES), "jede Rohdatei genau einmal gehasht"
