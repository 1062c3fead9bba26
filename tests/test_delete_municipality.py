"""Deleting one municipality's records from a copy of the raw data changes exactly the findings
that depend on it: its own counts and every share over the municipalities — nothing programme-wide."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from conftest import ENCODINGS
from evaluation.data import clean
from evaluation.publication.reconciliation import reconcile
from evaluation.intake.municipalities import MunicipalityNames
from evaluation.intake.readers import read_table

VICTIM = "P18"  # programme key in municipalities.csv (a 2020 Landkreis in the reconstruction)
PROGRAMME_LEVEL = {"trainings_coordinators", "conferences", "publications", "social_media_items",
                   "satisfaction_very", "satisfaction_satisfied", "satisfaction_total", "cohorts",
                   "share_independent_cities", "independent_cities_participating", "further_towns"}
TYPE_FINDING = {"Landkreis": "districts_participating", "kreisfreie Stadt": "independent_cities_participating",
                "Stadt": "further_towns"}


def _drop_rows(raw, name, column, doomed_value):
    """Remove the rows whose `column` value is doomed (`doomed_value(value)`); returns how many."""
    path = raw / name
    frame = read_table(path, name)
    doomed = [row for row, value in frame[column].items() if value and doomed_value(value)]
    if path.suffix == ".xlsx":
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        for row in sorted(doomed, reverse=True):
            ws.delete_rows(row)
        wb.save(path)
    else:
        text = path.read_bytes().decode(ENCODINGS[name])
        sep = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        keep = [r for i, r in enumerate(rows, start=1) if i not in doomed]
        out = io.StringIO()
        csv.writer(out, delimiter=sep, lineterminator="\n").writerows(keep)
        path.write_bytes(out.getvalue().encode(ENCODINGS[name]))
    return len(doomed)


def test_deleting_one_municipality(raw_copy):
    before = clean.build(raw_copy, "2022-03-31")
    munis = before.municipalities
    victim = munis.loc[munis["programme_key"] == VICTIM].iloc[0]
    names = MunicipalityNames(munis)
    ids = {victim["municipality_id"]}
    theirs = lambda value: names.resolve(value) in ids  # noqa: E731
    register = read_table(raw_copy / "coding/documents.csv")
    analysed = set(read_table(raw_copy / "coding/document_analysis.xlsx")["Dokumentname"])
    documents = {d for d, m in zip(register["Dokumentname"], register["Kommune"]) if m and theirs(m)} & analysed
    dropped = {name: _drop_rows(raw_copy, name, column, doomed) for name, column, doomed in [
        ("municipalities.csv", "Kennung", theirs), ("model_areas.csv", "Kommune", theirs),
        ("coding/documents.csv", "Dokumentname", documents.__contains__),
        ("coding/document_analysis.xlsx", "Dokumentname", documents.__contains__),
        ("offers_families.csv", "Kommune", theirs), ("offers_professionals.xlsx", "Kommune", theirs),
        ("activities.csv", "Kommune", theirs)]}
    assert dropped["coding/documents.csv"] == len(documents) > 0
    (raw_copy / "MANIFEST.csv").unlink()
    from evaluation.intake import manifest
    (raw_copy / "MANIFEST.csv").write_text(manifest.render(raw_copy, clean.count_records(raw_copy)), encoding="utf-8")
    after = clean.build(raw_copy, "2022-03-31")

    old, _ = reconcile(before)
    new, _ = reconcile(after)
    key = lambda t: t.set_index("id")[["numerator", "denominator"]].astype("string").fillna("")  # noqa: E731
    changed = {i for i, a, b in zip(old["id"], key(old).itertuples(index=False), key(new).itertuples(index=False))
               if tuple(a) != tuple(b)}
    n = len(munis)
    must = {"municipalities_total", "model_areas_total", TYPE_FINDING[victim["type"]]}
    must |= set(old.loc[old["denominator"] == n, "id"])  # every share over the municipalities
    if dropped["offers_families.csv"]:
        must |= {"offers_families", "offers_families_summary"}
    if dropped["offers_professionals.xlsx"]:
        must |= {"offers_professionals", "offers_professionals_summary"}
    if victim["type"] in ("Landkreis", "Region"):
        must.add("share_districts")
    if victim["cohort"] == 2020:
        must.add("new_municipalities_2020")
    assert must <= changed, sorted(must - changed)
    assert not (changed & PROGRAMME_LEVEL), sorted(changed & PROGRAMME_LEVEL)
