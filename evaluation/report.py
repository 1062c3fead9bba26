"""Writing the findings table and the audit of a reporting date (reports/<date>/)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from . import audit
from .findings import findings_table
from .findings.table import DIFFERS, DIFFERS_AUDIT, REPRODUCED

AUDIT_GERMAN = {"rule": "Regel", "kind": "Art", "ids": "Kennungen", "result": "Ergebnis",
                "finding": "Befund", "data_reading": "Lesart der Daten"}


def write_findings(ds, folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """findings.csv/.json and audit.csv for the dataset's reporting date."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    table, checks = findings_table(ds)
    table.to_csv(folder / "findings.csv", index=False, encoding="utf-8")
    records = json.loads(table.to_json(orient="records", force_ascii=False))
    (folder / "findings.json").write_text(json.dumps({"reporting_date": ds.reporting_date, "findings": records},
                                                     ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    checks.rename(columns=AUDIT_GERMAN).to_csv(folder / "audit.csv", index=False, encoding="utf-8")
    return table, checks


def summary(folder: Path) -> str:
    """Short German summary of a written findings table, for the terminal."""
    folder = Path(folder)
    table = pd.read_csv(folder / "findings.csv", dtype=str, keep_default_na=False)
    checks = pd.read_csv(folder / "audit.csv", dtype=str, keep_default_na=False)
    counts = table["status"].value_counts()
    lines = [f"Veröffentlichte Werte: {len(table)}, davon reproduziert {counts.get(REPRODUCED, 0)}, "
             f"abweichend mit Prüfbefund {counts.get(DIFFERS_AUDIT, 0)}, ohne Erklärung {counts.get(DIFFERS, 0)}"]
    other = len(table) - sum(counts.get(s, 0) for s in (REPRODUCED, DIFFERS_AUDIT, DIFFERS))
    if other:
        lines[0] += f", nicht vergleichbar {other}"
    lines[0] += "."
    bad = checks[checks["Ergebnis"] == audit.CONTRADICTION]
    lines.append(f"Konsistenzprüfung des Werkreports: {len(checks)} Regeln, {len(bad)} Widersprüche"
                 + (":" if len(bad) else "."))
    lines += [f"  {r.Regel}: {r.Befund}" for r in bad.itertuples()]
    return "\n".join(lines)


def german_findings(table: pd.DataFrame, small_n_note: bool = False) -> pd.DataFrame:
    """The findings table as an evaluator reads it: computed, interval, printed value, status."""
    from .uncertainty import SMALL_N, interval_text
    intervals = []
    for lo, hi, n in zip(table["ci_low"], table["ci_high"], table["denominator"]):
        text = interval_text(float(lo), float(hi)) if pd.notna(lo) else ""
        if text and small_n_note and int(n) < SMALL_N:
            text += f" (kleines n = {int(n)})"
        intervals.append(text)
    return pd.DataFrame({"berechnet": table["display"], "95-%-Intervall (Wilson)": intervals,
                         "Werkreport": table["printed_value"], "Status": table["status"]},
                        index=pd.Index(table["id"], name="Kennung"))
