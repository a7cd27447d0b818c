"""Throughput of the SBOM readers against bare `orjson.loads` of the same bytes.

    python benchmarks/ingest.py [--components 20000] [--small-files 20] [--small-components 500]
                                [--repeat 3] [--no-library]

Generates a CycloneDX 1.6 JSON SBOM of N components (bom-ref, name, version, purl, CPE,
supplier name and URL, SHA-256 hash, licence) with N dependencies, the same packages as an
SPDX 2.3 JSON document, and a set of smaller files of each. For each set it prints MB/s,
components/s and the ratio to `orjson.loads` (the floor; with the garbage collector on, as a
plain call runs, and off) for: the fast path (format detection + msgspec reader, the default)
and the library path (detection + cyclonedx-python-lib / spdx-tools, `--strict`), which runs
once on the large file as it takes tens of seconds. Ratios are "times slower than the floor".
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import orjson

from sbom_audit.ingest.cyclonedx import read_cyclonedx_json, read_cyclonedx_json_fast
from sbom_audit.ingest.detect import detect_format
from sbom_audit.ingest.interface import IngestOptions, ReadResult

# (supplier, web site, purl namespace): a mix of registry hits and unknowns
SUPPLIERS = [
    ("The Apache Software Foundation", "https://www.apache.org", "org.apache.commons"),
    ("Alibaba Group", "https://www.alibabagroup.com", "com.alibaba"),
    ("Google LLC", "https://about.google", "com.google.guava"),
    ("FasterXML", "https://fasterxml.com", "com.fasterxml.jackson.core"),
    ("Huawei Technologies Co., Ltd.", "https://www.huawei.com", "com.huawei.cloud"),
    ("Some Small Vendor GmbH", "https://smallvendor.de", "de.smallvendor"),
]
LICENCES = ["Apache-2.0", "MIT", "BSD-3-Clause", "EPL-2.0", "LGPL-2.1-only"]
Reader = Callable[..., ReadResult]


@dataclass(frozen=True)
class Package:
    index: int
    name: str
    version: str
    supplier: str
    url: str
    purl: str
    cpe: str
    sha256: str
    licence: str


def packages(count: int, rng: random.Random) -> list[Package]:
    found = []
    for index in range(count):
        supplier, url, group = rng.choice(SUPPLIERS)
        name, version = f"lib{index}", f"1.{index % 10}.{index % 7}"
        vendor = supplier.split()[0].lower()
        found.append(Package(
            index, name, version, supplier, url,
            f"pkg:maven/{group}/{name}@{version}?type=jar",
            f"cpe:2.3:a:{vendor}:{name}:{version}:*:*:*:*:*:*:*",
            hashlib.sha256(name.encode()).hexdigest(), rng.choice(LICENCES),
        ))  # fmt: skip
    return found


def cyclonedx(name: str, found: list[Package]) -> bytes:
    components = [
        {"type": "library", "bom-ref": f"ref-{p.index}", "supplier": {"name": p.supplier,
         "url": [p.url]}, "name": p.name, "version": p.version,
         "hashes": [{"alg": "SHA-256", "content": p.sha256}],
         "licenses": [{"license": {"id": p.licence}}], "cpe": p.cpe, "purl": p.purl}
        for p in found
    ]  # fmt: skip
    dependencies = [{"ref": "root", "dependsOn": [f"ref-{p.index}" for p in found[:50]]}]
    dependencies += [
        {"ref": f"ref-{p.index}", "dependsOn": [f"ref-{(p.index + 1) % len(found)}"]} for p in found
    ]
    return orjson.dumps({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "metadata": {"component": {"type": "application", "bom-ref": "root", "name": name,
                                   "version": "1.0"}},
        "components": components, "dependencies": dependencies,
    })  # fmt: skip


def spdx(name: str, found: list[Package]) -> bytes:
    packages = [
        {"SPDXID": f"SPDXRef-Package-{p.index}", "name": p.name, "versionInfo": p.version,
         "supplier": f"Organization: {p.supplier}", "originator": f"Organization: {p.supplier}",
         "downloadLocation": "NOASSERTION", "filesAnalyzed": False,
         "checksums": [{"algorithm": "SHA256", "checksumValue": p.sha256}],
         "licenseConcluded": p.licence, "licenseDeclared": p.licence,
         "copyrightText": "NOASSERTION",
         "externalRefs": [
             {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
              "referenceLocator": p.purl},
             {"referenceCategory": "SECURITY", "referenceType": "cpe23Type",
              "referenceLocator": p.cpe}]}
        for p in found
    ]  # fmt: skip
    root = {"SPDXID": "SPDXRef-Package-root", "name": name, "versionInfo": "1.0",
            "downloadLocation": "NOASSERTION", "filesAnalyzed": False}  # fmt: skip
    relationships = [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
                      "relatedSpdxElement": "SPDXRef-Package-root"}]  # fmt: skip
    relationships += [
        {"spdxElementId": "SPDXRef-Package-root", "relationshipType": "DEPENDS_ON",
         "relatedSpdxElement": f"SPDXRef-Package-{p.index}"}
        for p in found
    ]  # fmt: skip
    return orjson.dumps({
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": name, "documentNamespace": f"https://example.com/spdx/{name}",
        "creationInfo": {"created": "2026-01-01T00:00:00Z", "creators": ["Tool: benchmark"]},
        "packages": [root, *packages], "relationships": relationships,
    })  # fmt: skip


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def orjson_loads(files: list[bytes], gc_off: bool) -> Callable[[], object]:
    def run() -> object:
        if gc_off:
            gc.disable()
        try:
            return [orjson.loads(data) for data in files]
        finally:
            gc.enable()

    return run


def reading(reader: Reader, files: list[bytes]) -> Callable[[], object]:
    options = IngestOptions()

    def run() -> object:
        return [reader(detect_format(data, "bench.json"), "bench.json", options) for data in files]

    return run


def report(label: str, files: list[bytes], components: int, seconds: float, floor: float) -> None:
    megabytes = sum(map(len, files)) / 1e6
    print(
        f"  {label:<34} {seconds:8.3f} s {megabytes / seconds:9.1f} MB/s "
        f"{components / seconds:11,.0f} comp/s {seconds / floor:8.2f}x"
    )


def bench_set(
    title: str, files: list[bytes], components: int, readers: dict[str, tuple[Reader, int]]
) -> None:
    megabytes = sum(map(len, files)) / 1e6
    print(f"\n{title}: {len(files)} file(s), {megabytes:.2f} MB, {components:,} components")
    print(f"  {'step':<34} {'time':>10} {'MB/s':>14} {'comp/s':>18} {'x orjson':>9}")
    floor = best_of(3, orjson_loads(files, gc_off=False))
    report("orjson.loads (baseline)", files, components, floor, floor)
    gc_off = best_of(3, orjson_loads(files, gc_off=True))
    report("orjson.loads, gc disabled", files, components, gc_off, floor)
    for label, (reader, repeat) in readers.items():
        report(label, files, components, best_of(repeat, reading(reader, files)), floor)


def spdx_readers() -> tuple[Reader, Reader] | None:
    try:  # provided by the SPDX reader; absent in an older checkout
        spdx_module = importlib.import_module("sbom_audit.ingest.spdx")
        return spdx_module.read_spdx_json_fast, spdx_module.read_spdx_json
    except (ImportError, AttributeError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--components", type=int, default=20_000)
    parser.add_argument("--small-files", type=int, default=20)
    parser.add_argument("--small-components", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-library", action="store_true", help="skip the slow library paths")
    args = parser.parse_args()
    rng = random.Random(2026)
    big = packages(args.components, rng)
    small = [packages(args.small_components, rng) for _ in range(args.small_files)]
    start = time.perf_counter()
    importlib.import_module("sbom_audit.ingest.cyclonedx.library")
    print(
        f"importing cyclonedx-python-lib (first --strict read): {time.perf_counter() - start:.3f} s"
    )
    sets = {"CycloneDX 1.6 JSON": (cyclonedx, read_cyclonedx_json_fast, read_cyclonedx_json)}
    found = spdx_readers()
    if found:
        sets["SPDX 2.3 JSON"] = (spdx, *found)
    else:
        print("SPDX 2.3 JSON: read_spdx_json_fast is not available; skipped")
    for title, (write, fast, library) in sets.items():
        for size, groups in ((f"{args.components:,}", [big]), ("small", small)):
            files = [write(f"app{n}", group) for n, group in enumerate(groups)]
            readers = {"fast path (detect + read)": (fast, args.repeat)}
            if not args.no_library:
                readers["library path (detect + read, once)"] = (library, 1)
            bench_set(f"{title}, {size}", files, sum(map(len, groups)), readers)


if __name__ == "__main__":
    main()
