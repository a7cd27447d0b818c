"""What an xlsx sheet's cell values do not say, read from the sheet XML: hidden rows, formula
cells saved without a cached result, cells holding an error value (#DIV/0!, #REF!), and how
far the cells reach (calamine would hold them all as one dense block).

calamine gives the values fast but reads the first three as blank or not at all. A byte
search tells whether a sheet has any of them (most have none); only then are the matching
elements located, with regular expressions over the bytes: a full XML parse of a 100,000-row
sheet costs several times what calamine needs for the whole workbook.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from sbom_audit.ingest.sheets.grid import CellNote

NO_CACHED_VALUE = (
    "formula without a cached result (the file was saved by a program that does not "
    "calculate; open it in Excel and save it again)"
)

_P = rb"(?:\w+:)?"  # an optional namespace prefix: some writers use <x:c> instead of <c>
_ROW_TAG = re.compile(rb"<" + _P + rb"row\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_DIMENSION = re.compile(rb"<" + _P + rb'dimension\b[^>]*\bref="([A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?)"')
_HEAD_BYTES = 65536  # <dimension> comes before the cells
_WIDE_REF = re.compile(rb' r="([A-Z]{2,3})\d')  # beyond column Z; a literal start is fast
_STRING_FORMULA = re.compile(rb'\bt="str"')
_FORMULA = rb"<" + _P + rb"f\b[^>]*?(?:/>|>[^<]*</" + _P + rb"f>)"
_UNCACHED = re.compile(
    rb"<" + _P + rb"c\b([^>]*)>\s*" + _FORMULA + rb"\s*"
    rb"(<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*</" + _P + rb"v>)?\s*</" + _P + rb"c>"
)
# How an uncached formula's end looks (or whitespace that hides it), for a one-pass look
# whose literal start "</f>" lets the regex engine skip ahead fast
_FORMULA_END = re.compile(rb"</f>(?:\s|</c>|<v\s*/>|<v></v>)")
_SELF_CLOSING_FORMULA = re.compile(rb"<f\b[^>]*/>\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
_PREFIXED_ROOT = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml[^>]*\?>)?\s*<\w+:worksheet\b")
_ERROR_CELL = re.compile(
    rb"<" + _P + rb'c\b([^>]*\bt="e"[^>]*)>\s*(?:' + _FORMULA + rb")?\s*<" + _P + rb"v>([^<]*)<"
)


@dataclass(frozen=True, slots=True)
class SheetMarks:
    hidden_rows: frozenset[int] = frozenset()
    notes: tuple[CellNote, ...] = ()


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding it, from the workbook and its relationships."""
    workbook = _parse(archive, "xl/workbook.xml")
    relationships = _parse(archive, "xl/_rels/workbook.xml.rels")
    targets = {
        element.get("Id"): element.get("Target", "")
        for element in relationships.iter()
        if _local(element.tag) == "Relationship"
    }
    parts: dict[str, str] = {}
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        target = targets.get(rel_id)
        if target:
            parts[element.get("name", "")] = _member(target)
    return parts


def scan_sheet(xml: bytes) -> SheetMarks:
    hidden = _hidden_rows(xml) if b'hidden="' in xml else frozenset()
    notes: list[CellNote] = []
    if _may_have_uncached_formulas(xml):
        notes.extend(_uncached_formulas(xml))
    if b't="e"' in xml:
        notes.extend(_error_cells(xml))
    return SheetMarks(hidden, tuple(notes))


def sheet_extent(xml: bytes, limit: int) -> tuple[int, int]:
    """(rows, columns) from A1 to the sheet's last cell: from its <dimension> element, which
    Excel and most writers put near the start, else from the cells themselves (exactly only
    where needed to tell whether rows x columns is over `limit`)."""
    dimension = _DIMENSION.search(xml, 0, _HEAD_BYTES)
    if dimension:
        refs = [_cell_position(ref) for ref in dimension[1].split(b":")]
        return max(r for r, _ in refs), max(c for _, c in refs) + 1
    rows = _last_row(xml)
    wide = [_cell_position(m[1] + b"1")[1] + 1 for m in _WIDE_REF.finditer(xml)]
    if wide:
        return rows, max(wide)
    if rows * 26 <= limit:
        return rows, 26  # a bound: no cell lies beyond column Z
    return rows, max(
        (_cell_position(m[1] + m[2])[1] + 1 for m in _CELL_REF.finditer(xml)), default=0
    )


def _last_row(xml: bytes) -> int:
    """Rows come in order: the last row element's number, else the count of them."""
    for window in (1 << 16, 1 << 20, len(xml)):
        tags = _ROW_TAG.findall(xml, max(len(xml) - window, 0))
        if tags:
            given = _ROW_NUMBER.search(tags[-1])
            return int(given[1]) if given else len(_ROW_TAG.findall(xml))
    return 0


def _may_have_uncached_formulas(xml: bytes) -> bool:
    """A quick look (the full pattern takes 5-10 times as long)."""
    if _PREFIXED_ROOT.match(xml, 0, 4096):
        return True  # <x:worksheet>: only the full pattern knows
    if b"<f" not in xml:
        return False
    if _FORMULA_END.search(xml):
        return True
    return _SELF_CLOSING_FORMULA.search(xml) is not None


def _hidden_rows(xml: bytes) -> frozenset[int]:
    hidden: set[int] = set()
    number = 0
    for match in _ROW_TAG.finditer(xml):
        given = _ROW_NUMBER.search(match[1])
        number = int(given[1]) if given else number + 1
        if _HIDDEN.search(match[1]):
            hidden.add(number)
    return frozenset(hidden)


def _uncached_formulas(xml: bytes) -> Iterable[CellNote]:
    for match in _UNCACHED.finditer(xml):
        if match[2] and _STRING_FORMULA.search(match[1]):
            continue  # a formula whose cached result is the empty string
        position = _position(match[1])
        if position is not None:
            yield CellNote(position[0], position[1], NO_CACHED_VALUE)


def _error_cells(xml: bytes) -> Iterable[CellNote]:
    for match in _ERROR_CELL.finditer(xml):
        position = _position(match[1])
        if position is not None:
            error = match[2].decode("utf-8", "replace").strip()
            yield CellNote(*position, f"error value {error}")


def _position(attributes: bytes) -> tuple[int, int] | None:
    """(1-based row, 0-based column) of a cell, from its r="J5" reference."""
    ref = _CELL_REF.search(attributes)
    if ref is None:  # writers may leave references out; such cells are not located
        return None
    return _cell_position(ref[1] + ref[2])


def _cell_position(ref: bytes) -> tuple[int, int]:
    """b"J5" -> (5, 9): 1-based row, 0-based column."""
    letters = ref.rstrip(b"0123456789")
    column = 0
    for letter in letters:
        column = column * 26 + letter - ord("A") + 1
    return int(ref[len(letters) :] or b"1"), max(column - 1, 0)


def _parse(archive: zipfile.ZipFile, member: str) -> Element:
    root: Element = ElementTree.fromstring(archive.read(member))
    return root


def _member(target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
