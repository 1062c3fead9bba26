"""The prose of 3.2.2–4 is written from frames: right numbers, singular and plural, nothing where nothing is –
and at every early reporting date a complete German text without 'nan', 'None' or '0 Kommunen'."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import RAW
from evaluation.data import clean
from evaluation.findings import offers, pandemic, process_support as ps, satisfaction, summary, sustainability, uncertainty
from evaluation.prose import _text, offers as offers_prose, pandemic as pandemic_prose, process_support as ps_prose
from evaluation.prose import quotes as quotes_prose, summary as summary_prose, sustainability as sustainability_prose

pytestmark = pytest.mark.unit


def plain(text: str) -> str:
    """The prose with its non-breaking spaces (before %) as plain spaces, for readable expectations."""
    return text.replace("\u00a0", " ")


def kinds(counts: dict[str, int], n: int | None = None) -> pd.DataFrame:
    n = sum(counts.values()) if n is None else n
    table = pd.DataFrame({"kind": list(counts), "count": list(counts.values())})
    return table.assign(share=table["count"] / n if n else float("nan"), n=n)


def test_number_words_up_to_twelve():
    assert [_text.number(n) for n in (2, 5, 12, 13, 1200)] == ["zwei", "fünf", "zwölf", "13", "1.200"]
    assert _text.count(1, "eine Kommune", "Kommunen") == "eine Kommune"
    assert _text.count(0, "eine Kommune", "Kommunen", "keine Kommune") == "keine Kommune"
    assert _text.count(22, "eine Kommune", "Kommunen") == "22 Kommunen"
    assert _text.listing(["a", "b", "c"]) == "a, b und c"


def test_escape_keeps_gender_asterisk_literal():
    assert _text.escape("Koordinator*innen-Befragung") == "Koordinator\\*innen-Befragung"


def test_offer_intro_plural_singular_and_none():
    totals = lambda f, mf, p, mp: pd.DataFrame({"audience": ["Kinder und Familien", "Fachkräfte"],  # noqa: E731
                                               "count": [f, p], "municipalities": [mf, mp]})
    text = plain(offers_prose.intro(totals(43, 19, 73, 20)))
    assert "19 Kommunen der Landeskoordinierungsstelle **43 neue Angebote für Kinder und Familien**" in text
    assert "20 Kommunen haben **73 Angebote für Fachkräfte**" in text and "[^angebote-gezaehlt]:" in text
    one = plain(offers_prose.intro(totals(1, 1, 0, 0)))
    assert "hat eine Kommune der Landeskoordinierungsstelle **ein neues Angebot für Kinder und Familien**" in one
    assert "Angebote für Fachkräfte sind noch nicht gemeldet" in one
    assert offers_prose.intro(totals(0, 0, 0, 0)).startswith("Bis zum Stichtag hat noch keine Kommune")
    assert offers_prose.intro(totals(0, 0, 2, 1)).startswith("Bis zum Stichtag hat eine Kommune")


def test_kinds_text_ranks_ties_and_empty_kinds():
    text = plain(offers_prose.kinds_text(kinds({"Beratung und Begleitung": 15, "Bildung": 10, "Information": 0})))
    assert "„Beratung und Begleitung“: 15 von 25 (60,0 %)" in text and "„Bildung“ (10)" in text
    assert "Noch ohne Angebot ist die Art „Information“" in text
    tied = plain(offers_prose.kinds_text(kinds({"Bildung": 2, "Information": 2})))
    assert "je 2 von 4 Angeboten" in tied and "„Bildung“ und „Information“" in tied
    assert "einzige" in offers_prose.kinds_text(kinds({"Bildung": 1, "Information": 0}))
    assert "noch kein Angebot" in offers_prose.kinds_text(kinds({"Bildung": 0}, n=0))


def test_life_situations_text_counts_assignments_and_marks_the_reconstructed_split():
    table = pd.DataFrame({"life_situation": ["materiell", "sozial"], "count": [1, 3], "n": 3,
                          "label": ["Materielle Lage", "Soziale Lage"], "Bildung": [1, 2], "Information": [0, 1]})
    text = plain(offers_prose.life_situations_text(table.assign(share=table["count"] / 3)))
    assert "die soziale Lage (3 von 3, 100,0 %)" in text and "die materielle Lage (1 von 3, 33,3 %)" in text
    assert "4 Zuordnungen bei 3 Angeboten" in text and "„Bildung“ (3 von 4)" in text
    assert "[^lebenslagen]:" in text and "rekonstruierten" in text
    assert "Lebenslagenbezug" in offers_prose.life_situations_text(table.assign(count=0, n=0, share=float("nan")))


def test_age_groups_text_names_largest_and_second_group():
    table = pd.DataFrame({"age_group": ["0 bis 3 Jahre", "3 bis 6 Jahre", "altersübergreifend"], "count": [1, 3, 4],
                          "n": 8, "Bildung": [1, 0, 3], "Information": [0, 3, 1]})
    text = plain(offers_prose.age_groups_text(table.assign(share=table["count"] / 8)))
    assert "altersgruppenübergreifende Angebote die größte Gruppe: 4 von 8 (50 %)" in text
    assert "Angebote für Kinder von 3 bis 6 Jahren (3 von 8, 38 %)"  # whole percent, as the report in text
    assert "Unter den altersgruppenübergreifenden Angeboten überwiegen Angebote der Art „Bildung“ (3 von 4)" in text


def test_professional_text_plural_forms():
    text = plain(offers_prose.professional_text(kinds({"Fachtag": 26, "Handlungshilfe": 22, "Schulung": 1})))
    assert "26 Fachtage (53,1 %) und 22 Handlungshilfen (44,9 %), zusammen 98,0 %" in text
    assert "dazu kommt eine Schulung" in text
    assert "ein Angebot gemeldet: ein Fachtag" in offers_prose.professional_text(kinds({"Fachtag": 1}))


def events(rows, partial_last=False):
    table = pd.DataFrame(rows, columns=["year", "started", "deepening_decided", "left"])
    return table.assign(partial_year=[partial_last and i == len(table) - 1 for i in range(len(table))])


def test_pandemic_text_for_the_pandemic_year_and_before():
    adaptations = pd.DataFrame({"municipality_id": ["A", "B"], "n": [22, 22]})
    text = plain(pandemic_prose.municipalities_text(events([(2019, 1, 1, 0), (2020, 5, 5, 0), (2021, 0, 0, 0)]), adaptations))
    assert "starteten fünf Kommunen neu" in text and "fünf bereits geförderte Kommunen beschlossen" in text
    assert "Seit 2020 hat keine Kommune" in text and "in den Dokumenten von zwei der 22 Kommunen codiert" in text
    one = plain(pandemic_prose.municipalities_text(events([(2020, 1, 0, 1)], partial_last=True), adaptations.iloc[:0]))
    assert "(bis zum Stichtag)" in one and "startete eine Kommune neu" in one and "keine bereits geförderte" in one
    assert "hat eine Kommune das Programm verlassen" in one and "in keinem Dokument codiert" in one
    early = plain(pandemic_prose.municipalities_text(events([(2017, 9, 0, 0)], partial_last=True), adaptations.iloc[:0]))
    assert "liegt nach dem Stichtag" in early and "0" not in re.sub(r"20\d\d", "", early)


def test_contact_text_words_and_footnote():
    frequency = pd.DataFrame([{"kind": ps_prose.PROCESS_CONTACT, "municipalities": 22, "with_contacts": 22,
                               "contacts": 2236, "months_min": 24, "months_max": 60, "mean_min": 2.33, "mean_max": 3.56,
                               "per_month_low": 2, "per_month_high": 3, "per_year_low": 24, "per_year_high": 36}])
    counts = pd.DataFrame({"kind": ["Vortrag"], "count": [1]})
    text = plain(ps_prose.contacts_text(frequency, counts))
    assert "mindestens zwei bis drei Beratungskontakte pro Monat, also mindestens 24 bis 36 im Jahr" in text
    assert "Dazu kommt ein Vortrag" in text and "zwischen 2,3 und 3,6" in text
    table = ps_prose.contact_table(frequency)
    assert table.set_index("Kennzahl").at["Kontakte je Jahr und Kommune, mindestens", "Wert"] == "24 bis 36"
    empty = frequency.assign(with_contacts=0, contacts=0, mean_min=pd.NA, mean_max=pd.NA, per_month_low=pd.NA,
                             per_month_high=pd.NA, per_year_low=pd.NA, per_year_high=pd.NA)
    assert "noch kein Beratungskontakt verzeichnet" in ps_prose.contacts_text(empty, counts.assign(count=0))


def test_impact_text_counts_second_workshops():
    frequency = pd.DataFrame([{"kind": ps_prose.IMPACT_CONTACT, "municipalities": 3, "with_contacts": 3, "contacts": 60,
                               "mean_min": 1.3, "mean_max": 2.5, "per_month_low": 1, "per_month_high": 1,
                               "per_year_low": 12, "per_year_high": 12}])
    workshops = pd.DataFrame({"municipality_id": ["A", "B", "C"], "workshops": [2, 1, 0]})
    text = plain(ps_prose.impact_text(frequency, workshops))
    assert "mindestens ein Beratungskontakt zur Wirkungsorientierung pro Monat, also mindestens 12 im Jahr" in text
    assert "In zwei Kommunen fanden drei Workshops" in text and "in einer Kommune gab es mehr als einen Termin" in text
    assert "Noch ohne Workshop ist eine Kommune" in text


def test_satisfaction_text_keeps_the_abstention_in_n():
    answers = pd.DataFrame({"answer": ["sehr zufrieden", "zufrieden", "teils/teils", "Enthaltung"],
                            "count": [12, 3, 0, 1], "valid": 16})
    text = plain(ps_prose.satisfaction_text(answers.assign(share=answers["count"] / 16)))
    assert "12 (75 %) „sehr zufrieden“ und 3 (19 %) „zufrieden“" in text and "zusammen 94 %" in text
    assert "Eine Koordinierungskraft hat sich enthalten" in text and "15 von 15 (100 %)" in text
    none = plain(ps_prose.satisfaction_text(answers.assign(count=0, valid=0, share=float("nan"))))
    assert "noch keine Antworten" in none


def test_corona_text_compares_formats():
    formats = pd.DataFrame([
        ("Beratungskontakt", False, "Präsenz", 10, 10), ("Beratungskontakt", False, "digital", 0, 10),
        ("Beratungskontakt", True, "Präsenz", 1, 4), ("Beratungskontakt", True, "digital", 3, 4),
        ("Tagung", False, "Präsenz", 2, 2)], columns=["kind", "since_pandemic", "format", "count", "total"])
    text = plain(ps_prose.corona_text(formats.assign(share=formats["count"] / formats["total"])))
    assert "alle 12 verzeichneten" in text and "75,0 % der Beratungskontakte zur Prozessberatung (3 von 4)" in text
    assert "Nur vor März 2020 verzeichnet sind Tagungen" in text
    early = formats[~formats["since_pandemic"]]
    assert "nicht möglich" in ps_prose.corona_text(early.assign(share=1.0))


def test_continuation_text_and_table():
    summary_frame = pd.DataFrame({"status": ["beschlossen", "offen", "keine Angabe"], "count": [15, 6, 1], "n": 22})
    by_cohort = pd.DataFrame({"cohort": [2017, 2017, 2020], "status": ["beschlossen", "keine Angabe", "offen"],
                              "count": [15, 1, 6]})
    text = plain(sustainability_prose.continuation_text(summary_frame, by_cohort))
    assert "haben 15 der 22 Kommunen (68 %) beschlossen" in text and "in sechs Kommunen (27 %)" in text
    assert "Für eine Kommune (5 %) ist keine Entscheidung dokumentiert" in text and "15 von 16 in der Kohorte 2017" in text
    table = sustainability_prose.continuation_table(by_cohort)
    assert list(table.columns) == ["Stand", "Kohorte 2017", "Kohorte 2020", "insgesamt", "Anteil"]
    nothing = plain(sustainability_prose.continuation_text(summary_frame.assign(count=[0, 0, 9], n=9)))
    assert "für keine der neun Kommunen" in nothing


def test_quote_boxes_keep_the_text_and_cite_in_footnotes():
    quotes = pd.DataFrame({"text": ["Erste Zeile\nzweite Zeile mit *Stern*", "Kurz."],
                           "citation": ["Koordinator*innen-Befragung, März 2021", "Kommune A, 16-16"]})
    text = quotes_prose.boxes(quotes, "99")
    assert "> „Erste Zeile\\\n> zweite Zeile mit \\*Stern\\*“[^zitat-99-1]" in text
    assert "[^zitat-99-1]: Koordinator\\*innen-Befragung, März 2021" in text and "[^zitat-99-2]: Kommune A, 16-16" in text
    assert quotes_prose.boxes(quotes.iloc[:0], "99") == quotes_prose.NONE


DATES = ["2017-01-01", "2017-03-31", "2020-06-30", "2022-03-31"]


@pytest.fixture(scope="module")
def datasets():
    return {d: clean.build(RAW, d) for d in DATES}


def _all_texts(ds) -> list[str]:
    counts = ps.activity_counts(ds)
    frequency = ps.contact_frequency(ds)
    media = ps.activity_counts(ds, by="year")
    key = summary.key_figures(ds)
    return [
        offers_prose.intro(offers.totals(ds)), offers_prose.kinds_text(offers.family_offers_by_kind(ds)),
        offers_prose.life_situations_text(offers.family_offers_by_life_situation_and_kind(ds)),
        offers_prose.age_groups_text(offers.family_offers_by_age_group_and_kind(ds)),
        offers_prose.professional_text(offers.professional_offers_by_kind(ds)),
        pandemic_prose.municipalities_text(pandemic.events_by_year(ds), pandemic.adaptations(ds)),
        ps_prose.overview_text(counts, ps.support_duration(ds)), ps_prose.contacts_text(frequency, counts),
        ps_prose.impact_text(frequency, ps.workshops_per_municipality(ds)),
        ps_prose.trainings_text(ps.trainings_by_year(ds), counts),
        ps_prose.trend_text(uncertainty.trainings_trend(ds), ds.reporting_date),
        ps_prose.media_text(media[media["kind"].isin(["Publikation", "Social Media"])]),
        ps_prose.corona_text(ps.formats_by_period(ds)), ps_prose.satisfaction_text(satisfaction.answers(ds)),
        sustainability_prose.continuation_text(sustainability.continuation_summary(ds),
                                               sustainability.continuation_summary(ds, by="cohort")),
        summary_prose.participation(key), summary_prose.effects(key), summary_prose.support(key),
        summary_prose.sustainability(key),
    ]


@pytest.mark.parametrize("date", DATES)
def test_every_text_reads_at_any_date(datasets, date):
    for text in _all_texts(datasets[date]):
        assert text.strip()
        words = text.replace(".", " ").replace(",", " ").split()
        assert not {"nan", "NaN", "None", "<NA>"} & set(words), text
        assert not re.search(r"\b1 (Kommunen|Angebote|Fortbildungen|Workshops|Kontakte)\b", text), text
        assert not re.search(r"\b0 (Kommunen|neue|Angebote)\b", text), text
        for label in re.findall(r"\[\^([\w-]+)\](?!:)", text):
            assert f"[^{label}]:" in text, f"Fußnote {label} ohne Text"


def test_early_dates_say_what_is_not_there_yet(datasets):
    ds = datasets["2017-03-31"]
    assert "noch keine Antworten" in ps_prose.satisfaction_text(satisfaction.answers(ds))
    assert "noch kein Angebot" in offers_prose.kinds_text(offers.family_offers_by_kind(ds))
    support = plain(summary_prose.support(summary.key_figures(ds)))
    assert "zufrieden" not in support and "März 2020" not in support


def test_summary_at_the_reporting_date_states_the_94_percent(datasets):
    key = summary.key_figures(datasets["2022-03-31"])
    text = plain(summary_prose.support(key))
    assert "94 % der Koordinierungskräfte sehr zufrieden oder zufrieden (15 von 16 Fragebögen)" in text
    assert "mindestens zwei bis drei individuelle Beratungskontakte" in text and "27 Workshops" in text
    assert "31 Fortbildungen und fünf Tagungen" in text and "22 Publikationen" in text
    assert "68 % (15 von 22)" in plain(summary_prose.sustainability(key))
    table = summary_prose.key_table(key).set_index("Kennzahl")["Wert"]
    assert plain(table["Koordinierungskräfte sehr zufrieden oder zufrieden"]) == "15 von 16 (94 %)"
