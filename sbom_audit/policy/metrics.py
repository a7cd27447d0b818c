"""Domestic, foreign and unknown shares by item count and by spend."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sbom_audit.model import (
    AuditedItem,
    Finding,
    FxRates,
    ItemKind,
    OriginClass,
    Severity,
    Share,
    Summary,
)

UNCATEGORISED = "uncategorised"

# The spend of one item in the currency the figures are summed in, or None.
Amount = Callable[[AuditedItem], Decimal | None]


@dataclass(frozen=True, slots=True)
class SpendPlan:
    """How spend is added up: in which currency, by which amount, and why not if not."""

    currency: str | None
    amount: Amount | None
    rates_used: dict[str, Decimal]
    notes: tuple[str, ...]


def summarise(
    items: Sequence[AuditedItem], findings: Iterable[Finding], fx: FxRates | None = None
) -> Summary:
    currencies = tuple(sorted({a.item.currency for a in items if a.item.currency}))
    plan = spend_plan(items, currencies, fx)
    severities = Counter(finding.severity.value for finding in findings)
    return Summary(
        overall=share(items, plan.amount),
        by_kind=_grouped(items, lambda a: a.item.kind.value, plan.amount),
        by_category=_grouped(items, lambda a: a.category or UNCATEGORISED, plan.amount),
        currency=plan.currency,
        currencies=currencies,
        findings_by_severity={s.value: severities.get(s.value, 0) for s in reversed(Severity)},
        spend_by_currency=_by_currency(items, currencies),
        fx=fx,
        fx_rates_used=plan.rates_used,
        spend_notes=plan.notes,
        by_business_unit=_grouped(
            [a for a in items if a.item.business_unit], _business_unit, plan.amount
        ),
        by_sbom=_by_sbom(items),
    )


def _by_sbom(items: Sequence[AuditedItem]) -> dict[str, Share]:
    """The product an SBOM describes gets the share of the components listed with it."""
    components: dict[str, list[AuditedItem]] = defaultdict(list)
    for audited in items:
        if audited.item.kind is ItemKind.COMPONENT:
            components[audited.item.provenance.file].append(audited)
    return {
        a.id: share(components[a.item.provenance.file], None)
        for a in items
        if a.item.kind is ItemKind.SBOM_SUBJECT
    }


def _business_unit(audited: AuditedItem) -> str:
    return audited.item.business_unit or ""


def _grouped(
    items: Sequence[AuditedItem], key: Callable[[AuditedItem], str], amount: Amount | None
) -> dict[str, Share]:
    groups: dict[str, list[AuditedItem]] = defaultdict(list)
    for audited in items:
        groups[key(audited)].append(audited)
    return {name: share(group, amount) for name, group in sorted(groups.items())}


def _by_currency(items: Sequence[AuditedItem], currencies: tuple[str, ...]) -> dict[str, Share]:
    """Spend in each currency as written; with one currency, rows that state none are
    taken to be in it (the sheet's single currency), as the overall figures do."""
    if len(currencies) == 1:
        groups = {currencies[0]: [a for a in items if a.item.spend is not None]}
    else:
        groups = {code: [a for a in items if a.item.currency == code] for code in currencies}
    return {code: share(group, _own_spend) for code, group in groups.items()}


def _own_spend(audited: AuditedItem) -> Decimal | None:
    return audited.item.spend


def spend_plan(
    items: Sequence[AuditedItem], currencies: tuple[str, ...], fx: FxRates | None
) -> SpendPlan:
    """Spend is added up only in one currency; amounts in others are converted only at the
    rates the user gave. Otherwise the shares by spend are left out, with the reason."""
    with_spend = [a for a in items if a.item.spend is not None]
    if not with_spend:
        return SpendPlan(None, None, {}, ())
    if not currencies:
        return SpendPlan(
            None, None, {}, ("spend states no currency: shares by spend not computed",)
        )
    if len(currencies) == 1:
        return _one_currency(currencies[0], fx)
    listed = ", ".join(currencies)
    if fx is None:
        note = f"spend is in several currencies ({listed}): shares by spend not computed; "
        return SpendPlan(None, None, {}, (note + "give a rates table with --fx to convert",))
    missing = [code for code in currencies if fx.rate(code) is None]
    if missing:
        note = (
            f"{fx.source}: no rate for {', '.join(missing)} into {fx.reporting_currency}: "
            "shares by spend not computed"
        )
        return SpendPlan(None, None, {}, (note,))
    unstated = sum(1 for a in with_spend if not a.item.currency)
    if unstated:
        note = (
            f"{unstated} item(s) with spend but no currency, among several currencies "
            f"({listed}): shares by spend not computed"
        )
        return SpendPlan(None, None, {}, (note,))
    return SpendPlan(fx.reporting_currency, _converter(fx, None), _used(fx, currencies), ())


def _one_currency(currency: str, fx: FxRates | None) -> SpendPlan:
    if fx is None or currency == fx.reporting_currency:
        return SpendPlan(currency, _converter(None, currency), {}, ())
    rate = fx.rate(currency)
    if rate is None:
        note = (
            f"{fx.source}: no rate for {currency} into {fx.reporting_currency}: "
            f"spend is reported in {currency}, not converted"
        )
        return SpendPlan(currency, _converter(None, currency), {}, (note,))
    return SpendPlan(fx.reporting_currency, _converter(fx, currency), {currency: rate}, ())


def _used(fx: FxRates, currencies: tuple[str, ...]) -> dict[str, Decimal]:
    return {code: fx.rates[code] for code in currencies if code != fx.reporting_currency}


def _converter(fx: FxRates | None, default: str | None) -> Amount:
    """Spend in the reporting currency; `default` is the currency of rows that state none
    (the one currency of the inputs, when they have one)."""

    def amount(audited: AuditedItem) -> Decimal | None:
        spend = audited.item.spend
        currency = audited.item.currency or default
        if spend is None or fx is None or currency is None:
            return spend
        rate = fx.rate(currency)
        return None if rate is None else spend * rate

    return amount


def share(items: Sequence[AuditedItem], amount: Amount | None) -> Share:
    counts = Counter(audited.origin_class for audited in items)
    spends: dict[OriginClass, Decimal] = defaultdict(Decimal)
    has_spend = False
    for audited in items:
        value = amount(audited) if amount is not None else None
        if value is not None:
            spends[audited.origin_class] += value
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
