"""The matching cascade on a small registry built here: each step, conflicts between steps,
ambiguous similar names, the OUI tier's limits and weak hints."""

from __future__ import annotations

import datetime as dt

import pytest

from sbom_audit.model import Candidate, Item, ItemKind, MatchMethod, OriginMatch, Provenance
from sbom_audit.registry import Matcher, Registry, build_registry
from sbom_audit.registry.fuzzy import distinctive_part
from sbom_audit.registry.normalize import normalize_name
from sbom_audit.registry.vendor import Vendor


def vendor(vendor_id: str, name: str, country: str, **fields: object) -> Vendor:
    values: dict[str, object] = {
        "parent": None, "aliases": (), "domains": (), "cpe_vendors": (), "purl_namespaces": (),
        "categories": ("router",), "source": f"https://example.org/{vendor_id}",
        "checked": dt.date(2026, 11, 23), "notes": None, "defined_at": f"test.yaml:{vendor_id}",
    }  # fmt: skip
    values.update(fields)
    return Vendor(id=vendor_id, name=name, country=country, **values)  # type: ignore[arg-type]


def registry_of(vendors: list[Vendor], oui: list[Vendor] = ()) -> Registry:  # type: ignore[assignment]
    tier = {normalize_name(v.name): v for v in oui}
    return build_registry([("test", vendors)], oui=lambda: tier)


CURATED = [
    vendor("acme", "Acme Networks Co., Ltd.", "CN", aliases=("Acme", "阿克米网络"),
           domains=("acme.cn",), cpe_vendors=("acmenet",), purl_namespaces=("maven/cn.acme",)),
    vendor("zenith", "Zenith Systems Inc.", "US", domains=("zenith.com",),
           cpe_vendors=("zenith",), purl_namespaces=("npm/@zenith",)),
    vendor("zenith-china", "Zenith China Ltd", "CN", parent="zenith"),
    vendor("orion", "Orion Datacom", "US"),
    vendor("nordwind", "Nordwind Communications Systems GmbH", "DE"),
    vendor("kestrel", "Kestrel Software AB", "SE"),
    vendor("kestrels", "Kestrel Softwares AB", "SE"),
    vendor("foo360", "Foo 360 Security", "CN"),
]  # fmt: skip
OUI = [
    vendor("oui:gamma-widgets", "Gamma Widgets", "DE", tier="oui", categories=()),
    vendor("oui:acme-networks", "ACME NETWORKS", "US", tier="oui", categories=()),
    vendor("oui:sunburst", "Sunburst", "AU", tier="oui", categories=()),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(registry_of(CURATED, OUI))


def _match(matcher: Matcher, **fields: object) -> OriginMatch:
    item = Item(kind=ItemKind.COMPONENT, name="x", provenance=Provenance("t"), **fields)  # type: ignore[arg-type]
    return matcher.match(item)


@pytest.mark.parametrize(
    ("fields", "vendor_id", "method", "confidence", "matched_on"),
    [
        ({"cpe": "cpe:2.3:h:acmenet:r1:1:*:*:*:*:*:*:*"}, "acme", "cpe_vendor", 0.95, "cpe:2.3:h:acmenet:r1:1:*:*:*:*:*:*:*"),
        ({"purl": "pkg:maven/cn.acme.router/core@1"}, "acme", "purl_namespace", 0.9, "pkg:maven/cn.acme.router/core@1"),
        ({"vendor_domains": ("acme.cn",)}, "acme", "domain", 0.85, "acme.cn"),
        ({"vendor": "ACME NETWORKS CO.,LTD"}, "acme", "name", 1.0, "ACME NETWORKS CO.,LTD"),
        ({"vendor": "北京阿克米网络有限公司"}, "acme", "alias", 0.95, "北京阿克米网络有限公司"),
        ({"vendor": "Acme Network"}, "acme", "fuzzy_name", 0.768, "Acme Network"),
        ({"vendor": "Gamma Widgets GmbH"}, "oui:gamma-widgets", "name", 0.6, "Gamma Widgets GmbH"),
        ({"vendor": "acme.cn"}, "acme", "domain", 0.85, "acme.cn"),  # a domain written as the name
        ({"vendor": "Sunburst Pty Ltd"}, "oui:sunburst", "name", 0.6, "Sunburst Pty Ltd"),
        ({"vendor": "阿克米网络有限公司(Acme)"}, "acme", "alias", 0.95, "阿克米网络有限公司(Acme)"),
        ({"vendor": "Acme Networks (Beijing) Co., Ltd."}, "acme", "name", 1.0, "Acme Networks (Beijing) Co., Ltd."),
        ({"vendor": "Zenith Systems Incorporatd"}, "zenith", "fuzzy_name", 0.8, "Zenith Systems Incorporatd"),
        ({"cpe": "cpe:2.3:a:zenith_systems_inc.:x:1:*:*:*:*:*:*:*"}, "zenith", "cpe_vendor", 0.8, "cpe:2.3:a:zenith_systems_inc.:x:1:*:*:*:*:*:*:*"),
    ],
)  # fmt: skip
def test_each_step(
    matcher: Matcher,
    fields: dict[str, object],
    vendor_id: str,
    method: str,
    confidence: float,
    matched_on: str,
) -> None:
    origin = _match(matcher, **fields)
    assert (origin.vendor_id, origin.method.value, origin.confidence, origin.matched_on) == (
        vendor_id, method, confidence, matched_on,
    )  # fmt: skip
    assert origin.candidates == ()
    assert origin.tier == ("oui" if vendor_id.startswith("oui:") else "curated")


def test_evidence_of_another_country_is_listed_and_halves_the_confidence(matcher: Matcher) -> None:
    origin = _match(matcher, cpe="cpe:2.3:a:zenith:x:1:*:*:*:*:*:*:*", vendor="Acme")
    assert (origin.vendor_id, origin.country, origin.method) == (
        "zenith",
        "US",
        MatchMethod.CPE_VENDOR,
    )
    assert origin.confidence == 0.475
    assert origin.candidates == (
        Candidate("acme", "Acme Networks Co., Ltd.", "CN", MatchMethod.ALIAS, "Acme", 0.95),
    )


def test_every_step_is_weighed_not_only_the_first(matcher: Matcher) -> None:
    origin = _match(
        matcher, purl="pkg:npm/%40zenith/ui@2", vendor_domains=("acme.cn", "zenith.com")
    )
    assert (origin.vendor_id, origin.method) == ("zenith", MatchMethod.PURL_NAMESPACE)
    assert [(c.vendor_id, c.method, c.evidence) for c in origin.candidates] == [
        ("acme", MatchMethod.DOMAIN, "acme.cn")
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"cpe": "cpe:2.3:a:zenith:x:1:*:*:*:*:*:*:*", "vendor": "Zenith China Ltd"},  # subsidiary
        {"cpe": "cpe:2.3:a:zenith:x:1:*:*:*:*:*:*:*", "vendor": "Orion Datacom"},  # same country
        {"cpe": "cpe:2.3:a:zenith:x:1:*:*:*:*:*:*:*", "vendor": "Zenith Systems"},  # agreement
    ],
)
def test_no_conflict_without_another_country(matcher: Matcher, fields: dict[str, object]) -> None:
    origin = _match(matcher, **fields)
    assert (origin.vendor_id, origin.confidence, origin.candidates) == ("zenith", 0.95, ())


def test_a_subsidiary_carries_both_countries(matcher: Matcher) -> None:
    origin = _match(matcher, vendor="Zenith China Ltd")
    assert (origin.country, origin.controlling_country) == ("CN", "US")


@pytest.mark.parametrize(
    ("rival_country", "vendor_id", "candidates"),
    [
        ("US", None, [("nordwind", "DE", 0.9836), ("nordwind-us", "US", 0.9231)]),
        ("DE", "nordwind", []),  # 0.92 is more than the margin below 0.98 and of the same country
    ],
)
def test_a_similar_name_of_another_country_makes_the_match_ambiguous(
    rival_country: str, vendor_id: str | None, candidates: list[tuple[str, str, float]]
) -> None:
    rival = vendor("nordwind-us", "Nordwind Data Communication Systems Inc", rival_country)
    origin = _match(
        Matcher(registry_of([*CURATED, rival])), vendor="Nordwind Communication Systems"
    )
    assert origin.vendor_id == vendor_id
    assert [(c.vendor_id, c.country, c.score) for c in origin.candidates] == candidates
    assert all(c.method is MatchMethod.FUZZY_NAME for c in origin.candidates)
    if vendor_id is None:
        assert (origin.method, origin.country) == (MatchMethod.NONE, None)
    else:
        assert (origin.method, origin.confidence) == (MatchMethod.FUZZY_NAME, 0.787)


def test_two_similar_names_within_the_margin_leave_the_origin_unknown(matcher: Matcher) -> None:
    origin = _match(matcher, vendor="Kestrel Softwar")
    assert origin.method is MatchMethod.NONE
    assert [(c.vendor_id, c.score) for c in origin.candidates] == [
        ("kestrel", 0.9677),
        ("kestrels", 0.9375),
    ]


def test_a_similar_name_never_matches_the_oui_tier(matcher: Matcher) -> None:
    origin = _match(matcher, vendor="Gamma Widget")
    assert (origin.method, origin.country) == (MatchMethod.NONE, None)
    assert [(c.vendor_id, c.country, c.score) for c in origin.candidates] == [
        ("oui:gamma-widgets", "DE", 0.96)
    ]


def test_a_bare_word_is_never_an_oui_match(matcher: Matcher) -> None:
    origin = _match(matcher, vendor="Sunburst")
    assert (origin.method, origin.country) == (MatchMethod.NONE, None)
    assert [(c.vendor_id, c.country, c.score) for c in origin.candidates] == [
        ("oui:sunburst", "AU", 0.6)
    ]


def test_bracketed_names_of_two_countries_are_ambiguous(matcher: Matcher) -> None:
    origin = _match(matcher, vendor="Zenith Systems（阿克米网络）")
    assert (origin.method, origin.country) == (MatchMethod.NONE, None)
    assert [(c.vendor_id, c.method) for c in origin.candidates] == [
        ("zenith", MatchMethod.NAME), ("acme", MatchMethod.ALIAS),
    ]  # fmt: skip


def test_a_cpe_token_without_a_legal_form_is_not_read_as_a_name(matcher: Matcher) -> None:
    assert (
        _match(matcher, cpe="cpe:2.3:a:orion_datacom:x:1:*:*:*:*:*:*:*").method is MatchMethod.NONE
    )


def test_curated_names_shadow_the_oui_tier(matcher: Matcher) -> None:
    origin = _match(matcher, vendor="ACME NETWORKS")
    assert (origin.vendor_id, origin.country, origin.tier) == ("acme", "CN", "curated")


@pytest.mark.parametrize(
    "vendor_name",
    [
        "Acmee",  # too short to compare by similarity
        "Zenit Systems",  # a short distinctive part must be spelt exactly
        "Acmes Technologies",  # "acmes" is not "acme", however long the shared industry word
        "Foo 365 Security",  # other digits: another product or firm
        "Zenith",  # a fragment is never matched
        "Networks",
        "Co., Ltd.",
        "  ",
    ],
)
def test_fragments_short_names_and_other_numbers_stay_unknown(
    matcher: Matcher, vendor_name: str
) -> None:
    origin = _match(matcher, vendor=vendor_name)
    assert (origin.method, origin.country, origin.candidates) == (MatchMethod.NONE, None, ())


@pytest.mark.parametrize(
    ("key", "part"),
    [
        ("hikvison digital technologie", "hikvison"),
        ("海康威视数字技术", "海康威视"),
        ("acme networks", "acme"),
        ("data systems", ""),
    ],
)
def test_the_distinctive_part_leaves_out_industry_words(key: str, part: str) -> None:
    assert distinctive_part(key) == part


def test_weak_hints_are_reported_but_never_decide(matcher: Matcher) -> None:
    origin = _match(
        matcher,
        vendor="某某科技有限公司",
        vendor_domains=("mystery.com.cn", "startup.io"),
        purl="pkg:gitee/someone/lib@1",
        stated_origin="中国",
    )
    assert (origin.method, origin.country) == (MatchMethod.NONE, None)
    assert origin.hints == (
        "vendor domain mystery.com.cn is under .cn (CN, China)",
        "vendor name '某某科技有限公司' is written in Chinese (Han) characters",
        "the package is published on Gitee, a code host in China",
        "the input states the country of origin as '中国'",
    )


def test_hints_ride_along_with_a_match(matcher: Matcher) -> None:
    origin = _match(matcher, vendor_domains=("acme.cn",))
    assert origin.hints == ("vendor domain acme.cn is under .cn (CN, China)",)


def test_answers_are_cached_per_identifying_fields(matcher: Matcher) -> None:
    first = _match(matcher, vendor="Acme Network")
    again = Item(
        kind=ItemKind.PRODUCT, name="other", provenance=Provenance("u"), vendor="Acme Network"
    )
    assert matcher.match(again) is first
