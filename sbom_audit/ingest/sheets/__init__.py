"""Procurement spreadsheets: the readers the ingest table calls.

Workbooks go through python-calamine (sheet_xlsx), delimited text through the csv module
(sheet_text); both become `Sheet`s of plain cell values that one table reader (sheet_table)
turns into product items. Engine choice and figures: benchmarks/spreadsheet.py.
"""

from __future__ import annotations

from sbom_audit.ingest.detect import Detected
from sbom_audit.ingest.interface import IngestOptions, ReadResult
from sbom_audit.ingest.sheets.table import read_sheets
from sbom_audit.ingest.sheets.text import read_text_sheet
from sbom_audit.ingest.sheets.xlsx import read_workbook

__all__ = ["read_csv", "read_xls", "read_xlsx"]


def read_xlsx(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    """xlsx and xlsm (any zip with xl/workbook.xml)."""
    sheets = read_workbook(detected.data, path, options.sheets, options.limits.max_sheet_cells)
    return read_sheets(sheets, path, options.column_map)


def read_xls(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    """Legacy Excel 97-2003 .xls (BIFF in an OLE file): calamine reads it like an xlsx, but
    cannot tell hidden rows there."""
    return read_xlsx(detected, path, options)


def read_csv(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    """csv and tsv, delimiter sniffed; UTF-8 (with or without BOM), UTF-16 or GB18030.
    `options.sheets` does not apply: such a file has one unnamed sheet."""
    return read_sheets([read_text_sheet(detected.data, path)], path, options.column_map)
