# Two commands on a fresh machine: `make report` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATE ?= 2022-03-31
KERNEL := praeventionsketten

.PHONY: setup browser report test notebooks benchmark clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) fehlt – bitte Python 3.11 installieren oder PYTHON=… angeben"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Präventionsketten (Python 3.11)" >/dev/null
	touch $(STAMP)

setup: $(STAMP)

## Pipeline for the default reporting date (data/processed, figures, reports).
report: setup
	$(PY) -m evaluation run --reporting-date $(DATE)

## Headless Chromium for the report test (Debian's package; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Chromium fehlt – installiere Debians Paket chromium …"; \
	    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Hinweis: Chromium fehlt und kann ohne root/apt nicht installiert werden; der Browser-Test wird übersprungen."; fi; }

## All tests: unit tests, nbval on the committed notebooks, the report in headless Chromium.
test: setup browser
	$(PY) -m pytest

## Re-execute the committed notebooks for the default date (after changing them).
notebooks: setup
	$(PY) -m evaluation notebooks --refresh

benchmark: setup
	$(PY) benchmarks/run_benchmark.py

clean:
	rm -rf data/processed/20* figures/20* reports/20*
