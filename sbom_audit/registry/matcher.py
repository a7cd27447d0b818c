"""Tie an item to a registry vendor, strongest evidence first, and say how.

The cascade: CPE vendor token, purl namespace, vendor web or e-mail domain, exact normalised
name or alias. The first step that finds a vendor decides; when none does, the origin is
unknown. There is no partial or fuzzy matching here: a wrong country is worse than none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sbom_audit.model import UNKNOWN_ORIGIN, Item, MatchMethod, OriginMatch
from sbom_audit.registry.index import Registry
from sbom_audit.registry.normalize import cpe_vendor, normalize_name, purl_namespace_keys

# How sure a match of each kind is: an identifier assigned to the vendor (CPE token, purl
# namespace) or a name written out in full is strong; a domain can belong to a reseller.
CONFIDENCE = {
    MatchMethod.CPE_VENDOR: 0.95,
    MatchMethod.PURL_NAMESPACE: 0.9,
    MatchMethod.DOMAIN: 0.85,
    MatchMethod.NAME: 1.0,
    MatchMethod.ALIAS: 0.95,
}


class Matcher:
    def __init__(self, registry: Registry) -> None:
        self._registry = registry
        self._steps: tuple[Callable[[Item], Iterator[tuple[str, str, MatchMethod]]], ...] = (
            self._by_cpe,
            self._by_purl,
            self._by_domain,
            self._by_name,
        )

    def match(self, item: Item) -> OriginMatch:
        for step in self._steps:
            for vendor_id, evidence, method in step(item):
                return self._origin(vendor_id, evidence, method)
        return UNKNOWN_ORIGIN

    def _origin(self, vendor_id: str, evidence: str, method: MatchMethod) -> OriginMatch:
        vendor = self._registry.vendors[vendor_id]
        controller = self._registry.controlling_vendor(vendor)
        return OriginMatch(
            method=method,
            vendor_id=vendor.id,
            vendor_name=vendor.name,
            country=vendor.country,
            controlling_country=controller.country,
            matched_on=evidence,
            confidence=CONFIDENCE[method],
            source=vendor.source,
        )

    def _by_cpe(self, item: Item) -> Iterator[tuple[str, str, MatchMethod]]:
        token = cpe_vendor(item.cpe) if item.cpe else None
        if token and token in self._registry.cpe_vendors:
            yield self._registry.cpe_vendors[token], item.cpe or token, MatchMethod.CPE_VENDOR

    def _by_purl(self, item: Item) -> Iterator[tuple[str, str, MatchMethod]]:
        if not item.purl:
            return
        for key in purl_namespace_keys(item.purl):
            if key in self._registry.purl_namespaces:
                yield self._registry.purl_namespaces[key], item.purl, MatchMethod.PURL_NAMESPACE

    def _by_domain(self, item: Item) -> Iterator[tuple[str, str, MatchMethod]]:
        for domain in item.vendor_domains:
            if domain in self._registry.domains:
                yield self._registry.domains[domain], domain, MatchMethod.DOMAIN

    def _by_name(self, item: Item) -> Iterator[tuple[str, str, MatchMethod]]:
        if item.vendor:
            hit = self._registry.names.get(normalize_name(item.vendor))
            if hit is not None:
                yield hit[0], item.vendor, hit[1]
