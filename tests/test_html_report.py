"""werkreport.html as a person reads it: every number of its tables is the number of findings.csv,
labelled in German, never empty where a value exists; every figure is there with its data; the page
opens in headless Chromium with every image loaded."""
from __future__ import annotations

import math
import re
import shutil
import subprocess
import tempfile

import pandas as pd
import pytest

from conftest import ROOT, html_tables
from evaluation import chapters, load
from evaluation.charts import CHARTS, data_table, label
from evaluation.publication import findings_table as ft, registry

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page(pipeline_run):
    return pipeline_run["reports"] / "werkreport.html"


@pytest.fixture(scope="module")
def written(pipeline_run):
    return ft.read(pipeline_run["reports"])


def _value(text) -> bool:
    return not (text is None or (isinstance(text, float) and math.isnan(text)) or str(text).strip() in ("", "nan"))


def test_findings_table_in_html_is_findings_csv_cell_by_cell(page, written):
    table, _ = written
    rows = html_tables(page)["Befundtabelle"]
    header, body = rows[0], rows[1:]
    assert header == ft.FINDINGS_GERMAN
    assert len(body) == len(table) == len(registry.published())
    col = {name: header.index(name) for name in header}
    labels = registry.labels()
    for cells, row in zip(body, table.itertuples()):
        assert cells[col["Kennzahl"]] == labels[row.id], row.id
        assert not re.fullmatch(r"[a-z0-9_]+", cells[col["Kennzahl"]]), f"interne Kennung statt Bezeichnung: {row.id}"
        assert cells[col["berechnet"]] == row.display, row.id
        assert cells[col["Werkreport"]] == row.printed_value, row.id
        assert cells[col["Status"]] == row.status, row.id
        if _value(row.numerator):
            assert cells[col["Zähler"]] == str(int(row.numerator)), row.id
        for name, source in (("berechnet", row.display), ("Werkreport", row.printed_value), ("Status", row.status)):
            if _value(source):
                assert cells[col[name]] not in ("", "nan", "NaN", "<NA>"), (row.id, name)
        if _value(row.ci_low):
            assert cells[col["95-%-Intervall (Wilson)"]].count("%") == 1, row.id
    assert not any(cell in ("nan", "NaN", "<NA>", "None") for cells in body for cell in cells)


def test_audit_table_in_html_is_audit_csv(page, written):
    _, checks = written
    rows = html_tables(page)["Prüfregeln und Befunde"]
    assert rows[0] == list(ft.AUDIT_GERMAN.values())
    assert [r[0] for r in rows[1:]] == checks["rule"].tolist()
    assert [r[3] for r in rows[1:]] == checks["result"].tolist()
    assert [r[4] for r in rows[1:]] == checks["finding"].tolist()
    ids = set(registry.labels())
    for r in rows[1:]:
        assert not set(r[2].split("; ")) & ids, f"interne Kennung in der Prüftabelle: {r[2]}"
        assert not any(re.fullmatch(r"[a-z]+(_[a-z]+)+", cell) for cell in r), f"interne Kennung: {r}"
    kinds = set(pd.read_csv(ROOT / "evaluation" / "metadata" / "audit_rules.csv", sep=";", dtype=str)["Art"])
    assert not {r[1] for r in rows[1:]} & kinds, "Regelart als interne Kennung statt Bezeichnung"


def test_every_figure_with_its_data(page, pipeline_run):
    text = page.read_text(encoding="utf-8")
    tables = html_tables(page)
    ds = load(pipeline_run["processed"].name, processed_dir=pipeline_run["processed"].parent)
    for key in CHARTS:
        assert f'alt="{label(key)}"' in text, key
        shown = tables[f"Daten zu {label(key)}"]
        expected = data_table(ds, key)
        assert shown[0] == list(expected.columns), key
        assert shown[1:] == expected.astype(str).values.tolist(), key
        assert all(cell.strip() for row in shown[1:] for cell in row), f"leere Zelle in den Daten zu {key}"


def test_every_section_of_the_plan_once(page):
    text = page.read_text(encoding="utf-8")
    for section in chapters.PLAN:
        assert text.count(f'id="kapitel-{section.key}"') == 1, section.key
    assert not re.search(r'(src|href)="https?://', text), "no network resources"
    for part in ("Rekonstruierte Daten", "Konsistenzprüfung", "Datenherkunft", "Wilson", "Leitfadeninterview"):
        assert part in text


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium fehlt (make test installiert Debians chromium, wenn möglich)")
def test_report_in_headless_chromium(page, tmp_path):
    profile = tempfile.mkdtemp(prefix="chromium-")
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    loaded = re.search(r'data-images="(\d+)/(\d+)"', dom)
    assert loaded, "page script did not run"
    assert loaded[1] == loaded[2] == str(len(CHARTS)), f"images loaded: {loaded[1]} of {loaded[2]}"
    rendered = html_tables_from_text(dom)
    assert rendered["Befundtabelle"][1][3], "Befundtabelle im Browser ohne berechneten Wert"
    shot = tmp_path / "werkreport_bildschirmfoto.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-')}",
                    "--window-size=1200,3000", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 10_000


def html_tables_from_text(dom: str) -> dict:
    path = tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8")
    path.write(dom)
    path.close()
    from pathlib import Path
    return html_tables(Path(path.name))


def test_findings_csv_counts_are_integers(pipeline_run):
    text = (pipeline_run["reports"] / "findings.csv").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("municipalities_total,"))
    assert ",22.0," not in row and re.search(r",\d+,,", row), row
    assert pd.read_csv(pipeline_run["reports"] / "findings.csv")["display"].notna().all()


def _notebook_table(caption_column: str) -> list[list[str]] | None:
    """The table a committed notebook shows (its HTML output with a header `caption_column`), flattened; None if none does."""
    import nbformat
    from lxml import html as lxml_html

    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                markup = output.get("data", {}).get("text/html")
                table = lxml_html.fromstring(markup).find(".//table") if markup else None
                if table is None or table.find("thead") is None:
                    continue
                head = [th.text_content().strip() for th in table.find("thead").iter("th")]
                if caption_column not in head:
                    continue
                return [[c.text_content().strip() for c in tr.iter("th", "td")] for tr in table.find("tbody").iter("tr")]
    return None


def test_the_notebook_with_the_findings_table_shows_the_numbers_of_the_html_report(page):
    """The committed notebook (default date, repository data) shows the same cells as the report of a run.

    The Befundtabelle left 50_fazit (chapter 4 is the summary only) for the report's appendix, notebook 80_befunde.
    """
    shown = _notebook_table("berechnet")
    if shown is None and not (ROOT / "notebooks" / "80_befunde.ipynb").exists():
        pytest.skip("Die Befundtabelle steht in keinem Notebook: der Anhang 80_befunde ist noch nicht im Projekt")
    assert shown is not None, "kein Notebook zeigt die Befundtabelle (Spalte „berechnet“)"
    html_rows = html_tables(page)["Befundtabelle"][1:]
    assert [r[0] for r in shown] == [r[0] for r in html_rows]
    assert [[c if c != "" else "" for c in r] for r in shown] == html_rows
