"""Procurement spreadsheets: xlsx through openpyxl, csv through the csv module.

Both become plain rows of cell values; one table reader then finds the header row (title
rows above it are common), maps the columns and turns each data row into a product item.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl

from sbom_audit.errors import IngestError
from sbom_audit.ingest.columns import map_columns, tokens
from sbom_audit.ingest.detect import Detected
from sbom_audit.ingest.interface import IngestOptions, ReadResult
from sbom_audit.ingest.values import (
    currency_hint,
    parse_currency,
    parse_decimal,
    text_or_none,
)
from sbom_audit.ingest.vendor_clues import vendor_domains
from sbom_audit.model import Item, ItemKind, Provenance

HEADER_SEARCH_ROWS = 30  # the header row must be among the first rows of a sheet
_TOTAL_WORDS = frozenset({"合计", "总计", "小计", "总额", "total", "subtotal", "grand", "sub"})
_VENDOR_FIELDS = ("manufacturer", "supplier")

Row = Sequence[Any]


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str | None  # None for a csv file
    rows: Sequence[Row]  # rows[i] is row i + 1 as the user numbers it


def read_xlsx(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(detected.data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged or encrypted files
        raise IngestError(f"{path}: the workbook cannot be opened: {exc}") from exc
    try:
        sheets = [
            Sheet(ws.title, [tuple(r) for r in ws.iter_rows(min_row=1, values_only=True)])
            for ws in workbook.worksheets
        ]
    except Exception as exc:
        raise IngestError(f"{path}: the workbook cannot be read: {exc}") from exc
    finally:
        workbook.close()
    return read_sheets(sheets, path)


def read_csv(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    # The csv module, not pandas: real exports have title rows with fewer fields than the
    # header below them, and pandas refuses such ragged files.
    text = _decode(detected.data, path)
    try:
        dialect = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = [
            tuple(cell if cell.strip() else None for cell in row)
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise IngestError(
            f"{path}: not a recognised SBOM, and not readable as a CSV spreadsheet: {exc}"
        ) from exc
    return read_sheets([Sheet(None, rows)], path)


def _decode(data: bytes, path: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(f"{path}: text in an unknown encoding (tried UTF-8, UTF-16 and GB18030)")


def read_sheets(sheets: list[Sheet], path: str) -> ReadResult:
    items: list[Item] = []
    warnings: list[str] = []
    seen_headers: list[str] = []
    for sheet in sheets:
        found = _find_header(sheet)
        if found is None:
            seen_headers.append(_describe_first_row(sheet))
            if sheet.name is not None:
                warnings.append(
                    f"{path}: sheet {sheet.name!r} skipped: no header row with a "
                    "product column and a manufacturer or supplier column"
                )
            continue
        header_index, columns = found
        table = _Table(path, sheet, header_index, columns)
        items.extend(table.items())
        warnings.extend(table.warnings)
    if not items and seen_headers and len(seen_headers) == len(sheets):
        raise IngestError(
            f"{path}: no header row with a product column and a manufacturer or supplier column "
            f"was found in the first {HEADER_SEARCH_ROWS} rows; first rows seen: "
            + "; ".join(seen_headers)
        )
    return ReadResult(items, warnings)


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns = map_columns(row)
        if "name" in columns and any(f in columns for f in _VENDOR_FIELDS):
            return index, columns
    return None


def _describe_first_row(sheet: Sheet) -> str:
    where = f"sheet {sheet.name!r}" if sheet.name is not None else "file"
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        cells = [str(v).strip()[:40] for v in row if v is not None and str(v).strip()]
        if len(cells) > 1:
            return f"{where}: " + " | ".join(cells[:15])
    return f"{where}: (no row with two or more filled cells)"


@dataclass
class _Table:
    path: str
    sheet: Sheet
    header_index: int
    columns: dict[str, int]
    warnings: list[str] = field(default_factory=list)

    def items(self) -> Iterator[Item]:
        header = self.sheet.rows[self.header_index]
        default_currency = self._currency_from_headers(header)
        skipped_blank = skipped_total = 0
        for index in range(self.header_index + 1, len(self.sheet.rows)):
            row = self.sheet.rows[index]
            if all(text_or_none(v) is None for v in row):
                skipped_blank += 1
                continue
            if self._is_total_row(row):
                skipped_total += 1
                continue
            item = self._item(row, index + 1, default_currency)
            if item is not None:
                yield item
        if skipped_total:
            self.warnings.append(f"{self._where()}: {skipped_total} total/subtotal row(s) skipped")

    def _where(self, row: int | None = None) -> str:
        parts = [self.path]
        if self.sheet.name is not None:
            parts.append(f"sheet {self.sheet.name!r}")
        if row is not None:
            parts.append(f"row {row}")
        return ", ".join(parts)

    def _cell(self, row: Row, field_name: str) -> Any:
        index = self.columns.get(field_name)
        return row[index] if index is not None and index < len(row) else None

    def _text(self, row: Row, field_name: str) -> str | None:
        return text_or_none(self._cell(row, field_name))

    def _is_total_row(self, row: Row) -> bool:
        """A total or subtotal line: no vendor, no product name (or a name like "合计 Total"),
        and a cell that says total."""
        if any(self._text(row, f) is not None for f in _VENDOR_FIELDS):
            return False
        name = self._text(row, "name")
        if name is not None and not _says_total(name):
            return False
        return any(_says_total(text_or_none(value)) for value in row)

    def _currency_from_headers(self, header: Row) -> str | None:
        for field_name in ("unit_price", "amount"):
            index = self.columns.get(field_name)
            if index is not None and header[index] is not None:
                hint = currency_hint(str(header[index]))
                if hint:
                    return hint
        return None

    def _item(self, row: Row, row_number: int, default_currency: str | None) -> Item | None:
        name = self._text(row, "name") or self._text(row, "model")
        if name is None:
            self.warnings.append(f"{self._where(row_number)}: skipped, no product name or model")
            return None
        vendor, vendor_field = self._vendor(row)
        quantity = self._number(row, "quantity", row_number)
        unit_price = self._number(row, "unit_price", row_number)
        amount = self._number(row, "amount", row_number)
        spend = amount if amount is not None else _product(quantity, unit_price)
        self._check_amount(amount, quantity, unit_price, row_number)
        currency = parse_currency(self._cell(row, "currency")) or default_currency
        website = self._text(row, "website")
        return Item(
            kind=ItemKind.PRODUCT,
            name=name,
            model=self._text(row, "model"),
            version=self._text(row, "version"),
            vendor=vendor,
            vendor_field=vendor_field,
            supplier=self._text(row, "supplier"),
            vendor_domains=vendor_domains([website] if website else []),
            purl=self._text(row, "purl"),
            cpe=self._text(row, "cpe"),
            category_text=self._text(row, "category"),
            quantity=quantity,
            unit_price=unit_price,
            spend=spend,
            currency=currency if spend is not None or unit_price is not None else None,
            encryption_disclosure=self._text(row, "encryption_disclosure"),
            provenance=Provenance(file=self.path, sheet=self.sheet.name, row=row_number),
        )

    def _vendor(self, row: Row) -> tuple[str | None, str | None]:
        # The manufacturer decides origin. A reseller in the supplier column stands in only
        # when the sheet has no manufacturer column at all: a domestic integrator selling a
        # foreign product must not make that product domestic.
        field_name = "manufacturer" if "manufacturer" in self.columns else "supplier"
        header = self.sheet.rows[self.header_index][self.columns[field_name]]
        return self._text(row, field_name), f"column {str(header).strip()!r}"

    def _number(self, row: Row, field_name: str, row_number: int) -> Decimal | None:
        value = self._cell(row, field_name)
        try:
            return parse_decimal(value)
        except ValueError as exc:
            self.warnings.append(f"{self._where(row_number)}: {field_name} ignored: {exc}")
            return None

    def _check_amount(
        self, amount: Decimal | None, quantity: Decimal | None, unit_price: Decimal | None,
        row_number: int,
    ) -> None:  # fmt: skip
        computed = _product(quantity, unit_price)
        if amount is not None and computed is not None and abs(amount - computed) > Decimal("0.01"):
            self.warnings.append(
                f"{self._where(row_number)}: amount {amount} differs from quantity x unit price "
                f"{computed}; the amount is used"
            )


def _says_total(text: str | None) -> bool:
    words = tokens(text) if text else ()
    return bool(words) and all(word in _TOTAL_WORDS for word in words)


def _product(quantity: Decimal | None, unit_price: Decimal | None) -> Decimal | None:
    if quantity is None or unit_price is None:
        return None
    return quantity * unit_price
