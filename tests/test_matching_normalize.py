"""Name normalisation: legal forms in many languages, Chinese forms and place prefixes."""

from __future__ import annotations

import pytest
from cleanco import basename
from hypothesis import given
from hypothesis import strategies as st

from sbom_audit.registry.legal_forms import strip_latin_legal_forms
from sbom_audit.registry.normalize import normalize_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("杭州安恒信息技术股份有限公司", "安恒信息技术"),
        ("安恒信息技术", "安恒信息技术"),
        ("北京市奇安信科技有限公司", "奇安信科技"),
        ("武汉达梦数据库股份有限公司", "达梦数据库"),
        ("浪潮（集团）有限公司", "浪潮"),
        ("某某控股集团有限公司", "某某"),
        ("某某网络有限责任公司", "某某网络"),
        ("上海贝尔股份有限公司", "上海贝尔"),  # too little left after the city
        ("北京电子科技有限公司", "北京电子科技"),  # only industry words left
        ("深圳市", "深圳市"),
        ("苏州工业园区", "工业园区"),
        ("Hangzhou Hikvision Digital Technology Co.,Ltd.", "hikvision digital technology"),
        ("Beijing Tongtech Co., Ltd.", "tongtech"),
        ("Shanghai Bell Co., Ltd.", "shanghai bell"),
        ("Shenzhen Electronics Co., Ltd.", "shenzhen electronics"),
        ("SAMSUNG ELECTRONICS CO.,LTD", "samsung electronics"),
        ("Siemens Aktiengesellschaft", "siemens aktiengesellschaft"),
        ("Telefonaktiebolaget LM Ericsson (publ)", "telefonaktiebolaget lm ericsson publ"),
        ("Nokia Oyj", "nokia"),
        ("ООО Лаборатория Касперского", "ооо лаборатория касперского"),  # prefixes stay
        ("Kaspersky Lab ООО", "kaspersky lab"),
        ("Foo GmbH & Co. KG", "foo"),
        ("ACME™ Networks®, Inc.", "acme networks"),
        ("Ｈｕａｗｅｉ　Ｔｅｃｈｎｏｌｏｇｉｅｓ", "huawei technologies"),
        ("Juniper Networks Private Limited", "juniper networks"),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


_WORDS = ["acme", "networks", "co", "ltd", "inc", "gmbh", "kg", "sa", "de", "cv", "sp", "z",
          "oo", "private", "limited", "company", "plc", "ag", "corp", "llc", "the", "a"]  # fmt: skip


@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=7))
def test_legal_forms_are_stripped_as_cleanco_does(words: list[str]) -> None:
    text = " ".join(words)
    assert strip_latin_legal_forms(text) == basename(text)


_PIECES = ["北京", "上海市", "杭州", "有限公司", "集团", "科技", "安恒", "Co.,Ltd", " ", "(", "）",
           "Hangzhou", "beijing ", "Inc.", "GmbH", "ß", "Ｋ", "\u0301", "the ", "贝尔", "x"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join))
def test_normalize_name_is_idempotent_on_company_like_names(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once
