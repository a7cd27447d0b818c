"""Weak clues to a vendor's origin: reported beside the match, never used to decide it.

A .cn domain, a name in Chinese characters or a "country of origin" column say something, but
resellers, subsidiaries and translations make each of them wrong often enough that only a
person should weigh them.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

from sbom_audit.registry.normalize import has_han

# Country-code domains sold worldwide as generic ones (.io for start-ups, .co, .ai, .tv...).
_GENERIC_USE_CCTLDS = frozenset(
    {"ac", "ai", "cc", "co", "fm", "gg", "im", "io", "la", "ly", "me", "sh", "to", "tv", "ws"}
)
_TLD_COUNTRY_EXCEPTIONS = {"uk": "GB"}
_CHINESE_CODE_HOSTS = {"gitee": "Gitee"}


def weak_hints(
    vendor: str | None,
    domains: tuple[str, ...],
    purl: str | None,
    stated_origin: str | None,
) -> tuple[str, ...]:
    hints = [hint for domain in domains if (hint := _domain_hint(domain))]
    if vendor and has_han(vendor):
        hints.append(f"vendor name {vendor!r} is written in Chinese (Han) characters")
    if purl:
        host = _CHINESE_CODE_HOSTS.get(purl.removeprefix("pkg:").split("/", 1)[0].lower())
        if host:
            hints.append(f"the package is published on {host}, a code host in China")
    if stated_origin and stated_origin.strip():
        hints.append(f"the input states the country of origin as {stated_origin.strip()!r}")
    return tuple(hints)


@lru_cache(maxsize=4096)
def _domain_hint(domain: str) -> str | None:
    tld = domain.rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or tld in _GENERIC_USE_CCTLDS:
        return None
    code = _TLD_COUNTRY_EXCEPTIONS.get(tld, tld.upper())
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    return f"vendor domain {domain} is under .{tld} ({code}, {country.name})"
