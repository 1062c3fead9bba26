import datetime as dt

import pandas as pd
import pytest

from evaluation.prose import process_support

from evaluation import reporting_date as rd
from evaluation.findings import uncertainty
from evaluation.data.dataset import Dataset


def test_wilson_interval_against_hand_computation():
    # Wilson, z = 1.959964: centre (k + z²/2)/(n + z²), half-width z·sqrt(k(n−k)/n + z²/4)/(n + z²)
    k, n, z = 10, 22, 1.959963984540054
    centre = (k + z * z / 2) / (n + z * z)
    half = z * ((k * (n - k) / n + z * z / 4) ** 0.5) / (n + z * z)
    low, high = uncertainty.wilson(k, n)
    assert low == pytest.approx(centre - half) and high == pytest.approx(centre + half)
    assert uncertainty.wilson(None, 22) == (None, None)


def test_poisson_trend_uses_months_observed():
    dates = ([f"{y}-06-01" for y in (2018, 2019) for _ in range(2)]
             + [f"{y}-06-01" for y in (2020, 2021) for _ in range(8)] + ["2022-02-01"] * 2)
    ds = Dataset({"activities": pd.DataFrame({"date": pd.to_datetime(dates), "kind": "Fortbildung"})},
                 {"reporting_date": "2022-03-31"})
    trend = uncertainty.trainings_trend(ds)
    assert trend.years["months"].tolist() == [12, 12, 12, 12, 3]
    # rate before: 4 / 24 months; since 2020: 18 / 27 months → ratio 4
    assert trend.rate_ratio == pytest.approx((18 / 27) / (4 / 24))
    text = process_support.trend_text(trend, "2022-03-31")
    assert "4,0-mal" in text and "drei Monaten" in text


@pytest.mark.parametrize("value, expected", [
    ("latest-quarter", ["2026-09-30"]), ("2021Q4..2022Q1", ["2021-12-31", "2022-03-31"]),
    ("2022-03-31", ["2022-03-31"])])
def test_reporting_date_shorthands(value, expected):
    assert rd.expand(value, today=dt.date(2026, 11, 24)) == expected


def test_quarter_range_must_be_ordered():
    with pytest.raises(rd.ReportingDateError):
        rd.expand("2022Q1..2021Q1")


@pytest.mark.parametrize("alpha", [0.05, 0.1])
def test_wilson_bounds_are_statsmodels_bounds_to_the_last_bit(alpha):
    """The closed form replaces statsmodels' proportion_confint: the same numbers, for every k of every n ≤ 2000."""
    import numpy as np
    from statsmodels.stats.proportion import proportion_confint
    n = np.repeat(np.arange(1, 2001), np.arange(2, 2002))
    k = np.concatenate([np.arange(m + 1) for m in range(1, 2001)])
    low, high = proportion_confint(k, n, alpha=alpha, method="wilson")
    ours = uncertainty.wilson_bounds(k, n, alpha)
    assert np.array_equal(ours[0], np.clip(low, 0.0, k / n)) and np.array_equal(ours[1], np.clip(high, k / n, 1.0))
