"""A quiet, useful console: the audit block once per run, no kernel transport notes, no statsmodels
warnings; German dates are named in date errors because they are accepted."""
from __future__ import annotations

import warnings

import pytest

from evaluation.prose import process_support

from conftest import RAW
from evaluation import load, reporting_date as rd
from evaluation.run import pipeline
from evaluation.findings import uncertainty
from evaluation.errors import ReportingDateError


def test_two_dates_print_the_audit_once_and_no_kernel_notes(tmp_path, capfd):
    said = []
    pipeline.run(["2019-12-31", "2022-03-31"], raw_dir=RAW, output_dir=tmp_path, echo=said.append, jobs=2)
    out, err = capfd.readouterr()
    text = "\n".join(said) + out + err
    assert text.count("Konsistenzprüfung des Werkreports") == 1
    assert sum(line.startswith("Stichtag") and "Veröffentlichte Werte" in line for line in said) == 2
    assert "TCP" not in text and "Warning" not in text


def test_early_date_trend_raises_no_statsmodels_warning(tmp_path):
    ds = load("2019-12-31", raw_dir=RAW, processed_dir=tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trend = uncertainty.trainings_trend(ds)
        process_support.trend_text(trend, ds.reporting_date)


@pytest.mark.parametrize("value", ["31.13.2022", "2022-3-x", "gestern"])
def test_date_error_names_both_accepted_formats(value):
    with pytest.raises(ReportingDateError) as err:
        rd.parse(value)
    assert "JJJJ-MM-TT" in str(err.value) and "TT.MM.JJJJ" in str(err.value)
    assert rd.parse("31.03.2022") == "2022-03-31"
