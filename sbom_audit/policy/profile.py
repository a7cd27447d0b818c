"""Load and validate policy profiles: the rules as data an auditor can read and edit.

A profile may `extends:` another (a built-in name or a file, relative to the extending file):
mappings are merged key by key, any other value (lists included) replaces the parent's, and a
null value removes the parent's key, e.g. `rules: {domestic-preference: null}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import yaml

from sbom_audit.errors import PolicyError
from sbom_audit.policy.schema import RULES, Minimum, RuleSettings, parse_rule
from sbom_audit.registry import Registry

__all__ = ["RULES", "Minimum", "Profile", "RuleSettings", "load_profile", "parse_profile"]

DEFAULT_PROFILE = "cn-bank"
ORIGIN_BY = ("controlling_parent", "own")
TOP_KEYS = ("name", "title", "extends", "domestic_jurisdictions", "origin_by", "rules")
MAX_EXTENDS_DEPTH = 16


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    title: str
    domestic_jurisdictions: frozenset[str]
    origin_by: str
    rules: dict[str, RuleSettings]
    source: str  # where the profile was loaded from
    document: dict[str, Any] = field(default_factory=dict)  # the resolved mapping, for `show`
    lineage: tuple[str, ...] = ()  # sources of the profiles it extends, nearest first

    def rule(self, rule_id: str) -> RuleSettings | None:
        return self.rules.get(rule_id)


def builtin_profiles() -> list[str]:
    folder = resources.files("sbom_audit").joinpath("policy/profiles")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def load_profile(name_or_path: str = DEFAULT_PROFILE, registry: Registry | None = None) -> Profile:
    """A built-in profile by name, or a profile file by path. Prohibited vendor ids are
    checked against `registry` (default: the shipped registry)."""
    text, source, base = _read(name_or_path, None)
    return parse_profile(text, source, registry, _base=base)


def parse_profile(
    text: str,
    source: str,
    registry: Registry | None = None,
    *,
    _base: Path | None = None,
    _chain: tuple[str, ...] = (),
) -> Profile:
    raw = _mapping(text, source)
    if len(_chain) >= MAX_EXTENDS_DEPTH:
        raise PolicyError(f"{source}: extends: more than {MAX_EXTENDS_DEPTH} levels")
    name = _text(raw, "name", source)
    parent = _parent(raw, source, registry, _base, (*_chain, source))
    merged = raw if parent is None else _merge(parent.document, raw)
    merged.pop("extends", None)
    merged["name"] = name
    merged["title"] = str(raw.get("title") or name)
    lineage = () if parent is None else (parent.source, *parent.lineage)
    return _build(merged, source, registry, lineage)


def _read(name_or_path: str, base: Path | None) -> tuple[str, str, Path | None]:
    """The text of a profile, its source label, and the folder its own `extends` is
    relative to (None for a built-in)."""
    path = Path(name_or_path)
    if base is not None and not path.is_absolute():
        path = base / path
    if path.suffix in (".yaml", ".yml") or path.exists():
        try:
            return path.read_text(encoding="utf-8"), str(path), path.parent
        except OSError as exc:
            raise PolicyError(f"{path}: cannot read policy profile: {exc.strerror}") from exc
    if name_or_path not in builtin_profiles():
        raise PolicyError(
            f"unknown policy profile {name_or_path!r}; built-in profiles: "
            f"{', '.join(builtin_profiles())} (or give the path of a profile file)"
        )
    resource = resources.files("sbom_audit").joinpath(f"policy/profiles/{name_or_path}.yaml")
    return resource.read_text("utf-8"), f"built-in:{name_or_path}", None


def _mapping(text: str, source: str) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PolicyError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise PolicyError(f"{source}: a profile is a mapping with name, rules, ...")
    for key in raw:
        if key not in TOP_KEYS:
            raise PolicyError(f"{source}: {key}: unknown key; known keys: {', '.join(TOP_KEYS)}")
    return raw


def _parent(
    raw: dict[str, Any],
    source: str,
    registry: Registry | None,
    base: Path | None,
    chain: tuple[str, ...],
) -> Profile | None:
    target = raw.get("extends")
    if target is None:
        return None
    if not isinstance(target, str) or not target.strip():
        raise PolicyError(f"{source}: extends: must name a built-in profile or a profile file")
    try:
        text, parent_source, parent_base = _read(target, base)
    except PolicyError as exc:
        raise PolicyError(f"{source}: extends: {exc}") from None
    if parent_source in chain:
        cycle = " -> ".join((*chain, parent_source))
        raise PolicyError(f"{source}: extends: a profile cannot extend itself: {cycle}")
    return parse_profile(text, parent_source, registry, _base=parent_base, _chain=chain)


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _build(
    raw: dict[str, Any], source: str, registry: Registry | None, lineage: tuple[str, ...]
) -> Profile:
    jurisdictions = raw.get("domestic_jurisdictions")
    if not isinstance(jurisdictions, list) or not jurisdictions:
        raise PolicyError(f"{source}: domestic_jurisdictions must list country codes, e.g. [CN]")
    for code in jurisdictions:
        if pycountry.countries.get(alpha_2=str(code)) is None:
            raise PolicyError(f"{source}: {code!r} is not an ISO 3166-1 alpha-2 country code")
    origin_by = raw.setdefault("origin_by", "controlling_parent")
    if origin_by not in ORIGIN_BY:
        raise PolicyError(f"{source}: origin_by must be one of {', '.join(ORIGIN_BY)}")
    rules = raw.get("rules") or {}
    if not isinstance(rules, dict):
        raise PolicyError(f"{source}: rules must be a mapping of rule id to settings")
    return Profile(
        name=raw["name"],
        title=raw["title"],
        domestic_jurisdictions=frozenset(str(code) for code in jurisdictions),
        origin_by=origin_by,
        rules={
            str(rule_id): parse_rule(str(rule_id), settings, f"{source}: rules.{rule_id}", registry)
            for rule_id, settings in rules.items()
        },
        source=source,
        document=raw,
        lineage=lineage,
    )


def _text(raw: dict[str, Any], key: str, source: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PolicyError(f"{source}: missing required text field {key!r}")
    return value.strip()


def profile_yaml(profile: Profile) -> str:
    """The resolved profile (after `extends`) as YAML, headed by where it came from."""
    header = [f"# {profile.name}: resolved from {profile.source}"]
    header += [f"#   extends {source}" for source in profile.lineage]
    body = yaml.safe_dump(profile.document, allow_unicode=True, sort_keys=False, width=96)
    return "\n".join(header) + "\n" + body
