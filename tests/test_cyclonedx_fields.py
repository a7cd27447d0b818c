"""Every field the CycloneDX readers extract, read the same way by the fast and library paths."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sbom_audit.errors import IngestError
from sbom_audit.ingest.cyclonedx import read_cyclonedx_json, read_cyclonedx_json_fast
from sbom_audit.ingest.detect import Detected, InputFormat, detect_format
from sbom_audit.ingest.interface import IngestOptions, Limits, ReadResult
from sbom_audit.model import ItemKind

READERS = {"fast": read_cyclonedx_json_fast, "library": read_cyclonedx_json}

ACME = {"name": "Acme Software GmbH", "url": ["https://www.acme.de/about us"],
        "contact": [{"name": "Sales", "email": "sales@acme-group.com"}]}  # fmt: skip
FULL = {
    "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
    "metadata": {
        "component": {"type": "firmware", "name": "Router OS", "version": "7.1",
                      "bom-ref": "router-os",
                      "components": [{"type": "library", "name": "busybox", "bom-ref": "bb"}]},
        "manufacturer": {"name": "Shenzhen Router Co., Ltd.", "url": ["https://router.cn"]},
        "supplier": {"name": "Reseller Ltd"},
    },
    "components": [
        {"type": "library", "bom-ref": "zlib", "name": "zlib", "version": "1.3",
         "supplier": {"name": "  Zlib Project  "}, "manufacturer": ACME,
         "publisher": "Someone", "group": "org.zlib",
         "purl": "pkg:PyPI/Zlib_Wrapper@1.3?b=2&a=1",
         "cpe": "cpe:2.3:a:zlib:zlib:1.3:*:*:*:*:*:*:*",
         "swid": {"tagId": "swidgen-zlib-1.3", "name": "zlib"},
         "hashes": [{"alg": "SHA-256", "content": "ab12"}, {"alg": "MD5", "content": "cd34"}],
         "licenses": [{"license": {"id": "Zlib"}}, {"license": {"name": "Custom licence"}}],
         "properties": [{"name": "z", "value": "1"}, {"name": "a", "value": "2"}],
         "externalReferences": [{"type": "website", "url": "https://zlib.net/a b"},
                                {"type": "vcs", "url": "https://github.com/madler/zlib"}],
         "components": [
             {"type": "file", "name": "zlib.h", "bom-ref": "zlib.h",
              "components": [{"type": "file", "name": "zconf.h"}]},
         ]},
        {"type": "application", "name": "abc-tool", "version": "2",
         "authors": [{"name": "Zed Author", "email": "zed@zed.io"},
                     {"name": "Bea Author", "email": "bea@bea.org"}],
         "licenses": [{"expression": "MIT OR Apache-2.0"}]},
        {"type": "library", "name": "legacy", "author": "Old Author", "version": "5"},
        {"type": "cryptographic-asset", "name": "AES-128-GCM", "bom-ref": "aes",
         "cryptoProperties": {
             "assetType": "algorithm",
             "algorithmProperties": {"primitive": "ae", "mode": "gcm",
                                     "cryptoFunctions": ["encrypt", "decrypt"],
                                     "classicalSecurityLevel": 128},
             "relatedCryptoMaterialProperties": {"type": "secret-key", "size": 128,
                                                 "securedBy": {"mechanism": "HSM"}},
             "oid": "2.16.840.1.101.3.4.1.6"}},
    ],
    "services": [
        {"bom-ref": "gw", "name": "API Gateway", "version": "2022-1",
         "provider": {"name": "Acme Inc", "url": ["https://example.com"]},
         "endpoints": ["https://gw.example.com/v2", "https://gw.example.com/v1"],
         "services": [{"name": "Postgres", "endpoints": ["https://db.example.com:5432"]}]},
        {"name": "S3"},
    ],
}  # fmt: skip


def _read(reader: str, document: dict[str, Any], limits: Limits | None = None) -> ReadResult:
    data = json.dumps(document).encode()
    options = IngestOptions(limits=limits or Limits())
    return READERS[reader](detect_format(data, "bom.json"), "bom.json", options)


@pytest.fixture(params=sorted(READERS))
def full(request: pytest.FixtureRequest) -> ReadResult:
    return _read(request.param, FULL)


def test_items_come_in_document_order_subject_first(full: ReadResult) -> None:
    names = [item.name for item in full.items]
    assert names == ["Router OS", "busybox", "zlib", "zlib.h", "zconf.h", "abc-tool", "legacy",
                     "AES-128-GCM"]  # fmt: skip
    kinds = [item.kind for item in full.items]
    assert kinds == [ItemKind.SBOM_SUBJECT] + [ItemKind.COMPONENT] * 7


def test_nested_components_name_their_parent(full: ReadResult) -> None:
    parents = {item.name: item.parent_ref for item in full.items}
    assert parents == {"Router OS": None, "busybox": "router-os", "zlib": None, "zlib.h": "zlib",
                       "zconf.h": "zlib.h", "abc-tool": None, "legacy": None, "AES-128-GCM": None}  # fmt: skip


def test_subject_falls_back_to_metadata_manufacturer(full: ReadResult) -> None:
    subject = full.items[0]
    assert (subject.vendor, subject.vendor_field) == ("Shenzhen Router Co., Ltd.", "metadata")
    assert subject.vendor_domains == ("router.cn",)
    assert subject.category_text == "firmware"
    assert subject.provenance.ref == "router-os"
    assert full.items[1].vendor is None  # the fallback is for the subject only


def test_component_fields(full: ReadResult) -> None:
    zlib = full.items[2]
    assert (zlib.vendor, zlib.vendor_field, zlib.supplier) == (
        "Acme Software GmbH",
        "manufacturer",
        "Zlib Project",
    )
    assert zlib.vendor_domains == ("acme-group.com", "acme.de")
    assert zlib.purl == "pkg:pypi/zlib-wrapper@1.3?a=1&b=2"  # as packageurl writes it
    assert zlib.cpe == "cpe:2.3:a:zlib:zlib:1.3:*:*:*:*:*:*:*"
    assert (zlib.group, zlib.version, zlib.swid) == ("org.zlib", "1.3", "swidgen-zlib-1.3")
    assert zlib.hashes == ("MD5:cd34", "SHA-256:ab12")
    assert zlib.licenses == ("Custom licence", "Zlib")
    assert zlib.properties == (("a", "2"), ("z", "1"))
    assert zlib.external_refs == (("vcs", "https://github.com/madler/zlib"),
                                  ("website", "https://zlib.net/a%20b"))  # fmt: skip


def test_vendor_from_authors_then_author(full: ReadResult) -> None:
    tool, legacy = full.items[5], full.items[6]
    assert (tool.vendor, tool.vendor_field) == ("Bea Author", "authors")
    assert tool.vendor_domains == ("bea.org", "zed.io")
    assert tool.licenses == ("MIT OR Apache-2.0",)
    assert (legacy.vendor, legacy.vendor_field, legacy.version) == ("Old Author", "author", "5")


def test_crypto_properties_become_prefixed_properties(full: ReadResult) -> None:
    aes = full.items[7]
    assert aes.category_text == "cryptographic-asset"
    assert aes.properties == (
        ("cdx:crypto:algorithmProperties:classicalSecurityLevel", "128"),
        ("cdx:crypto:algorithmProperties:cryptoFunctions", "decrypt"),
        ("cdx:crypto:algorithmProperties:cryptoFunctions", "encrypt"),
        ("cdx:crypto:algorithmProperties:mode", "gcm"),
        ("cdx:crypto:algorithmProperties:primitive", "ae"),
        ("cdx:crypto:assetType", "algorithm"),
        ("cdx:crypto:oid", "2.16.840.1.101.3.4.1.6"),
        ("cdx:crypto:relatedCryptoMaterialProperties:securedBy:mechanism", "HSM"),
        ("cdx:crypto:relatedCryptoMaterialProperties:size", "128"),
        ("cdx:crypto:relatedCryptoMaterialProperties:type", "secret-key"),
    )


def test_services_top_level_and_nested(full: ReadResult) -> None:
    gateway, postgres, s3 = full.services
    assert (gateway.name, gateway.version, gateway.provider) == (
        "API Gateway",
        "2022-1",
        "Acme Inc",
    )
    assert gateway.endpoints == ("https://gw.example.com/v1", "https://gw.example.com/v2")
    assert gateway.provenance.ref == "gw"
    assert (postgres.name, postgres.endpoints) == ("Postgres", ("https://db.example.com:5432",))
    assert (s3.name, s3.provider, s3.endpoints) == ("S3", None, ())


def test_both_paths_agree_on_the_full_document() -> None:
    fast, library = _read("fast", FULL), _read("library", FULL)
    assert fast.items == library.items
    assert fast.services == library.services


def test_library_merges_identical_components_without_bom_ref() -> None:
    twin = {"type": "library", "name": "left-pad", "version": "1.3.0"}
    document = {**FULL, "components": [twin, twin], "services": []}
    fast, library = _read("fast", document), _read("library", document)
    assert [item.name for item in fast.items] == ["Router OS", "busybox", "left-pad", "left-pad"]
    assert [item.name for item in library.items] == ["Router OS", "busybox", "left-pad"]


def test_the_fast_path_reads_what_the_library_refuses_and_says_so() -> None:
    document = {"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
        {"type": "spaceship", "name": "a", "purl": "not a purl"},
        {"type": "library", "purl": "pkg:npm/b@1"},
        {"type": "library", "name": "c", "purl": "pkg:/"},
    ]}  # fmt: skip
    with pytest.raises(IngestError, match=r"not a valid CycloneDX 1\.5 document: 'spaceship'"):
        _read("library", document)
    result = _read("fast", document)
    assert [(i.name, i.category_text, i.purl) for i in result.items] == [
        ("a", "spaceship", "not a purl"), ("", "library", "pkg:npm/b@1"), ("c", "library", "pkg:/")]  # fmt: skip
    assert result.warnings == [
        "bom.json: 1 element(s) with a component type that is not a CycloneDX one (kept as "
        "written), first at $.components[0]",
        "bom.json: 2 element(s) with a purl that is not a valid package URL (kept as written), "
        "first at $.components[0]",
        "bom.json: 1 element(s) with a component without a name, first at $.components[1]",
    ]


def _nested(depth: int) -> dict[str, Any]:
    component: dict[str, Any] = {"type": "library", "name": "leaf"}
    for level in range(depth - 1):
        component = {"type": "library", "name": f"level{level}", "components": [component]}
    return {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [component]}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_components_nested_past_the_limit_are_refused(reader: str) -> None:
    document = _nested(9)
    with pytest.raises(IngestError, match=r"^bom\.json: components are nested more than 8 deep"):
        _read(reader, document, Limits(max_nesting_depth=8))
    items = _read(reader, document, Limits(max_nesting_depth=9)).items
    assert [item.parent_ref for item in items[:2]] == [None, None]  # no bom-refs to name
    assert len(items) == 9


def test_nesting_too_deep_for_the_decoder_is_an_ingest_error() -> None:
    depth = 900  # detection refuses this already; the reader on its own must too
    nested = '{"name": "a", "components": [' * depth + "]}" * depth
    data = f'{{"bomFormat": "CycloneDX", "components": [{nested}]}}'.encode()
    detected = Detected(InputFormat.CYCLONEDX_JSON, data, "1.6")
    options = IngestOptions(limits=Limits(max_nesting_depth=10_000))
    with pytest.raises(IngestError, match=r"^bom\.json: the JSON is nested too deeply to read$"):
        read_cyclonedx_json_fast(detected, "bom.json", options)


@pytest.mark.parametrize("reader", sorted(READERS))
def test_unsupported_spec_versions(reader: str) -> None:
    with pytest.raises(IngestError, match=r"specVersion '1\.1' is not supported"):
        _read(reader, {"bomFormat": "CycloneDX", "specVersion": "1.1"})


def test_twins_without_bom_ref_keep_document_order_and_their_children() -> None:
    def jar(location: str, child: str) -> dict[str, Any]:
        return {"type": "library", "name": "jgrapht-io", "version": "1.5.1",
                "properties": [{"name": "location", "value": location}],
                "components": [{"type": "file", "name": child}]}  # fmt: skip

    document = {"bomFormat": "CycloneDX", "specVersion": "1.6",
                "components": [jar("z/lib/first.jar", "first-child"),
                               jar("a/lib/second.jar", "second-child")]}  # fmt: skip
    fast, library = _read("fast", document), _read("library", document)
    assert fast.items == library.items
    assert [(i.name, i.properties) for i in library.items] == [
        ("jgrapht-io", (("location", "z/lib/first.jar"),)), ("first-child", ()),
        ("jgrapht-io", (("location", "a/lib/second.jar"),)), ("second-child", ()),
    ]  # fmt: skip
