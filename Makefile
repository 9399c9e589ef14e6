# Two commands matter: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test stress lint screenshots bench bundle bundle-test system-deps system-deps-test \
	system-deps-build clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,build]'
	touch $(STAMP)

system-deps:
	scripts/install-system-deps.sh

system-deps-test:
	scripts/install-system-deps.sh --test

system-deps-build:
	scripts/install-system-deps.sh --build

## Start the application (creates the environment first).
run: system-deps $(STAMP)
	$(BIN)/svcrec-desktop

## Lint, then every test, headless.
test: system-deps-test $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

## Many more kill -9 rounds than the normal run (two kills each), and many more mutated
## session files and CSV exports thrown at the readers.
stress: system-deps-test $(STAMP)
	SVCREC_CRASH_ROUNDS=$${SVCREC_CRASH_ROUNDS:-150} QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest -q tests/test_crash.py
	SVCREC_FUZZ_EXAMPLES=$${SVCREC_FUZZ_EXAMPLES:-3000} QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest -q -o faulthandler_timeout=0 \
		tests/test_session_file_fuzz.py tests/test_findings_csv_fuzz.py

## The user guide's pictures (docs/images/), taken from the real window, offscreen.
screenshots: $(STAMP)
	cd scripts && QT_QPA_PLATFORM=offscreen ../$(BIN)/python screenshots.py ../docs/images

## Start-up, capture, export, memory and scale against the floor of Python and Qt on this
## machine; writes docs/benchmarks.md (a few minutes; run it on a quiet machine).
bench: system-deps $(STAMP)
	$(BIN)/python scripts/bench.py --out docs/benchmarks.md

## The application as people install it: dist/svcrec-desktop/ (docs/building.md).
bundle: system-deps-build $(STAMP)
	$(BIN)/pyinstaller --noconfirm build.spec

## Build the bundle, then run its tests on it (make test builds and tests its own copy).
bundle-test: bundle
	SVCREC_BUNDLE=dist/svcrec-desktop QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest -q tests/test_bundle.py

## Style, then the layers: nothing imports a layer above its own, nothing below ui imports Qt.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
