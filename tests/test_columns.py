from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from sbom_audit.errors import IngestError
from sbom_audit.ingest.sheets.columns import (
    COLUMN_SYNONYMS,
    FIELD_DOCS,
    NOT_FIELDS,
    Column,
    field_of,
    load_column_map,
    map_columns,
    resolve_header,
)
from sbom_audit.model import Item

EXAMPLE_HEADER = [
    "序号 No.", "设备名称 Product", "型号 Model", "厂商 Manufacturer", "供应商 Supplier",
    "设备类型 Category", "数量 Qty", "单价(元) Unit price", "币种 Currency", "金额(元) Amount",
    "加密功能披露编号 Encryption disclosure ref", "软件物料清单 SBOM", "备注 Remarks",
]  # fmt: skip
DOCS = ROOT / "docs" / "columns.md"
TABLE = re.compile(r"<!-- columns-table:start -->\n(.*?)<!-- columns-table:end -->", re.S)


def test_bilingual_header_row_maps_every_field() -> None:
    assert map_columns(EXAMPLE_HEADER) == {
        "name": 1, "model": 2, "manufacturer": 3, "supplier": 4, "category": 5,
        "quantity": 6, "unit_price": 7, "currency": 8, "amount": 9, "encryption_disclosure": 10,
        "sbom_reference": 11,
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
        # what Chinese bank procurement exports write
        ("品牌", "manufacturer"),
        ("制造商", "manufacturer"),
        ("规格型号", "model"),
        ("型号规格", "model"),
        ("含税单价(元)", "unit_price"),
        ("总价", "amount"),
        ("价税合计", "amount"),
        ("设备类别", "category"),
        ("采购品目", "category"),  # 品目 is the procurement catalogue class, not the item
        ("币种", "currency"),
        ("密码备案号", "encryption_disclosure"),
        ("中标供应商", "supplier"),
        ("代理商", "supplier"),
        ("台(套)数", "quantity"),
        ("台数", "quantity"),
        # country of origin
        ("原产国", "stated_origin"),
        ("产地", "stated_origin"),
        ("原产地", "stated_origin"),
        ("原产国/地区", "stated_origin"),
        ("Country of origin", "stated_origin"),
        # a generic suffix or prefix on a Chinese run
        ("供应商名称", "supplier"),
        ("厂商名称", "manufacturer"),
        ("产品品牌", "manufacturer"),
        ("设备数量", "quantity"),
        ("产品原产地", "stated_origin"),
        ("名称", "name"),
        # headers that contain a synonym but are something else
        ("Item No.", None),
        ("Vendor code", None),
        ("序号", None),
        ("产品编号", None),
        ("Currency type", "currency"),  # not the category's "type"
        # the product's SBOM
        ("SBOM", "sbom_reference"),
        ("SBOM file", "sbom_reference"),
        ("SBOM URL", "sbom_reference"),  # not the vendor's website
        ("Product SBOM", "sbom_reference"),  # not the product name
        ("软件物料清单", "sbom_reference"),
        ("软件物料清单(SBOM)", "sbom_reference"),
        ("SBOM文件", "sbom_reference"),
        ("产品SBOM", "sbom_reference"),
        ("Software Bill of Materials", "sbom_reference"),
        ("URL", "website"),
    ],
)
def test_field_of(header: str, field: str | None) -> None:
    assert field_of(header) == field


def test_first_column_keeps_a_field() -> None:
    assert map_columns(["Product", "Description", "Vendor", None]) == {"name": 0, "manufacturer": 2}


def test_a_sequence_number_column_does_not_take_the_product_name() -> None:
    assert map_columns(["Item No.", "Product", "Vendor code", "Vendor name"]) == {
        "name": 1, "manufacturer": 3,
    }  # fmt: skip


def test_column_map_overrides_synonyms_for_its_headers_only() -> None:
    column_map = {"Hersteller": "manufacturer", "Product": "model", "采购金额 ": "amount"}
    assert map_columns(["Artikel", "Product", "hersteller", "采购金额"], column_map) == {
        "model": 1, "manufacturer": 2, "amount": 3,
    }  # fmt: skip


def test_two_row_header_takes_the_lower_cell_then_the_one_above() -> None:
    top = ["产品名称", "厂商", "金额(万元)", "金额(万元)", "备注"]
    bottom = ["产品名称", "厂商", "单价", "合计", "含税"]
    assert resolve_header([top, bottom]) == {
        "name": Column(0, "产品名称", "产品名称"),
        "manufacturer": Column(1, "厂商", "厂商"),
        "unit_price": Column(2, "单价", "金额(万元) 单价"),
        "amount": Column(3, "合计", "金额(万元) 合计"),
    }


def test_group_header_alone_names_what_its_sub_headers_do_not() -> None:
    top = ["基本信息", "基本信息", "金额", "金额"]
    bottom = ["产品", "品牌", "含税", "不含税"]
    columns = resolve_header([top, bottom])
    assert {f: c.index for f, c in columns.items()} == {"name": 0, "manufacturer": 1, "amount": 2}


def test_load_column_map(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("Hersteller: manufacturer\n采购金额: amount\n产地国: stated_origin\n", "utf-8")
    assert load_column_map(path) == {
        "Hersteller": "manufacturer", "采购金额": "amount", "产地国": "stated_origin",
    }  # fmt: skip


def test_load_column_map_names_an_unknown_field(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("Hersteller: maker\n", "utf-8")
    with pytest.raises(IngestError, match=r"map.yaml: 'maker' \(for 'Hersteller'\) is not a field"):
        load_column_map(path)


def test_every_field_is_documented_and_fills_an_item_attribute() -> None:
    assert list(FIELD_DOCS) == list(COLUMN_SYNONYMS)
    attributes = set(Item.__dataclass_fields__)
    assert {attribute for attribute, _ in FIELD_DOCS.values()} <= attributes


def columns_table() -> str:
    """The table docs/columns.md must hold, made from the code."""
    lines = [
        "| field (for `--columns`) | fills `Item.` | holds | headers recognised |",
        "| --- | --- | --- | --- |",
    ]
    for field, synonyms in COLUMN_SYNONYMS.items():
        attribute, meaning = FIELD_DOCS[field]
        lines.append(f"| `{field}` | `{attribute}` | {meaning} | {', '.join(synonyms)} |")
    lines.append(
        "| (none) | | headers that contain a synonym but name no field | "
        + ", ".join(NOT_FIELDS)
        + " |"
    )
    return "\n".join(lines) + "\n"


def test_docs_table_equals_the_synonyms_in_the_code() -> None:
    match = TABLE.search(DOCS.read_text(encoding="utf-8"))
    assert match is not None, f"{DOCS} has no columns-table markers"
    assert match.group(1) == columns_table(), (
        "docs/columns.md is out of date; put this between its markers:\n" + columns_table()
    )
