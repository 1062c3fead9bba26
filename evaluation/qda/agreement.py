"""Intercoder agreement per code: percentage agreement, Cohen's kappa, Krippendorff's alpha.

Agreement is measured at segment level over paragraphs, not by matching segments: two coders
rarely cut a passage at the same boundaries, so comparing segments one to one would count a
slightly longer segment as disagreement. Instead every paragraph of a document both coders
coded is a unit, and for each code a coder rates it 1 if one of their segments with that code
covers it. Paragraphs neither coder touched count as agreement on "not coded" – that is what
makes kappa and alpha (which correct for chance) meaningful next to raw percentage agreement.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from statsmodels.stats.inter_rater import cohens_kappa

from evaluation import formatting as fmt
from evaluation.intake.codebook import normalise

REQUIRED = ["document", "code", "begin", "end", "coder"]
COLUMNS = ["code", "units", "both", "only_a", "only_b", "neither", "percent_agreement",
           "kappa", "alpha", "below_threshold"]
GERMAN = {"code": "Code", "units": "Einheiten", "both": "beide", "only_a": "nur A",
          "only_b": "nur B", "neither": "keiner", "percent_agreement": "Übereinstimmung",
          "kappa": "Cohens Kappa", "alpha": "Krippendorffs Alpha",
          "below_threshold": "unter Schwelle"}
DASH = "\u2013"
EPS = 1e-12  # statsmodels returns 0.3999999999999999 for kappa 0.4; that must not count as below 0.4


def _segments(segments: pd.DataFrame) -> pd.DataFrame:
    """The columns needed; rows without coder or paragraph numbers cannot be placed and are dropped.
    Code paths are normalised (`>`, `::` → `\\`) so one code written two ways is not split in two,
    which would show as disagreement."""
    missing = [c for c in REQUIRED if c not in segments.columns]
    if missing:
        raise ValueError(f"Codierte Segmente ohne Spalte(n) {', '.join(missing)} – "
                         "Intercoder-Übereinstimmung nicht berechenbar")
    out = segments[REQUIRED].dropna()
    out = out.astype({"document": str, "code": str, "coder": str, "begin": "int64", "end": "int64"})
    out["code"] = out["code"].map(normalise)
    wrong = out["begin"] > out["end"]
    if wrong.any():
        row = out.index[wrong][0]
        raise ValueError(f"Segment mit Anfang nach Ende (Zeile {row}: Absatz "
                         f"{out.at[row, 'begin']}–{out.at[row, 'end']})")
    return out


def coder_pairs(segments: pd.DataFrame) -> list[tuple[str, str]]:
    """Coder pairs (sorted by name) that coded at least one document in common – only those can be compared."""
    seg = _segments(segments)
    documents = seg.groupby("coder")["document"].agg(set)
    coders = sorted(documents.index)
    return [(a, b) for i, a in enumerate(coders) for b in coders[i + 1:]
            if documents[a] & documents[b]]


def _shared_documents(seg: pd.DataFrame, coder_a: str, coder_b: str) -> list[str]:
    docs_a = set(seg.loc[seg["coder"] == coder_a, "document"])
    docs_b = set(seg.loc[seg["coder"] == coder_b, "document"])
    return sorted(docs_a & docs_b)


def unit_ratings(segments: pd.DataFrame, coder_a: str, coder_b: str) -> pd.DataFrame:
    """One row per (document, paragraph, code) with the 0/1 ratings `a` and `b` of both coders.

    Units are paragraphs 1..max(end) of each document both coders coded (max over both), so
    uncoded paragraphs between and after segments take part as agreed "0". Codes are all codes
    either coder used in those documents; overlapping segments of one coder count once.
    """
    seg = _segments(segments)
    seg = seg[seg["coder"].isin([coder_a, coder_b])]
    shared = _shared_documents(seg, coder_a, coder_b)
    seg = seg[seg["document"].isin(shared)]
    columns = ["document", "paragraph", "code", "a", "b"]
    if seg.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("paragraph", "a", "b") else object)
                             for c in columns})

    last = seg.groupby("document")["end"].max()
    units = pd.DataFrame({"document": np.repeat(last.index.to_numpy(), last.to_numpy()),
                          "paragraph": np.concatenate([np.arange(1, n + 1) for n in last.to_numpy()])})
    codes = pd.DataFrame({"code": sorted(seg["code"].unique())})
    grid = units.merge(codes, how="cross")

    # every paragraph a segment covers: begin, begin+1, …, end
    lengths = (seg["end"] - seg["begin"] + 1).to_numpy()
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    covered = pd.DataFrame({"document": np.repeat(seg["document"].to_numpy(), lengths),
                            "code": np.repeat(seg["code"].to_numpy(), lengths),
                            "coder": np.repeat(seg["coder"].to_numpy(), lengths),
                            "paragraph": np.repeat(seg["begin"].to_numpy(), lengths) + offsets})
    covered = covered[covered["paragraph"] >= 1].drop_duplicates()
    for coder, column in ((coder_a, "a"), (coder_b, "b")):
        mine = covered.loc[covered["coder"] == coder, ["document", "paragraph", "code"]].assign(**{column: 1})
        grid = grid.merge(mine, on=["document", "paragraph", "code"], how="left")
        grid[column] = grid[column].fillna(0).astype("int64")
    return grid.sort_values(["document", "paragraph", "code"]).reset_index(drop=True)[columns]


def kappa_from_counts(both: int, only_a: int, only_b: int, neither: int) -> float:
    """Cohen's kappa of the 2×2 table (rows coder A 1/0, columns coder B 1/0), via statsmodels.

    NaN when undefined: both coders gave every unit the same constant rating, so the expected
    agreement p_e is 1 and kappa = (p_o − p_e)/(1 − p_e) is 0/0.
    """
    n = both + only_a + only_b + neither
    if n == 0 or both == n or neither == n:
        return math.nan
    return float(cohens_kappa(np.array([[both, only_a], [only_b, neither]]), return_results=False))


def alpha_from_table(table) -> float:
    """Krippendorff's alpha, nominal, two coders, no missing values, from the k×k contingency table.

    With two values per unit every unit contributes 1/(m_u − 1) = 1 per ordered pair, so the
    coincidence matrix is o = T + Tᵀ; n_c are its row sums, n = Σ n_c = 2·units, and
        alpha = 1 − D_o/D_e = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k
                            = 1 − (n − 1) · (n − trace o) / (n² − Σ n_c²).
    NaN when all values fall into one category (D_e = 0). Alpha pools both coders' values for
    the expected disagreement, kappa uses each coder's own margins – hence the small differences.
    """
    t = np.asarray(table, dtype=float)
    o = t + t.T
    n_c = o.sum(axis=1)
    n = n_c.sum()
    expected = n * n - (n_c ** 2).sum()
    if n < 2 or expected == 0:
        return math.nan
    return float(1 - (n - 1) * (n - np.trace(o)) / expected)


def _pair(segments: pd.DataFrame, coder_a: str | None, coder_b: str | None) -> tuple[str, str]:
    if coder_a is None and coder_b is None:
        pairs = coder_pairs(segments)
        if not pairs:
            raise ValueError("Keine zwei Kodierenden mit gemeinsam codierten Dokumenten – "
                             "Intercoder-Übereinstimmung nicht berechenbar")
        return pairs[0]
    if coder_a is None or coder_b is None or coder_a == coder_b:
        raise ValueError("Für die Intercoder-Übereinstimmung zwei verschiedene Kodierende angeben "
                         "(coder_a und coder_b) oder beide weglassen")
    if not _shared_documents(_segments(segments), coder_a, coder_b):
        raise ValueError(f"{coder_a} und {coder_b} haben kein Dokument gemeinsam codiert – "
                         "Intercoder-Übereinstimmung nicht berechenbar")
    return coder_a, coder_b


def unit_counts(segments: pd.DataFrame, coder_a: str, coder_b: str) -> pd.DataFrame:
    """Per code the 2×2 counts over the units of `unit_ratings` (units, both, only_a, only_b, neither),
    computed from segment boundaries instead of one row per paragraph.

    Per document and code each coder's segments are +1 at `begin` and −1 after `end`; summed up in
    boundary order they say, between two consecutive boundaries, whether A and B cover that stretch,
    and its length is the number of paragraphs rated alike. Paragraphs outside every segment are
    "neither": units minus the other three. The work grows with the number of segments, not with the
    length of the documents – the same counts as `unit_ratings`, tested against it.
    """
    seg = _segments(segments)
    seg = seg[seg["coder"].isin([coder_a, coder_b])]
    seg = seg[seg["document"].isin(_shared_documents(seg, coder_a, coder_b))]
    counts = ["units", "both", "only_a", "only_b", "neither"]
    if seg.empty:
        return pd.DataFrame({"code": pd.Series(dtype=object), **{c: pd.Series(dtype="int64") for c in counts}})
    units = int(seg.groupby("document")["end"].max().clip(lower=0).sum())  # paragraphs 1..max(end) per document
    begin = seg["begin"].clip(lower=1).to_numpy()
    end = seg["end"].to_numpy()
    inside = begin <= end  # a segment wholly before paragraph 1 covers no unit
    is_a = (seg["coder"] == coder_a).to_numpy()[inside].astype("int64")
    keys = {"document": seg["document"].to_numpy()[inside], "code": seg["code"].to_numpy()[inside]}
    events = pd.concat([
        pd.DataFrame({**keys, "at": begin[inside], "a": is_a, "b": 1 - is_a}),
        pd.DataFrame({**keys, "at": end[inside] + 1, "a": -is_a, "b": is_a - 1}),
    ])
    events = events.groupby(["document", "code", "at"], sort=True).sum().reset_index()
    # Every (document, code) group sums to 0, so the running sums restart at 0 in each group.
    cover_a = events["a"].cumsum().to_numpy() > 0
    cover_b = events["b"].cumsum().to_numpy() > 0
    at = events["at"].to_numpy()
    length = np.zeros(len(events), dtype="int64")
    length[:-1] = at[1:] - at[:-1]  # a group's last boundary closes all its segments: its coverage is 0
    stretch = pd.DataFrame({"code": events["code"], "both": length * (cover_a & cover_b),
                            "only_a": length * (cover_a & ~cover_b), "only_b": length * (~cover_a & cover_b)})
    table = stretch.groupby("code", sort=True)[["both", "only_a", "only_b"]].sum()
    table = table.reindex(sorted(seg["code"].unique()), fill_value=0).rename_axis("code").reset_index()
    table.insert(1, "units", units)
    table["neither"] = units - table["both"] - table["only_a"] - table["only_b"]
    return table[table["units"] > 0][["code", *counts]].astype({c: "int64" for c in counts}).reset_index(drop=True)


def agreement_table(segments: pd.DataFrame, coder_a: str | None = None, coder_b: str | None = None,
                    threshold: float = 0.6) -> pd.DataFrame:
    """One row per code: 2×2 counts, percentage agreement, kappa, alpha and the threshold flag.

    Percentage agreement alone overstates agreement for rare codes (most paragraphs are "0" for
    both), so kappa and alpha are reported beside it. NaN kappa counts as below the threshold:
    agreement that cannot be shown is not shown. The coder pair is kept in `attrs["coders"]`.
    """
    coder_a, coder_b = _pair(segments, coder_a, coder_b)
    rows = []
    for r in unit_counts(segments, coder_a, coder_b).itertuples(index=False):
        kappa = kappa_from_counts(r.both, r.only_a, r.only_b, r.neither)
        rows.append({"code": r.code, "units": r.units, "both": r.both, "only_a": r.only_a,
                     "only_b": r.only_b, "neither": r.neither,
                     "percent_agreement": (r.both + r.neither) / r.units,
                     "kappa": kappa,
                     "alpha": alpha_from_table([[r.both, r.only_a], [r.only_b, r.neither]]),
                     "below_threshold": _below(kappa, threshold)})
    table = pd.DataFrame(rows, columns=COLUMNS)
    table = table.astype({c: "int64" for c in ("units", "both", "only_a", "only_b", "neither")}
                         | {"percent_agreement": float, "kappa": float, "alpha": float,
                            "below_threshold": bool})
    table.attrs["coders"] = (coder_a, coder_b)
    return table


POOLED = "alle Codes (gepoolt)"
PAIR_COLUMNS = ["coder_a", "coder_b", *COLUMNS]


def pairwise_table(segments: pd.DataFrame, threshold: float = 0.6) -> pd.DataFrame:
    """`agreement_table` for every coder pair that shares documents, one row per pair and code, and per pair a
    row POOLED: the 2×2 counts summed over its codes, with kappa and alpha of that table. With six coders no
    pair is picked for the user: each is shown under its coders' names."""
    parts = []
    for coder_a, coder_b in coder_pairs(segments):
        table = agreement_table(segments, coder_a, coder_b, threshold)
        counts = table[["units", "both", "only_a", "only_b", "neither"]].sum()
        kappa = kappa_from_counts(counts["both"], counts["only_a"], counts["only_b"], counts["neither"])
        pooled = pd.DataFrame([{"code": POOLED, **counts.to_dict(),
                                "percent_agreement": (counts["both"] + counts["neither"]) / counts["units"]
                                if counts["units"] else math.nan, "kappa": kappa,
                                "alpha": alpha_from_table([[counts["both"], counts["only_a"]],
                                                           [counts["only_b"], counts["neither"]]]),
                                "below_threshold": _below(kappa, threshold)}], columns=COLUMNS)
        parts.append(pd.concat([table, pooled], ignore_index=True).assign(coder_a=coder_a, coder_b=coder_b))
    if not parts:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    return pd.concat(parts, ignore_index=True)[PAIR_COLUMNS].astype(
        {c: "int64" for c in ("units", "both", "only_a", "only_b", "neither")} | {"below_threshold": bool})


def _alpha(data: np.ndarray) -> float:
    """Krippendorff's alpha (nominal) of a coders × units matrix (NaN: the coder did not code that document),
    via the krippendorff package; NaN where it is undefined (one value only, or no unit two coders rated)."""
    import krippendorff
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = data[:, pairable]
    if values.size == 0 or len(np.unique(values[~np.isnan(values)])) < 2:
        return math.nan
    return float(krippendorff.alpha(reliability_data=values, level_of_measurement="nominal"))


def multi_coder_alpha(segments: pd.DataFrame) -> pd.DataFrame:
    """Krippendorff's alpha over all coders at once, per code and POOLED over all codes.

    Units are the paragraphs 1..max(end) of every document at least two coders coded, as in the pairwise
    tables; a coder who did not code a document leaves its units empty (missing, not "not coded"), which
    alpha allows and kappa does not. Columns: code, coders (how many rated), units, alpha.
    """
    seg = _segments(segments)
    coders_per_document = seg.groupby("document")["coder"].nunique()
    seg = seg[seg["document"].isin(coders_per_document[coders_per_document >= 2].index)]
    columns = ["code", "coders", "units", "alpha"]
    if seg.empty:
        return pd.DataFrame(columns=columns)
    coders = sorted(seg["coder"].unique())
    last = seg.groupby("document")["end"].max().clip(lower=0)
    offsets = dict(zip(last.index, np.concatenate([[0], np.cumsum(last.to_numpy())[:-1]])))
    n_units = int(last.sum())
    row = {c: i for i, c in enumerate(coders)}
    rated = np.full((len(coders), n_units), np.nan)
    for (coder, document), _ in seg.groupby(["coder", "document"]):
        start = offsets[document]
        rated[row[coder], start:start + last[document]] = 0
    rows, blocks = [], []
    for code, group in seg.groupby("code", sort=True):
        data = rated.copy()
        for r in group.itertuples(index=False):
            start = offsets[r.document]
            data[row[r.coder], start + max(r.begin, 1) - 1:start + r.end] = 1
        blocks.append(data)
        rows.append({"code": code, "coders": len(coders), "units": n_units, "alpha": _alpha(data)})
    rows.append({"code": POOLED, "coders": len(coders), "units": n_units * len(blocks),
                 "alpha": _alpha(np.concatenate(blocks, axis=1))})
    return pd.DataFrame(rows, columns=columns)


def agreement_if_any(segments: pd.DataFrame, threshold: float = 0.6) -> pd.DataFrame:
    """`agreement_table` of the first coder pair, or an empty table when no two coders share a document:
    an early reporting date without a second coding is a state of the data, not an error."""
    if not coder_pairs(segments):
        return pd.DataFrame(columns=COLUMNS)
    return agreement_table(segments, threshold=threshold)


def _number(value: float, decimals: int) -> str:
    return DASH if pd.isna(value) else fmt.number(value, decimals)


def _below(kappa: float, threshold: float) -> bool:
    return bool(pd.isna(kappa) or kappa < threshold - EPS)


def german_table(table: pd.DataFrame, threshold: float = 0.6) -> pd.DataFrame:
    """The agreement table for the report: German headers and numbers, weakest kappa first
    (undefined kappa first of all), so the codes that need a coding conference lead."""
    ordered = table.sort_values(["kappa", "code"], na_position="first", kind="stable")
    out = pd.DataFrame({
        "Code": ordered["code"].astype(str),
        **{GERMAN[c]: ordered[c].map(lambda x: fmt.number(x, 0))
           for c in ("units", "both", "only_a", "only_b", "neither")},
        "Übereinstimmung": ordered["percent_agreement"].map(
            lambda x: DASH if pd.isna(x) else fmt.percent(x, 1)),
        "Cohens Kappa": ordered["kappa"].map(lambda x: _number(x, 2)),
        "Krippendorffs Alpha": ordered["alpha"].map(lambda x: _number(x, 2)),
        "unter Schwelle": ordered["kappa"].map(lambda k: "ja" if _below(k, threshold) else "nein"),
    })
    return out.reset_index(drop=True)


def german_pairs(pooled: pd.DataFrame) -> pd.DataFrame:
    """The pooled row of every pair (pairwise_table), German: who, how many units, agreement, kappa, alpha."""
    return pd.DataFrame({
        "Codierende": [f"{a} und {b}" for a, b in zip(pooled["coder_a"], pooled["coder_b"])],
        "Einheiten": pooled["units"].map(lambda x: fmt.number(x, 0)).to_numpy(),
        "Übereinstimmung": pooled["percent_agreement"].map(lambda x: DASH if pd.isna(x) else fmt.percent(x, 1)).to_numpy(),
        "Cohens Kappa (gepoolt)": pooled["kappa"].map(lambda x: _number(x, 2)).to_numpy(),
        "Krippendorffs Alpha (gepoolt)": pooled["alpha"].map(lambda x: _number(x, 2)).to_numpy(),
    })


def german_alpha(table: pd.DataFrame) -> pd.DataFrame:
    """multi_coder_alpha for readers: code, units, alpha (German numbers, undefined as a dash)."""
    return pd.DataFrame({"Code": table["code"].astype(str).to_numpy(),
                         "Einheiten": table["units"].map(lambda x: fmt.number(x, 0)).to_numpy(),
                         "Krippendorffs Alpha": table["alpha"].map(lambda x: _number(x, 2)).to_numpy()})


def summary_text(table: pd.DataFrame, threshold: float = 0.6) -> str:
    """One or two German sentences for the methods section: how many codes, which fall below the threshold.
    Coder names stay out: MAXQDA's "Bearbeitet von" is often a login name, i.e. personal data."""
    n = len(table)
    limit = fmt.number(threshold, 2)
    if n == 0:
        return "Es wurden keine Codes verglichen."
    first = f"Verglichen wurde{'n' if n != 1 else ''} {fmt.word(n, one='ein')} Code{'s' if n != 1 else ''}."
    weak = table[table["kappa"].map(lambda k: _below(k, threshold))]
    weak = weak.sort_values(["kappa", "code"], na_position="first", kind="stable")
    if weak.empty:
        return f"{first} Bei keinem liegt Cohens Kappa unter {limit}."
    named = [f"{row.code} (κ = {_number(row.kappa, 2) if not pd.isna(row.kappa) else 'nicht bestimmbar'})"
             for row in weak.itertuples()]
    listing = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " und " + named[-1]
    count = "einem Code" if len(weak) == 1 else f"{fmt.word(len(weak))} Codes"
    return f"{first} Cohens Kappa liegt bei {count} unter {limit}: {listing}."
