"""CycloneDX JSON and XML through cyclonedx-python-lib's object model (the `--strict` path).

The library's `Bom` never leaves this module. Two of its habits shape the code:

- It keeps components and services in sorted sets, so the document order is lost and
  *identical components (without a bom-ref, or with the same one) are merged into one*.
  Items are put back in document order by matching each object to its element of the parsed
  document on (bom-ref, name, version, group, type), and on properties and hashes among
  several candidates; merged duplicates stay merged.
- It silently drops what it does not model, notably `annotations`, `compositions` and
  `formulation`; none of them carries what this audit reads.
"""

from __future__ import annotations

import warnings
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar
from xml.etree.ElementTree import Element

from cyclonedx.model.bom import Bom
from cyclonedx.model.bom_ref import BomRef
from cyclonedx.model.component import Component
from cyclonedx.model.contact import OrganizationalEntity
from cyclonedx.model.crypto import CryptoProperties
from cyclonedx.model.license import DisjunctiveLicense, License
from cyclonedx.model.service import Service as CdxService

from sbom_audit.errors import IngestError
from sbom_audit.ingest.cyclonedx.facts import (
    CRYPTO_FIELDS,
    ComponentFacts,
    EntityFacts,
    component_item,
    first_named,
    gc_paused,
    service_record,
    text,
)
from sbom_audit.ingest.interface import Limits, ReadResult
from sbom_audit.model import Item, ItemKind, Service

_Node = TypeVar("_Node", Component, CdxService)
Key = tuple[str | None, ...]
Detail = tuple[frozenset[Key], frozenset[Key]]  # (properties, hashes), to tell twins apart


def read_library_json(document: dict[str, Any], path: str, spec: str, limits: Limits) -> ReadResult:
    with gc_paused():
        bom = _load(lambda: Bom.from_json(document), path, spec)  # type: ignore[attr-defined]
        return _Reader(path, limits, _JsonTree(document)).result(bom)


def read_library_xml(root: Element, namespace: str, path: str, limits: Limits) -> ReadResult:
    spec = namespace.rsplit("/", 1)[-1]
    with gc_paused():
        bom = _load(lambda: Bom.from_xml(root), path, spec)  # type: ignore[attr-defined]
        # The library normalises the tree's texts in place, so keys read from it afterwards
        # match the objects it built.
        return _Reader(path, limits, _XmlTree(root, namespace)).result(bom)


def _load(load: Callable[[], Bom], path: str, spec: str) -> Bom:
    # Fields deprecated in newer spec versions are what older SBOMs use, and a licence with
    # both id and name is common: the library's warnings about them are noise here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return load()
        except RecursionError:
            raise IngestError(f"{path}: the document is nested too deeply to read") from None
        except Exception as exc:  # the library raises many unrelated types for malformed data
            raise IngestError(f"{path}: not a valid CycloneDX {spec} document: {exc}") from exc


class _JsonTree:
    """The decoded JSON, to find each library object's place in the document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def subject(self) -> Any:
        metadata = self.document.get("metadata")
        return metadata.get("component") if isinstance(metadata, dict) else None

    def children(self, node: Any, kind: str) -> list[Any]:
        source = self.document if node is None else node
        found = source.get(kind) if isinstance(source, dict) else None
        if not isinstance(found, list):
            return []
        return [child for child in found if isinstance(child, dict)]

    def key(self, node: Any) -> Key:
        fields = (node.get("bom-ref"), node.get("name"), node.get("version"), node.get("group"))
        return (*_key(fields), text(node.get("type", "library")))

    def detail(self, node: Any) -> Detail:
        properties = _pairs(node.get("properties"), "name", "value")
        return properties, _pairs(node.get("hashes"), "alg", "content")


class _XmlTree:
    """The parsed XML, for the same purpose."""

    def __init__(self, root: Element, namespace: str) -> None:
        self.root = root
        self.prefix = f"{{{namespace}}}"

    def subject(self) -> Element | None:
        return self.root.find(f"{self.prefix}metadata/{self.prefix}component")

    def children(self, node: Element | None, kind: str) -> list[Element]:
        source = self.root if node is None else node
        return source.findall(f"{self.prefix}{kind}/{self.prefix}{kind[:-1]}")

    def key(self, node: Element) -> Key:
        texts = (node.findtext(f"{self.prefix}{tag}") for tag in ("name", "version", "group"))
        return (*_key((node.get("bom-ref"), *texts)), node.get("type", "library"))

    def detail(self, node: Element) -> Detail:
        return self._pairs(node, "properties", "property", "name"), self._pairs(
            node, "hashes", "hash", "alg"
        )

    def _pairs(self, node: Element, plural: str, tag: str, attribute: str) -> frozenset[Key]:
        elements = node.findall(f"{self.prefix}{plural}/{self.prefix}{tag}")
        return frozenset(_key((e.get(attribute), (e.text or "").strip())) for e in elements)


def _key(values: Iterable[Any]) -> Key:
    return tuple(text(value) or None for value in values)


def _pairs(values: Any, first: str, second: str) -> frozenset[Key]:
    if not isinstance(values, list):
        return frozenset()
    return frozenset(_key((v.get(first), v.get(second))) for v in values if isinstance(v, dict))


def _object_detail(node: Component | CdxService) -> Detail:
    properties = frozenset(_key((p.name, p.value)) for p in node.properties)
    hashes = getattr(node, "hashes", ())
    return properties, frozenset(_key((h.alg, h.content)) for h in hashes)


def _object_key(node: Component | CdxService) -> Key:
    kind = text(node.type) if isinstance(node, Component) else "library"
    return (*_key((node.bom_ref.value, node.name, node.version, node.group)), kind)


class _Reader:
    def __init__(self, path: str, limits: Limits, tree: _JsonTree | _XmlTree) -> None:
        self.path = path
        self.limit = limits.max_nesting_depth
        self.tree = tree

    def result(self, bom: Bom) -> ReadResult:
        items = list(self.items(bom))
        services = list(self.services(bom.services, self.tree.children(None, "services"), 1))
        return ReadResult(items, [], services)

    def items(self, bom: Bom) -> Iterator[Item]:
        metadata = bom.metadata
        subject = metadata.component
        if subject is not None:
            fallback = first_named(
                *map(_entity, (metadata.manufacturer, metadata.manufacture, metadata.supplier))
            )
            yield self._item(subject, ItemKind.SBOM_SUBJECT, None, fallback)
            raw = self.tree.children(self.tree.subject(), "components")
            yield from self._walk(subject.components, raw, subject, 2)
        yield from self._walk(bom.components, self.tree.children(None, "components"), None, 1)

    def _walk(
        self, components: Iterable[Component], raw: list[Any], parent: Component | None, depth: int
    ) -> Iterator[Item]:
        if not components:
            return
        if depth > self.limit:
            raise IngestError(f"{self.path}: components are nested more than {self.limit} deep")
        parent_ref = parent.bom_ref.value if parent else None
        for component, element in self._in_document_order(components, raw):
            yield self._item(component, ItemKind.COMPONENT, parent_ref, None)
            children = self.tree.children(element, "components") if element is not None else []
            yield from self._walk(component.components, children, component, depth + 1)

    def services(
        self, services: Iterable[CdxService], raw: list[Any], depth: int
    ) -> Iterator[Service]:
        if depth > self.limit:
            raise IngestError(f"{self.path}: services are nested more than {self.limit} deep")
        for service, element in self._in_document_order(services, raw):
            provider = service.provider.name if service.provider else None
            endpoints = [str(endpoint) for endpoint in service.endpoints]
            yield service_record(
                self.path, service.name, service.bom_ref.value, service.version, provider, endpoints
            )
            children = self.tree.children(element, "services") if element is not None else []
            yield from self.services(service.services, children, depth + 1)

    def _in_document_order(
        self, nodes: Iterable[_Node], raw: Sequence[Any]
    ) -> list[tuple[_Node, Any]]:
        """Each object with its document element, in document order. An object whose element
        is not found (a key the document spells differently) goes last, in library order."""
        slots: defaultdict[Key, deque[int]] = defaultdict(deque)
        for index, element in enumerate(raw):
            slots[self.tree.key(element)].append(index)
        placed: list[tuple[int, _Node]] = []
        for order, node in enumerate(nodes):
            queue = slots.get(_object_key(node))
            placed.append((self._take(queue, node, raw) if queue else len(raw) + order, node))
        placed.sort(key=lambda pair: pair[0])
        return [(node, raw[index] if index < len(raw) else None) for index, node in placed]

    def _take(self, queue: deque[int], node: _Node, raw: Sequence[Any]) -> int:
        """The first candidate element; among several with the same key (the same jar listed
        twice without bom-refs, at two locations), the first whose properties and hashes
        match as well."""
        if len(queue) > 1:
            detail = _object_detail(node)
            for index in queue:
                if self.tree.detail(raw[index]) == detail:
                    queue.remove(index)
                    return index
        return queue.popleft()

    def _item(
        self,
        component: Component,
        kind: ItemKind,
        parent_ref: str | None,
        fallback: EntityFacts | None,
    ) -> Item:
        facts = ComponentFacts(
            kind=kind,
            name=component.name,
            type=component.type,
            bom_ref=component.bom_ref.value,
            parent_ref=parent_ref,
            version=component.version,
            group=component.group,
            publisher=component.publisher,
            author=component.author,
            supplier=_entity(component.supplier),
            manufacturer=_entity(component.manufacturer),
            fallback=fallback,
            authors=[(author.name, author.email) for author in component.authors],
            purl=str(component.purl) if component.purl is not None else None,
            cpe=component.cpe,
            swid=component.swid.tag_id if component.swid else None,
            hashes=[(h.alg, h.content) for h in component.hashes],
            licenses=[_license(licence) for licence in component.licenses],
            properties=[(p.name, p.value) for p in component.properties],
            external_refs=[(r.type, str(r.url)) for r in component.external_references],
            crypto=_crypto(component.crypto_properties),
        )
        return component_item(facts, self.path)


def _entity(entity: OrganizationalEntity | None) -> EntityFacts | None:
    if entity is None:
        return None
    urls = [str(url) for url in entity.urls]
    return EntityFacts(entity.name, urls, [contact.email for contact in entity.contacts])


def _license(licence: License | None) -> Any:
    if isinstance(licence, DisjunctiveLicense):
        return licence.id or licence.name
    return licence.value if licence is not None else None  # XML <license/> gives None


def _crypto(properties: CryptoProperties | None) -> list[tuple[str, Any]]:
    if properties is None:
        return []
    pairs: list[tuple[str, Any]] = []
    for name, _, steps in CRYPTO_FIELDS:
        value: Any = properties
        for step in steps:
            value = getattr(value, step, None)
        values = value if isinstance(value, Iterable) and not isinstance(value, str) else [value]
        pairs.extend((name, _plain(each)) for each in values if each is not None)
    return pairs


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, BomRef) else value
