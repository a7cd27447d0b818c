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

examples:
	.venv/bin/python examples/make_examples.py
