"""Issue 16, item 4: the four inconsistencies between the data and the report's words, each resolved by a rule
(finding level) and said where the text stands (prose level), and listed in the consistency audit."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import RAW
from evaluation.data import clean
from evaluation.data.dataset import Dataset
from evaluation.findings import pandemic, participation, profile, sustainability
from evaluation.prose import pandemic as pandemic_prose, participation as participation_prose
from evaluation.prose import sustainability as sustainability_prose
from evaluation.publication import audit

T = pd.Timestamp
pytestmark = pytest.mark.unit


def plain(text: str) -> str:
    return text.replace("\\", "")


@pytest.fixture
def small() -> Dataset:
    municipalities = pd.DataFrame({
        "municipality_id": ["A", "B", "C"], "name": ["Stadt A", "Landkreis B", "Stadt C"],
        "type": ["Stadt", "Landkreis", "Stadt"], "cohort": [2017, 2017, 2020],
        "funding_start": [T("2017-01-01"), T("2017-01-01"), T("2020-01-01")],
        "funding_end": [T("2019-12-31"), T("2019-12-31"), T("2022-12-31")],
    })
    seg = lambda mid, val, date: {"municipality_id": mid, "indicator": "continuation", "value": val,  # noqa: E731
                                  "document_date": T(date)}
    segments = pd.DataFrame([seg("A", "offen", "2019-01-01"), seg("A", "beschlossen", "2019-11-01"),
                             seg("B", "beschlossen", "2020-03-03"), seg("B", "offen", "2020-03-03"),
                             seg("C", "offen", "2021-06-01")])
    return Dataset({"municipalities": municipalities, "document_segments": segments}, {"reporting_date": "2022-03-31"})


@pytest.fixture(scope="module")
def ds():
    return clean.build(RAW, "2022-03-31")


# a) Nachhaltigkeit\Fortführung\offen: 12 municipalities carry the code, 6 of them decided later ----------------

def test_latest_document_decides_and_a_decision_on_the_same_day_wins(small):
    status = sustainability.continuation(small).set_index("municipality_id")["status"].to_dict()
    assert status == {"A": "beschlossen", "B": "beschlossen", "C": "offen"}


def test_continuation_codes_count_coded_latest_and_superseded(small):
    codes = sustainability.continuation_codes(small).set_index("status")
    assert codes.loc["offen", ["coded", "latest", "superseded"]].tolist() == [3, 1, 2]
    assert codes.loc["beschlossen", ["coded", "latest", "superseded"]].tolist() == [2, 2, 0]


def test_repository_offen_coded_twice_as_often_as_it_counts(ds, published):
    codes = sustainability.continuation_codes(ds).set_index("status")
    n = len(ds.municipalities)
    assert round(100 * codes.at["offen", "latest"] / n) == int(published.at["continuation_pending", "printed_value"])
    assert codes.at["offen", "coded"] == codes.at["offen", "latest"] + codes.at["offen", "superseded"]
    assert codes.at["offen", "superseded"] > 0


def test_sustainability_text_explains_the_raw_code_count(small):
    summary = sustainability.continuation_summary(small)
    text = plain(sustainability_prose.continuation_text(summary, codes=sustainability.continuation_codes(small)))
    assert "den Code „Nachhaltigkeit" not in text.split("[^fortfuehrung]:")[0]  # code paths only in the footnote
    assert "drei Kommunen" in text and "bei zwei davon ist später die Fortführung beschlossen" in text
    assert "am selben Tag" in text and "Anlage B" in text


# b) Corona\Anpassung: the report's "Mehrzahl" ------------------------------------------------------------------

def test_repository_majority_documented_adapting(ds):
    table = pandemic.adaptations(ds)
    assert len(table) > table["n"].iloc[0] / 2


def test_pandemic_text_says_majority_when_data_give_one(ds):
    text = plain(pandemic_prose.municipalities_text(pandemic.events_by_year(ds), pandemic.adaptations(ds)))
    assert "also der Mehrzahl" in text and f"der {len(ds.municipalities)} Kommunen" in text


def test_pandemic_text_says_no_majority_when_few():
    events = pd.DataFrame({"year": [2020], "started": [0], "deepening_decided": [0], "left": [0],
                           "partial_year": [False]})
    few = pd.DataFrame({"municipality_id": ["A"], "name": ["A"], "cohort": [2017], "funding_end": [T("2019-12-31")],
                        "n": [5]})
    text = pandemic_prose.municipalities_text(events, few)
    assert "also der Mehrzahl" not in text and "noch keine Mehrzahl" in text


# c) Samtgemeinde Fürstenau: one funding phase, a model area in the Landkreis Osnabrück ---------------------------

def _fuerstenau(ds):
    m = ds.municipalities
    return m[m["type"] == "Samtgemeinde"].iloc[0]


def test_fuerstenau_has_one_phase_in_the_cohort_of_its_landkreis(ds):
    sg = _fuerstenau(ds)
    areas = ds.model_areas[ds.model_areas["municipality_id"] == sg["municipality_id"]]
    assert len(areas) == 1 and areas["start"].iloc[0] == sg["funding_start"] and areas["end"].iloc[0] == sg["funding_end"]
    assert "Landkreis Osnabrück" in areas["model_area"].iloc[0]
    parent = ds.municipalities[ds.municipalities["name"] == "Landkreis Osnabrück"].iloc[0]
    assert sg["cohort"] == parent["cohort"]
    assert profile.funded_periods(ds, sg["municipality_id"]) == [(sg["funding_start"], sg["funding_end"])]


def test_every_other_deepening_follows_its_own_funding_phase(ds):
    m = ds.municipalities.set_index("municipality_id")
    deep = ds.model_areas[ds.model_areas["kind"] == "Vertiefung"]
    follows = [row.start > m.at[row.municipality_id, "funding_end"] for row in deep.itertuples()]
    same = [row.start == m.at[row.municipality_id, "funding_start"] for row in deep.itertuples()]
    assert all(f or s for f, s in zip(follows, same)) and sum(same) == 1


# d) "Beteiligt sind … und eine Samtgemeinde": the report's count and the project's reading ------------------------

def test_participation_sentence_separates_report_and_reading(ds):
    text = plain(participation_prose.participation_text(participation.participants(ds)))
    body, note = text.split("\n\n[^kommune-lesart]: ")
    assert "fünf weitere Städte und eine Samtgemeinde" not in body
    assert "Beteiligt sind fünf kreisfreie Städte, zehn Landkreise, die Region Hannover und fünf weitere Städte;" in body
    assert "als 22. Kommune zählt diese Auswertung außerdem die Samtgemeinde Fürstenau[^kommune-lesart]" in body
    assert "Der Werkreport nennt 22 Kommunen" in note and "Lesart dieser Auswertung" in note


def test_participation_sentence_without_evidence_column_names_every_type(ds):
    text = participation_prose.participation_text(participation.participants(ds).drop(columns="evidence"))
    assert "fünf weitere Städte und eine Samtgemeinde." in text and "[^" not in text


def test_abb_2_text_says_which_deepening_follows_nothing(ds):
    text = plain(participation_prose.funding_periods_text(participation.funding_periods(ds), ds.reporting_date))
    body = text.split("\n\n[^")[0]
    assert "In fünf Modellräumen folgen auf die Förderphase Vertiefungsphasen" in body
    assert "einzige Förderung seiner Kommune: „Samtgemeinde Fürstenau (Modellraum im Landkreis Osnabrück)“" in body
    assert "schließt an keine eigene Förderphase an" in text


def test_audit_lists_all_four_readings(ds):
    table = audit.run(ds)
    text = " ".join(table["finding"])
    assert "Fortführung" in text and "zuletzt datierte" in text
    assert "Mehrzahl" in text and "Fürstenau" in text and "Modellraum im Landkreis Osnabrück" in text
    assert not (table["result"] == audit.CONTRADICTION).loc[table["kind"].isin(["letzter_stand", "mehrzahl"])].any()


def test_chapter_texts_name_codes_by_label_not_by_path(ds):
    """Code paths with backslashes stand only in Anlage B; 3.2.3 and 3.4 name the codes by their labels."""
    summary = sustainability.continuation_summary(ds)
    texts = [sustainability_prose.continuation_text(summary, codes=sustainability.continuation_codes(ds)),
             pandemic_prose.municipalities_text(pandemic.events_by_year(ds), pandemic.adaptations(ds))]
    for text in texts:
        assert "\\" not in text and "Anlage B" in text
