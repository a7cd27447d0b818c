"""The rule about whole categories: `minimum-domestic-share`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from sbom_audit.model import AuditedItem, Finding, FxRates, Provenance, Severity, Share
from sbom_audit.policy.metrics import share, spend_plan
from sbom_audit.policy.schema import Minimum, RuleSettings
from sbom_audit.taxonomy import load_taxonomy

RULE = "minimum-domestic-share"


def category_label(category: str | None) -> str:
    if category is None:
        return "uncategorised"
    entry = load_taxonomy().categories.get(category)
    return entry.en if entry else category


def minimum_share_findings(
    items: Sequence[AuditedItem], settings: RuleSettings, fx: FxRates | None = None
) -> Iterator[Finding]:
    """One finding per category whose domestic share (domestic items / all items of the
    category, as in the summary) is below a minimum. A category nobody bought passes.
    Spend is added up exactly as the summary adds it: converted only at the user's rates."""
    currencies = tuple(sorted({a.item.currency for a in items if a.item.currency}))
    plan = spend_plan(items, currencies, fx)
    for code, minimum in settings.minimums.items():
        group = [audited for audited in items if audited.category == code]
        if not group:
            continue
        found = _assess(share(group, plan.amount), minimum, plan.currency)
        if found is not None:
            severity, sentence = found
            message = f"Domestic share of {category_label(code)} ({code}): {sentence}"
            yield Finding(RULE, severity, "", message, _provenance(group), subject=code)


def _assess(figures: Share, minimum: Minimum, currency: str | None) -> tuple[Severity, str] | None:
    shortfalls: list[str] = []
    if minimum.count is not None and _below(figures.domestic_share_count, minimum.count):
        shortfalls.append(
            f"by item count {figures.domestic_share_count:.1%} ({figures.domestic} of "
            f"{figures.items} items) is below the minimum of {_percent(minimum.count)}"
        )
    unchecked = minimum.spend is not None and figures.domestic_share_spend is None
    if minimum.spend is not None and _below(figures.domestic_share_spend, minimum.spend):
        shortfalls.append(
            f"by spend {figures.domestic_share_spend:.1%} ({_money(figures.domestic_spend)} of "
            f"{_money(figures.spend)} {currency}) is below the minimum of "
            f"{_percent(minimum.spend)}"
        )
    if not shortfalls and not unchecked:
        return None
    notes: list[str] = []
    if unchecked:
        notes.append(
            f"the minimum by spend ({_percent(minimum.spend or 0)}) cannot be checked: "
            "the items give no spend, or spend in more than one currency and no rates "
            "(--fx) to convert it"
        )
    if figures.unknown:
        notes.append(f"{figures.unknown} item(s) of unknown origin count as not domestic")
    if not shortfalls:
        return Severity.INFO, "; ".join(notes) + "."
    sentence = "; ".join(shortfalls) + "."
    if notes:
        sentence += " Note: " + "; ".join(notes) + "."
    sentence += " Plan domestic replacements, or record why no domestic product fits."
    return minimum.severity, sentence


def _below(value: float | None, minimum: float) -> bool:
    return value is not None and value < minimum


def _percent(fraction: float) -> str:
    return f"{fraction * 100:g}%"


def _money(amount: Decimal | None) -> str:
    return f"{amount:,}" if amount is not None else "?"


def _provenance(group: Sequence[AuditedItem]) -> Provenance:
    # The finding is about several items, possibly from several files: name them all.
    files = sorted({audited.item.provenance.file for audited in group})
    return Provenance(file=", ".join(files))
