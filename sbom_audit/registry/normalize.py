"""Turn vendor names, URLs, purls and CPEs into the keys the registry is indexed by.

Matching is exact on these keys; nothing here ever matches a part of a name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from packageurl import PackageURL
from tldextract import TLDExtract

from sbom_audit.registry.legal_forms import (
    strip_chinese_legal_form,
    strip_latin_legal_forms,
    strip_place_prefix,
)

# Everything but letters and digits separates words ("CO.,LTD" -> "co ltd").
_SEPARATORS = re.compile(r"[\W_]+")
# NFKC would spell these out as letters ("ACME™" -> "acmetm").
_MARKS = str.maketrans({"\u2122": " ", "\u2120": " "})
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")

# The public-suffix list bundled with tldextract; never fetched at run time.
_extract = TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=262144)
def normalize_name(name: str) -> str:
    """A vendor name reduced to what identifies it: no case, punctuation, legal form or
    leading Chinese place name.

    "HUAWEI TECHNOLOGIES CO.,LTD", "Huawei Technologies Co., Ltd." -> "huawei technologies";
    "深信服科技股份有限公司" -> "深信服科技"; "杭州安恒信息技术股份有限公司" -> "安恒信息技术".
    Idempotent. A name that is nothing but a legal form ("Co., Ltd.") keeps its words rather
    than becoming empty.
    """
    spaced = _fold(name)
    text, previous = spaced, None
    while text and text != previous:
        previous = text
        text = _strip_once(text)
    return text or spaced


def _fold(name: str) -> str:
    text, previous = name.translate(_MARKS), None
    while text != previous:
        previous = text
        text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_SEPARATORS.sub(" ", text).split())


def _strip_once(text: str) -> str:
    # Legal forms first, all of them, so that "Shanghai Bell Co., Ltd." is judged on "bell".
    previous = None
    while text != previous:
        previous = text
        text = strip_chinese_legal_form(strip_latin_legal_forms(text))
        if text.startswith("the "):
            text = text[4:]
    return " ".join(strip_place_prefix(text).split())


def word_count(name: str) -> int:
    """How many words a name has before legal forms are removed ("Array, Inc." has two)."""
    return len(_fold(name).split())


def has_legal_form(name: str) -> bool:
    """Whether normalising the name removes anything but case and punctuation."""
    return normalize_name(name) != _fold(name)


def has_han(text: str) -> bool:
    """Whether the text has Chinese (Han) characters."""
    return _HAN.search(text) is not None


@lru_cache(maxsize=65536)
def registrable_domain(value: str) -> str | None:
    """The registrable domain of a URL, host name or e-mail address, or None.

    "https://www.sangfor.com.cn/x" -> "sangfor.com.cn"; "support@qianxin.com" -> "qianxin.com".
    """
    text = value.strip().lower()
    if "@" in text and "://" not in text:
        text = text.rsplit("@", 1)[1]
    parts = _extract(text)
    if not parts.domain or not parts.suffix:
        return None
    domain = f"{parts.domain}.{parts.suffix}"
    return domain if _DOMAIN.match(domain) else None


def domain_as_name(value: str) -> str | None:
    """The registrable domain of a vendor "name" that is a host name, e-mail address or URL
    ("fasterxml.com", "QOS.ch", "https://www.acme.cn"), else None."""
    text = value.strip()
    if "://" not in text and (any(c.isspace() for c in text) or not ("." in text or "@" in text)):
        return None
    return None if has_han(text) else registrable_domain(text)


def is_valid_domain(value: str) -> bool:
    return bool(_DOMAIN.match(value)) and registrable_domain(value) == value


def purl_namespace_keys(purl: str) -> tuple[str, ...]:
    """Keys to look a purl up by, most specific first.

    pkg:maven/com.alibaba.nacos/x -> ("maven/com.alibaba.nacos", "maven/com.alibaba").

    Maven groupIds and Go module paths are hierarchical, so each parent on a segment
    boundary is a key too; an npm scope or a GitHub owner is a single key.
    Returns () for a purl that does not parse or has no namespace.
    """
    try:
        parsed = PackageURL.from_string(purl)
    except ValueError:
        return ()
    if not parsed.namespace:
        return ()
    kind = parsed.type.lower()
    namespace = parsed.namespace.lower()
    separator = "." if kind == "maven" else "/" if kind == "golang" else None
    if separator is None:
        return (f"{kind}/{namespace}",)
    segments = namespace.split(separator)
    return tuple(
        f"{kind}/{separator.join(segments[:end])}" for end in range(len(segments), 1, -1)
    ) or (f"{kind}/{namespace}",)


def cpe_vendor(cpe: str) -> str | None:
    """The vendor token of a CPE 2.3 formatted string or a CPE 2.2 URI, lower-cased."""
    text = cpe.strip().lower()
    if text.startswith("cpe:2.3:"):
        fields = re.split(r"(?<!\\):", text)
        vendor = fields[3] if len(fields) > 3 else ""
    elif text.startswith("cpe:/"):
        fields = text[5:].split(":")
        vendor = fields[1] if len(fields) > 1 else ""
    else:
        return None
    return vendor if vendor not in ("", "*", "-") else None
