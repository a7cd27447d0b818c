"""CycloneDX JSON through cyclonedx-python-lib. The library's `Bom` never leaves this module."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator

from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component
from cyclonedx.model.contact import OrganizationalContact, OrganizationalEntity
from cyclonedx.schema.deprecation import BaseSchemaDeprecationWarning

from sbom_audit.errors import IngestError
from sbom_audit.ingest.detect import Detected, load_json_object
from sbom_audit.ingest.interface import IngestOptions, ReadResult
from sbom_audit.ingest.vendor_clues import vendor_domains
from sbom_audit.model import Item, ItemKind, Provenance

_SUPPORTED_SPEC_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7")


def read_cyclonedx_json(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    """The library path: the whole document through cyclonedx-python-lib's object model."""
    document = load_json_object(detected.data, path)
    spec = str(document.get("specVersion", ""))
    if spec not in _SUPPORTED_SPEC_VERSIONS:
        raise IngestError(
            f"{path}: CycloneDX JSON specVersion {spec or '(missing)'!r} is not supported "
            f"(supported: {', '.join(_SUPPORTED_SPEC_VERSIONS)})"
        )
    # Fields deprecated in newer spec versions are still what older SBOMs use; reading
    # them is the point, so the library's deprecation warnings are noise here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BaseSchemaDeprecationWarning)
        try:
            bom = Bom.from_json(document)  # type: ignore[attr-defined]
        except Exception as exc:  # the library raises many unrelated types for malformed data
            raise IngestError(f"{path}: not a valid CycloneDX {spec} document: {exc}") from exc
        return ReadResult(list(_items(bom, path)))


def _items(bom: Bom, path: str) -> Iterator[Item]:
    subject = bom.metadata.component
    if subject is not None:
        fallback = _first_entity(
            bom.metadata.manufacturer, bom.metadata.manufacture, bom.metadata.supplier
        )
        yield _item(subject, path, ItemKind.SBOM_SUBJECT, fallback)
    for component in _walk(bom.components):
        yield _item(component, path, ItemKind.COMPONENT, None)


def _walk(components: Iterable[Component]) -> Iterator[Component]:
    for component in components:
        yield component
        yield from _walk(component.components)


def _first_entity(*entities: OrganizationalEntity | None) -> OrganizationalEntity | None:
    return next((entity for entity in entities if entity is not None and entity.name), None)


def _item(
    component: Component, path: str, kind: ItemKind, fallback: OrganizationalEntity | None
) -> Item:
    vendor, field = _vendor(component, fallback)
    entities = [e for e in (component.manufacturer, component.supplier, fallback) if e]
    return Item(
        kind=kind,
        name=component.name,
        version=component.version or None,
        vendor=vendor,
        vendor_field=field,
        vendor_domains=vendor_domains(_entity_clues(entities, component.authors)),
        purl=str(component.purl) if component.purl else None,
        cpe=component.cpe or None,
        category_text=component.type.value,
        provenance=Provenance(file=path, ref=component.bom_ref.value or None),
    )


def _vendor(
    component: Component, fallback: OrganizationalEntity | None
) -> tuple[str | None, str | None]:
    candidates: list[tuple[str | None, str]] = [
        (component.manufacturer.name if component.manufacturer else None, "manufacturer"),
        (component.supplier.name if component.supplier else None, "supplier"),
        (component.publisher, "publisher"),
        (next((a.name for a in component.authors if a.name), None), "authors"),
        (component.author, "author"),
        (fallback.name if fallback else None, "metadata"),
    ]
    for value, field in candidates:
        if value and value.strip():
            return value.strip(), field
    return None, None


def _entity_clues(
    entities: Iterable[OrganizationalEntity], authors: Iterable[OrganizationalContact]
) -> list[str]:
    clues: list[str] = []
    for entity in entities:
        clues.extend(str(url) for url in entity.urls)
        clues.extend(contact.email for contact in entity.contacts if contact.email)
    clues.extend(author.email for author in authors if author.email)
    return clues


# Filled in by the readers still to come; until then they share the library path or refuse.
read_cyclonedx_json_fast = read_cyclonedx_json


def read_cyclonedx_xml(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    raise IngestError(f"{path}: CycloneDX XML input is not supported yet; convert it to JSON")
