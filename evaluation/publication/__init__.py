"""What compares the computed findings with the printed Werkreport and writes its tables and records.

The notebooks show these tables; evaluation/report renders the executed notebooks as werkreport.html/.docx/.pdf.

    registry         published figures (metadata/published_figures.csv): printed value, German label, function
    reconciliation   the findings table: computed vs. printed, status and note per published value
    printed          the report's printed share where only its rounding differs (footnotes of the chapters)
    audit            consistency audit of the printed report (rules in metadata/audit_rules.csv)
    findings_table   findings.csv/.json, audit.csv, and the German tables every reader sees
    workbook         befunde.xlsx: findings, audit and provenance for Excel
    office_file      same data, same bytes for .xlsx and the Word reference document (fixed dates)
    provenance       provenance.json and the guard against replacing a published state by accident
    comparison       reports/comparison/: key figures across several reporting dates
"""
from evaluation.submodules import on_first_use

__getattr__ = on_first_use(__name__)
