"""Throughput of the audit on generated inputs, against a baseline measured in the same process.

    python benchmarks/audit.py [--files 20] [--components 300] [--rows 5000]

Prints, for CycloneDX JSON SBOMs: bare `orjson.loads` of the same bytes (the floor), reading
them into items (detection + cyclonedx-python-lib), and the whole audit (read, match, check);
for a procurement workbook: reading the raw rows with python-calamine (the floor) and reading
it into items. Ratios are "times slower than the floor".
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from sbom_audit.audit import audit_paths
from sbom_audit.ingest import load_input
from sbom_audit.policy.profile import load_profile
from sbom_audit.registry import load_registry

# (supplier as written in SBOMs, purl namespace): a mix of registry hits and unknowns
SUPPLIERS = [
    ("The Apache Software Foundation", "org.apache.commons"),
    ("Alibaba Group", "com.alibaba"),
    ("Google LLC", "com.google.guava"),
    ("FasterXML", "com.fasterxml.jackson.core"),
    ("Huawei Technologies Co., Ltd.", "com.huawei.cloud"),
    ("Some Small Vendor GmbH", "de.smallvendor"),
    (None, "io.netty"),
]
PRODUCTS = [
    ("Core router", "HUAWEI TECHNOLOGIES CO.,LTD", "路由器"),
    ("Firewall", "Fortinet, Inc.", "防火墙"),
    ("Switch", "新华三技术有限公司", "Switch"),
    ("EDR", "Unknown Security Ltd", "EDR"),
    ("日志审计系统 Log audit appliance", "Venustech", None),  # category from the name
    ("SSL VPN gateway", "Array Networks", "Network security"),  # not recognised: name, registry
]


def make_sbom(path: Path, components: int, rng: random.Random) -> None:
    entries = []
    for index in range(components):
        supplier, group = rng.choice(SUPPLIERS)
        entry: dict[str, object] = {
            "type": "library",
            "bom-ref": f"c{index}",
            "name": f"lib{index}",
            "version": f"1.{index % 10}.0",
            "purl": f"pkg:maven/{group}/lib{index}@1.{index % 10}.0",
        }
        if supplier:
            entry["supplier"] = {"name": supplier}
        entries.append(entry)
    document = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                "metadata": {"component": {"type": "application", "name": path.stem}},
                "components": entries}  # fmt: skip
    path.write_text(json.dumps(document), encoding="utf-8")


def make_workbook(path: Path, rows: int, rng: random.Random) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Procurement list"])
    sheet.append(["Product", "Manufacturer", "Category", "Qty", "Unit price", "Currency"])
    for index in range(rows):
        name, vendor, category = rng.choice(PRODUCTS)
        sheet.append([f"{name} {index}", vendor, category, rng.randint(1, 50), 1000.5, "CNY"])
    workbook.save(path)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def report(label: str, seconds: float, floor: float, units: str) -> None:
    print(f"  {label:<44}{seconds:8.3f} s  {units}  x{seconds / floor:6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--components", type=int, default=300)
    parser.add_argument("--rows", type=int, default=5000)
    options = parser.parse_args()
    rng = random.Random(7)
    profile, registry = load_profile(), load_registry()
    with tempfile.TemporaryDirectory() as folder:
        sboms = [Path(folder) / f"sbom{i}.cdx.json" for i in range(options.files)]
        for path in sboms:
            make_sbom(path, options.components, rng)
        megabytes = sum(p.stat().st_size for p in sboms) / 1e6
        components = options.files * (options.components + 1)
        print(f"CycloneDX JSON: {options.files} files, {components} components, {megabytes:.1f} MB")
        floor = timed(lambda: [orjson.loads(p.read_bytes()) for p in sboms])
        read = timed(lambda: [load_input(p) for p in sboms])
        whole = timed(lambda: audit_paths(sboms, profile, registry))
        for label, seconds in (("orjson.loads (floor)", floor), ("read into items", read),
                               ("whole audit (read, match, check)", whole)):  # fmt: skip
            rate = f"{options.files / seconds:8.1f} files/s {components / seconds:9.0f} comp/s"
            report(label, seconds, floor, f"{rate} {megabytes / seconds:6.2f} MB/s")

        workbook = Path(folder) / "list.xlsx"
        make_workbook(workbook, options.rows, rng)
        print(f"Procurement workbook: {options.rows} rows")
        sheet_floor = timed(
            lambda: CalamineWorkbook.from_path(str(workbook)).get_sheet_by_index(0).to_python()
        )
        sheet_read = timed(lambda: load_input(workbook))
        sheet_audit = timed(lambda: audit_paths([workbook], profile, registry))
        for label, seconds in (("python-calamine raw rows (floor)", sheet_floor),
                               ("read into items", sheet_read),
                               ("whole audit (read, match, categorise)", sheet_audit)):  # fmt: skip
            report(label, seconds, sheet_floor, f"{options.rows / seconds:9.0f} rows/s")


if __name__ == "__main__":
    main()
