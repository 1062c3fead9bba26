"""Abb. 12 and 13 show what the report's text reads from them: the kinds of offer inside each bar."""
from __future__ import annotations

import pytest

from conftest import RAW
from evaluation.data import clean
from evaluation.charts import catalogue
from evaluation.vocabulary import FAMILY_OFFER_KINDS


@pytest.fixture(scope="module")
def ds():
    return clean.build(RAW, "2022-03-31")


@pytest.mark.parametrize("key", ["abb_12", "abb_13"])
def test_each_bar_is_split_by_kind_and_adds_up(ds, key, tmp_path):
    data = catalogue.CHARTS[key].data(ds)
    kinds = [k for k in FAMILY_OFFER_KINDS if k in data.columns]
    assert kinds, "keine Aufteilung nach Art des Angebots"
    assert (data[kinds].sum(axis=1) == data["count"]).all()
    fig = catalogue.draw(ds, key, tmp_path)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == kinds
    assert len(ax.containers) == len(kinds)
    ends = [sum(c.patches[i].get_width() for c in ax.containers) for i in range(len(data))]
    n = int(data["n"].iloc[0])
    assert ends == pytest.approx(list(data["count"] / n), abs=1e-9), "Balkenlänge = Anteil aller Angebote"
    shown = catalogue.data_table(ds, key)
    assert set(kinds) <= set(shown.columns)
