"""Files as evaluators receive them: encodings, separators, Excel, broken files."""
import pytest
from openpyxl import Workbook

from evaluation.errors import DataError
from evaluation.intake.readers import read_table

TEXT = "Kommune;Datum;Anzahl\nLandkreis Göttingen ;31.03.2022;1,5\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(tmp_path, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes(TEXT.encode(encoding))
    frame = read_table(path)
    assert list(frame.columns) == ["Kommune", "Datum", "Anzahl"]
    assert frame.loc[2, "Kommune"] == "Landkreis Göttingen"  # row 2 as a spreadsheet shows it


def test_comma_separator(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('Kommune,Datum,Dauer\n"Peine, Landkreis",31.03.2022,"1,5"\n', encoding="utf-8")
    frame = read_table(path)
    assert frame.loc[2, "Kommune"] == "Peine, Landkreis"
    assert frame.loc[2, "Dauer"] == "1,5"


def test_xlsx(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Kommune", "Anfang"])
    ws.append(["LK Peine", 3])
    wb.save(tmp_path / "t.xlsx")
    frame = read_table(tmp_path / "t.xlsx")
    assert frame.loc[2, "Anfang"] == 3


def test_short_row_names_the_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a;b;c\n1;2;3\n4;5\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_table(path)
    assert err.value.row == 3 and "t.csv" in str(err.value)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_garbage_is_refused(tmp_path, suffix):
    path = tmp_path / f"kaputt{suffix}"
    path.write_bytes(b"\x00\xff garbage \x00" * 40)
    with pytest.raises(DataError, match="kaputt"):
        read_table(path)


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="fehlt"):
        read_table(tmp_path / "nicht_da.csv")


def test_a_repeated_heading_is_refused_in_the_projects_own_files(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("Kommune;Datum;Kommune\nLK Peine;31.03.2022;Peine\n", encoding="utf-8")
    with pytest.raises(DataError, match="Spaltenüberschrift kommt doppelt vor") as err:
        read_table(path)
    assert (err.value.row, err.value.column) == (1, "Kommune")
    assert list(read_table(path, number_repeats=True).columns) == ["Kommune", "Datum", "Kommune (2)"]


def test_utf16_text_as_excel_and_maxqda_write_it(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("Kommune\tDatum\r\nLandkreis Göttingen\t31.03.2022\r\n".encode("utf-16"))
    assert read_table(path).loc[2, "Kommune"] == "Landkreis Göttingen"
