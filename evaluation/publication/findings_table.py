"""The findings table as files (reports/<date>/findings.csv, findings.json, audit.csv, audit.json) and as a
reader sees it.

Files for people (findings.csv, audit.csv) are German Excel CSVs (excel_csv.py): German column names, numbers
as numbers, an interval only where a value rests on a sample. Their machine-readable twins findings.json and
audit.json keep the English column names and full precision; `read` reads the twins.

`german_findings` and `german_audit` are the one form of both tables for every reader: the
HTML report, notebook 50 and the terminal summary all show these frames.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from evaluation import formatting as fmt, metadata_files
from evaluation.findings import uncertainty
from evaluation.publication import audit, excel_csv
from evaluation.publication.reconciliation import DIFFERS, DIFFERS_AUDIT, REPRODUCED
from evaluation.publication.registry import labels

AUDIT_GERMAN = {"rule": "Regel", "kind": "Art", "ids": "Kennzahlen", "result": "Ergebnis",
                "finding": "Befund", "evidence": "Beleg im Bericht", "data_reading": "Lesart der Daten"}
FINDINGS_GERMAN = ["Kennzahl", "Abschnitt", "Fundstelle", "berechnet", "Zähler", "Nenner",
                   "95-%-Intervall (Wilson)", "Werkreport", "Status", "Hinweis"]
FINDINGS_CSV, FINDINGS_JSON, AUDIT_CSV, AUDIT_JSON = "findings.csv", "findings.json", "audit.csv", "audit.json"
# The coordinators' survey is the only source in which not every unit answered (16 questionnaires from 22
# municipalities): its shares are estimates from a sample. Every other share counts a whole population (all
# programme municipalities, all kreisfreie Städte, all reported offers): no sampling error, no interval.
SURVEY_IDS = ("satisfaction_very", "satisfaction_satisfied", "satisfaction_total")
# Column names of the files for people (findings.csv and the sheet Befunde of befunde.xlsx)
INTERVAL = "95-%-Intervall (Wilson), nur bei Stichprobe"
LOW, HIGH = f"{INTERVAL}: untere Grenze", f"{INTERVAL}: obere Grenze"
COMPLETE = "Vollerhebung (kein Stichprobenfehler)"
ROUNDING = "Rundungsdifferenz"   # an audit result: the printed value differs only by the report's rounding


def complete_counts(table: pd.DataFrame) -> pd.Series:
    """True where the denominator is the whole population (or there is none: a plain count), False for a sample.

    Uses the column `complete_count` where the findings carry it; otherwise: the survey's shares are samples."""
    if "complete_count" in table:
        return ~table[uncertainty.COMPLETE].map(uncertainty.is_sample).astype(bool)
    return ~table["id"].isin(SURVEY_IDS)


def _range(text) -> tuple[float | None, float | None]:
    """'2-3' → (2.0, 3.0); anything else (None, None)."""
    if not isinstance(text, str) or "-" not in text.strip().lstrip("-"):
        return None, None
    value, _ = audit.parse_printed(text)
    return value if isinstance(value, tuple) else (None, None)


def _printed_number(text, unit: str):
    """The printed value as a number: a share as a fraction of 1 ('54,5' → 0.545; '>33' → 0.33), a count as it is."""
    if not isinstance(text, str) or not text.strip() or unit == "range":
        return None
    value, _ = audit.parse_printed(text)
    return value / 100 if unit == "percent" else value


def _printed_text(text, unit: str) -> str:
    """'46' → '46 %', '>33' → 'mehr als 33 %', '2-3' → '2–3': the printed value as the report's text reads."""
    text = str(text).strip()
    if unit == "range":
        return text.replace("-", "–")
    if unit != "percent":
        return text
    if text.startswith(">"):
        return f"mehr als {text.lstrip('>').strip()}\u00a0%"
    return f"{text}\u00a0%"


def _number(value):
    return None if value is None or pd.isna(value) else value


KIND = "Art der Angabe"
KINDS = {"count": "Anzahl", "percent": "Anteil", "range": "Spanne"}
TEXT_COLUMNS = ("berechnet (wie im Bericht)", "Werkreport (gedruckt)")  # the report's wording: findings.csv only


def _kind(printed, unit: str) -> str:
    if unit == "percent" and str(printed).strip().startswith(">"):
        return "Anteil (mehr als)"
    return KINDS.get(unit, unit)


def printed_decimals(table: pd.DataFrame) -> list[int]:
    """Decimals of each printed value ('54,5' → 1): befunde.xlsx shows computed and printed share with them."""
    return [audit.parse_printed(str(p))[1] if str(p).strip() else 0 for p in table["printed_value"]]


def people_findings(table: pd.DataFrame, reporting_date: str) -> pd.DataFrame:
    """The findings as people read them in Excel: German names, one unit per column, numbers as numbers.

    Shares are fractions of 1 (befunde.xlsx formats them as percent; findings.csv writes percent numbers), a
    range ('2-3') becomes the two numbers „von“ and „bis“; the interval stands only where a value rests on a
    sample (`complete_counts`). The columns of TEXT_COLUMNS repeat the values in the report's wording."""
    names = labels()
    complete = complete_counts(table).tolist()
    units = table["unit"].tolist() if "unit" in table else ["percent"] * len(table)
    computed = [_range(d) if u == "range" else (None, None) for d, u in zip(table["display"], units)]
    printed = [_range(p) if u == "range" else (None, None) for p, u in zip(table["printed_value"], units)]
    interval = [(_number(lo), _number(hi)) if not c and _number(lo) is not None else (None, None)
                for lo, hi, c in zip(table["ci_low"], table["ci_high"], complete)]
    shares = [_number(s) if u == "percent" else None for s, u in zip(table["share"], units)]
    return pd.DataFrame({
        "Kennzahl": table["id"].map(names).tolist(),
        "Abschnitt": table["section"].astype(str).tolist(),
        "Fundstelle": table["place"].tolist(),
        "Stichtag": [pd.Timestamp(reporting_date)] * len(table),
        KIND: [_kind(p, u) for p, u in zip(table["printed_value"], units)],
        "berechnet (wie im Bericht)": [str(d).replace("-", "–") if u == "range" else d
                                       for d, u in zip(table["display"], units)],
        "Zähler": [_number(v) for v in table["numerator"]],
        "Nenner": [_number(v) for v in table["denominator"]],
        "Anteil": shares,
        "Spanne berechnet von": [c[0] for c in computed],
        "Spanne berechnet bis": [c[1] for c in computed],
        "Werkreport (gedruckt)": [_printed_text(p, u) for p, u in zip(table["printed_value"], units)],
        "Werkreport Wert": [_printed_number(p, u) for p, u in zip(table["printed_value"], units)],
        "Werkreport Spanne von": [p[0] for p in printed],
        "Werkreport Spanne bis": [p[1] for p in printed],
        COMPLETE: complete,
        LOW: [i[0] for i in interval],
        HIGH: [i[1] for i in interval],
        "Status": table["status"].tolist(),
        "Hinweis": table["note"].fillna("").tolist(),
    })


PERCENT_COLUMNS = ("Anteil", LOW, HIGH)


def people_csv(table: pd.DataFrame, reporting_date: str) -> pd.DataFrame:
    """findings.csv: `people_findings` with shares in percent (German Excel shows 54,55, not 0,5455)."""
    frame = people_findings(table, reporting_date)
    frame["Abschnitt"] = "Kap. " + frame["Abschnitt"]  # '3.1' alone German Excel reads as a date (3. Januar)
    for column in PERCENT_COLUMNS:
        frame[column] = [None if v is None else float(fmt.round_half_up(100 * v, 2)) for v in frame[column]]
    percent_printed = [u == "percent" for u in (table["unit"] if "unit" in table else ["percent"] * len(table))]
    frame["Werkreport Wert"] = [None if v is None else (float(fmt.round_half_up(100 * v, 2)) if p else v)
                                for v, p in zip(frame["Werkreport Wert"], percent_printed)]
    return frame.rename(columns={c: f"{c} in %" for c in PERCENT_COLUMNS}
                        | {"Werkreport Wert": "Werkreport Wert (Anteile in %)"})


def write(table: pd.DataFrame, checks: pd.DataFrame, reporting_date: str, folder: Path) -> None:
    """findings.csv and audit.csv for people, findings.json and audit.json for machines, of one reporting date
    (the pipeline's staging folder)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    records = json.loads(table.to_json(orient="records", force_ascii=False))
    (folder / FINDINGS_JSON).write_text(json.dumps({"reporting_date": reporting_date, "findings": records},
                                                   ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    audit_records = json.loads(checks.to_json(orient="records", force_ascii=False))
    (folder / AUDIT_JSON).write_text(json.dumps({"reporting_date": reporting_date, "audit": audit_records},
                                                ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    excel_csv.write(people_csv(table, reporting_date), folder / FINDINGS_CSV)
    excel_csv.write(german_audit(checks), folder / AUDIT_CSV)


def read(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(findings, audit) as written by `write`, with the English column names (from the JSON twins)."""
    folder = Path(folder)
    findings = json.loads((folder / FINDINGS_JSON).read_text(encoding="utf-8"))["findings"]
    table = pd.DataFrame.from_records(findings)
    for column in ("printed_value", "display", "note"):
        table[column] = table[column].fillna("").astype(str)
    checks = pd.DataFrame.from_records(json.loads((folder / AUDIT_JSON).read_text(encoding="utf-8"))["audit"])
    return table, checks.fillna("").astype(str)


def _integer(value) -> str:
    return "" if pd.isna(value) else str(int(value))


def german_findings(table: pd.DataFrame) -> pd.DataFrame:
    """One row per published value: German label, computed and printed value, interval (only for a sample), status, note."""
    names = labels()
    intervals = []
    for low, high, n, complete in zip(table["ci_low"], table["ci_high"], table["denominator"],
                                      complete_counts(table)):
        text = uncertainty.interval_text(float(low), float(high)) if pd.notna(low) and not complete else ""
        if text and int(n) < uncertainty.SMALL_N:
            text += f" (kleines n = {int(n)})"
        intervals.append(text)
    columns = [table["id"].map(names), table["section"].astype(str), table["place"], table["display"],
               table["numerator"].map(_integer) if "numerator" in table else "",
               table["denominator"].map(_integer), intervals, table["printed_value"], table["status"],
               table["note"].fillna("")]
    return pd.DataFrame({name: list(values) for name, values in zip(FINDINGS_GERMAN, columns)})


def german_audit(checks: pd.DataFrame) -> pd.DataFrame:
    """The consistency audit with German headers, ids replaced by their labels, each finding beside the
    report's words it rests on (Beleg im Bericht), so a reader can check it."""
    names = labels()
    kinds = metadata_files.read("audit_kinds.csv").set_index("Art")["Bezeichnung"].to_dict()
    shown = checks.assign(ids=checks["ids"].map(lambda ids: "; ".join(names.get(i, i) for i in ids.split())),
                          kind=checks["kind"].map(lambda k: kinds.get(k, k)))
    return shown.rename(columns=AUDIT_GERMAN)[list(AUDIT_GERMAN.values())]


def summary(table: pd.DataFrame) -> str:
    """One German line on a date's findings, for the terminal."""
    counts = table["status"].value_counts()
    line = (f"Veröffentlichte Werte: {len(table)}, davon reproduziert {counts.get(REPRODUCED, 0)}, "
            f"abweichend mit Prüfbefund {counts.get(DIFFERS_AUDIT, 0)}, ohne Erklärung {counts.get(DIFFERS, 0)}")
    other = len(table) - sum(counts.get(s, 0) for s in (REPRODUCED, DIFFERS_AUDIT, DIFFERS))
    if other:
        line += f", nicht vergleichbar {other}"
    return line + "."


def audit_block(checks: pd.DataFrame) -> str:
    """The audit of the printed report for the terminal: it is the same at every date, so a run prints it once."""
    bad = checks[checks["result"].isin([audit.CONTRADICTION, ROUNDING])]
    rounding = int((checks["result"] == ROUNDING).sum())
    contradictions = len(bad) - rounding
    lines = [f"Konsistenzprüfung des Werkreports: {len(checks)} Regeln, "
             f"{'keine Widersprüche' if not contradictions else fmt.amount(contradictions, 'Widerspruch', 'Widersprüche', one='ein')}, "
             f"{'keine Rundungsdifferenzen' if not rounding else fmt.amount(rounding, 'Rundungsdifferenz', 'Rundungsdifferenzen')}"
             + (":" if len(bad) else ".")]
    return "\n".join(lines + [f"  {r.rule} ({r.result}): {r.finding}" for r in bad.itertuples()])
