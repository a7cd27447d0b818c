"""The category of each item and its basis: stated, SBOM type, name keywords, registry."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import EXAMPLE_SPREADSHEET
from hypothesis import given, settings
from hypothesis import strategies as st

from sbom_audit.ingest import load_input
from sbom_audit.model import (
    UNKNOWN_ORIGIN,
    AuditedItem,
    Item,
    ItemKind,
    MatchMethod,
    OriginMatch,
    Provenance,
    Severity,
)
from sbom_audit.policy.categorise import SBOM_TYPES, categorise
from sbom_audit.policy.checks import origin_class, run_checks
from sbom_audit.policy.profile import load_profile
from sbom_audit.registry import Matcher, Registry
from sbom_audit.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()


def _row(name: str, category: str | None = None, model: str | None = None) -> Item:
    provenance = Provenance("list.xlsx", sheet="S", row=2)
    return Item(ItemKind.PRODUCT, name, provenance, model=model, category_text=category)


def _sbom_item(name: str, type_: str | None, kind: ItemKind = ItemKind.COMPONENT) -> Item:
    return Item(kind, name, Provenance("p.cdx.json", ref="c1"), category_text=type_)


def _origin(registry: Registry, vendor_id: str | None) -> OriginMatch:
    if vendor_id is None:
        return UNKNOWN_ORIGIN
    vendor = registry.vendors[vendor_id]
    return OriginMatch(MatchMethod.NAME, vendor.id, vendor.name, vendor.country, None, "x", 1.0)


def _categorise(
    registry: Registry, item: Item, vendor_id: str | None = None, sbom_format: str | None = None
) -> tuple[str | None, str]:
    return categorise(item, _origin(registry, vendor_id), registry, TAXONOMY, sbom_format)


# (a) the spreadsheet's category column


@pytest.mark.parametrize(
    ("category", "code", "basis"),
    [
        ("防火墙", "firewall", "stated as '防火墙'"),
        ("路由器 Router", "router", "stated as '路由器 Router'"),
        ("Network switch", "switch",
         "category 'Network switch' not recognised as a whole; keyword 'switch' in it"),
        ("核心交换机设备", "switch",
         "category '核心交换机设备' not recognised as a whole; keyword '核心交换机' in it"),
        ("路由器 Firewall", None, "category '路由器 Firewall' names several categories (router, firewall)"),
    ],
)  # fmt: skip
def test_a_stated_category(registry: Registry, category: str, code: str | None, basis: str) -> None:
    # the name would say otherwise: the stated category wins
    assert _categorise(registry, _row("Core router", category)) == (code, basis)


def test_an_unrecognised_category_is_kept_in_the_basis_of_a_name_inference(
    registry: Registry,
) -> None:
    assert _categorise(registry, _row("核心交换机 Core switch", "网络设备"), "huawei") == (
        "switch",
        "category '网络设备' not recognised; name keywords '核心交换机', 'core switch'",
    )


# (b) the SBOM's component type or package purpose


@pytest.mark.parametrize(
    ("type_", "sbom_format", "code", "basis"),
    [
        ("library", "cyclonedx-json", "library", "CycloneDX type 'library'"),
        ("framework", "cyclonedx-xml", "library", "CycloneDX type 'framework'"),
        ("application", "cyclonedx-json", "software", "CycloneDX type 'application'"),
        ("firmware", "cyclonedx-json", "firmware", "CycloneDX type 'firmware'"),
        ("cryptographic-asset", "cyclonedx-json", "crypto_asset",
         "CycloneDX type 'cryptographic-asset'"),
        ("operating-system", "spdx-json", "os", "SPDX purpose 'operating-system'"),
        ("container", "spdx-tag-value", "software", "SPDX purpose 'container'"),
    ],
)  # fmt: skip
def test_an_sbom_type_that_names_a_category(
    registry: Registry, type_: str, sbom_format: str, code: str, basis: str
) -> None:
    # "firewall" in the name is not looked at: the type names the category
    item = _sbom_item("firewall-rules", type_)
    assert _categorise(registry, item, sbom_format=sbom_format) == (code, basis)


def test_without_the_format_an_spdx_ref_tells_spdx(registry: Registry) -> None:
    item = replace(_sbom_item("glibc", "library"), provenance=Provenance("d", ref="SPDXRef-1"))
    assert _categorise(registry, item) == ("library", "SPDX purpose 'library'")
    assert _categorise(registry, _sbom_item("glibc", "library"))[1] == "CycloneDX type 'library'"


def test_sbom_type_codes_are_taxonomy_codes() -> None:
    assert set(SBOM_TYPES.values()) <= set(TAXONOMY.categories)


@pytest.mark.parametrize(
    ("name", "type_", "basis"),
    [
        ("react-router", "file", "CycloneDX type 'file' names no category; names in an SBOM "
         "are not searched for keywords"),
        ("vue-router", None, "no CycloneDX type given; names in an SBOM are not searched for "
         "keywords"),
    ],
)  # fmt: skip
def test_a_component_name_is_not_a_product_name(
    registry: Registry, name: str, type_: str | None, basis: str
) -> None:
    assert _categorise(registry, _sbom_item(name, type_), "cisco") == (None, basis)


def test_a_device_is_categorised_by_its_name(registry: Registry) -> None:
    item = _sbom_item("AR6300 enterprise router", "device", ItemKind.SBOM_SUBJECT)
    assert _categorise(registry, item, "huawei") == (
        "router",
        "CycloneDX type 'device'; name keyword 'router'",
    )


def test_an_sbom_subject_without_a_type_goes_by_its_vendor(registry: Registry) -> None:
    item = _sbom_item("TongWeb", None, ItemKind.SBOM_SUBJECT)
    assert _categorise(registry, item, "tongtech", "spdx-json") == (
        "middleware",
        "no SPDX purpose given; names in an SBOM are not searched for keywords; "
        "registry: Beijing Tongtech Co., Ltd. makes only middleware",
    )
    hello = _sbom_item("hello-server", None, ItemKind.SBOM_SUBJECT)
    assert _categorise(registry, hello, None, "spdx-json") == (
        None,
        "no SPDX purpose given; names in an SBOM are not searched for keywords; "
        "no registry vendor matched",
    )


# (c) name keywords


@pytest.mark.parametrize(
    ("name", "model", "code", "basis"),
    [
        ("服务器密码机", "SJJ1012-A", "hsm_crypto", "no category given; name keyword '服务器密码机'"),
        ("应用服务器中间件", None, "middleware",
         "no category given; name keywords '应用服务器', '中间件'"),
        ("Web应用防火墙", None, "waf", "no category given; name keyword 'web应用防火墙'"),
        ("边界防护", "NGFW4000-UF", "firewall", "no category given; name keyword 'ngfw'"),
        ("Windows Server 2022 Datacenter", None, "os",
         "no category given; name keyword 'windows server'"),
        ("Scalar i6 tape library", None, "storage", "no category given; name keyword 'tape library'"),
    ],
)  # fmt: skip
def test_one_category_in_the_name(
    registry: Registry, name: str, model: str | None, code: str, basis: str
) -> None:
    assert _categorise(registry, _row(name, model=model)) == (code, basis)


@pytest.mark.parametrize(
    "name",
    [
        "CA Service Desk",  # CA Technologies, not a certificate authority
        "Ultrasharp 24 IPS monitor",  # an IPS display panel
        "Antenna 20 dB",
        "OS-6860E-48",  # a model number
        "Zynq SoC board",
        "Wireless mouse M720",
        "Document camera",
        "firewalld serverless routerboard",  # fragments of longer words
    ],
)
def test_short_and_ambiguous_tokens_are_not_name_keywords(registry: Registry, name: str) -> None:
    assert TAXONOMY.keywords(name) == ()
    code, basis = _categorise(registry, _row(name))
    assert code is None
    assert basis == "no category given; name has no category keyword; no registry vendor matched"


def test_several_categories_in_the_name_are_narrowed_by_the_vendor(registry: Registry) -> None:
    item = _row("服务器防病毒 Server antivirus (per server)")
    assert _categorise(registry, item, "trend-micro") == (
        "av_edr",
        "no category given; name keywords '服务器', '防病毒', 'server', 'antivirus' "
        "(server, av_edr); of these Trend Micro Incorporated makes av_edr",
    )


@pytest.mark.parametrize(
    ("name", "vendor_id", "basis"),
    [
        ("负载均衡与应用防护 ADC with WAF", "f5",
         "no category given; name keywords '负载均衡', 'waf' name several categories "
         "(load_balancer, waf); the registry does not narrow them (F5, Inc. makes "
         "load_balancer, waf, vpn)"),
        ("Router and switch bundle", None,
         "no category given; name keywords 'router', 'switch' name several categories "
         "(router, switch); no registry vendor matched"),
        # the registry does not record firmware, so it cannot rule it out
        ("NetEngine router firmware", "huawei",
         "no category given; name keywords 'router', 'firmware' name several categories "
         "(router, firmware); the registry does not narrow them (Huawei Technologies Co., Ltd. "
         "makes router, switch, wlan, optical, telecom, firewall, server, storage, database, "
         "os, cloud, chip)"),
        # the name and the registry disagree
        ("Exchange Server 2019", "microsoft",
         "no category given; name keyword 'server' (server), but the registry lists Microsoft "
         "Corporation only for os, database, cloud, av_edr, software"),
    ],
)  # fmt: skip
def test_a_name_that_does_not_settle_the_category_is_reported(
    registry: Registry, name: str, vendor_id: str | None, basis: str
) -> None:
    assert registry.vendors["huawei"].name == "Huawei Technologies Co., Ltd."
    assert _categorise(registry, _row(name), vendor_id) == (None, basis)


# (d) the registry's categories for the vendor


def test_a_vendor_that_makes_one_category(registry: Registry) -> None:
    assert _categorise(registry, _row("Kylin V10 SP3"), "kylin-software") == (
        "os",
        "no category given; name has no category keyword; registry: 麒麟软件有限公司 makes only os",
    )


def test_a_vendor_that_makes_several(registry: Registry) -> None:
    assert _categorise(registry, _row("FortiGate-600F"), "fortinet") == (
        None,
        "no category given; name has no category keyword; registry: Fortinet, Inc. makes "
        "several (firewall, vpn, ids_ips, waf, av_edr, switch, wlan)",
    )


def test_a_vendor_the_registry_knows_only_by_its_oui_registration(registry: Registry) -> None:
    item = replace(_row("ESP32-S3 module"), vendor="Espressif Inc.")
    origin = Matcher(registry).match(item)
    assert origin.tier == "oui"
    assert categorise(item, origin, registry, TAXONOMY) == (
        None,
        "no category given; name has no category keyword; registry lists no categories for "
        f"{origin.vendor_name} (tier oui)",
    )


def test_an_open_source_organisation_does_not_say_what_it_makes(registry: Registry) -> None:
    code, basis = _categorise(registry, _row("tools-java"), "linux-foundation")
    assert code is None
    assert basis.endswith("registry lists The Linux Foundation only as an open-source organisation")


# the example: the names alone give the stated categories


def test_the_example_rows_names_give_their_stated_categories(registry: Registry) -> None:
    matcher = Matcher(registry)
    differ = []
    for item in load_input(EXAMPLE_SPREADSHEET).items:
        origin = matcher.match(item)
        stated, _ = categorise(item, origin, registry, TAXONOMY)
        named, _ = categorise(replace(item, category_text=None), origin, registry, TAXONOMY)
        if named != stated:
            differ.append((item.name, stated, named))
    # an ADC with a WAF is both: the name cannot tell, and F5 makes both
    assert differ == [("负载均衡与应用防护 ADC with WAF", "waf", None)]


# the rule


def test_an_uncategorised_product_gets_a_low_finding_with_the_basis(registry: Registry) -> None:
    profile = load_profile("cn-bank")
    item = _row("FortiGate-600F")
    origin = _origin(registry, "fortinet")
    code, basis = categorise(item, origin, registry, TAXONOMY)
    audited = AuditedItem("I1", item, origin, origin_class(origin, profile), code, basis)
    component = replace(audited, id="I2", item=replace(item, kind=ItemKind.COMPONENT))
    findings = [f for f in run_checks([audited, component], profile) if f.rule == "uncategorised"]
    assert [(f.item_id, f.severity) for f in findings] == [("I1", Severity.LOW)]
    assert findings[0].message == (
        "Category unknown for 'FortiGate-600F' by Fortinet, Inc. (US): no category given; name "
        "has no category keyword; registry: Fortinet, Inc. makes several (firewall, vpn, ids_ips, "
        "waf, av_edr, switch, wlan). The category decides which rules apply (security products, "
        "network equipment), so the item cannot be checked against them. State its category."
    )
    assert findings[0].remediation is not None
    assert "category column" in findings[0].remediation
    cii = [f for f in run_checks([audited], load_profile("cn-cii")) if f.rule == "uncategorised"]
    assert [f.severity for f in cii] == [Severity.MEDIUM]


# never raises, never invents a code


@settings(max_examples=300)
@given(
    name=st.text(max_size=30),
    model=st.none() | st.text(max_size=12),
    category=st.none() | st.text(max_size=20) | st.sampled_from([*SBOM_TYPES, "device"]),
    kind=st.sampled_from(list(ItemKind)),
    vendor_id=st.sampled_from([None, "huawei", "kylin-software", "apache", "f5", "microsoft"]),
)
def test_categorise_never_raises_and_gives_a_taxonomy_code(
    registry: Registry,
    name: str,
    model: str | None,
    category: str | None,
    kind: ItemKind,
    vendor_id: str | None,
) -> None:
    item = replace(_row(name, category, model), kind=kind)
    code, basis = _categorise(registry, item, vendor_id)
    assert code is None or code in TAXONOMY.categories
    assert code != "open_source"
    assert basis
