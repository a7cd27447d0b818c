"""Format detection looks at content only, and says what a file it cannot read appears to be."""

from __future__ import annotations

import bz2
import gzip

import pytest

from sbom_audit.errors import IngestError
from sbom_audit.ingest.detect import InputFormat, detect_format

CYCLONEDX_XML = (
    b'<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1"/>'
)
SPDX_RDF = b'<?xml version="1.0"?><rdf:RDF xmlns:spdx="http://spdx.org/rdf/terms#"/>'
SPDX_XML = b"<?xml version='1.0'?><Document><spdxVersion>SPDX-2.3</spdxVersion></Document>"


@pytest.mark.parametrize(
    ("data", "expected", "version"),
    [
        (b'{"bomFormat": "CycloneDX", "specVersion": "1.6"}', InputFormat.CYCLONEDX_JSON, "1.6"),
        (b'\xef\xbb\xbf{"spdxVersion": "SPDX-2.3"}', InputFormat.SPDX_JSON, "SPDX-2.3"),
        ('{"spdxVersion": "SPDX-2.2"}'.encode("utf-16"), InputFormat.SPDX_JSON, "SPDX-2.2"),
        (CYCLONEDX_XML, InputFormat.CYCLONEDX_XML, "1.4"),
        (SPDX_RDF, InputFormat.SPDX_RDF, None),
        (SPDX_XML, InputFormat.SPDX_XML, "SPDX-2.3"),
        (
            b"## comment\nSPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\n",
            InputFormat.SPDX_TAG_VALUE,
            "SPDX-2.2",
        ),
        (b"---\nspdxVersion: 'SPDX-2.3'\nname: x\n", InputFormat.SPDX_YAML, "SPDX-2.3"),
        (b"Product,Vendor\nMX204,Juniper\n", InputFormat.CSV, None),
        ("产品,厂商\n".encode("utf-16"), InputFormat.CSV, None),
    ],
)
def test_formats_are_told_apart_by_content(
    data: bytes, expected: InputFormat, version: str | None
) -> None:
    detected = detect_format(data, "input")
    assert (detected.format, detected.spec_version) == (expected, version)
    assert not detected.data.startswith((b"\xef\xbb\xbf", b"\xff\xfe"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (gzip.compress(b"{}"), "a gzip-compressed file; decompress it"),
        (bz2.compress(b"{}"), "a bzip2-compressed file"),
        (b"\x28\xb5\x2f\xfd\x00\x00", "a zstd-compressed file"),
        (b'# proto-file: schema/bom-1.6.proto\n# proto-message: Bom\n\nspec_version: "1.6"\n',
         "protobuf text format is not supported"),
        (b'{"Document": {"spdxVersion": "SPDX-2.2"}}', 'wrapped in a top-level "Document" key'),
        (b"---\nDocument:\n  spdxVersion: SPDX-2.2\n", 'wrapped in a top-level "Document" key'),
        (b'{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}',
         "SPDX 3 JSON-LD is not supported yet"),
        (b"<html><body/></html>", "XML that is neither CycloneDX"),
        (b"\xff\xfe\x00\xd8", "not valid UTF-16"),
        (b'{"a": ' * 5000 + b"1" + b"}" * 5000, "not valid JSON: depth limit exceeded"),
    ],
)  # fmt: skip
def test_unreadable_inputs_are_named_for_what_they_are(data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message) as caught:
        detect_format(data, "input")
    assert str(caught.value).startswith("input: ")
