"""The findings as Anlage A shows them: each published value beside the computed one, with a status a
reader can act on.

The reconciliation says "abweichend (Prüfbefund)" whenever a rule of the audit finds the printed value
contradictory. For a reader the most common cause matters: the report rounded differently (twice, or
cut off instead of rounding). `compared` names that as "Rundungsdifferenz" with the rule that gives
the printed value; every other status stays as the reconciliation set it.
"""
from __future__ import annotations

import math

import pandas as pd

from evaluation import formatting as fmt
from evaluation.findings import uncertainty
from evaluation.publication import audit
from evaluation.publication.findings_table import ROUNDING, german_findings
from evaluation.publication import reconciliation
from evaluation.publication.reconciliation import DIFFERS, DIFFERS_AUDIT, NO_DATA, OTHER_DATE
from evaluation.publication.registry import labels

NOT_COMPARED = "nicht verglichen"  # another reporting date: the printed value is the state of 31.03.2022
READER_COLUMNS = ["Abschnitt", "Kennzahl", "berechnet", "aus", "Werkreport", "Status", "Hinweis"]


def rounding_rule(numerator, denominator, printed: str, unit: str = "percent") -> str:
    """The rounding that turns numerator/denominator into the printed share when half-up rounding does
    not: 'zweimal gerundet: 45,45 % → 45,5 % → 46 %' or 'abgeschnitten statt gerundet: 39,53 % → 39 %';
    '' when half-up rounding already gives the printed value or no rounding explains it."""
    if unit != "percent" or pd.isna(numerator) or pd.isna(denominator) or not denominator:
        return ""
    if str(printed).strip().startswith(">"):
        return ""
    value, decimals = audit.parse_printed(str(printed))
    exact = 100 * float(numerator) / float(denominator)
    if float(fmt.round_half_up(exact, decimals)) == value:
        return ""
    share, shown = float(numerator) / float(denominator), f"{str(printed).strip()}\u00a0%"
    if math.floor(exact * 10 ** decimals) / 10 ** decimals == value:
        return f"abgeschnitten statt gerundet: {fmt.percent(share, decimals + 2)} → {shown}"
    once = fmt.round_half_up(exact, decimals + 1)
    if float(fmt.round_half_up(float(once), decimals)) == value:
        return (f"zweimal gerundet: {fmt.percent(share, decimals + 2)} → {fmt.percent(share, decimals + 1)} "
                f"→ {shown}")
    return ""


def compared(findings: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """The reconciliation frame plus `label` (German), `rules` (audit rules that contradict the printed
    value), `rounding` (the rounding rule, if one explains the difference) and `outcome` (the status for
    the reader: Rundungsdifferenz where the rounding explains it, else the reconciliation's status)."""
    contradictions = checks[checks["result"].isin([audit.CONTRADICTION, ROUNDING])]   # also as read back
    rules = [" ".join(r.rule for r in contradictions.itertuples() if i in r.ids.split()) for i in findings["id"]]
    rounding = [rounding_rule(r.numerator, r.denominator, r.printed_value, r.unit)
                if r.status in (DIFFERS_AUDIT, DIFFERS) else "" for r in findings.itertuples()]
    outcome = [ROUNDING if rule else status for rule, status in zip(rounding, findings["status"])]
    return findings.assign(label=findings["id"].map(labels()), rules=rules, rounding=rounding, outcome=outcome)


def reconciled(ds) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The findings of a date and the audit as a reader reads it (a rounding named Rundungsdifferenz): what the
    run writes to findings.csv/json, audit.csv/json and befunde.xlsx."""
    table, checks = reconciliation.reconcile(ds)
    return table, reader_checks(checks, compared(table, checks))


def reader_checks(checks: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """The audit as a reader reads it: a rule whose contradiction the report's rounding explains (a value of
    Tabelle A1 with outcome Rundungsdifferenz) has the result "Rundungsdifferenz", not "Widerspruch".

    `findings`: the `compared` frame (columns rules, outcome)."""
    explained = set(" ".join(findings.loc[findings["outcome"] == ROUNDING, "rules"]).split())
    rounding = (checks["result"] == audit.CONTRADICTION) & checks["rule"].isin(explained)
    return checks.assign(result=checks["result"].mask(rounding, ROUNDING))


def _printed(value: str, unit: str) -> str:
    """'46' → '46 %', '>33' → 'mehr als 33 %': the printed value as the report's text reads."""
    value = str(value).strip()
    if unit != "percent":
        return value
    if value.startswith(">"):
        return f"mehr als {value.lstrip('>').strip()}\u00a0%"
    return f"{value}\u00a0%"


def _basis(numerator, denominator) -> str:
    if pd.isna(numerator) or pd.isna(denominator):
        return ""
    return f"{fmt.number(numerator)} von {fmt.number(denominator)}"


def _hint(row) -> str:
    """What a reader needs beside a status: the rounding rule, the audit rule, or the survey's interval."""
    named = row.rules.split()
    rules = f" (Prüfregel{'n' if len(named) > 1 else ''} {', '.join(named)})" if named else ""
    if row.outcome == ROUNDING:
        once = fmt.percent(row.share, audit.parse_printed(str(row.printed_value))[1])
        return f"Werkreport {row.rounding}; kaufmännisch gerundet {once}{rules}"
    if row.outcome == DIFFERS_AUDIT:
        return f"siehe Konsistenzprüfung{rules}"
    if row.outcome == DIFFERS:
        return "Keine Prüfregel erklärt die Abweichung."
    if row.outcome == NO_DATA:
        return "Zum Stichtag liegen dafür keine Daten vor."
    # only a sample (the survey: the answers of those who sent it back) has an interval; complete counts none
    if uncertainty.is_sample(getattr(row, uncertainty.COMPLETE, None)) and pd.notna(row.ci_low):
        return (f"Befragung, {fmt.number(row.denominator)} Fragebögen: 95-%-Intervall (Wilson) "
                f"{uncertainty.interval_text(float(row.ci_low), float(row.ci_high))}")
    return ""


def reader_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """Anlage A's table from the `compared` frame: the German findings table (german_findings) with the
    printed value as the text reads it, the count behind a share ('aus': '12 von 22'), the reader's
    status and a short note. Intervals only for the survey: the other shares are complete counts."""
    german = german_findings(findings)
    shown = pd.DataFrame({
        "Abschnitt": german["Abschnitt"],
        "Kennzahl": german["Kennzahl"],
        "Fundstelle": german["Fundstelle"],
        "berechnet": german["berechnet"],
        "aus": [_basis(n, d) for n, d in zip(findings["numerator"], findings["denominator"])],
        "Werkreport": [_printed(v, u) for v, u in zip(findings["printed_value"], findings["unit"])],
        "Status": [NOT_COMPARED if o == OTHER_DATE else o for o in findings["outcome"]],
        "Hinweis": [_hint(r) for r in findings.itertuples()],
    })
    return shown.reset_index(drop=True)
