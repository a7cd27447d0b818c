"""The settings of each rule in a profile, checked key by key with messages that name the key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sbom_audit.errors import PolicyError
from sbom_audit.model import ItemKind, Severity
from sbom_audit.registry import Registry, load_registry
from sbom_audit.registry.vendor import Vendor
from sbom_audit.taxonomy import load_taxonomy

_COMMON = ("severity", "basis")
RULE_KEYS: dict[str, tuple[str, ...]] = {
    "domestic-preference": (*_COMMON, "categories"),
    "encryption-disclosure": (*_COMMON, "categories"),
    "unknown-origin": _COMMON,
    "minimum-domestic-share": (*_COMMON, "minimum_domestic_share"),
    "prohibited-vendor": (*_COMMON, "prohibited_vendors", "include_subsidiaries"),
    "uncategorised": _COMMON,
}
RULES = tuple(RULE_KEYS)
_MINIMUM_KEYS = ("count", "spend", "severity")


@dataclass(frozen=True, slots=True)
class Minimum:
    """The lowest domestic share a category may have, by item count and/or by spend."""

    count: float | None
    spend: float | None
    severity: Severity


@dataclass(frozen=True, slots=True)
class RuleSettings:
    severity: dict[str, Severity]  # item kind -> severity
    categories: frozenset[str]
    basis: str
    minimums: dict[str, Minimum] = field(default_factory=dict)  # category -> minimum
    # vendor id -> the prohibited id it is, or (with include_subsidiaries) is controlled by
    prohibited: dict[str, str] = field(default_factory=dict)
    include_subsidiaries: bool = False
    names: dict[str, str] = field(default_factory=dict)  # prohibited id -> vendor name


def parse_rule(rule_id: str, settings: Any, where: str, registry: Registry | None) -> RuleSettings:
    """`where` names the place, e.g. "p.yaml: rules.unknown-origin"."""
    if rule_id not in RULE_KEYS:
        raise PolicyError(f"{where}: unknown rule; known rules: {', '.join(RULES)}")
    if not isinstance(settings, dict):
        raise PolicyError(f"{where}: settings must be a mapping")
    _known_keys(settings, RULE_KEYS[rule_id], where)
    severity = _severities(settings.get("severity", "medium"), f"{where}.severity")
    prohibited, subsidiaries, names = _prohibited(rule_id, settings, where, registry)
    return RuleSettings(
        severity=severity,
        categories=frozenset(_categories(settings.get("categories"), f"{where}.categories")),
        basis=" ".join(str(settings.get("basis") or "").split()),
        minimums=_minimums(settings.get("minimum_domestic_share"), severity, where),
        prohibited=prohibited,
        include_subsidiaries=subsidiaries,
        names=names,
    )


def _known_keys(raw: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
    for key in raw:
        if key not in known:
            raise PolicyError(f"{where}.{key}: unknown key; known keys: {', '.join(known)}")


def _categories(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PolicyError(f"{where}: must be a list of category codes")
    known = load_taxonomy().categories
    for category in value:
        if category not in known:
            raise PolicyError(f"{where}: unknown category {category!r}")
    return [str(category) for category in value]


def _severities(value: Any, where: str) -> dict[str, Severity]:
    by_kind = value if isinstance(value, dict) else {kind.value: value for kind in ItemKind}
    for kind in by_kind:
        if kind not in {k.value for k in ItemKind}:
            kinds = ", ".join(k.value for k in ItemKind)
            raise PolicyError(f"{where}.{kind}: not a kind of item; kinds: {kinds}")
    return {
        kind.value: _severity(by_kind[kind.value], where)
        for kind in ItemKind
        if by_kind.get(kind.value) is not None
    }


def _severity(level: Any, where: str) -> Severity:
    try:
        return Severity(str(level))
    except ValueError:
        choices = ", ".join(s.value for s in Severity)
        raise PolicyError(f"{where}: severity {level!r} is not one of {choices}") from None


def _minimums(value: Any, severity: dict[str, Severity], where: str) -> dict[str, Minimum]:
    where = f"{where}.minimum_domestic_share"
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PolicyError(f"{where}: must map category codes to {{count: ..., spend: ...}}")
    _categories(list(value), where)
    # A category's shortfall is not one item's, so the rule's severity is its highest level.
    default = max(severity.values(), key=lambda s: s.rank, default=Severity.MEDIUM)
    return {str(code): _minimum(entry, default, f"{where}.{code}") for code, entry in value.items()}


def _minimum(entry: Any, default: Severity, where: str) -> Minimum:
    if not isinstance(entry, dict):
        raise PolicyError(f"{where}: must be a mapping with count and/or spend")
    _known_keys(entry, _MINIMUM_KEYS, where)
    if entry.get("count") is None and entry.get("spend") is None:
        raise PolicyError(f"{where}: give a minimum share by count, by spend or both")
    level = entry.get("severity")
    return Minimum(
        count=_fraction(entry.get("count"), f"{where}.count"),
        spend=_fraction(entry.get("spend"), f"{where}.spend"),
        severity=default if level is None else _severity(level, f"{where}.severity"),
    )


def _fraction(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise PolicyError(
            f"{where}: {value!r} is not a fraction between 0 and 1 (write 80% as 0.8)"
        )
    return float(value)


def _prohibited(
    rule_id: str, settings: dict[str, Any], where: str, registry: Registry | None
) -> tuple[dict[str, str], bool, dict[str, str]]:
    if rule_id != "prohibited-vendor":
        return {}, False, {}
    ids = settings.get("prohibited_vendors")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise PolicyError(f"{where}.prohibited_vendors: must list registry vendor ids")
    subsidiaries = settings.get("include_subsidiaries", False)
    if not isinstance(subsidiaries, bool):
        raise PolicyError(f"{where}.include_subsidiaries: must be true or false")
    registry = registry or shipped_registry()
    for vendor_id in ids:
        if vendor_id not in registry.vendors:
            raise PolicyError(
                f"{where}.prohibited_vendors: {vendor_id!r} is not a vendor id in the registry "
                "(look it up with: sbom-audit registry lookup NAME)"
            )
    names = {vendor_id: registry.vendors[vendor_id].name for vendor_id in ids}
    return _expand(frozenset(ids), registry, subsidiaries), subsidiaries, names


def _expand(ids: frozenset[str], registry: Registry, subsidiaries: bool) -> dict[str, str]:
    """Each prohibited id maps to itself; with subsidiaries, every vendor whose chain of
    parents reaches a prohibited id maps to the nearest such id."""
    if not subsidiaries:
        return {vendor_id: vendor_id for vendor_id in sorted(ids)}
    found: dict[str, str] = {}
    for vendor in registry.vendors.values():
        current: Vendor | None = vendor
        seen: set[str] = set()
        while current is not None and current.id not in seen:
            if current.id in ids:
                found[vendor.id] = current.id
                break
            seen.add(current.id)
            current = registry.vendors.get(current.parent) if current.parent else None
    return dict(sorted(found.items()))


@cache
def shipped_registry() -> Registry:
    """The shipped curated registry, which prohibited vendor ids are checked against."""
    return load_registry(oui=False)
