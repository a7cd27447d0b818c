"""What every reader returns, and the limits every reader works under."""

from __future__ import annotations

from dataclasses import dataclass, field

from sbom_audit.model import Item

MAX_INPUT_BYTES = 256 * 1024 * 1024  # larger files are refused before they are read
MAX_XLSX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024  # against zip bombs posing as workbooks


@dataclass(frozen=True, slots=True)
class ReadResult:
    """Items read from one file, plus things worth telling the user that did not stop it."""

    items: list[Item]
    warnings: list[str] = field(default_factory=list)
