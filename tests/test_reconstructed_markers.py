"""Categories the report does not quantify are marked as reconstructed in the chart itself and in its data."""
from __future__ import annotations

import pytest

from evaluation.charts.captions import caption

from conftest import RAW
from evaluation.data import clean
from evaluation.charts import catalogue


@pytest.fixture(scope="module")
def ds():
    return clean.build(RAW, "2022-03-31")


@pytest.mark.parametrize("key", ["abb_05", "abb_09"])
def test_reconstructed_categories_carry_a_star_and_a_note(ds, key, tmp_path):
    marked = catalogue.reconstructed(key)
    assert marked, f"{key}: keine rekonstruierten Kategorien hinterlegt"
    fig = catalogue.draw(ds, key, tmp_path)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    for label in labels:
        assert label.endswith(" *") == (label.removesuffix(" *") in marked), label
    assert catalogue.RECONSTRUCTED_NOTE in fig.get_supxlabel()
    table = catalogue.data_table(ds, key)
    assert set(table.loc[table["Beleg"] == "rekonstruiert"].iloc[:, 0]) == set(marked) & set(table.iloc[:, 0])


def test_charts_without_invented_categories_stay_unmarked(ds, tmp_path):
    fig = catalogue.draw(ds, "abb_06", tmp_path)
    assert not any(t.get_text().endswith(" *") for t in fig.axes[0].get_yticklabels())
    assert "Beleg" not in catalogue.data_table(ds, "abb_06").columns


def test_tabelle_1_flags_gaps_the_report_text_does_not_name(ds):
    from evaluation.charts.tab_01_leistungsrahmen import OTHER_GAP, TEXT_GAP, tab_01_frame
    from evaluation.findings import tables
    table = tables.contract_items(ds)
    flags = tab_01_frame(table)["Abgleich mit dem Text"].tolist()
    for count, n, gap, flag in zip(table["count"], table["n"], table["Lücke laut Text"], flags):
        assert flag == ("–" if count >= n else TEXT_GAP if gap == "ja" else OTHER_GAP)


def test_tabelle_2_says_its_phases_are_reconstructed_and_counts_go_beyond_the_report(ds, tmp_path):
    table = catalogue.data_table(ds, "tab_02")
    fig = catalogue.draw(ds, "tab_02", tmp_path)
    texts = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
    assert "Phase (rekonstruiert)" in texts and "über den Werkreport hinaus" in caption("tab_02", n=22)
    assert len(table) > 0


def test_every_source_the_raw_data_cite_is_in_the_repository():
    import re

    from conftest import RAW, ROOT
    cited = set()
    for path in [RAW / "README.md", ROOT / "tools" / "reconstruct_raw_data.py"]:
        cited |= set(re.findall(r"`?([\w./-]+\.md)`?", path.read_text(encoding="utf-8")))
    cited -= {"README.md"}
    assert "public_sources.md" in cited
    for name in cited:
        assert (RAW / name).is_file() or (ROOT / name).is_file(), f"zitierte Quelle fehlt im Repository: {name}"
