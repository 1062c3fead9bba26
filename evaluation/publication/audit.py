"""Consistency audit of the published report itself, driven by rules (metadata/audit_rules.csv).

Rule kinds: `anteil` — a printed percentage must follow from an integer count over its
stated n under half-up rounding; `anteil_mindestens` — "more than …" statements;
`gemeinsames_n` — several percentages of one survey must share one n; `summe` — parts
add up to the stated total; `gleich` — summary (section 4) equals body; `monat_jahr` —
counts per year are twelve times those per month. The audit knows no particular error:
it finds what the rules find, and sets beside it what the data give at the reporting date.
"""
from __future__ import annotations

import math

import pandas as pd

from .. import formatting as fmt, metadata_files
from .registry import labels, published

OK, CONTRADICTION, NOTE = "stimmig", "Widerspruch", "Hinweis"
COLUMNS = ["rule", "kind", "ids", "result", "finding", "data_reading"]


def rules() -> pd.DataFrame:
    return metadata_files.read("audit_rules.csv")


def parse_printed(text: str):
    """'54,5' → (54.5, 1 decimal); '>33' → (33, 0); '2-3' → ((2, 3), 0)."""
    text = text.strip().lstrip(">").strip()
    if "-" in text:
        low, high = text.split("-")
        return (float(low), float(high)), 0
    decimals = len(text.split(",")[1]) if "," in text else 0
    return float(text.replace(",", ".")), decimals


def _pct(k: int, n: int, decimals: int = 1) -> str:
    return fmt.percent(k / n, decimals)


def _check_share(printed: str, n: int):
    value, d = parse_printed(printed)
    fits = [k for k in range(n + 1) if float(fmt.round_half_up(100 * k / n, d)) == value]
    if fits:
        k = fits[0]
        return OK, f"{printed} % folgt aus {k} von {n} ({_pct(k, n)})."
    below = max(k for k in range(n + 1) if 100 * k / n < value) if value > 0 else 0
    above = below + 1
    text = (f"{printed} % folgt aus keiner ganzen Zahl von {n}: {below} von {n} ergibt {_pct(below, n)} "
            f"(gerundet {fmt.percent(below / n, d)})")
    if above <= n:
        text += f", {above} von {n} ergibt {_pct(above, n)} (gerundet {fmt.percent(above / n, d)})"
    truncated = [k for k in range(n + 1) if math.floor(100 * k / n * 10 ** d) / 10 ** d == value]
    if truncated:
        text += f"; abgeschnitten statt gerundet passt {truncated[0]} von {n}"
    return CONTRADICTION, text + "."


def _resolve_n(ref: str, dataset) -> int:
    if ref.startswith("register:"):
        return int((dataset.register["type"] == ref.split(":", 1)[1]).sum())
    return int(ref)


def _value(token: str, printed: dict[str, str]) -> float:
    if token in printed:
        return parse_printed(printed[token])[0]
    return float(token)


def _label(token: str, printed: dict[str, str]) -> str:
    return f"{printed[token]} ({labels().get(token, token)})" if token in printed else token


def _data_reading(ids: list[str], findings: pd.DataFrame | None) -> str:
    if findings is None:
        return ""
    table = findings.set_index("id")
    parts = []
    for i in ids:
        if i in table.index:
            row = table.loc[i]
            frac = f" = {int(row['numerator'])} von {int(row['denominator'])}" \
                if pd.notna(row["denominator"]) and pd.notna(row["numerator"]) else ""
            parts.append(f"{labels().get(i, i)}: {row['display']}{frac}")
    return "; ".join(parts)


def run(dataset, findings: pd.DataFrame | None = None, printed_table: pd.DataFrame | None = None,
        rule_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Apply every rule to the printed values; `findings` adds what the data give."""
    printed_table = published() if printed_table is None else printed_table
    printed = dict(zip(printed_table["id"], printed_table["printed_value"]))
    out = []
    for rule in (rules() if rule_table is None else rule_table).itertuples(index=False):
        ids = rule.Kennungen.split()
        if rule.Art == "anteil":
            result, text = _check_share(printed[ids[0]], _resolve_n(rule.Bezug, dataset))
        elif rule.Art == "anteil_mindestens":
            n = _resolve_n(rule.Bezug, dataset)
            value, _ = parse_printed(printed[ids[0]])
            k = next(k for k in range(n + 1) if 100 * k / n > value)
            result, text = OK, f"„mehr als {printed[ids[0]].lstrip('>')} %“ heißt bei n = {n} mindestens {k} Kommunen ({_pct(k, n)})."
        elif rule.Art == "gemeinsames_n":
            low, high = (int(x) for x in rule.Bezug.split("-"))
            values = [parse_printed(printed[i]) for i in ids]
            fitting = [n for n in range(low, high + 1) if all(
                any(float(fmt.round_half_up(100 * k / n, d)) == v for k in range(n + 1)) for v, d in values)]
            if fitting:
                n = fitting[0]
                counts = [next(k for k in range(n + 1) if float(fmt.round_half_up(100 * k / n, d)) == v) for v, d in values]
                result, text = NOTE, (f"n ist nicht angegeben; die Anteile {', '.join(printed[i] + ' %' for i in ids)} passen "
                                      f"zusammen erst ab n = {n} ({', '.join(f'{k} von {n}' for k in counts)}).")
            else:
                result, text = CONTRADICTION, f"Kein n zwischen {low} und {high} erklärt alle Anteile zugleich."
        elif rule.Art == "summe":
            total = _value(rule.Bezug, printed)
            parts = sum(_value(t, printed) for t in ids)
            expr = " + ".join(_label(t, printed) for t in ids)
            if math.isclose(parts, total):
                result, text = OK, f"{expr} = {fmt.number(parts)} wie angegeben."
            else:
                result, text = CONTRADICTION, f"{expr} = {fmt.number(parts)}, angegeben ist {_label(rule.Bezug, printed)}."
        elif rule.Art == "gleich":
            a, b = _value(ids[0], printed), _value(rule.Bezug, printed)
            if math.isclose(a, b):
                result, text = OK, f"{_label(ids[0], printed)} = {_label(rule.Bezug, printed)}."
            else:
                result, text = CONTRADICTION, f"{_label(ids[0], printed)} ≠ {_label(rule.Bezug, printed)}."
        elif rule.Art == "monat_jahr":
            (m_low, m_high), _ = parse_printed(printed[ids[0]])
            (y_low, y_high), _ = parse_printed(printed[rule.Bezug])
            if (y_low, y_high) == (12 * m_low, 12 * m_high):
                result, text = OK, f"{printed[rule.Bezug]} pro Jahr = 12 × {printed[ids[0]]} pro Monat."
            else:
                result, text = CONTRADICTION, f"{printed[rule.Bezug]} pro Jahr ≠ 12 × {printed[ids[0]]} pro Monat."
        else:
            raise ValueError(f"unbekannte Regelart {rule.Art!r} in audit_rules.csv")
        involved = ids + ([rule.Bezug] if rule.Bezug in printed else [])
        involved = [i for i in involved if i in printed]
        out.append((rule.Regel, rule.Art, " ".join(involved), result,
                    f"{rule.Beschreibung}: {text}", _data_reading(involved, findings)))
    return pd.DataFrame(out, columns=COLUMNS)
