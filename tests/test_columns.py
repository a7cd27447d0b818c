from __future__ import annotations

import pytest

from sbom_audit.ingest.columns import field_of, map_columns

EXAMPLE_HEADER = [
    "序号 No.", "设备名称 Product", "型号 Model", "厂商 Manufacturer", "供应商 Supplier",
    "设备类型 Category", "数量 Qty", "单价(元) Unit price", "币种 Currency", "金额(元) Amount",
    "加密功能披露编号 Encryption disclosure ref", "备注 Remarks",
]  # fmt: skip


def test_bilingual_header_row_maps_every_field() -> None:
    assert map_columns(EXAMPLE_HEADER) == {
        "name": 1, "model": 2, "manufacturer": 3, "supplier": 4, "category": 5,
        "quantity": 6, "unit_price": 7, "currency": 8, "amount": 9, "encryption_disclosure": 10,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Vendor", "manufacturer"),
        ("生产厂家", "manufacturer"),
        ("Total price", "amount"),
        ("Unit Price (USD)", "unit_price"),
        ("Qty.", "quantity"),
        ("产品名称", "name"),
        ("Remarks", None),
        ("Pricelist", None),  # a word containing a synonym is not the synonym
    ],
)
def test_field_of(header: str, field: str | None) -> None:
    assert field_of(header) == field


def test_first_column_keeps_a_field() -> None:
    assert map_columns(["Product", "Description", "Vendor", None]) == {"name": 0, "manufacturer": 2}
