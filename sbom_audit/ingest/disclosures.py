"""A register of encryption disclosures (`--disclosures FILE`): csv or xlsx with the columns
vendor, product, model, filing reference and date, read through the spreadsheet adapters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sbom_audit.errors import IngestError
from sbom_audit.ingest.sheets.grid import Sheet, is_blank
from sbom_audit.ingest.sheets.text import read_text_sheet
from sbom_audit.ingest.sheets.xlsx import read_workbook
from sbom_audit.model import Provenance

HEADER_SEARCH_ROWS = 10
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# field -> header texts (case-insensitive, spaces and punctuation ignored)
HEADERS: dict[str, tuple[str, ...]] = {
    "vendor": ("vendor", "manufacturer", "厂商", "厂家", "制造商", "生产厂商"),
    "product": ("product", "productname", "产品", "产品名称"),
    "model": ("model", "型号", "产品型号"),
    "reference": (
        "filingreference",
        "reference",
        "filing",
        "ref",
        "备案号",
        "备案编号",
        "披露编号",
    ),
    "date": ("date", "filingdate", "日期", "备案日期"),
}


@dataclass(frozen=True, slots=True)
class Disclosure:
    vendor: str
    product: str | None
    model: str | None
    reference: str
    date: str | None
    provenance: Provenance

    def describe(self) -> str:
        where = self.provenance.describe()
        return f"{self.reference} ({where}{', ' + self.date if self.date else ''})"


def load_disclosures(path: Path) -> list[Disclosure]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read the disclosure register: {exc.strerror}") from exc
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        sheets = read_workbook(data, str(path))
    else:
        sheets = [read_text_sheet(data, str(path))]
    for sheet in sheets:
        found = _header(sheet)
        if found is not None:
            return _entries(sheet, *found, str(path))
    raise IngestError(
        f"{path}: no header row with vendor and filing reference columns in the first "
        f"{HEADER_SEARCH_ROWS} rows of any sheet (expected: vendor, product, model, "
        "filing reference, date)"
    )


def _key(value: Any) -> str:
    return "".join(ch for ch in str(value or "").casefold() if ch.isalnum())


def _header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for column, cell in enumerate(row):
            for name, texts in HEADERS.items():
                if _key(cell) in texts:
                    columns.setdefault(name, column)
        if {"vendor", "reference"} <= columns.keys():
            return index, columns
    return None


def _entries(sheet: Sheet, header: int, columns: dict[str, int], path: str) -> list[Disclosure]:
    entries: list[Disclosure] = []
    for index in range(header + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if is_blank(row):
            continue
        where = Provenance(file=path, sheet=sheet.name, row=index + 1)
        values = {name: _text(row, column) for name, column in columns.items()}
        vendor, reference = values.get("vendor"), values.get("reference")
        if not vendor or not reference or not (values.get("product") or values.get("model")):
            raise IngestError(
                f"{where.describe()}: a disclosure needs a vendor, a filing reference and a "
                "product or model"
            )
        entries.append(
            Disclosure(vendor, values.get("product"), values.get("model"), reference,
                       values.get("date"), where)
        )  # fmt: skip
    return entries


def _text(row: Sequence[Any], column: int) -> str | None:
    value = row[column] if column < len(row) else None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None
