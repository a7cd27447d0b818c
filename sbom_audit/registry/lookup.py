"""`registry lookup` and `registry stats` as a library: answers and figures, plus their text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from sbom_audit.model import Candidate, Item, ItemKind, MatchMethod, OriginMatch, Provenance
from sbom_audit.registry.index import Registry
from sbom_audit.registry.matcher import Matcher
from sbom_audit.registry.normalize import domain_as_name, registrable_domain
from sbom_audit.registry.vendor import Vendor

TIERS = ("curated", "user", "oui")


class QueryKind(StrEnum):
    NAME = "name"
    PURL = "purl"
    CPE = "cpe"
    DOMAIN = "domain"  # a URL, host name or e-mail address


@dataclass(frozen=True, slots=True)
class Answer:
    query: str
    kind: QueryKind
    origin: OriginMatch
    entry: Vendor | None  # the registry entry that matched
    controller: Vendor | None  # the top of its chain of parents, when it has one


def query_kind(query: str) -> QueryKind:
    """What a query is, told by its form: `pkg:...` a purl, `cpe:...` a CPE, a URL, e-mail
    address or dotted host name with a public suffix a domain, anything else a vendor name."""
    text = query.strip()
    lower = text.lower()
    if lower.startswith("pkg:"):
        return QueryKind.PURL
    if lower.startswith("cpe:"):
        return QueryKind.CPE
    if "://" in text or domain_as_name(text):
        return QueryKind.DOMAIN
    return QueryKind.NAME


def query_item(query: str) -> Item:
    """The item an audit would see if an input gave just this value."""
    kind, text = query_kind(query), query.strip()
    domain = registrable_domain(text) if kind is QueryKind.DOMAIN else None
    return Item(
        kind=ItemKind.COMPONENT,
        name=text,
        provenance=Provenance(file="<query>"),
        vendor=text if kind is QueryKind.NAME else None,
        vendor_domains=(domain,) if domain else (),
        purl=text if kind is QueryKind.PURL else None,
        cpe=text if kind is QueryKind.CPE else None,
    )


def lookup(registry: Registry, queries: Iterable[str]) -> list[Answer]:
    matcher = Matcher(registry)
    answers = []
    for query in queries:
        origin = matcher.match(query_item(query))
        entry = registry.find(origin.vendor_id) if origin.vendor_id else None
        controller = registry.controlling_vendor(entry) if entry else None
        controller = controller if controller is not entry else None
        answers.append(Answer(query, query_kind(query), origin, entry, controller))
    return answers


def describe(answer: Answer) -> list[str]:
    """The answer as indented lines of text."""
    origin, entry = answer.origin, answer.entry
    lines = [f"{answer.query} ({answer.kind.value})"]
    if entry is None:
        why = "the evidence fits several vendors" if origin.candidates else "no entry matches"
        lines.append(f"  unknown origin: {why}")
    else:
        lines += [
            f"  {entry.country}  {entry.name} [{entry.id}]",
            f"  method {origin.method.value}, confidence {origin.confidence:.2f}, "
            f"tier {entry.tier}, matched on {origin.matched_on!r}",
        ]
        if answer.controller is not None:
            parent = answer.controller
            lines.append(f"  controlled from {parent.country} by {parent.name} [{parent.id}]")
        lines += [f"  entry {entry.defined_at}", f"  source {entry.source}"]
    lines += [f"  candidate: {_candidate(c)}" for c in origin.candidates]
    lines += [f"  hint: {hint}" for hint in origin.hints]
    return lines


def _candidate(candidate: Candidate) -> str:
    how = "similar name" if candidate.method is MatchMethod.FUZZY_NAME else candidate.method.value
    return (
        f"{candidate.country}  {candidate.vendor_name} [{candidate.vendor_id}] by {how} "
        f"{candidate.evidence!r}, score {candidate.score:.2f}"
    )


@dataclass(frozen=True, slots=True)
class RegistryStats:
    by_tier: dict[str, int]
    by_country: dict[str, dict[str, int]]  # country -> tier -> vendors, most vendors first
    by_category: dict[str, int]  # curated and user entries; OUI ones have no category
    oui_ignored: int  # OUI organisations left out because a curated or user entry has the name


def registry_stats(registry: Registry) -> RegistryStats:
    vendors = [*registry.vendors.values(), *registry.oui.organisations()]
    countries: dict[str, Counter[str]] = {}
    for vendor in vendors:
        countries.setdefault(vendor.country, Counter())[vendor.tier] += 1
    order = sorted(countries, key=lambda code: (-sum(countries[code].values()), code))
    categories = Counter(c for vendor in registry.vendors.values() for c in vendor.categories)
    return RegistryStats(
        by_tier={tier: sum(1 for v in vendors if v.tier == tier) for tier in TIERS},
        by_country={code: {tier: countries[code][tier] for tier in TIERS} for code in order},
        by_category=dict(sorted(categories.items(), key=lambda pair: (-pair[1], pair[0]))),
        oui_ignored=registry.oui.ignored,
    )


def describe_stats(stats: RegistryStats) -> Iterator[str]:
    yield "Vendors by tier:"
    for tier, count in stats.by_tier.items():
        yield f"  {tier:<8}{count:>7}"
    if stats.oui_ignored:
        yield f"  ({stats.oui_ignored} OUI organisations left out: curated entries name them)"
    yield "Vendors by country:"
    yield f"  {'':<4}" + "".join(f"{tier:>9}" for tier in TIERS)
    for code, counts in stats.by_country.items():
        yield f"  {code:<4}" + "".join(f"{counts[tier]:>9}" for tier in TIERS)
    yield "Vendors by category (curated and user):"
    for category, count in stats.by_category.items():
        yield f"  {category:<16}{count:>5}"
