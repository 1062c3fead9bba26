"""The data-quality overview of a build, in German, for Anlage C (notebook 00) and the run log."""
from __future__ import annotations

import pandas as pd

from evaluation import formatting as fmt
from evaluation.data.dataset import Dataset


def overview(dataset: Dataset) -> pd.DataFrame:
    """One row per raw file: rows read, duplicates dropped, cut by date, kept."""
    table = dataset.quality.copy()
    total = {"Quelle": "Summe", "Datei": ""}
    for column in table.columns[2:]:
        total[column] = int(table[column].sum())
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True).set_index("Quelle")


def summary(dataset: Dataset) -> str:
    """Two German sentences with the totals of the overview."""
    q = dataset.quality
    return (f"Stichtag {fmt.date(dataset.reporting_date)}: {len(q)} Rohdateien mit "
            f"{fmt.number(q['Zeilen gelesen'].sum())} Zeilen gelesen, "
            f"{fmt.number(q['Dubletten entfernt'].sum())} exakte Dubletten entfernt und "
            f"{fmt.number(q['nach Stichtag ausgeschlossen'].sum())} Datensätze ausgeschlossen, die nach dem "
            f"Stichtag datiert sind. Für die Auswertung stehen {fmt.number(q['Datensätze verwendet'].sum())} "
            "Datensätze zur Verfügung.")


def municipalities_by_type(dataset: Dataset) -> pd.DataFrame:
    """Participating municipalities at the reporting date by type and cohort (counts)."""
    m = dataset.municipalities
    table = pd.crosstab(m["type"], m["cohort"], margins=True, margins_name="Summe")
    table.index.name, table.columns.name = "Typ", "Kohorte"
    return table


def raw_files(dataset: Dataset) -> pd.DataFrame:
    """The overview per raw file with its SHA-256, so a reader can check which delivery a result rests on
    (Anlage C, befunde.xlsx). Not `provenance`: that name belongs to publication/provenance.py."""
    table = dataset.quality.copy()
    hashes = dataset.meta.get("raw_files", {})
    table["SHA-256"] = table["Datei"].map(lambda f: hashes.get(f, ""))
    return table


STALE_AFTER_DAYS = 92  # about a quarter: a quarterly run on data that stopped coming is called out


def stale_note(dataset: Dataset) -> str | None:
    """German warning when the reporting date lies more than a quarter after the last dated record."""
    end = dataset.meta.get("data_end")
    if not end:
        return None
    gap = (pd.Timestamp(dataset.reporting_date) - pd.Timestamp(end)).days
    if gap <= STALE_AFTER_DAYS:
        return None
    months = max(1, round(gap / 30.44))
    return (f"Die Daten reichen nur bis {fmt.date(end)}; der Stichtag {fmt.date(dataset.reporting_date)} liegt "
            f"{months} Monat{'e' if months != 1 else ''} danach. Alle Zahlen geben den Stand der Daten vom "
            f"{fmt.date(end)} wieder, nicht den des Stichtags.")
