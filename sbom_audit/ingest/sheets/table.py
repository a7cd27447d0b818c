"""One table reader for every spreadsheet format: sheets of plain cell values into items.

Per sheet it finds the header (title rows above it are common, and it may span merged rows),
then turns each data row into a product item. Blank and total rows are skipped and counted;
hidden rows are read like the others (a hidden row is still bought) and reported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sbom_audit.errors import IngestError
from sbom_audit.ingest.interface import ReadResult
from sbom_audit.ingest.sheets.columns import tokens
from sbom_audit.ingest.sheets.grid import (
    HEADER_SEARCH_ROWS,
    VENDOR_FIELDS,
    Header,
    Merges,
    Row,
    Sheet,
    column_letter,
    describe_first_row,
    find_header,
    is_blank,
    row_ranges,
)
from sbom_audit.ingest.sheets.values import (
    currency_hint,
    header_multiplier,
    parse_currency,
    parse_decimal,
    parse_money,
    text_or_none,
)
from sbom_audit.ingest.vendor_clues import vendor_domains
from sbom_audit.model import Item, ItemKind, Provenance

MAX_ROW_WARNINGS = 200  # per sheet; the rest are counted in one line
_TOTAL_WORDS = frozenset(
    {"合计", "总计", "小计", "总额", "累计", "total", "subtotal", "grand", "sub", "sum"}
)
_TOTAL_NOISE = frozenset({"元", "万元", "人民币", "rmb", "cny", "usd", "本页", "本表"})
_TOTAL_HINT = re.compile("合计|总计|小计|累计|总额|total|sum|grand", re.IGNORECASE)
_MONEY_FIELDS = ("quantity", "unit_price", "amount")
_UNIT_CHARACTERS = frozenset("千万亿元")  # a cell that states its own unit


def read_sheets(
    sheets: Sequence[Sheet], path: str, column_map: Mapping[str, str] | None = None
) -> ReadResult:
    """Items from every sheet that has a recognisable header; an IngestError when none has."""
    items: list[Item] = []
    warnings: list[str] = []
    seen: list[str] = []
    tables = 0
    for sheet in sheets:
        if all(is_blank(row) for row in sheet.rows):
            continue
        merges = Merges.of(sheet.merged)
        header = find_header(sheet, merges, column_map or {})
        if header is None:
            seen.append(describe_first_row(sheet))
            if sheet.name is not None:
                warnings.append(
                    f"{path}: sheet {sheet.name!r} skipped: no header row with a product "
                    "column and a manufacturer or supplier column"
                )
            continue
        tables += 1
        table = _Table(path, sheet, header, merges)
        items.extend(table.read())
        warnings.extend(table.warnings)
    if not tables:
        if not seen:
            raise IngestError(f"{path}: the spreadsheet holds no data")
        raise IngestError(
            f"{path}: no header row with a product column and a manufacturer or supplier column "
            f"was found in the first {HEADER_SEARCH_ROWS} rows; first rows seen: " + "; ".join(seen)
        )
    return ReadResult(items, warnings)


@dataclass
class _Table:
    path: str
    sheet: Sheet
    header: Header
    merges: Merges
    warnings: list[str] = field(default_factory=list)
    _row_warnings: int = 0
    _multipliers: dict[str, Decimal] = field(default_factory=dict)
    _default_currency: str | None = None
    _text_columns: list[tuple[str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        columns = self.header.columns
        self._text_columns = [(f, c.index) for f, c in columns.items() if f not in _MONEY_FIELDS]
        for field_name in ("unit_price", "amount"):
            if field_name in columns:
                self._multipliers[field_name] = header_multiplier(columns[field_name].context)
        money = [columns[f] for f in ("amount", "unit_price") if f in columns]
        hints = (currency_hint(column.context) for column in money)
        self._default_currency = next((hint for hint in hints if hint), None)

    def read(self) -> list[Item]:
        if self.sheet.hidden:
            self.warnings.append(f"{self._where()}: the sheet is hidden; audited all the same")
        columns = self.header.columns
        money_columns = {columns[f].index for f in _MONEY_FIELDS if f in columns}
        rows = self.sheet.rows
        items: list[Item] = []
        hidden: list[int] = []
        item_rows: set[int] = set()
        blank = pending_blank = total = 0
        for index in range(self.header.last + 1, len(rows)):
            if is_blank(rows[index]):
                pending_blank += 1  # counted only when data follows: not the trailing ones
                continue
            blank, pending_blank = blank + pending_blank, 0
            row = self.merges.filled(rows, index, money_columns)
            texts = self._texts(row)
            if self._is_total_row(row, texts):
                total += 1
                continue
            item = self._item(row, texts, index + 1)
            if item is not None:
                items.append(item)
                item_rows.add(index + 1)
                if index + 1 in self.sheet.hidden_rows:
                    hidden.append(index + 1)
        self._summarise(blank, total, hidden, item_rows)
        return items

    def _where(self, row: int | None = None) -> str:
        parts = [f"sheet {self.sheet.name!r}"] if self.sheet.name is not None else []
        if row is not None:
            parts.append(f"row {row}")
        return f"{self.path}: {', '.join(parts)}" if parts else self.path

    def _row_warning(self, row: int, message: str) -> None:
        self._row_warnings += 1
        if self._row_warnings <= MAX_ROW_WARNINGS:
            self.warnings.append(f"{self._where(row)}: {message}")

    def _summarise(self, blank: int, total: int, hidden: list[int], item_rows: set[int]) -> None:
        counts = [f"{n} {kind}" for n, kind in ((blank, "blank"), (total, "total")) if n]
        if counts:
            self.warnings.append(f"{self._where()}: {', '.join(counts)} row(s) skipped")
        if hidden:
            self.warnings.append(
                f"{self._where()}: hidden row(s) {row_ranges(hidden)} audited like the others "
                "(a hidden row is still bought)"
            )
        self._report_notes(item_rows)
        more = self._row_warnings - MAX_ROW_WARNINGS
        if more > 0:
            self.warnings.append(f"{self._where()}: {more} more row warning(s) not shown")

    def _report_notes(self, item_rows: set[int]) -> None:
        """Cells of the items' rows, in recognised columns, that were read as blank."""
        mapped = {column.index for column in self.header.columns.values()}
        by_reason: dict[str, list[tuple[int, int]]] = {}
        for note in self.sheet.notes:
            if note.column in mapped and note.row in item_rows:
                by_reason.setdefault(note.reason, []).append((note.row, note.column))
        for reason, cells in sorted(by_reason.items()):
            cells.sort()
            refs = ", ".join(f"{column_letter(c)}{r}" for r, c in cells[:10])
            refs += ", ..." if len(cells) > 10 else ""
            self.warnings.append(
                f"{self._where()}: row(s) {row_ranges([r for r, _ in cells])}: "
                f"{len(cells)} cell(s) read as blank, {reason}: {refs}"
            )

    def _cell(self, row: Row, field_name: str) -> Any:
        column = self.header.columns.get(field_name)
        if column is None or column.index >= len(row):
            return None
        return row[column.index]

    def _texts(self, row: Row) -> dict[str, str | None]:
        """The row's text fields (all but the numbers), stripped, None when blank."""
        width = len(row)
        texts: dict[str, str | None] = {}
        for name, index in self._text_columns:
            value = row[index] if index < width else None
            texts[name] = (value.strip() or None) if type(value) is str else text_or_none(value)
        return texts

    def _is_total_row(self, row: Row, texts: Mapping[str, str | None]) -> bool:
        """A total or subtotal line: no vendor and no product name (or ones that say total,
        as a merged "合计" label does), and a cell that says total."""
        for field_name in ("name", *VENDOR_FIELDS):
            text = texts.get(field_name)
            if text is not None and not _says_total(text):
                return False
        return any(_says_total(text_or_none(value)) for value in row)

    def _item(self, row: Row, texts: Mapping[str, str | None], row_number: int) -> Item | None:
        name = texts.get("name") or texts.get("model")
        if name is None:
            self._row_warning(row_number, "skipped, no product name or model")
            return None
        vendor, vendor_field = self._vendor(texts)
        quantity = self._number(row, "quantity", row_number)
        unit_price, price_currency = self._money(row, "unit_price", row_number)
        amount, amount_currency = self._money(row, "amount", row_number)
        spend = amount if amount is not None else _product(quantity, unit_price)
        self._check_amount(amount, quantity, unit_price, row_number)
        currency = self._currency(texts, row_number) or amount_currency or price_currency
        website = texts.get("website")
        return Item(
            kind=ItemKind.PRODUCT,
            name=name,
            model=texts.get("model"),
            version=texts.get("version"),
            vendor=vendor,
            vendor_field=vendor_field,
            supplier=texts.get("supplier"),
            vendor_domains=vendor_domains([website]) if website else (),
            purl=texts.get("purl"),
            cpe=texts.get("cpe"),
            category_text=texts.get("category"),
            quantity=quantity,
            unit_price=unit_price,
            spend=spend,
            currency=(currency or self._default_currency)
            if spend is not None or unit_price is not None
            else None,
            encryption_disclosure=texts.get("encryption_disclosure"),
            stated_origin=texts.get("stated_origin"),
            business_unit=texts.get("business_unit"),
            sbom_reference=texts.get("sbom_reference"),
            provenance=Provenance(file=self.path, sheet=self.sheet.name, row=row_number),
        )

    def _vendor(self, texts: Mapping[str, str | None]) -> tuple[str | None, str | None]:
        # The manufacturer decides origin. A reseller in the supplier column stands in only
        # when the sheet has no manufacturer column at all: a domestic integrator selling a
        # foreign product must not make that product domestic.
        field_name = "manufacturer" if "manufacturer" in self.header.columns else "supplier"
        header = self.header.columns[field_name].header
        return texts.get(field_name), f"column {header!r}"

    def _currency(self, texts: Mapping[str, str | None], row_number: int) -> str | None:
        text = texts.get("currency")
        code = parse_currency(text)
        if text is not None and code is None:
            self._row_warning(row_number, f"currency {text!r} not recognised")
        return code

    def _number(self, row: Row, field_name: str, row_number: int) -> Decimal | None:
        try:
            return parse_decimal(self._cell(row, field_name))
        except ValueError as exc:
            self._row_warning(row_number, f"{field_name} ignored: {exc}")
            return None

    def _money(
        self, row: Row, field_name: str, row_number: int
    ) -> tuple[Decimal | None, str | None]:
        value = self._cell(row, field_name)
        try:
            money = parse_money(value)
        except ValueError as exc:
            self._row_warning(row_number, f"{field_name} ignored: {exc}")
            return None, None
        if money is None:
            return None, None
        number, currency = money
        states_unit = isinstance(value, str) and not _UNIT_CHARACTERS.isdisjoint(value)
        if not states_unit:  # "185万" or "30000元" in a "金额(万元)" column mean what they say
            number *= self._multipliers[field_name]
        return number, currency

    def _check_amount(
        self, amount: Decimal | None, quantity: Decimal | None, unit_price: Decimal | None,
        row_number: int,
    ) -> None:  # fmt: skip
        computed = _product(quantity, unit_price)
        if amount is not None and computed is not None and abs(amount - computed) > Decimal("0.01"):
            self._row_warning(
                row_number,
                f"amount {amount} differs from quantity x unit price {computed}; "
                "the amount is used",
            )


def _says_total(text: str | None) -> bool:
    if not text or not _TOTAL_HINT.search(text):
        return False
    words = [w for w in tokens(text) if w not in _TOTAL_NOISE] if text else []
    return bool(words) and all(
        word in _TOTAL_WORDS or word.startswith(("合计", "总计", "小计")) for word in words
    )


def _product(quantity: Decimal | None, unit_price: Decimal | None) -> Decimal | None:
    if quantity is None or unit_price is None:
        return None
    return quantity * unit_price
