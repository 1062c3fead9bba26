"""Office Open XML files (befunde.xlsx, the report's Word reference document) with the same bytes for the same data,
and the names every file for people carries in its properties (xlsx, docx, pdf, html).

openpyxl and python-docx stamp the time of writing into docProps/core.xml and into every zip
member; both are set to the reporting date, so a re-run on unchanged data changes no byte. Without
properties of their own the files would name the writing library ("openpyxl", "python-docx") as author.
"""
from __future__ import annotations

import io
import re
import zipfile

PROGRAMME = "Präventionsketten Niedersachsen"
AUTHOR = f"Evaluation {PROGRAMME}"
LANGUAGE = "de-DE"


def _german(reporting_date: str) -> str:
    year, month, day = reporting_date[:10].split("-")
    return f"{day}.{month}.{year}"


def subject(reporting_date: str) -> str:
    """What every file of a run is about: the programme and the reporting date."""
    return f"Auswertung des Programms {PROGRAMME} zum Stichtag {_german(reporting_date)}"


def keywords(reporting_date: str) -> list[str]:
    return [PROGRAMME, "Werkreport 1", "Evaluation", f"Stichtag {_german(reporting_date)}"]


def fixed_dates(data: bytes, reporting_date: str) -> bytes:
    """The file with created/modified and every zip member's date set to the reporting date."""
    stamp = f"{reporting_date}T00:00:00Z"
    year, month, day = (int(p) for p in reporting_date.split("-"))
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                                 lambda m: m[1] + stamp.encode() + m[2], content)
            member = zipfile.ZipInfo(info.filename, date_time=(year, month, day, 0, 0, 0))
            member.compress_type, member.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            out.writestr(member, content)
    return target.getvalue()
