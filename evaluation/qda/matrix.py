"""The code matrix (QDA "code matrix browser"): codes × municipalities, document groups or cohorts.

Only `published` (per cohort, small cells suppressed) leaves the evaluator's session: a column per
municipality would reverse the pseudonyms of the report's interview citations."""
from __future__ import annotations

import pandas as pd


def code_matrix(segments: pd.DataFrame, by: str = "municipality_id", presence: bool = False) -> pd.DataFrame:
    """Counts of coded segments per code (rows) and `by` (columns); `presence` gives 0/1."""
    seg = segments[segments[by].notna()]
    # groupby, not crosstab: crosstab's pivot_table costs seconds per thousand columns
    table = seg.groupby(["code", by]).size().unstack(fill_value=0).sort_index().sort_index(axis=1)
    table.index.name, table.columns.name = "Code", {"municipality_id": "Kommune"}.get(by, "Dokumentgruppe")
    return (table > 0).astype(int) if presence else table


def by_cohort(table: pd.DataFrame, municipalities: pd.DataFrame) -> pd.DataFrame:
    """Columns summed per cohort: coded segments per code and cohort, as a QDA tool sums document groups.

    Column labels name the cohort and how many of its municipalities the matrix holds ("Kohorte 2017 (9
    Kommunen)"); municipalities without a cohort are "ohne Kohorte".
    """
    from evaluation import formatting as fmt
    key = _cohort_keys(table.columns, municipalities)
    order = sorted(key.unique(), key=lambda k: (k == "ohne Kohorte", k))
    summed = table.T.groupby(key).sum().T[order]
    size = key.value_counts()
    summed.columns = pd.Index([f"{k} ({fmt.number(size[k])} {'Kommune' if size[k] == 1 else 'Kommunen'})"
                               for k in order], name="Kohorte")
    return summed


MIN_MUNICIPALITIES = 3
"""Fewest municipalities a published cell of the code matrix (and a segment count of Tabelle B1) rests on.

A cell carried by one or two municipalities would state their own segment counts: beside the named profiles
(which say which municipality carries a code) it singles them out. Such cells are suppressed; if a row then
has exactly one suppressed cell, the next smallest non-zero cell is suppressed too, since Tabelle B1's row
total would give the first back by subtraction. A zero stays: that no municipality of a cohort carries a code
the profiles say anyway."""
SUPPRESSED = "·"


def _cohort_keys(columns, municipalities: pd.DataFrame) -> pd.Series:
    cohorts = dict(zip(municipalities["municipality_id"], municipalities["cohort"]))
    return pd.Series([cohorts.get(c) for c in columns], index=columns).map(
        lambda c: "ohne Kohorte" if pd.isna(c) else f"Kohorte {int(c)}")


def published(segments: pd.DataFrame, municipalities: pd.DataFrame,
              minimum: int = MIN_MUNICIPALITIES) -> pd.DataFrame:
    """The code matrix as the report shows it: coded segments per code and cohort – never a column per
    municipality, under a pseudonym or otherwise, since any such column can be matched with the named
    profiles' indicators. A cell resting on fewer than `minimum` municipalities is <NA> (suppressed)."""
    counts = code_matrix(segments)
    summed = by_cohort(counts, municipalities)
    if counts.empty:
        return summed.astype("Int64")
    key = _cohort_keys(counts.columns, municipalities)
    carriers = (counts > 0).T.groupby(key).sum().T
    carriers = carriers[sorted(carriers.columns, key=lambda k: (k == "ohne Kohorte", k))]
    carriers.columns = summed.columns
    carried = carriers.to_numpy()
    shown = (carried == 0) | (carried >= minimum)
    for row in range(len(shown)):
        rest = [(carried[row, j], summed.iat[row, j], j) for j in range(shown.shape[1]) if shown[row, j] and carried[row, j]]
        if (~shown[row]).sum() == 1 and rest:
            shown[row, min(rest)[2]] = False
    return summed.astype("Int64").where(shown)


def codes_overview(segments: pd.DataFrame) -> pd.DataFrame:
    """One row per code: how many municipalities carry it (`municipalities`) and how many segments (`segments`)."""
    counts = code_matrix(segments)
    return pd.DataFrame({"code": counts.index.astype(str), "municipalities": (counts > 0).sum(axis=1).to_numpy(),
                         "segments": counts.sum(axis=1).to_numpy()})


def codes_table(codes: pd.DataFrame, minimum: int = MIN_MUNICIPALITIES) -> pd.DataFrame:
    """`codes_overview` as a reader reads it: German headers and numbers; the segment count of a code carried
    by fewer than `minimum` municipalities is suppressed („·“), as in the code matrix."""
    from evaluation import formatting as fmt
    segments = [fmt.number(s) if m >= minimum else SUPPRESSED
                for m, s in zip(codes["municipalities"], codes["segments"])]
    return pd.DataFrame({"Code": codes["code"].astype(str),
                         "Kommunen": codes["municipalities"].map(fmt.number),
                         "codierte Segmente": segments})


def marked(table: pd.DataFrame) -> pd.DataFrame:
    """`published` as a reader reads it: German numbers, „·“ in a suppressed cell (not <NA>)."""
    from evaluation import formatting as fmt
    return table.astype(object).map(lambda v: SUPPRESSED if pd.isna(v) else fmt.number(int(v)))
