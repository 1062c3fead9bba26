import datetime as dt

import pytest

from evaluation import reporting_date as rd
from evaluation.errors import ReportingDateError


def test_iso_and_german_forms():
    assert rd.parse("2022-03-31") == "2022-03-31"
    assert rd.parse("31.03.2022") == "2022-03-31"
    assert rd.parse(dt.date(2021, 3, 31)) == "2021-03-31"


def test_future_date_is_refused():
    with pytest.raises(ReportingDateError, match="Zukunft"):
        rd.parse("2030-01-01", today=dt.date(2026, 1, 1))


def test_date_before_programme_is_refused():
    with pytest.raises(ReportingDateError, match="Programmbeginn"):
        rd.parse("2016-06-30", programme_start=dt.date(2017, 1, 1))


@pytest.mark.parametrize("bad", ["2022-02-30", "gestern", "2022/03/31", ""])
def test_invalid_dates_name_the_value(bad):
    with pytest.raises(ReportingDateError, match="kein gültiges Datum"):
        rd.parse(bad)
