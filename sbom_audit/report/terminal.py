"""A summary for people at a terminal."""

from __future__ import annotations

from decimal import Decimal

from sbom_audit.model import AuditReport, FindingStatus, ItemKind, Summary
from sbom_audit.policy.links import RULE as UNLINKED_REFERENCE
from sbom_audit.taxonomy import load_taxonomy


def render_summary(report: AuditReport) -> str:
    summary = report.summary
    overall = summary.overall
    failed = len(report.failed_inputs)
    lines = [
        f"sbom-audit {report.tool_version} | policy {report.policy_name} ({report.policy_title}) "
        f"| registry {report.registry_vendors} vendors",
        f"Inputs: {len(report.inputs) - failed} read, {failed} unreadable",
    ]
    for record in report.inputs:
        status = f"ERROR: {record.error}" if record.error else f"{record.item_count} items"
        lines.append(f"  {record.path} [{record.format or '?'}] {status}")
    kinds = ", ".join(f"{share.items} {kind}" for kind, share in summary.by_kind.items())
    lines += [
        f"Items: {overall.items} ({kinds})" if overall.items else "Items: 0",
        *_linked(report),
        "Domestic share by count: "
        f"{_percent(overall.domestic_share_count)} ({overall.domestic} domestic, "
        f"{overall.foreign} foreign, {overall.unknown} unknown origin)",
        _uncertainty(overall.domestic_share_count_known, overall.domestic_share_count_bounds),
        f"Domestic share by spend: {_spend_line(summary)}",
        _uncertainty(overall.domestic_share_spend_known, overall.domestic_share_spend_bounds),
        *_money_lines(summary),
        "By category (share: of all items; known: among items of known origin; range: "
        "unknowns counted foreign to domestic):",
        f"  {'category':<28}{'items':>6}{'domestic':>9}{'foreign':>8}{'unknown':>8}"
        f"{'share':>8}{'known':>8}{'range':>14}{'spend share':>12}",
    ]
    labels = load_taxonomy().categories
    rows = sorted(
        (
            (labels[code].en if code in labels else code, share)
            for code, share in summary.by_category.items()
        ),
        key=lambda row: row[0],
    )
    for label, share in rows:
        lines.append(
            f"  {label[:27]:<28}{share.items:>6}{share.domestic:>9}{share.foreign:>8}"
            f"{share.unknown:>8}{_percent(share.domestic_share_count):>8}"
            f"{_percent(share.domestic_share_count_known):>8}"
            f"{_range(share.domestic_share_count_bounds):>14}"
            f"{_percent(share.domestic_share_spend):>12}"
        )
    lines += _business_units(summary)
    counts = [f"{n} {severity}" for severity, n in summary.findings_by_severity.items() if n]
    lines.append(
        f"Findings: {len(report.findings)}" + (f" ({', '.join(counts)})" if counts else "")
    )
    if report.baseline is not None:
        lines.append(_against_baseline(report))
    return "\n".join(lines)


def _against_baseline(report: AuditReport) -> str:
    statuses = [finding.status for finding in report.findings]
    return (
        f"Against baseline {report.baseline}: {statuses.count(FindingStatus.NEW)} new, "
        f"{statuses.count(FindingStatus.UNCHANGED)} unchanged, "
        f"{len(report.resolved_findings)} resolved"
    )


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _money_lines(summary: Summary) -> list[str]:
    lines = [f"  note: {note}" for note in summary.spend_notes]
    if len(summary.spend_by_currency) > 1:
        lines.append("  spend by currency: " + ", ".join(
            f"{code} {_amount(share.spend or Decimal(0))} "
            f"({_percent(share.domestic_share_spend)} domestic)"
            for code, share in summary.spend_by_currency.items()
        ))  # fmt: skip
    if summary.fx is not None and summary.fx_rates_used:
        rates = ", ".join(f"{code} {rate}" for code, rate in summary.fx_rates_used.items())
        lines.append(
            f"  converted to {summary.fx.reporting_currency} at the rates of "
            f"{summary.fx.source}: {rates}"
        )
    return lines


def _business_units(summary: Summary) -> list[str]:
    if not summary.by_business_unit:
        return []
    lines = ["By business unit:"]
    for unit, share in summary.by_business_unit.items():
        lines.append(
            f"  {unit[:27]:<28}{share.items:>6} items, {_percent(share.domestic_share_count)} "
            f"domestic (known {_percent(share.domestic_share_count_known)}, "
            f"range {_range(share.domestic_share_count_bounds)}), by spend "
            f"{_percent(share.domestic_share_spend)}"
        )
    return lines


def _range(bounds: tuple[float, float] | None) -> str:
    return "n/a" if bounds is None else f"{bounds[0]:.1%}-{bounds[1]:.1%}"


def _uncertainty(known: float | None, bounds: tuple[float, float] | None) -> str:
    return (
        f"  among items of known origin: {_percent(known)}; between {_range(bounds)} "
        "(unknown origins counted foreign / domestic)"
    )


def _spend_line(summary: Summary) -> str:
    share = summary.overall
    if share.spend is None:
        if summary.spend_notes:
            return "not computed (see the note below)"
        return "n/a (no spend in the inputs)"
    return (
        f"{_percent(share.domestic_share_spend)} of {summary.currency} {_amount(share.spend)} "
        f"(unknown origin {_percent(share.unknown_share_spend)})"
    )


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def _linked(report: AuditReport) -> list[str]:
    """How many spreadsheet rows were linked to the SBOM of their product, and how."""
    rows = [a for a in report.items if a.item.kind is ItemKind.PRODUCT]
    subjects = any(a.item.kind is ItemKind.SBOM_SUBJECT for a in report.items)
    linked = [a for a in rows if a.links]
    unresolved = sum(f.rule == UNLINKED_REFERENCE for f in report.findings)
    if not (rows and subjects) and not unresolved:
        return []
    named = sum(1 for a in linked if a.item.sbom_reference)
    whose = "its SBOM" if len(linked) == 1 else "their SBOMs"
    line = f"Linked: {_plural(len(linked), 'spreadsheet row')} to {whose}"
    if linked:
        line += f" ({named} by the SBOM column, {len(linked) - named} by vendor and product)"
    if unresolved:
        line += f"; {_plural(unresolved, 'SBOM reference')} not linked (see the findings)"
    return [line]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
