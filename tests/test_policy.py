"""Checks and figures on hand-made items: no files, no registry."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CN, US

from sbom_audit.errors import PolicyError
from sbom_audit.model import (
    UNKNOWN_ORIGIN,
    AuditedItem,
    Item,
    ItemKind,
    MatchMethod,
    OriginClass,
    OriginMatch,
    Provenance,
    Severity,
)
from sbom_audit.policy.checks import origin_class, run_checks
from sbom_audit.policy.metrics import summarise
from sbom_audit.policy.profile import builtin_profiles, load_profile, parse_profile

# a foreign group's subsidiary registered in China
CN_SUBSIDIARY_OF_FI = OriginMatch(MatchMethod.ALIAS, "nsb", "Nokia Shanghai Bell", "CN", "FI")


def _audited(
    origin: OriginMatch, category: str | None, *, kind: ItemKind = ItemKind.PRODUCT,
    spend: int | None = None, currency: str | None = "CNY", disclosure: str | None = None,
    profile_name: str = "cn-bank", number: int = 1,
) -> AuditedItem:  # fmt: skip
    item = Item(
        kind=kind, name=f"thing {number}", vendor=origin.vendor_name or "Nobody Ltd",
        provenance=Provenance(file="list.xlsx", sheet="S", row=number + 1),
        spend=Decimal(spend) if spend is not None else None, currency=currency,
        encryption_disclosure=disclosure,
    )  # fmt: skip
    profile = load_profile(profile_name)
    return AuditedItem(f"I{number}", item, origin, origin_class(origin, profile), category, "test")


def test_origin_class_follows_the_controlling_parent_in_cn_bank(profile) -> None:
    assert origin_class(CN, profile) is OriginClass.DOMESTIC
    assert origin_class(US, profile) is OriginClass.FOREIGN
    assert origin_class(CN_SUBSIDIARY_OF_FI, profile) is OriginClass.FOREIGN
    assert origin_class(UNKNOWN_ORIGIN, profile) is OriginClass.UNKNOWN


def test_origin_class_by_own_country_when_the_profile_says_so(tmp_path: Path) -> None:
    own = parse_profile("name: t\ndomestic_jurisdictions: [CN]\norigin_by: own\n", "t")
    assert origin_class(CN_SUBSIDIARY_OF_FI, own) is OriginClass.DOMESTIC


def test_foreign_firewall_without_disclosure_gets_both_findings(profile) -> None:
    findings = run_checks([_audited(US, "firewall")], profile)
    assert [(f.rule, f.severity) for f in findings] == [
        ("domestic-preference", Severity.MEDIUM),
        ("encryption-disclosure", Severity.HIGH),
    ]
    assert findings[0].message.startswith(
        "Foreign security product 'thing 1' by Cisco Systems (US), category Firewall"
    )
    assert findings[1].provenance == Provenance(file="list.xlsx", sheet="S", row=2)


def test_a_disclosure_reference_satisfies_the_disclosure_rule(profile) -> None:
    findings = run_checks([_audited(US, "router", disclosure="ENC-1")], profile)
    assert findings == []


def test_domestic_and_non_security_items_raise_nothing(profile) -> None:
    assert run_checks([_audited(CN, "firewall"), _audited(US, "server")], profile) == []


def test_unknown_origin_severity_depends_on_the_kind_of_item(profile) -> None:
    product = _audited(UNKNOWN_ORIGIN, "vpn")
    component = _audited(UNKNOWN_ORIGIN, "library", kind=ItemKind.COMPONENT, number=2)
    findings = run_checks([product, component], profile)
    assert [(f.rule, f.severity, f.item_id) for f in findings] == [
        ("unknown-origin", Severity.MEDIUM, "I1"),
        ("unknown-origin", Severity.LOW, "I2"),
    ]
    assert "vendor 'Nobody Ltd' matches no registry entry" in findings[0].message


def test_shares_by_count_and_spend_overall_and_by_category() -> None:
    items = [
        _audited(CN, "firewall", spend=300, number=1),
        _audited(US, "firewall", spend=100, number=2),
        _audited(UNKNOWN_ORIGIN, "router", spend=100, number=3),
        _audited(CN, "router", spend=None, number=4),
    ]
    summary = summarise(items, [])
    overall = summary.overall
    assert (overall.items, overall.domestic, overall.foreign, overall.unknown) == (4, 2, 1, 1)
    assert overall.domestic_share_count == 0.5
    assert overall.unknown_share_count == 0.25
    assert overall.spend == 500
    assert overall.domestic_share_spend == 0.6
    assert overall.unknown_share_spend == 0.2
    assert summary.by_category["firewall"].domestic_share_spend == 0.75
    assert summary.by_category["router"].domestic_share_count == 0.5
    assert summary.currency == "CNY"


def test_mixed_currencies_leave_spend_shares_out_rather_than_wrong() -> None:
    items = [_audited(CN, "server", spend=1, number=1),
             _audited(US, "server", spend=1, currency="USD", number=2)]  # fmt: skip
    summary = summarise(items, [])
    assert summary.currencies == ("CNY", "USD")
    assert summary.currency is None
    assert summary.overall.spend is None
    assert summary.overall.domestic_share_spend is None
    assert summary.overall.domestic_share_count == 0.5


def test_no_items_give_no_shares() -> None:
    assert summarise([], []).overall.domestic_share_count is None


def test_builtin_profiles_load() -> None:
    assert "cn-bank" in builtin_profiles()
    profile = load_profile()
    assert profile.name == "cn-bank"
    assert profile.domestic_jurisdictions == {"CN"}
    assert "router" in profile.rules["encryption-disclosure"].categories
    assert "Decree 745" in profile.rules["domestic-preference"].basis


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: t\ndomestic_jurisdictions: [XX]\n", "'XX' is not an ISO 3166-1"),
        ("name: t\n", "domestic_jurisdictions must list"),
        ("domestic_jurisdictions: [CN]\n", "missing required text field 'name'"),
        ("name: t\ndomestic_jurisdictions: [CN]\nrules: {nonsense: {}}\n", "unknown rule"),
        ("name: t\ndomestic_jurisdictions: [CN]\nrules: {unknown-origin: {severity: dire}}\n", "severity 'dire'"),
        ("name: t\ndomestic_jurisdictions: [CN]\nrules: {domestic-preference: {categories: [toaster]}}\n", "unknown category"),
        ("name: [\n", "not valid YAML"),
    ],
)  # fmt: skip
def test_invalid_profiles_are_refused(text: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        parse_profile(text, "p.yaml")


def test_unknown_profile_name_lists_the_builtin_ones() -> None:
    with pytest.raises(PolicyError, match="built-in profiles: cn-bank"):
        load_profile("no-such-profile")
