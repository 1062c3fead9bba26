"""Dates mean what they mean (a deepening phase counts from its decision), and the report's pseudonyms
never point at a real municipality."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import RAW
from evaluation.data import clean
from evaluation.findings import pandemic, participation
from evaluation.intake.readers import read_table


def _raw_areas() -> pd.DataFrame:
    return read_table(RAW / "model_areas.csv", "model_areas.csv")


def test_deepening_phases_decided_in_2020_count_at_the_end_of_2020():
    areas = _raw_areas()
    decided = pd.to_datetime(areas["Entscheidung am"], format="%d.%m.%Y", errors="coerce")
    in_2020 = int(((areas["Art"] == "Vertiefung") & (decided.dt.year == pandemic.PANDEMIC_YEAR)).sum())
    started_later = ((areas["Art"] == "Vertiefung") & (decided.dt.year == 2020)
                     & (pd.to_datetime(areas["Beginn"], format="%d.%m.%Y") > "2020-12-31")).sum()
    assert started_later > 0, "the test needs a phase decided in 2020 that started later"
    ds = clean.build(RAW, "2020-12-31")
    assert pandemic.deepening_decided(ds).numerator == in_2020
    assert participation.deepening_phases(ds).numerator >= in_2020


def test_model_areas_belong_to_the_programme_from_their_decision():
    ds = clean.build(RAW, "2020-12-31")
    areas = ds.model_areas
    assert (areas["in_programme_from"] <= pd.Timestamp("2020-12-31")).all()
    assert (areas["start"] > pd.Timestamp("2020-12-31")).any(), "a decided phase that starts later is counted"


def test_report_pseudonyms_point_only_at_placeholder_municipalities():
    register = read_table(RAW / "municipalities.csv", "municipalities.csv")
    cited = register[register["Pseudonym"].isin(["Kommune A", "Kommune B"])]
    assert len(cited) == 2
    assert (cited["Belegstatus"] == "Platzhalter").all(), cited[["Kommune", "Pseudonym"]].to_string()
    ds = clean.build(RAW, "2022-03-31")
    interviews = ds.interview_segments[ds.interview_segments["document_group"] == "Leitfadeninterviews"]
    assert len(interviews) and interviews["municipality_id"].isna().all(), "a pseudonym is never resolved to an id"


def test_pseudonyms_in_the_order_of_the_names_are_refused(raw_copy):
    from conftest import edit_csv
    from evaluation.errors import DataError

    def alphabetical(lines):
        header, rows = lines[0], lines[1:]
        column = header.split(";").index("Pseudonym")
        names = sorted(r.split(";")[1] for r in rows if r.strip())
        out = [header]
        for row in rows:
            cells = row.split(";")
            if row.strip():
                cells[column] = f"Kommune {chr(65 + names.index(cells[1]))}"
            out.append(";".join(cells))
        return out
    edit_csv(raw_copy, "municipalities.csv", alphabetical)
    with pytest.raises(DataError, match="Pseudonym.*Reihenfolge.*Name"):
        clean.build(raw_copy, "2022-03-31")
