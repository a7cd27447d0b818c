from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sbom_audit.model import Item, ItemKind, MatchMethod, Provenance
from sbom_audit.registry import Matcher

HERE = Provenance(file="test")


def _item(**values: object) -> Item:
    return Item(kind=ItemKind.COMPONENT, name="x", provenance=HERE, **values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def matcher(registry) -> Matcher:
    return Matcher(registry)


@pytest.mark.parametrize(
    ("vendor", "country", "method"),
    [
        ("HUAWEI TECHNOLOGIES CO.,LTD", "CN", MatchMethod.NAME),
        ("华为技术有限公司", "CN", MatchMethod.ALIAS),
        ("Cisco Systems, Inc.", "US", MatchMethod.NAME),
        ("check point software technologies ltd", "IL", MatchMethod.NAME),
        ("AO Kaspersky Lab", "RU", MatchMethod.NAME),
    ],
)
def test_names_and_aliases(
    matcher: Matcher, vendor: str, country: str, method: MatchMethod
) -> None:
    origin = matcher.match(_item(vendor=vendor))
    assert (origin.country, origin.method) == (country, method)
    assert origin.source and origin.source.startswith("http")


def test_cpe_vendor_is_strongest_evidence(matcher: Matcher) -> None:
    origin = matcher.match(
        _item(vendor="Some Reseller Ltd", cpe="cpe:2.3:o:cisco:ios_xe:17.9:*:*:*:*:*:*:*")
    )
    assert (origin.vendor_id, origin.method) == ("cisco", MatchMethod.CPE_VENDOR)


def test_purl_namespace_matches_on_segment_boundaries(matcher: Matcher) -> None:
    origin = matcher.match(_item(purl="pkg:maven/com.alibaba.nacos/nacos-client@2.3.0"))
    assert (origin.country, origin.method) == ("CN", MatchMethod.PURL_NAMESPACE)
    # "com.alibabacloud" is not inside "com.alibaba": no match on a fragment of a segment
    assert matcher.match(_item(purl="pkg:maven/com.alibabax/y@1")).method is MatchMethod.NONE


def test_domain(matcher: Matcher) -> None:
    origin = matcher.match(_item(vendor_domains=("qianxin.com",)))
    assert (origin.country, origin.method) == ("CN", MatchMethod.DOMAIN)


@pytest.mark.parametrize(
    "vendor",
    ["Aztech Systems", "", "Co., Ltd.", "Huawei Technologies Sweden AB"],
)
def test_look_alikes_and_fragments_stay_unknown(matcher: Matcher, vendor: str) -> None:
    origin = matcher.match(_item(vendor=vendor))
    assert origin.method is MatchMethod.NONE
    assert origin.country is None


@pytest.mark.parametrize(
    ("vendor", "not_this"),
    [
        ("Juniper Systems", "juniper"),
        ("Modelleisenbahn GmbH", "dell"),
        ("Aztech Electronics", "zte"),
    ],
)
def test_look_alikes_never_match_the_vendor_they_resemble(
    matcher: Matcher, vendor: str, not_this: str
) -> None:
    assert matcher.match(_item(vendor=vendor)).vendor_id != not_this


def test_a_subsidiary_reports_its_controlling_country(matcher: Matcher, registry) -> None:
    juniper = matcher.match(_item(vendor="Juniper Networks"))
    assert juniper.vendor_id == "juniper"
    assert registry.vendors["juniper"].parent is not None
    assert juniper.controlling_country == "US"


@given(
    vendor=st.one_of(st.none(), st.text(max_size=40)),
    purl=st.one_of(st.none(), st.text(max_size=40), st.just("pkg:maven/a.b/c@1")),
    cpe=st.one_of(st.none(), st.text(max_size=40), st.just("cpe:2.3:a:x")),
    domains=st.lists(st.text(max_size=20), max_size=2),
)
def test_matching_never_raises(registry, vendor, purl, cpe, domains) -> None:  # type: ignore[no-untyped-def]
    Matcher(registry).match(_item(vendor=vendor, purl=purl, cpe=cpe, vendor_domains=tuple(domains)))
