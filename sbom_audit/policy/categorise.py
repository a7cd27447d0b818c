"""The category of each item, and the basis for it in plain words for an auditor.

In order: the spreadsheet's category column; an SBOM's component type or package purpose where
it names a category on its own; category keywords in a product's name and model; the registry's
categories for the matched vendor. An item whose category cannot be told gets None, and the
basis says why: it is reported, never guessed.
"""

from __future__ import annotations

from sbom_audit.model import Item, ItemKind, OriginMatch
from sbom_audit.registry import Registry
from sbom_audit.registry.vendor import Vendor
from sbom_audit.taxonomy import Keyword, Taxonomy

# CycloneDX component types and SPDX primaryPackagePurpose values (as the readers give them:
# lower case, hyphens) that name a category on their own. "device" is a hardware product whose
# category comes from its name or vendor; file, data, source, archive, install, other and
# machine-learning-model name none.
SBOM_TYPES: dict[str, str] = {
    "application": "software",
    "container": "software",  # a packaged, isolated piece of software
    "platform": "software",  # a runtime such as a JVM or a low-code platform
    "device-driver": "software",
    "framework": "library",
    "library": "library",
    "operating-system": "os",
    "firmware": "firmware",
    "cryptographic-asset": "crypto_asset",
}
DEVICE = "device"
# Vendor categories that say what an organisation is, not what it makes.
_NOT_WHAT_IT_MAKES = frozenset({"open_source"})
# Categories the registry does not record for vendors, so a vendor's categories can neither
# confirm nor rule them out ("router firmware" by a router maker stays ambiguous).
_NOT_IN_REGISTRY = frozenset({"firmware", "library", "crypto_asset"})


def categorise(
    item: Item,
    origin: OriginMatch,
    registry: Registry,
    taxonomy: Taxonomy,
    sbom_format: str | None = None,
) -> tuple[str | None, str]:
    """The item's category code (None when it cannot be told) and the basis for the answer.

    `sbom_format` is the input's format ("cyclonedx-json", "spdx-json", ...) and only names
    the field in the basis; without it, an SPDXID ref tells SPDX from CycloneDX.
    """
    vendor = registry.find(origin.vendor_id) if origin.vendor_id else None
    if item.kind is ItemKind.PRODUCT:
        return _from_row(item, vendor, taxonomy)
    return _from_sbom(item, vendor, taxonomy, _sbom_field(item, sbom_format))


def _from_row(item: Item, vendor: Vendor | None, taxonomy: Taxonomy) -> tuple[str | None, str]:
    stated = (item.category_text or "").strip()
    if not stated:
        return _inferred(item, vendor, taxonomy, "no category given")
    code, basis = taxonomy.classify(stated)
    if code is not None:
        return code, basis
    found = taxonomy.keywords(stated)
    codes = list(dict.fromkeys(keyword.code for keyword in found))
    if len(codes) == 1:
        return codes[0], f"category {stated!r} not recognised as a whole; {_quoted(found)} in it"
    if codes:
        return None, f"category {stated!r} names several categories ({', '.join(codes)})"
    return _inferred(item, vendor, taxonomy, f"category {stated!r} not recognised")


def _from_sbom(
    item: Item, vendor: Vendor | None, taxonomy: Taxonomy, field: str
) -> tuple[str | None, str]:
    """Names in an SBOM are package or project names ("react-router", "hello-server"), so they
    are searched for keywords only when the SBOM says the item is hardware."""
    stated = (item.category_text or "").strip().lower()
    if stated in SBOM_TYPES:
        return SBOM_TYPES[stated], f"{field} {stated!r}"
    if stated == DEVICE:
        return _inferred(item, vendor, taxonomy, f"{field} {stated!r}")
    said = f"{field} {stated!r} names no category" if stated else f"no {field} given"
    said += "; names in an SBOM are not searched for keywords"
    if item.kind is ItemKind.COMPONENT:
        return None, said
    return _from_vendor(vendor, said)


def _inferred(
    item: Item, vendor: Vendor | None, taxonomy: Taxonomy, said: str
) -> tuple[str | None, str]:
    """From the product's name and model, then from its vendor's categories."""
    found = taxonomy.keywords(f"{item.name} {item.model or ''}")
    if found:
        code, why = _from_keywords(found, vendor, _makes(vendor))
        return code, f"{said}; {why}"
    return _from_vendor(vendor, f"{said}; name has no category keyword")


def _from_vendor(vendor: Vendor | None, said: str) -> tuple[str | None, str]:
    makes = _makes(vendor)
    if vendor is not None and makes is not None and len(makes) == 1:
        return makes[0], f"{said}; registry: {vendor.name} makes only {makes[0]}"
    return None, f"{said}; {_vendor_says(vendor, makes)}"


def _from_keywords(
    found: tuple[Keyword, ...], vendor: Vendor | None, makes: list[str] | None
) -> tuple[str | None, str]:
    """Exactly one category named, or narrowed to one by what the vendor makes."""
    codes = list(dict.fromkeys(keyword.code for keyword in found))
    named = f"name {_quoted(found)}"
    listed = ", ".join(codes)
    if vendor is None or makes is None:
        if len(codes) == 1:
            return codes[0], named
        return None, f"{named} name several categories ({listed}); {_vendor_says(vendor, makes)}"
    fits = [code for code in codes if code in makes or code in _NOT_IN_REGISTRY]
    if len(fits) == 1:
        narrowed = f" ({listed}); of these {vendor.name} makes {fits[0]}" if len(codes) > 1 else ""
        return fits[0], named + narrowed
    if not fits:
        return None, (
            f"{named} ({listed}), but the registry lists {vendor.name} only for {', '.join(makes)}"
        )
    return None, (
        f"{named} name several categories ({listed}); the registry does not narrow them "
        f"({vendor.name} makes {', '.join(makes)})"
    )


def _makes(vendor: Vendor | None) -> list[str] | None:
    """What the registry says the vendor makes; None when it says nothing about that."""
    makes = [c for c in vendor.categories if c not in _NOT_WHAT_IT_MAKES] if vendor else []
    return makes or None


def _vendor_says(vendor: Vendor | None, makes: list[str] | None) -> str:
    if vendor is None:
        return "no registry vendor matched"
    if makes is None and vendor.categories:
        return f"registry lists {vendor.name} only as an open-source organisation"
    if makes is None:
        return f"registry lists no categories for {vendor.name} (tier {vendor.tier})"
    return f"registry: {vendor.name} makes several ({', '.join(makes)})"


def _quoted(found: tuple[Keyword, ...]) -> str:
    words = ", ".join(repr(keyword.synonym) for keyword in found)
    return f"keyword{'s' if len(found) > 1 else ''} {words}"


def _sbom_field(item: Item, sbom_format: str | None) -> str:
    if sbom_format is not None:
        spdx = sbom_format.lower().startswith("spdx")
    else:
        spdx = (item.provenance.ref or "").startswith("SPDXRef-")
    return "SPDX purpose" if spdx else "CycloneDX type"
