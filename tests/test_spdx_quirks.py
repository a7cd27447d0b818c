"""Small SPDX JSON documents of our own, one per quirk, read through both JSON paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sbom_audit.ingest import IngestOptions, load_input
from sbom_audit.ingest.spdx.repair import repaired_actor, repaired_timestamp
from sbom_audit.model import Item, ItemKind

BOTH = pytest.mark.parametrize("strict", [False, True], ids=["fast", "library"])


def _package(spdx_id: str, **fields: Any) -> dict[str, Any]:
    return {"SPDXID": spdx_id, "name": spdx_id.removeprefix("SPDXRef-"),
            "downloadLocation": "NOASSERTION", **fields}  # fmt: skip


def _document(packages: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    document = {
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": "quirks", "documentNamespace": "https://example.org/quirks",
        "creationInfo": {"created": "2026-01-02T03:04:05Z", "creators": ["Tool: test"]},
        "packages": packages,
    }  # fmt: skip
    document.update(fields)
    return document


def _load(tmp_path: Path, document: dict[str, Any], strict: bool) -> tuple[list[Item], list[str]]:
    path = tmp_path / "quirk.json"
    path.write_text(json.dumps(document))
    loaded = load_input(path, "quirk.json", IngestOptions(strict=strict))
    assert loaded.record.error is None, loaded.record.error
    return loaded.items, list(loaded.record.warnings)


@BOTH
def test_a_supplier_without_prefix_is_read_as_an_organisation(tmp_path: Path, strict: bool) -> None:
    document = _document([_package("SPDXRef-a", supplier="Huawei")])
    items, warnings = _load(tmp_path, document, strict)
    assert (items[0].vendor, items[0].vendor_field) == ("Huawei", "supplier")
    assert warnings == [
        "quirk.json: $.packages[0] (SPDXRef-a): supplier 'Huawei' has no 'Organization:' or "
        "'Person:' prefix; read as the organisation 'Huawei'"
    ]


@BOTH
def test_bracket_text_that_is_no_email_stays_in_the_name(tmp_path: Path, strict: bool) -> None:
    packages = [
        _package("SPDXRef-a", supplier="Organization: Huawei Device (Shenzhen)"),
        _package("SPDXRef-b", supplier="Organization: Huawei Device Co., Ltd. (psirt@huawei.com)"),
        _package("SPDXRef-c", originator="Huawei Cloud <cloud@huaweicloud.com>"),
    ]
    items, _ = _load(tmp_path, _document(packages), strict)
    assert [(i.vendor, i.vendor_domains) for i in items] == [
        ("Huawei Device (Shenzhen)", ()),
        ("Huawei Device Co., Ltd.", ("huawei.com",)),
        ("Huawei Cloud", ("huaweicloud.com",)),
    ]


@BOTH
def test_vendor_is_supplier_then_originator_and_never_a_tool(tmp_path: Path, strict: bool) -> None:
    packages = [
        _package("SPDXRef-a", supplier="NOASSERTION", originator="Person: Jean (jean@zlib.net)"),
        _package("SPDXRef-b", supplier="Tool: builder", originator="NOASSERTION"),
        _package("SPDXRef-c", supplier="NONE"),
        _package("SPDXRef-d", supplier="Organization: A (a@a.cn)", originator="Person: B (b@b.cn)"),
    ]
    items, warnings = _load(tmp_path, _document(packages), strict)
    assert [(i.vendor, i.vendor_field, i.vendor_domains) for i in items] == [
        ("Jean", "originator", ("zlib.net",)),
        (None, None, ()),
        (None, None, ()),
        ("A", "supplier", ("a.cn", "b.cn")),
    ]
    assert warnings == [
        "quirk.json: $.packages[2] (SPDXRef-c): supplier 'NONE' read as NOASSERTION (no vendor)"
    ]


@BOTH
def test_references_checksums_licences_and_purpose(tmp_path: Path, strict: bool) -> None:
    package = _package(
        "SPDXRef-a",
        externalRefs=[
            {"referenceCategory": "SECURITY", "referenceType": "cpe22Type",
             "referenceLocator": "cpe:/a:huawei:gaussdb:1.0"},
            {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
             "referenceLocator": "pkg:maven/com.huawei/gaussdb@1.0"},
            {"referenceCategory": "OTHER", "referenceType": "swh",
             "referenceLocator": "swh:1:cnt:94a9ed024d3859793618152ea559a168bbcbb5e2"},
        ],
        checksums=[{"algorithm": "SHA256", "checksumValue": "9f86d0"},
                   {"algorithm": "BLAKE2b-256", "checksumValue": "aa11"}],
        licenseDeclared="mit or apache-2.0",
        licenseConcluded="NOASSERTION",
        primaryPackagePurpose="OPERATING-SYSTEM",
    )  # fmt: skip
    twin = _package("SPDXRef-b", licenseDeclared="NONE", licenseConcluded="NONE")
    items, _ = _load(tmp_path, _document([package, twin]), strict)
    item = items[0]
    assert (item.purl, item.cpe) == (
        "pkg:maven/com.huawei/gaussdb@1.0",
        "cpe:/a:huawei:gaussdb:1.0",
    )
    assert [kind for kind, _ in item.external_refs] == ["cpe22Type", "purl", "swh"]
    assert item.hashes == ("SHA-256:9f86d0", "BLAKE2b-256:aa11")
    assert item.licenses == ("MIT OR Apache-2.0",)
    assert item.category_text == "operating-system"
    assert items[1].licenses == ("NONE",)


@BOTH
def test_subjects_through_describes_document_describes_and_described_by(
    tmp_path: Path, strict: bool
) -> None:
    packages = [_package(f"SPDXRef-{name}") for name in "abcd"]
    relationships = [
        {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
         "relatedSpdxElement": "SPDXRef-a"},
        {"spdxElementId": "SPDXRef-c", "relationshipType": "DESCRIBED_BY",
         "relatedSpdxElement": "SPDXRef-DOCUMENT"},
        {"spdxElementId": "SPDXRef-a", "relationshipType": "DESCRIBES",
         "relatedSpdxElement": "SPDXRef-d"},  # not from the document: no subject
    ]  # fmt: skip
    document = _document(packages, relationships=relationships, documentDescribes=["SPDXRef-b"])
    items, _ = _load(tmp_path, document, strict)
    assert [item.kind for item in items] == [ItemKind.SBOM_SUBJECT] * 3 + [ItemKind.COMPONENT]


def _relationship(element: str, kind: str, related: str) -> dict[str, str]:
    return {"spdxElementId": f"SPDXRef-{element}", "relationshipType": kind,
            "relatedSpdxElement": f"SPDXRef-{related}"}  # fmt: skip


@BOTH
def test_parent_is_the_first_package_that_contains_or_depends_on_it(
    tmp_path: Path, strict: bool
) -> None:
    packages = [_package(f"SPDXRef-{name}") for name in "abcdefg"]
    relationships = [
        _relationship("a", "CONTAINS", "b"),
        _relationship("b", "DEPENDS_ON", "c"),
        _relationship("d", "DEPENDENCY_OF", "c"),  # d under c
        _relationship("e", "CONTAINED_BY", "a"),  # e under a
        _relationship("d", "DEPENDS_ON", "b"),  # b already has a parent: the first one stays
        _relationship("c", "DEPENDS_ON", "a"),  # would close a cycle a > b > c > a: skipped
        _relationship("f", "DEV_DEPENDENCY_OF", "f"),  # itself: skipped
        _relationship("g", "GENERATED_FROM", "a"),  # not containment or dependency
        _relationship("a", "DEPENDS_ON", "SPDXRef-NotAPackage"),
    ]
    items, _ = _load(tmp_path, _document(packages, relationships=relationships), strict)
    parents = {item.name: item.parent_ref for item in items}
    assert parents == {"a": None, "b": "SPDXRef-a", "c": "SPDXRef-b", "d": "SPDXRef-c",
                       "e": "SPDXRef-a", "f": None, "g": None}  # fmt: skip


def test_timestamps_nulls_and_missing_fields_are_repaired_for_the_library(tmp_path: Path) -> None:
    package = _package("SPDXRef-a", hasFiles=None, builtDate="2026-01-02T11:04+08:00")
    del package["downloadLocation"]
    document = _document(
        [package],
        files=[{"SPDXID": "SPDXRef-f", "fileName": "./a", "licenseConcluded": "MIT"}],
        creationInfo={"created": "2026-01-02T03:04Z", "creators": ["Tool: t", "ACME Inc."]},
    )
    items, warnings = _load(tmp_path, document, strict=True)
    assert [item.name for item in items] == ["a"]
    assert warnings == [
        # grouped by kind, each kind in the order first met
        "quirk.json: $.creationInfo.created: '2026-01-02T03:04Z' read as 2026-01-02T03:04:00Z",
        "quirk.json: $.packages[0].builtDate: '2026-01-02T11:04+08:00' read as 2026-01-02T03:04:00Z",
        "quirk.json: $.creationInfo: creators[1] 'ACME Inc.' has no 'Organization:' or 'Person:' "
        "prefix; read as the organisation 'ACME Inc.'",
        "quirk.json: $.packages[0].hasFiles: null (or empty) value read as absent",
        "quirk.json: $.packages[0] (SPDXRef-a): no downloadLocation; read as NOASSERTION",
        "quirk.json: $.files[0] (SPDXRef-f): a file without checksums, left out (files are not audited)",
    ]


def test_a_library_refusal_names_the_element(tmp_path: Path) -> None:
    document = _document(
        [_package("SPDXRef-a"), _package("SPDXRef-b", primaryPackagePurpose="ROBOT")]
    )
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    error = load_input(path, "bad.json", IngestOptions(strict=True)).record.error
    assert error == (
        "bad.json: not a valid SPDX document: $.packages[1] (SPDXRef-b): Package: "
        "Invalid PrimaryPackagePurpose: ROBOT"
    )
    assert load_input(path, "bad.json").items[1].category_text == "robot"  # the fast path reads it


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (_document([{"SPDXID": "SPDXRef-a", "name": 7}]),
         "Expected `str`, got `int` - at `$.packages[0].name`"),
        (_document([_package("SPDXRef-a", externalRefs={"a": 1})]),
         "Expected `array | null`, got `object` - at `$.packages[0].externalRefs`"),
        (_document([], spdxVersion="SPDX-3.0"), "'SPDX-3.0' is not an SPDX 2.x version"),
    ],
)  # fmt: skip
def test_fast_path_refusals_name_the_json_path(
    tmp_path: Path, document: dict[str, Any], message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    error = load_input(path, "bad.json").record.error or ""
    assert error.startswith("bad.json: ") and message in error


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("Organization: Huawei", None),
        ("Person: Jane Doe (jane@example.com)", None),
        ("Tool: syft-0.59.0", None),
        ("NOASSERTION", None),
        ("Huawei", "Organization: Huawei"),
        ("  Huawei\n Technologies ", "Organization: Huawei Technologies"),
        ("Georg Brandl <georg@python.org>", "Organization: Georg Brandl (georg@python.org)"),
        ("organisation: ZTE", "Organization: ZTE"),
        ("PERSON:Li Lei", "Person: Li Lei"),
        ("NONE", "NOASSERTION"),
        ("noassertion", "NOASSERTION"),
        ("Organization:", "NOASSERTION"),
        ("Organization: (a@b.cn)", "NOASSERTION"),
        ("", "NOASSERTION"),
    ],
)
def test_repaired_actor(text: str, repaired: str | None) -> None:
    assert repaired_actor(text) == repaired


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("2022-02-14T14:01:11Z", None),
        ("2022-02-14T14:01:11.670010553Z", "2022-02-14T14:01:11Z"),
        ("2022-02-14T14:01Z", "2022-02-14T14:01:00Z"),
        ("2022-02-14T14:01:11+08:00", "2022-02-14T06:01:11Z"),
        ("2022-02-14T14:01:11-0130", "2022-02-14T15:31:11Z"),
        ("2022-02-14 14:01:11", "2022-02-14T14:01:11Z"),
        ("2022-02-14", "2022-02-14T00:00:00Z"),
        ("2022-02-30T00:00:00Z", None),  # no such day: left for the library to refuse
        ("yesterday", None),
    ],
)
def test_repaired_timestamp(text: str, repaired: str | None) -> None:
    assert repaired_timestamp(text) == repaired
