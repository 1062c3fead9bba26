"""environment.yml (conda users) and pyproject.toml (pip) must list the same pins and Python range."""
import re
import tomllib
from pathlib import Path

from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]

# Versions probed when comparing two Python ranges: every 3.N.P a range could tell apart.
_PROBES = [f"3.{minor}.{patch}" for minor in range(30) for patch in (0, 1, 50)]


def _pins(lines):
    out = {}
    for line in lines:
        m = re.match(r"^\s*-?\s*\"?([A-Za-z0-9_.\-]+)\s*==\s*([^\"\s,]+)", line)
        if m:
            out[m[1].lower().replace("_", "-")] = m[2]
    return out


def _requires_python() -> SpecifierSet:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return SpecifierSet(project["requires-python"])


def _conda_python() -> SpecifierSet:
    """The `- python…` line of environment.yml as a pip specifier (conda's `=3.11` means 3.11.*)."""
    specs = [m[1] for m in re.finditer(r"^\s*-\s*python\s*([<>=!~][^#\n]*?)\s*(?:#.*)?$",
                                       (ROOT / "environment.yml").read_text(encoding="utf-8"), re.M)]
    assert len(specs) == 1, f"expected one python line with a version in environment.yml, found {specs}"
    parts = []
    for part in specs[0].split(","):
        part = part.strip()
        if re.fullmatch(r"=[^=].*", part):  # conda's fuzzy `=3.11`
            part = "=" + part + ("" if part.endswith("*") else ".*")
        parts.append(part)
    return SpecifierSet(",".join(parts))


def _accepted(spec: SpecifierSet) -> list[str]:
    return [v for v in _PROBES if spec.contains(v, prereleases=False)]


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_pins = _pins(project["dependencies"])
    conda_pins = _pins((ROOT / "environment.yml").read_text(encoding="utf-8").splitlines())
    assert pip_pins, "no pinned dependencies found in pyproject.toml"
    assert conda_pins == pip_pins


def test_python_version_agrees():
    """The same Python versions for conda (environment.yml) and pip (requires-python)."""
    pip_range, conda_range = _requires_python(), _conda_python()
    assert _accepted(pip_range), f"requires-python {pip_range} accepts no Python 3"
    assert _accepted(conda_range) == _accepted(pip_range), (
        f"environment.yml python{conda_range} and requires-python {pip_range} accept different versions")


def test_makefile_and_ci_cover_requires_python():
    """The Makefile's interpreter search and the CI test matrix name exactly the accepted 3.N."""
    minors = {v.rsplit(".", 1)[0] for v in _accepted(_requires_python())}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    m = re.search(r"^PYTHON_VERSIONS\s*:?=\s*(.+)$", makefile, re.M)
    assert m, "PYTHON_VERSIONS not found in Makefile"
    assert set(m[1].split()) == minors
    workflow = (ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8")
    m = re.search(r"^\s*python-version:\s*\[([^\]]*)\]", workflow, re.M)
    assert m, "python-version matrix not found in .github/workflows/tests.yml"
    assert {v.strip().strip("\"'") for v in m[1].split(",")} == minors
