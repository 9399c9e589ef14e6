# Two commands matter: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: what running needs (`make run`), and that plus the test and build tools (the
# rest). The full install also stamps the lean one, so `make run` after `make test` installs
# nothing, while `make test` after `make run` adds the tools.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
# The core's own environment, without PySide6: its tests passing there prove the core needs no Qt.
CORE_VENV := .venv-core
CORE_BIN := $(CORE_VENV)/bin
CORE_STAMP := $(CORE_VENV)/.installed
# The application's dependencies but Qt, and the core's test tools: both read from pyproject.toml.
CORE_REQUIREMENTS := import tomllib; project = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	print(*(r for r in project["dependencies"] + project["optional-dependencies"]["core-test"] \
	if not r.startswith("PySide6")), sep="\n")

.PHONY: run test test-core stress lint screenshots bench bundle bundle-test system-deps \
	system-deps-test system-deps-build clean

$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,build]'
	touch $(STAMP) $(RUN_STAMP)

$(CORE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(CORE_VENV)
	$(CORE_BIN)/python -c '$(CORE_REQUIREMENTS)' > $(CORE_VENV)/requirements.txt
	$(CORE_BIN)/python -m pip install --quiet --disable-pip-version-check \
		-r $(CORE_VENV)/requirements.txt
	$(CORE_BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(CORE_STAMP)

system-deps:
	scripts/install-system-deps.sh

system-deps-test:
	scripts/install-system-deps.sh --test

system-deps-build:
	scripts/install-system-deps.sh --build

## Start the application (creates the environment first).
run: system-deps $(RUN_STAMP)
	$(BIN)/svcrec-desktop

## Lint, then every test once, headless: the core's (tests/core) where PySide6 is not
## installed, then the window's (tests/ui). Without pytest-qt, its settings in pyproject.toml
## are unknown options there: that warning is expected.
test: system-deps-test $(STAMP) $(CORE_STAMP) lint
	SVCREC_WITHOUT_QT=1 $(CORE_BIN)/python -m pytest \
		-W 'ignore:Unknown config option:pytest.PytestConfigWarning' tests/core
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/ui

## The core's tests in the usual environment, in a minute or two: the slow ones (kill -9,
## fuzzing, LibreOffice) are left to `make test`.
test-core: $(STAMP)
	$(BIN)/python -m pytest -q -m 'not slow' tests/core

## Many more kill -9 rounds than the normal run (two kills each), and many more mutated
## session files and CSV exports thrown at the readers.
stress: system-deps-test $(STAMP)
	SVCREC_CRASH_ROUNDS=$${SVCREC_CRASH_ROUNDS:-150} QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest -q tests/ui/test_crash.py
	SVCREC_FUZZ_EXAMPLES=$${SVCREC_FUZZ_EXAMPLES:-3000} \
		$(BIN)/python -m pytest -q -o faulthandler_timeout=0 \
		tests/core/test_session_file_fuzz.py tests/core/test_findings_csv_fuzz.py

## The user guide's pictures (docs/images/), taken from the real window, offscreen.
screenshots: $(STAMP)
	cd scripts && QT_QPA_PLATFORM=offscreen ../$(BIN)/python screenshots.py ../docs/images

## Start-up, capture, export, memory and scale against the floor of Python and Qt on this
## machine, each goal's ratio with its limit; writes docs/benchmarks.md (about 3 minutes; run
## it on a quiet machine). `make bench BENCH=--quick`: the goals' sizes, fewer runs (under 2).
## The bundled start-up is measured only when `make bundle` has built dist/svcrec-desktop.
bench: system-deps $(STAMP)
	$(BIN)/python scripts/bench.py --out docs/benchmarks.md $(BENCH)

## The application as people install it: dist/svcrec-desktop/ (docs/building.md).
bundle: system-deps-build $(STAMP)
	$(BIN)/pyinstaller --noconfirm build.spec

## Build the bundle, then run its tests on it (make test builds and tests its own copy).
bundle-test: bundle
	SVCREC_BUNDLE=dist/svcrec-desktop QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest -q tests/ui/test_bundle.py

## Style; the layers: nothing imports a layer above its own, nothing below ui imports Qt; the
## types (mypy, configured in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(CORE_VENV) build dist .pytest_cache .ruff_cache
