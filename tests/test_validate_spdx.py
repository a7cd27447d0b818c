"""`--validate` for SPDX: the linear validator gives spdx-tools' messages, in the same order."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import CORPUS, EXAMPLE_SPDX
from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from sbom_audit.ingest.detect import Detected, InputFormat
from sbom_audit.ingest.validate import validate_sbom
from sbom_audit.ingest.validate.spdx import describe_message, validate_document

SHA1 = [{"algorithm": "SHA1", "checksumValue": "d6a770ba38583ed4bb4525bd96e50461655d2758"}]


def _package(spdx_id: str, **fields: Any) -> dict[str, Any]:
    return {"SPDXID": spdx_id, "name": spdx_id[8:], "downloadLocation": "NOASSERTION", **fields}


def _broken() -> dict[str, Any]:
    """An SPDX 2.2 document with one of each problem the linear validator finds itself."""
    return {
        "spdxVersion": "SPDX-2.2",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": "broken",
        "documentNamespace": "https://example.com/spdx/broken",
        "creationInfo": {"created": "2026-01-01T00:00:00Z", "creators": ["Tool: test"]},
        "packages": [
            _package(
                "SPDXRef-app",
                filesAnalyzed=False,
                licenseInfoFromFiles=["MIT"],
                licenseConcluded="LicenseRef-missing",
                licenseDeclared="MIT",
                copyrightText="NONE",
            ),
            _package(
                "SPDXRef-lib_1",
                licenseConcluded="MIT",
                licenseDeclared="(MIT WITH Classpath-exception-2.0) OR LicenseRef-known",
            ),
            _package("SPDXRef-main.c"),  # the id of a file too
        ],
        "files": [
            {
                "SPDXID": "SPDXRef-main.c",
                "fileName": "./main.c",
                "checksums": SHA1,
                "licenseConcluded": "LicenseRef-known AND LicenseRef-unknown",
                "licenseInfoInFiles": ["LicenseRef-known", "DocumentRef-ext:LicenseRef-x"],
            },
            {"SPDXID": "SPDXRef-util.c", "fileName": "/abs/util.c", "checksums": SHA1},
        ],
        "snippets": [
            {
                "SPDXID": "SPDXRef-snippet",
                "snippetFromFile": "SPDXRef-lib_1",
                "ranges": [
                    {
                        "startPointer": {"offset": 5, "reference": "SPDXRef-lib_1"},
                        "endPointer": {"offset": 2, "reference": "SPDXRef-lib_1"},
                    }
                ],
            }
        ],
        "annotations": [
            {
                "SPDXID": "SPDXRef-nowhere",
                "annotationType": "REVIEW",
                "annotator": "Person: Reviewer",
                "annotationDate": "2026-01-01T00:00:00Z",
                "comment": "looked at it",
            }
        ],
        "hasExtractedLicensingInfos": [
            {"licenseId": "LicenseRef-known", "extractedText": "Known", "name": "Known"}
        ],
        "relationships": [
            _relationship("SPDXRef-app", "CONTAINS", "SPDXRef-util.c"),
            _relationship("SPDXRef-app", "CONTAINS", "SPDXRef-main.c"),  # a package wins
            _relationship("SPDXRef-util.c", "CONTAINED_BY", "SPDXRef-app"),
            _relationship("SPDXRef-app", "DEPENDS_ON", "SPDXRef-gone"),
            _relationship("SPDXRef-app", "DEPENDS_ON", "DocumentRef-other:SPDXRef-x"),
            _relationship("SPDXRef-app", "SPECIFICATION_FOR", "SPDXRef-lib_1"),
            _relationship("SPDXRef-app", "DEPENDS_ON", "NONE"),
        ],
    }


def _relationship(origin: str, kind: str, target: str) -> dict[str, str]:
    return {"spdxElementId": origin, "relationshipType": kind, "relatedSpdxElement": target}


def _parse(document: dict[str, Any]) -> Any:
    return JsonLikeDictParser().parse(copy.deepcopy(document))


def test_every_linear_check_gives_the_librarys_messages() -> None:
    document = _parse(_broken())
    ours = validate_document(document)
    assert ours == validate_full_spdx_document(document)
    texts = [describe_message(message) for message in ours]
    for expected in [
        "package SPDXRef-app: package must contain no elements if files_analyzed is False, "
        "but found [Relationship(spdx_element_id='SPDXRef-app', relationship_type="
        "<RelationshipType.CONTAINS: 6>, related_spdx_element_id='SPDXRef-util.c', "
        "comment=None), Relationship(spdx_element_id='SPDXRef-util.c', relationship_type="
        "<RelationshipType.CONTAINED_BY: 5>, related_spdx_element_id='SPDXRef-app', "
        "comment=None)]",
        "package SPDXRef-app: license_info_from_files must be None if files_analyzed is False, "
        "but is: [LicenseSymbol('MIT', aliases=(",  # the aliases follow the licence list
        'package SPDXRef-lib_1: spdx_id must only contain letters, numbers, "." and "-" and '
        'must begin with "SPDXRef-", but is: SPDXRef-lib_1',
        'snippet SPDXRef-snippet: did not find the referenced spdx_id "SPDXRef-lib_1" in the '
        "SPDX document's files",
        'annotation of SPDXRef-nowhere: did not find the referenced spdx_id "SPDXRef-nowhere" '
        "in the SPDX document",
        "relationship SPDXRef-app DEPENDS_ON SPDXRef-gone: did not find the referenced spdx_id "
        '"SPDXRef-gone" in the SPDX document',
        "relationship SPDXRef-app DEPENDS_ON DocumentRef-other:SPDXRef-x: did not find the "
        'external document reference "DocumentRef-other" in the SPDX document',
        "relationship SPDXRef-app SPECIFICATION_FOR SPDXRef-lib_1: "
        "RelationshipType.SPECIFICATION_FOR is not supported in SPDX-2.2",
        'document SPDXRef-DOCUMENT: there must be at least one relationship "SPDXRef-DOCUMENT '
        'DESCRIBES ..." or "... DESCRIBED_BY SPDXRef-DOCUMENT" when there is not only a single '
        "package present",
        "license expression in SPDXRef-main.c: Unrecognized license reference: "
        "LicenseRef-unknown. license_expression must only use IDs from the license list or "
        "extracted licensing info, but is: LicenseRef-known AND LicenseRef-unknown",
        'license expression in SPDXRef-main.c: Did not find the external document reference "'
        'DocumentRef-ext" in the SPDX document. From the external license reference '
        "DocumentRef-ext:LicenseRef-x.",
        "document SPDXRef-DOCUMENT: every spdx_id must be unique within the document, but found "
        "the following duplicates: ['SPDXRef-main.c']",
    ]:
        assert any(text.startswith(expected) for text in texts), expected
    assert not any("NONE" in text and "did not find" in text for text in texts)


def test_a_single_package_needs_no_describes() -> None:
    document = _broken()
    document.update(packages=document["packages"][1:2], files=[], snippets=[], relationships=[])
    document["annotations"] = []
    parsed = _parse(document)
    assert validate_document(parsed) == validate_full_spdx_document(parsed)
    assert not any("DESCRIBES" in m.validation_message for m in validate_document(parsed))


@pytest.mark.parametrize("version", ["SPDX-2.1", "SPDX-3.0"])
def test_unsupported_versions_stop_at_the_librarys_version_check(version: str) -> None:
    document = _broken()
    document["spdxVersion"] = version
    parsed = _parse(document)
    ours = [describe_message(m) for m in validate_document(parsed)]
    assert ours == [describe_message(m) for m in validate_full_spdx_document(parsed)]
    assert ours[0] == (
        'document SPDXRef-DOCUMENT: only SPDX versions "SPDX-2.2" and "SPDX-2.3" are supported, '
        f"but the document's spdx_version is: {version}"
    )
    parsed = _parse(_broken())
    assert validate_document(parsed, "SPDX-2.3") == validate_full_spdx_document(parsed, "SPDX-2.3")


def test_through_validate_sbom() -> None:
    data = json.dumps(_broken()).encode()
    errors = validate_sbom(Detected(InputFormat.SPDX_JSON, data, "SPDX-2.2"))
    assert len(errors) == len(validate_full_spdx_document(_parse(_broken())))
    assert validate_sbom(Detected(InputFormat.SPDX_JSON, EXAMPLE_SPDX.read_bytes())) == ()


def test_a_document_spdx_tools_cannot_parse() -> None:
    document = _broken()
    document["packages"][0]["supplier"] = "Huawei"  # no "Organization: " prefix
    del document["creationInfo"]["created"]
    errors = validate_sbom(Detected(InputFormat.SPDX_JSON, json.dumps(document).encode()))
    assert errors
    assert all(e.startswith("document: spdx-tools cannot parse it: ") for e in errors)
    assert any("Huawei" in e for e in errors)
    document = _broken()
    document["packages"] = "no list"  # the parser lets an AttributeError escape
    assert validate_sbom(Detected(InputFormat.SPDX_JSON, json.dumps(document).encode())) == (
        "document: spdx-tools cannot parse it: AttributeError: 'str' object has no attribute 'get'",
    )
    broken = Detected(InputFormat.SPDX_JSON, b'{"spdxVersion": "SPDX-2.3",')
    (error,) = validate_sbom(broken)
    assert error.startswith("document: not valid JSON: ")


def test_formats_without_a_validator_give_no_errors() -> None:
    tag_value = b"SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"
    assert validate_sbom(Detected(InputFormat.SPDX_TAG_VALUE, tag_value, "SPDX-2.3")) == ()


def _corpus_spdx_json() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    found = []
    for path in sorted(CORPUS.rglob("*.json")):
        head = path.read_bytes()[:4096]
        if b'"spdxVersion"' in head and b'"SPDX-2.' in head:
            found.append(path)
    return found


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared SBOM corpus is not present at {CORPUS}"
)
@pytest.mark.parametrize(
    "path", _corpus_spdx_json(), ids=[str(p.relative_to(CORPUS)) for p in _corpus_spdx_json()]
)
def test_real_documents_get_the_stock_validators_messages(path: Path) -> None:
    try:
        parsed = JsonLikeDictParser().parse(orjson.loads(path.read_bytes()))
    except Exception:
        pytest.skip("spdx-tools cannot parse this document")
    assert validate_document(parsed) == validate_full_spdx_document(parsed)
