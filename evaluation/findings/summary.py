"""4 Zusammenfassung und Fazit: the key figures of the report's summary, each from the finding of its section.

Only what the data can show: the summary's statements about aims, funders, contracts or acceptance have
no data behind them and have no row here.
"""
from __future__ import annotations

import pandas as pd

from evaluation.findings import offers, pandemic, participation, process_support as ps, satisfaction, structures
from evaluation.findings import sustainability
from evaluation.findings.base import Count

PARTICIPATION = "Inanspruchnahme des Programms"
EFFECTS = "Wirkungen in kommunalen Strukturen und bei Angeboten"
SUPPORT = "Prozessbegleitung"
SUSTAINABILITY = "Nachhaltigkeit"
AREAS = [PARTICIPATION, EFFECTS, SUPPORT, SUSTAINABILITY]
COLUMNS = ["id", "area", "label", "count", "n", "low", "high", "section"]
DIGITAL_KINDS = (ps.PROCESS_CONTACT, ps.IMPACT_CONTACT)


def _row(id_: str, area: str, label: str, finding: Count, section: str) -> dict:
    return {"id": id_, "area": area, "label": label, "count": finding.numerator, "n": finding.denominator,
            "low": finding.low, "high": finding.high, "section": section}


def digital_since_pandemic(ds, kinds: tuple[str, ...]) -> Count:
    """Activities of `kinds` since the start of the pandemic held digitally, over all of them since then."""
    table = ps.formats_by_period(ds)
    since = table[table["kind"].isin(kinds) & table["since_pandemic"].astype(bool)]
    total = int(since.drop_duplicates("kind")["total"].sum())
    if total == 0:
        return Count(None)
    return Count(int(since.loc[since["format"] == "digital", "count"].sum()), total)


def key_figures(ds) -> pd.DataFrame:
    """One row per key figure of chapter 4: id, area (the summary's four blocks), German label, count and n
    (a share where n is given), low/high (ranges), section (where the main text derives it).

    count is None where the date has nothing to count yet (no survey, no contacts); the prose says so.
    """
    duration = ps.support_duration(ds)["months_planned"]
    since = int(pandemic.PANDEMIC_YEAR)
    events = pandemic.events_by_year(ds)
    after = events[events["year"] >= since]
    pandemic_reached = int(ds.reporting_date[:4]) >= since
    first_year = int(ds.municipalities["funding_start"].dt.year.min()) if len(ds.municipalities) else None
    decided = sustainability.continuation_share
    rows = [
        _row("first_year", PARTICIPATION, "Erstes Programmjahr", Count(first_year), "3.1"),
        _row("cohorts", PARTICIPATION, "Kohorten", participation.cohorts(ds), "3.1"),
        _row("municipalities_total", PARTICIPATION, "Programmkommunen", participation.municipalities_total(ds), "3.1"),
        _row("model_areas_total", PARTICIPATION, "Modellräume", participation.model_areas_total(ds), "3.1"),
        _row("districts_participating", PARTICIPATION, "Landkreise im Programm",
             participation.by_type(ds, "Landkreis"), "3.1"),
        _row("support_months", PARTICIPATION, "Förderdauer je Kommune in Monaten (geplant)",
             Count(None, low=int(duration.min()) if len(duration) else None,
                   high=int(duration.max()) if len(duration) else None), "3.3"),
        _row("steering_group", EFFECTS, "Kommunen mit ressort- und sektorenübergreifender Steuerungsgruppe",
             structures.indicator(ds, "steering_group_established"), "3.2.1"),
        _row("offers_families", EFFECTS, "Neue Angebote für Kinder und Familien", offers.family_offers(ds), "3.2.2.1"),
        _row("offers_professionals", EFFECTS, "Neue Angebote für Fachkräfte", offers.professional_offers(ds),
             "3.2.2.2"),
        _row("new_municipalities_2020", EFFECTS, f"Im Jahr {since} neu gestartete Kommunen",
             pandemic.new_municipalities(ds) if pandemic_reached else Count(None), "3.2.3"),
        _row("left_since_2020", EFFECTS, f"Seit {since} ausgeschiedene Kommunen",
             Count(int(after["left"].sum())) if pandemic_reached else Count(None), "3.2.3"),
        _row("advisory_contacts_per_month", SUPPORT, "Beratungskontakte je Kommune und Monat (mindestens)",
             ps.contact_range(ds, ps.PROCESS_CONTACT), "3.3.1"),
        _row("impact_workshops", SUPPORT, "Workshops zur Wirkungsorientierung",
             ps.activity_count(ds, ps.IMPACT_WORKSHOP), "3.3.2"),
        _row("trainings_coordinators", SUPPORT, "Fortbildungen für Koordinierungskräfte",
             ps.activity_count(ds, "Fortbildung"), "3.3.3"),
        _row("conferences", SUPPORT, "Tagungen für die Fachöffentlichkeit", ps.activity_count(ds, "Tagung"), "3.3.3"),
        _row("publications", SUPPORT, "Publikationen", ps.activity_count(ds, "Publikation"), "3.3.4"),
        _row("social_media_items", SUPPORT, "Social-Media-, Audio- und Videobeiträge",
             ps.activity_count(ds, "Social Media"), "3.3.4"),
        _row("contacts_digital", SUPPORT, "Beratungskontakte seit März 2020, digital",
             digital_since_pandemic(ds, DIGITAL_KINDS), "3.3.5"),
        _row("trainings_digital", SUPPORT, "Fortbildungen seit März 2020, digital",
             digital_since_pandemic(ds, ("Fortbildung",)), "3.3.5"),
        _row("satisfaction_total", SUPPORT, "Koordinierungskräfte sehr zufrieden oder zufrieden",
             satisfaction.satisfied(ds), "3.3.6"),
        _row("continuation_decided", SUSTAINABILITY, "Fortführung nach Förderende beschlossen",
             decided(ds, "beschlossen"), "3.4"),
        _row("continuation_pending", SUSTAINABILITY, "Entscheidung über die Fortführung ausstehend",
             decided(ds, "offen"), "3.4"),
    ]
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.astype({"count": "Int64", "n": "Int64", "low": "Int64", "high": "Int64"})
