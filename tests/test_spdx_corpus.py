"""Real SPDX documents of the shared corpus, in every serialisation and version, read with real
values checked (package counts, suppliers, purls, the tree)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import CORPUS

from sbom_audit.ingest import IngestOptions, load_input
from sbom_audit.ingest.interface import ReadResult
from sbom_audit.model import Item, ItemKind

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared SBOM corpus is not present at {CORPUS}"
)
STRICT = IngestOptions(strict=True)
TOOLS = "spdx-tools-python/spdx/data"
NTIA = "spdx-ntia-conformance-checker"
WILD = "bom-shelter/in-the-wild/spdx"


def _read(relative: str, options: IngestOptions = STRICT) -> tuple[list[Item], ReadResult]:
    loaded = load_input(CORPUS / relative, relative, options)
    assert loaded.record.error is None, loaded.record.error
    return loaded.items, ReadResult(loaded.items, list(loaded.record.warnings))


def _by_name(items: list[Item]) -> dict[str, Item]:
    return {item.name: item for item in items}


def _without_file(items: list[Item]) -> list[Item]:
    # (the tag-value copy writes one external reference's type differently)
    return [
        replace(
            item, provenance=replace(item.provenance, file=""), external_refs=item.external_refs[:1]
        )
        for item in items
    ]


def test_the_spdx_2_2_example_reads_alike_in_json_yaml_xml_and_tag_value() -> None:
    json_items, _ = _read(f"{TOOLS}/SPDXJSONExample-v2.2.spdx.json")
    assert [item.name for item in json_items] == ["glibc", "Apache Commons Lang", "Jena", "Saxon"]
    glibc = json_items[0]
    assert glibc.kind is ItemKind.SBOM_SUBJECT
    assert (glibc.vendor, glibc.vendor_field, glibc.version) == ("Jane Doe", "supplier", "2.11.1")
    assert glibc.cpe == "cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*"
    assert glibc.hashes[0] == "MD5:624c1abb3664f4b35547e7c73864ad24"
    assert glibc.licenses == ("LGPL-2.0-only AND LicenseRef-3", "LGPL-2.0-only OR LicenseRef-3")
    assert _by_name(json_items)["Jena"].purl == "pkg:maven/org.apache.jena/apache-jena@3.12.0"
    for other in (
        f"{TOOLS}/SPDXYAMLExample-v2.2.spdx.yaml",
        f"{TOOLS}/SPDXTagExample-v2.2.spdx",
        f"{TOOLS}/SPDXXMLExample-UTF-16.spdx.xml",  # UTF-16 with a BOM
        f"{TOOLS}/SPDXJSONExample-UTF-16.spdx.json",
    ):
        items, _ = _read(other)
        assert _without_file(items) == _without_file(json_items), other


def test_rdf_xml_is_read_in_document_order() -> None:
    items, _ = _read(f"{TOOLS}/SPDXRdfExample-v2.2.spdx.rdf.xml")
    assert [item.name for item in items] == ["glibc", "Saxon", "Jena", "Apache Commons Lang"]
    glibc = items[0]
    assert (glibc.kind, glibc.vendor) == (ItemKind.SBOM_SUBJECT, "Jane Doe")
    assert _by_name(items)["Jena"].purl == "pkg:maven/org.apache.jena/apache-jena@3.12.0"
    # an RDF graph keeps no order inside a package: checksums and licence operands may move
    assert "MD5:624c1abb3664f4b35547e7c73864ad24" in glibc.hashes


@pytest.mark.parametrize(
    "relative",
    [
        f"{NTIA}/no_elements_missing/SPDXXMLExample-v2.3.spdx.xml",
        f"{NTIA}/no_elements_missing/SPDXTagExample-v2.3.spdx",
        f"{NTIA}/missing_component_version/SPDXYAMLExample-v2.3.spdx.yaml",
        f"{NTIA}/missing_component_version/SPDXRdfExample-v2.3.spdx.rdf.xml",
        f"{NTIA}/missing_concluded_license/SPDXJSONExample-v2.3.spdx.json",
    ],
)
def test_spdx_2_3_in_each_serialisation(relative: str) -> None:
    items, _ = _read(relative)
    assert len(items) == 1
    glibc = items[0]
    assert (glibc.name, glibc.kind) == ("glibc", ItemKind.SBOM_SUBJECT)
    assert (glibc.vendor, glibc.vendor_field) == ("ExampleCodeInspect", "supplier")
    assert glibc.category_text == "source"
    assert glibc.provenance.ref == "SPDXRef-Package"
    assert glibc.cpe == "cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*"


def test_spdx_2_1_json_and_tag_value() -> None:
    items, _ = _read("sbomqs/testdata/fixtures/spdx-old-version.json")
    assert [(i.name, i.version, i.licenses) for i in items] == [
        ("legacy-package", "1.0.0", ("MIT",))
    ]
    # a FOSSology document with 3,236 files, which stock spdx-tools took minutes to read
    items, _ = _read(f"{NTIA}/real_world_sboms/spdx_sample_04.spdx")
    assert [(i.name, i.hashes[0]) for i in items] == [
        ("vfc-2019-12-05.zip", "SHA-1:f930ddd53ec7145e1a593ac118158e033d1e2a32")
    ]


def test_spdx_examples_2_3_json_tree_and_originator() -> None:
    items, _ = _read(
        "spdx-examples/software/example14/spdx2.3/examplemaven-0.0.1-enriched.spdx.json"
    )
    junit = _by_name(items)["JUnit"]
    assert (junit.vendor, junit.vendor_field, junit.version) == ("JUnit", "originator", "3.8.1")
    assert junit.parent_ref == "SPDXRef-example"
    assert junit.licenses == ("CPL-1.0",)


def test_chainguard_container_sbom() -> None:
    items, _ = _read(f"{NTIA}/SPDXSBOMExampleTests/chainguard.spdx.json")
    assert len(items) == 3
    assert {item.vendor for item in items} == {"Chainguard, Inc."}
    assert {item.category_text for item in items} == {"container"}
    assert items[0].kind is ItemKind.SBOM_SUBJECT
    assert items[0].purl is not None and items[0].purl.startswith("pkg:oci/index@sha256%3Af60f5740")


def test_kubernetes_release_tag_value_tree() -> None:
    items, _ = _read(f"{WILD}/kubernetes-release.spdx")
    assert len(items) == 135
    subject = items[0]
    assert (subject.name, subject.kind) == (
        "k8s.gcr.io/kube-proxy-arm64:v1.23.1",
        ItemKind.SBOM_SUBJECT,
    )
    layers = [item for item in items if item.parent_ref == subject.provenance.ref]
    assert layers and all(item.name.endswith("/layer.tar") for item in layers)


def test_istio_tag_value_with_thousands_of_packages() -> None:
    items, _ = _read(f"{WILD}/istio-release.spdx")
    assert len(items) == 3461
    assert sum(item.parent_ref is not None for item in items) == 3428


def test_microsoft_sbom_tool_supplier_without_prefix_is_read_with_a_warning() -> None:
    for options in (IngestOptions(), STRICT):
        items, result = _read(f"{WILD}/win-x64-manifest.spdx.json", options)
        assert len(items) == 88
        assert [item.name for item in items if item.kind is ItemKind.SBOM_SUBJECT] == ["SBOMTool"]
        assert sum(item.vendor == "Microsoft" for item in items) == 9
        assert [w for w in result.warnings if "'Microsoft/GitHub'" in w] == [
            f"{WILD}/win-x64-manifest.spdx.json: $.packages[11] (SPDXRef-Package-13FC92CC155CE737"
            "ECF2A3A406938078C1771B097F5FB8ECA6C639D2B9BB165C): supplier 'Microsoft/GitHub' has no "
            "'Organization:' or 'Person:' prefix; read as the organisation 'Microsoft/GitHub'"
        ]


def test_grype_originators_in_name_and_angle_bracket_form() -> None:
    items, result = _read(f"{WILD}/grype-sbom.spdx.json")
    assert len(items) == 1160
    pygments = next(item for item in items if item.vendor == "Georg Brandl")
    assert (pygments.vendor_field, pygments.vendor_domains) == ("originator", ("python.org",))
    assert any(
        "'2022-01-20T18:57:22.93891Z' read as 2022-01-20T18:57:22Z" in w for w in result.warnings
    )


@pytest.mark.parametrize(
    ("relative", "count"),
    [
        (f"{WILD}/constellation-spdx.json", 1303),  # fractional seconds in created
        (f"{WILD}/powershell.spdx.json", 331),  # "hasFiles": null
        ("guac/alpine-spdx.json", 14),  # files without checksums
        (f"{WILD}/julia.spdx", 34),  # package lines after Relationship lines
        (f"{WILD}/helm-controller_0.16.0_sbom.spdx", 173),  # a file without FileChecksum
        ("sbomqs/samples/sbomqs.trivy-spdx.tv", 17),  # no PackageDownloadLocation
        (f"{WILD}/xml2json-sbom.spdx", 1),  # old Mac line endings (CR)
    ],
)
def test_repaired_real_world_documents_read_in_both_paths(relative: str, count: int) -> None:
    strict, result = _read(relative)
    assert len(strict) == count
    assert result.warnings or relative.endswith("xml2json-sbom.spdx")
    if relative.endswith(".json"):
        fast, _ = _read(relative, IngestOptions())
        assert fast == strict


@pytest.mark.parametrize(
    ("relative", "message"),
    [
        ("spdx-examples/software/example11/spdx3.0/sbom.spdx3.json", "SPDX 3 JSON-LD is not supported yet"),
        (f"{WILD}/fatbom-sbom.spdx", "not a valid SPDX document: Error while constructing CreationInfo: 'created' missing"),
        (f"{NTIA}/missing_unique_identifiers/SPDXYAMLExample-v2.3.spdx.yaml",
         "not a valid SPDX document: $.packages[0]: Package: spdx_id is missing"),
        (f"{NTIA}/missing_timestamp/SPDXXMLExample-v2.3.spdx.xml",
         "not a valid SPDX document: $.creationInfo: CreationInfo: created is missing"),
        ("spdx-spec/v2.3-tag/examples/SPDXYAMLExample-2.2.spdx.yaml",
         "not valid YAML: line 324, column 48: did not find expected key"),
        (f"{NTIA}/missing_author_name/SPDXRdfExample-v2.3.spdx.rdf.xml",
         "not a valid SPDX document: CreationInfo: No creators provided."),
    ],
)  # fmt: skip
def test_refusals_name_the_reason(relative: str, message: str) -> None:
    loaded = load_input(CORPUS / relative, relative, STRICT)
    error = loaded.record.error or ""
    assert error.startswith(f"{relative}: "), error
    assert message in error
    assert "\n" not in error
