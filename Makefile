# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make run    set up, then open the reader on the bundled demo article
#   make test   set up, then run the linters and the tests
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint pytest bench setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/byline tests/data/newslooks-ishiba.html

test: lint pytest

pytest: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/storage.py
	$(BIN)/python bench/first_paint.py
	$(BIN)/python bench/refresh.py
	$(BIN)/python bench/hostile.py

clean:
	rm -rf $(VENV) build *.egg-info
