"""SPDX 2.x JSON straight from the bytes: msgspec decodes only the fields the audit reads.

No spdx-tools objects are built (nor is the library imported). The items equal those of the
library path after the same actor repairs (tests/test_spdx_fast_path.py compares them on the
corpus). Where the library refuses a whole document over a value this path does not read (a
timestamp, a file without checksums) or cannot parse (a licence expression, kept as written),
this path reads it all the same. Objects of the wrong shape are refused with the JSON path
msgspec names.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager

import msgspec

from sbom_audit.errors import IngestError
from sbom_audit.ingest.detect import json_error
from sbom_audit.ingest.spdx.extract import (
    SpdxActor,
    SpdxDocument,
    SpdxPackage,
    SpdxRelationship,
    actor_from_text,
    check_version,
    hash_text,
    licence_list,
    licence_text,
    purpose_text,
    relationship_kind,
)
from sbom_audit.ingest.spdx.repair import Repairs, note_actor, repaired_actor


class _Checksum(msgspec.Struct, gc=False):
    algorithm: str | None = None
    checksumValue: str | None = None


class _ExternalRef(msgspec.Struct, gc=False):
    referenceType: str | None = None
    referenceLocator: str | None = None


class _Package(msgspec.Struct, gc=False):
    SPDXID: str
    name: str
    versionInfo: str | None = None
    supplier: str | None = None
    originator: str | None = None
    externalRefs: list[_ExternalRef] | None = None
    checksums: list[_Checksum] | None = None
    licenseDeclared: str | None = None
    licenseConcluded: str | None = None
    primaryPackagePurpose: str | None = None
    hasFiles: list[str] | None = None


class _Relationship(msgspec.Struct, gc=False):
    spdxElementId: str | None = None
    relationshipType: str | None = None
    relatedSpdxElement: str | None = None


class _Document(msgspec.Struct, gc=False):
    spdxVersion: object = None  # checked below, with the same message as the library path
    SPDXID: str | None = None
    documentDescribes: list[str] | None = None
    packages: list[_Package] | None = None
    relationships: list[_Relationship] | None = None


_DECODER = msgspec.json.Decoder(_Document)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Decoding and item building make tens of thousands of objects and no cycles: the
    collector would only walk them again and again (2-3x the time at 20,000 packages)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def decode_spdx_json(data: bytes, path: str, repairs: Repairs) -> SpdxDocument:
    """The fields the audit reads, as our own records."""
    try:
        document = _DECODER.decode(data)
    except msgspec.ValidationError as exc:
        raise IngestError(f"{path}: not a valid SPDX document: {exc}") from None
    except msgspec.DecodeError:
        raise IngestError(f"{path}: not valid JSON: {json_error(data)}") from None
    except RecursionError:
        raise IngestError(f"{path}: not valid JSON: nested too deeply") from None
    check_version(document.spdxVersion, path)
    packages = document.packages or []
    return SpdxDocument(
        spdx_id=document.SPDXID,
        packages=tuple(_package(p, index, repairs) for index, p in enumerate(packages)),
        relationships=_relationships(document, packages),
        described=tuple(document.documentDescribes or ()),
    )


def _package(package: _Package, index: int, repairs: Repairs) -> SpdxPackage:
    refs = package.externalRefs or ()
    return SpdxPackage(
        spdx_id=package.SPDXID,
        name=package.name,
        version=package.versionInfo or None,
        supplier=_actor(package.supplier, index, package, "supplier", repairs),
        originator=_actor(package.originator, index, package, "originator", repairs),
        external_refs=tuple(
            (r.referenceType, r.referenceLocator)
            for r in refs
            if r.referenceType is not None and r.referenceLocator is not None
        ),
        hashes=tuple(
            hash_text(c.algorithm, c.checksumValue)
            for c in package.checksums or ()
            if c.algorithm is not None and c.checksumValue is not None
        ),
        licenses=licence_list(
            licence_text(package.licenseDeclared or ""),
            licence_text(package.licenseConcluded or ""),
        ),
        purpose=purpose_text(package.primaryPackagePurpose)
        if package.primaryPackagePurpose
        else None,
    )


def _actor(
    text: str | None, index: int, package: _Package, field: str, repairs: Repairs
) -> SpdxActor | None:
    if not text:
        return None
    repaired, actor = _read_actor(text)
    if repaired is not None:
        where = f"$.packages[{index}] ({package.SPDXID})"  # as the library path words it
        note_actor(repairs, where, field, text, repaired)
    return actor


@functools.lru_cache(maxsize=4096)
def _read_actor(text: str) -> tuple[str | None, SpdxActor | None]:
    # suppliers repeat: an SBOM names the same few organisations thousands of times
    repaired = repaired_actor(text)
    return repaired, actor_from_text(text if repaired is None else repaired)


def _relationships(document: _Document, packages: list[_Package]) -> tuple[SpdxRelationship, ...]:
    """The relationships in spdx-tools' order: the list as given, then a package's hasFiles
    as CONTAINS (where not given already)."""
    relationships = [
        SpdxRelationship(
            r.spdxElementId, relationship_kind(r.relationshipType), r.relatedSpdxElement
        )
        for r in document.relationships or ()
        if r.spdxElementId is not None
        and r.relationshipType is not None
        and r.relatedSpdxElement is not None
    ]
    ids = {package.SPDXID for package in packages}
    known = {(r.element, r.kind, r.related) for r in relationships}
    for package in packages:
        for target in dict.fromkeys(package.hasFiles or ()):
            contains = (package.SPDXID, "CONTAINS", target)
            inverse = (target, "CONTAINED_BY", package.SPDXID)
            if target in ids and contains not in known and inverse not in known:
                relationships.append(SpdxRelationship(*contains))
                known.add(contains)
    return tuple(relationships)
