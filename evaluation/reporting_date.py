"""The reporting date (Stichtag): parsed and validated in one place.

papermill hands parameters over as strings (and may coerce them), the command line
too; everything funnels through `parse` so a date is an ISO string everywhere else.
"""
from __future__ import annotations

import datetime as dt
import re

from evaluation.errors import ReportingDateError

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
                f"Stichtag „{text}“ ist kein gültiges Datum (erwartet JJJJ-MM-TT oder TT.MM.JJJJ, z. B. {DEFAULT} "
                f"oder {german(DEFAULT)}).") from None
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


def last_quarter_end(today: dt.date | None = None) -> dt.date:
    """The latest quarter end on or before today (31.03., 30.06., 30.09., 31.12.)."""
    today = today or dt.date.today()
    for month, day in ((12, 31), (9, 30), (6, 30), (3, 31)):
        candidate = dt.date(today.year, month, day)
        if candidate <= today:
            return candidate
    return dt.date(today.year - 1, 12, 31)


def _quarter_end(text: str) -> dt.date:
    m = re.match(r"^(\d{4})Q([1-4])$", text.strip(), re.IGNORECASE)
    if not m:
        raise ReportingDateError(f"„{text}“ ist kein Quartal (erwartet z. B. 2019Q4).")
    month = 3 * int(m[2])
    return dt.date(int(m[1]), month, 31 if month in (3, 12) else 30)


def expand(value: str, today: dt.date | None = None) -> list[str]:
    """Command-line forms → ISO dates: a date, 'latest-quarter', or a quarter range '2019Q4..2022Q1'."""
    text = str(value).strip()
    if text.lower() == "latest-quarter":
        return [last_quarter_end(today).isoformat()]
    if ".." in text:
        first, last = (_quarter_end(part) for part in text.split("..", 1))
        if last < first:
            raise ReportingDateError(f"Quartalsbereich „{text}“ endet vor seinem Anfang.")
        dates, year, quarter = [], first.year, (first.month // 3)
        while True:
            end = _quarter_end(f"{year}Q{quarter}")
            if end > last:
                return dates
            dates.append(end.isoformat())
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return [text]
