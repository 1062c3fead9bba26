"""Set-up as documented: the README's papermill lines run as typed from any folder, the refusal's make command
keeps the delivery and the output root, the one-machine Dask example binds to 127.0.0.1, a quick test target."""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from conftest import RAW, ROOT
from evaluation.publication import provenance

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(containing: str) -> str:
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    return next(b for b in blocks if containing in b)


@pytest.mark.run
def test_readme_papermill_lines_run_from_another_folder(tmp_path):
    block = _block("papermill")
    assert "-p reporting_date" in block and "-p raw_dir" in block and "-p output_dir" in block
    work = tmp_path / "anderswo"
    work.mkdir()
    script = (block.replace("/pfad/zum/projekt", shlex.quote(str(ROOT)))
              .replace("/pfad/zur/lieferung", shlex.quote(str(RAW)))
              .replace("/tmp/strukturen.ipynb", shlex.quote(str(tmp_path / "strukturen.ipynb")))
              .replace("/tmp/probe", shlex.quote(str(tmp_path / "probe"))))
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV",)}
    env["PATH"] = "/usr/bin:/bin"  # no activated .venv: `papermill` alone would not be found
    env.setdefault("EVALUATION_SCRATCH", str(tmp_path / "scratch"))
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=work, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    executed = json.loads((tmp_path / "strukturen.ipynb").read_text(encoding="utf-8"))
    assert not [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert list((tmp_path / "probe").rglob("*.png")) and not list(work.iterdir())


def test_refusal_names_the_make_command_with_delivery_and_output_root(tmp_path):
    reports = tmp_path / "out" / "reports" / "2022-03-31"
    reports.mkdir(parents=True)
    (reports / provenance.FILE).write_text(json.dumps({"raw_files": {"x.csv": {"sha256": "0" * 64}}}),
                                           encoding="utf-8")
    with pytest.raises(Exception) as err:
        provenance.check_unchanged(reports, RAW, "2022-03-31")
    message = str(err.value)
    assert f"make report DATE=2022-03-31 OUT={(tmp_path / 'out').resolve()} FORCE=1" in message


def test_make_offers_a_quick_subset_and_ci_runs_exactly_make_test():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test-quick: setup\n\t\$\(PY\) -m pytest -m unit\n", makefile, re.M)
    assert re.search(r"^test: setup\n\t\$\(PY\) -m pytest\n", makefile, re.M)
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1] == "make test"
    assert "--output-dir $(OUT)" in makefile
    assert "make test-quick" in README and "8–11 Minuten" in README


def test_one_machine_dask_scheduler_listens_only_locally():
    block = _block("dask scheduler")
    scheduler = next(line for line in block.splitlines() if "dask scheduler" in line)
    assert "--host 127.0.0.1" in scheduler
    assert "ohne Anmeldung" in README
