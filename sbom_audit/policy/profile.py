"""Load and validate policy profiles: the rules as data an auditor can read and edit."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import yaml

from sbom_audit.errors import PolicyError
from sbom_audit.model import ItemKind, Severity
from sbom_audit.taxonomy import load_taxonomy

DEFAULT_PROFILE = "cn-bank"
ORIGIN_BY = ("controlling_parent", "own")
RULES = ("domestic-preference", "encryption-disclosure", "unknown-origin")


@dataclass(frozen=True, slots=True)
class RuleSettings:
    severity: dict[str, Severity]  # item kind -> severity
    categories: frozenset[str]
    basis: str


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    title: str
    domestic_jurisdictions: frozenset[str]
    origin_by: str
    rules: dict[str, RuleSettings]
    source: str  # where the profile was loaded from

    def rule(self, rule_id: str) -> RuleSettings | None:
        return self.rules.get(rule_id)


def builtin_profiles() -> list[str]:
    folder = resources.files("sbom_audit").joinpath("policy/profiles")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def load_profile(name_or_path: str = DEFAULT_PROFILE) -> Profile:
    """A built-in profile by name, or a profile file by path."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise PolicyError(f"{path}: cannot read policy profile: {exc.strerror}") from exc
        return parse_profile(text, str(path))
    if name_or_path not in builtin_profiles():
        raise PolicyError(
            f"unknown policy profile {name_or_path!r}; built-in profiles: "
            f"{', '.join(builtin_profiles())} (or give the path of a profile file)"
        )
    resource = resources.files("sbom_audit").joinpath(f"policy/profiles/{name_or_path}.yaml")
    return parse_profile(resource.read_text("utf-8"), f"built-in:{name_or_path}")


def parse_profile(text: str, source: str) -> Profile:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PolicyError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise PolicyError(f"{source}: a profile is a mapping with name, rules, ...")
    name = _text(raw, "name", source)
    jurisdictions = raw.get("domestic_jurisdictions")
    if not isinstance(jurisdictions, list) or not jurisdictions:
        raise PolicyError(f"{source}: domestic_jurisdictions must list country codes, e.g. [CN]")
    for code in jurisdictions:
        if pycountry.countries.get(alpha_2=str(code)) is None:
            raise PolicyError(f"{source}: {code!r} is not an ISO 3166-1 alpha-2 country code")
    origin_by = raw.get("origin_by", "controlling_parent")
    if origin_by not in ORIGIN_BY:
        raise PolicyError(f"{source}: origin_by must be one of {', '.join(ORIGIN_BY)}")
    rules = raw.get("rules") or {}
    if not isinstance(rules, dict):
        raise PolicyError(f"{source}: rules must be a mapping of rule id to settings")
    return Profile(
        name=name,
        title=str(raw.get("title") or name),
        domestic_jurisdictions=frozenset(str(code) for code in jurisdictions),
        origin_by=origin_by,
        rules={rule_id: _rule(rule_id, settings, source) for rule_id, settings in rules.items()},
        source=source,
    )


def _text(raw: dict[str, Any], key: str, source: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PolicyError(f"{source}: missing required text field {key!r}")
    return value.strip()


def _rule(rule_id: str, settings: Any, source: str) -> RuleSettings:
    where = f"{source}: rule {rule_id!r}"
    if rule_id not in RULES:
        raise PolicyError(f"{where}: unknown rule; known rules: {', '.join(RULES)}")
    if not isinstance(settings, dict):
        raise PolicyError(f"{where}: settings must be a mapping")
    categories = settings.get("categories") or []
    known = load_taxonomy().categories
    for category in categories:
        if category not in known:
            raise PolicyError(f"{where}: unknown category {category!r}")
    return RuleSettings(
        severity=_severities(settings.get("severity", "medium"), where),
        categories=frozenset(categories),
        basis=" ".join(str(settings.get("basis") or "").split()),
    )


def _severities(value: Any, where: str) -> dict[str, Severity]:
    by_kind = value if isinstance(value, dict) else {kind.value: value for kind in ItemKind}
    result: dict[str, Severity] = {}
    for kind in ItemKind:
        level = by_kind.get(kind.value)
        if level is None:
            continue
        try:
            result[kind.value] = Severity(str(level))
        except ValueError:
            choices = ", ".join(s.value for s in Severity)
            raise PolicyError(f"{where}: severity {level!r} is not one of {choices}") from None
    return result
