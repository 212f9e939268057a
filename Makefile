# The README's two commands are `make run` and `make test`; the rest are helpers.
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
PY := .venv/bin/python

.PHONY: run test install install-test ingest eval calibrate bench lint

run: install          ## install everything, then start the app (ingests corpus/ on first use)
	$(PY) app.py

test: install-test    ## install everything, then run the whole test suite
	$(PY) -m pytest

install:
	scripts/bootstrap.sh

install-test:
	scripts/bootstrap.sh --test

ingest: install       ## (re)ingest corpus/ incrementally
	$(PY) -m ingest --quiet

eval: ingest          ## score retrieval, answers and advice on the dev set
	$(PY) -m ingest.evalprep library2
	$(PY) -m assistant.eval

calibrate: install-test  ## fit the answerability model and the advice block selection on the train splits
	$(PY) -m ingest --quiet
	$(PY) -m assistant.calibrate
	$(PY) -m assistant.advice.fit

bench: ingest         ## speed and memory figures
	$(PY) benchmarks/run_all.py

lint: install-test
	.venv/bin/ruff check .
