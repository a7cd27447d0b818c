"""Workbooks as real users have them: layouts, formulas, hidden and merged cells, damaged,
protected and hostile files. Every file is written here, by openpyxl or by hand."""

from __future__ import annotations

import io
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from sbom_audit.ingest import IngestOptions, Limits, load_input
from sbom_audit.ingest.detect import Detected, InputFormat, detect_format
from sbom_audit.ingest.sheets import read_xls

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _save(tmp_path: Path, workbook: Workbook, name: str = "list.xlsx") -> Path:
    path = tmp_path / name
    workbook.save(path)
    return path


def _load(path: Path, **options: object):  # type: ignore[no-untyped-def]
    loaded = load_input(path, path.name, IngestOptions(**options))  # type: ignore[arg-type]
    assert loaded.record.error is None, loaded.record.error
    assert loaded.record.format == "xlsx"
    return loaded


def _patch(path: Path, member: str, old: bytes, new: bytes) -> None:
    """Edit one part of a saved workbook, e.g. to give a formula the result Excel would
    have stored with it (openpyxl writes formulas without one)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    assert old in parts[member], f"{old!r} not in {member}"
    parts[member] = parts[member].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _rows(loaded) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [
        (i.provenance.sheet, i.provenance.row, i.name, i.vendor, i.quantity, i.unit_price,
         i.spend, i.currency)
        for i in loaded.items
    ]  # fmt: skip


def _two_sheet_workbook() -> Workbook:
    workbook = Workbook()
    first = workbook.active
    first.title = "网络设备"
    first.append(["XX银行 网络设备采购清单"])
    first.append(["设备名称", "厂商", "数量", "单价(元)"])
    first.append(["核心路由器", "华为技术有限公司", 2, 1850000])
    second = workbook.create_sheet("Servers")
    second.append(["Product", "Manufacturer", "Qty", "Unit price (USD)"])
    second.append(["PowerEdge R760", "Dell Inc.", 4, 12000])
    notes = workbook.create_sheet("说明")
    notes.append(["本表由信息科技部编制"])
    return workbook


def test_every_sheet_is_audited(tmp_path: Path) -> None:
    loaded = _load(_save(tmp_path, _two_sheet_workbook()))
    assert _rows(loaded) == [
        ("网络设备", 3, "核心路由器", "华为技术有限公司", 2, 1850000, Decimal(3700000), "CNY"),
        ("Servers", 2, "PowerEdge R760", "Dell Inc.", 4, 12000, Decimal(48000), "USD"),
    ]
    assert loaded.record.warnings == (
        "list.xlsx: sheet '说明' skipped: no header row with a product column and a "
        "manufacturer or supplier column",
    )


def test_sheets_option_limits_the_sheets_read(tmp_path: Path) -> None:
    loaded = _load(_save(tmp_path, _two_sheet_workbook()), sheets=("Servers",))
    assert [(i.provenance.sheet, i.name) for i in loaded.items] == [("Servers", "PowerEdge R760")]
    assert loaded.record.warnings == ()


def test_a_named_sheet_that_does_not_exist_lists_the_sheets(tmp_path: Path) -> None:
    path = _save(tmp_path, _two_sheet_workbook())
    loaded = load_input(path, "list.xlsx", IngestOptions(sheets=("Servers", "Sheet1")))
    assert loaded.record.error == (
        "list.xlsx: no sheet named 'Sheet1'; the workbook's sheets are: '网络设备', 'Servers', "
        "'说明'"
    )


def test_a_named_sheet_without_a_header_lists_the_rows_seen(tmp_path: Path) -> None:
    path = _save(tmp_path, _two_sheet_workbook())
    loaded = load_input(path, "list.xlsx", IngestOptions(sheets=("说明",)))
    assert loaded.record.error == (
        "list.xlsx: no header row with a product column and a manufacturer or supplier column "
        "was found in the first 30 rows; first rows seen: sheet '说明': (no row with two or more "
        "filled cells)"
    )


def test_header_spanning_two_rows_under_merged_cells(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "清单"
    sheet.append(["XX银行 2026 采购清单"])
    sheet.merge_cells("A1:F1")
    sheet.append(["产品名称", "厂商", "数量", "金额(万元)", None, "原产国"])
    sheet.append([None, None, None, "单价", "合计", None])
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"):
        sheet.merge_cells(cells)
    sheet.append(["路由器", "华为", 2, 185, 370, "中国"])
    sheet.append(["防火墙", "Fortinet", 1, "12万", "12万", "美国"])
    loaded = _load(_save(tmp_path, workbook))
    assert _rows(loaded) == [
        ("清单", 4, "路由器", "华为", 2, 1850000, 3700000, "CNY"),
        ("清单", 5, "防火墙", "Fortinet", 1, 120000, 120000, "CNY"),
    ]
    assert [i.stated_origin for i in loaded.items] == ["中国", "美国"]
    assert loaded.items[0].vendor_field == "column '厂商'"
    assert loaded.record.warnings == ()


def test_merged_group_header_above_the_real_header(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2026年度采购清单"])
    sheet.append(["基本信息", None, "价格信息", None])
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:D2")
    sheet.append(["设备名称", "品牌", "单价", "总价"])
    sheet.append(["服务器", "浪潮", 50000, 100000])
    loaded = _load(_save(tmp_path, workbook))
    assert _rows(loaded) == [("Sheet", 4, "服务器", "浪潮", None, 50000, 100000, None)]


def test_blank_and_total_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "X"
    sheet.append(["Product", "Vendor", "Amount"])
    sheet.append(["Router", "Cisco", 100])
    sheet.append([])
    sheet.append(["Switch", "Huawei", 50])
    sheet.append([])
    sheet.append(["小计", None, 150])
    sheet.append(["Grand total", None, 150])
    sheet.append([])
    loaded = _load(_save(tmp_path, workbook))
    assert [(i.provenance.row, i.name) for i in loaded.items] == [(2, "Router"), (4, "Switch")]
    assert loaded.record.warnings == ("list.xlsx: sheet 'X': 2 blank, 2 total row(s) skipped",)


def test_merged_total_label_across_the_vendor_column_is_a_total_row(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "X"
    sheet.append(["Product", "Vendor", "Amount"])
    sheet.append(["Router", "Cisco", 100])
    sheet.append(["合计 Total", None, 100])
    sheet.merge_cells("A3:B3")
    loaded = _load(_save(tmp_path, workbook))
    assert [(i.provenance.row, i.name) for i in loaded.items] == [(2, "Router")]
    assert loaded.record.warnings == ("list.xlsx: sheet 'X': 1 total row(s) skipped",)


def test_hidden_rows_are_audited_and_reported(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "X"
    sheet.append(["Product", "Vendor"])
    for index in range(6):
        sheet.append([f"Device {index}", "Cisco"])
    for row in (3, 5, 6):
        sheet.row_dimensions[row].hidden = True
    loaded = _load(_save(tmp_path, workbook))
    assert [i.provenance.row for i in loaded.items] == [2, 3, 4, 5, 6, 7]
    assert loaded.record.warnings == (
        "list.xlsx: sheet 'X': hidden row(s) 3, 5-6 audited like the others (a hidden row is "
        "still bought)",
    )


def test_hidden_sheet_is_audited_with_a_warning(tmp_path: Path) -> None:
    workbook = _two_sheet_workbook()
    workbook["Servers"].sheet_state = "hidden"
    loaded = _load(_save(tmp_path, workbook), sheets=("Servers",))
    assert [i.name for i in loaded.items] == ["PowerEdge R760"]
    assert loaded.record.warnings == (
        "list.xlsx: sheet 'Servers': the sheet is hidden; audited all the same",
    )


def _formula_workbook(tmp_path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "X"
    sheet.append(["Product", "Vendor", "Qty", "Unit price", "Amount"])
    sheet.append(["Router", "Cisco", 2, 100, "=C2*D2"])
    sheet.append(["Switch", "Huawei", 3, 10, "=C3*D3"])
    sheet.append(["Firewall", "Fortinet", 1, 70, "=C4/0"])
    sheet.append(["合计", None, None, None, "=SUM(E2:E4)"])
    return _save(tmp_path, workbook)


def test_formula_cells_are_read_through_their_cached_values(tmp_path: Path) -> None:
    path = _formula_workbook(tmp_path)
    sheet = "xl/worksheets/sheet1.xml"
    _patch(path, sheet, b"<f>C2*D2</f><v></v>", b"<f>C2*D2</f><v>200</v>")
    _patch(
        path, sheet, b'<c r="E4"><f>C4/0</f><v></v>', b'<c r="E4" t="e"><f>C4/0</f><v>#DIV/0!</v>'
    )
    _patch(path, sheet, b"<f>SUM(E2:E4)</f><v></v>", b"<f>SUM(E2:E4)</f><v>200</v>")
    loaded = _load(path)
    assert [(i.name, i.spend) for i in loaded.items] == [
        ("Router", 200), ("Switch", 30), ("Firewall", 70),  # no amount: quantity x unit price
    ]  # fmt: skip
    assert loaded.record.warnings == (
        "list.xlsx: sheet 'X': 1 total row(s) skipped",
        "list.xlsx: sheet 'X': row(s) 4: 1 cell(s) read as blank, error value #DIV/0!: E4",
        "list.xlsx: sheet 'X': row(s) 3: 1 cell(s) read as blank, formula without a cached "
        "result (the file was saved by a program that does not calculate; open it in Excel "
        "and save it again): E3",
    )


def test_merged_vendor_down_a_column_applies_to_every_row_and_amounts_count_once(
    tmp_path: Path,
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Product", "Manufacturer", "Amount"])
    sheet.append(["Router", "Huawei", 300])
    sheet.append(["Switch", None, None])
    sheet.append(["AP", None, None])
    sheet.merge_cells("B2:B4")
    sheet.merge_cells("C2:C4")  # one amount for the three lines
    loaded = _load(_save(tmp_path, workbook))
    assert [(i.name, i.vendor, i.spend) for i in loaded.items] == [
        ("Router", "Huawei", 300), ("Switch", "Huawei", None), ("AP", "Huawei", None),
    ]  # fmt: skip


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    path = _save(tmp_path, _two_sheet_workbook(), "list.xlsm")
    _patch(
        path,
        "[Content_Types].xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert len(_load(path).items) == 2


def test_formula_like_text_is_read_as_text(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Product", "Manufacturer"])
    sheet.append(["@SUM(1+1)", "Cisco"])
    assert _load(_save(tmp_path, workbook)).items[0].name == "@SUM(1+1)"


# Hand-built workbooks: what Excel writes (shared strings) and what damaged files lack.


def _parts(sheet_data: str, shared: list[str] | None, head: str = "") -> dict[str, str]:
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    package_rels = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE_RELS}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE_RELS}"><sheets>'
        '<sheet name="采购" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE_RELS}/worksheet" '
        'Target="/xl/worksheets/data.xml"/><Relationship Id="rId2" '
        f'Type="{OFFICE_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    parts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": package_rels,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": workbook_rels,
        "xl/worksheets/data.xml": f'<worksheet xmlns="{MAIN}">{head}<sheetData>{sheet_data}'
        "</sheetData></worksheet>",
    }
    if shared is not None:
        items = "".join(f"<si><t>{text}</t></si>" for text in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{items}</sst>'
    return parts


def _zip(tmp_path: Path, parts: dict[str, str], name: str = "excel.xlsx") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in parts.items():
            archive.writestr(member, text)
    return path


SHARED_STRINGS_SHEET = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    '<row r="2" hidden="true"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c>'
    '<c r="C2" t="str"><f>""</f><v></v></c></row>'
)


def test_workbook_with_shared_strings_as_excel_writes_it(tmp_path: Path) -> None:
    path = _zip(tmp_path, _parts(SHARED_STRINGS_SHEET, ["Product", "Vendor", "MX204", "Juniper"]))
    loaded = _load(path)
    assert [(i.provenance.sheet, i.provenance.row, i.name, i.vendor) for i in loaded.items] == [
        ("采购", 2, "MX204", "Juniper"),
    ]
    assert loaded.record.warnings == (
        "excel.xlsx: sheet '采购': hidden row(s) 2 audited like the others (a hidden row is "
        "still bought)",
    )


def test_workbook_missing_its_shared_strings_part(tmp_path: Path) -> None:
    loaded = load_input(_zip(tmp_path, _parts(SHARED_STRINGS_SHEET, None)), "excel.xlsx")
    assert loaded.record.error == (
        "excel.xlsx: sheet '采购' cannot be read: Cell string index not found in shared strings "
        "table (the workbook has no shared strings part, xl/sharedStrings.xml: it is damaged or "
        "was written by a faulty program; open it in Excel and save it again)"
    )


def test_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in _parts("", None).items():
            archive.writestr(member, text)
        with archive.open("xl/worksheets/padding.xml", "w") as padding:
            for _ in range(16):
                padding.write(bytes(1024 * 1024))
    assert path.stat().st_size < 64 * 1024  # 16 MiB of zeros compress ~1000:1
    limits = Limits(max_xlsx_uncompressed_bytes=8 * 1024 * 1024)
    loaded = load_input(path, "bomb.xlsx", IngestOptions(limits=limits))
    assert loaded.record.error is not None
    assert loaded.record.error.startswith("bomb.xlsx: the workbook would expand to 16,7")
    assert loaded.record.error.endswith("refusing it as a possible zip bomb")


@pytest.mark.parametrize(
    ("forge_crc", "error"),
    [
        pytest.param(
            False,
            "liar.xlsx: the workbook is damaged: Bad CRC-32 for file 'xl/worksheets/data.xml'",
            id="python zipfile stops at the declared size",
        ),
        pytest.param(
            True,
            "liar.xlsx: sheet '采购' cannot be read: I/O error: File is larger than its declared "
            "uncompressed size",
            id="calamine stops at the declared size",
        ),
    ],
)
def test_zip_member_larger_than_it_declares_is_refused(
    tmp_path: Path, forge_crc: bool, error: str
) -> None:
    """A bomb that understates its sizes in the zip gets past detection's size check; the
    readers must still stop at the declared size. With a checksum forged to match the
    declared part, Python's zipfile is satisfied and calamine is the one that stops."""
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 20000))
    parts = _parts(rows, [], '<dimension ref="A1:A19999"/>')
    path = _zip(tmp_path, parts)
    declared = 1000
    crc = zlib.crc32(parts["xl/worksheets/data.xml"].encode()[:declared]).to_bytes(4, "little")
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/data.xml"
    # (signature, offset of the name, of the CRC, of the uncompressed size)
    for signature, at_name, at_crc, at_size in (
        (b"PK\x03\x04", 30, 14, 22), (b"PK\x01\x02", 46, 16, 24),
    ):  # fmt: skip
        start = data.find(signature)
        while start >= 0:
            if data[start + at_name : start + at_name + len(name)] == name:
                data[start + at_size : start + at_size + 4] = declared.to_bytes(4, "little")
                if forge_crc:
                    data[start + at_crc : start + at_crc + 4] = crc
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    assert load_input(path, "liar.xlsx").record.error == error


def test_sheet_reaching_far_beyond_its_table_is_refused_before_it_is_loaded(
    tmp_path: Path,
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Product", "Vendor"])
    sheet.append(["MX204", "Juniper"])
    sheet["XFD2000"] = "stray"  # loaded densely, this would take calamine about 1 GB
    loaded = load_input(_save(tmp_path, workbook), "list.xlsx")
    assert loaded.record.error == (
        "list.xlsx: sheet 'Sheet' spans 2,000 rows x 16,384 columns from A1, over the limit of "
        "25,000,000 cells; a stray value far from the table does this: delete everything "
        "beyond the table (Ctrl+End finds its last cell) and save the workbook again"
    )


def test_sheet_extent_without_a_dimension_element_comes_from_the_cells(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="3000"><c r="XFD3000"><v>1</v></c></row>'
    loaded = load_input(_zip(tmp_path, _parts(rows, ["Product"])), "excel.xlsx")
    assert loaded.record.error is not None
    assert loaded.record.error.startswith("excel.xlsx: sheet '采购' spans 3,000 rows x 16,384")


def test_password_protected_workbook_is_refused(tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml", reason="msoffcrypto-tool encrypts")
    plain = io.BytesIO()
    _two_sheet_workbook().save(plain)
    plain.seek(0)
    encrypted = io.BytesIO()
    ooxml.OOXMLFile(plain).encrypt("secret", encrypted)
    path = tmp_path / "locked.xlsx"
    path.write_bytes(encrypted.getvalue())
    loaded = load_input(path, "locked.xlsx")
    assert loaded.record.error == (
        "locked.xlsx: the workbook is password-protected; save a copy without a password"
    )


def test_legacy_xls_reads_through_calamine() -> None:
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the test .xls")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("清单")
    sheet.write_merge(0, 0, 0, 3, "XX银行 采购清单")
    for column, header in enumerate(["设备名称", "厂商", "数量", "单价(元)"]):
        sheet.write(1, column, header)
    for column, value in enumerate(["核心路由器", "华为技术有限公司", 2, 1850000]):
        sheet.write(2, column, value)
    data = io.BytesIO()
    book.save(data)
    assert detect_format(data.getvalue(), "old.xls").format is InputFormat.XLS
    result = read_xls(Detected(InputFormat.XLS, data.getvalue()), "old.xls", IngestOptions())
    assert [(i.provenance.sheet, i.provenance.row, i.name, i.vendor, i.spend, i.currency)
            for i in result.items] == [
        ("清单", 3, "核心路由器", "华为技术有限公司", Decimal(3700000), "CNY"),
    ]  # fmt: skip
