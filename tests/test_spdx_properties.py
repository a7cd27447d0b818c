"""Property tests: the repairs always yield what spdx-tools reads, and every SPDX reader returns
items or raises IngestError, whatever it is given."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sbom_audit.errors import IngestError
from sbom_audit.ingest import IngestOptions
from sbom_audit.ingest.detect import Detected, InputFormat
from sbom_audit.ingest.spdx import read_spdx_serialised
from sbom_audit.ingest.spdx.extract import library_reads_actor
from sbom_audit.ingest.spdx.repair import Repairs, repaired_actor, repaired_timestamp
from sbom_audit.ingest.spdx.tagvalue_repair import repair_tag_value

_SPDX_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_TAGS = ["SPDXVersion", "PackageName", "SPDXID", "PackageSupplier", "Created", "FileName",
         "Relationship", "FilesAnalyzed", "PackageVersion", "PackageComment"]  # fmt: skip
_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["SPDX-2.3", "Huawei", "Organization: A (a@b.cn)", "NOASSERTION", "True",
                     "2026-01-02T03:04Z", "<text>x", "x</text>", "SPDXRef-a DEPENDS_ON SPDXRef-b"]),
)  # fmt: skip
_lines = st.one_of(st.tuples(st.sampled_from(_TAGS), _values).map(": ".join), st.text(max_size=30))
_tag_value = st.lists(_lines, max_size=25).map("\n".join)


@given(text=st.text(max_size=60))
def test_a_repaired_actor_is_one_the_library_reads(text: str) -> None:
    repaired = repaired_actor(text)
    final = text if repaired is None else repaired
    assert final == "NOASSERTION" or library_reads_actor(final)


@given(text=st.text(max_size=40) | st.datetimes().map(lambda d: d.isoformat()))
def test_a_repaired_timestamp_is_in_spdx_form(text: str) -> None:
    repaired = repaired_timestamp(text)
    assert repaired is None or _SPDX_TIME.fullmatch(repaired)


@given(text=_tag_value)
def test_tag_value_repair_maps_every_line_back(text: str) -> None:
    repaired, numbers = repair_tag_value(text, Repairs("t"))
    assert len(numbers) == repaired.count("\n")
    assert all(1 <= number <= text.count("\n") + text.count("\r") + 1 for number in numbers)


@pytest.mark.parametrize(
    ("kind", "texts"),
    [
        (InputFormat.SPDX_TAG_VALUE, _tag_value),
        (InputFormat.SPDX_YAML, st.text(max_size=200)),
        (InputFormat.SPDX_XML, st.text(max_size=200).map(lambda t: f"<Document>{t}</Document>")),
        (InputFormat.SPDX_RDF, st.text(max_size=200).map(lambda t: f"<rdf:RDF>{t}</rdf:RDF>")),
    ],
)
def test_serialised_readers_read_or_refuse_anything(
    kind: InputFormat, texts: st.SearchStrategy[str]
) -> None:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=texts)
    def check(text: str) -> None:
        detected = Detected(kind, text.encode(), None)
        try:
            result = read_spdx_serialised(detected, "s", IngestOptions())
        except IngestError as exc:
            assert str(exc).startswith("s: ") and "\n" not in str(exc)
            return
        assert all(item.provenance.file == "s" for item in result.items)

    check()


def test_an_actor_that_is_only_brackets_is_no_vendor() -> None:
    assert repaired_actor("()") == "NOASSERTION"
