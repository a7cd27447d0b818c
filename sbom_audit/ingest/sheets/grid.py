"""A sheet as the table reader sees it: rows of plain cell values plus what the cells cannot
say (merged ranges, hidden rows, formula cells without a value), and the header search.

The adapters (sheet_xlsx for workbooks, sheet_text for csv/tsv) build `Sheet`s; nothing here
knows about file formats.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sbom_audit.ingest.sheets.columns import Column, field_of, resolve_header

HEADER_SEARCH_ROWS = 30  # the header row must be among the first rows of a sheet
MAX_HEADER_ROWS = 3  # a header spans at most this many rows (merged cells over sub-headers)
VENDOR_FIELDS = ("manufacturer", "supplier")

Row = Sequence[Any]


@dataclass(frozen=True, slots=True)
class CellRange:
    """A merged range, 0-based and inclusive."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


@dataclass(frozen=True, slots=True)
class CellNote:
    """A cell whose value could not be read as the user sees it, e.g. a formula whose result
    the file does not hold. `row` is 1-based, `column` 0-based."""

    row: int
    column: int
    reason: str


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str | None  # None for a csv file
    rows: Sequence[Row]  # rows[i] is row i + 1 as the user numbers it
    merged: tuple[CellRange, ...] = ()
    hidden_rows: frozenset[int] = frozenset()  # 1-based
    notes: tuple[CellNote, ...] = ()
    hidden: bool = False  # the sheet itself is hidden in the workbook


@dataclass(frozen=True, slots=True)
class Header:
    first: int  # 0-based index of the first header row
    last: int  # 0-based index of the last header row (a header may span rows)
    columns: dict[str, Column]


@dataclass
class Merges:
    """Values of merged cells: every cell of a merged range shows its top-left value."""

    by_row: dict[int, list[CellRange]] = field(default_factory=dict)

    @classmethod
    def of(cls, ranges: Sequence[CellRange]) -> Merges:
        merges = cls()
        for cell_range in ranges:
            single = cell_range.first_row == cell_range.last_row
            if single and cell_range.first_col == cell_range.last_col:
                continue
            for row in range(cell_range.first_row, cell_range.last_row + 1):
                merges.by_row.setdefault(row, []).append(cell_range)
        return merges

    def filled(self, rows: Sequence[Row], index: int, skip: Collection[int] = ()) -> Row:
        """Row `index` with merged cells filled in, except in the columns of `skip`."""
        row = rows[index]
        ranges = self.by_row.get(index)
        if not ranges:
            return row
        cells = list(row)
        for cell_range in ranges:
            value = _value(rows, cell_range.first_row, cell_range.first_col)
            for col in range(cell_range.first_col, cell_range.last_col + 1):
                is_anchor = (index, col) == (cell_range.first_row, cell_range.first_col)
                if col in skip or is_anchor:
                    continue
                if col >= len(cells):
                    cells.extend([None] * (col + 1 - len(cells)))
                cells[col] = value
        return cells

    def header_end(self, rows: Sequence[Row], first: int) -> int:
        """The last row of a header that starts at row `first`: merged cells reaching down
        from it, or a merged group header over cells that all name fields, extend it."""
        last = first
        for cell_range in self.by_row.get(first, ()):
            if cell_range.first_row != first:
                continue
            last = max(last, cell_range.last_row)
            spans_columns = cell_range.last_col > cell_range.first_col
            if spans_columns and first + 1 < len(rows):
                below = rows[first + 1][cell_range.first_col : cell_range.last_col + 1]
                if _all_name_fields([value for value in below if _filled(value)]):
                    last = max(last, first + 1)
        return min(last, first + MAX_HEADER_ROWS - 1, len(rows) - 1)


def _all_name_fields(cells: Sequence[Any]) -> bool:
    return bool(cells) and all(isinstance(v, str) and field_of(v) is not None for v in cells)


def find_header(sheet: Sheet, merges: Merges, column_map: Mapping[str, str]) -> Header | None:
    """The first row (within HEADER_SEARCH_ROWS) that names a product column and a
    manufacturer or supplier column, extended over the rows a merged header spans."""
    for index in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        columns = resolve_header([merges.filled(sheet.rows, index)], column_map)
        if not _has_required(columns):
            continue
        last = merges.header_end(sheet.rows, index)
        if last > index:
            block = [merges.filled(sheet.rows, i) for i in range(index, last + 1)]
            spanned = resolve_header(block, column_map)
            if _has_required(spanned):
                columns = spanned
        return Header(index, last, columns)
    return None


def _value(rows: Sequence[Row], index: int, column: int) -> Any:
    row = rows[index] if index < len(rows) else ()
    return row[column] if column < len(row) else None


def _has_required(columns: Mapping[str, Column]) -> bool:
    return "name" in columns and any(f in columns for f in VENDOR_FIELDS)


def describe_first_row(sheet: Sheet) -> str:
    where = f"sheet {sheet.name!r}" if sheet.name is not None else "file"
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        cells = [str(v).strip()[:40] for v in row if _filled(v)]
        if len(cells) > 1:
            return f"{where}: " + " | ".join(cells[:15])
    return f"{where}: (no row with two or more filled cells)"


def is_blank(row: Row) -> bool:
    for value in row:
        if value is not None and (type(value) is not str or value.strip()):
            return False
    return True


def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def row_ranges(rows: Sequence[int], limit: int = 20) -> str:
    """[3, 4, 5, 9] -> "3-5, 9"; long lists end with "and N more"."""
    spans: list[list[int]] = []
    for row in sorted(set(rows)):
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    shown = [f"{a}-{b}" if a != b else str(a) for a, b in spans[:limit]]
    more = len(spans) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
