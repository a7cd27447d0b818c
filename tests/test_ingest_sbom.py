from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_CYCLONEDX, EXAMPLE_SPDX

from sbom_audit.ingest import IngestOptions, Limits, load_input
from sbom_audit.model import ItemKind


def test_cyclonedx_example_reads_subject_and_nested_components() -> None:
    loaded = load_input(EXAMPLE_CYCLONEDX, "tongweb.cdx.json")
    assert loaded.record.format == "cyclonedx-json"
    assert loaded.record.item_count == 13
    by_name = {item.name: item for item in loaded.items}
    subject = by_name["TongWeb"]
    assert subject.kind is ItemKind.SBOM_SUBJECT
    assert (subject.vendor, subject.vendor_field) == ("Beijing Tongtech Co., Ltd.", "supplier")
    assert subject.vendor_domains == ("tongtech.com",)
    nested = by_name["tomcat-annotations-api"]  # inside tomcat-embed-core
    assert nested.kind is ItemKind.COMPONENT
    assert nested.purl and nested.purl.startswith("pkg:maven/org.apache.tomcat/")
    assert by_name["druid"].vendor_field == "publisher"
    assert by_name["openssl"].cpe == "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*"
    assert by_name["openssl"].vendor is None
    assert subject.provenance.ref == "tongweb@7.0.4.9"


def test_spdx_example_reads_described_package_and_actors() -> None:
    loaded = load_input(EXAMPLE_SPDX, "agent.spdx.json")
    assert loaded.record.format == "spdx-json"
    by_name = {item.name: item for item in loaded.items}
    subject = by_name["Tianqing Endpoint Agent"]
    assert subject.kind is ItemKind.SBOM_SUBJECT
    assert subject.vendor == "Qi An Xin Technology Group Inc."
    assert subject.vendor_domains == ("qianxin.com",)
    assert subject.provenance.ref == "SPDXRef-Package-tianqing"
    assert (by_name["zlib"].vendor, by_name["zlib"].vendor_field) == (
        "Jean-loup Gailly",
        "originator",
    )
    assert by_name["sqlite"].vendor is None  # NOASSERTION is no vendor
    assert by_name["protobuf"].purl == "pkg:github/protocolbuffers/protobuf@v25.3"
    assert sum(item.kind is ItemKind.SBOM_SUBJECT for item in loaded.items) == 1
    assert by_name["openssl"].parent_ref == "SPDXRef-Package-tianqing"  # CONTAINS
    assert (by_name["libboundscheck"].licenses, by_name["zlib"].category_text) == (
        ("MulanPSL-2.0",),
        "library",
    )
    strict = load_input(EXAMPLE_SPDX, "agent.spdx.json", IngestOptions(strict=True))
    assert strict.items == loaded.items


def _cyclonedx(components: list[dict[str, Any]]) -> bytes:
    document = {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                "components": components}  # fmt: skip
    return json.dumps(document).encode()


def test_formula_like_component_names_are_kept_verbatim(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(_cyclonedx([{"type": "library", "name": '=HYPERLINK("http://x","y")'}]))
    assert load_input(path).items[0].name == '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bom.csv", _cyclonedx([{"type": "library", "name": "a"}]), None),  # content, not name
        ("bad.json", b'{"bomFormat": "CycloneDX", "specVersion": "1.5", ', "not valid JSON"),
        ("bad.json", _cyclonedx([{"type": "library", "name": "a", "hashes": {"alg": "MD5"}}]),
         "not a valid CycloneDX 1.5 document: Expected `array | null`, got `object` - at `$.components[0].hashes`"),
        ("old.json", b'{"bomFormat": "CycloneDX", "specVersion": "1.1"}', "'1.1' is not supported"),
        ("x.json", b'{"name": "package.json"}', "neither CycloneDX"),
        ("x.json", b"[1, 2]", "top level is not an object"),
        ("bom.xml", b'<?xml version="1.0"?><bom/>', "XML that is neither CycloneDX"),
        ("x.jsonld", b'{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}', "SPDX 3"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "not an Excel workbook"),
        ("empty.csv", b"", "the file is empty"),
        ("blob.bin", b"\x00\x01\x02garbage", "binary data"),
        ("s.spdx.json", b'{"spdxVersion": "SPDX-2.3", "packages": [{"name": "a"}]}',
         "not a valid SPDX document: Object missing required field `SPDXID` - at `$.packages[0]`"),
    ],
)  # fmt: skip
def test_detection_and_clear_errors(
    tmp_path: Path, name: str, data: bytes, message: str | None
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    loaded = load_input(path, name)
    if message is None:
        assert loaded.record.error is None
        assert loaded.record.format == "cyclonedx-json"
    else:
        assert loaded.record.error is not None
        assert loaded.record.error.startswith(f"{name}: ")
        assert message in loaded.record.error
        assert loaded.items == []


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert load_input(tmp_path / "nope.json", "nope.json").record.error == "nope.json: no such file"
    assert "is a directory" in (load_input(tmp_path, "dir").record.error or "")


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in (load_input(path).record.error or "")


def test_a_zip_bomb_workbook_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 5_000_000)
    assert path.stat().st_size < 100_000
    options = IngestOptions(limits=Limits(max_xlsx_uncompressed_bytes=1_000_000))
    error = load_input(path, "bomb.xlsx", options).record.error or ""
    assert error.startswith("bomb.xlsx: the workbook would expand to 5,000,011 bytes")


def test_an_oversized_input_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"Product,Vendor\n" * 3)
    options = IngestOptions(limits=Limits(max_input_bytes=10))
    error = load_input(path, None, options).record.error or ""
    assert "over the input size limit of 10 bytes" in error


def test_an_unexpected_reader_failure_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sbom_audit.ingest as ingest

    def explode(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setitem(ingest.READERS, ingest.InputFormat.CYCLONEDX_JSON, (explode, explode))
    path = tmp_path / "bom.json"
    path.write_bytes(_cyclonedx([]))
    error = load_input(path, "bom.json").record.error
    assert (
        error == "bom.json: unexpected error while reading (RuntimeError: boom); please report it"
    )
