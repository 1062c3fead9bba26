"""Chapters 1–3.2.1 as notebooks: findings with by=, grouped bars, prose from frames, and the acceptance
scenario – a newcomer switches Abb. 6 to `by="cohort"` in one cell, and table, chart and sentence follow."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from conftest import RAW, ROOT
from evaluation import charts
from evaluation.charts import abb_02_foerderzeitraeume as abb_02, grouped
from evaluation.charts.abb_04_wirkungsorientierung import abb_04_wirkungsorientierung
from evaluation.charts.abb_06_oegd_jugendhilfe import abb_06_oegd_jugendhilfe
from evaluation.charts.abb_07_kita_schule import abb_07_kita_schule
from evaluation.charts.abb_08_jobcenter import abb_08_jobcenter
from evaluation.charts.abb_09_erhebungen import abb_09_erhebungen
from evaluation.data import clean
from evaluation.findings import groups, participation, structures, tables
from evaluation.prose import participation as pp, structures as ps

pytestmark = pytest.mark.unit
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def ds():
    return clean.build(RAW, "2022-03-31")


@pytest.fixture(scope="module")
def early():
    return clean.build(RAW, "2017-03-31")


# ------------------------------------------------------------------ findings with by=

def test_groups_are_labelled_in_german_and_ordered(ds):
    cohorts = groups.groups(ds, "cohort")
    assert [label for label, _ in cohorts] == ["Kohorte 2017", "Kohorte 2018", "Kohorte 2020"]
    assert sum(len(ids) for _, ids in cohorts) == len(ds.municipalities)
    types = [label for label, _ in groups.groups(ds, "type")]
    assert types[:2] == ["kreisfreie Städte", "Landkreise"]


def test_unknown_grouping_is_named_in_german(ds):
    with pytest.raises(ValueError, match='by="cohort"'):
        structures.body_participation(ds, structures.BODIES["abb06"], by="kohorte")


def test_body_participation_without_by_is_unchanged(ds):
    table = structures.body_participation(ds, structures.BODIES["abb06"])
    # all 22 municipalities counted: a complete count, no interval columns
    assert list(table.columns) == ["body", "count", "share", "n", "complete_count"] and table["complete_count"].all()
    assert table.set_index("body")["count"].to_dict() == {"Kinder- und Jugendhilfe": 22, "ÖGD": 18}
    assert (table["n"] == 22).all()


def test_body_participation_by_cohort_counts_within_each_cohort(ds):
    bodies = structures.BODIES["abb06"]
    table = structures.body_participation(ds, bodies, by="cohort")
    assert list(table.columns) == ["body", "group", "count", "share", "n", "complete_count"]
    assert len(table) == 3 * len(bodies)
    sizes = ds.municipalities["cohort"].value_counts()
    for row in table.itertuples():
        assert row.n == sizes[int(row.group.split()[-1])]
        assert row.share == pytest.approx(row.count / row.n)
        assert row.complete_count
    total = structures.body_participation(ds, bodies).set_index("body")["count"]
    assert table.groupby("body")["count"].sum().to_dict() == total.to_dict()


def test_body_participation_by_type(ds):
    table = structures.body_participation(ds, ["Jobcenter"], by="type")
    assert set(table["group"]) >= {"kreisfreie Städte", "Landkreise"}
    assert table["n"].sum() == len(ds.municipalities)


def test_analyses_impact_orientation_and_strategy_by_cohort(ds):
    analyses = structures.analyses(ds, by="cohort")
    assert analyses.groupby("analysis")["count"].sum().to_dict() == \
        structures.analyses(ds).set_index("analysis")["count"].to_dict()
    orientation = structures.impact_orientation(ds, by="cohort")
    assert list(orientation.columns) == ["answer", "group", "count", "share", "n"]
    assert (orientation.groupby("group")["count"].sum() == orientation.groupby("group")["n"].first()).all()
    assert orientation.loc[orientation["answer"] == "Ja", "count"].sum() == 20
    strategy = structures.strategy_indicators(ds)
    assert strategy.set_index("indicator")["count"].to_dict() == {
        "political_resolution": 22, "impact_goal_defined": 21, "impact_orientation_started": 20,
        "impact_model_used": 19, "coordination_office_established": 22}
    assert "group" in structures.strategy_indicators(ds, by="cohort").columns


def test_participants_and_cohort_table(ds):
    table = participation.participants(ds)
    assert len(table) == 22 and table["model_areas"].sum() == 27 and table["deepening"].sum() == 6
    cohorts = participation.cohort_table(ds)
    assert cohorts["cohort"].tolist() == [2017, 2018, 2020]
    assert cohorts["municipalities"].sum() == 22 and cohorts["model_areas"].sum() == 27
    assert cohorts["start"].min() == pd.Timestamp("2017-01-01")


# ------------------------------------------------------------------ charts from frames

def _legend(fig) -> list[str]:
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    return [t.get_text() for legend in legends for t in legend.get_texts()]


def test_grouped_bars_draw_one_bar_per_row_with_a_german_legend(ds):
    frame = structures.body_participation(ds, structures.BODIES["abb07"], by="cohort")
    fig = grouped.grouped_bars(frame, "body")
    ax = fig.axes[0]
    assert len(ax.patches) == len(frame)
    assert _legend(fig) == ["Kohorte 2017", "Kohorte 2018", "Kohorte 2020"]
    assert [t.get_text() for t in ax.get_yticklabels()] == structures.BODIES["abb07"]
    labels = [t.get_text() for t in ax.texts]
    assert f"10 von 10 (100{NBSP}%)" in labels


@pytest.mark.parametrize("draw, category, make", [
    (abb_06_oegd_jugendhilfe, "body", lambda ds: structures.body_participation(ds, structures.BODIES["abb06"], by="cohort")),
    (abb_07_kita_schule, "body", lambda ds: structures.body_participation(ds, structures.BODIES["abb07"], by="cohort")),
    (abb_08_jobcenter, "body", lambda ds: structures.body_participation(ds, structures.BODIES["abb08"], by="cohort")),
    (abb_09_erhebungen, "analysis", lambda ds: structures.analyses(ds, by="cohort")),
    (abb_04_wirkungsorientierung, "answer", lambda ds: structures.impact_orientation(ds, by="cohort")),
])
def test_share_charts_accept_the_grouped_frame(ds, draw, category, make):
    frame = make(ds)
    fig = draw(frame, n=22)
    assert "Kohorte 2020" in _legend(fig)
    assert len(fig.axes[0].patches) == len(frame)


def test_share_charts_without_groups_stay_as_before(ds):
    fig = abb_06_oegd_jugendhilfe(structures.body_participation(ds, structures.BODIES["abb06"]), n=22)
    assert _legend(fig) == [] and len(fig.axes[0].patches) == 2
    donut = abb_04_wirkungsorientierung(structures.impact_orientation(ds), n=22)
    assert any(type(p).__name__ == "Wedge" for p in donut.axes[0].patches)


def test_grouped_frame_data_table_is_german(ds):
    frame = structures.analyses(ds, by="cohort")
    shown = charts.data_table(ds, "abb_09", frame)
    assert list(shown.columns[:2]) == ["Erhebung", "Gruppe"]
    assert (shown.loc[shown["Erhebung"] == "Bestandsaufnahme/-analyse", "Beleg"] == "rekonstruiert").all()


def test_abb_02_chart_data_sums_up_above_the_limit(ds):
    periods = participation.funding_periods(ds)
    assert abb_02.chart_data(periods) is periods
    many = pd.concat([periods] * 2, ignore_index=True)
    assert "quarter" in abb_02.chart_data(many).columns
    assert abb_02.abb_02(abb_02.chart_data(many), n=len(many), reporting_date="2022-03-31").axes


# ------------------------------------------------------------------ prose from frames

def test_participation_prose_at_the_report_date(ds):
    text = pp.participation_text(participation.participants(ds))
    assert text.startswith("In drei Kohorten (2017, 2018, 2020) nehmen bis zum Stichtag **22 Kommunen**")
    assert "**27 Modellräumen**" in text
    assert ("fünf kreisfreie Städte, zehn Landkreise, die Region Hannover und fünf weitere Städte; als 22. Kommune zählt "
            "diese Auswertung außerdem die Samtgemeinde Fürstenau") in text   # the report names 21 (issue 16, 4d)
    quotas = pp.quotas_text(participation.quotas(ds))
    assert f"30{NBSP}% (11 von 37) der Landkreise" in quotas and f"63{NBSP}% (5 von 8) der kreisfreien Städte" in quotas
    periods = pp.funding_periods_text(participation.funding_periods(ds), "2022-03-31")
    assert periods.startswith("In fünf Modellräumen folgen auf die Förderphase Vertiefungsphasen von zwei Jahren")


def test_participation_prose_singular_and_zero():
    one = pd.DataFrame({"municipality": ["A"], "type": ["Landkreis"], "cohort": [2017], "model_areas": [1],
                        "deepening": [0]})
    text = pp.participation_text(one)
    assert "In einer Kohorte (2017) nimmt bis zum Stichtag **eine Kommune** mit zusammen **einem Modellraum**" in text
    assert "Beteiligt ist ein Landkreis." in text
    assert pp.participation_text(one.iloc[:0]) == "Bis zum Stichtag nimmt noch keine Kommune am Programm teil."
    periods = pd.DataFrame({"kind": ["Programmgebiet", "Vertiefung"],
                            "start": pd.to_datetime(["2017-01-01", "2022-05-01"]),
                            "end": pd.to_datetime(["2019-12-31", "2024-04-30"])})
    text = pp.funding_periods_text(periods, "2022-03-31")
    assert "In einem Modellraum folgt auf die Förderphase eine Vertiefungsphase von zwei Jahren" in text
    assert "eine davon beginnt erst nach dem Stichtag" in text
    assert pp.funding_periods_text(periods.iloc[:1], "2018-03-31") == \
        "Eine Vertiefungsphase im Anschluss an die Förderphase gibt es zum Stichtag noch nicht."


def test_funding_frame_prose(ds, early):
    text = pp.funding_frame_text(participation.cohort_table(ds), participation.funding_periods(ds))
    assert "drei Kohorten (2017, 2018, 2020) mit zusammen 22 Kommunen" in text
    assert "drei Jahre lang gefördert" in text and "Vertiefungsphase von zwei Jahren" in text
    assert "von Januar 2017 bis Dezember 2022" in text
    first = pp.funding_frame_text(participation.cohort_table(early), participation.funding_periods(early))
    assert "ist es eine Kohorte (2017) mit zusammen neun Kommunen" in first and "Vertiefung" not in first


def test_reporting_date_prose_warns_when_stale():
    assert "**31.03.2022**" in pp.reporting_date_text("2022-03-31")
    assert "veralteter Datenstand" in pp.reporting_date_text("2022-03-31", "Die Daten reichen nur bis …")


def test_body_prose_prints_what_the_report_prints(ds):
    text = ps.bodies_text(structures.body_participation(ds, structures.BODIES["abb06"]), "Abb. 6")
    # all 22: "in allen 22 Kommunen", never "in 100 % (22 von 22)" (issue 16)
    assert text == ("Die Kinder- und Jugendhilfe ist in allen 22 Kommunen an den Gremien der Präventionskette "
                    f"beteiligt, der ÖGD in 82{NBSP}% (18 von 22) der Kommunen (Abb. 6).")
    kita = ps.bodies_text(structures.body_participation(ds, structures.BODIES["abb07"]), "Abb. 7")
    assert kita.startswith(f"Kitafach- und Leitungskräfte sind in 73{NBSP}% (16 von 22), die kommunalen "
                           f"Kitafachdienste in 86{NBSP}% (19 von 22)")
    jobcenter = ps.bodies_text(structures.body_participation(ds, structures.BODIES["abb08"]), "Abb. 8", ["Jobcenter"])
    assert jobcenter.startswith(f"Das Jobcenter ist in 45{NBSP}% (10 von 22)") and "ÖGD" not in jobcenter


def test_body_prose_one_sentence_per_group(ds):
    frame = structures.body_participation(ds, structures.BODIES["abb06"], by="cohort")
    text = ps.bodies_text(frame, "Abb. 6")
    for cohort in ("2017", "2018", "2020"):
        assert f"**Kohorte {cohort}:** Die Kinder- und Jugendhilfe ist in" in text
    assert f"der ÖGD in 60{NBSP}% (3 von 5)" in text
    assert text.count("(Abb. 6)") == 1 and text.endswith("(Abb. 6).")


def test_body_prose_zero_and_empty():
    frame = pd.DataFrame({"body": ["ÖGD"], "count": [0], "share": [0.0], "n": [5]})
    assert ps.bodies_text(frame, "Abb. 6") == \
        f"Der ÖGD ist in 0{NBSP}% (0 von 5) der Kommunen an den Gremien der Präventionskette beteiligt (Abb. 6)."
    assert ps.bodies_text(frame.assign(n=0), "Abb. 6") == ""


def test_analyses_prose(ds):
    text = ps.analyses_text(structures.analyses(ds))
    assert text == ("In 20 von 22 Kommunen gab es mindestens eine Bedarfsbestimmung, in 18 mindestens eine "
                    "Bedarfserhebung und in 10 mindestens eine Bedürfniserhebung (Abb. 9).")
    grouped_text = ps.analyses_text(structures.analyses(ds, by="cohort"))
    assert "**Kohorte 2020:** In 3 von 5 Kommunen" in grouped_text
    assert "in keiner Kommune eine Bedürfniserhebung (Abb. 9)." in grouped_text
    none = pd.DataFrame({"analysis": ["Bedarfsbestimmung"], "count": [0], "share": [0.0], "n": [9]})
    assert ps.analyses_text(none) == "In keiner der neun Kommunen gab es eine Bedarfsbestimmung (Abb. 9)."


def test_strategy_impact_and_coordination_prose(ds):
    strategy = structures.strategy_indicators(ds)
    assert ps.strategy_text(strategy) == (
        "Einen politischen Beschluss zur Präventionskette gibt es in allen 22 Kommunen. Ein IMPACT-Ziel ist in "
        "21 von 22 Kommunen definiert, das Wirkungsmodell als Planungsinstrument in 19 von 22 Kommunen eingeführt.")
    assert ps.impact_orientation_text(structures.impact_orientation(ds)) == \
        f"Die wirkungsorientierte Arbeitsweise ist in 20 von 22 Kommunen (90,9{NBSP}%) angestoßen (Abb. 4)."  # as Abb. 4
    by_cohort = ps.impact_orientation_text(structures.impact_orientation(ds, by="cohort"))
    assert (f"**Kohorte 2020:** Die wirkungsorientierte Arbeitsweise ist in 3 von 5 Kommunen (60{NBSP}%) angestoßen "
            "(Abb. 4).") in by_cohort
    text = ps.coordination_text(strategy, structures.coordination_location(ds))
    assert text == ("Eine Koordinierungsstelle ist in allen 22 Kommunen eingerichtet. Am häufigsten ist sie im "
                    f"Jugendamt verortet: in 54,5{NBSP}% (12 von 22) der Kommunen (Abb. 5).")


def test_table_prose(ds, early):
    items = tables.contract_items(ds)
    text = ps.contract_text(items)
    assert text.startswith("Vier der sieben vertraglichen Vorgaben sind in allen 22 Kommunen umgesetzt.")
    assert "(18 von 22)" in text and text.endswith("(Tabelle 1).")
    assert ps.contract_text(items.assign(count=items["n"])) == \
        "Alle sieben vertraglichen Vorgaben sind in allen 22 Kommunen umgesetzt (Tabelle 1)."
    assert ps.contract_text(tables.contract_items(early)).startswith("Eine der sieben vertraglichen Vorgaben ist")
    assert ps.contract_text(items.assign(count=0)).startswith("Keine der sieben")
    assert ps.contract_list(items).splitlines()[0] == "Mit jeder Kommune sind sieben Vorgaben vertraglich vereinbart:"
    milestones = ps.milestones_text(tables.milestones(ds))
    assert "haben alle 22 Kommunen bis zum Stichtag vier erreicht" in milestones
    assert "„Fortführung nach Förderende beschlossen“ (15 von 22)" in milestones


def test_counts_up_to_twelve_in_words():
    from evaluation.prose._text import amount, word as number
    assert [number(n) for n in (0, 2, 12, 13)] == ["null", "zwei", "zwölf", "13"]
    assert amount(1, "Kohorte", "Kohorten") == "eine Kohorte"
    assert amount(0, "Kohorte", "Kohorten") == "keine Kohorte"
    assert amount(22, "Kommune", "Kommunen") == "22 Kommunen"


# ------------------------------------------------------------------ the acceptance scenario

NOTEBOOK = ROOT / "notebooks" / "20_strukturen.ipynb"


def test_the_committed_notebook_counts_abb_06_without_groups_and_hints_at_by_cohort():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = {c.id: c for c in nb.cells}
    assert 'by=None' in cells["20-abb06-frame"].source
    hint = cells["20-abb06-hinweis"]
    assert "remove-cell" in hint.metadata["tags"] and 'by="cohort"' in hint.source
    ids = [c.id for c in nb.cells]
    assert ids.index("20-abb06-hinweis") + 1 == ids.index("20-abb06-frame")
    assert "remove-output" in cells["20-abb06-frame"].metadata["tags"]
    assert not any("3.2.3" in c.source for c in nb.cells if c.cell_type == "markdown")


def _texts(cell) -> str:
    out = []
    for output in cell.get("outputs", []):
        for kind in ("text/plain", "text/markdown"):
            value = output.get("data", {}).get(kind)
            if value:
                out.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(out)


def test_abb_06_by_cohort_in_one_cell_changes_table_chart_and_sentence(tmp_path, monkeypatch):
    """What a newcomer does in JupyterLab: `by=None` → `by="cohort"` in the frame cell of Abb. 6, run."""
    from nbclient import NotebookClient
    from evaluation.run.execute import kernel_name

    nb = nbformat.read(NOTEBOOK, as_version=4)
    index = {c.id: i for i, c in enumerate(nb.cells)}
    frame = nb.cells[index["20-abb06-frame"]]
    frame.source = frame.source.replace("by=None", 'by="cohort"')
    params = nb.cells[index["20-01"]]
    params.source = params.source.replace("output_dir = None", f"output_dir = {str(tmp_path / 'aus')!r}")
    probe = nbformat.v4.new_code_cell("print([t.get_text() for t in fig.legends[0].get_texts()])")
    probe.id = "probe"
    nb.cells.insert(index["20-abb06-chart"] + 1, probe)
    monkeypatch.setenv("EVALUATION_SCRATCH", str(tmp_path / "arbeitsordner"))  # the kernel inherits it
    NotebookClient(nb, kernel_name=kernel_name(), timeout=300,
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    cells = {c.id: c for c in nb.cells}
    table = _texts(cells["20-abb06-frame"])
    assert "Kohorte 2017" in table and "Kohorte 2020" in table
    chart = _texts(cells["20-abb06-chart"])
    assert "Kohorte 2018" in chart and "Gruppe" in chart  # the figure's data, as nbval and JupyterLab see them
    legend = "".join(cells["probe"].outputs[0]["text"])
    assert "Kohorte 2017" in legend and "Kohorte 2018" in legend and "Kohorte 2020" in legend
    sentence = _texts(cells["20-abb06-prose"])
    assert "**Kohorte 2017:**" in sentence and "**Kohorte 2020:**" in sentence and "(Abb. 6)" in sentence
    assert Path(tmp_path / "aus").exists()
    # the other figures stay as they were: only the changed cell's chain follows
    assert "Kohorte" not in _texts(cells["20-abb07-prose"])
