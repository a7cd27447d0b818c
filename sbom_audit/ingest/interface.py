"""What every reader is given and returns, and the limits every reader works under."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sbom_audit.model import Item, Service

MAX_INPUT_BYTES = 256 * 1024 * 1024  # larger files are refused before they are read
MAX_XLSX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024  # against zip bombs posing as workbooks
MAX_NESTING_DEPTH = 256  # XML elements, YAML and component nesting deeper than this are refused
MAX_SHEET_CELLS = 25_000_000  # a sheet's cells from A1 to its last one (calamine: ~1 GB)


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits, all configurable; see the README's "Limits" section."""

    max_input_bytes: int = MAX_INPUT_BYTES
    max_xlsx_uncompressed_bytes: int = MAX_XLSX_UNCOMPRESSED_BYTES
    max_nesting_depth: int = MAX_NESTING_DEPTH
    max_sheet_cells: int = MAX_SHEET_CELLS


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How inputs are read. The defaults are what the command line uses."""

    strict: bool = False  # read JSON SBOMs through the libraries' object models (slow path)
    validate: bool = False  # check SBOMs against their official schemas first
    sheets: tuple[str, ...] = ()  # read only these sheets of a workbook (all when empty)
    column_map: Mapping[str, str] = field(default_factory=dict)  # header text -> field name
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True, slots=True)
class ReadResult:
    """Items read from one file, plus things worth telling the user that did not stop it."""

    items: list[Item]
    warnings: list[str] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
