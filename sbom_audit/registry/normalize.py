"""Turn vendor names, URLs, purls and CPEs into the keys the registry is indexed by.

Matching is exact on these keys; nothing here ever matches a part of a name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cleanco import basename
from packageurl import PackageURL
from tldextract import TLDExtract

# cleanco knows Latin-script legal forms only. Chinese company names end in these forms,
# longest first so that 股份有限公司 is not left as 股份.
_CHINESE_LEGAL_SUFFIXES = (
    "集团股份有限公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "公司",
)
_PUNCTUATION = re.compile(r"[\s.,;:/\\()\[\]{}&'\"!?*+|_\-–—·、，。；：（）【】]+")
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")

# The public-suffix list bundled with tldextract; never fetched at run time.
_extract = TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """A vendor name reduced to what identifies it: no case, punctuation or legal suffix.

    "HUAWEI TECHNOLOGIES CO.,LTD", "Huawei Technologies Co., Ltd." -> "huawei technologies";
    "深信服科技股份有限公司" -> "深信服科技". Idempotent. A name that is nothing but a legal
    form ("Co., Ltd.") keeps its words rather than becoming empty.
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    spaced = _PUNCTUATION.sub(" ", text).strip()
    stripped = _strip_legal_forms(spaced)
    return stripped or spaced


def _strip_legal_forms(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = basename(text).strip() if text else text
        text = _PUNCTUATION.sub(" ", text).strip()
        text = _strip_chinese_suffix(text)
        if text.startswith("the "):
            text = text[4:]
    return text


def _strip_chinese_suffix(text: str) -> str:
    for suffix in _CHINESE_LEGAL_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)].strip()
    return text


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
