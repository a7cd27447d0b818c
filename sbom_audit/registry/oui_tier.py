"""The OUI tier as the matcher sees it: organisations by normalised name, below the curated ones.

An OUI country is the registrant's address, not always the headquarters, so this tier never
overrides a curated or user entry: an organisation whose normalised name is also one of theirs
is ignored, and the tier is matched by exact normalised name only (sbom_audit/registry/oui.py
reads and writes the data file).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from functools import cached_property
from pathlib import Path

from sbom_audit.errors import RegistryError
from sbom_audit.registry.oui import load_oui_index, load_oui_tier, shipped_oui_path
from sbom_audit.registry.vendor import Vendor

OuiLoader = Callable[[], Mapping[str, Vendor]]  # normalised name -> organisation


def shipped_oui_file() -> Path | None:
    """The OUI tier's data file in the shipped registry, if it has one."""
    path = shipped_oui_path()
    return path if path.is_file() else None


def oui_loader(path: Path | None) -> OuiLoader:
    """A function that opens the tier in `path` when first needed (it is large)."""
    if path is None:
        return dict
    return lambda: load_oui_index(path)


def check_oui_file(path: Path) -> list[str]:
    """Problems of the OUI tier's file, every row read (the audit reads rows when needed)."""
    try:
        load_oui_tier(path)
    except RegistryError as exc:
        return [str(exc)]
    return []


class OuiTier:
    def __init__(self, load: OuiLoader, taken_keys: Collection[str]) -> None:
        self._load = load
        self._taken_keys = frozenset(taken_keys)
        self._given: dict[str, Vendor] = {}  # by id, every organisation `get` returned

    @cached_property
    def _organisations(self) -> Mapping[str, Vendor]:
        return self._load()

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """The normalised names the tier answers for: all but those of curated or user
        entries, sorted."""
        return tuple(sorted(k for k in self._organisations if k not in self._taken_keys))

    def get(self, key: str) -> Vendor | None:
        if key in self._taken_keys:
            return None
        found = self._organisations.get(key)
        if found is not None:
            self._given[found.id] = found
        return found

    def given(self, vendor_id: str) -> Vendor | None:
        """An organisation by id, if a match has returned it."""
        return self._given.get(vendor_id)

    def organisations(self) -> list[Vendor]:
        """Every organisation the tier answers for (reads the whole file)."""
        return [vendor for key in self.keys if (vendor := self.get(key)) is not None]

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def ignored(self) -> int:
        """Organisations of the file left out because a curated or user entry has the name."""
        return len(self._organisations) - len(self.keys)
