"""German prose of the Anlagen (findings against the Werkreport, qualitative coding, data and methods),
every number computed from the frame it is given.

Prose sits above publication/ in the flow and does not import it: the statuses and audit results it
reads ("reproduziert", "Widerspruch", …) are the German values those frames carry.
"""
from __future__ import annotations

import re

import pandas as pd

from evaluation import formatting as fmt
from evaluation.findings import uncertainty
from evaluation.prose import _text as t
from evaluation.reporting_date import DEFAULT as REPORT_DATE

REPRODUCED, ROUNDING, DIFFERS_AUDIT, DIFFERS, NO_DATA, OTHER_DATE = (
    "reproduziert", "Rundungsdifferenz", "abweichend (Prüfbefund)", "abweichend", "keine Daten zum Stichtag",
    "anderer Stichtag")
CONTRADICTION, NOTE, OK = "Widerspruch", "Hinweis", "stimmig"
# Abbreviations the code system uses (code paths, labels) and what they stand for, explained at first use
ABBREVIATIONS = {"LKS": "die Landeskoordinierungsstelle"}
TEST_CODER_SUFFIX = "-TEST"  # as qda.quotes: a second coding made only to test the measures

_TYPES = {"kreisfreie Stadt": ("eine kreisfreie Stadt", "kreisfreie Städte"),
          "Landkreis": ("ein Landkreis", "Landkreise"),
          "Region": ("eine Region", "Regionen"),
          "Stadt": ("eine weitere Stadt", "weitere Städte"),
          "Samtgemeinde": ("eine Samtgemeinde", "Samtgemeinden")}


# the shared helpers of evaluation.prose._text: 'drei', 'keine Regel', 'drei Regeln', 'a, b und c', 'Drei'
_word = t.number
_count = t.amount
_listing = t.listing
_capital = t.capital


def _pronoun(n: int) -> str:
    """A feminine count standing alone ('keine', 'eine', 'drei', '21'): of 26 rules 'sind 21 stimmig'."""
    return {0: "keine", 1: "eine"}.get(int(n)) or _word(n)


def _markdown(text: str) -> str:
    """A code path as Markdown text: its backslashes escaped, else pandoc reads "\\Haltung" as a TeX command
    and drops it from the report."""
    return str(text).replace("\\", "\\\\")


def stale_warning(note: str | None) -> str:
    """The stale-data warning as the reader sees it at the top of the Anlagen; '' when the data are current."""
    return f"**Achtung, veralteter Datenstand:** {note}" if note else ""


# --- Anlage A: findings against the Werkreport ----------------------------------------------------------

def findings_summary(findings: pd.DataFrame, reporting_date: str) -> str:
    """How many published values the data reproduce, which differ only by rounding, which differ otherwise.

    `findings`: one row per published value with `label` (or `id`), `outcome` and `rounding`
    (publication.appendix.compared)."""
    n = len(findings)
    if n == 0:
        return "Für diesen Stichtag gibt es keine veröffentlichten Werte zum Vergleich."
    name = findings["label"] if "label" in findings else findings["id"]
    outcome = findings["outcome"]
    missing = findings[outcome == NO_DATA]
    gaps = (f"Zum Stichtag fehlen die Daten für {_count(len(missing), 'Wert', 'Werte', one='einen', none='keinen')}: "
            f"{_listing(list(name[missing.index]))}." if len(missing) else "")
    if reporting_date != REPORT_DATE:
        return " ".join(t for t in (
            f"Der Werkreport 1 gibt den Stand vom {fmt.date(REPORT_DATE)} wieder, diese Auswertung den Stand "
            f"vom {fmt.date(reporting_date)}. Die Tabelle stellt die {fmt.number(n)} veröffentlichten Werte "
            "deshalb nur neben die Werte dieses Stichtags; ob sie übereinstimmen, wird nicht bewertet.", gaps) if t)
    same = int((outcome == REPRODUCED).sum())
    if same == n:
        found = f"Alle {fmt.number(n)} ergeben sich zum Stichtag genau so, wie sie gedruckt sind."
    elif same == 0:
        found = "Keiner davon ergibt sich zum Stichtag genau so, wie er gedruckt ist."
    else:
        found = f"Davon ergeben sich {fmt.number(same)} zum Stichtag genau so, wie sie gedruckt sind."
    text = [f"Der Werkreport 1 druckt {fmt.number(n)} Werte, die sich aus den Rohdaten berechnen lassen. {found}"]
    rounded = findings[outcome == ROUNDING]
    if len(rounded):
        cases = _listing([f"{label} ({rule})" for label, rule in zip(name[rounded.index], rounded["rounding"])])
        verb = "weicht" if len(rounded) == 1 else "weichen"
        who = "Einer" if len(rounded) == 1 else _capital(_word(len(rounded)))
        text.append(f"{who} {verb} nur durch die Rundung ab: {cases}. Diese Auswertung rundet durchgehend "
                    "kaufmännisch, also ab einer Fünf an der ersten wegfallenden Stelle auf.")
    audited = findings[outcome == DIFFERS_AUDIT]
    if len(audited):
        text.append(f"{_capital(_count(len(audited), 'Wert weicht', 'Werte weichen', one='Ein'))} aus anderen "
                    f"Gründen ab, die die Konsistenzprüfung benennt: {_listing(list(name[audited.index]))}.")
    unexplained = findings[outcome == DIFFERS]
    if len(unexplained):
        text.append(f"Ohne Erklärung durch eine Prüfregel {'weicht' if len(unexplained) == 1 else 'weichen'} "
                    f"ab: {_listing(list(name[unexplained.index]))}.")
    elif same + len(rounded) + len(audited) == int((outcome != NO_DATA).sum()):
        text.append("Kein Wert weicht ohne Erklärung ab.")
    if gaps:
        text.append(gaps)
    return " ".join(text)


def audit_summary(checks: pd.DataFrame, findings: pd.DataFrame | None = None) -> str:
    """The audit's result in numbers. `checks` as the reader reads them (publication.appendix.reader_checks):
    a contradiction the report's rounding explains counts as a rounding difference, not as a contradiction.
    `findings` is accepted for callers that pass it; the results already carry what it would say."""
    n = len(checks)
    if n == 0:
        return "Es sind keine Prüfregeln hinterlegt."
    result = checks["result"]
    ok, notes = int((result == OK).sum()), int((result == NOTE).sum())
    rounding, bad = int((result == ROUNDING).sum()), int((result == CONTRADICTION).sum())
    parts = [f"{'ist' if ok == 1 else 'sind'} {_pronoun(ok)} stimmig"]
    if notes:
        parts.append(f"{_pronoun(notes)} {'gibt' if notes == 1 else 'geben'} einen Hinweis")
    if rounding:
        parts.append(f"{_pronoun(rounding)} {'findet' if rounding == 1 else 'finden'} eine Rundungsdifferenz "
                     "(Tabelle A1)")
    if bad or not rounding:
        parts.append(f"{_pronoun(bad)} {'findet' if bad < 2 else 'finden'} einen Widerspruch")
    return f"Von {fmt.number(n)} Prüfregeln {_listing(parts)}."


def audit_readings(checks: pd.DataFrame) -> str:
    """What the data give at the reporting date for every rounding difference, contradiction and note of the
    audit, as a list (the findings and the report's words stand in the audit table)."""
    kinds = [(ROUNDING, "Rundungsdifferenzen"), (CONTRADICTION, "Widersprüchen"), (NOTE, "Hinweisen")]
    shown = checks[checks["result"].isin([k for k, _ in kinds])]
    if shown.empty:
        return "Keine Prüfregel findet eine Rundungsdifferenz oder einen Widerspruch oder gibt einen Hinweis."
    lines = [f"- **{row.rule}** ({row.result}): {row.data_reading}." for row in shown.itertuples()
             if isinstance(getattr(row, "data_reading", ""), str) and row.data_reading]
    if not lines:
        return ""
    present = [name for kind, name in kinds if (shown["result"] == kind).any()]
    return f"Was die Daten zum Stichtag zu den {_listing(present)} ergeben:\n\n" + "\n".join(lines)


# --- Anlage B: qualitative coding ------------------------------------------------------------------------

def code_matrix_text(codes: pd.DataFrame, n: int) -> str:
    """What the code matrix holds. `codes`: one row per code with `code`, `municipalities` (how many carry
    it) and `segments`; `n`: municipalities with coded documents."""
    if codes.empty or n == 0:
        return "Zum Stichtag sind keine Dokumente codiert."
    segments = int(codes["segments"].sum())
    where = "einer Kommune" if n == 1 else _count(n, "Kommune", "Kommunen")
    used = "benutzt ist ein Code" if len(codes) == 1 else f"benutzt sind {_count(len(codes), 'Code', 'Codes')}"
    text = (f"Bis zum Stichtag {'trägt ein Segment' if segments == 1 else f'tragen {fmt.number(segments)} Segmente'} "
            f"aus den Dokumenten von {where} einen Code; {used}.")
    everywhere = [_markdown(c) for c in codes.loc[codes["municipalities"] == n, "code"]]
    if everywhere and len(codes) > 1:
        who = "allen" if n > 1 else "der einen"
        text += (f" In {who} {'Kommunen' if n > 1 else 'Kommune'} vergeben "
                 f"{'ist' if len(everywhere) == 1 else 'sind'} {_listing(everywhere)}.")
    rarest = codes.sort_values(["municipalities", "code"], kind="mergesort").iloc[0]
    if int(rarest["municipalities"]) < n:
        text += (f" Am seltensten ist {_markdown(rarest['code'])} "
                 f"({_count(int(rarest['municipalities']), 'Kommune', 'Kommunen')}).")
    if len(codes) > 1:
        text += (" Gezählt ist jede Kommune, deren Dokumente einen Code tragen; wo der Bericht einen Stand zählt "
                 "(Verortung der Koordinierungsstelle, 3.2.1.1; Fortführung nach Förderende, 3.4), gilt je Kommune nur "
                 "der zuletzt dokumentierte, deshalb können dort weniger Kommunen stehen als hier.")
    return text + abbreviations_text(codes["code"])


def abbreviations_text(texts) -> str:
    """' In den Codes steht LKS für die Landeskoordinierungsstelle.' for every abbreviation of ABBREVIATIONS
    that occurs (as a word) in `texts` (code paths, labels); '' when none does."""
    found = [(a, meaning) for a, meaning in ABBREVIATIONS.items()
             if any(re.search(rf"\b{re.escape(a)}\b", str(t)) for t in texts)]
    if not found:
        return ""
    return " In den Codes steht " + _listing([f"{a} für {meaning}" for a, meaning in found]) + "."


def agreement_text(table: pd.DataFrame, threshold: float = 0.6) -> str:
    """The intercoder agreement in words: what was compared, which codes fall below the threshold, and – if
    the second coding is test material – that the numbers say nothing about the evaluation's coding.
    `table`: qda.agreement.agreement_table (its `attrs["coders"]` names the pair)."""
    if table.empty:
        return ("Zum Stichtag liegen keine von zwei Personen codierten Dokumente vor; die Übereinstimmung ist "
                "nicht berechenbar.")
    from evaluation.qda.agreement import summary_text
    units = int(table["units"].max())
    text = (f"Zwei Personen haben dieselben Dokumente unabhängig voneinander codiert; diese Dokumente haben "
            f"{fmt.number(units)} Absätze. Für jeden Absatz und jeden Code zählt, ob beide, nur eine oder keine "
            f"der beiden Personen ihn vergeben haben. {_markdown(summary_text(table, threshold))}")
    coders = table.attrs.get("coders", ())
    if any(str(c).endswith(TEST_CODER_SUFFIX) for c in coders):
        text += ("\n\n**Achtung, Testdaten:** Die Zweitcodierung gehört nicht zur Evaluation. Sie wurde mit den "
                 "rekonstruierten Daten erzeugt, damit sich die Berechnung prüfen lässt; die Werte sagen nichts "
                 "über die Güte der Codierung des Werkreports.")
    return text


# --- Anlage C: data, provenance and methods --------------------------------------------------------------

def data_basis_text(municipalities: pd.DataFrame, data_end: str | None, reporting_date: str) -> str:
    """How far the data reach and how many programme municipalities are documented, inferred or placeholders.
    `municipalities`: the programme municipalities with `evidence` ('belegt', 'erschlossen', 'Platzhalter')
    if the delivery carries it."""
    n = len(municipalities)
    text = (f"Stichtag der Auswertung ist der {fmt.date(reporting_date)}: Ausgewertet ist alles, was bis dahin "
            "datiert ist" + (f"; der jüngste Datensatz stammt vom {fmt.date(data_end)}." if data_end else "."))
    if "evidence" not in municipalities or municipalities["evidence"].isna().all():
        return text
    evidence = municipalities["evidence"].value_counts()
    documented, inferred, placeholder = (int(evidence.get(k, 0)) for k in ("belegt", "erschlossen", "Platzhalter"))
    parts = [f"{fmt.number(documented)} durch öffentliche Quellen belegt"]
    if inferred:
        parts.append(f"{'eine' if inferred == 1 else _word(inferred)} aus Quellen erschlossen")
    if placeholder:
        parts.append("eine ist ein Platzhalter, der für keine reale Kommune steht" if placeholder == 1 else
                     f"{_word(placeholder)} sind Platzhalter, die für keine reale Kommune stehen")
    verb = "ist" if documented == 1 else "sind"
    first, rest = parts[0], parts[1:]
    return text + f" Von den {fmt.number(n)} Programmkommunen {verb} {_listing([first] + rest)}."


def _rows(quality: pd.DataFrame) -> pd.DataFrame:
    """The per-file rows of a quality overview, without its 'Summe' row."""
    frame = quality.reset_index() if quality.index.name == "Quelle" else quality
    return frame[frame["Quelle"] != "Summe"]


def quality_text(quality: pd.DataFrame) -> str:
    """The totals of the data-quality overview (data.quality.overview) in two sentences."""
    rows = _rows(quality)
    read, dups = int(rows["Zeilen gelesen"].sum()), int(rows["Dubletten entfernt"].sum())
    cut, used = int(rows["nach Stichtag ausgeschlossen"].sum()), int(rows["Datensätze verwendet"].sum())
    text = f"Gelesen wurden {_count(len(rows), 'Rohdatei', 'Rohdateien')} mit {fmt.number(read)} Zeilen."
    if dups:
        text += f" Entfernt {'wurde' if dups == 1 else 'wurden'} {_count(dups, 'exakte Dublette', 'exakte Dubletten')}."
    if cut:
        text += (f" {_capital(_count(cut, 'Datensatz ist', 'Datensätze sind', one='ein'))} nach dem Stichtag "
                 "datiert und bleiben unberücksichtigt." if cut != 1 else
                 " Ein Datensatz ist nach dem Stichtag datiert und bleibt unberücksichtigt.")
    return text + f" In die Auswertung gehen {fmt.number(used)} Datensätze ein."


def municipalities_text(by_type: pd.DataFrame) -> str:
    """Programme municipalities by cohort and by type, from data.quality.municipalities_by_type."""
    total = "Summe"
    if by_type.empty:
        return "Zum Stichtag nimmt keine Kommune am Programm teil."
    n = int(by_type.loc[total, total])
    cohorts = [c for c in by_type.columns if c != total]
    per_cohort = _listing([f"{c} {'eine' if by_type.loc[total, c] == 1 else _word(by_type.loc[total, c])}"
                           for c in cohorts if by_type.loc[total, c]])
    types = by_type[total].drop(total)
    types = types[types > 0].sort_values(ascending=False, kind="mergesort")
    named = [(_TYPES.get(t, (f"eine {t}", t))[0] if k == 1 else f"{_word(k)} {_TYPES.get(t, (t, t))[1]}")
             for t, k in types.items()]
    cohort_word = "einer Kohorte" if len(cohorts) == 1 else f"{_word(len(cohorts))} Kohorten"
    return (f"Zum Stichtag nehmen {_count(n, 'Kommune', 'Kommunen')} in {cohort_word} am Programm teil "
            f"({per_cohort}): {_listing(named)}.")


def raw_files_text(files: pd.DataFrame) -> str:
    """What the checksums are for, with the number of files (data.quality.raw_files)."""
    n = len(files)
    missing = int((files["SHA-256"].fillna("") == "").sum())
    text = (f"Die Auswertung beruht auf {_count(n, 'Rohdatei', 'Rohdateien')}. Die Prüfsumme (SHA-256) weist "
            "jede Datei eindeutig aus: Schon ein geändertes Zeichen ergibt eine andere Prüfsumme. Wer die Zahlen "
            "dieses Berichts nachrechnen will, prüft zuerst, dass die eigenen Dateien dieselben Prüfsummen haben.")
    if missing:
        text += f" Für {_count(missing, 'Datei', 'Dateien', one='eine')} fehlt die Prüfsumme."
    return text


def coding_basis_text(codebook: pd.DataFrame, segments: pd.DataFrame, n: int) -> str:
    """The numbers behind the code-matrix reading: codes, indicators, documents, segments, municipalities."""
    indicators = codebook["indicator"].nunique()
    documents = segments["document"].nunique()
    coded = segments["municipality_id"].nunique()
    groups = segments["document_group"].dropna().nunique()
    return (f"Das Codesystem ordnet {fmt.number(len(codebook))} Codes {fmt.number(indicators)} Merkmalen zu. "
            f"Bis zum Stichtag liegen {fmt.number(len(segments))} codierte Segmente aus "
            f"{fmt.number(documents)} Dokumenten ({_count(groups, 'Dokumentgruppe', 'Dokumentgruppen')}) vor; "
            f"sie betreffen {_count(coded, 'Kommune', 'Kommunen')}, der Nenner ist die Zahl der "
            f"Programmkommunen zum Stichtag ({fmt.number(n)})."
            + abbreviations_text(list(codebook["code"]) + list(codebook.get("label", []))))


def rounding_example_text(findings: pd.DataFrame) -> str:
    """A share of the findings that half-up and half-even rounding treat differently (62,5 % → 63 %), as
    the example of the rule. `findings`: publication frame with `label`, `numerator`, `denominator`,
    `share`, `display`, `unit`."""
    shares = findings[(findings["unit"] == "percent") & findings["share"].notna()]
    for row in shares.itertuples():
        decimals = len(row.display.split(",")[1].split()[0]) if "," in row.display else 0
        scaled = 100 * float(row.share) * 10 ** decimals
        if abs(scaled - int(scaled) - 0.5) < 1e-9:
            exact = fmt.percent(float(row.share), decimals + 1)
            even = fmt.percent(round(scaled) / 10 ** decimals / 100, decimals)
            return (f"Ein Beispiel ({row.label}): {fmt.number(row.numerator)} von "
                    f"{fmt.number(row.denominator)} sind {exact}, ausgewiesen als {row.display}. Die in vielen "
                    f"Programmen voreingestellte Rundung zur geraden Zahl ergäbe {even}.")
    return "Unter den Anteilen dieses Stichtags liegt keiner genau auf der Mitte zwischen zwei Rundungsstufen."


def intervals_text(findings: pd.DataFrame) -> str:
    """Which shares are complete counts and which rest on the survey, with the survey's intervals.
    `findings`: publication frame with `id`, `label`, `denominator`, `share`, `complete_count` (True where the
    denominator is the whole population), `ci_low`, `ci_high`."""
    with_n = findings[findings["denominator"].notna()]
    sample = uncertainty.sampled(with_n)
    survey, complete = with_n[sample], with_n[~sample]
    bases = _listing([fmt.number(d) for d in sorted({int(d) for d in complete["denominator"]})])
    text = (f"Bei {_count(len(complete), 'Wert', 'Werten', one='einem', none='keinem')} der Tabelle A1 mit Zähler "
            f"und Nenner ist der Nenner eine Vollerhebung (n = {bases}); "
            f"{'er steht' if len(complete) == 1 else 'sie stehen'} ohne Intervall." if len(complete) else
            "Kein Wert der Tabelle A1 beruht auf einer Vollerhebung mit Nenner.")
    if survey.empty:
        return text + " Werte aus der Befragung liegen zum Stichtag nicht vor."
    answers = int(survey["denominator"].max())
    widest = survey.assign(width=survey["ci_high"] - survey["ci_low"]).sort_values("width", kind="mergesort").iloc[-1]
    return text + (f" {_capital(_count(len(survey), 'Wert', 'Werte', one='ein'))} "
                   f"{'stammt' if len(survey) == 1 else 'stammen'} aus der Befragung mit "
                   f"{fmt.number(answers)} Fragebögen, einer Teilerhebung, und "
                   f"{'steht' if len(survey) == 1 else 'stehen'} mit 95-%-Intervall (Wilson). Am breitesten ist das Intervall bei {widest['label']}: "
                   f"{fmt.percent(float(widest['share']))}, 95-%-Intervall (Wilson) "
                   f"{fmt.number(100 * float(widest['ci_low']), 1)} bis "
                   f"{fmt.number(100 * float(widest['ci_high']), 1)}\u00a0%.")


def trend_method_text(years: pd.DataFrame) -> str:
    """What the trainings trend counts: the years and the number of trainings (uncertainty.Trend.years)."""
    if years.empty:
        return "Zum Stichtag liegen keine Fortbildungen vor; ein Verlauf lässt sich nicht schätzen."
    first, last = int(years["year"].min()), int(years["year"].max())
    total = int(years["count"].sum())
    span = f"im Jahr {first}" if first == last else f"in den Jahren {first} bis {last}"
    return (f"Gezählt werden {_count(total, 'Fortbildung', 'Fortbildungen')} der Landeskoordinierungsstelle "
            f"{span}.")
