"""Every real SBOM of the shared corpus is either read or refused with a clear one-line error."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

from sbom_audit.ingest import load_input

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared SBOM corpus is not present at {CORPUS}"
)


def _corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []


def test_every_corpus_file_is_read_or_refused_cleanly() -> None:
    files = _corpus_files()
    read = 0
    for path in files:
        shown = str(path.relative_to(CORPUS))
        loaded = load_input(path, shown)
        if loaded.record.error is None:
            read += 1
            assert loaded.record.item_count == len(loaded.items)
        else:
            assert loaded.record.error.startswith(f"{shown}: "), loaded.record.error
            assert "\n" not in loaded.record.error and "Traceback" not in loaded.record.error
            assert loaded.items == []
    assert read >= 350, f"only {read} of {len(files)} corpus files were read"


def test_real_world_sboms_yield_components() -> None:
    keycloak_like = (
        CORPUS / "cyclonedx-bom-examples" / "SBOM" / "juice-shop" / "v11.1.2" / "bom.json"
    )
    loaded = load_input(keycloak_like)
    assert loaded.record.error is None
    assert len(loaded.items) > 500
    assert sum(item.purl is not None for item in loaded.items) > 500
