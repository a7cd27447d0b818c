"""The jurisdiction rules on hand-made items: prohibited vendors and minimum domestic shares."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sbom_audit.model import (
    UNKNOWN_ORIGIN,
    AuditedItem,
    FxRates,
    Item,
    ItemKind,
    MatchMethod,
    OriginMatch,
    Provenance,
    Severity,
)
from sbom_audit.policy.checks import origin_class, run_checks
from sbom_audit.policy.profile import Profile, load_profile, parse_profile

HUAWEI = OriginMatch(
    MatchMethod.NAME, "huawei", "Huawei Technologies Co., Ltd.", "CN", "CN", "Huawei", 1.0
)
HISILICON = OriginMatch(
    MatchMethod.ALIAS,
    "hisilicon",
    "HiSilicon Technologies Co., Ltd.",
    "CN",
    "CN",
    "HiSilicon",
    0.95,
)
SEPURA = OriginMatch(MatchMethod.NAME, "sepura", "Sepura Limited", "GB", "CN", "Sepura", 1.0)
H3C = OriginMatch(MatchMethod.NAME, "h3c", "New H3C Technologies Co., Ltd.", "CN", "CN", "H3C", 1.0)
CISCO = OriginMatch(MatchMethod.NAME, "cisco", "Cisco Systems, Inc.", "US", "US", "Cisco", 1.0)
QAX = OriginMatch(MatchMethod.NAME, "qianxin", "Qi An Xin", "CN", "CN", "Qi An Xin", 1.0)
HEADER = "name: t\ndomestic_jurisdictions: [CN]\nrules:\n"  # fmt: skip


def _audited(
    origin: OriginMatch, category: str | None, profile: Profile, *, number: int = 1,
    kind: ItemKind = ItemKind.PRODUCT, spend: int | None = None, currency: str | None = "CNY",
    file: str = "list.xlsx",
) -> AuditedItem:  # fmt: skip
    item = Item(
        kind=kind, name=f"thing {number}", vendor=origin.vendor_name,
        provenance=Provenance(file=file, sheet="S", row=number + 1),
        spend=Decimal(spend) if spend is not None else None, currency=currency,
    )  # fmt: skip
    return AuditedItem(f"I{number}", item, origin, origin_class(origin, profile), category, "test")


# prohibited-vendor


@pytest.fixture(scope="module")
def us() -> Profile:
    return load_profile("us-federal-889")


def test_us_profile_expands_the_prohibited_ids_to_registered_subsidiaries(us: Profile) -> None:
    settings = us.rules["prohibited-vendor"]
    assert settings.include_subsidiaries is True
    assert settings.prohibited == {
        "dahua": "dahua", "hikvision": "hikvision", "hisilicon": "huawei", "huawei": "huawei",
        "hytera": "hytera", "kaspersky": "kaspersky", "sepura": "hytera", "zte": "zte",
        "china-mobile-international-usa": "china-mobile-international-usa",
        "china-telecom-americas": "china-telecom-americas",
        "china-unicom-americas": "china-unicom-americas",
        "pacific-networks": "pacific-networks", "dji": "dji", "autel-robotics": "autel-robotics",
    }  # fmt: skip
    assert us.domestic_jurisdictions == {"US"}
    assert set(us.rules) == {"prohibited-vendor", "unknown-origin"}


def test_prohibited_vendor_and_its_subsidiaries_are_critical(us: Profile) -> None:
    items = [
        _audited(HUAWEI, "router", us, number=1),
        _audited(HISILICON, "chip", us, number=2),
        _audited(SEPURA, "radio", us, number=3),
        _audited(HUAWEI, "library", us, number=4, kind=ItemKind.COMPONENT),
        _audited(H3C, "switch", us, number=5),
        _audited(CISCO, "router", us, number=6),
    ]
    findings = run_checks(items, us)
    assert [(f.rule, f.severity, f.item_id) for f in findings] == [
        ("prohibited-vendor", Severity.CRITICAL, "I1"),
        ("prohibited-vendor", Severity.CRITICAL, "I2"),
        ("prohibited-vendor", Severity.CRITICAL, "I3"),
        ("prohibited-vendor", Severity.HIGH, "I4"),
    ]
    assert findings[0].message == (
        "Prohibited vendor: 'thing 1' by Huawei Technologies Co., Ltd. (CN) is made by Huawei "
        "Technologies Co., Ltd. [huawei], which the profile prohibits (vendor matched by name on "
        "'Huawei', confidence 1.00). Remove or replace it, or record the waiver that allows it."
    )
    assert "is made by a subsidiary or affiliate of Huawei Technologies Co., Ltd. [huawei]" in (
        findings[1].message
    )
    assert "by Sepura Limited (GB, controlled from CN) is made by a subsidiary or affiliate of " \
        "Hytera Communications Corporation Limited [hytera]" in findings[2].message  # fmt: skip
    assert findings[0].provenance == Provenance(file="list.xlsx", sheet="S", row=2)


def test_without_subsidiaries_only_the_listed_ids_are_prohibited() -> None:
    profile = parse_profile(
        HEADER + "  prohibited-vendor: {severity: critical, prohibited_vendors: [huawei]}\n", "p"
    )
    assert profile.rules["prohibited-vendor"].prohibited == {"huawei": "huawei"}
    items = [_audited(HUAWEI, "router", profile), _audited(HISILICON, "chip", profile, number=2)]
    assert [f.item_id for f in run_checks(items, profile)] == ["I1"]


def test_unknown_origin_is_reported_under_the_us_profile(us: Profile) -> None:
    findings = run_checks([_audited(UNKNOWN_ORIGIN, "video", us)], us)
    assert [(f.rule, f.severity) for f in findings] == [("unknown-origin", Severity.MEDIUM)]


# minimum-domestic-share


def _minimum_profile(entry: str, severity: str = "high") -> Profile:
    return parse_profile(
        HEADER + f"  minimum-domestic-share:\n    severity: {severity}\n"
        f"    minimum_domestic_share:\n      firewall: {entry}\n",
        "p",
    )


def _firewalls(profile: Profile, *, currency: str = "CNY") -> list[AuditedItem]:
    # 3 domestic (100 each), 1 foreign (500), 1 unknown (100): 5 items, spend 900
    return [
        _audited(QAX, "firewall", profile, number=1, spend=100),
        _audited(QAX, "firewall", profile, number=2, spend=100),
        _audited(QAX, "firewall", profile, number=3, spend=100, file="b.csv"),
        _audited(CISCO, "firewall", profile, number=4, spend=500, currency=currency),
        _audited(UNKNOWN_ORIGIN, "firewall", profile, number=5, spend=100),
        _audited(CISCO, "router", profile, number=6, spend=1000),
    ]


def test_a_category_below_its_minimum_gets_one_finding_with_the_figures() -> None:
    profile = _minimum_profile("{count: 0.75, spend: 0.5}")
    findings = run_checks(_firewalls(profile), profile)
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.rule, finding.severity, finding.item_id) == (
        "minimum-domestic-share", Severity.HIGH, "",
    )  # fmt: skip
    # 3 of 5 = 60% < 75%; 300 of 900 = 33.3% < 50%
    assert finding.message == (
        "Domestic share of Firewall (firewall): by item count 60.0% (3 of 5 items) is below "
        "the minimum of 75%; by spend 33.3% (300 of 900 CNY) is below the minimum of 50%. "
        "Note: 1 item(s) of unknown origin count as not domestic. Plan domestic replacements, "
        "or record why no domestic product fits."
    )
    assert finding.provenance == Provenance(file="b.csv, list.xlsx")


def test_a_share_equal_to_its_minimum_passes_and_only_the_failing_measure_is_named() -> None:
    profile = _minimum_profile("{count: 0.6, spend: 0.34, severity: low}")
    findings = run_checks(_firewalls(profile), profile)
    # count: 3 of 5 = 60%, not below 60%; spend: 300 of 900 = 33.3% < 34%
    assert [(f.severity, f.message) for f in findings] == [(
        Severity.LOW,
        "Domestic share of Firewall (firewall): by spend 33.3% (300 of 900 CNY) is below the "
        "minimum of 34%. Note: 1 item(s) of unknown origin count as not domestic. Plan domestic "
        "replacements, or record why no domestic product fits.",
    )]  # fmt: skip
    assert run_checks(_firewalls(profile)[:3], profile) == []  # 100% domestic


def test_spend_minimum_that_cannot_be_checked_is_an_info_finding() -> None:
    profile = _minimum_profile("{spend: 0.5}")
    findings = run_checks(_firewalls(profile, currency="USD"), profile)
    assert [(f.severity, f.message) for f in findings] == [(
        Severity.INFO,
        "Domestic share of Firewall (firewall): the minimum by spend (50%) cannot be checked: "
        "the items give no spend, or spend in more than one currency and no rates (--fx) to "
        "convert it; 1 item(s) of unknown origin count as not domestic.",
    )]  # fmt: skip


def test_spend_minimum_is_checked_at_the_users_exchange_rates() -> None:
    profile = _minimum_profile("{spend: 0.5}")
    rates = FxRates("CNY", {"USD": Decimal("7")}, source="rates.csv")
    findings = run_checks(_firewalls(profile, currency="USD"), profile, fx=rates)
    # the foreign firewall's 500 USD is 3,500 CNY: 300 domestic of 3,900 = 7.7% < 50%
    assert [(f.severity, f.message, f.subject) for f in findings] == [(
        Severity.HIGH,
        "Domestic share of Firewall (firewall): by spend 7.7% (300 of 3,900 CNY) is below the "
        "minimum of 50%. Note: 1 item(s) of unknown origin count as not domestic. Plan domestic "
        "replacements, or record why no domestic product fits.",
        "firewall",
    )]  # fmt: skip


def test_a_category_nobody_bought_passes() -> None:
    profile = _minimum_profile("{count: 1.0}")
    assert run_checks([_audited(CISCO, "router", profile)], profile) == []


# the shipped profiles


def test_cn_bank_keeps_its_rules_and_has_no_minimum_shares() -> None:
    profile = load_profile("cn-bank")
    assert list(profile.rules) == [
        "domestic-preference", "encryption-disclosure", "unknown-origin", "uncategorised",
    ]  # fmt: skip
    assert profile.rules["domestic-preference"].severity["product"] is Severity.MEDIUM
    assert profile.rules["encryption-disclosure"].severity["product"] is Severity.HIGH
    assert "network_isolation" in profile.rules["domestic-preference"].categories
    assert "server" not in profile.rules["domestic-preference"].categories


def test_cn_cii_extends_cn_bank_with_stricter_settings() -> None:
    bank, cii = load_profile("cn-bank"), load_profile("cn-cii")
    assert cii.lineage == ("built-in:cn-bank",)
    assert (cii.domestic_jurisdictions, cii.origin_by) == (
        bank.domestic_jurisdictions,
        bank.origin_by,
    )
    preference = cii.rules["domestic-preference"]
    assert preference.categories - bank.rules["domestic-preference"].categories == {
        "router", "switch", "server", "plc",
    }  # fmt: skip
    assert cii.rules["encryption-disclosure"].categories == (
        bank.rules["encryption-disclosure"].categories | {"hsm_crypto"}
    )
    minimums = cii.rules["minimum-domestic-share"].minimums
    assert set(minimums) == {
        "firewall",
        "ids_ips",
        "waf",
        "vpn",
        "av_edr",
        "security_audit",
        "hsm_crypto",
    }
    assert (minimums["firewall"].count, minimums["hsm_crypto"].spend) == (0.8, 1.0)


def test_cn_cii_findings_on_hand_made_items() -> None:
    cii = load_profile("cn-cii")
    items = [
        _audited(CISCO, "server", cii, number=1, spend=100),
        _audited(CISCO, "router", cii, number=2, spend=100),
        _audited(QAX, "firewall", cii, number=3, spend=100),
        _audited(CISCO, "firewall", cii, number=4, spend=100),
        _audited(UNKNOWN_ORIGIN, "storage", cii, number=5, spend=100),
    ]
    findings = run_checks(items, cii)
    assert [(f.rule, f.severity, f.item_id) for f in findings] == [
        ("domestic-preference", Severity.HIGH, "I1"),
        ("domestic-preference", Severity.HIGH, "I2"),
        ("encryption-disclosure", Severity.CRITICAL, "I2"),
        ("domestic-preference", Severity.HIGH, "I4"),
        ("encryption-disclosure", Severity.CRITICAL, "I4"),
        ("unknown-origin", Severity.HIGH, "I5"),
        ("minimum-domestic-share", Severity.HIGH, ""),
    ]
    # firewalls: 1 of 2 = 50% < 80%, spend 100 of 200 = 50% < 80%
    assert findings[-1].message.startswith(
        "Domestic share of Firewall (firewall): by item count 50.0% (1 of 2 items) is below the "
        "minimum of 80%; by spend 50.0% (100 of 200 CNY) is below the minimum of 80%."
    )
