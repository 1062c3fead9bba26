"""reports/comparison/: how each key figure developed over several reporting dates (table and line chart).

comparison.csv is for people (German Excel CSV, excel_csv.py); it reads each date's findings from the machine
twin findings.json (findings_table.read)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

from evaluation import formatting as fmt, paths
from evaluation.data.dataset import replace_dir
from evaluation.publication import excel_csv, findings_table
from evaluation.publication.registry import labels

# Key figures of the line chart: counts that grow as the programme proceeds.
FILE = "comparison.csv"
KEY_FIGURES = {"municipalities_total": "Programmkommunen", "model_areas_total": "Modellräume",
               "offers_families": "Angebote für Familien", "offers_professionals": "Angebote für Fachkräfte",
               "trainings_coordinators": "Fortbildungen", "talks_in_municipalities": "Vorträge"}


def table(dates: list[str], output_dir: Path | None = None) -> pd.DataFrame:
    """One row per published figure, one column per date (the German display value)."""
    out = Path(output_dir) if output_dir else paths.project_root()
    columns = {}
    for date in sorted(dates):
        findings = findings_table.read(paths.output_layout(out, date)["reports"])[0].set_index("id")
        columns[fmt.date(date)] = findings["display"].str.replace("-", "–")  # '2-3' German Excel reads as a date
        ids = findings["place"]
    result = pd.DataFrame(columns)
    result.insert(0, "Fundstelle", ids)
    result.index = result.index.map(labels())
    result.index.name = "Kennzahl"
    return result


def chart(dates: list[str], output_dir: Path | None = None):
    from evaluation.charts import style
    out = Path(output_dir) if output_dir else paths.project_root()
    rows = []
    for date in sorted(dates):
        findings = findings_table.read(paths.output_layout(out, date)["reports"])[0].set_index("id")
        for key, label in KEY_FIGURES.items():
            rows.append((pd.Timestamp(date), label, findings.at[key, "numerator"]))
    data = pd.DataFrame(rows, columns=["date", "figure", "value"])
    fig, ax = style.figure(3.6)
    for i, (label, group) in enumerate(data.groupby("figure", sort=False)):
        ax.plot(group["date"], group["value"], marker="o", color=style.PALETTE[i % len(style.PALETTE)], label=label)
    stamps = sorted(data["date"].unique())
    ax.set_xticks(stamps, [fmt.date(pd.Timestamp(t).strftime("%Y-%m-%d")) for t in stamps])  # the dates, not months
    ax.tick_params(axis="x", labelsize=7, labelrotation=30 if len(stamps) > 4 else 0)
    ax.set_ylabel("Anzahl")
    style.number_axis(ax.yaxis)
    ax.legend(fontsize=7, frameon=False, ncols=3, loc="upper left")
    style.caption(fig, f"Entwicklung zentraler Kennzahlen über {len(dates)} Stichtage "
                       f"({fmt.date(min(dates))} bis {fmt.date(max(dates))})")
    return fig


def write(dates: list[str], output_dir: Path | None = None) -> Path:
    """Write comparison.csv (German Excel CSV) and the line chart into reports/comparison/ (atomically)."""
    from evaluation.charts import style
    out = Path(output_dir) if output_dir else paths.project_root()
    target = out / "reports" / "comparison"
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = paths.normal_mode(Path(tempfile.mkdtemp(prefix=".comparison-", dir=target.parent)))
    try:
        excel_csv.write(table(dates, out), staging / FILE)
        style.save(chart(dates, out), staging, "kennzahlen_verlauf")
        replace_dir(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
