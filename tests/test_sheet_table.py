"""The table reader on sheets built in memory: what any format's rows become."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sbom_audit.errors import IngestError
from sbom_audit.ingest.sheets.columns import COLUMN_SYNONYMS
from sbom_audit.ingest.sheets.grid import CellNote, CellRange, Sheet, column_letter, row_ranges
from sbom_audit.ingest.sheets.table import MAX_ROW_WARNINGS, read_sheets
from sbom_audit.model import ItemKind


def _sheet(*rows: tuple[object, ...], name: str | None = "S", **extra: object) -> Sheet:
    return Sheet(name, list(rows), **extra)  # type: ignore[arg-type]


def test_currency_column_then_cell_then_header() -> None:
    sheet = _sheet(
        ("Product", "Vendor", "Unit price (元)", "Currency"),
        ("A", "Cisco", "100", "USD"),  # the column
        ("B", "Cisco", "EUR 100", None),  # the cell
        ("C", "Cisco", "100", None),  # the header
        ("D", "Cisco", None, None),  # no money, no currency
    )
    result = read_sheets([sheet], "p.xlsx")
    assert [(i.name, i.currency) for i in result.items] == [
        ("A", "USD"), ("B", "EUR"), ("C", "CNY"), ("D", None),
    ]  # fmt: skip


def test_unrecognised_currency_is_a_warning() -> None:
    sheet = _sheet(("Product", "Vendor", "Price", "币种"), ("A", "Cisco", 5, "贝壳"))
    result = read_sheets([sheet], "p.xlsx")
    assert result.items[0].currency is None
    assert result.warnings == ["p.xlsx: sheet 'S', row 2: currency '贝壳' not recognised"]


def test_header_unit_multiplies_plain_numbers_but_not_ones_that_state_a_unit() -> None:
    sheet = _sheet(
        ("设备名称", "品牌", "数量", "单价(万元)", "金额(万元)"),
        ("服务器", "浪潮", 2, 1.5, 3),
        ("存储", "华为", 1, "30000元", "3万"),
    )
    result = read_sheets([sheet], "p.xlsx")
    assert [(i.unit_price, i.spend, i.currency) for i in result.items] == [
        (Decimal(15000), Decimal(30000), "CNY"),
        (Decimal(30000), Decimal(30000), "CNY"),
    ]
    assert result.warnings == []


def test_amount_that_disagrees_with_quantity_times_price_is_kept_and_reported() -> None:
    sheet = _sheet(("Product", "Vendor", "Qty", "Price", "Amount"), ("A", "Cisco", 2, 10, 25))
    result = read_sheets([sheet], "p.csv")
    assert result.items[0].spend == 25
    assert result.warnings == [
        "p.csv: sheet 'S', row 2: amount 25 differs from quantity x unit price 20; "
        "the amount is used"
    ]


def test_every_field_reaches_the_item() -> None:
    sheet = _sheet(
        ("产品名称", "型号", "版本", "厂商", "供应商", "类别", "原产国", "数量", "单价", "金额",
         "币种", "加密披露", "purl", "cpe", "网址"),
        ("数据库", "GaussDB", "3.1", "华为", "神州数码", "数据库", "中国", 1, 100, 100, "CNY",
         "ENC-1", "pkg:generic/gaussdb@3.1", "cpe:2.3:a:huawei:gaussdb:3.1:*:*:*:*:*:*:*",
         "https://www.huawei.com/cn/"),
        name=None,
    )  # fmt: skip
    [item] = read_sheets([sheet], "p.csv").items
    assert (item.kind, item.name, item.model, item.version, item.vendor, item.supplier) == (
        ItemKind.PRODUCT, "数据库", "GaussDB", "3.1", "华为", "神州数码",
    )  # fmt: skip
    assert (item.category_text, item.stated_origin, item.quantity, item.unit_price) == (
        "数据库", "中国", 1, 100,
    )  # fmt: skip
    assert (item.spend, item.currency, item.encryption_disclosure) == (100, "CNY", "ENC-1")
    assert (item.purl, item.cpe) == (
        "pkg:generic/gaussdb@3.1", "cpe:2.3:a:huawei:gaussdb:3.1:*:*:*:*:*:*:*",
    )  # fmt: skip
    assert item.vendor_domains == ("huawei.com",)
    assert (item.provenance.file, item.provenance.sheet, item.provenance.row) == ("p.csv", None, 2)


def test_column_map_names_columns_the_synonyms_do_not_know() -> None:
    sheet = _sheet(("Artikel", "Hersteller", "Ursprungsland"), ("MX204", "Juniper", "US"))
    column_map = {"Artikel": "name", "Hersteller": "manufacturer", "Ursprungsland": "stated_origin"}
    [item] = read_sheets([sheet], "p.xlsx", column_map).items
    assert (item.name, item.vendor, item.vendor_field, item.stated_origin) == (
        "MX204", "Juniper", "column 'Hersteller'", "US",
    )  # fmt: skip


def test_model_stands_in_for_a_missing_name_and_rows_without_either_are_reported() -> None:
    sheet = _sheet(
        ("Product", "Model", "Vendor"), (None, "MX204", "Juniper"), (None, None, "Cisco")
    )
    result = read_sheets([sheet], "p.xlsx")
    assert [(i.name, i.model) for i in result.items] == [("MX204", "MX204")]
    assert result.warnings == ["p.xlsx: sheet 'S', row 3: skipped, no product name or model"]


def test_row_warnings_are_capped_per_sheet() -> None:
    rows = [(None, "Cisco")] * (MAX_ROW_WARNINGS + 5)
    result = read_sheets([_sheet(("Product", "Vendor"), *rows)], "p.xlsx")
    assert len(result.warnings) == MAX_ROW_WARNINGS + 1
    assert result.warnings[-1] == "p.xlsx: sheet 'S': 5 more row warning(s) not shown"


def test_notes_are_reported_only_for_item_rows_in_recognised_columns() -> None:
    notes = (
        CellNote(2, 2, "formula without a cached result"),
        CellNote(2, 3, "formula without a cached result"),  # column D: not recognised
        CellNote(4, 2, "formula without a cached result"),  # the total row
    )
    sheet = _sheet(
        ("Product", "Vendor", "Amount", "Remarks"),
        ("A", "Cisco", None, None),
        ("B", "Cisco", 5, None),
        ("合计", None, None, None),
        notes=notes,
    )
    assert read_sheets([sheet], "p.xlsx").warnings == [
        "p.xlsx: sheet 'S': 1 total row(s) skipped",
        "p.xlsx: sheet 'S': row(s) 2: 1 cell(s) read as blank, formula without a cached result: C2",
    ]


def test_header_extends_over_sub_headers_only_when_they_name_fields() -> None:
    # "备注" is merged over two columns; the row under it is data, not a sub-header
    sheet = _sheet(
        ("Product", "Vendor", "备注", None),
        ("Router", "Cisco", "spare", "2 units"),
        merged=(CellRange(0, 2, 0, 3),),
    )
    assert [i.name for i in read_sheets([sheet], "p.xlsx").items] == ["Router"]


def test_an_empty_workbook_is_an_error() -> None:
    with pytest.raises(IngestError, match=r"^p.xlsx: the spreadsheet holds no data$"):
        read_sheets([_sheet(), _sheet((None, ""), name="T")], "p.xlsx")


def test_helpers() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert row_ranges([9, 3, 4, 5, 12, 13]) == "3-5, 9, 12-13"
    assert row_ranges(list(range(1, 100, 2)), limit=2) == "1, 3 and 48 more"


_HEADER_WORDS = [s for synonyms in COLUMN_SYNONYMS.values() for s in synonyms[:3]]
_CELLS = st.one_of(
    st.none(),
    st.sampled_from([*_HEADER_WORDS, "合计", "Total", "", "  ", "-", "N/A", "(1,200)", "185万"]),
    st.text(max_size=12),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 1, 1)),
)


_HEADERS = [
    ["Product", "Vendor", "Qty", "Unit price", "Amount", "Currency"],
    ["产品名称", "厂商", "金额(万元)", "币种", "原产国"],
    [None, "设备名称", "品牌", "单价(元)", "合计"],
]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(_CELLS, max_size=8), max_size=12),
    st.none() | st.tuples(st.sampled_from(_HEADERS), st.integers(0, 12)),
    st.lists(st.tuples(*[st.integers(0, 12)] * 4), max_size=3),
    st.frozensets(st.integers(1, 12), max_size=4),
)
def test_any_grid_gives_items_or_an_ingest_error(
    grid: list[list[object]],
    header: tuple[list[object], int] | None,
    spans: list[tuple[int, int, int, int]],
    hidden: frozenset[int],
) -> None:
    if header is not None:  # most random grids have no header: give many of them one
        grid.insert(min(header[1], len(grid)), list(header[0]))
    merged = tuple(CellRange(min(a, c), min(b, d), max(a, c), max(b, d)) for a, b, c, d in spans)
    sheet = Sheet("S", grid, merged, hidden)
    try:
        result = read_sheets([sheet], "p.xlsx")
    except IngestError as exc:
        assert str(exc).startswith("p.xlsx: ")
        return
    for item in result.items:
        assert item.name.strip() == item.name and item.name
        assert 1 <= (item.provenance.row or 0) <= len(grid)
        assert item.spend is None or item.spend.is_finite()
    assert all(warning.startswith("p.xlsx: ") for warning in result.warnings)
