"""Every real SBOM of the shared corpus is either read or refused with a clear one-line error."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS

from sbom_audit.ingest import load_input

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared SBOM corpus is not present at {CORPUS}"
)


def _corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []


def test_every_corpus_file_is_read_or_refused_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    outcomes: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for path in _corpus_files():
        shown = str(path.relative_to(CORPUS))
        loaded = load_input(path, shown)
        error = loaded.record.error
        if error is None:
            outcomes[f"read {loaded.record.format}"] += 1
            assert loaded.record.item_count == len(loaded.items)
            continue
        outcomes[f"refused {loaded.record.format or 'undetected'}"] += 1
        assert error.startswith(f"{shown}: "), error
        assert "\n" not in error and "Traceback" not in error
        assert "unexpected error" not in error, error
        assert loaded.items == []
        reasons[error.removeprefix(f"{shown}: ")[:60]] += 1
    with capsys.disabled():
        print("\ncorpus outcomes:", dict(sorted(outcomes.items())))
        print("most common refusals:", reasons.most_common(8))
    read = sum(n for outcome, n in outcomes.items() if outcome.startswith("read"))
    assert read >= 400, outcomes


def test_real_world_sboms_yield_components() -> None:
    juice_shop = CORPUS / "cyclonedx-bom-examples" / "SBOM" / "juice-shop" / "v11.1.2" / "bom.json"
    loaded = load_input(juice_shop)
    assert loaded.record.error is None
    assert len(loaded.items) > 500
    assert sum(item.purl is not None for item in loaded.items) > 500
