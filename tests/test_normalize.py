from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sbom_audit.registry.normalize import (
    cpe_vendor,
    normalize_name,
    purl_namespace_keys,
    registrable_domain,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HUAWEI TECHNOLOGIES CO.,LTD", "huawei technologies"),
        ("Huawei Technologies Co., Ltd.", "huawei technologies"),
        ("华为技术有限公司", "华为技术"),
        ("深信服科技股份有限公司", "深信服科技"),
        ("奇安信科技集团股份有限公司", "奇安信科技"),
        ("Cisco Systems, Inc.", "cisco systems"),
        ("The Apache Software Foundation", "apache software foundation"),
        ("Ｆｏｒｔｉｎｅｔ，Ｉｎｃ．", "fortinet"),  # full-width forms
        ("Co., Ltd.", "co ltd"),  # only a legal form: keep the words rather than nothing
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@given(st.text(max_size=60))
def test_normalize_name_is_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.sangfor.com.cn/products", "sangfor.com.cn"),
        ("support@qianxin.com", "qianxin.com"),
        ("WWW.Huawei.COM", "huawei.com"),
        ("http://localhost:8080", None),
        ("not a url", None),
    ],
)
def test_registrable_domain(raw: str, expected: str | None) -> None:
    assert registrable_domain(raw) == expected


def test_purl_namespace_keys_walk_up_maven_groups() -> None:
    keys = purl_namespace_keys("pkg:maven/com.alibaba.nacos/nacos-client@2.3.0")
    assert keys == ("maven/com.alibaba.nacos", "maven/com.alibaba")


def test_purl_namespace_keys_single_keys_and_garbage() -> None:
    assert purl_namespace_keys("pkg:npm/%40alicloud/tea@1.0") == ("npm/@alicloud",)
    assert purl_namespace_keys("pkg:github/Tencent/rapidjson@1.1.0") == ("github/tencent",)
    assert purl_namespace_keys("pkg:pypi/requests@2.0") == ()
    assert purl_namespace_keys("not a purl") == ()


@pytest.mark.parametrize(
    ("cpe", "vendor"),
    [
        ("cpe:2.3:h:cisco:asr_1001-x:-:*:*:*:*:*:*:*", "cisco"),
        ("cpe:/a:paloaltonetworks:pan-os:10.1", "paloaltonetworks"),
        ("cpe:2.3:a:*:thing:1:*:*:*:*:*:*:*", None),
        ("cisco", None),
    ],
)
def test_cpe_vendor(cpe: str, vendor: str | None) -> None:
    assert cpe_vendor(cpe) == vendor
