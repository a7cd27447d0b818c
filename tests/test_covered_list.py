"""The FCC Covered List companies added after section 889: carriers' US operating companies
and the drone makers, found by the names procurement sheets use, with their parents."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sbom_audit.cli import main
from sbom_audit.registry import load_registry

ROWS = [
    ("International private line", "China Mobile International (USA) Inc."),
    ("SIP trunk", "China Telecom Americas"),
    ("IP transit", "China Unicom (Americas)"),
    ("Calling cards", "ComNet (USA) LLC"),
    ("Matrice 350 RTK", "深圳市大疆创新科技有限公司"),
    ("EVO Max 4T", "Autel Robotics"),
    ("5G module", "China Mobile"),  # the parent group is not itself on the list
    ("Catalyst 9300", "Cisco"),
]


def _audit_rows(tmp_path: Path) -> dict[str, object]:
    sheet = tmp_path / "purchases.csv"
    lines = ["Product,Manufacturer"] + [f"{name},{vendor}" for name, vendor in ROWS]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "report.json"
    result = CliRunner().invoke(
        main, ["audit", str(sheet), "--policy", "us-federal-889", "-o", str(target), "-q"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_covered_list_companies_are_prohibited_and_their_parents_are_not(tmp_path: Path) -> None:
    report = _audit_rows(tmp_path)
    names = {item["id"]: item["name"] for item in report["items"]}  # type: ignore[index]
    prohibited = sorted(
        names[f["item"]]
        for f in report["findings"]  # type: ignore[union-attr]
        if f["rule"] == "prohibited-vendor" and f["severity"] == "critical"
    )
    assert prohibited == sorted(name for name, _ in ROWS[:6])


def test_us_operating_companies_are_controlled_from_china() -> None:
    registry = load_registry()
    for vendor_id, parent in (
        ("china-mobile-international-usa", "china-mobile"),
        ("china-telecom-americas", "china-telecom"),
        ("china-unicom-americas", "china-unicom"),
    ):
        vendor = registry.vendors[vendor_id]
        assert (vendor.country, vendor.parent) == ("US", parent)
        assert registry.vendors[parent].country == "CN"
