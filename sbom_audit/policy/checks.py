"""The checks a profile switches on. They see only our own dataclasses, never files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sbom_audit.model import (
    AuditedItem,
    Finding,
    FxRates,
    ItemKind,
    OriginClass,
    OriginMatch,
    Severity,
)
from sbom_audit.policy.profile import Profile, RuleSettings
from sbom_audit.policy.remediation import domestic_preference_remediation
from sbom_audit.policy.schema import shipped_registry
from sbom_audit.policy.shares import category_label, minimum_share_findings
from sbom_audit.registry import Registry


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a check found about one item; the rule's severity and the item's provenance are
    added by `run_checks`."""

    message: str
    evidence: tuple[str, ...] = ()
    remediation: str | None = None
    escalate: bool = False  # one severity level above the rule's, for the most severe case


@dataclass(frozen=True, slots=True)
class Context:
    profile: Profile
    registry: Registry  # where remediation looks for domestic alternatives


def origin_class(origin: OriginMatch, profile: Profile) -> OriginClass:
    country = origin.controlling_country if profile.origin_by == "controlling_parent" else None
    country = country or origin.country
    if country is None:
        return OriginClass.UNKNOWN
    if country in profile.domestic_jurisdictions:
        return OriginClass.DOMESTIC
    return OriginClass.FOREIGN


def run_checks(
    items: Iterable[AuditedItem],
    profile: Profile,
    registry: Registry | None = None,
    fx: FxRates | None = None,
) -> list[Finding]:
    """The per-item findings in item order, then those about whole categories. Remediation
    names vendors from `registry` (default: the shipped registry)."""
    items = list(items)
    context = Context(profile, registry or shipped_registry())
    findings: list[Finding] = []
    for audited in items:
        for rule_id, check in _CHECKS.items():
            settings = profile.rule(rule_id)
            severity = settings.severity.get(audited.item.kind.value) if settings else None
            if settings is None or severity is None:
                continue
            for outcome in check(audited, settings, context):
                findings.append(_finding(rule_id, severity, audited, outcome))
    minimums = profile.rule("minimum-domestic-share")
    if minimums is not None:
        findings.extend(minimum_share_findings(items, minimums, fx))
    return findings


def _finding(rule_id: str, severity: Severity, audited: AuditedItem, outcome: Outcome) -> Finding:
    if outcome.escalate:
        severity = _one_level_up(severity)
    return Finding(
        rule_id,
        severity,
        audited.id,
        outcome.message,
        audited.item.provenance,
        evidence=(*_item_evidence(audited), *outcome.evidence),
        remediation=outcome.remediation,
    )


def _one_level_up(severity: Severity) -> Severity:
    levels = list(Severity)
    return levels[min(severity.rank + 1, len(levels) - 1)]


def _item_evidence(audited: AuditedItem) -> tuple[str, ...]:
    """The facts every finding about an item rests on: how its origin and category were told,
    and any disclosure found for it."""
    origin = audited.origin
    if origin.is_known:
        match = (
            f"origin: {origin.vendor_name} [{origin.vendor_id}] matched by {origin.method.value} "
            f"on {origin.matched_on!r}, confidence {origin.confidence:.2f}, tier {origin.tier}"
        )
    else:
        match = "origin: no registry match"
    category = f"category: {audited.category or 'none'} ({audited.category_basis})"
    disclosed = [f"encryption disclosure: {ref}" for ref in _disclosure_refs(audited)]
    return (match, category, *disclosed)


def _disclosure_refs(audited: AuditedItem) -> tuple[str, ...]:
    stated = audited.item.encryption_disclosure
    return (*((f"{stated} (stated in the input)",) if stated else ()), *audited.disclosures)


def _domestic_preference(
    audited: AuditedItem, settings: RuleSettings, context: Context
) -> Iterator[Outcome]:
    category = audited.category
    if audited.origin_class is OriginClass.FOREIGN and category in settings.categories:
        yield Outcome(
            f"Foreign security product {_describe(audited)}, category "
            f"{_label(category)}: the profile prefers domestic security products "
            "wherever possible. Record why no domestic product fits, or plan its replacement.",
            remediation=domestic_preference_remediation(
                category or "", context.registry, context.profile
            ),
        )


def _encryption_disclosure(
    audited: AuditedItem, settings: RuleSettings, context: Context
) -> Iterator[Outcome]:
    if (
        audited.origin_class is not OriginClass.FOREIGN
        or audited.category not in settings.categories
        or _disclosure_refs(audited)
    ):
        return
    crypto = audited.encryption_features
    features = (
        f" Its SBOM lists cryptographic components ({', '.join(crypto)}), so it has "
        "encryption features."
        if crypto
        else ""
    )
    yield Outcome(
        f"Foreign network product {_describe(audited)}, category "
        f"{_label(audited.category)}, has no encryption-disclosure reference: its vendor "
        f"must disclose to the regulator how its encryption features work.{features} Obtain "
        "the disclosure and record its reference.",
        evidence=tuple(f"cryptographic component: {name}" for name in crypto),
        remediation="Obtain the vendor's encryption disclosure and record its filing reference "
        "(a disclosure column, or a register given with --disclosures).",
        escalate=bool(crypto),
    )


def _unknown_origin(
    audited: AuditedItem, settings: RuleSettings, context: Context
) -> Iterator[Outcome]:
    if audited.origin_class is not OriginClass.UNKNOWN:
        return
    item = audited.item
    if item.vendor:
        yield Outcome(
            f"Origin unknown for {_describe(audited)}: vendor {item.vendor!r} matches no registry "
            "entry by CPE, purl, web domain or name. Establish the manufacturer's country and "
            "add it to a registry layer.",
            remediation="Add the vendor with its country and a public source to a registry "
            "layer (--registry DIR).",
        )
    else:
        yield Outcome(
            f"Origin unknown for {_describe(audited)}: the input names no manufacturer or "
            "supplier. Establish the manufacturer and its country.",
            remediation="Record the manufacturer in the input (a manufacturer column, or the "
            "SBOM's supplier or manufacturer field).",
        )


def _prohibited_vendor(
    audited: AuditedItem, settings: RuleSettings, context: Context
) -> Iterator[Outcome]:
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
    yield Outcome(
        f"Prohibited vendor: {_describe(audited)} is {relation}, which the profile prohibits "
        f"(vendor matched by {origin.method.value} on {origin.matched_on!r}, confidence "
        f"{origin.confidence:.2f}). Remove or replace it, or record the waiver that allows it.",
        remediation="Remove or replace the item, or record the waiver that allows it.",
    )


def _uncategorised(
    audited: AuditedItem, settings: RuleSettings, context: Context
) -> Iterator[Outcome]:
    if audited.category is not None:
        return
    yield Outcome(
        f"Category unknown for {_describe(audited)}: {audited.category_basis}. The category "
        "decides which rules apply (security products, network equipment), so the item "
        "cannot be checked against them. State its category.",
        remediation=_CATEGORY_REMEDIATION[audited.item.kind],
    )


_CATEGORY_REMEDIATION = {
    ItemKind.PRODUCT: "State the category in the spreadsheet's category column, in English or "
    "Chinese (e.g. Firewall or 防火墙).",
    ItemKind.SBOM_SUBJECT: "State the product's category in the procurement spreadsheet, or give "
    "the SBOM's product a type that names one (application, operating-system, firmware; "
    "device for hardware, whose name is then searched).",
    ItemKind.COMPONENT: "Give the component a CycloneDX type or SPDX primaryPackagePurpose that "
    "names a category (library, framework, application, operating-system, firmware).",
}


Check = Callable[[AuditedItem, RuleSettings, Context], Iterator[Outcome]]
_CHECKS: dict[str, Check] = {
    "domestic-preference": _domestic_preference,
    "encryption-disclosure": _encryption_disclosure,
    "unknown-origin": _unknown_origin,
    "prohibited-vendor": _prohibited_vendor,
    "uncategorised": _uncategorised,
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
