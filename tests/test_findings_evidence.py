"""Evidence, remediation and encryption features on hand-made items."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLE_CYCLONEDX, EXAMPLE_SPDX
from openpyxl import load_workbook

from sbom_audit.audit import audit_paths
from sbom_audit.model import (
    AuditedItem,
    Finding,
    Item,
    ItemKind,
    MatchMethod,
    OriginMatch,
    Provenance,
    Severity,
)
from sbom_audit.policy.checks import origin_class, run_checks
from sbom_audit.policy.crypto import crypto_library, encryption_features
from sbom_audit.policy.profile import Profile, load_profile
from sbom_audit.policy.remediation import domestic_alternatives
from sbom_audit.registry import Registry
from sbom_audit.report.document import report_document
from sbom_audit.report.excel import write_excel

CISCO = OriginMatch(
    MatchMethod.NAME, "cisco", "Cisco Systems", "US", "US", "Cisco", 1.0, tier="curated"
)
SBOM = "box.cdx.json"


def _audited(
    origin: OriginMatch, category: str, profile: Profile, *, kind: ItemKind = ItemKind.PRODUCT,
    features: tuple[str, ...] = (), disclosures: tuple[str, ...] = (),
) -> AuditedItem:  # fmt: skip
    item = Item(kind=kind, name="Edge box", vendor="Cisco", provenance=Provenance(file=SBOM))
    return AuditedItem(
        "I1", item, origin, origin_class(origin, profile), category, "stated as 'Firewall'",
        encryption_features=features, disclosures=disclosures,
    )  # fmt: skip


def _by_rule(findings: list[Finding]) -> dict[str, Finding]:
    return {finding.rule: finding for finding in findings}


def test_domestic_preference_names_domestic_vendors_of_the_category(
    profile: Profile, registry: Registry
) -> None:
    found = _by_rule(run_checks([_audited(CISCO, "firewall", profile)], profile, registry))
    preference = found["domestic-preference"]
    assert preference.evidence == (
        "origin: Cisco Systems [cisco] matched by name on 'Cisco', confidence 1.00, tier curated",
        "category: firewall (stated as 'Firewall')",
    )
    assert preference.remediation == (
        "Domestic Firewall vendors in the registry: Beijing Topsec Network Security Technology, "
        "Hangzhou DPtech Technologies, Hillstone Networks, Huawei Technologies, Maipu "
        "Communication Technology, New H3C Technologies, NSFOCUS Technologies Group, Qi An Xin "
        "Technology Group (and 6 more)"
    )


def test_alternatives_count_by_controlling_parent_and_only_curated(
    profile: Profile, registry: Registry
) -> None:
    names = domestic_alternatives("hsm_crypto", registry, profile)
    assert names == [
        "Jilin University Zhengyuan Information Technologies", "Sansec Technology",
        "中电科网络安全科技", "北京信安世纪科技", "北京数字认证", "格尔软件",
    ]  # fmt: skip
    us = load_profile("us-federal-889")
    assert "Cisco Systems" in domestic_alternatives("firewall", registry, us)
    assert "Huawei Technologies" not in domestic_alternatives("firewall", registry, us)


@pytest.mark.parametrize(
    ("name", "purl", "library"),
    [
        ("openssl", None, "OpenSSL"),
        ("libssl3", None, "OpenSSL"),
        ("mbed TLS", None, "mbed TLS"),
        ("whatever", "pkg:maven/org.bouncycastle/bcprov-jdk18on@1.77?type=jar", "Bouncy Castle"),
        ("libgnutls30", None, "GnuTLS"),
        ("libsodium", None, "libsodium"),
        ("nss", None, "NSS"),
        ("libgcrypt20", None, "libgcrypt"),
        ("botan", None, "Botan"),
        ("cryptopp", None, "Crypto++"),
        ("wolfssl", None, "wolfSSL"),
        ("zlib", "pkg:github/madler/zlib@v1.3.1", None),
        ("openssl-wrapper-docs", None, None),
    ],
)
def test_crypto_libraries_by_name_or_purl(name: str, purl: str | None, library: str | None) -> None:
    item = Item(ItemKind.COMPONENT, name, Provenance(file=SBOM), purl=purl)
    assert crypto_library(item) == library


def test_encryption_features_per_sbom_file_with_cryptographic_assets() -> None:
    def component(name: str, file: str, category: str | None = None) -> Item:
        return Item(ItemKind.COMPONENT, name, Provenance(file=file), category_text=category)

    items = [
        Item(ItemKind.SBOM_SUBJECT, "Box", Provenance(file="a.json")),
        component("openssl", "a.json"),
        component("TLS key", "a.json", "cryptographic-asset"),
        component("zlib", "b.json"),
        Item(ItemKind.PRODUCT, "openssl", Provenance(file="list.csv")),  # not a component
    ]
    assert encryption_features(items) == {
        "a.json": ("TLS key (CycloneDX cryptographic-asset)", "openssl (OpenSSL)")
    }


def test_foreign_network_product_with_encryption_features_is_one_level_more_severe(
    profile: Profile,
) -> None:
    crypto = ("openssl 3.0.13 (OpenSSL)",)
    subject = _audited(CISCO, "router", profile, kind=ItemKind.SBOM_SUBJECT, features=crypto)
    [finding] = run_checks([subject], profile)
    assert (finding.rule, finding.severity) == ("encryption-disclosure", Severity.CRITICAL)
    assert finding.evidence[-1] == "cryptographic component: openssl 3.0.13 (OpenSSL)"
    assert "lists cryptographic components (openssl 3.0.13 (OpenSSL))" in finding.message
    plain = _audited(CISCO, "router", profile, kind=ItemKind.SBOM_SUBJECT)
    assert [f.severity for f in run_checks([plain], profile)] == [Severity.HIGH]
    cii = load_profile("cn-cii")  # critical already: stays critical
    escalated = _audited(CISCO, "router", cii, kind=ItemKind.SBOM_SUBJECT, features=crypto)
    assert _by_rule(run_checks([escalated], cii))["encryption-disclosure"].severity == (
        Severity.CRITICAL
    )


def test_a_disclosure_from_the_register_counts_and_is_evidence(profile: Profile) -> None:
    disclosed = _audited(
        CISCO, "firewall", profile, disclosures=("ENC-9 (register.csv row 2, 2026-03-01)",)
    )
    findings = _by_rule(run_checks([disclosed], profile))
    assert set(findings) == {"domestic-preference"}
    assert findings["domestic-preference"].evidence[-1] == (
        "encryption disclosure: ENC-9 (register.csv row 2, 2026-03-01)"
    )


def test_example_sbom_subjects_record_their_crypto_components(
    profile: Profile, registry: Registry, tmp_path: Path
) -> None:
    report = audit_paths([EXAMPLE_CYCLONEDX, EXAMPLE_SPDX], profile, registry)
    document = report_document(report)
    subjects = {i["name"]: i["encryption_features"] for i in document["items"]
                if i["kind"] == "sbom-subject"}  # fmt: skip
    assert subjects == {
        "TongWeb": ["bcprov-jdk18on 1.77 (Bouncy Castle)", "openssl 3.0.13 (OpenSSL)"],
        "Tianqing Endpoint Agent": ["mbedtls 3.5.2 (mbed TLS)", "openssl 3.0.13 (OpenSSL)"],
    }
    finding = document["findings"][0]
    assert list(finding)[-4:] == ["evidence", "remediation", "status", "subject"]
    assert finding["evidence"][0].startswith("origin: ")
    target = tmp_path / "r.xlsx"
    write_excel(report, target)
    rows = list(load_workbook(target)["Findings"].iter_rows(values_only=True))
    assert rows[0][-2:] == ("Evidence", "Remediation")
    assert rows[1][-2] == "; ".join(finding["evidence"])
    assert json.dumps(document)  # still plain JSON
