"""The merged registry and its lookup indexes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sbom_audit.errors import RegistryError
from sbom_audit.model import MatchMethod
from sbom_audit.registry.loader import layer_digest, load_layer, shipped_registry_dir
from sbom_audit.registry.normalize import normalize_name
from sbom_audit.registry.vendor import Vendor


@dataclass(frozen=True)
class Registry:
    vendors: dict[str, Vendor]
    layers: tuple[str, ...]
    digest: str
    names: dict[str, tuple[str, MatchMethod]] = field(repr=False)
    domains: dict[str, str] = field(repr=False)
    cpe_vendors: dict[str, str] = field(repr=False)
    purl_namespaces: dict[str, str] = field(repr=False)

    def controlling_vendor(self, vendor: Vendor) -> Vendor:
        """The top of the vendor's chain of controlling parents (the vendor itself if none)."""
        current = vendor
        while current.parent is not None:
            current = self.vendors[current.parent]
        return current


def load_registry(extra_layers: Sequence[Path] = ()) -> Registry:
    """The shipped registry with the user's layers on top (later layers win by id)."""
    directories = [shipped_registry_dir(), *extra_layers]
    layers = [(str(directory), load_layer(directory)) for directory in directories]
    return build_registry(layers, digest=layer_digest(directories))


def build_registry(layers: Iterable[tuple[str, list[Vendor]]], digest: str = "") -> Registry:
    vendors: dict[str, Vendor] = {}
    names: list[str] = []
    for name, layer in layers:
        names.append(name)
        seen_here: dict[str, Vendor] = {}
        for vendor in layer:
            if vendor.id in seen_here:
                raise RegistryError(
                    f"{vendor.defined_at}: id {vendor.id!r} is already used at "
                    f"{seen_here[vendor.id].defined_at}"
                )
            seen_here[vendor.id] = vendor
            vendors[vendor.id] = vendor
    _check_parents(vendors)
    return Registry(
        vendors=dict(sorted(vendors.items())),
        layers=tuple(names),
        digest=digest,
        names=_name_index(vendors.values()),
        domains=_index(vendors.values(), lambda v: v.domains, "domain"),
        cpe_vendors=_index(vendors.values(), lambda v: v.cpe_vendors, "CPE vendor"),
        purl_namespaces=_index(vendors.values(), lambda v: v.purl_namespaces, "purl namespace"),
    )


def _check_parents(vendors: dict[str, Vendor]) -> None:
    for vendor in vendors.values():
        chain = [vendor.id]
        current = vendor
        while current.parent is not None:
            if current.parent not in vendors:
                raise RegistryError(
                    f"{current.defined_at}: parent {current.parent!r} is not a vendor id"
                )
            if current.parent in chain:
                raise RegistryError(f"{vendor.defined_at}: parent chain loops: {chain}")
            chain.append(current.parent)
            current = vendors[current.parent]


def _name_index(vendors: Iterable[Vendor]) -> dict[str, tuple[str, MatchMethod]]:
    index: dict[str, tuple[str, MatchMethod]] = {}
    owners: dict[str, Vendor] = {}
    for vendor in vendors:
        spellings = [(vendor.name, MatchMethod.NAME)]
        spellings += [(alias, MatchMethod.ALIAS) for alias in vendor.aliases]
        for spelling, method in spellings:
            key = normalize_name(spelling)
            other = owners.get(key)
            if other is not None and other.id != vendor.id:
                raise RegistryError(
                    f"{vendor.defined_at}: {spelling!r} of {vendor.id!r} reads the same as a "
                    f"name of {other.id!r} ({other.defined_at}) once case, punctuation and legal "
                    "suffixes are ignored; keep it under one vendor only"
                )
            owners[key] = vendor
            if key not in index or method is MatchMethod.NAME:
                index[key] = (vendor.id, method)
    return index


def _index(
    vendors: Iterable[Vendor], values: Callable[[Vendor], tuple[str, ...]], what: str
) -> dict[str, str]:
    index: dict[str, str] = {}
    where: dict[str, str] = {}
    for vendor in vendors:
        for value in values(vendor):
            key = value.lower()
            if key in index and index[key] != vendor.id:
                raise RegistryError(
                    f"{vendor.defined_at}: {what} {value!r} is also claimed by "
                    f"{index[key]!r} ({where[key]})"
                )
            index[key] = vendor.id
            where[key] = vendor.defined_at
    return index
