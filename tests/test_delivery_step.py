"""Accepting a new delivery is one step whose messages say what to type next; content is checked
before the published-state guard; a reporting date long after the data is called out everywhere."""
from __future__ import annotations

import pandas as pd

from conftest import RAW, change_one_offer_kind, edit_csv, html_tables
from evaluation import formatting as fmt
from evaluation.data import clean
from evaluation.findings import uncertainty
from evaluation.prose import process_support
from evaluation.publication import excel_csv
from evaluation.cli import main

DATE = "2022-03-31"


def test_delivery_messages_say_what_to_type_next(tmp_path, raw_copy, capsys):
    out = tmp_path / "out"
    run = ["run", "--reporting-date", DATE, "--raw-dir", str(raw_copy), "--output-dir", str(out), "--jobs", "2"]
    assert main(run) == 0
    edit_csv(raw_copy, "offers_families.csv", lambda lines: lines[:2] + [lines[2].replace(";Bildung;", ";Information;")]
             + lines[3:])
    capsys.readouterr()
    assert main(run) == 2
    err = capsys.readouterr().err
    assert f"python -m evaluation manifest --raw-dir {raw_copy}" in err and f"make delivery RAW={raw_copy}" in err

    assert main(["manifest", "--raw-dir", str(raw_copy)]) == 0
    said = capsys.readouterr().out
    assert "Nächster Schritt" in said and f"--raw-dir {raw_copy}" in said and "--force" in said

    assert main(run) == 2
    err = capsys.readouterr().err
    assert (f"python -m evaluation run --reporting-date {DATE} --raw-dir {raw_copy} --output-dir {out.resolve()} "
            "--force") in err
    assert f"make report DATE={DATE} RAW={raw_copy} OUT={out.resolve()} FORCE=1" in err


def test_content_errors_come_before_the_published_state_guard(tmp_path, raw_copy, capsys):
    out = tmp_path / "out"
    run = ["run", "--reporting-date", DATE, "--raw-dir", str(raw_copy), "--output-dir", str(out), "--jobs", "2"]
    assert main(run) == 0
    change_one_offer_kind(raw_copy)  # accepted, but another delivery than the published one …
    edit_csv(raw_copy, "offers_families.csv", lambda lines: lines[:3] + [lines[3].replace(".2018;", ".20x8;", 1)]
             + lines[4:])  # … and with a broken date in row 4
    capsys.readouterr()
    assert main(run) == 2
    err = capsys.readouterr().err
    assert "offers_families.csv" in err and "Zeile 4" in err and "--force" not in err


def test_stale_reporting_date_is_called_out_in_console_html_and_findings(tmp_path, capsys):
    late = "2026-09-30"
    end = fmt.date(clean.build(RAW, late).meta["data_end"])  # the last dated record of the delivery
    out = tmp_path / "out"
    assert main(["run", "--reporting-date", late, "--output-dir", str(out), "--jobs", "2"]) == 0
    said = capsys.readouterr().out
    assert f"Warnung: Die Daten reichen nur bis {end}" in said
    reports = out / "reports" / late
    page = (reports / "werkreport.html").read_text(encoding="utf-8")
    assert f"Die Daten reichen nur bis {end}" in page
    assert "2026 mit" not in page and "bis zum Stichtag 30.09.2026" not in page, "Trend über das Datenende hinaus"
    notes = excel_csv.read(reports / "findings.csv", dtype=str)["Hinweis"]  # the file for people, as Excel reads it
    assert notes.str.contains(f"Die Daten reichen nur bis {end}").all()
    # Anlage A says it once, above its table; the table compares nothing at a date other than the report's
    anlage_a = page[page.rindex("Anlage A: Befunde im Vergleich mit dem Werkreport"):]
    assert f"Die Daten reichen nur bis {end}" in anlage_a[:anlage_a.index("Tabelle A1:")]
    rows = next(rows for caption, rows in html_tables(reports / "werkreport.html").items()
                if caption.startswith("Tabelle A1:"))
    assert {r[rows[0].index("Status")] for r in rows[1:]} == {"nicht verglichen"}


def test_trend_stops_at_the_end_of_stale_data():
    ds = clean.build(RAW, DATE)
    ds.meta["reporting_date"], ds.meta["data_end"] = "2026-09-30", DATE
    trend = uncertainty.trainings_trend(ds)
    assert int(trend.years["year"].max()) == 2022 and int(trend.years["months"].iloc[-1]) == 3
    assert "bis zum Ende der Daten am 31.03.2022" in process_support.trend_text(trend, ds.reporting_date)
