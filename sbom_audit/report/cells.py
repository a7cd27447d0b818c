"""Untrusted text stays text: never a formula in a spreadsheet."""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Characters that make a spreadsheet program read a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """Control characters that XML cannot hold, shown as escapes instead of being dropped."""
    return str(ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text))


def literal_cell(sheet: WriteOnlyWorksheet, value: Any, **style: Any) -> WriteOnlyCell:
    """A write-only cell whose text can never be evaluated as a formula.

    openpyxl stores any string starting with "=" as a formula; forcing the string type keeps
    it literal in the file, and the quote prefix keeps Excel from turning it into a formula
    when someone edits the cell later.
    """
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=printable(value))
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    else:
        cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell
