"""Domestic, foreign and unknown shares by item count and by spend."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from sbom_audit.model import AuditedItem, Finding, OriginClass, Severity, Share, Summary

UNCATEGORISED = "uncategorised"


def summarise(items: Sequence[AuditedItem], findings: Iterable[Finding]) -> Summary:
    currencies = tuple(sorted({a.item.currency for a in items if a.item.currency}))
    # Spend in different currencies cannot be added up without exchange rates, which an
    # offline tool does not have; the shares by spend are then left out rather than wrong.
    currency = currencies[0] if len(currencies) == 1 else None
    by_kind: dict[str, list[AuditedItem]] = defaultdict(list)
    by_category: dict[str, list[AuditedItem]] = defaultdict(list)
    for audited in items:
        by_kind[audited.item.kind.value].append(audited)
        by_category[audited.category or UNCATEGORISED].append(audited)
    severities = Counter(finding.severity.value for finding in findings)
    return Summary(
        overall=share(items, currency),
        by_kind={kind: share(group, currency) for kind, group in sorted(by_kind.items())},
        by_category={c: share(group, currency) for c, group in sorted(by_category.items())},
        currency=currency,
        currencies=currencies,
        findings_by_severity={s.value: severities.get(s.value, 0) for s in reversed(Severity)},
    )


def share(items: Sequence[AuditedItem], currency: str | None) -> Share:
    counts = Counter(audited.origin_class for audited in items)
    spends: dict[OriginClass, Decimal] = defaultdict(Decimal)
    has_spend = False
    for audited in items:
        if currency is not None and audited.item.spend is not None:
            spends[audited.origin_class] += audited.item.spend
            has_spend = True

    def spend_of(kind: OriginClass) -> Decimal | None:
        return spends[kind] if has_spend else None

    return Share(
        items=len(items),
        domestic=counts[OriginClass.DOMESTIC],
        foreign=counts[OriginClass.FOREIGN],
        unknown=counts[OriginClass.UNKNOWN],
        spend=sum(spends.values(), Decimal(0)) if has_spend else None,
        domestic_spend=spend_of(OriginClass.DOMESTIC),
        foreign_spend=spend_of(OriginClass.FOREIGN),
        unknown_spend=spend_of(OriginClass.UNKNOWN),
    )
