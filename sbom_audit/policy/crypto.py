"""Encryption features: an SBOM's product has them when its SBOM lists a cryptographic
library or a CycloneDX cryptographic-asset component."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import unquote

from sbom_audit.model import Item, ItemKind

CRYPTOGRAPHIC_ASSET = "cryptographic-asset"  # CycloneDX 1.6 component type

# library -> pattern that a component's name (or its purl's name) matches in full, lower-cased
# with spaces as hyphens; distribution package names (libssl3, libgnutls30, ...) included.
CRYPTO_LIBRARIES: dict[str, str] = {
    "OpenSSL": r"openssl(?:-libs|-devel|-dev)?|libssl[\d.]*(?:-dev)?|libcrypto[\d.]*",
    "BoringSSL": r"boringssl",
    "LibreSSL": r"libressl",
    "mbed TLS": r"mbed-?tls|libmbed(?:tls|crypto|x509)[\d-]*|mbedcrypto",
    "wolfSSL": r"(?:lib)?wolfssl[\d-]*|wolfcrypt",
    "GnuTLS": r"(?:lib)?gnutls[\d.-]*(?:-dev)?",
    "libsodium": r"libsodium[\d-]*(?:-dev)?|sodium",
    "Bouncy Castle": r"bc(?:prov|pkix|fips|pg|util|tls|jmail)(?:-[\w.]+)?|bouncycastle",
    "NSS": r"nss|libnss3|nss-(?:softokn|util)[\w-]*",
    "libgcrypt": r"libgcrypt[\d-]*(?:-dev)?",
    "Botan": r"(?:lib)?botan(?:-[\d.-]+)?",
    "Crypto++": r"crypto\+\+|cryptopp|libcrypto\+\+[\d-]*(?:-dev)?",
    "Nettle": r"(?:lib)?nettle[\d-]*",
    "libtomcrypt": r"libtomcrypt[\d-]*",
    "AWS-LC": r"aws-lc",
    "s2n-tls": r"s2n(?:-tls)?",
}
_PATTERNS = [(library, re.compile(pattern)) for library, pattern in CRYPTO_LIBRARIES.items()]
_PURL_NAME = re.compile(r"^pkg:[^/]+/(?:[^@?#]*/)?([^/@?#]+)")


def crypto_library(item: Item) -> str | None:
    """The cryptographic library a component is, by its name or its purl's name."""
    for text in (item.name, _purl_name(item.purl)):
        key = "-".join((text or "").lower().split())
        for library, pattern in _PATTERNS:
            if key and pattern.fullmatch(key):
                return library
    return None


def crypto_evidence(item: Item) -> str | None:
    """Why a component counts as cryptographic, for the report; None if it does not."""
    label = f"{item.name} {item.version}" if item.version else item.name
    if (item.category_text or "").strip().lower() == CRYPTOGRAPHIC_ASSET:
        return f"{label} (CycloneDX cryptographic-asset)"
    library = crypto_library(item)
    return None if library is None else f"{label} ({library})"


def encryption_features(items: Iterable[Item]) -> dict[str, tuple[str, ...]]:
    """SBOM file -> the evidence of each cryptographic component it lists (sorted, unique)."""
    found: dict[str, set[str]] = defaultdict(set)
    for item in items:
        if item.kind is not ItemKind.COMPONENT:
            continue
        evidence = crypto_evidence(item)
        if evidence is not None:
            found[item.provenance.file].add(evidence)
    return {file: tuple(sorted(names)) for file, names in sorted(found.items())}


def _purl_name(purl: str | None) -> str | None:
    found = _PURL_NAME.match(purl or "")
    return unquote(found.group(1)) if found else None
