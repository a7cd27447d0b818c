"""Read any supported input into items. One bad file never stops the others."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sbom_audit.errors import IngestError
from sbom_audit.ingest.cyclonedx import (
    read_cyclonedx_json,
    read_cyclonedx_json_fast,
    read_cyclonedx_xml,
)
from sbom_audit.ingest.detect import Detected, InputFormat, detect_format
from sbom_audit.ingest.interface import IngestOptions, Limits, ReadResult
from sbom_audit.ingest.sheets import read_csv, read_xls, read_xlsx
from sbom_audit.ingest.spdx import read_spdx_json, read_spdx_json_fast, read_spdx_serialised
from sbom_audit.ingest.validate import validate_sbom
from sbom_audit.model import InputRecord, Item, Service

__all__ = ["IngestOptions", "InputFormat", "Limits", "LoadedInput", "load_input"]

Reader = Callable[[Detected, str, IngestOptions], ReadResult]


@dataclass(frozen=True, slots=True)
class LoadedInput:
    record: InputRecord
    items: list[Item]
    services: list[Service] = field(default_factory=list)


# format -> (reader for the default path, reader for --strict)
READERS: dict[InputFormat, tuple[Reader, Reader]] = {
    InputFormat.CYCLONEDX_JSON: (read_cyclonedx_json_fast, read_cyclonedx_json),
    InputFormat.CYCLONEDX_XML: (read_cyclonedx_xml, read_cyclonedx_xml),
    InputFormat.SPDX_JSON: (read_spdx_json_fast, read_spdx_json),
    InputFormat.SPDX_YAML: (read_spdx_serialised, read_spdx_serialised),
    InputFormat.SPDX_XML: (read_spdx_serialised, read_spdx_serialised),
    InputFormat.SPDX_TAG_VALUE: (read_spdx_serialised, read_spdx_serialised),
    InputFormat.SPDX_RDF: (read_spdx_serialised, read_spdx_serialised),
    InputFormat.XLSX: (read_xlsx, read_xlsx),
    InputFormat.XLS: (read_xls, read_xls),
    InputFormat.CSV: (read_csv, read_csv),
}


def load_input(
    path: Path, display_path: str | None = None, options: IngestOptions | None = None
) -> LoadedInput:
    """Read one file. Failures come back as a record with an error, never as an exception."""
    options = options or IngestOptions()
    shown = display_path or str(path)
    data: bytes | None = None
    detected: Detected | None = None
    try:
        data = _read_bytes(path, shown, options.limits)
        detected = detect_format(data, shown, options.limits)
        fast, strict = READERS[detected.format]
        result = (strict if options.strict else fast)(detected, shown, options)
    except IngestError as exc:
        return _failed(shown, data, detected, str(exc))
    except Exception as exc:  # a bug of ours or a library's: the other inputs still go on
        problem = f"{type(exc).__name__}: {exc}"
        reason = f"{shown}: unexpected error while reading ({problem}); please report it"
        return _failed(shown, data, detected, reason)
    record = InputRecord(
        shown,
        _sha256(data),
        detected.format.value,
        len(result.items),
        warnings=tuple(result.warnings),
        validation_errors=validate_sbom(detected) if options.validate else (),
    )
    return LoadedInput(record, result.items, result.services)


def _failed(shown: str, data: bytes | None, detected: Detected | None, reason: str) -> LoadedInput:
    kind = detected.format.value if detected else None
    return LoadedInput(InputRecord(shown, _sha256(data), kind, 0, error=reason), [])


def _read_bytes(path: Path, shown: str, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
        if size > limits.max_input_bytes:
            raise IngestError(
                f"{shown}: {size:,} bytes is over the input size limit of "
                f"{limits.max_input_bytes:,} bytes"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise IngestError(f"{shown}: is a directory, not a file") from None
    except OSError as exc:
        raise IngestError(f"{shown}: cannot be read: {exc.strerror or exc}") from None


def _sha256(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None
