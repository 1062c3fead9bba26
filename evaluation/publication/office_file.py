"""Office Open XML files (befunde.xlsx, the report's Word reference document) with the same bytes for the same data.

openpyxl and python-docx stamp the time of writing into docProps/core.xml and into every zip
member; both are set to the reporting date, so a re-run on unchanged data changes no byte.
"""
from __future__ import annotations

import io
import re
import zipfile


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
