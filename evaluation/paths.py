"""Where things live: resolved from the project root, never from the current directory.

JupyterLab and nbval run notebooks in `notebooks/`, papermill in the caller's folder;
resolving from the root makes all three agree.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
METADATA_DIR = PACKAGE_DIR / "metadata"


def project_root() -> Path:
    """The folder holding `data/raw/`: $EVALUATION_ROOT, the package's parent, or a parent of cwd."""
    env = os.environ.get("EVALUATION_ROOT")
    if env:
        return Path(env).resolve()
    for candidate in (PACKAGE_DIR.parent, *Path.cwd().resolve().parents, Path.cwd().resolve()):
        if (candidate / "data" / "raw").is_dir() and (candidate / "notebooks").is_dir():
            return candidate
    return PACKAGE_DIR.parent


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def output_layout(output_dir: Path, reporting_date: str) -> dict[str, Path]:
    """The three per-date output folders under an output root (default: the project root)."""
    return {
        "processed": Path(output_dir) / "data" / "processed" / reporting_date,
        "figures": Path(output_dir) / "figures" / reporting_date,
        "reports": Path(output_dir) / "reports" / reporting_date,
    }


def figures_for(reporting_date: str, figures_dir: str | Path | None = None) -> Path:
    """figures/<date>/ under `figures_dir` (default: the project's figures/)."""
    return Path(figures_dir or project_root() / "figures") / reporting_date


def reports_for(reporting_date: str, reports_dir: str | Path | None = None) -> Path:
    """reports/<date>/ under `reports_dir` (default: the project's reports/)."""
    return Path(reports_dir or project_root() / "reports") / reporting_date
