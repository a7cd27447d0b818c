"""Read any supported input into items. One bad file never stops the others."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sbom_audit.errors import IngestError
from sbom_audit.ingest.cyclonedx import read_cyclonedx_json
from sbom_audit.ingest.detect import Detected, InputFormat, detect_format
from sbom_audit.ingest.interface import MAX_INPUT_BYTES, ReadResult
from sbom_audit.ingest.spdx import read_spdx_json
from sbom_audit.ingest.spreadsheet import read_csv, read_xlsx
from sbom_audit.model import InputRecord, Item

__all__ = ["InputFormat", "LoadedInput", "load_input"]


@dataclass(frozen=True, slots=True)
class LoadedInput:
    record: InputRecord
    items: list[Item]


def _read(detected: Detected, data: bytes, path: str) -> ReadResult:
    readers: dict[InputFormat, Callable[[], ReadResult]] = {
        InputFormat.CYCLONEDX_JSON: lambda: read_cyclonedx_json(detected.document, path),
        InputFormat.SPDX_JSON: lambda: read_spdx_json(detected.document, path),
        InputFormat.XLSX: lambda: read_xlsx(data, path),
        InputFormat.CSV: lambda: read_csv(data, path),
    }
    return readers[detected.format]()


def load_input(path: Path, display_path: str | None = None) -> LoadedInput:
    """Read one file. Failures come back as a record with an error, never as an exception."""
    shown = display_path or str(path)
    data: bytes | None = None
    detected_format: str | None = None
    try:
        data = _read_bytes(path, shown)
        detected = detect_format(data, shown)
        detected_format = detected.format.value
        result = _read(detected, data, shown)
    except IngestError as exc:
        return _failed(shown, data, detected_format, str(exc))
    except Exception as exc:  # a bug of ours or a library's: the other inputs still go on
        problem = f"{type(exc).__name__}: {exc}"
        reason = f"{shown}: unexpected error while reading ({problem}); please report it"
        return _failed(shown, data, detected_format, reason)
    record = InputRecord(
        shown, _sha256(data), detected_format, len(result.items), warnings=tuple(result.warnings)
    )
    return LoadedInput(record, result.items)


def _failed(
    shown: str, data: bytes | None, detected_format: str | None, reason: str
) -> LoadedInput:
    return LoadedInput(InputRecord(shown, _sha256(data), detected_format, 0, error=reason), [])


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise IngestError(
                f"{shown}: {size:,} bytes is over the input size limit of {MAX_INPUT_BYTES:,} bytes"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise IngestError(f"{shown}: is a directory, not a file") from None
    except OSError as exc:
        raise IngestError(f"{shown}: cannot be read: {exc.strerror or exc}") from None


def _sha256(data: Any) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None
