"""Charts Abb. 1–8: a Figure with the report's caption and n, byte-identical SVGs, German numbers."""
from __future__ import annotations

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from evaluation.charts.captions import caption as charts_caption
from matplotlib.figure import Figure
from matplotlib.text import Text

from evaluation.charts import style
from evaluation.charts.abb_01_praeventionskette import abb_01_praeventionskette, load_phases
from evaluation.charts.abb_02_foerderzeitraeume import abb_02_foerderzeitraeume
from evaluation.charts.abb_03_quoten import abb_03_quoten
from evaluation.charts.abb_04_wirkungsorientierung import abb_04_wirkungsorientierung
from evaluation.charts.abb_05_koordinierungsstelle import abb_05_koordinierungsstelle
from evaluation.charts.abb_06_oegd_jugendhilfe import abb_06_oegd_jugendhilfe
from evaluation.charts.abb_07_kita_schule import abb_07_kita_schule
from evaluation.charts.abb_08_jobcenter import abb_08_jobcenter

NBSP = "\u00a0"


def _shares(rows: list[tuple[str, int]], column: str, n: int) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=[column, "count"])
    return table.assign(share=table["count"] / n)


def phases() -> pd.DataFrame:
    return pd.DataFrame({"Reihenfolge": [1, 2, 3],
                         "Lebensphase": ["Rund um die Geburt", "Kita", "Grundschule"],
                         "Alter": ["vor und nach der Geburt", "3 bis 6 Jahre", "6 bis 10 Jahre"],
                         "Orte und Angebote": ["Familie, Frühe Hilfen", "Familie, Kita", "Schule, Stadtteil"],
                         "Übergang": ["Übergang in die Kita", "Übergang von der Kita in die Schule", ""]})


def periods() -> pd.DataFrame:
    ts = pd.Timestamp
    return pd.DataFrame([
        ("Stadt A (Modellraum)", "Stadt A", "Programmgebiet", 2017, ts("2017-01-01"), ts("2019-12-31")),
        ("Stadtteil A-Nord", "Stadt A", "Vertiefung", 2017, ts("2020-01-01"), ts("2021-12-31")),
        ("Landkreis B (Modellraum)", "Landkreis B", "Programmgebiet", 2018, ts("2018-02-01"), ts("2021-01-31")),
        ("Landkreis C (Modellraum)", "Landkreis C", "Programmgebiet", 2020, ts("2020-01-01"), ts("2022-12-31")),
    ], columns=["model_area", "municipality", "kind", "cohort", "start", "end"])


def quotas() -> pd.DataFrame:
    table = pd.DataFrame({"category": ["Landkreise*", "Kreisfreie Städte"], "participating": [11, 5],
                          "total": [37, 8]})
    return table.assign(share=table["participating"] / table["total"])


# key: (draw, caption as printed in the report, n in the caption or None, a German label that must appear)
CASES = {
    "abb_01": (lambda: abb_01_praeventionskette(phases()),
               "Abb. 1: Systematischer Auf- und Ausbau einer Präventionskette", None,
               "Übergang von der Kita in die Schule"),
    "abb_02": (lambda: abb_02_foerderzeitraeume(periods(), n=4, reporting_date="2022-03-31"),
               "Abb. 2: Programmkommunen und ihre Förderzeiträume, n = 4", 4, "Stichtag 31.03.2022"),
    "abb_03": (lambda: abb_03_quoten(quotas()),
               "Abb. 3: Übersicht über Quoten beteiligter Landkreise* und kreisfreier Städte in % zu deren "
               "Gesamtzahl in Niedersachsen", None, f"5 von 8 (63{NBSP}%)"),   # 62,5 % rounded half-up
    "abb_04": (lambda: abb_04_wirkungsorientierung(_shares([("Ja", 20), ("Nein", 2)], "answer", 22), n=22),
               "Abb. 4: Stand der Umsetzung der wirkungsorientierten Arbeitsweise in den Kommunen, n = 22", 22,
               f"20 (90,9{NBSP}%)"),
    "abb_05": (lambda: abb_05_koordinierungsstelle(_shares([("Jugendamt", 12), ("Sozialamt", 6),
                                                            ("Bildungsbereich", 4)], "department", 22), n=22),
               "Abb. 5: Verortung der Koordinierungsstellen nach Fachämtern bzw. Ressorts, n = 22", 22,
               f"12 (54,5{NBSP}%)"),
    "abb_06": (lambda: abb_06_oegd_jugendhilfe(_shares([("Kinder- und Jugendhilfe", 22), ("ÖGD", 18)], "body", 22),
                                               n=22),
               "Abb. 6: Beteiligung des ÖGD und des Kinder- und Jugendhilfebereichs an Gremien in % der Kommunen, "
               "n = 22", 22, f"18 (81,8{NBSP}%)"),
    "abb_07": (lambda: abb_07_kita_schule(_shares([("Kitafach- und Leitungskräfte", 16),
                                                   ("Kommunale Kitafachdienste", 19),
                                                   ("Schulleitungen und Schulsozialarbeit", 8)], "body", 22), n=22),
               "Abb. 7: Beteiligung Kitabereich und Schul-/Bildungsbereich an Gremien in % der Kommunen, n = 22", 22,
               f"16 (72,7{NBSP}%)"),
    "abb_08": (lambda: abb_08_jobcenter(_shares([("Kinder- und Jugendhilfe", 22), ("ÖGD", 18), ("Jobcenter", 10)],
                                                "body", 22), n=22),
               "Abb. 8: Beteiligung des Kinder- und Jugendhilfebereichs und des ÖGD an Gremien, ergänzt um die "
               "Beteiligung des Jobcenters in % der Kommunen, n = 22", 22, f"10 (45,5{NBSP}%)"),
}


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]


def _one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("key", list(CASES))
def test_figure_caption_and_n(key):
    draw, caption, n, _ = CASES[key]
    fig = draw()
    assert isinstance(fig, Figure)
    assert fig.get_suptitle() == ""  # the caption is text beside the picture, not drawn into it
    title = charts_caption(key, n=n) if n is not None else charts_caption(key)
    assert title.startswith(f"Abb. {int(key[-2:])}:")
    assert title == caption   # the report's caption
    if n is not None:
        assert title.endswith(f"n = {n}")


@pytest.mark.parametrize("key", list(CASES))
def test_svg_is_byte_identical(key, tmp_path):
    draw = CASES[key][0]
    first = style.save(draw(), tmp_path / "a", key)
    second = style.save(draw(), tmp_path / "b", key)
    assert [p.name for p in first] == [f"{key}.png", f"{key}.svg"]
    assert first[1].read_bytes() == second[1].read_bytes()


@pytest.mark.parametrize("key", list(CASES))
def test_german_labels(key, tmp_path):
    draw, _, _, label = CASES[key]
    fig = draw()
    style.save(fig, tmp_path, key)   # drawing fills in the tick labels
    texts = _texts(fig)
    assert any(label in t for t in texts), texts
    assert not any("." in t and t.replace(".", "").replace(" ", "").isdigit() for t in texts)  # no 0.5-style numbers


def test_percent_axis_is_german(tmp_path):
    fig = CASES["abb_05"][0]()
    style.save(fig, tmp_path, "abb_05")
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == [f"{v}{NBSP}%" for v in (0, 25, 50, 75, 100)]


def test_abb_01_reads_the_reconstructed_table():
    table = load_phases()
    assert list(table.columns) == ["Reihenfolge", "Lebensphase", "Alter", "Orte und Angebote", "Übergang"]
    assert table["Lebensphase"].iloc[0] == "Rund um die Geburt"
    assert table["Lebensphase"].iloc[-1] == "Berufseinstieg"
    assert table["Übergang"].iloc[-1] == "" and (table["Übergang"].iloc[:-1] != "").all()
    texts = _texts(abb_01_praeventionskette(table))
    assert all(any(phase in t.replace("\n", " ") for t in texts) for phase in table["Lebensphase"])


def test_abb_02_rows_in_order_deepening_hatched():
    fig = CASES["abb_02"][0]()
    ax = fig.axes[0]
    labels = [t.get_text() for t in sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])]
    assert labels == ["Stadt A", "Stadtteil A-Nord", "Landkreis B", "Landkreis C"]   # first row on top
    bars = [p for p in ax.patches if p.get_height() > 0.5]
    hatched = [p for p in bars if p.get_hatch()]
    assert len(bars) == 4 and len(hatched) == 1


def test_abb_08_highlights_the_jobcenter():
    fig = CASES["abb_08"][0]()
    bars = sorted(fig.axes[0].patches, key=lambda p: -p.get_y())   # top to bottom = table order
    colours = [mcolors.to_hex(p.get_facecolor()) for p in bars]
    assert colours == [mcolors.to_hex(style.PALETTE[0])] * 2 + [mcolors.to_hex(style.PALETTE[1])]
