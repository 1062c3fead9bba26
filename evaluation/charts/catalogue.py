"""Every figure and table of Werkreport 1 (and the QDA code matrix): its file stem, the finding
that feeds it, the chart that draws it, and its data as a reader reads them.

The notebooks draw each chart from the frame of their own cell; `draw(ds, key)` draws it straight from a
dataset (tests, scale checks), `data_table` gives the data as text beside the picture – nbval compares that
text, so a change in the data behind a chart fails the chart's cell.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt, metadata_files
from evaluation.findings import base, offers, participation, process_support, structures, tables
from evaluation.qda import matrix as qda_matrix
from evaluation.charts import style
from evaluation.charts.abb_01_praeventionskette import abb_01_praeventionskette, load_phases
from evaluation.charts import abb_02_foerderzeitraeume as abb_02
from evaluation.charts.abb_03_quoten import abb_03_quoten
from evaluation.charts.abb_04_wirkungsorientierung import abb_04_wirkungsorientierung
from evaluation.charts.abb_05_koordinierungsstelle import abb_05_koordinierungsstelle
from evaluation.charts.abb_06_oegd_jugendhilfe import abb_06_oegd_jugendhilfe
from evaluation.charts.abb_07_kita_schule import abb_07_kita_schule
from evaluation.charts.abb_08_jobcenter import abb_08_jobcenter
from evaluation.charts.abb_09_erhebungen import abb_09_erhebungen
from evaluation.charts.abb_10_kooperationsergebnisse import abb_10_kooperationsergebnisse, load_examples
from evaluation.charts.abb_11_angebotsarten import abb_11_angebotsarten
from evaluation.charts.abb_12_lebenslagen import abb_12_lebenslagen
from evaluation.charts.abb_13_altersgruppen import abb_13_altersgruppen
from evaluation.charts.abb_14_fachkraefteangebote import abb_14_fachkraefteangebote
from evaluation.charts.abb_15_fortbildungen import abb_15_fortbildungen
from evaluation.charts.qda_code_matrix import qda_code_matrix
from evaluation.charts.tab_01_leistungsrahmen import tab_01_frame, tab_01_leistungsrahmen
from evaluation.charts.tab_02_meilensteine import tab_02_frame, tab_02_meilensteine


@dataclass(frozen=True)
class Chart:
    stem: str
    data: Callable[[object], pd.DataFrame]
    draw: Callable[[object, pd.DataFrame], Figure]
    frame: Callable[[pd.DataFrame], pd.DataFrame] | None = None  # tables are also saved as CSV


def _n(ds) -> int:
    return base.n_municipalities(ds)


def _funding_periods(ds) -> pd.DataFrame:
    """Abb. 2's data: one row per model area, or per quarter, cohort and kind above abb_02.MAX_BARS."""
    periods = participation.funding_periods(ds)
    return periods if len(periods) <= abb_02.MAX_BARS else participation.funded_per_quarter(periods)


def _draw_funding(ds, table: pd.DataFrame) -> Figure:
    n = participation.model_areas_total(ds).numerator
    if "quarter" in table.columns:
        return abb_02.abb_02_per_quarter(table, n=n, reporting_date=ds.reporting_date)
    return abb_02.abb_02_foerderzeitraeume(table, n=n, reporting_date=ds.reporting_date)


def _code_matrix(ds) -> pd.DataFrame:
    """Coded segments per code and cohort, small cells suppressed (never a column per municipality)."""
    return qda_matrix.published(ds.document_segments, ds.municipalities)


def _draw_code_matrix(ds, table: pd.DataFrame) -> Figure:
    n = ds.document_segments["municipality_id"].nunique()  # municipalities with coded documents
    if table.columns.name == "Kohorte":
        return qda_code_matrix(table, title=f"Code-Matrix der Dokumentenanalyse, n = {fmt.number(n)} Kommunen "
                                            "(je Kohorte zusammengefasst)", aggregated=True)
    return qda_code_matrix(table, title=f"Code-Matrix der Dokumentenanalyse, n = {fmt.number(n)} Kommunen")


CHARTS: dict[str, Chart] = {
    "abb_01": Chart("abb_01_praeventionskette", lambda ds: load_phases(),
                    lambda ds, t: abb_01_praeventionskette(t)),
    "abb_02": Chart("abb_02_foerderzeitraeume", _funding_periods, _draw_funding),
    "abb_03": Chart("abb_03_quoten", participation.quotas, lambda ds, t: abb_03_quoten(t)),
    "abb_04": Chart("abb_04_wirkungsorientierung", structures.impact_orientation,
                    lambda ds, t: abb_04_wirkungsorientierung(t, n=_n(ds))),
    "abb_05": Chart("abb_05_koordinierungsstelle", structures.coordination_location,
                    lambda ds, t: abb_05_koordinierungsstelle(t, n=_n(ds))),
    "abb_06": Chart("abb_06_oegd_jugendhilfe",
                    lambda ds: structures.body_participation(ds, structures.BODIES["abb06"]),
                    lambda ds, t: abb_06_oegd_jugendhilfe(t, n=_n(ds))),
    "abb_07": Chart("abb_07_kita_schule",
                    lambda ds: structures.body_participation(ds, structures.BODIES["abb07"]),
                    lambda ds, t: abb_07_kita_schule(t, n=_n(ds))),
    "abb_08": Chart("abb_08_jobcenter",
                    lambda ds: structures.body_participation(ds, structures.BODIES["abb08"]),
                    lambda ds, t: abb_08_jobcenter(t, n=_n(ds))),
    "abb_09": Chart("abb_09_erhebungen", structures.analyses, lambda ds, t: abb_09_erhebungen(t, n=_n(ds))),
    "abb_10": Chart("abb_10_kooperationsergebnisse", lambda ds: load_examples(),
                    lambda ds, t: abb_10_kooperationsergebnisse(t)),
    "abb_11": Chart("abb_11_angebotsarten", offers.family_offers_by_kind,
                    lambda ds, t: abb_11_angebotsarten(t, n=len(ds.offers_families))),
    "abb_12": Chart("abb_12_lebenslagen", offers.family_offers_by_life_situation_and_kind,
                    lambda ds, t: abb_12_lebenslagen(t, n=len(ds.offers_families))),
    "abb_13": Chart("abb_13_altersgruppen", offers.family_offers_by_age_group_and_kind,
                    lambda ds, t: abb_13_altersgruppen(t, n=len(ds.offers_families))),
    "abb_14": Chart("abb_14_fachkraefteangebote", offers.professional_offers_by_kind,
                    lambda ds, t: abb_14_fachkraefteangebote(t, n=len(ds.offers_professionals))),
    "abb_15": Chart("abb_15_fortbildungen", process_support.trainings_by_year,
                    lambda ds, t: abb_15_fortbildungen(t, n=int(t["count"].sum()),
                                                       reporting_date=ds.reporting_date)),
    "tab_01": Chart("tab_01_leistungsrahmen", tables.contract_items,
                    lambda ds, t: tab_01_leistungsrahmen(t, n=_n(ds)), tab_01_frame),
    "tab_02": Chart("tab_02_meilensteine", tables.milestones,
                    lambda ds, t: tab_02_meilensteine(t, n=_n(ds)), tab_02_frame),
    "qda_matrix": Chart("qda_code_matrix", _code_matrix, _draw_code_matrix),
}
PERCENT_COLUMNS = ("share", "ci_low", "ci_high")


def label(key: str) -> str:
    """'Abb. 7', 'Tabelle 2' or the name of a chart beyond the report."""
    kind, _, number = key.partition("_")
    if kind == "abb":
        return f"Abb. {int(number)}"
    if kind == "tab":
        return f"Tabelle {int(number)}"
    return "Code-Matrix der Dokumentenanalyse"


RECONSTRUCTED_NOTE = "* rekonstruierte Kategorie: im Werkreport ohne eigene Zahl (siehe Anlage C)"


def reconstructed(key: str) -> dict[str, str]:
    """Categories of a chart that the report does not quantify (metadata/reconstructed_categories.csv) → note."""
    table = metadata_files.read("reconstructed_categories.csv")
    rows = table[table["Abbildung"] == key]
    return dict(zip(rows["Kategorie"], rows["Hinweis"]))


def mark_reconstructed(fig: Figure, key: str) -> Figure:
    """Put a '*' on the axis labels of reconstructed categories and explain it under the chart."""
    marked = reconstructed(key)
    if not marked:
        return fig
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    if not set(labels) & set(marked):
        return fig
    ax.set_yticks(ax.get_yticks(), [f"{t} *" if t in marked else t for t in labels])
    source = fig.get_supxlabel()
    fig.supxlabel(f"{RECONSTRUCTED_NOTE}\n{source}", x=0.0, ha="left", fontsize=7, color=style.GREY)
    return fig


def _cell(column: str, value) -> str:
    if value is None or (isinstance(value, str) and not value.strip()) or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if column in PERCENT_COLUMNS:
        return fmt.percent(float(value), 1)
    if isinstance(value, pd.Timestamp):
        return fmt.date(value.strftime("%Y-%m-%d"))
    if isinstance(value, pd.Period):
        return f"{value.quarter}. Quartal {value.year}"
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return "ja" if value else "nein"
    if isinstance(value, float):
        return fmt.number(value, 0 if value.is_integer() else 2)
    return str(value)


def data_table(ds, key: str, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """The chart's data as a reader reads them: German headers, German numbers, one row per drawn element."""
    data = CHARTS[key].data(ds) if data is None else data
    if data.index.name:
        data = data.reset_index()
    german = dict(zip(*metadata_files.read("chart_columns.csv")[["Spalte", "Deutsch"]].T.values))
    shown = pd.DataFrame({german.get(c, c): [_cell(c, v) for v in data[c]] for c in data.columns})
    marked = reconstructed(key)
    if marked:
        first = data.columns[0]
        shown["Beleg"] = ["rekonstruiert" if v in marked else "Werkreport" for v in data[first]]
    return shown


def draw(ds, key: str, folder: Path | None = None) -> Figure:
    """Compute the figure's data from `ds`, draw it, and save PNG+SVG (+CSV for tables) into `folder` if given.

    The notebooks draw each chart from the frame of their own cell; this one call serves checks that want
    the chart of a dataset as it is.
    """
    chart = CHARTS[key]
    data = chart.data(ds)
    fig = mark_reconstructed(chart.draw(ds, data), key)
    if folder is not None:
        style.save(fig, folder, chart.stem)
        if chart.frame is not None:
            from evaluation.publication import excel_csv
            excel_csv.write(excel_csv.numbers_from_text(chart.frame(data)), Path(folder) / f"{chart.stem}.csv")
    return fig
