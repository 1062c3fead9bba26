"""environment.yml (conda users) and pyproject.toml (pip) must list the same pins."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pins(lines):
    out = {}
    for line in lines:
        m = re.match(r"^\s*-?\s*\"?([A-Za-z0-9_.\-]+)\s*==\s*([^\"\s,]+)", line)
        if m:
            out[m[1].lower().replace("_", "-")] = m[2]
    return out


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_pins = _pins(project["dependencies"])
    conda_pins = _pins((ROOT / "environment.yml").read_text(encoding="utf-8").splitlines())
    assert pip_pins, "no pinned dependencies found in pyproject.toml"
    assert conda_pins == pip_pins


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "3.11" in project["requires-python"]
    assert "python=3.11" in (ROOT / "environment.yml").read_text(encoding="utf-8")
