"""What the audit reads from an SPDX 2.x document, in our own types, and the items made of it.

The library path (spdx-tools' `Document`) and the fast path (msgspec) both fill these records
and one function turns them into items, so the two paths cannot drift apart. Values are
normalised here the way spdx-tools normalises them (licence expressions rendered by
license-expression, enum names for checksum algorithms and purposes), so a record is the same
whichever path filled it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from sbom_audit.errors import IngestError
from sbom_audit.ingest.vendor_clues import vendor_domains
from sbom_audit.model import Item, ItemKind, Provenance

_PURL = "purl"
_CPE = ("cpe23Type", "cpe22Type")
_VENDOR_KINDS = ("Organization", "Person")  # a Tool is never a vendor
_EMAIL = re.compile(r"[^@\s()<>,;]+@[^@\s()<>,;]+\.[^@\s()<>,;]+")
# spdx-tools' ActorParser patterns (spdx_tools/spdx/parser/actor_parser.py), so that the fast
# path reads an actor exactly as the library does.
_TOOL = re.compile(r"^Tool:\s*(.+)", re.UNICODE)
_PERSON = re.compile(r"^Person:\s*(?:(.*)\((.*)\)|(.*))$", re.UNICODE)
_ORGANIZATION = re.compile(r"^Organization:\s*(?:(.*)\((.*)\)|(.*))$", re.UNICODE)
_HASH_NAMES = {
    "SHA1": "SHA-1", "SHA224": "SHA-224", "SHA256": "SHA-256", "SHA384": "SHA-384",
    "SHA512": "SHA-512", "SHA3_256": "SHA3-256", "SHA3_384": "SHA3-384", "SHA3_512": "SHA3-512",
    "BLAKE2B_256": "BLAKE2b-256", "BLAKE2B_384": "BLAKE2b-384", "BLAKE2B_512": "BLAKE2b-512",
    "BLAKE3": "BLAKE3", "MD2": "MD2", "MD4": "MD4", "MD5": "MD5", "MD6": "MD6",
    "ADLER32": "ADLER32",
}  # fmt: skip
# A relationship "A <kind> B" puts B under A (parent first) or A under B (child first).
_PARENT_FIRST = frozenset({"CONTAINS", "DEPENDS_ON"})
_CHILD_FIRST = frozenset(
    {"CONTAINED_BY", "DEPENDENCY_OF", "BUILD_DEPENDENCY_OF", "DEV_DEPENDENCY_OF",
     "OPTIONAL_DEPENDENCY_OF", "PROVIDED_DEPENDENCY_OF", "TEST_DEPENDENCY_OF",
     "RUNTIME_DEPENDENCY_OF"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SpdxActor:
    kind: str  # "Organization", "Person" or "Tool"
    name: str
    email: str | None = None


@dataclass(frozen=True, slots=True)
class SpdxPackage:
    spdx_id: str
    name: str
    version: str | None = None
    supplier: SpdxActor | None = None
    originator: SpdxActor | None = None
    external_refs: tuple[tuple[str, str], ...] = ()  # (referenceType, referenceLocator)
    hashes: tuple[str, ...] = ()
    licenses: tuple[str, ...] = ()
    purpose: str | None = None


@dataclass(frozen=True, slots=True)
class SpdxRelationship:
    element: str
    kind: str  # the RelationshipType name, e.g. "DEPENDS_ON"
    related: str


@dataclass(frozen=True, slots=True)
class SpdxDocument:
    spdx_id: str | None
    packages: tuple[SpdxPackage, ...]
    relationships: tuple[SpdxRelationship, ...]  # in document order
    described: tuple[str, ...] = ()  # documentDescribes, when not given as relationships


def check_version(version: object, path: str) -> None:
    if not isinstance(version, str) or not version.startswith("SPDX-2."):
        raise IngestError(f"{path}: {version!r} is not an SPDX 2.x version this tool reads")


def spdx_items(document: SpdxDocument, path: str) -> list[Item]:
    """One item per package, in document order."""
    subjects = _subjects(document)
    parents = parent_refs(document)
    return [
        _item(package, path, package.spdx_id in subjects, parents.get(package.spdx_id))
        for package in document.packages
    ]


def _subjects(document: SpdxDocument) -> set[str]:
    described = set(document.described)
    for relationship in document.relationships:
        if relationship.kind == "DESCRIBES" and relationship.element == document.spdx_id:
            described.add(relationship.related)
        elif relationship.kind == "DESCRIBED_BY" and relationship.related == document.spdx_id:
            described.add(relationship.element)
    return described


def parent_refs(document: SpdxDocument) -> dict[str, str]:
    """Each package's parent: the first package (by relationship order) that contains or
    depends on it. Relationships that would close a cycle are skipped, so the result is a
    forest."""
    packages = {package.spdx_id for package in document.packages}
    parent: dict[str, str] = {}
    root: dict[str, str] = {}  # union-find: a package -> a package nearer its tree's root

    def find(node: str) -> str:
        while node in root:
            root[node] = root.get(root[node], root[node])
            node = root[node]
        return node

    for relationship in document.relationships:
        pair = _parent_and_child(relationship)
        if pair is None:
            continue
        upper, lower = pair
        if upper == lower or lower in parent or upper not in packages or lower not in packages:
            continue
        top = find(upper)
        if top == lower:  # `upper` already hangs below `lower`
            continue
        parent[lower] = upper
        root[lower] = top
    return parent


def _parent_and_child(relationship: SpdxRelationship) -> tuple[str, str] | None:
    if relationship.kind in _PARENT_FIRST:
        return relationship.element, relationship.related
    if relationship.kind in _CHILD_FIRST:
        return relationship.related, relationship.element
    return None


def _item(package: SpdxPackage, path: str, is_subject: bool, parent: str | None) -> Item:
    vendor, field = _vendor(package)
    emails = tuple(
        actor.email
        for actor in (package.supplier, package.originator)
        if actor is not None and actor.email and actor.kind in _VENDOR_KINDS
    )
    refs = package.external_refs
    return Item(
        kind=ItemKind.SBOM_SUBJECT if is_subject else ItemKind.COMPONENT,
        name=package.name,
        version=package.version or None,
        vendor=vendor,
        vendor_field=field,
        vendor_domains=_domains(emails) if emails else (),
        purl=next((locator for kind, locator in refs if kind == _PURL), None),
        cpe=next((locator for kind, locator in refs if kind in _CPE), None),
        category_text=package.purpose,
        hashes=package.hashes,
        licenses=package.licenses,
        external_refs=refs,
        parent_ref=parent,
        provenance=Provenance(file=path, ref=package.spdx_id),
    )


@functools.lru_cache(maxsize=4096)
def _domains(emails: tuple[str, ...]) -> tuple[str, ...]:
    return vendor_domains(emails)


def _vendor(package: SpdxPackage) -> tuple[str | None, str | None]:
    for actor, field in ((package.supplier, "supplier"), (package.originator, "originator")):
        if actor is not None and actor.kind in _VENDOR_KINDS and actor.name.strip():
            return actor.name.strip(), field
    return None, None


def settled_actor(kind: str, name: str, email: str | None) -> SpdxActor:
    """SPDX reads trailing text in brackets as an e-mail address; when it is not one
    ("Organization: Huawei Device (Shenzhen)") it stays part of the name."""
    if email is not None and not _EMAIL.fullmatch(email):
        return SpdxActor(kind, f"{name} ({email})".strip(), None)
    return SpdxActor(kind, name, email)


def actor_from_text(text: str) -> SpdxActor | None:
    """An actor string read as spdx-tools' ActorParser reads it (None for NOASSERTION and for
    what the library would refuse)."""
    tool = _TOOL.match(text)
    if tool:
        return SpdxActor("Tool", tool.group(1).strip())
    for kind, pattern in (("Person", _PERSON), ("Organization", _ORGANIZATION)):
        match = pattern.match(text)
        if match is None:
            continue
        if match.group(3):
            return SpdxActor(kind, match.group(3).strip())
        name, email = (match.group(1) or "").strip(), (match.group(2) or "").strip()
        return settled_actor(kind, name, email or None) if name else None
    return None


def library_reads_actor(text: str) -> bool:
    """Whether spdx-tools' ActorParser accepts the string (else it refuses the document)."""
    tool = _TOOL.match(text)
    if tool:
        return bool(tool.group(1).strip())
    match = _PERSON.match(text) or _ORGANIZATION.match(text)
    return match is not None and bool(match.group(3) or match.group(1))


def hash_text(algorithm: str, value: str) -> str:
    """ "ALG:value" with CycloneDX's algorithm names ("SHA-256"), from an SPDX name in either
    spelling ("SHA256", "SHA3-256" or the enum name "SHA3_256")."""
    key = algorithm.replace("-", "_").upper()
    return f"{_HASH_NAMES.get(key, key)}:{value}"


def purpose_text(purpose: str) -> str:
    """primaryPackagePurpose as a category text: "OPERATING_SYSTEM" -> "operating-system"."""
    return purpose.replace("_", "-").lower()


def relationship_kind(kind: str) -> str:
    return kind.replace("-", "_").upper()


def licence_list(*licences: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(licence for licence in licences if licence))


@functools.lru_cache(maxsize=8192)
def licence_text(expression: str) -> str | None:
    """A licence field as spdx-tools renders it: the expression parsed and printed by
    license-expression ("mit or apache-2.0" -> "MIT OR Apache-2.0"), "NONE" kept,
    NOASSERTION left out; an expression that does not parse is kept as written."""
    if not expression or expression.upper() == "NOASSERTION":
        return None
    if expression.upper() == "NONE":
        return "NONE"
    from license_expression import ExpressionError  # ~30 ms, only when a licence is read

    try:
        parsed: Any = _licensing().parse(expression)
    except (ExpressionError, ValueError, TypeError, AttributeError):
        return expression
    return str(parsed) if parsed is not None else None


@functools.cache
def _licensing() -> Any:
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()
