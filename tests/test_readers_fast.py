"""The fast CSV route (pyarrow, Categoricals, work per distinct value) gives exactly what the careful reader
gives, and hands every fault back to it, so that its German messages stay as they are."""
from __future__ import annotations

import pandas as pd
import pytest

from evaluation.data import clean
from evaluation.errors import DataError
from evaluation.intake import readers, schemas
from evaluation.intake.validation import conform

CLEAN = ("\ufeffDatum;Art;Kommune;Titel;Format;Dauer (Std.);Segment;\n"
         "02.01.2017;Vortrag;  Landkreis Peine ;\"Titel; mit Trennzeichen\";Präsenz;\"1,5\";\"Zeile eins\n"
         "Zeile zwei \";\n"
         ";;;;;;;\n"
         "03.01.2017;Vortrag;Landkreis Peine;\"Titel \"\"zitiert\"\"\";  ;;   ;\n"
         "02.01.2017;Vortrag;  Landkreis Peine ;\"Titel; mit Trennzeichen\";Präsenz;\"1,5\";\"Zeile eins\n"
         "Zeile zwei \";\n")


def careful(monkeypatch, *args, **kwargs) -> pd.DataFrame:
    with monkeypatch.context() as patched:
        patched.setattr(readers, "_fast_csv", lambda *a: None)
        return readers.read_csv(*args, **kwargs)


def test_a_clean_file_reads_alike_on_both_routes(tmp_path, monkeypatch):
    path = tmp_path / "activities.csv"
    path.write_bytes(CLEAN.encode("utf-8"))
    assert readers._fast_csv(path, path.name, False, ("Segment",)) is not None
    fast = readers.read_csv(path, keep=("Segment",))
    slow = careful(monkeypatch, path, keep=("Segment",))
    pd.testing.assert_frame_equal(fast, slow)
    assert list(fast.index) == [2, 4, 5] and fast.index.name == "Zeile"  # records, as pandas counts them
    assert fast.at[2, "Segment"] == "Zeile eins\nZeile zwei " and fast.at[4, "Segment"] is None
    assert fast.at[2, "Kommune"] == "Landkreis Peine" and fast.at[4, "Format"] is None
    assert (fast.map(type) == slow.map(type)).all().all()
    as_categories = readers.read_csv(path, keep=("Segment",), categories=True)
    assert all(isinstance(t, pd.CategoricalDtype) for t in as_categories.dtypes)
    pd.testing.assert_frame_equal(readers.plain(as_categories), slow)


def test_categorical_cells_validate_as_text_cells(tmp_path):
    path = tmp_path / "activities.csv"
    path.write_bytes(CLEAN.encode("utf-8"))
    cells = readers.read_csv(path, categories=True).drop(columns="Segment")
    typed = conform(cells, schemas.ACTIVITIES, path.name)
    pd.testing.assert_frame_equal(readers.plain(typed), conform(readers.plain(cells), schemas.ACTIVITIES, path.name))
    assert str(typed["date"].dtype) == "datetime64[ns]" and str(typed["hours"].dtype) == "Float64"
    assert isinstance(typed["kind"].dtype, pd.CategoricalDtype)  # texts stay categories until the dataset
    assert clean._duplicated(cells).tolist() == readers.plain(cells).astype(str).duplicated().tolist() \
        == [False, False, True]
    broken = cells.assign(Datum=cells["Datum"].cat.rename_categories({"03.01.2017": "31.02.2017"}))
    with pytest.raises(DataError) as refused:
        conform(broken, schemas.ACTIVITIES, path.name)
    assert "Zeile 4" in str(refused.value) and "31.02.2017" in str(refused.value)


@pytest.mark.parametrize("text, expected", [
    ("a;b;c\n1;2;3\n4;\"5;6\n", "Anführungszeichen in Zeile 3 nicht geschlossen"),
    ("a;b;c\n1;2;3\n4;5\n", "Zeile hat 2 statt 3 Felder"),
    ("a;b;c\n1;2;3\n4;5;6;7\n", "Zeile hat 4 statt 3 Felder"),
    ("a;b;c;\n1;2;3;x\n", "Zeile hat 4 statt 3 Felder"),
    ("a;b;c\n1;2\x00;3\n", "Binärdaten"),
    ("a;a;c\n1;2;3\n", "Spaltenüberschrift kommt doppelt vor"),
])
def test_faults_go_to_the_careful_reader(tmp_path, text, expected):
    path = tmp_path / "file.csv"
    path.write_bytes(text.encode("utf-8"))
    assert readers._fast_csv(path, path.name, False, ()) is None
    with pytest.raises(DataError) as refused:
        readers.read_csv(path)
    assert expected in str(refused.value)


def test_a_blank_line_keeps_the_row_numbers(tmp_path, monkeypatch):
    path = tmp_path / "file.csv"
    path.write_bytes("a;b;c\n1;2;3\n\n4;5;6\n".encode("utf-8"))
    fast = readers.read_csv(path)
    pd.testing.assert_frame_equal(fast, careful(monkeypatch, path))
    assert list(fast.index) == [2, 4]


def test_the_guard_screens_categorical_texts():
    from evaluation.qda import guard
    titles = pd.Series(pd.Categorical(["Vortrag", None, "Beratung mit Erika Mustermann", "Vortrag"]),
                       index=pd.Index([2, 3, 4, 5], name="Zeile"))
    with pytest.raises(guard.PersonalDataError) as refused:
        guard.screen(pd.DataFrame({"title": titles}), guard.Register(["Erika Mustermann"]), "activities.csv",
                     {"title": "Titel"})
    assert "activities.csv, Zeile 4, Spalte „Titel“" in str(refused.value)
