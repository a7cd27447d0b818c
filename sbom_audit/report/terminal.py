"""A summary for people at a terminal."""

from __future__ import annotations

from decimal import Decimal

from sbom_audit.model import AuditReport, Share
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
        "Domestic share by count: "
        f"{_percent(overall.domestic_share_count)} ({overall.domestic} domestic, "
        f"{overall.foreign} foreign, {overall.unknown} unknown origin)",
        f"Domestic share by spend: {_spend_line(overall, summary.currency, summary.currencies)}",
        "By category:",
        f"  {'category':<28}{'items':>6}{'domestic':>9}{'foreign':>8}{'unknown':>8}"
        f"{'share':>8}{'spend share':>12}",
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
            f"{_percent(share.domestic_share_spend):>12}"
        )
    counts = [f"{n} {severity}" for severity, n in summary.findings_by_severity.items() if n]
    lines.append(
        f"Findings: {len(report.findings)}" + (f" ({', '.join(counts)})" if counts else "")
    )
    return "\n".join(lines)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _spend_line(share: Share, currency: str | None, currencies: tuple[str, ...]) -> str:
    if share.spend is None:
        if len(currencies) > 1:
            return f"not computed: spend is in several currencies ({', '.join(currencies)})"
        return "n/a (no spend in the inputs)"
    return (
        f"{_percent(share.domestic_share_spend)} of {currency} {_amount(share.spend)} "
        f"(unknown origin {_percent(share.unknown_share_spend)})"
    )


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}"
