from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sbom_audit.taxonomy import _words, load_taxonomy


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("路由器 Router", "router"),
        ("交换机", "switch"),
        ("NGFW", "firewall"),
        ("VPN网关", "vpn"),
        ("入侵防御 IPS", "ids_ips"),
        ("终端安全 EDR", "av_edr"),
        ("日志审计 Log audit", "security_audit"),
        ("密码机 HSM", "hsm_crypto"),
        ("operating-system", "os"),
        ("library", "library"),
        ("Cryptographic asset", "crypto_asset"),
        ("Windows Server", "os"),
        ("SQL Server", "database"),
        ("CA", "pki"),  # short tokens are still recognised as a whole cell
    ],
)
def test_classify_recognises_bilingual_cells(text: str, code: str) -> None:
    assert load_taxonomy().classify(text)[0] == code


@pytest.mark.parametrize("text", ["router management software", "路由器 Firewall", "device", ""])
def test_classify_refuses_partial_or_mixed_cells(text: str) -> None:
    code, basis = load_taxonomy().classify(text)
    assert code is None
    assert basis


def test_no_synonym_belongs_to_two_categories() -> None:
    taxonomy = load_taxonomy()
    phrases = Counter(
        phrase
        for category in taxonomy.categories.values()
        for phrase in {" ".join(_words(p)) for p in (category.code, *category.synonyms)}
    )
    assert [phrase for phrase, count in phrases.items() if count > 1] == []


@given(st.text(max_size=40))
def test_classify_never_raises(text: str) -> None:
    load_taxonomy().classify(text)


def test_synonyms_left_out_of_names_are_synonyms() -> None:
    for category in load_taxonomy().categories.values():
        assert set(category.not_in_names) <= set(category.synonyms), category.code


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("服务器密码机 HSM", [("服务器密码机", "hsm_crypto"), ("hsm", "hsm_crypto")]),
        ("Web应用防火墙", [("web应用防火墙", "waf")]),
        ("NGFW4000-UF", [("ngfw", "firewall")]),
        ("routers, not firewalld", [("routers", "router")]),
        ("SSL-VPN网关", [("ssl vpn网关", "vpn")]),
        ("CA db os pc ips soc san adc dlp plc", []),
    ],
)
def test_keywords_in_a_name(text: str, found: list[tuple[str, str]]) -> None:
    assert [(k.synonym, k.code) for k in load_taxonomy().keywords(text)] == found


@given(st.text(max_size=40))
def test_keywords_never_raise_and_name_known_categories(text: str) -> None:
    taxonomy = load_taxonomy()
    assert all(k.code in taxonomy.categories for k in taxonomy.keywords(text))
