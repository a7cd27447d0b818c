"""The disclosure register (--disclosures): reading, matching, unmatched entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_SPREADSHEET
from openpyxl import Workbook

from sbom_audit.cli import main
from sbom_audit.errors import IngestError
from sbom_audit.ingest.disclosures import Disclosure, load_disclosures
from sbom_audit.model import (
    AuditedItem,
    Item,
    ItemKind,
    MatchMethod,
    OriginClass,
    OriginMatch,
    Provenance,
    Severity,
)
from sbom_audit.policy.disclosures import apply_disclosures
from sbom_audit.registry import Registry

REGISTER = (
    "Vendor,Product,Model,Filing reference,Date\n"
    "Cisco Systems,Campus switch,Catalyst 9300-48P,ENC-2026-0301,2026-03-01\n"
    "Juniper Networks,,MX-204,ENC-2026-0302,2026-03-02\n"
    "Fortinet,FortiGate,FG-9999,ENC-2026-0303,\n"
)


def _disclosure(vendor: str, product: str | None, model: str | None) -> Disclosure:
    return Disclosure(vendor, product, model, "ENC-1", None, Provenance("r.csv", row=2))


def _audited(vendor: str, name: str, model: str | None, vendor_id: str | None) -> AuditedItem:
    origin = OriginMatch(MatchMethod.NAME, vendor_id, vendor, "US", "US", vendor, 1.0)
    item = Item(ItemKind.PRODUCT, name, Provenance("list.xlsx", row=3), model=model, vendor=vendor)
    return AuditedItem("I1", item, origin, OriginClass.FOREIGN, "router", "test")


def test_csv_register_is_read_with_rows(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(REGISTER, encoding="utf-8")
    first, second, third = load_disclosures(path)
    assert (first.vendor, first.product, first.model, first.reference, first.date) == (
        "Cisco Systems", "Campus switch", "Catalyst 9300-48P", "ENC-2026-0301", "2026-03-01",
    )  # fmt: skip
    assert (second.product, second.model, second.provenance.row) == (None, "MX-204", 3)
    assert third.date is None
    assert first.describe() == f"ENC-2026-0301 ({path}, row 2, 2026-03-01)"


def test_xlsx_register_with_chinese_headers_and_dates(tmp_path: Path) -> None:
    import datetime as dt

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "备案"
    sheet.append(["厂商", "产品名称", "型号", "备案号", "备案日期"])
    sheet.append(["Cisco", "Router", "ASR 1001-X", "ENC-7", dt.datetime(2026, 1, 5)])
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    [entry] = load_disclosures(path)
    assert (entry.vendor, entry.model, entry.reference, entry.date) == (
        "Cisco", "ASR 1001-X", "ENC-7", "2026-01-05",
    )  # fmt: skip
    assert entry.provenance.describe() == f"{path}, sheet '备案', row 2"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Name,Price\nx,1\n", "no header row with vendor and filing reference columns"),
        ("Vendor,Reference\nCisco,ENC-1\n", "row 2: a disclosure needs a vendor, a filing "
         "reference and a product or model"),
        ("Vendor,Model,Reference\nCisco,ASR,\n", "row 2: a disclosure needs a vendor"),
    ],
)  # fmt: skip
def test_malformed_registers_name_the_place(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError) as error:
        load_disclosures(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("disclosure", "matched"),
    [
        (_disclosure("Cisco Systems, Inc.", None, "ASR 1001-X"), True),  # normalised name
        (_disclosure("Cisco", None, "asr1001x"), True),  # registry alias, model spelling
        (_disclosure("Cisco", None, "ASR 1002-X"), False),  # another model
        (_disclosure("Cisco", "Internet edge router", "ASR 1002-X"), False),  # model decides
        (_disclosure("Juniper Networks", None, "ASR 1001-X"), False),  # another vendor
    ],
)
def test_matching_by_vendor_and_model(
    registry: Registry, disclosure: Disclosure, matched: bool
) -> None:
    item = _audited("Cisco Systems, Inc.", "Internet edge router", "ASR 1001-X", "cisco")
    [result], unmatched = apply_disclosures([item], [disclosure], registry)
    assert bool(result.disclosures) is matched
    assert len(unmatched) == (0 if matched else 1)


def test_matching_by_product_name_when_no_model(registry: Registry) -> None:
    item = _audited("Cisco Systems, Inc.", "互联网出口路由器 Internet edge router", None, "cisco")
    [result], _ = apply_disclosures(
        [item], [_disclosure("Cisco", "Internet Edge Router", None)], registry
    )
    assert result.disclosures == ("ENC-1 (r.csv, row 2)",)


def test_example_audit_with_a_register(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text(REGISTER, encoding="utf-8")
    target = tmp_path / "r.json"
    result = CliRunner().invoke(
        main, ["audit", str(EXAMPLE_SPREADSHEET), "--disclosures", str(register), "-o",
               str(target), "-q"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(target.read_text(encoding="utf-8"))
    names = {item["id"]: item["name"] for item in report["items"]}
    disclosure_findings = sorted(
        names[f["item"]] for f in report["findings"] if f["rule"] == "encryption-disclosure"
    )
    # Without the register: campus switch, backbone router, two firewalls, remote access gateway.
    assert disclosure_findings == sorted([
        "应用防火墙 Application firewall", "办公网防火墙 Office firewall",
        "远程接入网关 Remote access gateway",
    ])  # fmt: skip
    switch = next(i for i in report["items"] if i["model"] == "Catalyst 9300-48P")
    assert switch["encryption_disclosures_found"] == [
        f"ENC-2026-0301 ({register}, row 2, 2026-03-01)"
    ]
    [unmatched] = [f for f in report["findings"] if f["rule"] == "unmatched-disclosure"]
    assert unmatched["severity"] == Severity.INFO.value
    assert unmatched["item"] == ""
    assert unmatched["provenance"]["row"] == 4
    assert "ENC-2026-0303 for Fortinet FortiGate, model FG-9999" in unmatched["message"]


def test_an_unreadable_register_is_a_usage_error(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text("Name\nx\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["audit", str(EXAMPLE_SPREADSHEET), "--disclosures", str(register)]
    )
    assert result.exit_code == 2
    assert f"error: {register}: no header row" in result.output
