"""The fast SPDX JSON path gives exactly the library path's items, on the whole corpus, and
never fails with anything but an IngestError."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sbom_audit.errors import IngestError
from sbom_audit.ingest import IngestOptions
from sbom_audit.ingest.detect import Detected, InputFormat, detect_format
from sbom_audit.ingest.spdx import read_spdx_json, read_spdx_json_fast

OPTIONS = IngestOptions()


def _spdx_json_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    found = []
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        try:
            if detect_format(path.read_bytes(), str(path)).format is InputFormat.SPDX_JSON:
                found.append(path)
        except IngestError:
            continue
    return found


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared SBOM corpus is not at {CORPUS}")
def test_fast_path_equals_library_path_on_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    outcomes: Counter[str] = Counter()
    refused_by_library: list[str] = []
    for path in _spdx_json_files():
        shown = str(path.relative_to(CORPUS))
        detected = detect_format(path.read_bytes(), shown)
        try:
            library = read_spdx_json(detected, shown, OPTIONS)
        except IngestError as exc:
            refused_by_library.append(str(exc))
            try:
                read_spdx_json_fast(detected, shown, OPTIONS)
                outcomes["library refuses, fast path reads"] += 1
            except IngestError:
                outcomes["both refuse"] += 1
            continue
        fast = read_spdx_json_fast(detected, shown, OPTIONS)  # must not refuse what it reads
        assert fast.items == library.items, shown
        actor_warnings = [w for w in library.warnings if "prefix" in w or "NOASSERTION (" in w]
        assert [w for w in fast.warnings if w in actor_warnings] == actor_warnings, shown
        outcomes["same items"] += 1
    with capsys.disabled():
        print(f"\nSPDX JSON fast path vs library: {dict(outcomes)}")
    assert outcomes["same items"] >= 70, outcomes
    assert sum(outcomes.values()) >= 80


# Documents shaped like SPDX JSON, with values of any JSON type where the fields are read.
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
    st.sampled_from(["NOASSERTION", "NONE", "Organization: A (a@b.cn)", "Person: B", "Huawei",
                     "MIT OR Apache-2.0", "SPDXRef-a", "DEPENDS_ON", "SHA256", "purl"]),
)  # fmt: skip
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_package_keys = ["SPDXID", "name", "versionInfo", "supplier", "originator", "externalRefs",
                 "checksums", "licenseDeclared", "licenseConcluded", "primaryPackagePurpose",
                 "hasFiles", "referenceType", "referenceLocator", "algorithm", "checksumValue"]  # fmt: skip
_relationship_keys = ["spdxElementId", "relationshipType", "relatedSpdxElement"]
_package = st.dictionaries(st.sampled_from(_package_keys), _json, max_size=6)
_document = st.fixed_dictionaries(
    {"spdxVersion": st.sampled_from(["SPDX-2.3", "SPDX-2.2", "SPDX-3.0", 2])},
    optional={
        "SPDXID": _json,
        "packages": st.lists(_package, max_size=3) | _json,
        "relationships": st.lists(st.dictionaries(st.sampled_from(_relationship_keys), _json))
        | _json,
        "documentDescribes": _json,
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_document)
def test_fast_path_reads_or_refuses_any_json(document: dict[str, Any]) -> None:
    data = json.dumps(document).encode()
    detected = Detected(InputFormat.SPDX_JSON, data, "SPDX-2.3")
    try:
        result = read_spdx_json_fast(detected, "x.json", OPTIONS)
    except IngestError as exc:
        assert str(exc).startswith("x.json: ")
        return
    assert len(result.items) == len(document.get("packages") or [])


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_fast_path_never_crashes_on_bytes(data: bytes) -> None:
    detected = Detected(InputFormat.SPDX_JSON, data, None)
    with contextlib.suppress(IngestError):
        read_spdx_json_fast(detected, "x.json", OPTIONS)


def test_deeply_nested_json_is_refused_cleanly() -> None:
    data = b'{"spdxVersion": "SPDX-2.3", "comment": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    detected = Detected(InputFormat.SPDX_JSON, data, "SPDX-2.3")
    with pytest.raises(IngestError, match=r"^x\.json: "):
        read_spdx_json_fast(detected, "x.json", OPTIONS)
