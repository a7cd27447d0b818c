"""Reading a large procurement workbook: the spreadsheet engines against our reader.

    python benchmarks/spreadsheet.py [--rows 100000] [--repeat 1] [--workbook PATH]

Generates (or reuses, with --workbook) a workbook of a title row, a header and `--rows` rows
of 10 columns (7 text, a count, a price and an amount, the amount a formula with a cached
value), then times, in this process:

- openpyxl in read-only mode, `iter_rows(values_only=True)` over the sheet;
- python-calamine raw: `CalamineWorkbook.from_filelike(...).get_sheet_by_name(...).to_python()`;
- our reader (`load_input`: detection, cell values, the sheet XML check for hidden rows and
  formulas without a cached value, header recognition and one item per row).

Each line prints seconds, rows/s and the ratio to the fastest of the three. Best of --repeat.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import tempfile
import time
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from sbom_audit.ingest import load_input

SHEET = "采购清单"
_UNCACHED = re.compile(rb'<c r="J(\d+)"><f>[^<]*</f><v></v>')
HEADER = [
    "设备名称 Product", "型号 Model", "厂商 Manufacturer", "供应商 Supplier",
    "设备类型 Category", "原产国 Country of origin", "币种 Currency", "数量 Qty",
    "单价(元) Unit price", "金额(元) Amount",
]  # fmt: skip
VENDORS = [
    ("HUAWEI TECHNOLOGIES CO.,LTD", "CN"), ("Cisco Systems, Inc.", "US"),
    ("新华三技术有限公司", "CN"), ("Fortinet, Inc.", "US"), ("Unknown Security Ltd", ""),
]  # fmt: skip
CATEGORIES = ["路由器 Router", "交换机 Switch", "防火墙 Firewall", "服务器 Server"]


def make_workbook(path: Path, rows: int, rng: random.Random) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.append(["XX银行 采购清单 / procurement list"])
    sheet.append(HEADER)
    amounts: dict[int, Decimal] = {}
    for index in range(rows):
        vendor, country = rng.choice(VENDORS)
        row, quantity, cents = index + 3, rng.randint(1, 50), rng.randint(100, 2_000_000)
        amounts[row] = quantity * Decimal(cents) / 100
        sheet.append([
            f"设备 device {index}", f"MODEL-{index:06d}", vendor, "神州数码系统集成服务有限公司",
            rng.choice(CATEGORIES), country, "CNY", quantity, cents / 100, f"=H{row}*I{row}",
        ])  # fmt: skip
    workbook.save(path)
    _cache_formula_values(path, amounts)


def _cache_formula_values(path: Path, amounts: dict[int, Decimal]) -> None:
    """openpyxl writes formulas without a cached value (it does not calculate); Excel saves
    the result. Write the results in, so the file reads as one saved by Excel would."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    name = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[name] = _UNCACHED.sub(
        lambda m: m[0].replace(b"<v></v>", b"<v>%s</v>" % str(amounts[int(m[1])]).encode()),
        parts[name],
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in parts.items():
            archive.writestr(member, data)


def openpyxl_rows(path: Path) -> int:
    workbook = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in workbook[SHEET].iter_rows(values_only=True))
    workbook.close()
    return count


def calamine_rows(path: Path) -> int:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    return len(workbook.get_sheet_by_name(SHEET).to_python())


def our_items(path: Path) -> int:
    loaded = load_input(path)
    if loaded.record.error:
        raise SystemExit(loaded.record.error)
    return len(loaded.items)


def best_of(repeat: int, read: Callable[[Path], int], path: Path) -> tuple[float, int]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        count = read(path)
        timings.append(time.perf_counter() - start)
    return min(timings), count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workbook", type=Path, help="reuse (or create) this workbook")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = options.workbook or Path(folder) / "procurement.xlsx"
        if not path.exists():
            start = time.perf_counter()
            make_workbook(path, options.rows, random.Random(7))
            print(f"generated {path} in {time.perf_counter() - start:.1f} s")
        size = path.stat().st_size / 1e6
        print(f"workbook: {options.rows} rows x {len(HEADER)} columns, {size:.1f} MB")
        engines: list[tuple[str, Callable[[Path], int]]] = [
            ("openpyxl read-only iter_rows", openpyxl_rows),
            ("python-calamine raw to_python", calamine_rows),
            ("sbom-audit reader (items)", our_items),
        ]
        results = [(label, *best_of(options.repeat, read, path)) for label, read in engines]
        fastest = min(seconds for _, seconds, _ in results)
        for label, seconds, count in results:
            print(
                f"  {label:<32}{seconds:8.2f} s {options.rows / seconds:10.0f} rows/s"
                f"  x{seconds / fastest:5.1f}  ({count} rows or items)"
            )


if __name__ == "__main__":
    main()
