"""What compares the computed findings with the printed Werkreport and writes its tables and records.

The notebooks show these tables; evaluation/report renders the executed notebooks as werkreport.html/.docx/.pdf.

    registry         published figures (metadata/published_figures.csv): printed value, German label, function
    reconciliation   the findings table: computed vs. printed, status and note per published value
    printed          the report's printed share where only its rounding differs (footnotes of the chapters)
    audit            consistency audit of the printed report (rules in metadata/audit_rules.csv)
    findings_table   findings.csv/audit.csv for people, findings.json/audit.json for machines, the German tables
    excel_csv        CSV files for people as German Excel opens them (;, UTF-8 with BOM, decimal comma)
    workbook         befunde.xlsx: findings, audit and provenance for Excel, numbers as numbers
    office_file      same data, same bytes for .xlsx and the Word reference document (fixed dates); the names
                     (programme, author, subject) every file's properties carry
    provenance       provenance.json and the guard against replacing a published state by accident
    comparison       reports/comparison/: key figures across several reporting dates
"""
from evaluation.submodules import on_first_use

__getattr__ = on_first_use(__name__)
