"""What an auditor can do about a finding: for a foreign security product, the domestic
vendors of the same category that the curated registry knows."""

from __future__ import annotations

import re

from sbom_audit.policy.profile import Profile
from sbom_audit.policy.shares import category_label
from sbom_audit.registry import Registry
from sbom_audit.registry.legal_forms import strip_chinese_legal_form
from sbom_audit.registry.vendor import Vendor

MAX_ALTERNATIVES = 8
_LATIN_LEGAL_FORM = re.compile(
    r"(?:,?\s+(?:Co\.,?\s*Ltd\.?|Co\.|Inc\.?|Ltd\.?|Limited|Corp\.?|Corporation|Company|LLC))+$",
    re.IGNORECASE,
)


def domestic_alternatives(category: str, registry: Registry, profile: Profile) -> list[str]:
    """Display names of curated vendors of `category` that the profile counts as domestic,
    sorted."""
    names = {
        display_name(vendor)
        for vendor in registry.vendors.values()
        if vendor.tier == "curated"
        and category in vendor.categories
        and _country(vendor, registry, profile) in profile.domestic_jurisdictions
    }
    return sorted(names, key=str.casefold)


def domestic_preference_remediation(
    category: str, registry: Registry, profile: Profile
) -> str | None:
    vendors = domestic_alternatives(category, registry, profile)
    if not vendors:
        return None
    listed = ", ".join(vendors[:MAX_ALTERNATIVES])
    more = (
        f" (and {len(vendors) - MAX_ALTERNATIVES} more)" if len(vendors) > MAX_ALTERNATIVES else ""
    )
    return f"Domestic {category_label(category)} vendors in the registry: {listed}{more}"


def display_name(vendor: Vendor) -> str:
    """The vendor's name without its legal form: "Sangfor Technologies Co., Ltd." ->
    "Sangfor Technologies"."""
    name = _LATIN_LEGAL_FORM.sub("", vendor.name).strip()
    return strip_chinese_legal_form(name) or vendor.name


def _country(vendor: Vendor, registry: Registry, profile: Profile) -> str:
    # As origin_class decides: by the controlling parent's country when the profile says so.
    if profile.origin_by == "controlling_parent":
        return registry.controlling_vendor(vendor).country
    return vendor.country
