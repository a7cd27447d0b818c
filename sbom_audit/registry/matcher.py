"""Tie an item to a registry vendor, strongest evidence first, and say how.

The cascade: CPE vendor token, purl namespace, vendor web or e-mail domain, then the name steps
(names.py: exact normalised name or alias, then a similar name). Every step is evaluated, and
the strongest one that finds a vendor decides. A weaker step that points to a vendor of another
country (other than one of the chosen vendor's parents or subsidiaries) is reported in
`candidates` and the confidence is multiplied by CONFLICT_FACTOR. When only ambiguous names
are found, the origin is unknown and they are listed. Weak hints (.cn domains, Chinese script,
a stated origin) are reported, never used to decide.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from sbom_audit.model import UNKNOWN_ORIGIN, Item, MatchMethod, OriginMatch
from sbom_audit.registry.evidence import CONFIDENCE, CPE_AS_NAME_CONFIDENCE, Hit
from sbom_audit.registry.hints import weak_hints
from sbom_audit.registry.index import Registry
from sbom_audit.registry.names import NameMatcher
from sbom_audit.registry.normalize import (
    cpe_vendor,
    domain_as_name,
    has_legal_form,
    normalize_name,
    purl_namespace_keys,
)

CONFLICT_FACTOR = 0.5  # confidence is multiplied by this when evidence names another country


class Matcher:
    """Answers are cached by the item's identifying fields: real inputs repeat vendors a lot."""

    def __init__(self, registry: Registry, cache_size: int = 65536) -> None:
        self._registry = registry
        self._names = NameMatcher(registry, cache_size)
        self._cached_match = lru_cache(maxsize=cache_size)(self._match)

    def match(self, item: Item) -> OriginMatch:
        return self._cached_match(
            item.vendor, item.vendor_domains, item.purl, item.cpe, item.stated_origin
        )

    def _match(
        self,
        vendor: str | None,
        domains: tuple[str, ...],
        purl: str | None,
        cpe: str | None,
        stated_origin: str | None,
    ) -> OriginMatch:
        names, ambiguous = self._names.match(vendor) if vendor and vendor.strip() else ([], ())
        named_domain = domain_as_name(vendor) if vendor else None  # "fasterxml.com" as a name
        if named_domain and named_domain not in domains:
            domains = (*domains, named_domain)
        hits = [*self._by_cpe(cpe), *self._by_purl(purl), *self._by_domain(domains), *names]
        hints = weak_hints(vendor, domains, purl, stated_origin)
        if not hits:
            if not ambiguous and not hints:
                return UNKNOWN_ORIGIN
            return OriginMatch(method=MatchMethod.NONE, candidates=ambiguous, hints=hints)
        chosen = hits[0]
        rivals = self._rivals(chosen, hits[1:])
        controller = self._registry.controlling_vendor(chosen.vendor)
        return OriginMatch(
            method=chosen.method,
            vendor_id=chosen.vendor.id,
            vendor_name=chosen.vendor.name,
            country=chosen.vendor.country,
            controlling_country=controller.country,
            matched_on=chosen.evidence,
            confidence=round(chosen.confidence * (CONFLICT_FACTOR if rivals else 1.0), 3),
            source=chosen.vendor.source,
            tier=chosen.vendor.tier,
            candidates=tuple(rival.candidate() for rival in rivals),
            hints=hints,
        )

    def _rivals(self, chosen: Hit, others: list[Hit]) -> list[Hit]:
        rivals: dict[str, Hit] = {}
        for hit in others:
            if (
                hit.vendor.id not in rivals
                and hit.vendor.country != chosen.vendor.country
                and not self._registry.related(hit.vendor, chosen.vendor)
            ):
                rivals[hit.vendor.id] = hit
        return list(rivals.values())

    def _hit(self, vendor_id: str, method: MatchMethod, evidence: str) -> Hit:
        return Hit(self._registry.vendors[vendor_id], method, evidence, CONFIDENCE[method])

    def _by_cpe(self, cpe: str | None) -> Iterator[Hit]:
        token = cpe_vendor(cpe) if cpe else None
        if not cpe or not token:
            return
        if token in self._registry.cpe_vendors:
            yield self._hit(self._registry.cpe_vendors[token], MatchMethod.CPE_VENDOR, cpe)
            return
        # Tools make tokens from supplier names ("oracle_corporation", "google_inc."); one
        # with a legal form is a company's name, and is looked up as one (exactly).
        name = token.replace("_", " ")
        found = self._registry.names.get(normalize_name(name)) if has_legal_form(name) else None
        if found is not None:
            entry = self._registry.vendors[found[0]]
            yield Hit(entry, MatchMethod.CPE_VENDOR, cpe, CPE_AS_NAME_CONFIDENCE)

    def _by_purl(self, purl: str | None) -> Iterator[Hit]:
        if not purl:
            return
        for key in purl_namespace_keys(purl):  # the most specific namespace only
            if key in self._registry.purl_namespaces:
                vendor_id = self._registry.purl_namespaces[key]
                yield self._hit(vendor_id, MatchMethod.PURL_NAMESPACE, purl)
                return

    def _by_domain(self, domains: tuple[str, ...]) -> Iterator[Hit]:
        for domain in domains:
            if domain in self._registry.domains:
                yield self._hit(self._registry.domains[domain], MatchMethod.DOMAIN, domain)
