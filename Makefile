.PHONY: dev lint test bench examples

dev:
	python3 -m venv .venv && .venv/bin/pip install -e '.[test]'

lint:
	.venv/bin/ruff check sbom_audit tests examples benchmarks
	.venv/bin/ruff format --check sbom_audit tests examples benchmarks
	.venv/bin/mypy sbom_audit

test:
	.venv/bin/python -m pytest

bench:
	.venv/bin/python benchmarks/audit.py
	.venv/bin/python benchmarks/ingest.py
	.venv/bin/python benchmarks/spreadsheet.py
	.venv/bin/python benchmarks/validate.py

examples:
	.venv/bin/python examples/make_examples.py
