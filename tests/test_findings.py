"""Each finding on a small hand-made dataset whose right answer is known by counting."""
from __future__ import annotations

import pandas as pd
import pytest

from evaluation.data.dataset import Dataset
from evaluation.findings import offers, pandemic, participation, process_support, satisfaction, structures, sustainability, tables

T = pd.Timestamp


@pytest.fixture
def tiny() -> Dataset:
    municipalities = pd.DataFrame({
        "municipality_id": ["03101", "03157", "P03"],
        "name": ["Stadt Braunschweig", "Landkreis Peine", "Stadt Garbsen"],
        "type": ["kreisfreie Stadt", "Landkreis", "Stadt"],
        "cohort": [2018, 2020, 2017],
        "funding_start": [T("2018-02-01"), T("2020-01-01"), T("2017-01-01")],
        "funding_end": [T("2021-01-31"), T("2022-12-31"), T("2019-12-31")],
    })
    register = pd.DataFrame({"ags": ["03101", "03102", "03157", "03158", "03241"],
                             "type": ["Kreisfreie Stadt", "Kreisfreie Stadt", "Landkreis", "Landkreis", "Landkreis"]})
    model_areas = pd.DataFrame({
        "model_area": ["BS", "Peine", "Garbsen", "Garbsen Vertiefung"],
        "municipality_id": ["03101", "03157", "P03", "P03"],
        "kind": ["Programmgebiet", "Programmgebiet", "Programmgebiet", "Vertiefung"],
        "start": [T("2018-02-01"), T("2020-01-01"), T("2017-01-01"), T("2020-01-01")],
        "end": [T("2021-01-31"), T("2022-12-31"), T("2019-12-31"), T("2020-12-31")],
        "decided_on": [pd.NaT, pd.NaT, pd.NaT, T("2019-10-01")],
    })
    seg = lambda mid, ind, val, date: {"municipality_id": mid, "indicator": ind, "value": val,  # noqa: E731
                                       "document_date": T(date)}
    document_segments = pd.DataFrame([
        seg("03101", "political_resolution", None, "2018-05-01"),
        seg("03101", "political_resolution", None, "2019-05-01"),  # second document, same municipality
        seg("P03", "political_resolution", None, "2017-03-14"),
        seg("03101", "coordination_location", "Sozialamt", "2018-03-01"),
        seg("03101", "coordination_location", "Jugendamt", "2020-03-01"),  # moved: latest counts
        seg("03157", "coordination_location", "Jugendamt", "2020-02-01"),
        seg("03101", "body_member", "ÖGD", "2019-01-01"),
        seg("03157", "body_member", "Jobcenter", "2021-01-01"),
        seg("03101", "continuation", "offen", "2020-01-01"),
        seg("03101", "continuation", "beschlossen", "2021-01-01"),
        seg("03157", "continuation", "offen", "2021-06-01"),
    ])
    offers_families = pd.DataFrame({"offer_no": [1, 2, 3, 4], "municipality_id": ["03101", "03101", "P03", None],
                                    "kind": ["Bildung", "Information", "Bildung", "Bildung"],
                                    "age_group": ["altersübergreifend", "3 bis 6 Jahre", "altersübergreifend", "0 bis 3 Jahre"]})
    life = pd.DataFrame({"offer_no": [1, 1, 2, 3, 4], "life_situation": ["materiell", "sozial", "sozial", "kulturell", "sozial"]})
    offers_professionals = pd.DataFrame({"offer_no": [1, 2], "municipality_id": ["03157", "03157"],
                                         "kind": ["Fachtag", "Fachtag"]})
    act = lambda d, k, m=None, f=None: {"date": T(d), "kind": k, "municipality_id": m, "format": f}  # noqa: E731
    activities = pd.DataFrame(
        [act("2020-01-15", "Beratungskontakt", "03157")] * 6       # Peine: 6 contacts in 27 months
        + [act(f"2019-{m:02d}-10", "Beratungskontakt", "03101") for m in range(1, 13)] * 3
        + [act("2019-05-05", "Fortbildung", f="Präsenz"), act("2021-05-05", "Fortbildung", f="digital"),
           act("2021-06-05", "Fortbildung", f="digital"), act("2022-02-01", "Fortbildung", f="digital"),
           act("2018-01-01", "Vortrag", "P03")])
    survey = pd.DataFrame({"satisfaction": ["sehr zufrieden"] * 3 + ["zufrieden", "Enthaltung"]})
    return Dataset({"municipalities": municipalities, "register": register, "model_areas": model_areas,
                    "document_segments": document_segments, "offers_families": offers_families,
                    "offer_life_situations": life, "offers_professionals": offers_professionals,
                    "activities": activities, "survey": survey}, {"reporting_date": "2022-03-31"})


def test_participation(tiny):
    assert participation.municipalities_total(tiny).numerator == 3
    assert participation.model_areas_total(tiny).numerator == 4
    assert participation.cohorts(tiny).numerator == 3
    assert participation.deepening_phases(tiny).numerator == 1
    quotas = participation.quotas(tiny).set_index("category")
    assert (quotas.at["Kreisfreie Städte", "participating"], quotas.at["Kreisfreie Städte", "total"]) == (1, 2)
    assert (quotas.at["Landkreise*", "participating"], quotas.at["Landkreise*", "total"]) == (1, 3)
    assert list(participation.funding_periods(tiny)["cohort"]) == [2017, 2017, 2018, 2020]


def test_pandemic(tiny):
    assert pandemic.new_municipalities(tiny).numerator == 1
    assert pandemic.deepening_decided(tiny).numerator == 0  # decided 2019
    assert pandemic.deepening_decided(tiny, 2019).numerator == 1
    assert pandemic.left_programme(tiny).numerator == 0


def test_indicator_counts_municipalities_not_documents(tiny):
    c = structures.indicator(tiny, "political_resolution")
    assert (c.numerator, c.denominator) == (2, 3)


def test_coordination_location_uses_latest_and_lists_gaps(tiny):
    table = structures.coordination_location(tiny).set_index("department")["count"]
    assert table.to_dict() == {"Jugendamt": 2, "nicht dokumentiert": 1}
    assert structures.coordination_in(tiny, "Jugendamt").share == pytest.approx(2 / 3)


def test_bodies_and_analyses(tiny):
    table = structures.body_participation(tiny, ["ÖGD", "Jobcenter", "Kinder- und Jugendhilfe"]).set_index("body")
    assert table["count"].to_dict() == {"ÖGD": 1, "Jobcenter": 1, "Kinder- und Jugendhilfe": 0}
    assert structures.impact_orientation(tiny)["count"].tolist() == [0, 3]


def test_offers(tiny):
    assert offers.family_offers(tiny).numerator == 4
    kinds = offers.family_offers_by_kind(tiny)
    assert kinds.iloc[0]["kind"] == "Bildung" and kinds.iloc[0]["count"] == 3
    life = offers.family_offers_by_life_situation(tiny).set_index("life_situation")
    assert life.at["sozial", "count"] == 3 and life.at["sozial", "share"] == pytest.approx(3 / 4)
    assert offers.family_offer_share(tiny, "age_group", "altersübergreifend").numerator == 2
    assert offers.professional_offers_by_kind(tiny).set_index("kind").at["Fachtag", "count"] == 2


def test_contacts_per_month(tiny):
    table = process_support.contacts_per_month(tiny).set_index("municipality_id")
    assert table.at["03101", "months"] == 36 and table.at["03101", "per_month"] == pytest.approx(1.0)
    assert table.at["03157", "months"] == 27      # 01/2020 to the reporting date 03/2022
    assert table.at["P03", "months"] == 48        # 2017–2019 plus the deepening year 2020
    c = process_support.contact_range(tiny)
    assert (c.low, c.high) == (0, 1)
    c = process_support.contact_range(tiny, per="year")
    assert (c.low, c.high) == (0, 12)


def test_trainings_by_year_marks_the_partial_year(tiny):
    table = process_support.trainings_by_year(tiny)
    assert table.groupby("year")["count"].sum().to_dict() == {2019: 1, 2021: 2, 2022: 1}
    assert table.loc[table["partial_year"], "year"].unique().tolist() == [2022]


def test_satisfaction_counts_the_abstention_in_n_as_the_report_does(tiny):
    """Fn. 9: one of 16 abstained and 75 % = 12/16 – the abstention stays in the denominator."""
    very = satisfaction.share(tiny, "sehr zufrieden")
    assert (very.numerator, very.denominator) == (3, 5)
    assert satisfaction.share(tiny, "sehr zufrieden", "zufrieden").numerator == 4


def test_continuation_latest_status(tiny):
    status = sustainability.continuation(tiny).set_index("municipality_id")["status"].to_dict()
    assert status == {"03101": "beschlossen", "03157": "offen", "P03": "keine Angabe"}


def test_milestones_count_offers_as_developed(tiny):
    table = tables.milestones(tiny).set_index("Nr")
    offers_row = table[table["item"].str.contains("Angebote")].iloc[0]
    assert offers_row["count"] == 3  # 03101 and P03 (families), 03157 (professionals)
