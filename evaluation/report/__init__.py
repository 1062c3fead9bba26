"""The report: the executed notebooks, in the order of notebooks/_toc.yml, rendered as HTML, Word and PDF.

    display   what a notebook cell shows for the reader: prose, a figure with its caption, a table
    toc       notebooks/_toc.yml as a frozen Toc (title, subtitle, chapters, appendices, profile notebook)
    collect   executed notebooks → one pandoc-Markdown document (code hidden, footnotes unique)
    render    Markdown → werkreport.html/.docx/.pdf with pandoc (pypandoc-binary) and Typst (typst)

Here, both running the same chain (collect, then render):

    build(executed_dir, figures_dir, reports_dir, reporting_date, toc) -> {"html": …, "docx": …, "pdf": …}
    profile_page(executed_notebook, figures_dir, output_html) -> output_html
"""
from __future__ import annotations

from pathlib import Path

from evaluation.report import collect, render
from evaluation.report.display import data_csv, figure, prose, table
from evaluation.report.toc import Toc

__all__ = ["build", "data_csv", "figure", "profile_page", "prose", "table", "Toc"]

STEM = "werkreport"


def title_page(toc: Toc, reporting_date: str) -> render.Meta:
    """Title, subtitle with the German reporting date, „Stand“, the line on reconstructed data."""
    from evaluation.reporting_date import german
    return render.Meta(title=toc.title, subtitle=toc.subtitle_for(reporting_date),
                       date=f"Stand: {german(reporting_date)}", note=render.RECONSTRUCTED,
                       pagetitle=f"{toc.title} – Stichtag {german(reporting_date)}", reporting_date=reporting_date)


def build(executed_dir: Path, figures_dir: Path, reports_dir: Path, reporting_date: str, toc: Toc,
          formats=render.FORMATS) -> dict[str, Path]:
    """reports_dir/werkreport.html, .docx, .pdf from `executed_dir/<name>.ipynb` in the order of `toc`.

    Raises NotebookError (German, naming notebook and cell) for a missing notebook, an error output or a
    missing figure file; RenderError when pandoc or Typst fail.
    """
    from evaluation.reporting_date import parse
    reporting_date = parse(reporting_date)
    collected = collect.collect(Path(executed_dir), toc, Path(figures_dir))
    return render.render(collected.markdown, title_page(toc, reporting_date), reporting_date, Path(reports_dir),
                         Path(figures_dir), collected.figures, collected.images, formats=formats, stem=STEM)


def profile_page(executed_notebook: Path, figures_dir: Path | None, output_html: Path) -> Path:
    """One executed Kommunensteckbrief notebook as one self-contained HTML page (no title page, no TOC).

    The page's <title> is its first heading and the reporting date of the notebook's parameters.
    """
    from evaluation import formatting as fmt
    executed_notebook, output_html = Path(executed_notebook), Path(output_html)
    collected = collect.collect_notebook(executed_notebook, figures_dir)
    nb = collect.read_notebook(executed_notebook)
    date = nb.get("metadata", {}).get("papermill", {}).get("parameters", {}).get("reporting_date")
    title = collected.title or "Kommunensteckbrief"
    meta = render.Meta(title=title, pagetitle=f"{title} – Stichtag {fmt.date(date)}" if date else title,
                       reporting_date=date or "")
    written = render.render(collected.markdown, meta, date or "2000-01-01", output_html.parent, figures_dir,
                            collected.figures, collected.images, formats=("html",), toc=False,
                            stem=output_html.stem)
    if written["html"] != output_html:  # a suffix other than .html
        written["html"].replace(output_html)
    return output_html
