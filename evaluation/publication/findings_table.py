"""The findings table as files (reports/<date>/findings.csv, findings.json, audit.csv) and as a reader sees it.

`german_findings` and `german_audit` are the one form of both tables for every reader: the
HTML report, notebook 50 and the terminal summary all show these frames.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from evaluation import metadata_files
from evaluation.findings import uncertainty
from evaluation.publication import audit
from evaluation.publication.reconciliation import DIFFERS, DIFFERS_AUDIT, REPRODUCED
from evaluation.publication.registry import labels

AUDIT_GERMAN = {"rule": "Regel", "kind": "Art", "ids": "Kennzahlen", "result": "Ergebnis",
                "finding": "Befund", "evidence": "Beleg im Bericht", "data_reading": "Lesart der Daten"}
FINDINGS_GERMAN = ["Kennzahl", "Abschnitt", "Fundstelle", "berechnet", "Zähler", "Nenner",
                   "95-%-Intervall (Wilson)", "Werkreport", "Status", "Hinweis"]


def write(table: pd.DataFrame, checks: pd.DataFrame, reporting_date: str, folder: Path) -> None:
    """findings.csv/.json and audit.csv of one reporting date (the pipeline's staging folder)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    table.to_csv(folder / "findings.csv", index=False, encoding="utf-8")
    records = json.loads(table.to_json(orient="records", force_ascii=False))
    (folder / "findings.json").write_text(json.dumps({"reporting_date": reporting_date, "findings": records},
                                                     ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    checks.rename(columns=AUDIT_GERMAN).to_csv(folder / "audit.csv", index=False, encoding="utf-8")


def read(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(findings, audit) as written by `write`, with the English column names."""
    folder = Path(folder)
    table = pd.read_csv(folder / "findings.csv", dtype={"printed_value": str, "display": str, "note": str},
                        keep_default_na=False, na_values={"numerator": [""], "denominator": [""], "share": [""],
                                                          "ci_low": [""], "ci_high": [""]})
    checks = pd.read_csv(folder / "audit.csv", dtype=str, keep_default_na=False)
    return table, checks.rename(columns={v: k for k, v in AUDIT_GERMAN.items()})


def _integer(value) -> str:
    return "" if pd.isna(value) else str(int(value))


def german_findings(table: pd.DataFrame) -> pd.DataFrame:
    """One row per published value: German label, computed and printed value, interval, status, note."""
    names = labels()
    intervals = []
    for low, high, n in zip(table["ci_low"], table["ci_high"], table["denominator"]):
        text = uncertainty.interval_text(float(low), float(high)) if pd.notna(low) else ""
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
    bad = checks[checks["result"] == audit.CONTRADICTION]
    lines = [f"Konsistenzprüfung des Werkreports: {len(checks)} Regeln, {len(bad)} Widersprüche"
             + (":" if len(bad) else ".")]
    return "\n".join(lines + [f"  {r.rule}: {r.finding}" for r in bad.itertuples()])
