"""Load and validate vendor-origin registry layers (YAML files in a directory).

The shipped registry is the first layer; each `--registry DIR` adds a layer on top, and an
entry with the same `id` in a later layer replaces the earlier one. Every error names the
file and line of the offending entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pycountry
import yaml

from sbom_audit.errors import RegistryError
from sbom_audit.registry.normalize import is_valid_domain
from sbom_audit.registry.vendor import Vendor
from sbom_audit.taxonomy import load_taxonomy

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PURL_NAMESPACE = re.compile(r"^[a-z][a-z0-9.+-]*/\S+$")
_FIELDS = frozenset(
    {
        "id", "name", "country", "parent", "aliases", "domains", "cpe_vendors",
        "purl_namespaces", "categories", "source", "checked", "notes",
    }
)  # fmt: skip
_LINE_KEY = "__line__"


def shipped_registry_dir() -> Path:
    """The registry that ships with sbom-audit (inside the wheel, or in a source checkout)."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_data" / "vendor_origins"
    if installed.is_dir():
        return installed
    return package.parent / "data" / "vendor_origins"


def load_layer(directory: Path) -> list[Vendor]:
    """Every vendor in the `*.yaml` files of one directory, validated one by one."""
    if not directory.is_dir():
        raise RegistryError(f"{directory}: registry directory not found")
    files = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    if not files:
        raise RegistryError(f"{directory}: no *.yaml registry files in this directory")
    vendors: list[Vendor] = []
    for path in files:
        vendors.extend(_load_file(path))
    return vendors


def layer_digest(directories: Iterable[Path]) -> str:
    """A short content hash of the registry files, recorded in reports for reproducibility."""
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted(directory.glob("*.y*ml")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _load_file(path: Path) -> Iterator[Vendor]:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: not valid UTF-8 YAML: {exc}") from exc
    if document is None:
        return
    if not isinstance(document, list):
        raise RegistryError(f"{path}: expected a list of vendor entries at the top level")
    for entry in document:
        yield _vendor(entry, path)


def _vendor(entry: Any, path: Path) -> Vendor:
    if not isinstance(entry, dict):
        raise RegistryError(f"{path}: each list item must be a mapping of vendor fields")
    line = entry.pop(_LINE_KEY, 0)
    where = f"{path}:{line}"
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {', '.join(unknown)}")
    vendor_id = _required_text(entry, "id", where)
    if not _ID.match(vendor_id):
        raise RegistryError(f"{where}: id {vendor_id!r} must be lowercase letters, digits and -")
    country = _required_text(entry, "country", where).upper()
    if pycountry.countries.get(alpha_2=country) is None:
        raise RegistryError(f"{where}: {country!r} is not an ISO 3166-1 alpha-2 country code")
    return Vendor(
        id=vendor_id,
        name=_required_text(entry, "name", where),
        country=country,
        parent=_optional_text(entry, "parent", where),
        aliases=_text_list(entry, "aliases", where),
        domains=_domains(entry, where),
        cpe_vendors=tuple(v.lower() for v in _text_list(entry, "cpe_vendors", where)),
        purl_namespaces=_purl_namespaces(entry, where),
        categories=_categories(entry, where),
        source=_required_text(entry, "source", where),
        checked=_checked(entry, where),
        notes=_optional_text(entry, "notes", where),
        defined_at=where,
    )


def _required_text(entry: dict[str, Any], key: str, where: str) -> str:
    value = _optional_text(entry, key, where)
    if value is None:
        raise RegistryError(f"{where}: missing required field {key!r}")
    return value


def _optional_text(entry: dict[str, Any], key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RegistryError(f"{where}: field {key!r} must be text")
    text = str(value).strip()
    return text or None


def _text_list(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RegistryError(f"{where}: field {key!r} must be a list of non-empty texts")
    return tuple(v.strip() for v in value)


def _domains(entry: dict[str, Any], where: str) -> tuple[str, ...]:
    domains = tuple(d.lower() for d in _text_list(entry, "domains", where))
    for domain in domains:
        if not is_valid_domain(domain):
            raise RegistryError(
                f"{where}: {domain!r} is not a registrable domain (write e.g. huawei.com, "
                "without scheme, path or www)"
            )
    return domains


def _purl_namespaces(entry: dict[str, Any], where: str) -> tuple[str, ...]:
    namespaces = _text_list(entry, "purl_namespaces", where)
    for namespace in namespaces:
        if not _PURL_NAMESPACE.match(namespace):
            raise RegistryError(
                f"{where}: purl namespace {namespace!r} must be '<type>/<namespace>', "
                "e.g. maven/com.huawei or npm/@alicloud"
            )
    return namespaces


def _categories(entry: dict[str, Any], where: str) -> tuple[str, ...]:
    categories = _text_list(entry, "categories", where)
    if not categories:
        raise RegistryError(f"{where}: at least one category is required")
    known = load_taxonomy().categories
    for category in categories:
        if category not in known:
            raise RegistryError(
                f"{where}: unknown category {category!r}; known: {', '.join(sorted(known))}"
            )
    return categories


def _checked(entry: dict[str, Any], where: str) -> dt.date:
    value = entry.get("checked")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise RegistryError(f"{where}: field 'checked' must be a date such as 2026-11-23")


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line each mapping starts on."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE_KEY] = node.start_mark.line + 1
        return mapping
