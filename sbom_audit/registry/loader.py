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


def load_layer(directory: Path, tier: str = "curated") -> list[Vendor]:
    """Every vendor in the `*.yaml` files of one directory; RegistryError lists all problems."""
    vendors, problems = read_layer(directory, tier)
    if problems:
        raise RegistryError("\n".join(problems))
    return vendors


def read_layer(directory: Path, tier: str = "curated") -> tuple[list[Vendor], list[str]]:
    """The valid vendors of one directory, and a message for each problem found (all of them,
    each starting with file and line), for `registry validate`."""
    if not directory.is_dir():
        return [], [f"{directory}: registry directory not found"]
    files = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    if not files:
        return [], [f"{directory}: no *.yaml registry files in this directory"]
    vendors: list[Vendor] = []
    problems: list[str] = []
    for path in files:
        vendors.extend(_read_file(path, tier, problems))
    return vendors, problems


def layer_digest(directories: Iterable[Path], extra_files: Iterable[Path] = ()) -> str:
    """A short content hash of the registry files, recorded in reports for reproducibility."""
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted(directory.glob("*.y*ml")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    for path in extra_files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _read_file(path: Path, tier: str, problems: list[str]) -> Iterator[Vendor]:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: not valid UTF-8 YAML: {exc}")
        return
    if document is None:
        return
    if not isinstance(document, list):
        problems.append(f"{path}: expected a list of vendor entries at the top level")
        return
    for entry in document:
        if not isinstance(entry, dict):
            problems.append(f"{path}: each list item must be a mapping of vendor fields")
            continue
        fields = _Fields(entry, f"{path}:{entry.pop(_LINE_KEY, 0)}")
        vendor = fields.vendor(tier)
        problems.extend(fields.problems)
        if vendor is not None:
            yield vendor


class _Fields:
    """One entry's fields, checked one by one; every problem is kept, not only the first."""

    def __init__(self, entry: dict[str, Any], where: str) -> None:
        self.entry = entry
        self.where = where
        self.problems: list[str] = []

    def fail(self, reason: str) -> None:
        self.problems.append(f"{self.where}: {reason}")

    def vendor(self, tier: str) -> Vendor | None:
        unknown = sorted(str(key) for key in set(self.entry) - _FIELDS)
        if unknown:
            self.fail(f"unknown field(s) {', '.join(unknown)}")
        vendor = Vendor(
            id=self.identifier(),
            name=self.required_text("name"),
            country=self.country(),
            parent=self.optional_text("parent"),
            aliases=self.text_list("aliases"),
            domains=self.domains(),
            cpe_vendors=tuple(v.lower() for v in self.text_list("cpe_vendors")),
            purl_namespaces=self.purl_namespaces(),
            categories=self.categories(),
            source=self.source(),
            checked=self.checked(),
            notes=self.optional_text("notes"),
            defined_at=self.where,
            tier=tier,
        )
        return None if self.problems else vendor

    def identifier(self) -> str:
        vendor_id = self.required_text("id")
        if vendor_id and not _ID.match(vendor_id):
            self.fail(f"id {vendor_id!r} must be lowercase letters, digits and -")
        return vendor_id

    def country(self) -> str:
        country = self.required_text("country").upper()
        if country and pycountry.countries.get(alpha_2=country) is None:
            self.fail(f"{country!r} is not an ISO 3166-1 alpha-2 country code")
        return country

    def required_text(self, key: str) -> str:
        known_problems = len(self.problems)
        value = self.optional_text(key)
        if value is None and len(self.problems) == known_problems:
            self.fail(f"missing required field {key!r}")
        return value or ""

    def optional_text(self, key: str) -> str | None:
        value = self.entry.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(f"field {key!r} must be text")
            return None
        text = str(value).strip()
        return text or None

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(f"field {key!r} must be a list of non-empty texts")
            return ()
        return tuple(v.strip() for v in value)

    def domains(self) -> tuple[str, ...]:
        domains = tuple(d.lower() for d in self.text_list("domains"))
        for domain in domains:
            if not is_valid_domain(domain):
                self.fail(
                    f"{domain!r} is not a registrable domain (write e.g. huawei.com, "
                    "without scheme, path or www)"
                )
        return domains

    def purl_namespaces(self) -> tuple[str, ...]:
        namespaces = self.text_list("purl_namespaces")
        for namespace in namespaces:
            if not _PURL_NAMESPACE.match(namespace):
                self.fail(
                    f"purl namespace {namespace!r} must be '<type>/<namespace>', "
                    "e.g. maven/com.huawei or npm/@alicloud"
                )
        return namespaces

    def categories(self) -> tuple[str, ...]:
        known_problems = len(self.problems)
        categories = self.text_list("categories")
        if not categories and len(self.problems) == known_problems:
            self.fail("at least one category is required")
        known = load_taxonomy().categories
        for category in categories:
            if category not in known:
                self.fail(f"unknown category {category!r}; known: {', '.join(sorted(known))}")
        return categories

    def source(self) -> str:
        source = self.required_text("source")
        if source and not source.startswith(("https://", "http://")):
            self.fail(f"source {source!r} must be the URL of a public page")
        return source

    def checked(self) -> dt.date:
        value = self.entry.get("checked")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail("field 'checked' must be a date such as 2026-11-23")
        return dt.date.min


try:  # libyaml parses the registry 50 times faster than the pure-Python parser
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _LineLoader(_SafeLoader):
    """A safe loader that remembers the line each mapping starts on."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE_KEY] = node.start_mark.line + 1
        return mapping
