"""Tell what an input is from its content, never from its file name."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import msgspec
import orjson

from sbom_audit.errors import IngestError
from sbom_audit.ingest.interface import Limits


class InputFormat(StrEnum):
    CYCLONEDX_JSON = "cyclonedx-json"
    CYCLONEDX_XML = "cyclonedx-xml"
    SPDX_JSON = "spdx-json"
    SPDX_YAML = "spdx-yaml"
    SPDX_XML = "spdx-xml"
    SPDX_TAG_VALUE = "spdx-tag-value"
    SPDX_RDF = "spdx-rdf"
    XLSX = "xlsx"
    XLS = "xls"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class Detected:
    format: InputFormat
    data: bytes  # the whole file; text formats as UTF-8 without a byte-order mark
    spec_version: str | None = None  # as declared (specVersion, spdxVersion, XML namespace)


class _JsonSniff(msgspec.Struct):
    """The few top-level keys that tell JSON SBOMs apart; everything else is skipped."""

    bomFormat: Any = None
    specVersion: Any = None
    spdxVersion: Any = None
    context: Any = msgspec.field(name="@context", default=None)
    document: Any = msgspec.field(name="Document", default=None)


_UTF8_BOM = b"\xef\xbb\xbf"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CYCLONEDX_NAMESPACE = re.compile(rb"http://cyclonedx\.org/schema/bom/(\d+\.\d+)")
_SPDX_RDF = re.compile(rb"<rdf:RDF\b|spdx\.org/rdf/terms", re.IGNORECASE)
_SPDX_XML_VERSION = re.compile(rb"<spdxVersion>\s*(SPDX-[\d.]+)\s*</spdxVersion>")
_SPDX_TAG_VALUE = re.compile(rb"^\s*SPDXVersion\s*:\s*(\S+)", re.MULTILINE)
_SPDX_YAML = re.compile(rb"^[ \t]*[\"']?spdxVersion[\"']?\s*:\s*[\"']?(SPDX-[\d.]+)", re.MULTILINE)
_SNIFF_BYTES = 65536
_COMPRESSED = {
    b"\x1f\x8b": "gzip",
    b"BZh": "bzip2",
    b"\x28\xb5\x2f\xfd": "zstd",
    b"\xfd7zXZ\x00": "xz",
    b"7z\xbc\xaf\x27\x1c": "7-zip",
}
_PROTOBUF_TEXT = re.compile(rb"^\s*(# proto-message: Bom|spec_version:\s*\")", re.MULTILINE)
_LEGACY_SPDX_WRAPPER = re.compile(rb"^\s*[\"']?Document[\"']?\s*:", re.MULTILINE)


def detect_format(data: bytes, path: str, limits: Limits | None = None) -> Detected:
    """The input's format, or an IngestError that says what the file appears to be."""
    limits = limits or Limits()
    if data.startswith(_ZIP_MAGIC):
        return _detect_zip(data, path, limits)
    if data.startswith(_OLE_MAGIC):
        return _detect_ole(data, path)
    for magic, kind in _COMPRESSED.items():
        if data.startswith(magic):
            raise IngestError(f"{path}: a {kind}-compressed file; decompress it and audit that")
    data = _as_utf8(data, path)
    head = data[:_SNIFF_BYTES]
    first = head.lstrip()[:1]
    if first in (b"{", b"["):
        return _detect_json(data, path)
    if first == b"<":
        return _detect_xml(data, head, path)
    tag_value = _SPDX_TAG_VALUE.search(head)
    if tag_value:
        return Detected(InputFormat.SPDX_TAG_VALUE, data, tag_value.group(1).decode())
    yaml_version = _SPDX_YAML.search(head)
    if yaml_version:
        if _LEGACY_SPDX_WRAPPER.search(head):
            raise _legacy_spdx_wrapper(path)
        return Detected(InputFormat.SPDX_YAML, data, yaml_version.group(1).decode())
    if _PROTOBUF_TEXT.search(head):
        raise IngestError(
            f"{path}: CycloneDX in protobuf text format is not supported; export it as JSON or XML"
        )
    if not data.strip():
        raise IngestError(f"{path}: the file is empty")
    if b"\x00" in head:
        raise IngestError(
            f"{path}: binary data that is neither an SBOM nor a spreadsheet "
            "(expected CycloneDX, SPDX, xlsx or csv)"
        )
    return Detected(InputFormat.CSV, data)


def _detect_json(data: bytes, path: str) -> Detected:
    try:
        sniff = msgspec.json.decode(data, type=_JsonSniff)
    except msgspec.ValidationError as exc:
        raise IngestError(f"{path}: JSON whose top level is not an object ({exc})") from None
    except (msgspec.DecodeError, RecursionError):
        raise IngestError(f"{path}: not valid JSON: {json_error(data)}") from None
    if sniff.bomFormat == "CycloneDX":
        return Detected(InputFormat.CYCLONEDX_JSON, data, _text(sniff.specVersion))
    if sniff.spdxVersion is not None:
        return Detected(InputFormat.SPDX_JSON, data, _text(sniff.spdxVersion))
    if isinstance(sniff.document, dict) and "spdxVersion" in sniff.document:
        raise _legacy_spdx_wrapper(path)
    if sniff.context is not None and "spdx" in str(sniff.context).lower():
        raise IngestError(
            f"{path}: SPDX 3 JSON-LD is not supported yet (no maintained Python library reads "
            "it); export the SBOM as SPDX 2.3 or CycloneDX"
        )
    raise IngestError(
        f'{path}: JSON that is neither CycloneDX (no "bomFormat": "CycloneDX") '
        'nor SPDX (no "spdxVersion")'
    )


def load_json_object(data: bytes, path: str) -> dict[str, Any]:
    """The whole JSON document as Python objects (for the libraries' object models)."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise IngestError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(document, dict):
        raise IngestError(f"{path}: JSON whose top level is not an object")
    return document


def _legacy_spdx_wrapper(path: str) -> IngestError:
    return IngestError(
        f'{path}: SPDX wrapped in a top-level "Document" key, the layout of early SPDX 2.x '
        "examples and tools that current SPDX tools no longer write; re-export it with a "
        "current SPDX tool"
    )


def _as_utf8(data: bytes, path: str) -> bytes:
    """The bytes as UTF-8 without a byte-order mark; UTF-16 text (with a BOM) is converted."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise IngestError(
                f"{path}: text marked as UTF-16 that is not valid UTF-16: {exc}"
            ) from None
    return data.removeprefix(_UTF8_BOM)


def json_error(data: bytes) -> str:
    """orjson's description of why `data` is not JSON, which names the line and column."""
    try:
        orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        return str(exc)
    return "nested too deeply"


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None


def _detect_xml(data: bytes, head: bytes, path: str) -> Detected:
    cyclonedx = _CYCLONEDX_NAMESPACE.search(head)
    if cyclonedx:
        return Detected(InputFormat.CYCLONEDX_XML, data, cyclonedx.group(1).decode())
    if _SPDX_RDF.search(head):
        return Detected(InputFormat.SPDX_RDF, data)
    spdx_version = _SPDX_XML_VERSION.search(head)
    if spdx_version:
        return Detected(InputFormat.SPDX_XML, data, spdx_version.group(1).decode())
    raise IngestError(
        f"{path}: XML that is neither CycloneDX (no http://cyclonedx.org/schema/bom namespace) "
        "nor SPDX (no spdxVersion element or RDF)"
    )


def _detect_ole(data: bytes, path: str) -> Detected:
    """An OLE compound file: a legacy .xls, or an encrypted (password-protected) xlsx."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise IngestError(
            f"{path}: the workbook is password-protected; save a copy without a password"
        )
    if any(stream.encode("utf-16-le") in data for stream in ("Workbook", "Book")):
        return Detected(InputFormat.XLS, data)
    raise IngestError(f"{path}: an OLE file (Word, Outlook, ...) that is not an Excel workbook")


def _detect_zip(data: bytes, path: str, limits: Limits) -> Detected:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise IngestError(f"{path}: a damaged zip archive (or xlsx): {exc}") from exc
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise IngestError(f"{path}: a zip archive that is not an Excel workbook (.xlsx)")
    uncompressed = sum(member.file_size for member in members)
    if uncompressed > limits.max_xlsx_uncompressed_bytes:
        raise IngestError(
            f"{path}: the workbook would expand to {uncompressed:,} bytes, over the limit of "
            f"{limits.max_xlsx_uncompressed_bytes:,} bytes; refusing it as a possible zip bomb"
        )
    return Detected(InputFormat.XLSX, data)
