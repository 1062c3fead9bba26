"""Uncertainty beyond the report: Wilson intervals for shares of a sample, a Poisson model for the trainings trend.

A sampling interval belongs only to a share whose denominator is a sample or the answers returned (the
coordinators' survey, 16 questionnaires): there one case moves a share by several percentage points and
the interval shows it. A share of all 22 programme municipalities, all 8 kreisfreie Städte or all reported
offers is a complete count – nothing was sampled, and an interval would feign an uncertainty that does not
exist. Frames say which they are in the column COMPLETE; intervals are filled only where it is False.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evaluation import formatting as fmt

SMALL_N = 30  # below this many cases a share gets an explicit warning


def wilson(count: float | None, n: int | None, alpha: float = 0.05) -> tuple[float, float] | tuple[None, None]:
    """95 % Wilson score interval for count/n; (None, None) without a share."""
    if count is None or n in (None, 0) or pd.isna(count) or pd.isna(n) or not 0 <= count <= n:
        return None, None
    low, high = wilson_bounds(int(count), int(n), alpha)
    return float(low), float(high)


def wilson_bounds(count, n, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson bounds for integer arrays 0 ≤ count ≤ n, n ≥ 1 (what `wilson` computes, element-wise).

    The closed form of statsmodels' proportion_confint(method="wilson"), step for step, so the
    bounds are the same to the last bit; importing statsmodels (and scipy.stats) for it cost every
    process about a second. Clipped to [0, 1] and to the share: the closed form gives e.g.
    0.9999999999999999 for 7 of 7.
    """
    from scipy.special import ndtri  # the normal quantile alone; scipy.stats would import far more
    count, n = np.asarray(count, dtype=np.int64), np.asarray(n, dtype=np.int64)
    share = count / n
    crit = -ndtri(alpha / 2.0)
    crit2 = crit**2
    denom = 1 + crit2 / n
    center = (share + crit2 / (2 * n)) / denom
    dist = crit * np.sqrt(share * (1.0 - share) / n + crit2 / (4.0 * n**2))
    dist /= denom
    return np.clip(center - dist, 0.0, share), np.clip(center + dist, share, 1.0)


COMPLETE = "complete_count"  # column of a share frame: True when its denominator is the whole population


def with_intervals(table: pd.DataFrame, complete: bool, count: str = "count", n: str = "n") -> pd.DataFrame:
    """The share frame with COMPLETE and, for a sample (complete False), its 95 % Wilson interval (ci_low, ci_high).

    A complete count gets no interval columns at all: a chart or table then has nothing to draw or print.
    """
    table = table.assign(**{COMPLETE: bool(complete)})
    if complete:
        return table.drop(columns=["ci_low", "ci_high"], errors="ignore")
    intervals = [wilson(c, k) for c, k in zip(table[count], table[n])]
    return table.assign(ci_low=[i[0] for i in intervals], ci_high=[i[1] for i in intervals])


def is_sample(complete) -> bool:
    """A COMPLETE cell → does the share rest on a sample? Also as read back from CSV ('False', 'True', '');
    empty or missing counts as complete: an interval needs the data to say that something was sampled."""
    if complete is None or complete is pd.NA or (isinstance(complete, float) and np.isnan(complete)):
        return False
    if isinstance(complete, str):
        return complete.strip().lower() in ("false", "0", "nein")
    return not bool(complete)


def sampled(table: pd.DataFrame) -> pd.Series:
    """Per row: does the share rest on a sample (an interval may stand beside it)? False where COMPLETE says so."""
    if COMPLETE not in table.columns:
        return pd.Series(False, index=table.index)
    return table[COMPLETE].map(is_sample).astype(bool)


def interval_text(low: float | None, high: float | None) -> str:
    if low is None:
        return ""
    return f"{fmt.number(100 * low, 1)}–{fmt.number(100 * high, 1)}\u00a0%"


@dataclass(frozen=True)
class Trend:
    years: pd.DataFrame           # year, count, months observed
    rate_ratio: float | None      # trainings per month since 2020 / before
    low: float | None
    high: float | None
    p_value: float | None
    until: str | None = None      # last day observed (ISO): the reporting date, or the data's end when stale


def trainings_trend(ds, change_year: int = 2020) -> Trend:
    """Poisson GLM of trainings per year with log(months observed) as offset: change at the pandemic.

    The offset is what makes a partial last year (e.g. January–March 2022) comparable.
    """
    acts = ds.columns("activities", ["date", "kind"], categorical=True)
    trainings = acts.loc[acts["kind"] == "Fortbildung", "date"]
    # Observed is what the data cover: a reporting date long after the last record must not add empty months.
    from evaluation.data.quality import stale_note
    until = ds.meta["data_end"] if stale_note(ds) else ds.reporting_date
    cut = pd.Timestamp(until)
    if trainings.empty:
        return Trend(pd.DataFrame(columns=["year", "count", "months"]), None, None, None, None, until)
    first = int(trainings.dt.year.min())
    years = pd.DataFrame({"year": range(first, cut.year + 1)})
    years["count"] = years["year"].map(trainings.dt.year.value_counts()).fillna(0).astype(int)
    years["months"] = [12 if y < cut.year else cut.month for y in years["year"]]
    after = (years["year"] >= change_year).astype(float)
    if after.nunique() < 2:
        return Trend(years, None, None, None, None, until)
    from statsmodels.genmod import families  # the GLM alone: statsmodels.api would import far more
    from statsmodels.genmod.generalized_linear_model import GLM
    if years.loc[after == 0, "count"].sum() == 0 or years.loc[after == 1, "count"].sum() == 0:
        return Trend(years, None, None, None, None, until)  # no trainings on one side: the ratio is not estimable
    design = pd.DataFrame({"const": 1.0, "pandemie": after})
    with warnings.catch_warnings():
        # statsmodels' numerical notes (separation, convergence) are checked above, not shown to evaluators
        warnings.simplefilter("ignore")
        model = GLM(years["count"], design, family=families.Poisson(), offset=np.log(years["months"])).fit()
    low, high = np.exp(model.conf_int().loc["pandemie"])
    return Trend(years, float(np.exp(model.params["pandemie"])), float(low), float(high),
                 float(model.pvalues["pandemie"]), until)
