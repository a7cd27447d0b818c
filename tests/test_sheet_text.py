"""csv and tsv exports as real users have them: encodings, delimiters, Excel's quirks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sbom_audit.ingest import load_input
from sbom_audit.ingest.sheets.text import decode_text, sniff_delimiter

LIST = (
    "XX银行 2026年采购清单\n"
    "产品名称,厂商,数量,单价(元),原产国\n"
    '核心交换机,华为技术有限公司,2,"1,200,000.00",中国\n'
    '防火墙,"Fortinet, Inc.",1,"98,000",美国\n'
)


def _load(tmp_path: Path, data: bytes, name: str = "list.csv"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(data)
    loaded = load_input(path, name)
    assert loaded.record.error is None, loaded.record.error
    assert loaded.record.format == "csv"
    return loaded


def _summary(loaded) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [
        (i.provenance.row, i.name, i.vendor, i.quantity, i.spend, i.currency, i.stated_origin)
        for i in loaded.items
    ]


EXPECTED = [
    (3, "核心交换机", "华为技术有限公司", 2, Decimal(2400000), "CNY", "中国"),
    (4, "防火墙", "Fortinet, Inc.", 1, Decimal(98000), "CNY", "美国"),
]


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(LIST.encode("utf-8"), id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + LIST.encode("utf-8"), id="utf-8 with BOM"),
        pytest.param(LIST.encode("gb18030"), id="gb18030"),
        pytest.param(LIST.encode("gbk"), id="gbk"),
        pytest.param(LIST.replace("\n", "\r\n").encode("utf-16"), id="utf-16 with BOM"),
        pytest.param(b"\xfe\xff" + LIST.encode("utf-16-be"), id="utf-16 BE with BOM"),
    ],
)
def test_encodings_of_real_csv_exports(tmp_path: Path, encoded: bytes) -> None:
    assert _summary(_load(tmp_path, encoded)) == EXPECTED


def test_excel_unicode_text_export_is_utf16_tab_separated(tmp_path: Path) -> None:
    # Excel's "Unicode text": UTF-16 LE with BOM, tabs, CRLF, numbers as displayed
    text = (
        "设备名称\t品牌\t台数\t合计\r\n"
        "服务器\tDell\t4\t1,600,000.00\r\n"
        "存储\t浪潮\t1\t(20,000.00)\r\n"
    )
    loaded = _load(tmp_path, b"\xff\xfe" + text.encode("utf-16-le"), "list.txt")
    assert [(i.provenance.row, i.name, i.vendor, i.quantity, i.spend) for i in loaded.items] == [
        (2, "服务器", "Dell", 4, Decimal(1600000)),
        (3, "存储", "浪潮", 1, Decimal(-20000)),
    ]
    assert loaded.items[0].vendor_field == "column '品牌'"


def test_gb18030_csv_with_title_row_semicolons_and_money_text(tmp_path: Path) -> None:
    text = (
        "2026年采购清单;;;;\n"
        "产品名称;厂商;数量;单价;币种\n"
        "核心交换机;华为技术有限公司;2;¥1,200,000.00;人民币\n"
        ";;;;\n"
        "合计;;;;\n"
    )
    loaded = _load(tmp_path, text.encode("gb18030"), "list.txt")
    [item] = loaded.items
    assert (item.name, item.vendor, item.spend, item.currency) == (
        "核心交换机", "华为技术有限公司", Decimal(2400000), "CNY"
    )  # fmt: skip
    assert (item.provenance.sheet, item.provenance.row) == (None, 3)
    assert loaded.record.warnings == ("list.txt: 1 blank, 1 total row(s) skipped",)


def test_excel_sep_line_sets_the_delimiter_and_keeps_row_numbers(tmp_path: Path) -> None:
    text = "sep=;\nProduct;Vendor;Price\nMX204;Juniper;1,5\n"
    loaded = _load(tmp_path, text.encode())
    [item] = loaded.items
    assert (item.provenance.row, item.vendor, item.unit_price) == (3, "Juniper", None)
    assert loaded.record.warnings == (
        "list.csv: row 3: unit_price ignored: '1,5' is not a number (unclear thousands separators)",
    )


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a\tb\tc\n1\t1,200,000\t3\n4\t5,000\t6\n", "\t"),  # commas inside tab-separated numbers
        ("title\na;b;c\n1;2,5;3\n4;5;6\n", ";"),
        ("a|b\n1|2\n", "|"),
        ("just one column\nno delimiter\n", ","),
    ],
)
def test_sniff_delimiter(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


def test_undecodable_text_is_a_clear_error() -> None:
    from sbom_audit.errors import IngestError

    with pytest.raises(IngestError, match=r"^x.csv: text in an unknown encoding"):
        decode_text(b"\x81\x20\xff\xfe", "x.csv")


def test_blank_rows_after_the_data_are_not_counted(tmp_path: Path) -> None:
    loaded = _load(tmp_path, b"Product,Vendor\n\nMX,Juniper\n,\n\n")
    assert [i.provenance.row for i in loaded.items] == [3]
    assert loaded.record.warnings == ("list.csv: 1 blank row(s) skipped",)
