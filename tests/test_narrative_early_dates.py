"""Every sentence is computed from the data of its date, with correct German singular and plural."""
from __future__ import annotations

import re

import pytest

from conftest import RAW
from evaluation.data import clean
from evaluation.prose import narrative
from evaluation.findings import participation, pandemic

DATES = ["2019-12-31", "2020-12-31", "2022-03-31"]


@pytest.fixture(scope="module")
def datasets():
    return {d: clean.build(RAW, d) for d in DATES}


@pytest.mark.parametrize("date", DATES)
def test_participation_names_the_counts_of_its_date(datasets, date):
    ds = datasets[date]
    text = narrative.participation(ds)
    assert f"**{len(ds.municipalities)} Kommune" in text
    deepening = participation.deepening_phases(ds).numerator
    assert not re.search(r"\b1 (Modellräumen|Kommunen|Kohorten)\b", text)
    if deepening == 1:
        assert "In 1 Modellraum wurde" in text


def test_pandemic_year_after_the_date_is_not_reported_as_zero(datasets):
    text = narrative.pandemic_text(datasets["2019-12-31"])
    assert "starteten 0" not in text and "2020 liegt nach dem Stichtag" in text


@pytest.mark.parametrize("date", ["2020-12-31", "2022-03-31"])
def test_pandemic_sentence_counts(datasets, date):
    ds = datasets[date]
    text = narrative.pandemic_text(ds)
    started = pandemic.new_municipalities(ds).numerator
    assert f"{started} Kommune" in text
    assert not re.search(r"\b0 (neue|bereits)", text)


def test_small_n_sentence_uses_the_survey_of_the_date(datasets):
    first = datasets["2019-12-31"]
    early, late = narrative.small_n(first), narrative.small_n(datasets["2022-03-31"])
    assert "Befragung" not in early and f"{len(first.municipalities)} Kommunen" in early
    assert "etwa 20" not in late and "Antworten der Befragung" in late


def test_count_of_is_singular_for_one():
    assert narrative.count_of(1, "Kommune", "Kommunen") == "1 Kommune"
    assert narrative.count_of(0, "Kommune", "Kommunen") == "0 Kommunen"
    assert narrative.count_of(1200, "Angebot", "Angebote") == "1.200 Angebote"
