"""Abb. 9–15 and Tabellen 1–2: caption with n, deterministic files, German number format."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from evaluation.charts.captions import caption as charts_caption
from matplotlib.figure import Figure
from matplotlib.text import Text

from evaluation.charts import style
from evaluation.charts.abb_09_erhebungen import abb_09_erhebungen
from evaluation.charts.abb_10_kooperationsergebnisse import AREAS, abb_10_kooperationsergebnisse, load_examples
from evaluation.charts.abb_11_angebotsarten import abb_11_angebotsarten
from evaluation.charts.abb_12_lebenslagen import abb_12_lebenslagen
from evaluation.charts.abb_13_altersgruppen import abb_13_altersgruppen
from evaluation.charts.abb_14_fachkraefteangebote import abb_14_fachkraefteangebote
from evaluation.charts.abb_15_fortbildungen import abb_15_fortbildungen
from evaluation.charts.tab_01_leistungsrahmen import tab_01_frame, tab_01_leistungsrahmen
from evaluation.charts.tab_02_meilensteine import tab_02_frame, tab_02_meilensteine

NBSP = "\u00a0"
ENGLISH_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])")  # "90.9" but not "1.234" or "31.03.2022"


def _with_share(rows: dict, n: int) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    return table.assign(share=table["count"] / n)


def _texts(fig: Figure) -> list[str]:
    fig.draw_without_rendering()  # tick labels get their (German) text only when drawn
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _svg(fig: Figure, folder, stem: str) -> bytes:
    paths = style.save(fig, folder, stem)
    return next(p for p in paths if p.suffix == ".svg").read_bytes()


def analyses():
    return _with_share({"analysis": ["Bestandsaufnahme/-analyse", "Bedarfsbestimmung", "Bedarfserhebung",
                                     "Bedürfniserhebung"], "count": [22, 20, 18, 10]}, 22)


def kinds():
    return _with_share({"kind": ["Beratung und Begleitung", "Bildung", "Soziale Teilhabe", "Gesundheitsförderung",
                                 "Information"], "count": [15, 10, 8, 6, 4]}, 43)


def life_situations():
    return _with_share({"life_situation": ["materiell", "sozial", "kulturell", "gesundheitlich"],
                        "label": ["Materielle Lage", "Soziale Lage", "Kulturelle Lage", "Gesundheitliche Lage"],
                        "count": [3, 20, 30, 25]}, 43)


def age_groups():
    return _with_share({"age_group": ["0 bis 3 Jahre", "3 bis 6 Jahre", "6 bis 10 Jahre", "altersübergreifend"],
                        "count": [5, 14, 7, 17]}, 43)


def professional_kinds():
    return _with_share({"kind": ["Fachtag", "Handlungshilfe", "Schulung", "Informationsmedium",
                                 "Qualifizierungsreihe"], "count": [25, 20, 12, 10, 6]}, 73)


def trainings(partial: bool = True):
    rows = [(2017, "Präsenz", 1), (2019, "Präsenz", 3), (2020, "digital", 5), (2020, "Präsenz", 1),
            (2021, "digital", 11), (2021, "hybrid", 2), (2022, "digital", 4), (2022, "ohne Angabe", 2)]
    table = pd.DataFrame(rows, columns=["year", "format", "count"])
    return table.assign(partial_year=partial & (table["year"] == 2022))


def contract_items():
    items = ["Einrichtung einer Koordinierungsstelle zum Auf- oder Ausbau der Präventionskette",
             "Aufbau einer Kooperation zwischen Kinder- und Jugendhilfe und Gesundheitsbereich",
             "Einholen eines politischen Beschlusses"]
    table = pd.DataFrame({"Nr": ["1", "2", "3"], "item": items, "count": [22, 18, 12], "n": 22})
    return table.assign(share=table["count"] / table["n"])


def milestones():
    table = pd.DataFrame({"Nr": ["1", "2", "3"], "Phase": ["Jahr 1", "Jahr 1", "Jahr 2"],
                          "item": ["Koordinierungsstelle eingerichtet", "Bedarfsbestimmung durchgeführt",
                                   "IMPACT-Ziel partizipativ entwickelt"],
                          "count": [22, 20, 21], "n": 22})
    return table.assign(share=table["count"] / table["n"])


# (draw, caption start, n text, a German-formatted label the chart must show)
CASES = {
    "abb_09": (lambda: abb_09_erhebungen(analyses(), n=22), "Abb. 9:", "n = 22", f"20 von 22 (90,9{NBSP}%)"),
    "abb_11": (lambda: abb_11_angebotsarten(kinds(), n=43), "Abb. 11:", "n = 43", f"15 (34,9{NBSP}%)"),
    "abb_12": (lambda: abb_12_lebenslagen(life_situations(), n=43), "Abb. 12:", "n = 43", f"3 (7,0{NBSP}%)"),
    "abb_13": (lambda: abb_13_altersgruppen(age_groups(), n=43), "Abb. 13:", "n = 43", f"17 (39,5{NBSP}%)"),
    "abb_14": (lambda: abb_14_fachkraefteangebote(professional_kinds(), n=73), "Abb. 14:", "n = 73",
               f"25 (34,2{NBSP}%)"),
    "abb_15": (lambda: abb_15_fortbildungen(trainings(), n=29, reporting_date="2022-03-31"), "Abb. 15:", "n = 29",
               "* nur bis Stichtag 31.03.2022 (Teiljahr)"),
    "tab_01": (lambda: tab_01_leistungsrahmen(contract_items(), n=22), "Tabelle 1:", "n = 22", f"82{NBSP}%"),
    "tab_02": (lambda: tab_02_meilensteine(milestones(), n=22), "Tabelle 2:", "n = 22", f"91{NBSP}%"),
}


@pytest.mark.parametrize("key", sorted(CASES))
def test_caption_with_n(key):
    draw, start, n_text, _ = CASES[key]
    fig = draw()
    assert isinstance(fig, Figure)
    assert fig.get_suptitle() == ""  # the caption is text beside the picture, not drawn into it
    title = charts_caption(key, n=int(n_text.removeprefix("n = ")))
    assert title.startswith(start) and n_text in title


@pytest.mark.parametrize("key", sorted(CASES))
def test_same_input_same_svg(key, tmp_path):
    draw = CASES[key][0]
    assert _svg(draw(), tmp_path / "a", key) == _svg(draw(), tmp_path / "b", key)


@pytest.mark.parametrize("key", sorted(CASES))
def test_german_number_format(key):
    draw, _, _, label = CASES[key]
    texts = _texts(draw())
    assert label in texts
    assert not [t for t in texts if ENGLISH_DECIMAL.search(t)]
    assert not [t for t in texts if re.search(r"\d ?%", t)]  # "54,5\u00a0%": no-break space before %


def test_abb_09_counts_out_of_n():
    texts = _texts(abb_09_erhebungen(analyses(), n=22))
    assert f"10 von 22 (45,5{NBSP}%)" in texts


def test_abb_12_notes_multiple_assignment():
    texts = _texts(abb_12_lebenslagen(life_situations(), n=43))
    assert any(t.startswith("Mehrfachzuordnung möglich") and "100" in t for t in texts)


def test_abb_10_examples_and_diagram(tmp_path):
    examples = load_examples()
    assert list(examples.columns) == ["Bereich", "Beispiel", "Abschnitt"]
    assert set(examples["Bereich"]) == set(AREAS)
    assert examples["Abschnitt"].str.fullmatch(r"3\.2(\.\d)*").all()
    fig = abb_10_kooperationsergebnisse(examples)
    assert charts_caption("abb_10").startswith("Abb. 10: Exemplarische Ergebnisse der ressort- und sektorenübergreifenden")
    drawn = " ".join(_texts(fig))
    for area in AREAS:
        assert area.split()[-1] in drawn
    assert "Stadtteilsprechstunde" in drawn and "BuT-Servicestelle" in drawn
    assert _svg(fig, tmp_path / "a", "abb_10") == _svg(abb_10_kooperationsergebnisse(examples), tmp_path / "b", "abb_10")


def test_abb_10_rejects_unknown_area():
    bad = pd.DataFrame({"Bereich": ["Sonstiges"], "Beispiel": ["x"], "Abschnitt": ["3.2"]})
    with pytest.raises(ValueError):
        abb_10_kooperationsergebnisse(bad)


def _xticks(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_xticklabels()]


def test_abb_15_partial_year_marked_only_when_flagged():
    marked = abb_15_fortbildungen(trainings(partial=True), n=29, reporting_date="2022-03-31")
    assert _xticks(marked)[-1] == "2022*"
    assert "* nur bis Stichtag 31.03.2022 (Teiljahr)" in _texts(marked)
    assert any(p.get_hatch() for p in marked.axes[0].patches)

    full = abb_15_fortbildungen(trainings(partial=False), n=29, reporting_date="2022-12-31")
    assert _xticks(full)[-1] == "2022"
    assert not any("*" in t for t in _texts(full))
    assert not any(p.get_hatch() for p in full.axes[0].patches)


def test_abb_15_every_year_and_pandemic_marker():
    fig = abb_15_fortbildungen(trainings(), n=29, reporting_date="2022-03-31")
    assert _xticks(fig) == ["2017", "2018", "2019", "2020", "2021", "2022*"]
    annotations = [t.get_text() for t in fig.axes[0].texts]
    assert annotations[:6] == ["1", "0", "3", "6", "13", "6"]  # totals above the bars, 2018 with 0
    assert "Beginn der Pandemie" in annotations


def test_abb_15_rejects_unknown_format():
    table = trainings().assign(format="Webinar")
    with pytest.raises(ValueError):
        abb_15_fortbildungen(table, n=29, reporting_date="2022-03-31")


def test_table_frames_are_german():
    frame = tab_01_frame(contract_items())
    assert list(frame.columns) == ["Nr.", "Vertragliche Vorgabe", "umgesetzt in … Kommunen", "Anteil",
                                   "Abgleich mit dem Text"]
    assert frame.iloc[1].tolist() == [2, contract_items()["item"][1], "18 von 22", f"82{NBSP}%",
                                      "abweichend vom Text: Lücken nennt der Bericht nur bei Fachtagungen/Workshops"]
    assert frame.iloc[0, 4] == "–"
    assert frame.iloc[2, 3] == f"55{NBSP}%"  # 12/22 = 54,545… rounds half-up to 55
    frame2 = tab_02_frame(milestones())
    assert list(frame2.columns) == ["Nr.", "Phase (rekonstruiert)", "Meilenstein",
                                    "erreicht in … Kommunen (Auswertung)", "Anteil"]
    assert frame2["erreicht in … Kommunen (Auswertung)"].tolist() == ["22 von 22", "20 von 22", "21 von 22"]


def test_tab_02_prints_each_phase_once():
    texts = _texts(tab_02_meilensteine(milestones(), n=22))
    assert texts.count("Jahr 1") == 1 and texts.count("Jahr 2") == 1


def test_abb_15_legend_reads_like_the_bars_and_the_footnote_stands_clear():
    """The legend said „digital“ beside bars labelled „Digital“, and the partial-year footnote overlapped it."""
    fig = abb_15_fortbildungen(trainings(partial=True), n=29, reporting_date="2022-03-31")
    ax = fig.axes[0]
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert all(label[:1].isupper() for label in labels), labels
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert not legend.get_window_extent(renderer).overlaps(ax.xaxis.label.get_window_extent(renderer))
