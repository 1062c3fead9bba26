"""`.xlsx` through calamine gives the frame openpyxl gave: date-only cells as dates like date-time cells,
whole numbers as numbers, empty cells missing, rows numbered as the spreadsheet shows them, a workbook
recognised by content – and the same refusals."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from evaluation.errors import DataError
from evaluation.intake.readers import read_xlsx

pytestmark = pytest.mark.unit


def _workbook(path, rows, title="Blatt"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_cells_as_openpyxl_gave_them(tmp_path):
    path = _workbook(tmp_path / "a.xlsx", [
        ["Datum", "Zahl", "Anteil", "Text", "Leer"],
        [dt.date(2021, 3, 19), 3, 0.5, "  Beratung ", None],
        [None, None, None, None, None],
        [dt.datetime(2022, 2, 24, 13, 30), 12.0, 1.25, "Bildung", None],
    ])
    frame = read_xlsx(path)
    assert list(frame.index) == [2, 4]  # the empty row 3 is dropped, the others keep their numbers
    assert str(frame["Datum"].dtype).startswith("datetime64")  # date-only and date-time cells alike
    assert frame["Datum"].tolist() == [dt.datetime(2021, 3, 19), dt.datetime(2022, 2, 24, 13, 30)]
    assert frame["Zahl"].tolist() == [3, 12] and frame["Anteil"].tolist() == [0.5, 1.25]
    assert frame.at[2, "Text"] == "Beratung" and frame["Leer"].isna().all()


def test_a_workbook_under_another_name_is_read_by_content(tmp_path):
    path = _workbook(tmp_path / "segmente.csv", [["Code", "Segment"], ["A", "Text"]])
    assert read_xlsx(path)["Segment"].tolist() == ["Text"]


def test_refusals(tmp_path):
    too_long = _workbook(tmp_path / "b.xlsx", [["A", "B"], ["1", "2"], ["3", "4", "übrig"]])
    with pytest.raises(DataError, match="Zeile hat 3 statt 2 Felder") as err:
        read_xlsx(too_long)
    assert err.value.row == 3
    broken = tmp_path / "c.xlsx"
    broken.write_bytes(b"PK\x03\x04 kein Archiv")
    with pytest.raises(DataError, match="keine lesbare Excel-Datei"):
        read_xlsx(broken)
    header_only = read_xlsx(_workbook(tmp_path / "d.xlsx", [["A", "B"]]))
    assert header_only.empty and list(header_only.columns) == ["A", "B"]
