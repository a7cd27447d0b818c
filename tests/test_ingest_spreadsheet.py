from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLE_SPREADSHEET

from sbom_audit.ingest import load_input
from sbom_audit.model import ItemKind


@pytest.fixture(scope="module")
def example():  # type: ignore[no-untyped-def]
    return load_input(EXAMPLE_SPREADSHEET, "procurement.xlsx")


def test_example_workbook_reads_every_product_row(example) -> None:  # type: ignore[no-untyped-def]
    assert example.record.error is None
    assert example.record.format == "xlsx"
    assert len(example.items) == 36
    assert {item.kind for item in example.items} == {ItemKind.PRODUCT}
    rows = [item.provenance.row for item in example.items]
    assert rows == list(range(5, 41))  # header on row 4, title rows above, total row below
    assert {item.provenance.sheet for item in example.items} == {"2026年度采购清单"}


def test_example_first_row_values(example) -> None:  # type: ignore[no-untyped-def]
    first = example.items[0]
    assert first.name == "核心路由器 Core router"
    assert first.model == "NE40E-X8A"
    assert first.vendor == "HUAWEI TECHNOLOGIES CO.,LTD"
    assert first.vendor_field == "column '厂商 Manufacturer'"
    assert first.supplier == "中国电信股份有限公司北京分公司"
    assert first.category_text == "路由器 Router"
    assert (first.quantity, first.unit_price, first.spend) == (2, 1850000, Decimal(3700000))
    assert first.currency == "CNY"
    assert first.encryption_disclosure is None


def test_example_disclosure_and_blank_manufacturer(example) -> None:  # type: ignore[no-untyped-def]
    by_row = {item.provenance.row: item for item in example.items}
    assert by_row[11].encryption_disclosure == "ENC-2026-0117"  # No. 7, Cisco ASR
    log_audit = by_row[40]  # No. 36: only a reseller is named
    assert log_audit.vendor is None
    assert log_audit.supplier == "神州数码系统集成服务有限公司"


def test_example_skips_total_row_and_notes_sheet(example) -> None:  # type: ignore[no-untyped-def]
    assert example.record.warnings == (
        "procurement.xlsx: sheet '2026年度采购清单': 1 blank, 1 total row(s) skipped",
        "procurement.xlsx: sheet '说明 Notes' skipped: no header row with a product column and "
        "a manufacturer or supplier column",
    )
    assert sum(item.spend or 0 for item in example.items) == Decimal(30620000)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_supplier_column_stands_in_only_without_a_manufacturer_column(tmp_path: Path) -> None:
    loaded = load_input(_write(tmp_path, "a.csv", b"Product,Supplier\nMX204,Juniper Networks\n"))
    assert loaded.items[0].vendor == "Juniper Networks"
    assert loaded.items[0].vendor_field == "column 'Supplier'"


def test_unreadable_numbers_are_warnings_not_failures(tmp_path: Path) -> None:
    data = b"Product,Vendor,Qty,Unit price\nX,Cisco,two,100\n"
    loaded = load_input(_write(tmp_path, "a.csv", data))
    assert loaded.items[0].quantity is None
    assert loaded.items[0].spend is None
    assert any(
        "row 2: quantity ignored: 'two' is not a number" in w for w in loaded.record.warnings
    )


def test_missing_columns_error_lists_the_headers_seen(tmp_path: Path) -> None:
    data = b"Item No.,Description of goods,Qty\n1,Router,2\n"
    loaded = load_input(_write(tmp_path, "bad.csv", data), "bad.csv")
    assert loaded.record.error == (
        "bad.csv: no header row with a product column and a manufacturer or supplier column "
        "was found in the first 30 rows; first rows seen: file: Item No. | Description of goods | Qty"
    )
    assert loaded.items == []
