"""A vendor as the registry records it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Vendor:
    id: str
    name: str
    country: str  # ISO 3166-1 alpha-2 of the headquarters or controlling seat
    parent: str | None
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    cpe_vendors: tuple[str, ...]
    purl_namespaces: tuple[str, ...]
    categories: tuple[str, ...]
    source: str
    checked: dt.date
    notes: str | None
    defined_at: str  # "file:line" of the entry, for error messages and the report's method sheet
    tier: str = "curated"  # "curated" (reviewed by hand), "oui" (IEEE registry), "user"
