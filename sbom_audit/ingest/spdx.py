"""SPDX 2.x JSON through spdx-tools. The library's `Document` never leaves this module."""

from __future__ import annotations

from spdx_tools.spdx.model.actor import Actor
from spdx_tools.spdx.model.document import Document
from spdx_tools.spdx.model.package import Package
from spdx_tools.spdx.model.relationship import RelationshipType
from spdx_tools.spdx.parser.error import SPDXParsingError
from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser

from sbom_audit.errors import IngestError
from sbom_audit.ingest.detect import Detected, load_json_object
from sbom_audit.ingest.interface import IngestOptions, ReadResult
from sbom_audit.ingest.vendor_clues import vendor_domains
from sbom_audit.model import Item, ItemKind, Provenance

_PURL = "purl"
_CPE = ("cpe23Type", "cpe22Type")


def read_spdx_json(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    """The library path: the whole document through spdx-tools' object model."""
    document = load_json_object(detected.data, path)
    version = str(document.get("spdxVersion", ""))
    if not version.startswith("SPDX-2."):
        raise IngestError(f"{path}: {version!r} is not an SPDX 2.x version this tool reads")
    try:
        # The dict parser takes the already-decoded JSON, so the file name's extension
        # (which spdx-tools' parse_file would go by) plays no part.
        parsed = JsonLikeDictParser().parse(document)
    except SPDXParsingError as exc:
        reasons = "; ".join(exc.get_messages()[:3])
        raise IngestError(f"{path}: not a valid SPDX document: {reasons}") from exc
    except Exception as exc:  # the parser raises assorted types for malformed input
        raise IngestError(f"{path}: not a valid SPDX document: {exc}") from exc
    subjects = _described_ids(parsed)
    items = [_item(package, path, package.spdx_id in subjects) for package in parsed.packages]
    return ReadResult(items)


def _described_ids(document: Document) -> set[str]:
    described: set[str] = set()
    for relationship in document.relationships:
        kind, target = relationship.relationship_type, relationship.related_spdx_element_id
        if kind == RelationshipType.DESCRIBES and isinstance(target, str):
            if relationship.spdx_element_id == document.creation_info.spdx_id:
                described.add(target)
        elif kind == RelationshipType.DESCRIBED_BY:
            described.add(relationship.spdx_element_id)
    return described


def _item(package: Package, path: str, is_subject: bool) -> Item:
    vendor, field = _vendor(package)
    refs = package.external_references
    purl = next((r.locator for r in refs if r.reference_type == _PURL), None)
    cpe = next((r.locator for r in refs if r.reference_type in _CPE), None)
    actors = [a for a in (package.supplier, package.originator) if isinstance(a, Actor)]
    purpose = package.primary_package_purpose
    return Item(
        kind=ItemKind.SBOM_SUBJECT if is_subject else ItemKind.COMPONENT,
        name=package.name,
        version=package.version or None,
        vendor=vendor,
        vendor_field=field,
        vendor_domains=vendor_domains(a.email for a in actors if a.email),
        purl=purl,
        cpe=cpe,
        category_text=purpose.name.replace("_", "-").lower() if purpose else None,
        provenance=Provenance(file=path, ref=package.spdx_id),
    )


def _vendor(package: Package) -> tuple[str | None, str | None]:
    for actor, field in ((package.supplier, "supplier"), (package.originator, "originator")):
        if isinstance(actor, Actor) and actor.name.strip():
            return actor.name.strip(), field
    return None, None


# Filled in by the readers still to come; until then they share the library path or refuse.
read_spdx_json_fast = read_spdx_json


def read_spdx_serialised(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    """SPDX 2.x as YAML, XML, tag-value or RDF/XML."""
    raise IngestError(f"{path}: {detected.format.value} input is not supported yet")
