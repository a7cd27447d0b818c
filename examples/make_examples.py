#!/usr/bin/env python3
"""Write the example procurement workbook ``bank-procurement-2026.xlsx``.

The workbook imitates an IT procurement export from a Chinese bank: a merged
title row, a note row, a blank row, bilingual column headers on row 4, data
rows, a blank row and a total row, plus a free-text notes sheet that has no
recognisable header.  Products and vendors are real; prices are invented.

The SBOM column names the SBOM of line 20 (天擎 V10, whose SBOM calls it "Tianqing
Endpoint Agent": no name in common, so only the column can link them). Line 33
(TongWeb V7.0) leaves it blank: the audit links it to ``sboms/tongweb-7.0.cdx.json``
by vendor and product name.

The output is deterministic: fixed document properties and fixed timestamps
inside the zip container, so re-running the script gives identical bytes.

Usage::

    python examples/make_examples.py [OUTPUT.xlsx]
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# openpyxl writes its XML through lxml when lxml is installed, and through the standard
# library otherwise, with different bytes: the standard library gives the same file everywhere.
os.environ["OPENPYXL_LXML"] = "False"

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

FIXED_TIME = datetime(2026, 1, 5, 0, 0, 0)
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "bank-procurement-2026.xlsx"

SHEET_NAME = "2026年度采购清单"
NOTES_SHEET_NAME = "说明 Notes"
TITLE = "XX银行 2026年度信息科技设备与软件采购清单 / IT procurement list 2026"
NOTE = "编制部门: 信息科技部    币种单位: 元"
HEADER_ROW = 4

HEADERS: list[str] = [
    "序号 No.",
    "设备名称 Product",
    "型号 Model",
    "厂商 Manufacturer",
    "供应商 Supplier",
    "设备类型 Category",
    "数量 Qty",
    "单价(元) Unit price",
    "币种 Currency",
    "金额(元) Amount",
    "加密功能披露编号 Encryption disclosure ref",
    "软件物料清单 SBOM",
    "备注 Remarks",
]
COLUMN_WIDTHS: list[int] = [10, 38, 44, 44, 36, 20, 10, 18, 10, 20, 26, 34, 36]
MONEY_FORMAT = "#,##0.00"

# Resellers / integrators used in the Supplier column.
DCITS = "神州数码系统集成服务有限公司"
CT_BJ = "中国电信股份有限公司北京分公司"
TEAMSUN = "北京华胜天成科技股份有限公司"


@dataclass(frozen=True)
class Item:
    """One procurement line."""

    no: int
    product: str
    model: str
    manufacturer: str
    category: str
    qty: int
    unit_price: int
    disclosure: str = ""
    supplier: str = ""
    remarks: str = ""
    sbom: str = ""  # the product's SBOM file, when the vendor supplied one

    @property
    def amount(self) -> int:
        return self.qty * self.unit_price


ITEMS: list[Item] = [
    Item(
        1,
        "核心路由器 Core router",
        "NE40E-X8A",
        "HUAWEI TECHNOLOGIES CO.,LTD",
        "路由器 Router",
        2,
        1850000,
        supplier=CT_BJ,
        remarks="含三年维保 incl. 3-year support",
    ),
    Item(
        2,
        "核心交换机 Core switch",
        "CloudEngine S12700E-8",
        "华为技术有限公司",
        "交换机",
        2,
        1200000,
        supplier=CT_BJ,
    ),
    Item(3, "接入交换机 Access switch", "S5735-L48T4X-A1", "Huawei", "Switch", 60, 9800),
    Item(
        4,
        "汇聚交换机 Aggregation switch",
        "S6520X-54QC-EI",
        "新华三技术有限公司",
        "交换机 Switch",
        24,
        36000,
    ),
    Item(
        5,
        "分支路由器 Branch router",
        "SR6608-X",
        "New H3C Technologies Co., Ltd.",
        "Router",
        4,
        420000,
        remarks="分行机房 branch data rooms",
    ),
    Item(
        6,
        "数据中心交换机 DC switch",
        "RG-S6120-48XS8CQ",
        "锐捷网络股份有限公司",
        "交换机",
        16,
        28000,
    ),
    Item(
        7,
        "互联网出口路由器 Internet edge router",
        "ASR 1001-X",
        "Cisco Systems, Inc.",
        "路由器",
        2,
        310000,
        disclosure="ENC-2026-0117",
        supplier=TEAMSUN,
    ),
    Item(
        8,
        "办公区交换机 Campus switch",
        "Catalyst 9300-48P",
        "Cisco",
        "Switch",
        10,
        68000,
        supplier=TEAMSUN,
        remarks="=替换旧设备 replaces old device",
    ),
    Item(9, "骨干路由器 Backbone router", "MX204", "Juniper Networks", "路由器 Router", 2, 450000),
    Item(
        10,
        "下一代防火墙 NGFW",
        "NGAF-1000-F1080",
        "深信服科技股份有限公司",
        "防火墙 Firewall",
        4,
        260000,
    ),
    Item(
        11,
        "数据中心防火墙 DC firewall",
        "SG-6000-X7180",
        "Hillstone Networks",
        "Firewall",
        2,
        380000,
    ),
    Item(
        12,
        "边界防火墙 Perimeter firewall",
        "NGFW4000-UF",
        "北京天融信网络安全技术有限公司",
        "防火墙",
        2,
        210000,
    ),
    Item(
        13,
        "互联网防火墙 Internet firewall",
        "FortiGate-600F",
        "Fortinet, Inc.",
        "NGFW",
        2,
        290000,
        disclosure="ENC-2026-0203",
    ),
    Item(
        14,
        "应用防火墙 Application firewall",
        "PA-3440",
        "Palo Alto Networks",
        "防火墙",
        2,
        540000,
        remarks="含威胁防护订阅 incl. threat prevention subscription",
    ),
    Item(
        15,
        "办公网防火墙 Office firewall",
        "Quantum 6600",
        "Check Point Software Technologies Ltd.",
        "Firewall",
        1,
        330000,
    ),
    Item(16, "SSL VPN网关 SSL VPN gateway", "M5400", "Sangfor Technologies", "VPN", 2, 150000),
    Item(
        17, "远程接入网关 Remote access gateway", "AG1000", "Array Networks", "VPN网关", 2, 120000
    ),
    Item(
        18,
        "入侵防御系统 IPS",
        "NIPS NX3-N3000",
        "绿盟科技集团股份有限公司",
        "入侵防御 IPS",
        2,
        240000,
    ),
    Item(
        19, "入侵检测系统 IDS", "天阗 TA-NIDS", "启明星辰信息技术集团股份有限公司", "IDS", 2, 180000
    ),
    Item(
        20,
        "终端安全管理 EDR (per endpoint)",
        "天擎 V10",
        "奇安信科技集团股份有限公司",
        "终端安全 EDR",
        3000,
        180,
        remarks="按终端授权 per-endpoint licence",
        sbom="qianxin-tianqing-agent.spdx.json",
    ),
    Item(
        21,
        "终端防病毒 Endpoint antivirus (per endpoint)",
        "Kaspersky Endpoint Security for Business Select",
        "AO Kaspersky Lab",
        "防病毒 Antivirus",
        500,
        260,
    ),
    Item(
        22,
        "服务器防病毒 Server antivirus (per server)",
        "Apex One",
        "Trend Micro Incorporated",
        "Antivirus",
        500,
        240,
    ),
    Item(
        23, "Web应用防火墙 WAF", "明御 WAF-3000", "杭州安恒信息技术股份有限公司", "WAF", 2, 200000
    ),
    Item(
        24,
        "负载均衡与应用防护 ADC with WAF",
        "BIG-IP i5800",
        "F5, Inc.",
        "WAF",
        2,
        620000,
        disclosure="ENC-2026-0311",
    ),
    Item(
        25,
        "机架式服务器 Rack server",
        "NF5280M6",
        "浪潮电子信息产业股份有限公司",
        "服务器 Server",
        40,
        85000,
        remarks="含三年维保 incl. 3-year support",
    ),
    Item(
        26,
        "机架式服务器 Rack server",
        "PowerEdge R750",
        "Dell Technologies",
        "Server",
        10,
        98000,
        supplier=DCITS,
    ),
    Item(
        27,
        "机架式服务器 Rack server",
        "ProLiant DL380 Gen11",
        "Hewlett Packard Enterprise",
        "服务器",
        6,
        110000,
        supplier=DCITS,
    ),
    Item(
        28,
        "国产数据库 Database",
        "DM8 企业版",
        "武汉达梦数据库股份有限公司",
        "数据库 Database",
        8,
        150000,
    ),
    Item(
        29,
        "数据库 Database",
        "Oracle Database 19c Enterprise Edition",
        "Oracle Corporation",
        "Database",
        4,
        380000,
        supplier=TEAMSUN,
        remarks="按处理器授权 per-processor licence",
    ),
    Item(
        30,
        "国产数据库 Database",
        "KingbaseES V8R6",
        "北京人大金仓信息技术股份有限公司",
        "数据库",
        6,
        120000,
    ),
    Item(
        31,
        "服务器操作系统 Server OS",
        "银河麒麟高级服务器操作系统 V10",
        "麒麟软件有限公司",
        "操作系统 OS",
        50,
        3500,
    ),
    Item(
        32,
        "服务器操作系统 Server OS",
        "Windows Server 2022 Datacenter",
        "Microsoft Corporation",
        "OS",
        10,
        45000,
        supplier=DCITS,
    ),
    Item(
        33,
        "应用服务器中间件 Application server",
        "TongWeb V7.0",
        "北京东方通科技股份有限公司",
        "中间件 Middleware",
        10,
        60000,
    ),
    Item(
        34,
        "服务器密码机 HSM",
        "SJJ1012-A",
        "成都卫士通信息产业股份有限公司",
        "密码机 HSM",
        2,
        160000,
        remarks="商用密码产品认证 commercial crypto certified",
    ),
    Item(35, "硬件安全模块 HSM", "Luna Network HSM 7", "Thales", "HSM", 2, 300000),
    Item(
        36,
        "日志审计系统 Log audit",
        "",
        "",
        "日志审计 Log audit",
        1,
        95000,
        supplier=DCITS,
        remarks="厂商待确认 manufacturer TBC",
    ),
]


def item_row(item: Item) -> list[object]:
    """Cell values for one item, in HEADERS order (None = empty cell)."""
    return [
        item.no,
        item.product,
        item.model or None,
        item.manufacturer or None,
        item.supplier or None,
        item.category,
        item.qty,
        item.unit_price,
        "CNY",
        item.amount,
        item.disclosure or None,
        item.sbom or None,
        item.remarks or None,
    ]


def write_procurement_sheet(ws: Worksheet, items: list[Item]) -> int:
    """Fill the procurement sheet; return the total amount."""
    last_col = get_column_letter(len(HEADERS))
    ws["A1"] = TITLE
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A1:{last_col}1")
    ws["A2"] = NOTE
    # Row 3 stays empty.

    for col, header in enumerate(HEADERS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")

    qty_col = HEADERS.index("数量 Qty") + 1
    price_col = HEADERS.index("单价(元) Unit price") + 1
    amount_col = HEADERS.index("金额(元) Amount") + 1

    row = HEADER_ROW + 1
    for item in items:
        for col, value in enumerate(item_row(item), start=1):
            cell = ws.cell(row=row, column=col, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # literal text, not a formula
        ws.cell(row=row, column=qty_col).number_format = "0"
        ws.cell(row=row, column=price_col).number_format = MONEY_FORMAT
        ws.cell(row=row, column=amount_col).number_format = MONEY_FORMAT
        row += 1

    total = sum(item.amount for item in items)
    row += 1  # one blank row before the total
    ws.cell(row=row, column=1, value="合计 Total").font = Font(bold=True)
    total_cell = ws.cell(row=row, column=amount_col, value=total)
    total_cell.number_format = MONEY_FORMAT
    total_cell.font = Font(bold=True)

    for col, width in enumerate(COLUMN_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    return total


def write_notes_sheet(ws: Worksheet) -> None:
    """A free-text sheet with no table header (auditors must skip it)."""
    lines = [
        "本清单由信息科技部编制，金额单位为人民币元。"
        "This list is prepared by the IT department; amounts are in CNY.",
        "厂商为原厂制造商，供应商为集成商或代理商。"
        "Manufacturer is the original vendor; Supplier is the integrator or reseller.",
        "境外网络产品须填写加密功能披露编号。"
        "Foreign network products must carry an encryption disclosure reference.",
    ]
    for i, line in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=line)
    ws.column_dimensions["A"].width = 110


def build_workbook(items: list[Item]) -> tuple[Workbook, int]:
    wb = Workbook()
    wb.properties.creator = "sbom-audit examples"
    wb.properties.lastModifiedBy = "sbom-audit examples"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = SHEET_NAME
    total = write_procurement_sheet(ws, items)
    write_notes_sheet(wb.create_sheet(NOTES_SHEET_NAME))
    return wb, total


def normalise_zip(data: bytes) -> bytes:
    """Rewrite the xlsx container with fixed member timestamps."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    wb, total = build_workbook(ITEMS)
    # Workbook.save() stamps "modified" with the current time; ExcelWriter
    # keeps the fixed properties set in build_workbook().
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    output.write_bytes(normalise_zip(buffer.getvalue()))
    print(f"wrote {output} ({len(ITEMS)} rows, total {total:,} CNY)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
