"""Shared fixtures: a writable copy of data/raw, helpers to break it, the published reference values."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
# hypothesis keeps a folder .hypothesis/ in the working directory (example database, constants): never in the project
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "praeventionsketten-hypothesis"))
RAW = ROOT / "data" / "raw"
ENCODINGS = {"municipalities.csv": "utf-8-sig", "model_areas.csv": "cp1252", "offers_families.csv": "cp1252",
             "survey_coordinators_2021-03.csv": "cp1252", "activities.csv": "utf-8",
             "coding/codebook.csv": "utf-8", "coding/documents.csv": "utf-8-sig",
             "reference/niedersachsen_kreise.csv": "utf-8"}


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(Path(folder).rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


def edit_csv(raw: Path, name: str, edit) -> None:
    """Apply `edit(lines) -> lines` to a raw CSV, keeping its encoding."""
    path = raw / name
    encoding = ENCODINGS[name]
    lines = path.read_bytes().decode(encoding).splitlines()
    path.write_bytes(("\n".join(edit(lines)) + "\n").encode(encoding))


def edit_xlsx(raw: Path, name: str, row: int, column: str, value) -> None:
    """Set one cell (spreadsheet row number, header name) of a raw workbook."""
    path = raw / name
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    ws.cell(row=row, column=header.index(column) + 1, value=value)
    wb.save(path)


@pytest.fixture(scope="session")
def published() -> pd.DataFrame:
    """The printed values of Werkreport 1 – the one reference table tests compare with."""
    return pd.read_csv(ROOT / "evaluation" / "metadata" / "published_figures.csv", dtype=str).set_index("id")


@pytest.fixture(scope="session")
def pipeline_run(tmp_path_factory):
    """One real run of the default date into a temporary output root: what a reader gets."""
    from evaluation.run import pipeline
    from evaluation.reporting_date import DEFAULT
    out = tmp_path_factory.mktemp("lauf")
    folders = pipeline.run(DEFAULT, raw_dir=RAW, output_dir=out, echo=lambda m: None, jobs=2)[DEFAULT]
    return folders


def html_tables(page: Path) -> dict[str, list[list[str]]]:
    """Every <table> of an HTML page by its caption: header row first, then the rows, cell texts stripped."""
    from lxml import html as lxml_html
    tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    tables = {}
    for table in tree.iter("table"):
        caption = table.find("caption")
        key = caption.text_content().strip() if caption is not None else f"tabelle-{len(tables)}"
        rows = [[cell.text_content().strip() for cell in row.iter("th", "td")] for row in table.iter("tr")]
        tables[key] = rows
    return tables


def _tree_state() -> dict:
    """git status and every byte of the project's published outputs."""
    import subprocess
    state = {parts: tree_hash(ROOT.joinpath(*parts)) for parts in (("data", "processed"), ("figures",), ("reports",))}
    if (ROOT / ".git").exists():
        state["git status"] = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                                             text=True).stdout
    return state


@pytest.fixture(scope="session", autouse=True)
def tests_leave_the_tree_unchanged():
    """`make test` must not write into the working tree or change a published date (fails the session if it does)."""
    before = _tree_state()
    yield
    after = _tree_state()
    changed = [key for key in before if before[key] != after.get(key)]
    assert not changed, f"Tests haben das Projekt verändert: {changed}"


def change_one_offer_kind(raw: Path) -> None:
    """Another delivery: the second family offer of another kind — Abb. 11 changes, no sentence does."""
    from evaluation.data import clean
    from evaluation.intake import manifest

    def edit(lines):
        assert ";Bildung;" in lines[2]
        return lines[:2] + [lines[2].replace(";Bildung;", ";Information;", 1)] + lines[3:]
    edit_csv(raw, "offers_families.csv", edit)
    (raw / "MANIFEST.csv").write_text(manifest.render(raw, clean.count_records(raw)), encoding="utf-8")


def broken_notebook(folder: Path) -> None:
    """A notebook whose third cell fails: what a run must name (notebook and cell) and leave nothing of."""
    import nbformat
    folder.mkdir()
    params = nbformat.v4.new_code_cell('reporting_date = "2022-03-31"')
    params.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[params, nbformat.v4.new_code_cell("x = 1"),
                                         nbformat.v4.new_code_cell("raise ValueError('absichtlich kaputt')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "99_kaputt.ipynb")
    (folder / "_toc.yml").write_text("title: Probe\nchapters:\n  - file: 99_kaputt\n", encoding="utf-8")


# Test modules that run whole dates (papermill, kernels, clusters): marked `run`, everything else of tests/ `unit`;
# the notebooks themselves (nbval) are `notebooks`. `pytest -m unit` is the fast subset.
RUN_MODULES = {"test_audit_evidence", "test_cluster", "test_console", "test_delivery_step", "test_execute_resources",
               "test_nbval_sees_charts", "test_one_owner", "test_pipeline", "test_profiles", "test_publishing",
               "test_qda", "test_run"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        if path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
        elif (path.stem in RUN_MODULES or "pipeline_run" in getattr(item, "fixturenames", ())
              or any(item.iter_markers("run"))):
            item.add_marker(pytest.mark.run)
        elif not any(item.iter_markers("report")):
            item.add_marker(pytest.mark.unit)
