"""The one tag-value parser is safe to reuse: no state leaks from one document to the next."""

from __future__ import annotations

import pytest
from spdx_tools.spdx.parser.tagvalue import parser as library_parser
from test_spdx_serialisations import TAG_VALUE

from sbom_audit.errors import IngestError
from sbom_audit.ingest.spdx import tagvalue as spdx_tagvalue
from sbom_audit.ingest.spdx.extract import SpdxDocument
from sbom_audit.ingest.spdx.repair import Repairs


def _parse(text: str) -> SpdxDocument:
    return spdx_tagvalue.parse_tag_value(text.encode(), "t.spdx", Repairs("t.spdx"))


def test_reuse_after_a_refused_document_and_an_unterminated_text_block() -> None:
    first = _parse(TAG_VALUE)
    with pytest.raises(IngestError):
        _parse(
            TAG_VALUE.replace(
                "PackageName: zlib", "PackageName: zlib\nPrimaryPackagePurpose: ROBOT"
            )
        )
    with pytest.raises(IngestError):
        _parse(TAG_VALUE + "PackageName: open\nPackageComment: <text>never closed\n")
    spdx_tagvalue._parser = None  # a fresh parser must read it the same
    fresh = _parse(TAG_VALUE)
    assert _parse(TAG_VALUE) == first == fresh
    assert [package.name for package in first.packages] == ["gaussdb", "zlib"]


def test_errors_report_lines_of_the_current_document() -> None:
    _parse(TAG_VALUE)
    with pytest.raises(IngestError, match=r"Line: 2$"):
        _parse("SPDXVersion: SPDX-2.3\nPackageChecksum: SHA256: 00\n")


def test_the_licence_index_is_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    def rebuild() -> None:
        raise AssertionError("the licence index was built again")

    _parse(TAG_VALUE)
    monkeypatch.setattr(library_parser, "get_spdx_licensing", rebuild)
    assert _parse(TAG_VALUE).packages[0].licenses == ("MIT OR Apache-2.0",)
