"""nbval sees every chart: each chart cell carries the chart's data as text beside the picture, so a
change in the data behind a chart fails nbval on that cell."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import nbformat

from conftest import RAW, ROOT, change_one_offer_kind
from evaluation import chapters
from evaluation.charts import CHARTS, label


def _figure_texts(nb) -> dict[str, str]:
    """Per figure (by file stem) a notebook shows with ev.report.figure and per table (by label) it shows with
    ev.report.table: the output's text/plain, which nbval compares."""
    shown = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            report = output.get("metadata", {}).get("report", {})
            key = report.get("figure", "").removesuffix(".png") or report.get("table", "")
            if key:
                shown[key] = output.get("data", {}).get("text/plain", "")
    return shown


def test_every_figure_of_the_committed_notebooks_shows_its_data():
    """Notebooks that draw their figures cell by cell (ev.report.figure): every figure output carries the
    chart's data as text."""
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                if "figure" not in output.get("metadata", {}).get("report", {}):
                    continue
                text = output["data"]["text/plain"]
                assert " – Daten der Abbildung\n" in text, f"{path.name} {cell.get('id')}: Abbildung ohne Daten"
                assert len(text.splitlines()) > 2 and "nan" not in text.lower().split(), f"{path.name} {cell.get('id')}"


def test_every_chart_cell_of_the_committed_notebooks_shows_its_data():
    """Old notebooks show a section with ev.chapters.show, rewritten ones each figure with ev.report.figure:
    either way every figure of the chapter plan is shown somewhere with its data as text."""
    notebooks = {p.stem: nbformat.read(p, as_version=4) for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    shown = {stem: text for nb in notebooks.values() for stem, text in _figure_texts(nb).items()}
    for section in chapters.PLAN:
        nb = notebooks[section.notebook]
        cell = next((c for c in nb.cells if c.cell_type == "code" and f'"{section.key}"' in c.source), None)
        texts = [o.get("data", {}).get("text/plain", "") for o in cell.outputs] if cell is not None else []
        for block in section.blocks:
            if isinstance(block, chapters.Figure):
                old = [t for t in texts if t.startswith(f"{label(block.key)} – Daten der Abbildung")]
                text = old[0] if old else shown.get(CHARTS[block.key].stem, shown.get(block.key, ""))
                assert text, f"{label(block.key)} ohne Daten in den Notebooks"
                first = text.splitlines()[0]
                assert " – Daten der Abbildung" in first or first.startswith(f"{label(block.key)}:"), label(block.key)
                assert len(text.splitlines()) > 2, f"{label(block.key)}: leere Datentabelle"
                assert "nan" not in text.lower().split(), label(block.key)


def test_changed_data_behind_abb_11_fails_nbval_on_its_cell(tmp_path):
    project = tmp_path / "projekt"
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    raw = project / "data" / "raw"
    shutil.copytree(RAW, raw)
    change_one_offer_kind(raw)
    env = {**os.environ, "EVALUATION_ROOT": str(project), "EVALUATION_SCRATCH": str(tmp_path / "arbeitsordner")}
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider",
                             "-o", "addopts=", str(project / "notebooks" / "21_angebote.ipynb")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0, "nbval hat die geänderten Daten hinter Abb. 11 nicht bemerkt"
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and "::Cell 2" in failed[0], result.stdout[-3000:]
    assert 'ev.chapters.show(ds, "3.2.2", figures)' in result.stdout
    assert "mismatch 'text/plain'" in result.stdout and "'Abb. 11 – Da" in result.stdout
