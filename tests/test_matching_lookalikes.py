"""Precision on the shipped registry: look-alike names of different companies, misspellings,
and arbitrary input (matching never raises)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sbom_audit.model import Item, ItemKind, MatchMethod, OriginMatch, Provenance
from sbom_audit.registry import Matcher, Registry


@pytest.fixture(scope="module")
def matcher(registry: Registry) -> Matcher:
    return Matcher(registry)


def _match(matcher: Matcher, **fields: object) -> OriginMatch:
    item = Item(kind=ItemKind.COMPONENT, name="x", provenance=Provenance("t"), **fields)  # type: ignore[arg-type]
    return matcher.match(item)


@pytest.mark.parametrize(
    ("vendor", "vendor_id", "country"),
    [
        ("Juniper Networks, Inc.", "juniper", "US"),
        ("HP Inc.", "hp-inc", "US"),
        ("Hewlett Packard Enterprise", "hpe", "US"),
        ("Kylin Software", "kylin-software", "CN"),
        ("银河麒麟", "kylin-software", "CN"),
        ("Motorola Mobility LLC", "motorola-mobility", "US"),  # controlled from CN (Lenovo)
        ("Motorola Solutions, Inc.", "motorola-solutions", "US"),
        ("ZTE Corporation", "zte", "CN"),
        ("Huawei Device Co., Ltd.", "huawei", "CN"),  # raw-name WRatio once said Hikvision
        ("Hangzhou Hikvision Digital Technology Co., Ltd.", "hikvision", "CN"),
        ("杭州安恒信息技术股份有限公司", "dbappsecurity", "CN"),
        ("Huawei Technologie", "huawei", "CN"),  # misspelt: a similar name
    ],
)
def test_the_right_vendor(matcher: Matcher, vendor: str, vendor_id: str, country: str) -> None:
    origin = _match(matcher, vendor=vendor)
    assert (origin.vendor_id, origin.country) == (vendor_id, country)


@pytest.mark.parametrize(
    ("vendor", "not_these"),
    [
        ("Juniper Systems", {"juniper"}),
        ("HP Enterprise Services", {"hp-inc"}),
        ("Apache Kylin", {"kylin-software"}),
        ("Ubuntu Kylin", {"kylin-software"}),
        ("openKylin", {"kylin-software"}),
        ("Kylin", {"kylin-software"}),
        ("Aztech", {"zte"}),
        ("Aztech Systems", {"zte"}),
        ("Echo360", {"qihoo-360", "qianxin"}),
        ("Motorola", {"lenovo", "motorola-solutions"}),  # a brand two countries share
        ("Juniper Network Systems", {"juniper"}),
        ("Initel srl", {"intel"}),  # one letter more than a short name: another firm
        ("Ixonos Plc", {"ionos"}),
        ("Cadre Technologies", {"broadcom"}),  # "CA Technologies" + a long shared word
        ("Eterna Technology", {"tenda"}),
    ],
)
def test_never_the_look_alike(matcher: Matcher, vendor: str, not_these: set[str]) -> None:
    origin = _match(matcher, vendor=vendor)
    assert origin.vendor_id not in not_these


def test_a_shared_brand_is_unknown_with_what_it_could_be_listed(matcher: Matcher) -> None:
    origin = _match(matcher, vendor="Motorola")  # Motorola Mobility (Lenovo) or Solutions
    assert (origin.method, origin.country) == (MatchMethod.NONE, None)
    assert origin.candidates


def test_a_subsidiary_keeps_its_country_and_names_its_controller(matcher: Matcher) -> None:
    origin = _match(matcher, vendor="Motorola Mobility LLC")
    assert (origin.country, origin.controlling_country) == ("US", "CN")


def test_misspelt_oui_organisations_never_land_on_a_curated_vendor_of_another_country(
    registry: Registry, matcher: Matcher
) -> None:
    """Every 25th OUI organisation with one letter dropped: the names of thousands of
    unrelated companies, a few of them close to curated ones."""
    wrong = []
    for key in registry.oui.keys[::25]:
        organisation = registry.oui.get(key)
        middle = len(key) // 2
        origin = _match(matcher, vendor=key[:middle] + key[middle + 1 :])
        if origin.tier == "curated" and organisation and origin.country != organisation.country:
            wrong.append((key, origin.vendor_id))
    assert wrong == []


@settings(max_examples=200)
@given(
    vendor=st.one_of(
        st.none(), st.text(max_size=40), st.sampled_from(["Huawei Technologie", "北京某某有限公司"])
    ),
    purl=st.one_of(st.none(), st.text(max_size=30), st.just("pkg:maven/com.huawei.x/y@1")),
    cpe=st.one_of(st.none(), st.text(max_size=30), st.just("cpe:2.3:a:apache:kylin:1")),
    domains=st.lists(st.text(max_size=20), max_size=2),
    stated_origin=st.one_of(st.none(), st.text(max_size=10)),
)
def test_matching_never_raises(matcher: Matcher, vendor, purl, cpe, domains, stated_origin) -> None:  # type: ignore[no-untyped-def]
    origin = _match(
        matcher,
        vendor=vendor,
        purl=purl,
        cpe=cpe,
        vendor_domains=tuple(domains),
        stated_origin=stated_origin,
    )
    assert (origin.country is None) == (origin.method is MatchMethod.NONE)
    assert 0.0 <= origin.confidence <= 1.0
