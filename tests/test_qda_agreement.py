"""Intercoder agreement: hand-computed 2×2 tables rebuilt as coded segments."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from evaluation.qda import agreement as ag

K = "Bewertung\\Programmkonzept"
FILL = "Sonstiges"


def segments(rows) -> pd.DataFrame:
    """(document, code, begin, end, coder) rows → tidy table, with an extra column to be ignored."""
    frame = pd.DataFrame(rows, columns=["document", "code", "begin", "end", "coder"])
    return frame.assign(text="…")


# Document P01, 50 paragraphs, code K:
#   A codes 1–10 and 8–25 (overlapping, counts once) → 1–25
#   B codes 1–20 and 26–35
#   both 1–20 = 20, only A 21–25 = 5, only B 26–35 = 10, neither 36–50 = 15 (n = 50)
# Paragraph 50 is coded FILL by both, so max(end) = 50.
# "Nur A" is used by A only (1–5): both 0, only A 5, only B 0, neither 45.
EXAMPLE = segments([
    ("P01", K, 1, 10, "A"), ("P01", K, 8, 25, "A"),
    ("P01", K, 1, 20, "B"), ("P01", K, 26, 35, "B"),
    ("P01", FILL, 50, 50, "A"), ("P01", FILL, 50, 50, "B"),
    ("P01", "Nur A", 1, 5, "A"),
    ("P99", K, 1, 3, "C"),            # third coder, no document in common with A or B
])


def row(table: pd.DataFrame, code: str) -> pd.Series:
    return table.set_index("code").loc[code]


def test_hand_example_kappa_and_alpha():
    table = ag.agreement_table(EXAMPLE)
    r = row(table, K)
    assert (r["units"], r["both"], r["only_a"], r["only_b"], r["neither"]) == (50, 20, 5, 10, 15)
    # p_o = (20 + 15)/50 = 0.7
    # p_e = (25/50 · 30/50) + (25/50 · 20/50) = 0.3 + 0.2 = 0.5
    # kappa = (0.7 − 0.5)/(1 − 0.5) = 0.4
    assert r["percent_agreement"] == pytest.approx(0.7, abs=1e-9)
    assert r["kappa"] == pytest.approx(0.4, abs=1e-9)
    # Krippendorff's alpha, nominal: two values per unit → n = 2·50 = 100 pairable values.
    # Coincidence matrix (each unit adds 1/(m_u − 1) = 1 per ordered pair of its values):
    #   o11 = 2·20 = 40, o00 = 2·15 = 30, o10 = o01 = 5 + 10 = 15
    #   n1 = 40 + 15 = 55, n0 = 30 + 15 = 45, n = 100
    # alpha = 1 − (n − 1)·(o10 + o01) / (n1·n0 + n0·n1)
    #       = 1 − 99·30 / (2·55·45) = 1 − 2970/4950 = 1 − 0.6 = 0.4
    # (equal to kappa here by coincidence; the next example tells them apart)
    assert r["alpha"] == pytest.approx(0.4, abs=1e-9)
    assert r["below_threshold"]                                    # 0.4 < 0.6
    assert not row(ag.agreement_table(EXAMPLE, threshold=0.4), K)["below_threshold"]
    assert table.attrs["coders"] == ("A", "B")


def test_second_hand_example_alpha_differs_from_kappa():
    # both 10 (1–10), only A 0, only B 5 (11–15), neither 5 (16–20), n = 20
    seg = segments([("I02", K, 1, 10, "A"), ("I02", K, 1, 15, "B"), ("I02", FILL, 20, 20, "B")])
    r = row(ag.agreement_table(seg, "A", "B"), K)
    assert (r["units"], r["both"], r["only_a"], r["only_b"], r["neither"]) == (20, 10, 0, 5, 5)
    # p_o = 15/20 = 0.75; p_e = (10/20 · 15/20) + (10/20 · 5/20) = 0.375 + 0.125 = 0.5
    # kappa = (0.75 − 0.5)/(1 − 0.5) = 0.5
    assert r["kappa"] == pytest.approx(0.5, abs=1e-9)
    # o11 = 2·10 = 20, o00 = 2·5 = 10, o10 = o01 = 0 + 5 = 5; n1 = 25, n0 = 15, n = 40
    # alpha = 1 − 39·(5 + 5)/(2·25·15) = 1 − 390/750 = 0.48
    assert r["alpha"] == pytest.approx(0.48, abs=1e-9)
    assert r["below_threshold"]


def test_code_of_one_coder_only_gives_kappa_zero():
    r = row(ag.agreement_table(EXAMPLE), "Nur A")
    assert (r["both"], r["only_a"], r["only_b"], r["neither"]) == (0, 5, 0, 45)
    # Kappa is 0, not NaN: B is constant (all 0) but A is not, so
    # p_e = (5/50 · 0/50) + (45/50 · 50/50) = 0.9 < 1 and p_o = 45/50 = 0.9 → (0.9 − 0.9)/(1 − 0.9) = 0.
    # Undefined (NaN) would need p_e = 1, i.e. both coders constant with the same rating.
    assert r["kappa"] == pytest.approx(0.0, abs=1e-9)
    # o11 = 0, o00 = 90, o10 = o01 = 5; n1 = 5, n0 = 95, n = 100
    # alpha = 1 − 99·10/(2·5·95) = 1 − 990/950 = −4/95 (slightly below chance)
    assert r["alpha"] == pytest.approx(-4 / 95, abs=1e-9)
    assert r["below_threshold"]


def test_perfect_agreement_and_undefined_kappa():
    seg = segments([("D1", K, 3, 7, "A"), ("D1", K, 3, 7, "B"),
                    ("D1", "Alles", 1, 10, "A"), ("D1", "Alles", 1, 10, "B")])
    table = ag.agreement_table(seg)
    perfect = row(table, K)
    assert perfect["kappa"] == pytest.approx(1.0, abs=1e-9)
    assert perfect["alpha"] == pytest.approx(1.0, abs=1e-9)
    assert perfect["percent_agreement"] == 1.0
    assert not perfect["below_threshold"]
    # both coders rate every unit 1: p_e = 1, kappa 0/0 and alpha D_e = 0 → NaN, flagged
    constant = row(table, "Alles")
    assert math.isnan(constant["kappa"]) and math.isnan(constant["alpha"])
    assert constant["percent_agreement"] == 1.0
    assert constant["below_threshold"]


def test_unit_ratings_grid():
    seg = segments([("D1", K, 2, 4, "A"), ("D1", FILL, 8, 8, "A"), ("D1", K, 3, 12, "B"),
                    ("D2", K, 1, 5, "A"),                          # only A: not a unit
                    ("D1", K, 1, 30, "C")])                        # other coder: ignored
    ratings = ag.unit_ratings(seg, "A", "B")
    assert list(ratings.columns) == ["document", "paragraph", "code", "a", "b"]
    assert set(ratings["document"]) == {"D1"}
    assert len(ratings) == 12 * 2                                  # paragraphs 1..12 × {K, FILL}
    k = ratings[ratings["code"] == K].set_index("paragraph")
    assert k["a"].tolist() == [0, 1, 1, 1] + [0] * 8
    assert k["b"].tolist() == [0, 0] + [1] * 10
    assert ratings.loc[ratings["code"] == FILL, "a"].sum() == 1


def test_coder_pairs_only_where_documents_overlap():
    assert ag.coder_pairs(EXAMPLE) == [("A", "B")]
    more = pd.concat([EXAMPLE, segments([("P01", K, 1, 2, "C")])])
    assert ag.coder_pairs(more) == [("A", "B"), ("A", "C"), ("B", "C")]
    apart = segments([("D1", K, 1, 2, "A"), ("D2", K, 1, 2, "B")])
    assert ag.coder_pairs(apart) == []
    with pytest.raises(ValueError, match="Kodierende"):
        ag.agreement_table(apart)
    with pytest.raises(ValueError, match="kein Dokument gemeinsam"):
        ag.agreement_table(apart, "A", "B")


def test_german_table_and_summary():
    table = ag.agreement_table(EXAMPLE)
    german = ag.german_table(table)
    assert list(german.columns) == ["Code", "Einheiten", "beide", "nur A", "nur B", "keiner",
                                    "Übereinstimmung", "Cohens Kappa", "Krippendorffs Alpha",
                                    "unter Schwelle"]
    assert german["Code"].tolist() == ["Nur A", K, FILL]            # kappa 0, 0.4, 1 ascending
    g = german.set_index("Code").loc[K]
    assert g["Cohens Kappa"] == "0,40"
    assert g["Krippendorffs Alpha"] == "0,40"
    assert g["Übereinstimmung"] == "70,0\u00a0%"
    assert g["unter Schwelle"] == "ja"
    assert german.set_index("Code").loc["Nur A", "Krippendorffs Alpha"] == "-0,04"
    assert ag.german_table(table, threshold=0.3).set_index("Code").loc[K, "unter Schwelle"] == "nein"

    text = ag.summary_text(table)
    assert text.startswith("Verglichen wurden drei Codes.")
    assert text.endswith(f"Cohens Kappa liegt bei zwei Codes unter 0,60: Nur A (κ = 0,00) und {K} (κ = 0,40).")
    assert FILL not in text
    low = ag.summary_text(table, threshold=0.3)
    assert "bei einem Code unter 0,30: Nur A (κ = 0,00)." in low and K not in low
    good = ag.agreement_table(segments([("D1", K, 3, 7, "A"), ("D1", K, 3, 7, "B")]))
    assert ag.summary_text(good).endswith("Bei keinem liegt Cohens Kappa unter 0,60.")


def test_german_table_nan_shown_as_dash_and_first():
    seg = segments([("D1", K, 3, 7, "A"), ("D1", K, 3, 7, "B"),
                    ("D1", "Alles", 1, 10, "A"), ("D1", "Alles", 1, 10, "B")])
    table = ag.agreement_table(seg)
    german = ag.german_table(table)
    first = german.iloc[0]
    assert (first["Code"], first["Cohens Kappa"], first["Krippendorffs Alpha"], first["unter Schwelle"]) \
        == ("Alles", "\u2013", "\u2013", "ja")
    assert "Alles (κ = nicht bestimmbar)" in ag.summary_text(table)


def test_code_spellings_are_one_code():
    seg = segments([("D1", "Bewertung > Programmkonzept", 2, 4, "A"), ("D1", K, 2, 4, "B"),
                    ("D1", FILL, 10, 10, "A"), ("D1", FILL, 10, 10, "B")])
    table = ag.agreement_table(seg)
    assert table["code"].tolist() == [K, FILL]
    assert row(table, K)["kappa"] == pytest.approx(1.0, abs=1e-9)
