"""The chapter plan: which text, figure and table each chapter shows, in the report's order.

Read by both readers of the report — each chapter notebook shows its sections with
`show(ds, key, folder)`, and the HTML report renders every section once, in this order — so a
notebook and the HTML cannot drift apart. Blocks hold the functions themselves, never names.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Union

import pandas as pd

from evaluation.prose import narrative
from evaluation.data import quality
from evaluation.findings import uncertainty
from evaluation.publication import findings_table, reconciliation
from evaluation.qda import matrix


@dataclass(frozen=True)
class Text:
    """German prose (Markdown) computed from the dataset."""
    render: Callable[[object], str]


@dataclass(frozen=True)
class Figure:
    """A chart of charts.CHARTS, by its key ('abb_07', 'tab_01', 'qda_matrix')."""
    key: str


@dataclass(frozen=True)
class Table:
    """A table a reader reads (German headers, German numbers) and its caption."""
    render: Callable[[object], pd.DataFrame]
    caption: str


Block = Union[Text, Figure, Table]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    notebook: str
    blocks: tuple[Block, ...]


def _trend_text(ds) -> str:
    return uncertainty.trend_text(uncertainty.trainings_trend(ds), ds.reporting_date)


def _trend_table(ds) -> pd.DataFrame:
    years = uncertainty.trainings_trend(ds).years
    return years.rename(columns={"year": "Jahr", "count": "Fortbildungen", "months": "Monate beobachtet"})


def _findings(ds) -> pd.DataFrame:
    return findings_table.german_findings(reconciliation.findings_table(ds)[0])


def _findings_summary(ds) -> str:
    return narrative.findings_summary(*reconciliation.findings_table(ds)) + "\n\n" + narrative.small_n(ds)


def _audit(ds) -> pd.DataFrame:
    return findings_table.german_audit(reconciliation.findings_table(ds)[1])


def _audit_text(ds) -> str:
    return narrative.audit_text(reconciliation.findings_table(ds)[1])


def _codes_present(ds) -> pd.DataFrame:
    presence = matrix.code_matrix(ds.document_segments, presence=True)
    return presence.sum(axis=1).rename("Kommunen mit Code").reset_index()


def _agreement_text(ds) -> str:
    return narrative.agreement(ds)[0]


def _agreement_table(ds) -> pd.DataFrame:
    table = narrative.agreement(ds)[1]
    return table if table is not None else pd.DataFrame()



def _quote_boxes(section: str) -> Callable[[object], str]:
    def render(ds) -> str:
        return narrative.quote_boxes(ds, section)
    return render


PLAN: tuple[Section, ...] = (
    Section("1", "1 Hintergrund: die Präventionskette", "10_inanspruchnahme", (Figure("abb_01"),)),
    Section("3.1", "3.1 Inanspruchnahme des Programms", "10_inanspruchnahme",
            (Text(narrative.participation), Figure("abb_02"), Figure("abb_03"))),
    Section("3.2", "3.2 Wirkungen in kommunalen Strukturen: Tabelle 1 und 2", "20_strukturen",
            (Figure("tab_01"), Figure("tab_02"))),
    Section("3.2.1", "3.2.1 Strategieentwicklung und Strukturaufbau", "20_strukturen",
            (Text(narrative.strategy), Figure("abb_04"), Figure("abb_05"))),
    Section("3.2.1.2", "3.2.1.2 Ressort- und sektorenübergreifende Zusammenarbeit", "20_strukturen",
            (Text(narrative.cooperation), Figure("abb_06"), Figure("abb_07"), Figure("abb_08"), Figure("abb_09"),
             Figure("abb_10"))),
    Section("3.2.2", "3.2.2 Angebote für Familien und Fachkräfte", "21_angebote",
            (Text(narrative.offers_text), Figure("abb_11"), Figure("abb_12"), Figure("abb_13"), Figure("abb_14"))),
    Section("3.2.3", "3.2.3 Auswirkungen von Corona", "20_strukturen", (Text(narrative.pandemic_text),)),
    Section("3.3", "3.3 Leistungsbilanz der Prozessbegleitung", "30_prozessbegleitung",
            (Text(narrative.process_support_text), Figure("abb_15"), Text(_trend_text),
             Table(_trend_table, "Fortbildungen je Jahr und beobachtete Monate"))),
    Section("3.3.6", "3.3.6 Bewertung der Prozessbegleitung durch die Kommunen", "30_prozessbegleitung",
            (Text(narrative.satisfaction_text), Text(_quote_boxes("3.3.6")))),
    Section("3.4", "3.4 Nachhaltigkeit", "40_nachhaltigkeit",
            (Text(narrative.sustainability_text), Text(_quote_boxes("3.4")))),
    Section("qda", "Qualitative Codierung: Code-Matrix und Intercoder-Übereinstimmung", "35_qualitative_codierung",
            (Figure("qda_matrix"), Table(_codes_present, "Kommunen je Code"), Text(_agreement_text),
             Table(_agreement_table, "Übereinstimmung je Code"))),
    Section("4", "4 Kennzahlen im Vergleich mit dem Werkreport", "50_fazit",
            (Text(_findings_summary), Table(_findings, "Befundtabelle"))),
    Section("4.audit", "Konsistenzprüfung des Werkreports", "50_fazit",
            (Text(_audit_text), Table(_audit, "Prüfregeln und Befunde"))),
    Section("daten", "Datenherkunft und Datenqualität", "00_datenaufbereitung",
            (Text(quality.summary), Table(quality.overview, "Datenqualität je Rohdatei"),
             Table(quality.municipalities_by_type, "Programmkommunen nach Typ und Kohorte"),
             Table(quality.raw_files, "Rohdateien mit Prüfsumme (SHA-256)"))),
)
SECTIONS = {section.key: section for section in PLAN}


def sections_of(notebook: str) -> list[Section]:
    return [s for s in PLAN if s.notebook == notebook]


def show(ds, key: str, folder: Path) -> None:
    """Display one section in a notebook: its texts, figures (saved into `folder`) and tables."""
    from IPython.display import Markdown, display

    from evaluation import charts
    for block in SECTIONS[key].blocks:
        if isinstance(block, Text):
            display(Markdown(block.render(ds)))
        elif isinstance(block, Figure):
            display(charts.show(ds, block.key, folder))
        else:
            # the whole table, every note in full: a notebook reader must not see less than the HTML reader
            with pd.option_context("display.max_colwidth", None, "display.max_rows", None,
                                   "display.max_columns", None):
                display(indexed(block.render(ds)))


def indexed(frame: pd.DataFrame) -> pd.DataFrame:
    """A table with its first column as row labels (a bare 0, 1, 2 … means nothing to a reader)."""
    if isinstance(frame.index, pd.RangeIndex) and len(frame.columns) > 1:
        return frame.set_index(frame.columns[0])
    return frame
