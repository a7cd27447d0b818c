"""Throughput of `--validate` on generated SBOMs, against the libraries' stock validators.

    python benchmarks/validate.py [--components 20000] [--stock-components 2000]

Generates a CycloneDX 1.6 JSON SBOM (components with purl, CPE, supplier URLs, hashes,
licences and external references, plus a dependency graph) and an SPDX 2.3 JSON SBOM with as
many packages (and DESCRIBES/DEPENDS_ON relationships), and times our validators on them. The
stock validators (cyclonedx-python-lib's JsonStrictValidator, spdx-tools'
validate_full_spdx_document) are quadratic and take tens of minutes at 20,000 components, so
they are timed on --stock-components, with ours on the same input for the ratio. The floor is
parsing the same bytes alone.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from importlib import import_module
from typing import Any

import orjson

from sbom_audit.ingest.detect import Detected, InputFormat
from sbom_audit.ingest.validate import validate_sbom

SUPPLIERS = [
    ("The Apache Software Foundation", "https://www.apache.org/", "org.apache.commons"),
    ("Alibaba Group", "https://www.alibabagroup.com/", "com.alibaba"),
    ("Huawei Technologies Co., Ltd.", "https://www.huawei.com/", "com.huawei.cloud"),
    ("FasterXML", "https://github.com/FasterXML", "com.fasterxml.jackson.core"),
]
LICENCES = ["Apache-2.0", "MIT", "BSD-3-Clause"]


def cyclonedx_sbom(components: int) -> bytes:
    entries = [_component(index) for index in range(components)]
    refs = [entry["bom-ref"] for entry in entries]
    dependencies = [{"ref": "app", "dependsOn": refs[:10]}] + [
        {"ref": ref, "dependsOn": refs[index + 1 : index + 3]} for index, ref in enumerate(refs)
    ]
    document = {
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "metadata": {
            "timestamp": "2026-01-15T08:00:00Z",
            "component": {"type": "application", "bom-ref": "app", "name": "core-banking"},
            "supplier": {"name": "Example Bank IT", "url": ["https://it.example.cn/"]},
        },
        "components": entries,
        "dependencies": dependencies,
    }  # fmt: skip
    return orjson.dumps(document)


def _component(index: int) -> dict[str, Any]:
    supplier, url, group = SUPPLIERS[index % len(SUPPLIERS)]
    name, version = f"lib{index}", f"1.{index % 10}.{index % 7}"
    return {
        "type": "library", "bom-ref": f"c{index}", "name": name, "version": version,
        "group": group,
        "purl": f"pkg:maven/{group}/{name}@{version}",
        "cpe": f"cpe:2.3:a:{group.split('.')[1]}:{name}:{version}:*:*:*:*:*:*:*",
        "supplier": {"name": supplier, "url": [url, f"{url}contact?lang=zh#{index}"]},
        "hashes": [{"alg": "SHA-256", "content": f"{index:064x}"}],
        "licenses": [{"license": {"id": LICENCES[index % 3]}}],
        "externalReferences": [
            {"type": "website", "url": f"https://{group}.example.org/{name}"},
            {"type": "vcs", "url": f"git+https://github.com/{group}/{name}.git"},
            {"type": "distribution", "url": f"https://repo1.maven.org/maven2/{name}/{version}/"},
        ],
    }  # fmt: skip


def spdx_sbom(packages: int, licence_refs: int = 1) -> bytes:
    """`licence_refs` LicenseRefs in hasExtractedLicensingInfos, used in turn by the packages
    (scanners write one per unrecognised licence text)."""
    entries = [_package(index) for index in range(packages)]
    for index, entry in enumerate(entries[::4]):
        entry["licenseConcluded"] = f"LicenseRef-vendor-eula-{index % licence_refs}"
    relationships = [
        {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
         "relatedSpdxElement": "SPDXRef-Package-0"}
    ] + [
        {"spdxElementId": f"SPDXRef-Package-{index // 2}", "relationshipType": "DEPENDS_ON",
         "relatedSpdxElement": f"SPDXRef-Package-{index}"}
        for index in range(1, packages)
    ]  # fmt: skip
    document = {
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": "core-banking",
        "documentNamespace": "https://it.example.cn/spdx/core-banking-0b7c6d2e",
        "creationInfo": {"created": "2026-01-15T08:00:00Z",
                         "creators": ["Tool: sbom-audit-benchmark", "Organization: Example Bank"]},
        "packages": entries,
        "relationships": relationships,
        "hasExtractedLicensingInfos": [
            {"licenseId": f"LicenseRef-vendor-eula-{index}", "extractedText": "Vendor EULA",
             "name": f"Vendor EULA {index}"}
            for index in range(licence_refs)
        ],
    }  # fmt: skip
    return orjson.dumps(document)


def _package(index: int) -> dict[str, Any]:
    supplier, url, group = SUPPLIERS[index % len(SUPPLIERS)]
    name, version = f"lib{index}", f"1.{index % 10}.{index % 7}"
    return {
        "SPDXID": f"SPDXRef-Package-{index}", "name": name, "versionInfo": version,
        "supplier": f"Organization: {supplier} (oss@{group.split('.')[1]}.com)",
        "originator": f"Organization: {supplier}",
        "downloadLocation": f"https://repo1.maven.org/maven2/{name}/{version}/{name}.jar",
        "homepage": f"{url}{name}", "filesAnalyzed": False,
        "licenseConcluded": LICENCES[index % 3], "licenseDeclared": LICENCES[index % 3],
        "copyrightText": "NOASSERTION",
        "checksums": [{"algorithm": "SHA256", "checksumValue": f"{index:064x}"}],
        "externalRefs": [
            {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
             "referenceLocator": f"pkg:maven/{group}/{name}@{version}"},
            {"referenceCategory": "SECURITY", "referenceType": "cpe23Type",
             "referenceLocator": f"cpe:2.3:a:{group.split('.')[1]}:{name}:{version}:*:*:*:*:*:*:*"},
        ],
    }  # fmt: skip


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def line(label: str, seconds: float, size: int, baseline: float | None = None) -> None:
    ratio = f"  x{baseline / seconds:7.1f} faster than stock" if baseline else ""
    print(f"  {label:<46}{seconds:9.3f} s {size / 1e6 / seconds:9.4f} MB/s{ratio}")


def ours(data: bytes, kind: InputFormat, version: str) -> tuple[str, ...]:
    errors = validate_sbom(Detected(kind, data, version))
    if errors:
        raise SystemExit(f"the generated SBOM should be valid: {errors[:3]}")
    return errors


def stock_cyclonedx(data: bytes) -> list[Any]:
    from sbom_audit.ingest.validate.cyclonedx import make_strict_json_validator

    validator = make_strict_json_validator("1.6")
    return list(validator.validate_str(data.decode(), all_errors=True) or [])


def stock_spdx(data: bytes) -> list[Any]:
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    return list(validate_full_spdx_document(spdx_parse_only(data)))


def spdx_parse_only(data: bytes) -> object:
    from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser

    return JsonLikeDictParser().parse(json.loads(data))


def bench_cyclonedx(big: int, small: int) -> None:
    kind = InputFormat.CYCLONEDX_JSON
    ours(cyclonedx_sbom(10), kind, "1.6")  # compile the schema outside the timings
    data = cyclonedx_sbom(big)
    print(f"CycloneDX 1.6 JSON, {big} components, {len(data) / 1e6:.2f} MB")
    line("json.loads (floor)", timed(lambda: json.loads(data)), len(data))
    line("ours", timed(lambda: ours(data, kind, "1.6")), len(data))
    if small:
        data = cyclonedx_sbom(small)
        print(f"CycloneDX 1.6 JSON, {small} components, {len(data) / 1e6:.2f} MB")
        stock = timed(lambda: stock_cyclonedx(data))
        line("stock JsonStrictValidator", stock, len(data))
        line("ours", timed(lambda: ours(data, kind, "1.6")), len(data), stock)


def bench_spdx(big: int, small: int) -> None:
    kind = InputFormat.SPDX_JSON
    ours(spdx_sbom(10), kind, "SPDX-2.3")  # load the licence list outside the timings
    data = spdx_sbom(big)
    print(f"SPDX 2.3 JSON, {big} packages, {len(data) / 1e6:.2f} MB")
    line("spdx-tools parse only (floor)", timed(lambda: spdx_parse_only(data)), len(data))
    line("ours (parse and validate)", timed(lambda: ours(data, kind, "SPDX-2.3")), len(data))
    data = spdx_sbom(big, licence_refs=big // 4)
    label = f"ours, with {big // 4} LicenseRefs"
    line(label, timed(lambda: ours(data, kind, "SPDX-2.3")), len(data))
    if small:
        data = spdx_sbom(small)
        print(f"SPDX 2.3 JSON, {small} packages, {len(data) / 1e6:.2f} MB")
        stock = timed(lambda: stock_spdx(data))
        line("stock parse + validate_full_spdx_document", stock, len(data))
        seconds = timed(lambda: ours(data, kind, "SPDX-2.3"))
        line("ours (parse and validate)", seconds, len(data), stock)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--components", type=int, default=20000)
    parser.add_argument("--stock-components", type=int, default=2000, help="0: skip the stock")
    options = parser.parse_args()
    seconds = timed(lambda: import_module("sbom_audit.ingest.validate.cyclonedx"))
    print(f"import of the CycloneDX validator (jsonschema, lxml): {seconds:.2f} s")
    seconds = timed(lambda: import_module("sbom_audit.ingest.validate.spdx"))
    print(f"import of the SPDX validator (spdx-tools): {seconds:.2f} s")
    bench_cyclonedx(options.components, options.stock_components)
    bench_spdx(options.components, options.stock_components)


if __name__ == "__main__":
    main()
