"""The merged registry and its lookup indexes.

Layers: the shipped (curated) registry, then each user layer (`--registry DIR`), whose entries
replace earlier ones with the same id. A name, alias or identifier that two different vendors
claim is an error naming both places, whichever layers they are in: a user layer that wants a
curated vendor's alias must replace that vendor by id. Below them all sits the OUI tier, which
never overrides anything (see oui_tier.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sbom_audit.errors import RegistryError
from sbom_audit.model import MatchMethod
from sbom_audit.registry.fuzzy import FuzzyIndex
from sbom_audit.registry.loader import layer_digest, read_layer, shipped_registry_dir
from sbom_audit.registry.normalize import normalize_name
from sbom_audit.registry.oui_tier import (
    OuiLoader,
    OuiTier,
    check_oui_file,
    oui_loader,
    shipped_oui_file,
)
from sbom_audit.registry.vendor import Vendor

Layer = tuple[str, list[Vendor]]


@dataclass(frozen=True)
class Registry:
    vendors: dict[str, Vendor]  # curated and user entries by id (the OUI tier is apart)
    layers: tuple[str, ...]
    digest: str
    names: dict[str, tuple[str, MatchMethod]] = field(repr=False)
    domains: dict[str, str] = field(repr=False)
    cpe_vendors: dict[str, str] = field(repr=False)
    purl_namespaces: dict[str, str] = field(repr=False)
    oui: OuiTier = field(repr=False, compare=False)

    def vendor_for_key(self, key: str) -> tuple[Vendor, MatchMethod] | None:
        """The entry a normalised name belongs to, and whether it is its name or an alias:
        a curated or user entry's, else an OUI-tier organisation's (as a name)."""
        found = self.names.get(key)
        if found is not None:
            return self.vendors[found[0]], found[1]
        organisation = self.oui.get(key)
        return None if organisation is None else (organisation, MatchMethod.NAME)

    def find(self, vendor_id: str) -> Vendor | None:
        """A curated or user entry by id, or an OUI-tier one that a match has returned."""
        return self.vendors.get(vendor_id) or self.oui.given(vendor_id)

    def controlling_vendor(self, vendor: Vendor) -> Vendor:
        """The top of the vendor's chain of controlling parents (the vendor itself if none)."""
        current = vendor
        while current.parent is not None:
            current = self.vendors[current.parent]
        return current

    def related(self, one: Vendor, other: Vendor) -> bool:
        """Whether one controls the other, directly or through a chain of parents."""
        return self._chain(one.id) & self._chain(other.id) != frozenset()

    def _chain(self, vendor_id: str) -> frozenset[str]:
        chain = {vendor_id}
        current = self.vendors.get(vendor_id)
        while current is not None and current.parent is not None:
            chain.add(current.parent)
            current = self.vendors.get(current.parent)
        return frozenset(chain)

    @cached_property
    def fuzzy(self) -> FuzzyIndex:
        """Every normalised name of every tier, for similar-name search (built when first
        needed: the OUI tier has tens of thousands of names)."""
        return FuzzyIndex([*self.names, *self.oui.keys])

    @cached_property
    def leading_words(self) -> dict[str, tuple[tuple[str, MatchMethod], ...]]:
        """The first words of longer curated or user names -> (vendor id, method) of each
        entry so named: "motorola" -> Lenovo's "Motorola Mobility", "Motorola Solutions"."""
        index: dict[str, dict[str, MatchMethod]] = {}
        for key, (vendor_id, method) in sorted(self.names.items()):
            words = key.split()
            for end in range(1, len(words)):
                index.setdefault(" ".join(words[:end]), {}).setdefault(vendor_id, method)
        return {key: tuple(owners.items()) for key, owners in index.items()}


def load_registry(
    extra_layers: Sequence[Path] = (), *, oui: bool = True, oui_file: Path | None = None
) -> Registry:
    """The shipped registry with the user's layers on top (later layers win by id) and, with
    `oui`, the OUI tier below (`oui_file`, by default the shipped one when present)."""
    registry, problems = check_registry(extra_layers, oui=oui, oui_file=oui_file)
    if problems:
        raise RegistryError("\n".join(problems))
    return registry


def check_registry(
    extra_layers: Sequence[Path] = (), *, oui: bool = True, oui_file: Path | None = None
) -> tuple[Registry, list[str]]:
    """The registry as far as it is valid, and every problem found in any layer."""
    directories = [shipped_registry_dir(), *extra_layers]
    oui_path = (oui_file or shipped_oui_file()) if oui else None
    problems: list[str] = []
    layers: list[Layer] = []
    for position, directory in enumerate(directories):
        vendors, found = read_layer(directory, tier="curated" if position == 0 else "user")
        layers.append((str(directory), vendors))
        problems.extend(found)
    digest = layer_digest(
        [d for d in directories if d.is_dir()], [oui_path] if oui_path is not None else []
    )
    registry, found = _build(layers, digest, oui_loader(oui_path))
    return registry, problems + found


def validate_registry(extra_layers: Sequence[Path] = ()) -> tuple[Registry, list[str]]:
    """Every problem of the shipped registry with these layers on top, and of its OUI tier."""
    registry, problems = check_registry(extra_layers)
    oui_path = shipped_oui_file()
    return registry, problems + (check_oui_file(oui_path) if oui_path else [])


def build_registry(
    layers: Iterable[Layer],
    digest: str = "",
    oui: OuiLoader = dict,
) -> Registry:
    """A registry from layers already loaded, and an OUI tier (a function that returns its
    organisations by normalised name)."""
    registry, problems = _build(layers, digest, oui)
    if problems:
        raise RegistryError("\n".join(problems))
    return registry


def _build(layers: Iterable[Layer], digest: str, oui: OuiLoader) -> tuple[Registry, list[str]]:
    problems: list[str] = []
    vendors: dict[str, Vendor] = {}
    names: list[str] = []
    for name, layer in layers:
        names.append(name)
        _merge_layer(vendors, layer, problems)
    _check_parents(vendors, problems)
    name_index = _name_index(vendors.values(), problems)
    registry = Registry(
        vendors=dict(sorted(vendors.items())),
        layers=tuple(names),
        digest=digest,
        names=name_index,
        domains=_index(vendors.values(), lambda v: v.domains, "domain", problems),
        cpe_vendors=_index(vendors.values(), lambda v: v.cpe_vendors, "CPE vendor", problems),
        purl_namespaces=_index(
            vendors.values(), lambda v: v.purl_namespaces, "purl namespace", problems
        ),
        oui=OuiTier(oui, taken_keys=name_index.keys()),
    )
    return registry, problems


def _merge_layer(vendors: dict[str, Vendor], layer: list[Vendor], problems: list[str]) -> None:
    seen_here: dict[str, Vendor] = {}
    for vendor in layer:
        if vendor.id in seen_here:
            problems.append(
                f"{vendor.defined_at}: id {vendor.id!r} is already used at "
                f"{seen_here[vendor.id].defined_at}"
            )
            continue
        seen_here[vendor.id] = vendor
        vendors[vendor.id] = vendor


def _check_parents(vendors: dict[str, Vendor], problems: list[str]) -> None:
    for vendor in vendors.values():
        chain = [vendor.id]
        current = vendor
        while current.parent is not None:
            if current.parent not in vendors:
                problems.append(
                    f"{current.defined_at}: parent {current.parent!r} is not a vendor id"
                )
                break
            if current.parent in chain:
                problems.append(f"{vendor.defined_at}: parent chain loops: {chain}")
                break
            chain.append(current.parent)
            current = vendors[current.parent]


def _name_index(
    vendors: Iterable[Vendor], problems: list[str]
) -> dict[str, tuple[str, MatchMethod]]:
    index: dict[str, tuple[str, MatchMethod]] = {}
    owners: dict[str, tuple[Vendor, str]] = {}
    for vendor in vendors:
        spellings = [(vendor.name, MatchMethod.NAME)]
        spellings += [(alias, MatchMethod.ALIAS) for alias in vendor.aliases]
        for spelling, method in spellings:
            key = normalize_name(spelling)
            other = owners.get(key)
            if other is not None and other[0].id != vendor.id:
                problems.append(
                    f"{vendor.defined_at}: {spelling!r} of {vendor.id!r} reads the same as "
                    f"{other[1]!r} of {other[0].id!r} ({other[0].defined_at}) once case, "
                    "punctuation, legal forms and place prefixes are ignored; keep it under one "
                    "vendor only"
                )
                continue
            owners.setdefault(key, (vendor, spelling))
            if key not in index or method is MatchMethod.NAME:
                index[key] = (vendor.id, method)
    return index


def _index(
    vendors: Iterable[Vendor],
    values: Callable[[Vendor], tuple[str, ...]],
    what: str,
    problems: list[str],
) -> dict[str, str]:
    index: dict[str, str] = {}
    where: dict[str, str] = {}
    for vendor in vendors:
        for value in values(vendor):
            key = value.lower()
            if key in index and index[key] != vendor.id:
                problems.append(
                    f"{vendor.defined_at}: {what} {value!r} is also claimed by "
                    f"{index[key]!r} ({where[key]})"
                )
                continue
            index[key] = vendor.id
            where[key] = vendor.defined_at
    return index
