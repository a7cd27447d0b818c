"""Workbooks (xlsx, xlsm, and legacy xls) into sheets of cell values, through python-calamine.

calamine reads the cached values of formula cells (it never evaluates) and the merged
ranges; for xlsx, sheet_xml adds what calamine cannot tell: hidden rows, formula cells
without a cached value and error cells. calamine's types stay in this module.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from sbom_audit.errors import IngestError
from sbom_audit.ingest.interface import MAX_SHEET_CELLS
from sbom_audit.ingest.sheets.grid import CellRange, Sheet
from sbom_audit.ingest.sheets.xlsx_xml import SheetMarks, scan_sheet, sheet_extent, sheet_parts

_ZIP_MAGIC = b"PK\x03\x04"
_SHARED_STRINGS = "xl/sharedStrings.xml"


def read_workbook(
    data: bytes, path: str, wanted: Sequence[str] = (), max_cells: int = MAX_SHEET_CELLS
) -> list[Sheet]:
    """The workbook's worksheets (only those named in `wanted`, when given), in order."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise IngestError(
            f"{path}: the workbook is password-protected; save a copy without a password"
        ) from None
    except (CalamineError, ValueError, OSError) as exc:
        raise IngestError(f"{path}: the workbook cannot be opened: {exc}") from None
    with workbook:
        names = _worksheets(workbook, path, wanted)
        marks = _marks(data, path, [n for n, _ in names], max_cells)  # first: checks extents
        sheets = [_sheet(workbook, name, hidden, data, path) for name, hidden in names]
    return [
        replace(sheet, hidden_rows=mark.hidden_rows, notes=mark.notes)
        if (mark := marks.get(sheet.name or "")) is not None
        else sheet
        for sheet in sheets
    ]


def _worksheets(
    workbook: CalamineWorkbook, path: str, wanted: Sequence[str]
) -> list[tuple[str, bool]]:
    """(name, hidden) of the worksheets to read; chart and macro sheets hold no table."""
    sheets = [
        (meta.name, meta.visible != SheetVisibleEnum.Visible)
        for meta in workbook.sheets_metadata
        if meta.typ == SheetTypeEnum.WorkSheet
    ]
    if not wanted:
        return sheets
    present = {name for name, _ in sheets}
    missing = [name for name in wanted if name not in present]
    if missing:
        listed = ", ".join(repr(name) for name, _ in sheets) or "none"
        raise IngestError(
            f"{path}: no sheet named {', '.join(map(repr, missing))}; the workbook's sheets "
            f"are: {listed}"
        )
    return [(name, hidden) for name, hidden in sheets if name in wanted]


def _sheet(workbook: CalamineWorkbook, name: str, hidden: bool, data: bytes, path: str) -> Sheet:
    try:
        sheet = workbook.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=False)
        merged = _merged(sheet)
    except (CalamineError, ValueError) as exc:
        raise IngestError(f"{path}: sheet {name!r} cannot be read: {exc}{_hint(data)}") from None
    return Sheet(name, rows, merged, hidden=hidden)


def _merged(sheet: CalamineSheet) -> tuple[CellRange, ...]:
    ranges = sheet.merged_cell_ranges or []
    return tuple(CellRange(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges)


def _marks(data: bytes, path: str, names: Sequence[str], max_cells: int) -> dict[str, SheetMarks]:
    """What the sheet XML tells beyond the values, for each sheet of an xlsx; an IngestError
    for a sheet too large to load."""
    if not data.startswith(_ZIP_MAGIC):
        return {}  # legacy xls: calamine does not tell hidden rows; at most 65,536 x 256 cells
    marks: dict[str, SheetMarks] = {}
    with _package(data, path) as (archive, parts):
        for name in names:
            if name in parts:
                xml = archive.read(parts[name])
                _check_extent(xml, name, path, max_cells)
                marks[name] = scan_sheet(xml)
    return marks


def _check_extent(xml: bytes, name: str, path: str, max_cells: int) -> None:
    """calamine holds a sheet as one dense block from A1 to its last cell: one stray value
    in column XFD of a 20,000-row sheet would take it 10 GB. Refuse such sheets first."""
    rows, columns = sheet_extent(xml, max_cells)
    if rows * columns > max_cells:
        raise IngestError(
            f"{path}: sheet {name!r} spans {rows:,} rows x {columns:,} columns from A1, over "
            f"the limit of {max_cells:,} cells; a stray value far from the table does "
            "this: delete everything beyond the table (Ctrl+End finds its last cell) and save "
            "the workbook again"
        )


@contextmanager
def _package(data: bytes, path: str) -> Iterator[tuple[zipfile.ZipFile, dict[str, str]]]:
    """The workbook's zip archive and its sheet parts. Python's zipfile, like calamine's zip
    reader, never expands a member past the size it declares (and detection capped those)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            yield archive, sheet_parts(archive)
    except (zipfile.BadZipFile, KeyError, OSError, SyntaxError, ValueError) as exc:
        raise IngestError(f"{path}: the workbook is damaged: {exc}") from None


def _hint(data: bytes) -> str:
    """Why calamine may have failed, when the archive shows it."""
    if not data.startswith(_ZIP_MAGIC):
        return ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = set(archive.namelist())
    except zipfile.BadZipFile:
        return ""
    if _SHARED_STRINGS not in members:
        return (
            f" (the workbook has no shared strings part, {_SHARED_STRINGS}: it is damaged or "
            "was written by a faulty program; open it in Excel and save it again)"
        )
    return ""
