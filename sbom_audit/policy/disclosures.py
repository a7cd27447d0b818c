"""Encryption disclosures from a register, matched to the audited items by vendor and by
model or product name; entries that match nothing are `unmatched-disclosure` findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sbom_audit.ingest.disclosures import Disclosure
from sbom_audit.model import AuditedItem, Finding, ItemKind, Severity
from sbom_audit.registry import Registry
from sbom_audit.registry.normalize import normalize_name

RULE = "unmatched-disclosure"
_PROCURED = (ItemKind.PRODUCT, ItemKind.SBOM_SUBJECT)


def apply_disclosures(
    items: Sequence[AuditedItem], disclosures: Sequence[Disclosure], registry: Registry
) -> tuple[list[AuditedItem], list[Finding]]:
    """The items with the disclosures that match each, and a finding per unmatched entry."""
    matched: set[int] = set()
    result: list[AuditedItem] = []
    for audited in items:
        found = [
            index
            for index, disclosure in enumerate(disclosures)
            if audited.item.kind in _PROCURED and matches(disclosure, audited, registry)
        ]
        matched.update(found)
        refs = tuple(disclosures[index].describe() for index in found)
        result.append(replace(audited, disclosures=refs) if refs else audited)
    unmatched = [d for index, d in enumerate(disclosures) if index not in matched]
    return result, [_unmatched(disclosure) for disclosure in unmatched]


def matches(disclosure: Disclosure, audited: AuditedItem, registry: Registry) -> bool:
    return _same_vendor(disclosure.vendor, audited, registry) and _same_product(disclosure, audited)


def _same_vendor(vendor: str, audited: AuditedItem, registry: Registry) -> bool:
    key = normalize_name(vendor)
    if audited.item.vendor and normalize_name(audited.item.vendor) == key:
        return True
    entry = registry.vendor_for_key(key)
    return entry is not None and entry[0].id == audited.origin.vendor_id


def _same_product(disclosure: Disclosure, audited: AuditedItem) -> bool:
    item = audited.item
    name = _key(item.name)
    model = _key(disclosure.model)
    if model and item.model:
        return model == _key(item.model)  # both state a model: it decides
    if model and model in name:
        return True
    product = _key(disclosure.product)
    return bool(product) and product in name


def _key(text: str | None) -> str:
    return "".join(ch for ch in (text or "").casefold() if ch.isalnum())


def _unmatched(disclosure: Disclosure) -> Finding:
    described = ", ".join(
        part
        for part in (disclosure.product, f"model {disclosure.model}" if disclosure.model else None)
        if part
    )
    return Finding(
        RULE,
        Severity.INFO,
        "",
        f"Encryption disclosure {disclosure.reference} for {disclosure.vendor} {described} "
        "matches no audited product or SBOM: the product is not in the inputs, or its vendor "
        "or model is written differently there.",
        disclosure.provenance,
        subject=disclosure.reference,
        evidence=(f"disclosure: {disclosure.describe()}",),
        remediation="Check the vendor and model against the procurement list; correct the "
        "register or the list so that they agree.",
    )
