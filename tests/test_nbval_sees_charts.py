"""nbval sees every chart: each chart cell carries the chart's data as text beside the picture, so a
change in the data behind a chart fails nbval on that cell – and on the cells that compute from the same
data, nowhere else."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import nbformat

from conftest import RAW, ROOT, change_one_offer_kind
from evaluation.charts import CHARTS, label

DATA_TEXT = re.compile(r"^(Abb\. \d+|Tabelle \d+)\b[^\n]* – Daten der Abbildung\n")


def _outputs():
    """(notebook, cell, text/plain) of every output of the committed notebooks."""
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                yield path.name, cell, output.get("data", {}).get("text/plain", "")


def test_every_chart_of_the_report_is_shown_with_its_data():
    shown = {}
    for notebook, _, text in _outputs():
        match = DATA_TEXT.match(text)
        if match:
            lines = text.splitlines()
            assert len(lines) > 2, f"{notebook}: {match.group(1)} mit leerer Datentabelle"
            assert "nan" not in text.lower().split(), f"{notebook}: {match.group(1)} zeigt nan"
            shown[match.group(1)] = notebook
    tables = {text.split(":")[0] for _, _, text in _outputs() if text.startswith("Tabelle ")}
    for key in CHARTS:
        if key.startswith("abb_"):
            assert label(key) in shown, f"{label(key)} ohne Daten in keinem Notebook"
        elif key.startswith("tab_"):
            assert label(key) in shown or label(key) in tables, f"{label(key)} in keinem Notebook"


def _code_cells(name: str) -> list:
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return [c for c in nb.cells if c.cell_type == "code"]


def test_changed_data_behind_abb_11_fails_nbval_on_its_cells(tmp_path):
    """Another kind for one family offer: Abb. 11 (and the kind split of Abb. 12 and 13) change, nothing else."""
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
    cells = _code_cells("21_angebote.ipynb")
    failed = {int(n) for n in re.findall(r"^FAILED \S+::Cell (\d+)", result.stdout, re.MULTILINE)}
    failed_ids = {cells[n].id for n in failed}
    chart = next(i for i, c in enumerate(cells) if c.id == "21-abb11-chart")
    assert chart in failed, result.stdout[-3000:]
    by_kind = {c.id for c in cells if c.id.startswith(("21-abb11-", "21-abb12-", "21-abb13-"))}
    assert failed_ids <= by_kind, f"andere Zellen als die der Angebotsarten: {sorted(failed_ids - by_kind)}"
    report = result.stdout.split(f"Cell {chart}: Cell outputs differ", 1)[1].split("Cell outputs differ", 1)[0]
    assert "mismatch 'text/plain'" in report and "'Abb. 11: Art" in report, report
