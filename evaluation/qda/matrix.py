"""The code matrix (QDA "code matrix browser"): codes × municipalities, document groups or cohorts."""
from __future__ import annotations

import pandas as pd


def code_matrix(segments: pd.DataFrame, by: str = "municipality_id", presence: bool = False) -> pd.DataFrame:
    """Counts of coded segments per code (rows) and `by` (columns); `presence` gives 0/1."""
    seg = segments[segments[by].notna()]
    # groupby, not crosstab: crosstab's pivot_table costs seconds per thousand columns
    table = seg.groupby(["code", by]).size().unstack(fill_value=0).sort_index().sort_index(axis=1)
    table.index.name, table.columns.name = "Code", {"municipality_id": "Kommune"}.get(by, "Dokumentgruppe")
    return (table > 0).astype(int) if presence else table


def by_pseudonym(table: pd.DataFrame, municipalities: pd.DataFrame) -> pd.DataFrame:
    """Column labels as municipality pseudonyms (Kommune A, B …), consistent across all outputs."""
    pseudonyms = dict(zip(municipalities["municipality_id"], municipalities["pseudonym"]))
    out = table.rename(columns=lambda c: pseudonyms.get(c) or c)
    return out[sorted(out.columns, key=lambda c: (len(str(c)), str(c)))]


def by_cohort(table: pd.DataFrame, municipalities: pd.DataFrame) -> pd.DataFrame:
    """Columns summed per cohort: coded segments per code and cohort, as a QDA tool sums document groups.

    Column labels name the cohort and how many of its municipalities the matrix holds ("Kohorte 2017 (9
    Kommunen)"); municipalities without a cohort are "ohne Kohorte".
    """
    from evaluation import formatting as fmt
    cohorts = dict(zip(municipalities["municipality_id"], municipalities["cohort"]))
    cohort = pd.Series([cohorts.get(c) for c in table.columns], index=table.columns)
    key = cohort.map(lambda c: "ohne Kohorte" if pd.isna(c) else f"Kohorte {int(c)}")
    order = sorted(key.unique(), key=lambda k: (k == "ohne Kohorte", k))
    summed = table.T.groupby(key).sum().T[order]
    size = key.value_counts()
    summed.columns = pd.Index([f"{k} ({fmt.number(size[k])} {'Kommune' if size[k] == 1 else 'Kommunen'})"
                               for k in order], name="Kohorte")
    return summed


WITHOUT_PSEUDONYM = "ohne Pseudonym"


def pseudonymised(segments: pd.DataFrame, municipalities: pd.DataFrame, max_columns: int | None = None) -> pd.DataFrame:
    """The code matrix as a report may show it: columns are pseudonyms only (Kommune A, B …), never ids or
    names – a coded municipality without a pseudonym goes into one column "ohne Pseudonym"; with more than
    `max_columns` municipalities the columns are cohorts (by_cohort)."""
    counts = code_matrix(segments)
    if max_columns is not None and counts.shape[1] > max_columns:
        return by_cohort(counts, municipalities)
    pseudonyms = dict(zip(municipalities["municipality_id"], municipalities["pseudonym"]))
    known = [c for c in counts.columns if isinstance(pseudonyms.get(c), str) and pseudonyms[c]]
    table = by_pseudonym(counts[known], municipalities)
    unknown = counts.drop(columns=known)
    if unknown.shape[1]:
        table[WITHOUT_PSEUDONYM] = unknown.sum(axis=1)
    table.columns.name = "Kommune"
    return table


def codes_overview(segments: pd.DataFrame) -> pd.DataFrame:
    """One row per code: how many municipalities carry it (`municipalities`) and how many segments (`segments`)."""
    counts = code_matrix(segments)
    return pd.DataFrame({"code": counts.index.astype(str), "municipalities": (counts > 0).sum(axis=1).to_numpy(),
                         "segments": counts.sum(axis=1).to_numpy()})


def codes_table(codes: pd.DataFrame) -> pd.DataFrame:
    """`codes_overview` as a reader reads it: German headers and numbers."""
    from evaluation import formatting as fmt
    return pd.DataFrame({"Code": codes["code"].astype(str),
                         "Kommunen": codes["municipalities"].map(fmt.number),
                         "codierte Segmente": codes["segments"].map(fmt.number)})
