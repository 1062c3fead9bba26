# Two commands on a fresh machine: `make report` and `make test`.
# Python 3.11–3.13 (requires-python in pyproject.toml; tests/test_environment.py keeps them in step).
# Without PYTHON=… the newest python3.13/3.12/3.11 on PATH that actually runs (pyenv shims may not),
# else python3 if it is one of these versions; empty if none fits (the $(STAMP) rule then says so).
# An existing .venv with one of these versions is kept (a venv over another Python's venv mixes both);
# one that does not run or has another version is created anew (--clear).
PYTHON_VERSIONS := 3.13 3.12 3.11
PYTHON_ACCEPTED := Python 3.11, 3.12 oder 3.13
PY_VERSION_OK := import sys; sys.exit("%d.%d" % sys.version_info[:2] not in "$(PYTHON_VERSIONS)".split())
PYTHON ?= $(shell for p in $(addprefix python,$(PYTHON_VERSIONS)) python3; do \
  "$$p" -c '$(PY_VERSION_OK)' >/dev/null 2>&1 && { echo "$$p"; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATE ?= 2022-03-31
RAW ?=
OUT ?=
FORCE ?=
KERNEL := praeventionsketten

.PHONY: setup report delivery test test-quick notebooks benchmark clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Kein passendes Python gefunden (gesucht: $(addprefix python,$(PYTHON_VERSIONS)) python3) – benötigt wird $(PYTHON_ACCEPTED). Bitte installieren oder den Interpreter angeben, z. B. make setup PYTHON=/usr/bin/python3.12"; exit 1; }
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) fehlt – bitte $(PYTHON_ACCEPTED) installieren oder PYTHON=… angeben, z. B. make setup PYTHON=python3.12"; exit 1; }
	@if $(PY) -c '$(PY_VERSION_OK)' 2>/dev/null; then \
	  echo "$(VENV) besteht schon mit Python $$($(PY) -c 'import platform; print(platform.python_version())') und wird weiterverwendet (für ein anderes Python $(VENV) löschen)"; \
	else echo "$(PYTHON) -m venv --clear $(VENV)"; $(PYTHON) -m venv --clear $(VENV); fi
	@$(PY) -c '$(PY_VERSION_OK)' || { echo "$(PY) ist Python $$($(PY) -c 'import platform; print(platform.python_version())') – benötigt wird $(PYTHON_ACCEPTED). Bitte ein passendes Python angeben, z. B. make setup PYTHON=python3.12"; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Präventionsketten (Python $$($(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])'))" >/dev/null
	touch $(STAMP)

setup: $(STAMP)

## Pipeline for the default reporting date (data/processed, figures, reports incl. werkreport.html/.docx/.pdf);
## RAW=… another delivery, OUT=… another output root (the refusal of a replaced state names both).
report: setup
	$(PY) -m evaluation run --reporting-date $(DATE) $(if $(RAW),--raw-dir $(RAW)) $(if $(OUT),--output-dir $(OUT)) $(if $(FORCE),--force)

## Accept a new delivery: check every file, then renew its MANIFEST.csv (make delivery RAW=/pfad/zur/lieferung).
delivery: setup
	$(PY) -m evaluation manifest $(if $(RAW),--raw-dir $(RAW))

## All tests: unit tests, nbval on the committed notebooks, the rendered report files (pandoc, Typst).
## Takes about 6 minutes on 2 cores (longer on a busy machine); .ci/run calls exactly this.
test: setup
	$(PY) -m pytest

## The fast subset while working: package tests without notebook runs (pytest -m unit, 1–4 minutes).
test-quick: setup
	$(PY) -m pytest -m unit

## Re-execute the committed notebooks for the default date (after changing them).
notebooks: setup
	$(PY) -m evaluation notebooks --refresh

benchmark: setup
	$(PY) benchmarks/run_benchmark.py

clean:
	rm -rf data/processed/20* figures/20* reports/20* .versions
