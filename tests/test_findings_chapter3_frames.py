"""The frames behind 3.2.2–4: each on a small hand-made dataset whose answer is known by counting, and the
key figures of chapter 4 on the repository data (the printed values at 31.03.2022, nothing at an early date)."""
from __future__ import annotations

import pandas as pd
import pytest

from evaluation import formatting as fmt

from conftest import RAW
from evaluation.data import clean
from evaluation.data.dataset import Dataset
from evaluation.findings import offers, pandemic, process_support as ps, satisfaction, summary, sustainability

T = pd.Timestamp
pytestmark = pytest.mark.unit


@pytest.fixture
def small() -> Dataset:
    municipalities = pd.DataFrame({
        "municipality_id": ["A", "B", "C"], "name": ["Stadt A", "Landkreis B", "Stadt C"],
        "type": ["Stadt", "Landkreis", "Stadt"], "cohort": [2017, 2017, 2020],
        "funding_start": [T("2017-01-01"), T("2017-01-01"), T("2020-01-01")],
        "funding_end": [T("2019-12-31"), T("2019-12-31"), T("2022-12-31")],
        "left_on": [pd.NaT, T("2021-05-01"), pd.NaT],
    })
    model_areas = pd.DataFrame({
        "model_area": ["A", "B", "C", "A Vertiefung"], "municipality_id": ["A", "B", "C", "A"],
        "kind": ["Programmgebiet", "Programmgebiet", "Programmgebiet", "Vertiefung"],
        "start": [T("2017-01-01"), T("2017-01-01"), T("2020-01-01"), T("2020-01-01")],
        "end": [T("2019-12-31"), T("2019-12-31"), T("2022-12-31"), T("2021-12-31")],
        "decided_on": [pd.NaT, pd.NaT, pd.NaT, T("2020-01-28")],
    })
    seg = lambda mid, ind, val, date: {"municipality_id": mid, "indicator": ind, "value": val,  # noqa: E731
                                       "document_date": T(date)}
    document_segments = pd.DataFrame([
        seg("A", "continuation", "offen", "2019-01-01"), seg("A", "continuation", "beschlossen", "2019-11-01"),
        seg("C", "continuation", "offen", "2021-06-01"),
        seg("A", "pandemic_adaptation", None, "2020-05-14"), seg("A", "pandemic_adaptation", None, "2021-01-31"),
    ])
    offers_families = pd.DataFrame({"offer_no": [1, 2, 3], "municipality_id": ["A", "A", None],
                                    "kind": ["Bildung", "Information", "Bildung"],
                                    "age_group": ["altersübergreifend", "3 bis 6 Jahre", "altersübergreifend"]})
    offers_professionals = pd.DataFrame({"offer_no": [1], "municipality_id": ["C"], "kind": ["Fachtag"]})
    act = lambda d, k, m=None, f="Präsenz": {"date": T(d), "kind": k, "municipality_id": m, "format": f}  # noqa: E731
    activities = pd.DataFrame(
        [act("2019-05-05", "Beratungskontakt", "A"), act("2020-04-01", "Beratungskontakt", "A", "digital"),
         act("2020-05-01", "Beratungskontakt", "C", "hybrid"), act("2020-06-01", "Beratungskontakt", "C", "digital"),
         act("2018-03-01", "Workshop Wirkungsorientierung", "A"), act("2018-09-01", "Workshop Wirkungsorientierung", "A"),
         act("2020-10-01", "Workshop Wirkungsorientierung", "C", "digital"),
         act("2019-02-01", "Fortbildung"), act("2021-02-01", "Fortbildung", f="digital"),
         act("2021-03-01", "Publikation", f=None)])
    survey = pd.DataFrame({"satisfaction": ["sehr zufrieden", "zufrieden", "zufrieden", "Enthaltung"]})
    register = pd.DataFrame({"ags": ["X"], "type": ["Landkreis"]})
    return Dataset({"municipalities": municipalities, "model_areas": model_areas, "register": register,
                    "document_segments": document_segments, "offers_families": offers_families,
                    "offer_life_situations": pd.DataFrame({"offer_no": [1], "life_situation": ["sozial"]}),
                    "offers_professionals": offers_professionals, "activities": activities, "survey": survey},
                   {"reporting_date": "2022-03-31"})


def test_offer_totals_count_offers_and_reporting_municipalities(small):
    table = offers.totals(small).set_index("audience")
    assert table.loc["Kinder und Familien"].tolist() == [3, 1]  # the offer without municipality counts, not its town
    assert table.loc["Fachkräfte"].tolist() == [1, 1]


def test_events_by_year_from_the_first_start_to_the_date(small):
    events = pandemic.events_by_year(small).set_index("year")
    assert list(events.index) == [2017, 2018, 2019, 2020, 2021, 2022]
    assert events["started"].to_dict() == {2017: 2, 2018: 0, 2019: 0, 2020: 1, 2021: 0, 2022: 0}
    assert events.at[2020, "deepening_decided"] == 1 and events.at[2021, "left"] == 1
    assert events["partial_year"].tolist() == [False] * 5 + [True]


def test_adaptations_count_municipalities_not_documents(small):
    table = pandemic.adaptations(small)
    assert table["municipality_id"].tolist() == ["A"] and table["n"].iloc[0] == 3


def test_activity_counts_list_every_kind(small):
    table = ps.activity_counts(small).set_index("kind")["count"]
    expected = {"Beratungskontakt": 4, "Workshop Wirkungsorientierung": 3, "Fortbildung": 2, "Publikation": 1, "Tagung": 0}
    assert {k: table[k] for k in expected} == expected
    assert len(table) == 8


def test_activity_counts_by_year_and_by_format(small):
    years = ps.activity_counts(small, by="year")
    assert years.loc[(years["year"] == 2018), "count"].tolist() == [2]
    formats = ps.activity_counts(small, by="format").set_index(["kind", "format"])["count"]
    assert formats[("Publikation", ps.NO_FORMAT)] == 1 and formats[("Beratungskontakt", "digital")] == 2
    with pytest.raises(ValueError, match="by="):
        ps.activity_counts(small, by="kommune")


def test_formats_before_and_since_the_pandemic(small):
    table = ps.formats_by_period(small)
    contacts = table[table["kind"] == "Beratungskontakt"].set_index(["since_pandemic", "format"])
    assert contacts.at[(False, "Präsenz"), "count"] == 1 and contacts.at[(False, "Präsenz"), "share"] == 1
    assert contacts.at[(True, "digital"), "count"] == 2 and contacts.at[(True, "digital"), "share"] == pytest.approx(2 / 3)
    assert contacts.at[(True, "hybrid"), "total"] == 3
    assert not ((table["kind"] == "Tagung").any()), "kinds without activities get no rows"


def test_planned_months_count_the_whole_funding(small):
    duration = ps.support_duration(small).set_index("municipality_id")
    assert duration.at["A", "months_planned"] == 60   # 2017–2019 and the deepening 2020–2021
    assert duration.at["C", "months_planned"] == 36 and duration.at["C", "months_by_date"] == 27


def test_contact_frequency_floors_lowest_and_highest_mean(small):
    row = ps.contact_frequency(small).set_index("kind").loc[ps.PROCESS_CONTACT]
    assert row["municipalities"] == 3 and row["with_contacts"] == 2 and row["contacts"] == 4
    assert (row["per_month_low"], row["per_month_high"]) == (0, 0)
    assert row["mean_max"] == pytest.approx(2 / 27)
    impact = ps.contact_frequency(small).set_index("kind").loc[ps.IMPACT_CONTACT]
    assert impact["with_contacts"] == 0 and pd.isna(impact["per_month_low"])


def test_workshops_per_municipality_include_those_without(small):
    table = ps.workshops_per_municipality(small).set_index("municipality_id")["workshops"]
    assert table.to_dict() == {"A": 2, "B": 0, "C": 1}


def test_satisfied_is_both_answers_over_all_questionnaires(small):
    count = satisfaction.satisfied(small)
    assert (count.numerator, count.denominator) == (3, 4)


def test_continuation_summary_overall_and_by_cohort(small):
    table = sustainability.continuation_summary(small).set_index("status")
    assert table["count"].to_dict() == {"beschlossen": 1, "offen": 1, "keine Angabe": 1}
    assert table["share"].sum() == pytest.approx(1)
    by_cohort = sustainability.continuation_summary(small, by="cohort").set_index(["cohort", "status"])
    assert by_cohort.at[(2017, "beschlossen"), "count"] == 1 and by_cohort.at[(2017, "beschlossen"), "n"] == 2
    assert by_cohort.at[(2020, "offen"), "share"] == 1
    with pytest.raises(ValueError):
        sustainability.continuation_summary(small, by="typ")


@pytest.fixture(scope="module")
def repository():
    return {d: clean.build(RAW, d) for d in ("2017-03-31", "2022-03-31")}


def test_key_figures_reproduce_chapter_4_at_the_reporting_date(repository, published):
    """Chapter 4's key figures equal the printed values of the one reference table (metadata/published_figures.csv)."""
    ds = repository["2022-03-31"]
    key = summary.key_figures(ds).set_index("id")
    count = key["count"]
    printed = lambda i: int(published.at[i, "printed_value"])  # noqa: E731
    for i in ("districts_participating", "offers_families", "offers_professionals", "impact_workshops",
              "trainings_coordinators", "conferences", "publications"):
        assert count[i] == printed(i), i
    assert (count["municipalities_total"], count["model_areas_total"]) == (len(ds.municipalities), len(ds.model_areas))
    low, high = (int(v) for v in published.at["advisory_contacts_per_month", "printed_value"].split("-"))
    assert (key.at["advisory_contacts_per_month", "low"], key.at["advisory_contacts_per_month", "high"]) == (low, high)
    # "94 % der Koordinierungskräfte … sehr zufrieden oder zufrieden": abstention kept in n (Fn. 9)
    assert key.at["satisfaction_total", "n"] == len(ds.survey)
    share = 100 * count["satisfaction_total"] / key.at["satisfaction_total", "n"]
    assert float(fmt.round_half_up(share)) == printed("satisfaction_total")
    assert round(100 * count["continuation_pending"] / key.at["continuation_decided", "n"]) == printed("continuation_pending")
    assert key.at["continuation_decided", "n"] == count["steering_group"] == key.at["steering_group", "n"] == len(ds.municipalities)


def test_key_figures_say_nothing_where_an_early_date_has_nothing(repository):
    key = summary.key_figures(repository["2017-03-31"]).set_index("id")
    for missing in ("satisfaction_total", "new_municipalities_2020", "contacts_digital", "trainings_digital"):
        assert pd.isna(key.at[missing, "count"]), missing
    assert key.at["offers_families", "count"] == 0 and key.at["municipalities_total", "count"] == 9
    assert set(key["area"]) == set(summary.AREAS)


def test_quotes_for_a_section_carry_no_municipality(repository):
    from evaluation.qda import quotes
    table = quotes.for_section(repository["2022-03-31"], "3.4")
    assert list(table.columns) == quotes.SECTION_COLUMNS and len(table) == 4
    assert "municipality_id" not in table.columns
    with pytest.raises(KeyError):
        quotes.for_section(repository["2022-03-31"], "9.9")
