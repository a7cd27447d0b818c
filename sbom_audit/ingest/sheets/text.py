"""Delimited text exports (csv, tsv, Excel's "Unicode text") into a sheet of cell values.

The csv module, not pandas: real exports have title rows with fewer fields than the header
below them, and pandas refuses such ragged files.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from sbom_audit.errors import IngestError
from sbom_audit.ingest.sheets.grid import Sheet

_DELIMITERS = (",", "\t", ";", "|")  # ties go to the first
_SNIFF_CHARACTERS = 65536
_EXCEL_SEPARATOR_HINT = re.compile(r"sep=(.)\r?\n?")  # Excel's "sep=;" first line


def decode_text(data: bytes, path: str) -> str:
    """UTF-16 with a byte-order mark (Excel's "Unicode text"), else UTF-8, else GB18030
    (which includes GBK and GB2312: Excel's CSV export on a Chinese Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(f"{path}: damaged UTF-16 text at byte {exc.start}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(
        f"{path}: text in an unknown encoding (tried UTF-8, UTF-16 and GB18030); "
        "save it again as UTF-8 CSV"
    )


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the most sample lines into the same number (> 1) of fields."""
    sample = text[:_SNIFF_CHARACTERS]
    best: tuple[int, int] = (0, 0)
    chosen = _DELIMITERS[0]
    for delimiter in _DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter)]
        except csv.Error:
            continue
        common = Counter(width for width in widths if width > 1).most_common(1)
        score = (common[0][1], common[0][0]) if common else (0, 0)
        if score > best:
            best, chosen = score, delimiter
    return chosen


def read_text_sheet(data: bytes, path: str) -> Sheet:
    """One sheet (named None) of the file's rows; row i + 1 is line i + 1 of a file without
    quoted line breaks."""
    text = decode_text(data, path)
    hint = _EXCEL_SEPARATOR_HINT.match(text)
    delimiter = hint.group(1) if hint else sniff_delimiter(text)
    if hint:  # keep the line, empty, so that row numbers stay those of a text editor
        text = "\n" + text[hint.end() :]
    try:
        rows = [
            tuple(cell if cell.strip() else None for cell in row)
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise IngestError(
            f"{path}: not a recognised SBOM, and not readable as a CSV spreadsheet: {exc}"
        ) from exc
    return Sheet(None, rows)
