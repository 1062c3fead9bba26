"""Tabelle 1: the contractual items of section 2.2 and how many municipalities implemented each."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from evaluation import formatting as fmt
from evaluation.charts._drawing import table_figure

TITLE = "Tabelle 1: Analyse des vertraglich vorgegebenen Leistungsrahmens, n = {n}"
HEADERS = ["Nr.", "Vertragliche Vorgabe", "umgesetzt in … Kommunen", "Anteil", "Abgleich mit dem Text"]
# 3.2: "Es gab lediglich bei den jährlichen Fachtagungen und Workshops … Ausfälle oder Verschiebungen."
TEXT_GAP = "Lücke laut Text"
OTHER_GAP = "abweichend vom Text: Lücken nennt der Bericht nur bei Fachtagungen/Workshops"


def tab_01_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The German display table (also written as CSV): "22 von 22" and "100 %" as printed."""
    return pd.DataFrame({
        HEADERS[0]: table["Nr"].astype(int).to_numpy(),
        HEADERS[1]: table["item"].to_numpy(),
        HEADERS[2]: [f"{fmt.number(c)} von {fmt.number(m)}" for c, m in zip(table["count"], table["n"])],
        HEADERS[3]: [fmt.percent(s) for s in table["share"]],
        HEADERS[4]: [_against_text(c, m, gap) for c, m, gap in
                     zip(table["count"], table["n"], table.get("Lücke laut Text", [""] * len(table)))],
    })


def _against_text(count: int, n: int, gap_in_text: str) -> str:
    """Flag an item the data show as incomplete although the report's text names no gap there."""
    if count >= n:
        return "–"
    return TEXT_GAP if gap_in_text == "ja" else OTHER_GAP


def tab_01_leistungsrahmen(table: pd.DataFrame, *, n: int) -> Figure:
    """Each item the municipalities agreed to by contract (Koordinierungsstelle, Kooperation
    Jugendhilfe–Gesundheit, Steuerungsgruppe, …) with the number and share of municipalities
    that implemented it: shows that the contractual frame is implemented almost everywhere.

    table: columns Nr, item, count, n, share. Shares are printed as whole percent, as the
    report's text quotes them ("82 %").
    """
    frame = tab_01_frame(table)
    rows = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    return table_figure(TITLE.format(n=fmt.number(n)), HEADERS, rows,
                        widths=[0.06, 0.42, 0.16, 0.09, 0.27], align=["left", "left", "right", "right", "left"])
