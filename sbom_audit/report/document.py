"""The report as plain data: the JSON contract, which every other writer renders from."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sbom_audit.model import (
    AuditedItem,
    AuditReport,
    Candidate,
    Finding,
    FindingStatus,
    InputRecord,
    Provenance,
    Service,
    Share,
    Summary,
)

TOOL_NAME = "sbom-audit"


def report_document(report: AuditReport) -> dict[str, Any]:
    summary = report.summary
    return {
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "policy": {"name": report.policy_name, "title": report.policy_title},
        "registry": {"vendors": report.registry_vendors, "digest": report.registry_digest},
        "inputs": [_input(record) for record in report.inputs],
        "summary": {
            **_share(summary.overall),
            "currency": summary.currency,
            "currencies": list(summary.currencies),
            "spend_by_currency": {c: _spend(s) for c, s in summary.spend_by_currency.items()},
            "fx": _fx(summary),
            "spend_notes": list(summary.spend_notes),
            "by_kind": {kind: _share(share) for kind, share in summary.by_kind.items()},
            "by_category": {code: _share(share) for code, share in summary.by_category.items()},
            "by_business_unit": {u: _share(s) for u, s in summary.by_business_unit.items()},
            "by_sbom": _by_sbom(report),
            "findings_by_severity": summary.findings_by_severity,
        },
        "items": [_item(audited) for audited in report.items],
        "services": [_service(service) for service in report.services],
        "findings": [_finding(finding) for finding in report.findings],
        "baseline": _baseline(report),
    }


def _baseline(report: AuditReport) -> dict[str, Any] | None:
    """The comparison with an earlier report: counts, and the findings no longer raised."""
    if report.baseline is None:
        return None
    statuses = [finding.status for finding in report.findings]
    return {
        "report": report.baseline,
        "new": statuses.count(FindingStatus.NEW),
        "unchanged": statuses.count(FindingStatus.UNCHANGED),
        "resolved": len(report.resolved_findings),
        "resolved_findings": [_finding(finding) for finding in report.resolved_findings],
    }


def _input(record: InputRecord) -> dict[str, Any]:
    return {
        "path": record.path,
        "sha256": record.sha256,
        "format": record.format,
        "items": record.item_count,
        "error": record.error,
        "validation_errors": list(record.validation_errors),
        "warnings": list(record.warnings),
    }


def _share(share: Share) -> dict[str, Any]:
    return {
        "items": share.items,
        "domestic_count": share.domestic,
        "foreign_count": share.foreign,
        "unknown_origin_count": share.unknown,
        "domestic_share_count": share.domestic_share_count,
        "domestic_share_count_known": share.domestic_share_count_known,
        "domestic_share_count_bounds": _pair(share.domestic_share_count_bounds),
        "unknown_origin_share_count": share.unknown_share_count,
        **_spend(share),
    }


def _spend(share: Share) -> dict[str, Any]:
    return {
        "spend": money(share.spend),
        "domestic_spend": money(share.domestic_spend),
        "foreign_spend": money(share.foreign_spend),
        "unknown_origin_spend": money(share.unknown_spend),
        "domestic_share_spend": share.domestic_share_spend,
        "domestic_share_spend_known": share.domestic_share_spend_known,
        "domestic_share_spend_bounds": _pair(share.domestic_share_spend_bounds),
        "unknown_origin_share_spend": share.unknown_share_spend,
    }


def _by_sbom(report: AuditReport) -> dict[str, Any]:
    """Per SBOM subject (the product), its components' shares by count."""
    names = {audited.id: audited.item.name for audited in report.items}
    return {
        subject: {"product": names.get(subject), **_share(share)}
        for subject, share in report.summary.by_sbom.items()
    }


def _fx(summary: Summary) -> dict[str, Any] | None:
    """The rates table the user gave, and the rates the figures were converted at."""
    if summary.fx is None:
        return None
    return {
        "reporting_currency": summary.fx.reporting_currency,
        "source": summary.fx.source,
        "as_of": summary.fx.as_of,
        "rates_used": {code: rate_number(rate) for code, rate in summary.fx_rates_used.items()},
    }


def rate_number(rate: Decimal) -> int | float:
    return int(rate) if rate == rate.to_integral_value() else float(rate)


def _pair(bounds: tuple[float, float] | None) -> list[float] | None:
    return None if bounds is None else list(bounds)


def _item(audited: AuditedItem) -> dict[str, Any]:
    item, origin = audited.item, audited.origin
    return {
        "id": audited.id,
        "kind": item.kind.value,
        "name": item.name,
        "version": item.version,
        "model": item.model,
        "vendor": item.vendor,
        "vendor_field": item.vendor_field,
        "supplier": item.supplier,
        "origin_country": origin.country,
        "controlling_country": origin.controlling_country,
        "origin": audited.origin_class.value,
        "registry_vendor": origin.vendor_name,
        "registry_vendor_id": origin.vendor_id,
        "match_method": origin.method.value,
        "matched_on": origin.matched_on,
        "confidence": origin.confidence,
        "country_source": origin.source,
        "match_tier": origin.tier,
        "match_candidates": [candidate(c) for c in origin.candidates],
        "match_hints": list(origin.hints),
        "category": audited.category,
        "category_basis": audited.category_basis,
        "purl": item.purl,
        "cpe": item.cpe,
        "quantity": money(item.quantity),
        "unit_price": money(item.unit_price),
        "spend": money(item.spend),
        "currency": item.currency,
        "encryption_disclosure": item.encryption_disclosure,
        "encryption_disclosures_found": list(audited.disclosures),
        "encryption_features": list(audited.encryption_features),
        "stated_origin": item.stated_origin,
        "business_unit": item.business_unit,
        "sbom_reference": item.sbom_reference,
        "links": [{"item": link.item_id, "basis": link.basis} for link in audited.links],
        "group": item.group,
        "swid": item.swid,
        "hashes": list(item.hashes),
        "licenses": list(item.licenses),
        "properties": [list(pair) for pair in item.properties],
        "external_refs": [list(pair) for pair in item.external_refs],
        "parent_ref": item.parent_ref,
        "provenance": provenance(item.provenance),
    }


def candidate(found: Candidate) -> dict[str, Any]:
    """A vendor other evidence pointed to (a rival of the match, or an ambiguous similar name)."""
    return {
        "vendor_id": found.vendor_id,
        "vendor": found.vendor_name,
        "country": found.country,
        "method": found.method.value,
        "evidence": found.evidence,
        "score": found.score,
    }


def _service(service: Service) -> dict[str, Any]:
    return {
        "name": service.name,
        "version": service.version,
        "provider": service.provider,
        "endpoints": list(service.endpoints),
        "provenance": provenance(service.provenance),
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "item": finding.item_id,
        "provenance": provenance(finding.provenance),
        "evidence": list(finding.evidence),
        "remediation": finding.remediation,
        "status": None if finding.status is None else finding.status.value,
        "subject": finding.subject,
    }


def provenance(where: Provenance) -> dict[str, Any]:
    return {"file": where.file, "sheet": where.sheet, "row": where.row, "ref": where.ref}


def money(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: whole amounts as integers, others to the cent."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value.quantize(Decimal("0.01")))
