"""Tell what an input is from its content, never from its file name."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import orjson

from sbom_audit.errors import IngestError
from sbom_audit.ingest.interface import MAX_XLSX_UNCOMPRESSED_BYTES


class InputFormat(StrEnum):
    CYCLONEDX_JSON = "cyclonedx-json"
    SPDX_JSON = "spdx-json"
    XLSX = "xlsx"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class Detected:
    format: InputFormat
    document: Any = None  # the decoded JSON object, for JSON formats


_UTF8_BOM = b"\xef\xbb\xbf"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(data: bytes, path: str) -> Detected:
    """The input's format, or an IngestError that says what the file appears to be."""
    if data.startswith(_ZIP_MAGIC):
        return _detect_zip(data, path)
    if data.startswith(_OLE_MAGIC):
        raise IngestError(
            f"{path}: this is a legacy Excel .xls (or other OLE) file, which is not supported; "
            "save it as .xlsx and audit that"
        )
    text_start = data.removeprefix(_UTF8_BOM).lstrip()[:1]
    if text_start in (b"{", b"["):
        return _detect_json(data.removeprefix(_UTF8_BOM), path)
    if text_start == b"<":
        raise IngestError(
            f"{path}: XML input (CycloneDX XML or SPDX XML/RDF) is not supported yet; "
            "convert it to JSON"
        )
    if data.lstrip().startswith((b"SPDXVersion:", b"##")):
        raise IngestError(f"{path}: SPDX tag-value input is not supported yet; convert it to JSON")
    if not data.strip():
        raise IngestError(f"{path}: the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(
            f"{path}: binary data that is neither an SBOM nor a spreadsheet "
            "(expected CycloneDX JSON, SPDX JSON, xlsx or csv)"
        )
    return Detected(InputFormat.CSV)


def _detect_json(data: bytes, path: str) -> Detected:
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise IngestError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise IngestError(f"{path}: JSON whose top level is not an object is not an SBOM")
    if document.get("bomFormat") == "CycloneDX":
        return Detected(InputFormat.CYCLONEDX_JSON, document)
    if "spdxVersion" in document:
        return Detected(InputFormat.SPDX_JSON, document)
    if "@context" in document and "spdx" in str(document.get("@context")).lower():
        raise IngestError(f"{path}: SPDX 3 JSON-LD is not supported yet")
    raise IngestError(
        f'{path}: JSON that is neither CycloneDX (no "bomFormat": "CycloneDX") '
        'nor SPDX (no "spdxVersion")'
    )


def _detect_zip(data: bytes, path: str) -> Detected:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise IngestError(f"{path}: a damaged zip archive (or xlsx): {exc}") from exc
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise IngestError(f"{path}: a zip archive that is not an Excel workbook (.xlsx)")
    uncompressed = sum(member.file_size for member in members)
    if uncompressed > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise IngestError(
            f"{path}: the workbook would expand to {uncompressed:,} bytes, over the limit of "
            f"{MAX_XLSX_UNCOMPRESSED_BYTES:,} bytes; refusing it as a possible zip bomb"
        )
    return Detected(InputFormat.XLSX)
