"""Intercoder counts from segment boundaries equal the counts over one unit per paragraph.

`agreement.unit_counts` sweeps over the sorted begin/end positions of both coders' segments;
`agreement.unit_ratings` is the definition, one row per (document, paragraph, code). Both must give
the same 2×2 table per code: on the interviews of the reconstruction (its second coding is dated
2022) and on random codings with overlapping, nested and touching segments, paragraph 0 and third
coders (fixed seed, so a failure can be reproduced).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evaluation.data import clean
from evaluation.qda import agreement as ag
from evaluation.reporting_date import DEFAULT

from conftest import RAW

COUNTS = ["units", "both", "only_a", "only_b", "neither"]


def per_paragraph(segments: pd.DataFrame, coder_a: str, coder_b: str) -> pd.DataFrame:
    """The 2×2 counts per code from one row per unit (the definition)."""
    ratings = ag.unit_ratings(segments, coder_a, coder_b)
    a, b = ratings["a"].astype(bool), ratings["b"].astype(bool)
    table = pd.DataFrame({"code": ratings["code"], "units": 1, "both": a & b, "only_a": a & ~b,
                          "only_b": ~a & b, "neither": ~a & ~b})
    return table.groupby("code", sort=True)[COUNTS].sum().astype("int64").reset_index()


def assert_same(segments: pd.DataFrame, coder_a: str, coder_b: str) -> None:
    expected = per_paragraph(segments, coder_a, coder_b)
    got = ag.unit_counts(segments, coder_a, coder_b)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))


def test_equal_on_the_interviews_of_the_reconstruction():
    segments = clean.build(RAW, DEFAULT).interview_segments
    pairs = ag.coder_pairs(segments)
    assert pairs, "the reconstruction has a second coding to compare"
    for coder_a, coder_b in pairs:
        expected = per_paragraph(segments, coder_a, coder_b)
        assert len(expected) and expected["units"].gt(0).all()
        assert_same(segments, coder_a, coder_b)
    # what the report prints is computed from the boundary counts
    table = ag.agreement_table(segments)
    expected = per_paragraph(segments, *table.attrs["coders"])
    assert table[["code", *COUNTS]].equals(expected)


def random_coding(rng: np.random.Generator) -> pd.DataFrame:
    """A few documents, codes and coders; segments of any length, often overlapping or nested."""
    n = int(rng.integers(1, 40))
    documents = [f"D{i}" for i in range(int(rng.integers(1, 5)))]
    codes = [f"Code{i}" for i in range(int(rng.integers(1, 6)))]
    begin = rng.integers(0, 60, n)  # paragraph 0 occurs in exports; it is no unit
    end = begin + rng.geometric(0.15, n) - 1
    return pd.DataFrame({"document": rng.choice(documents, n), "code": rng.choice(codes, n),
                         "begin": begin, "end": end, "coder": rng.choice(["A", "B", "C"], n, p=[0.45, 0.45, 0.1])})


def test_equal_on_random_codings():
    rng = np.random.default_rng(20260411)
    compared = 0
    for _ in range(200):
        segments = random_coding(rng)
        if not ag._shared_documents(ag._segments(segments), "A", "B"):
            continue
        assert_same(segments, "A", "B")
        compared += 1
    assert compared > 150


def test_equal_on_the_hand_examples():
    from test_qda_agreement import EXAMPLE, K, segments
    assert_same(EXAMPLE, "A", "B")
    touching = segments([("D1", K, 1, 4, "A"), ("D1", K, 5, 9, "A"), ("D1", K, 4, 5, "B"), ("D1", K, 9, 9, "B"),
                         ("D1", "X", 0, 0, "A"), ("D1", "X", 2, 2, "B")])
    assert_same(touching, "A", "B")
