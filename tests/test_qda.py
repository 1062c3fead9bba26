"""Coded-segment imports, code matrix, quotes with citations, the pseudonymisation guard, the qda CLI."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import RAW
from evaluation.data import clean
from evaluation.cli import main
from evaluation.errors import DataError
from evaluation.qda import columns, guard, matrix, maxqda, quotes

@pytest.fixture(scope="module")
def ds():
    return clean.build(RAW, "2022-03-31")


def test_missing_code_column_is_named(tmp_path):
    (tmp_path / "x.csv").write_text("Dokumentname;Anfang;Ende;Segment\nA;1;1;t\n", encoding="utf-8")
    with pytest.raises(DataError, match="x.csv.*Pflichtspalte fehlt"):
        maxqda.read_coded_segments(tmp_path / "x.csv")


def test_code_matrix_counts_and_pseudonyms(ds):
    counts = matrix.code_matrix(ds.document_segments)
    assert counts.to_numpy().sum() == ds.document_segments["municipality_id"].notna().sum()
    presence = matrix.code_matrix(ds.document_segments, presence=True)
    assert set(presence.to_numpy().ravel()) <= {0, 1}
    published = matrix.published(ds.document_segments, ds.municipalities)
    assert all(str(c).startswith("Kohorte ") for c in published.columns)


def test_quotes_are_only_published_text_with_report_citations(ds):
    persons = guard.read_register(RAW)
    selected = quotes.select(ds.interview_segments, ["Veränderung\\Haltung", "Bewertung\\Programmkonzept"],
                             persons=persons)
    assert not selected["text"].str.contains("[rekonstruiert]", regex=False).any()
    assert not selected["coder"].str.endswith("-TEST").any()
    box = quotes.markdown(selected)
    assert box.count("<sup>") == 2 * len(selected)


@pytest.mark.parametrize("text, kind", [
    ("Wie Erika Mustermann sagte, klappt es.", "Name aus dem Personenregister"),
    ("Kontakt: koordination@beispiel-kommune.de", "E-Mail-Adresse"),
    ("Rufen Sie 0511 1234567 an", "Telefonnummer"),
    ("Treffpunkt Hauptstraße 12", "Straßenanschrift"),
])
def test_guard_finds_personal_data_without_repeating_it(text, kind):
    segments = pd.DataFrame({"document": ["Interview X"], "begin": [3], "end": [4], "text": [text]})
    with pytest.raises(guard.PersonalDataError) as err:
        guard.check(segments, ["Erika Mustermann"])
    message = str(err.value)
    assert kind in message and "Interview X" in message and "Absatz 3–4" in message
    assert text not in message


def test_guard_passes_the_published_quotes(ds):
    guard.check(ds.interview_segments, guard.read_register(RAW))


def test_personal_data_in_raw_data_stops_the_run(raw_copy, tmp_path, capsys):
    from conftest import edit_xlsx
    edit_xlsx(raw_copy, "coding/interviews.xlsx", 3, "Segment", "[rekonstruiert] Max Mustermann berichtet")
    assert main(["run", "--reporting-date", "2022-03-31", "--raw-dir", str(raw_copy),
                 "--output-dir", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "Personenbezogene Daten" in err and "Max Mustermann" not in err
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file()]


def test_cli_import_and_agreement(tmp_path, capsys):
    assert main(["qda", "import", str(RAW / "coding" / "interviews.xlsx"), "--to-csv", str(tmp_path / "t.csv")]) == 0
    assert "codierte Segmente" in capsys.readouterr().out
    assert list(pd.read_csv(tmp_path / "t.csv").columns) == columns.TIDY + ["comment"]  # comments are kept
    assert main(["qda", "agreement", str(RAW / "coding" / "interviews.xlsx")]) == 0
    assert "Cohens Kappa" in capsys.readouterr().out


def test_cli_refuses_bad_files(tmp_path, capsys):
    bad = tmp_path / "kaputt.qdpx"
    bad.write_bytes(b"\x00\xff garbage")
    assert main(["qda", "import", str(bad)]) == 2
    assert "kaputt.qdpx" in capsys.readouterr().err
    single = tmp_path / "one.csv"
    single.write_text("Dokumentname;Code;Anfang;Ende;Segment;Bearbeitet von;Dokumentgruppe;Dokumentdatum\n"
                      "A;X;1;1;t;EV1;G;01.01.2021\n", encoding="utf-8")
    assert main(["qda", "agreement", str(single)]) == 2
    assert "one.csv" in capsys.readouterr().err


def test_pipeline_reads_a_qdpx_delivery_like_the_export(raw_copy, ds):
    from evaluation.intake import manifest
    from evaluation.qda import refi
    xlsx = raw_copy / "coding" / "interviews.xlsx"
    segments = maxqda.read_coded_segments(xlsx, register=raw_copy / "coding" / "documents.csv")
    refi.write_qdpx(segments, raw_copy / "coding" / "interviews.qdpx")
    xlsx.unlink()
    (raw_copy / "MANIFEST.csv").write_text(manifest.render(raw_copy, clean.count_records(raw_copy)), encoding="utf-8")
    from_qdpx = clean.build(raw_copy, "2022-03-31").interview_segments
    assert len(from_qdpx) == len(ds.interview_segments)
    key = ["document", "code", "begin", "end", "coder"]
    assert from_qdpx[key].sort_values(key).reset_index(drop=True).equals(
        ds.interview_segments[key].sort_values(key).reset_index(drop=True))


def test_quote_boxes_cite_as_the_report_does(ds):
    """Every footnote of sections 3.3.6 and 3.4 (reference table of the published citations) is reproduced."""
    from evaluation.prose.quotes import boxes
    from evaluation.qda.quotes import for_section
    from evaluation.paths import METADATA_DIR
    published = pd.read_csv(METADATA_DIR / "published_citations.csv", sep=";", dtype=str)
    for section, group in published.groupby("Abschnitt"):
        box = boxes(for_section(ds, section), section).replace("\\*", "*")  # Markdown escapes the gender star
        for citation in group["Belegstelle"]:
            assert citation in box, (section, citation)
        assert box.count("> „") == len(group)
