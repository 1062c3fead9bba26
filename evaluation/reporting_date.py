"""The reporting date (Stichtag): parsed and validated in one place.

papermill hands parameters over as strings (and may coerce them), the command line
too; everything funnels through `parse` so a date is an ISO string everywhere else.
"""
from __future__ import annotations

import datetime as dt
import re

from .errors import ReportingDateError

DEFAULT = "2022-03-31"
_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse(value: object, programme_start: dt.date | None = None,
          today: dt.date | None = None) -> str:
    """Return the reporting date as ISO string or raise a German ReportingDateError."""
    if isinstance(value, dt.datetime):
        date = value.date()
    elif isinstance(value, dt.date):
        date = value
    else:
        text = str(value).strip()
        m = _GERMAN.match(text)
        try:
            date = (dt.date(int(m[3]), int(m[2]), int(m[1])) if m
                    else dt.date.fromisoformat(text))
        except (ValueError, TypeError):
            raise ReportingDateError(
                f"Stichtag „{text}“ ist kein gültiges Datum (erwartet JJJJ-MM-TT, z. B. {DEFAULT}).") from None
    today = today or dt.date.today()
    if date > today:
        raise ReportingDateError(
            f"Stichtag {date:%d.%m.%Y} liegt in der Zukunft (heute ist {today:%d.%m.%Y}).")
    if programme_start and date < programme_start:
        raise ReportingDateError(
            f"Stichtag {date:%d.%m.%Y} liegt vor dem Programmbeginn ({programme_start:%d.%m.%Y}); "
            "für diesen Tag gibt es nichts auszuwerten.")
    return date.isoformat()


def german(iso: str) -> str:
    """31.03.2022 for 2022-03-31."""
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")
