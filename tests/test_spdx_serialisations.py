"""SPDX tag-value, YAML, XML and RDF/XML of our own, with the quirks real tools write."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

from sbom_audit.ingest import IngestOptions, load_input
from sbom_audit.ingest.interface import ReadResult
from sbom_audit.model import ItemKind

TAG_VALUE = """\
SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: tv
DocumentNamespace: https://example.org/tv
Creator: Tool: test
Created: 2026-01-02T03:04Z

PackageName: gaussdb
SPDXID: SPDXRef-gaussdb
PackageVersion: 1.0
PackageDownloadLocation: NOASSERTION
PackageSupplier: Huawei
PackageOriginator: Organization: Huawei Device (Shenzhen)
FilesAnalyzed: True
ExternalRef: PACKAGE-MANAGER purl pkg:generic/gaussdb@1.0
PackageChecksum: SHA256: 9f86d0
PackageLicenseDeclared: mit or apache-2.0
PackageComment: <text>multi-line
PackageName: not a tag inside text</text>
PrimaryPackagePurpose: APPLICATION
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-gaussdb

PackageName: zlib
SPDXID: SPDXRef-zlib
PackageSupplier: Person: Jean-loup Gailly (jloup@gzip.org)
Relationship: SPDXRef-gaussdb CONTAINS SPDXRef-zlib
PackageVersion: 1.3.1

FileName: ./zlib.h
SPDXID: SPDXRef-zlib-h
LicenseConcluded: Zlib
"""


def _read(tmp_path: Path, name: str, text: str | bytes) -> ReadResult:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    loaded = load_input(path, name)
    assert loaded.record.error is None, loaded.record.error
    return ReadResult(loaded.items, list(loaded.record.warnings))


def _error(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    loaded = load_input(path, name)
    assert loaded.record.error is not None and loaded.items == []
    return loaded.record.error


def test_tag_value_with_the_quirks_of_real_tools(tmp_path: Path) -> None:
    result = _read(tmp_path, "q.spdx", TAG_VALUE)
    gaussdb, zlib = result.items
    assert (gaussdb.kind, gaussdb.vendor, gaussdb.vendor_field) == (
        ItemKind.SBOM_SUBJECT, "Huawei", "supplier"
    )  # fmt: skip
    assert (gaussdb.purl, gaussdb.hashes, gaussdb.licenses, gaussdb.category_text) == (
        "pkg:generic/gaussdb@1.0", ("SHA-256:9f86d0",), ("MIT OR Apache-2.0",), "application"
    )  # fmt: skip
    assert (zlib.vendor, zlib.vendor_domains, zlib.version) == (
        "Jean-loup Gailly",
        ("gzip.org",),
        "1.3.1",
    )
    assert (zlib.kind, zlib.parent_ref) == (ItemKind.COMPONENT, "SPDXRef-gaussdb")
    assert result.warnings == [
        "q.spdx: line 24 (SPDXRef-zlib): 1 package line(s) after a Relationship line read as its own",
        "q.spdx: line 7 (SPDXRef-DOCUMENT): Created '2026-01-02T03:04Z' read as 2026-01-02T03:04:00Z",
        "q.spdx: line 13 (SPDXRef-gaussdb): PackageSupplier 'Huawei' has no 'Organization:' or "
        "'Person:' prefix; read as the organisation 'Huawei'",
        "q.spdx: line 15 (SPDXRef-gaussdb): FilesAnalyzed 'True' read as 'true'",
        "q.spdx: line 24 (SPDXRef-zlib): no PackageDownloadLocation; read as NOASSERTION",
        "q.spdx: line 30 (SPDXRef-zlib-h): a file without FileChecksum, left out (files are not audited)",
    ]


def test_tag_value_with_old_mac_line_endings(tmp_path: Path) -> None:
    crlf = _read(tmp_path, "crlf.spdx", TAG_VALUE.replace("\n", "\r\n"))
    cr = _read(tmp_path, "cr.spdx", TAG_VALUE.replace("\n", "\r"))
    assert (
        [i.vendor for i in cr.items]
        == [i.vendor for i in crlf.items]
        == ["Huawei", "Jean-loup Gailly"]
    )


def test_tag_value_errors_give_the_input_line_after_lines_were_inserted(tmp_path: Path) -> None:
    broken = TAG_VALUE.replace(
        "PackageVersion: 1.3.1\n", "PackageVersion: 1.3.1\nPrimaryPackagePurpose: ROBOT\n"
    )
    error = _error(tmp_path, "bad.spdx", broken)
    # line 29 of the input, although the repairs inserted a line and moved two
    assert error == (
        "bad.spdx: not a valid SPDX document: Package: Invalid PrimaryPackagePurpose: ROBOT. Line: 29"
    )


SPDX_YAML = """\
spdxVersion: SPDX-2.3
dataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
name: y
documentNamespace: https://example.org/y
creationInfo:
  created: 2026-01-02T03:04:05Z
  creators: [ "Tool: test" ]
documentDescribes: [ SPDXRef-a ]
packages:
  - SPDXID: SPDXRef-a
    name: openGauss
    versionInfo: 1.10
    downloadLocation: NOASSERTION
    filesAnalyzed: false
    supplier: Huawei Technologies Co., Ltd.
"""


def test_yaml_keeps_versions_and_timestamps_as_text(tmp_path: Path) -> None:
    result = _read(tmp_path, "y.yaml", SPDX_YAML)
    (item,) = result.items
    assert (item.name, item.version, item.kind) == ("openGauss", "1.10", ItemKind.SBOM_SUBJECT)
    assert item.vendor == "Huawei Technologies Co., Ltd."
    assert (
        len(result.warnings) == 1
        and "has no 'Organization:' or 'Person:' prefix" in result.warnings[0]
    )


def test_a_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = SPDX_YAML + "".join(
        f"x{n}: &x{n} [{', '.join([f'*x{n - 1}'] * 9) if n else 'lol'}]\n" for n in range(9)
    )
    error = _error(tmp_path, "bomb.yaml", bomb)
    assert error.startswith("bomb.yaml: $.") and "repeats an earlier node (a YAML alias)" in error


SPDX_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<Document>
  <spdxVersion>SPDX-2.3</spdxVersion>
  <dataLicense>CC0-1.0</dataLicense>
  <SPDXID>SPDXRef-DOCUMENT</SPDXID>
  <name>x</name>
  <documentNamespace>https://example.org/x</documentNamespace>
  <creationInfo><created>2026-01-02T03:04:05.123Z</created><creators>Tool: t</creators></creationInfo>
  <packages>
    <SPDXID>SPDXRef-a</SPDXID><name>HiLink</name><downloadLocation>NOASSERTION</downloadLocation>
    <supplier>Organization: Huawei Device (Shenzhen)</supplier>
    <comment/>
  </packages>
  <relationships>
    <spdxElementId>SPDXRef-DOCUMENT</spdxElementId><relationshipType>DESCRIBES</relationshipType>
    <relatedSpdxElement>SPDXRef-a</relatedSpdxElement>
  </relationships>
</Document>
"""


def test_xml_with_one_package_and_empty_elements(tmp_path: Path) -> None:
    result = _read(tmp_path, "x.xml", SPDX_XML)
    (item,) = result.items
    assert (item.name, item.vendor, item.kind) == (
        "HiLink",
        "Huawei Device (Shenzhen)",
        ItemKind.SBOM_SUBJECT,
    )
    assert result.warnings == [
        "x.xml: $.creationInfo.created: '2026-01-02T03:04:05.123Z' read as 2026-01-02T03:04:05Z",
        "x.xml: $.packages[0].comment: null (or empty) value read as absent",
    ]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared SBOM corpus is not at {CORPUS}")
def test_rdf_supplier_without_prefix(tmp_path: Path) -> None:
    source = (
        CORPUS
        / "spdx-ntia-conformance-checker/missing_component_version/SPDXRdfExample-v2.3.spdx.rdf.xml"
    )
    text = source.read_text().replace(
        "<spdx:supplier>Organization: ExampleCodeInspect (contact@example.com)</spdx:supplier>",
        "<spdx:supplier>ZTE Corporation</spdx:supplier>",
    )
    result = _read(tmp_path, "z.rdf.xml", text)
    assert [item.vendor for item in result.items] == ["ZTE Corporation"]
    assert result.warnings == [
        "z.rdf.xml: SPDXRef-Package: supplier 'ZTE Corporation' has no 'Organization:' or "
        "'Person:' prefix; read as the organisation 'ZTE Corporation'"
    ]


def test_yaml_and_xml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    yaml_error = _error(tmp_path, "bad.yaml", SPDX_YAML + "  - : : [\n")
    assert yaml_error.startswith("bad.yaml: not valid YAML: line 17, column ")
    xml_error = _error(tmp_path, "bad.xml", SPDX_XML.replace("</name>", "</nam>"))
    assert xml_error == "bad.xml: not well-formed XML: line 6, column 11: mismatched tag"


def test_the_same_reading_with_strict(tmp_path: Path) -> None:
    path = tmp_path / "q.spdx"
    path.write_text(TAG_VALUE)
    assert load_input(path, options=IngestOptions(strict=True)).items == load_input(path).items
