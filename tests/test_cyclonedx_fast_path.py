"""The fast CycloneDX JSON path against the library path, on the corpus and on any JSON.

Known differences, by design:
- cyclonedx-python-lib keeps components and services in sorted sets, so it merges identical
  ones (same fields and the same or no bom-ref) into one; the fast path keeps every one.
  Such files are compared as sets of items, and the extra items must be duplicates.
- The library refuses a whole document over one bad value (an unknown enum value, a purl
  that does not parse, a licence with neither id nor name, ...); the fast path reads it and
  warns. The fast path must never refuse a file the library reads.
- The library also drops `annotations`, `compositions` and `formulation` without a word;
  the audit reads none of them, so items are not affected.
- Where the schema wants a list of strings (an entity's `url`, a service's `endpoints`,
  crypto function lists) and a document gives one string, the library iterates over its
  characters; the fast path takes the string as a list of one, so a supplier's web site
  still gives its domain. Not in the corpus.
- On invalid input found by fuzzing: the library turns `"bom-ref": null` into the ref
  "None" (it calls str() on it), and orjson reads integers beyond 64 bits as floats, so such
  a number used as a name reads differently. Neither occurs in the corpus.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from typing import Any

import pytest
from conftest import CORPUS, EXAMPLE_CYCLONEDX
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sbom_audit.errors import IngestError
from sbom_audit.ingest.cyclonedx import read_cyclonedx_json, read_cyclonedx_json_fast
from sbom_audit.ingest.detect import Detected, InputFormat, detect_format
from sbom_audit.ingest.interface import IngestOptions, ReadResult

OPTIONS = IngestOptions()


def _cyclonedx_json_files() -> list[tuple[str, Detected]]:
    found = []
    for path in sorted(CORPUS.rglob("*")) if CORPUS.is_dir() else []:
        if not path.is_file():
            continue
        try:
            detected = detect_format(path.read_bytes(), str(path))
        except IngestError:
            continue
        if detected.format is InputFormat.CYCLONEDX_JSON:
            found.append((str(path.relative_to(CORPUS)), detected))
    return found


def _read(reader: Any, detected: Detected, shown: str) -> ReadResult | IngestError:
    try:
        result: ReadResult = reader(detected, shown, OPTIONS)
    except IngestError as exc:
        return exc
    return result


def _compare(shown: str, fast: ReadResult, library: ReadResult) -> str:
    if fast.items == library.items and fast.services == library.services:
        return "agree"
    for ours, theirs in ((fast.items, library.items), (fast.services, library.services)):
        assert set(ours) == set(theirs), shown
        extra = Counter(ours) - Counter(theirs)
        assert all(Counter(ours)[element] > 1 for element in extra), shown
    return "library merged identical components"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared SBOM corpus is not at {CORPUS}")
def test_fast_and_library_paths_agree_on_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    outcomes: Counter[str] = Counter()
    for shown, detected in _cyclonedx_json_files():
        fast = _read(read_cyclonedx_json_fast, detected, shown)
        library = _read(read_cyclonedx_json, detected, shown)
        if isinstance(library, IngestError):
            outcomes["library refuses" if isinstance(fast, ReadResult) else "both refuse"] += 1
            assert str(library).startswith(f"{shown}: ")
            continue
        assert isinstance(fast, ReadResult), f"the fast path refuses what the library reads: {fast}"
        outcomes[_compare(shown, fast, library)] += 1
    with capsys.disabled():
        print(f"\nCycloneDX JSON, fast vs library path: {dict(sorted(outcomes.items()))}")
    assert outcomes["agree"] >= 300, outcomes
    assert outcomes["library merged identical components"] <= 3, outcomes


def test_merging_is_the_only_count_difference_on_a_known_file() -> None:
    shown = "cyclonedx-specification/1.2/invalid-component-ref-1.2.json"
    path = CORPUS / shown
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    detected = detect_format(path.read_bytes(), shown)
    fast, library = (
        read_cyclonedx_json_fast(detected, shown, OPTIONS),
        read_cyclonedx_json(detected, shown, OPTIONS),
    )
    assert [item.provenance.ref for item in fast.items] == ["123", "123"]  # twice the same
    assert [item.provenance.ref for item in library.items] == ["123"]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=8)


def _mostly(shape: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The field's proper shape 19 times in 20, else any JSON value."""
    return st.integers(0, 19).flatmap(lambda draw: shape if draw else JSON_VALUES)


def _object(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={k.replace("_", "-"): v for k, v in fields.items()})


def _list_of(shape: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return _mostly(st.lists(shape, max_size=3))


ENTITY = _mostly(
    _object(name=SCALARS, url=_list_of(SCALARS), contact=_list_of(_object(email=SCALARS)))
)
CRYPTO = _mostly(
    _object(
        assetType=SCALARS,
        algorithmProperties=_mostly(_object(primitive=SCALARS, cryptoFunctions=_list_of(SCALARS))),
        relatedCryptoMaterialProperties=_mostly(
            _object(size=SCALARS, securedBy=_mostly(_object(mechanism=SCALARS)))
        ),
        protocolProperties=_mostly(_object(cryptoRefArray=_list_of(SCALARS))),
    )
)
COMPONENT_FIELDS = {
    "name": SCALARS | st.sampled_from(["a", "b"]),
    "type": SCALARS | st.sampled_from(["library", "cryptographic-asset"]),
    "bom_ref": SCALARS | st.sampled_from(["r1", "r2"]),
    "version": SCALARS, "group": SCALARS, "publisher": SCALARS, "author": SCALARS,
    "cpe": SCALARS, "supplier": ENTITY, "manufacturer": ENTITY,
    "purl": SCALARS | st.sampled_from(["pkg:npm/a@1", "pkg:PyPI/A_b@2", "pkg:/"]),
    "authors": _list_of(_object(name=SCALARS, email=SCALARS)),
    "swid": _mostly(_object(tagId=SCALARS)),
    "hashes": _list_of(_object(alg=SCALARS, content=SCALARS)),
    "licenses": _list_of(
        _object(license=_mostly(_object(id=SCALARS, name=SCALARS)), expression=SCALARS)
    ),
    "properties": _list_of(_object(name=SCALARS, value=SCALARS)),
    "externalReferences": _list_of(_object(type=SCALARS, url=SCALARS)),
    "cryptoProperties": CRYPTO,
}  # fmt: skip
COMPONENTS = st.recursive(
    _object(**COMPONENT_FIELDS),
    lambda inner: _object(**COMPONENT_FIELDS, components=_list_of(inner)),
    max_leaves=6,
)
SERVICES = st.recursive(
    _object(name=SCALARS, bom_ref=SCALARS, version=SCALARS, provider=ENTITY,
            endpoints=_list_of(SCALARS)),
    lambda inner: _object(name=SCALARS, services=_list_of(inner)),
    max_leaves=4,
)  # fmt: skip


def _document(body: dict[str, Any]) -> bytes:
    return json.dumps({**body, "bomFormat": "CycloneDX", "specVersion": "1.6"}).encode()


def _items_or_ingest_error(data: bytes) -> None:
    detected = Detected(InputFormat.CYCLONEDX_JSON, data, "1.6")
    try:
        result = read_cyclonedx_json_fast(detected, "bom.json", OPTIONS)
    except IngestError as exc:
        assert str(exc).startswith("bom.json: ")
        return
    assert all(isinstance(item.name, str) for item in result.items)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["components", "metadata", "services"]), JSON_VALUES))
def test_any_json_gives_items_or_an_ingest_error(body: dict[str, Any]) -> None:
    _items_or_ingest_error(_document(body))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _list_of(COMPONENTS),
    _mostly(_object(component=COMPONENTS, manufacturer=ENTITY, supplier=ENTITY)),
    _list_of(SERVICES),
)
def test_component_like_json_gives_items_or_an_ingest_error(
    components: Any, metadata: Any, services: Any
) -> None:
    body = {"components": components, "metadata": metadata, "services": services}
    _items_or_ingest_error(_document(body))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=64))
def test_any_bytes_give_items_or_an_ingest_error(data: bytes) -> None:
    _items_or_ingest_error(data)


def test_the_fast_path_does_not_import_cyclonedx_python_lib() -> None:
    script = (
        "import sys; from pathlib import Path; from sbom_audit.ingest import load_input; "
        f"assert load_input(Path({str(EXAMPLE_CYCLONEDX)!r})).record.item_count == 13; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('cyclonedx', 'py_serializable')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
