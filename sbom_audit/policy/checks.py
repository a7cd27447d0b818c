"""The checks a profile switches on. They see only our own dataclasses, never files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from sbom_audit.model import AuditedItem, Finding, OriginClass, OriginMatch
from sbom_audit.policy.profile import Profile, RuleSettings
from sbom_audit.policy.shares import category_label, minimum_share_findings


def origin_class(origin: OriginMatch, profile: Profile) -> OriginClass:
    country = origin.controlling_country if profile.origin_by == "controlling_parent" else None
    country = country or origin.country
    if country is None:
        return OriginClass.UNKNOWN
    if country in profile.domestic_jurisdictions:
        return OriginClass.DOMESTIC
    return OriginClass.FOREIGN


def run_checks(items: Iterable[AuditedItem], profile: Profile) -> list[Finding]:
    """The per-item findings in item order, then those about whole categories."""
    items = list(items)
    findings: list[Finding] = []
    for audited in items:
        for rule_id, check in _CHECKS.items():
            settings = profile.rule(rule_id)
            if settings is None:
                continue
            for message in check(audited, settings):
                severity = settings.severity.get(audited.item.kind.value)
                if severity is not None:
                    findings.append(
                        Finding(rule_id, severity, audited.id, message, audited.item.provenance)
                    )
    minimums = profile.rule("minimum-domestic-share")
    if minimums is not None:
        findings.extend(minimum_share_findings(items, minimums))
    return findings


def _domestic_preference(audited: AuditedItem, settings: RuleSettings) -> Iterator[str]:
    if audited.origin_class is OriginClass.FOREIGN and audited.category in settings.categories:
        yield (
            f"Foreign security product {_describe(audited)}, category "
            f"{_label(audited.category)}: the profile prefers domestic security products "
            "wherever possible. Record why no domestic product fits, or plan its replacement."
        )


def _encryption_disclosure(audited: AuditedItem, settings: RuleSettings) -> Iterator[str]:
    if (
        audited.origin_class is OriginClass.FOREIGN
        and audited.category in settings.categories
        and not audited.item.encryption_disclosure
    ):
        yield (
            f"Foreign network product {_describe(audited)}, category "
            f"{_label(audited.category)}, has no encryption-disclosure reference: its vendor "
            "must disclose to the regulator how its encryption features work. Obtain the "
            "disclosure and record its reference."
        )


def _unknown_origin(audited: AuditedItem, settings: RuleSettings) -> Iterator[str]:
    if audited.origin_class is not OriginClass.UNKNOWN:
        return
    item = audited.item
    if item.vendor:
        yield (
            f"Origin unknown for {_describe(audited)}: vendor {item.vendor!r} matches no registry "
            "entry by CPE, purl, web domain or name. Establish the manufacturer's country and "
            "add it to a registry layer."
        )
    else:
        yield (
            f"Origin unknown for {_describe(audited)}: the input names no manufacturer or "
            "supplier. Establish the manufacturer and its country."
        )


def _prohibited_vendor(audited: AuditedItem, settings: RuleSettings) -> Iterator[str]:
    origin = audited.origin
    banned = settings.prohibited.get(origin.vendor_id or "")
    if banned is None:
        return
    owner = f"{settings.names[banned]} [{banned}]"
    relation = (
        f"made by {owner}"
        if banned == origin.vendor_id
        else f"made by a subsidiary or affiliate of {owner}"
    )
    yield (
        f"Prohibited vendor: {_describe(audited)} is {relation}, which the profile prohibits "
        f"(vendor matched by {origin.method.value} on {origin.matched_on!r}, confidence "
        f"{origin.confidence:.2f}). Remove or replace it, or record the waiver that allows it."
    )


_CHECKS: dict[str, Callable[[AuditedItem, RuleSettings], Iterator[str]]] = {
    "domestic-preference": _domestic_preference,
    "encryption-disclosure": _encryption_disclosure,
    "unknown-origin": _unknown_origin,
    "prohibited-vendor": _prohibited_vendor,
}


def _label(category: str | None) -> str:
    return category_label(category)


def _describe(audited: AuditedItem) -> str:
    item = audited.item
    text = repr(item.name)
    if item.model:
        text += f" (model {item.model})"
    elif item.version:
        text += f" {item.version}"
    origin = audited.origin
    if origin.vendor_name:
        country = origin.country
        if origin.controlling_country and origin.controlling_country != origin.country:
            country = f"{origin.country}, controlled from {origin.controlling_country}"
        text += f" by {origin.vendor_name} ({country})"
    return text
