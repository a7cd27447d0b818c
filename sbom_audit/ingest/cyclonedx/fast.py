"""CycloneDX JSON straight from the bytes: msgspec decodes only the fields the audit reads.

No cyclonedx-python-lib objects are built (nor is the library imported). The items equal
those of the library path (tests/test_cyclonedx_fast_path.py compares them on the corpus);
where the library refuses a whole document over one bad value (an unknown enum value, a purl
that does not parse, a component without a name), this path keeps the value as written and
says so in a warning; a lone string where the schema wants a list of them is read as a list
of one (the library would split it into characters). Objects of the wrong shape are refused
with the JSON path msgspec names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import msgspec

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
from sbom_audit.ingest.cyclonedx.purl import canonical_purl
from sbom_audit.ingest.interface import Limits, ReadResult
from sbom_audit.model import Item, ItemKind, Service

# The library's ComponentType values (CycloneDX 1.0-1.7); "library" when a component has none.
COMPONENT_TYPES = frozenset(
    {"application", "container", "cryptographic-asset", "data", "device", "device-driver",
     "file", "firmware", "framework", "library", "machine-learning-model", "operating-system",
     "platform"}
)  # fmt: skip


class _Contact(msgspec.Struct, gc=False):
    name: Any = None
    email: Any = None


class _Entity(msgspec.Struct, gc=False):
    name: Any = None
    url: Any = None
    contact: list[_Contact] | None = None


class _Hash(msgspec.Struct, gc=False):
    alg: Any = None
    content: Any = None


class _LicenseBody(msgspec.Struct, gc=False):
    id: Any = None
    name: Any = None


class _License(msgspec.Struct, gc=False):
    license: _LicenseBody | None = None
    expression: Any = None


class _Property(msgspec.Struct, gc=False):
    name: Any = None
    value: Any = None


class _ExternalReference(msgspec.Struct, gc=False):
    type: Any = None
    url: Any = None


class _Swid(msgspec.Struct, gc=False):
    tagId: Any = None


class _AlgorithmProperties(msgspec.Struct, gc=False):
    primitive: Any = None
    parameterSetIdentifier: Any = None
    curve: Any = None
    executionEnvironment: Any = None
    implementationPlatform: Any = None
    certificationLevel: Any = None
    mode: Any = None
    padding: Any = None
    cryptoFunctions: Any = None
    classicalSecurityLevel: Any = None
    nistQuantumSecurityLevel: Any = None


class _CertificateProperties(msgspec.Struct, gc=False):
    subjectName: Any = None
    issuerName: Any = None
    signatureAlgorithmRef: Any = None
    subjectPublicKeyRef: Any = None
    certificateFormat: Any = None
    certificateExtension: Any = None


class _SecuredBy(msgspec.Struct, gc=False):
    mechanism: Any = None
    algorithmRef: Any = None


class _RelatedCryptoMaterialProperties(msgspec.Struct, gc=False):
    type: Any = None
    id: Any = None
    state: Any = None
    algorithmRef: Any = None
    size: Any = None
    format: Any = None
    securedBy: _SecuredBy | None = None


class _ProtocolProperties(msgspec.Struct, gc=False):
    type: Any = None
    version: Any = None
    cryptoRefArray: Any = None


class _CryptoProperties(msgspec.Struct, gc=False):
    assetType: Any = None
    oid: Any = None
    algorithmProperties: _AlgorithmProperties | None = None
    certificateProperties: _CertificateProperties | None = None
    relatedCryptoMaterialProperties: _RelatedCryptoMaterialProperties | None = None
    protocolProperties: _ProtocolProperties | None = None


class _Component(msgspec.Struct, gc=False):
    name: Any = None
    type: Any = None
    bom_ref: Any = msgspec.field(name="bom-ref", default=None)
    version: Any = None
    group: Any = None
    publisher: Any = None
    author: Any = None
    supplier: _Entity | None = None
    manufacturer: _Entity | None = None
    authors: list[_Contact] | None = None
    purl: Any = None
    cpe: Any = None
    swid: _Swid | None = None
    hashes: list[_Hash] | None = None
    licenses: list[_License] | None = None
    properties: list[_Property] | None = None
    externalReferences: list[_ExternalReference] | None = None
    cryptoProperties: _CryptoProperties | None = None
    components: list[_Component] | None = None


class _Service(msgspec.Struct, gc=False):
    name: Any = None
    bom_ref: Any = msgspec.field(name="bom-ref", default=None)
    version: Any = None
    provider: _Entity | None = None
    endpoints: Any = None
    services: list[_Service] | None = None


class _Metadata(msgspec.Struct, gc=False):
    component: _Component | None = None
    manufacturer: _Entity | None = None
    manufacture: _Entity | None = None
    supplier: _Entity | None = None


class _Bom(msgspec.Struct, gc=False):
    metadata: _Metadata | None = None
    components: list[_Component] | None = None
    services: list[_Service] | None = None


_DECODER = msgspec.json.Decoder(_Bom)


def read_fast(data: bytes, path: str, spec: str, limits: Limits) -> ReadResult:
    with gc_paused():
        bom = _decode(data, path, spec)
        reader = _Reader(path, limits)
        items = list(reader.items(bom))
        services = list(reader.services(bom.services or [], "$.services", 1))
    return ReadResult(items, reader.warnings(), services)


def _decode(data: bytes, path: str, spec: str) -> _Bom:
    try:
        return _DECODER.decode(data)
    except msgspec.ValidationError as exc:
        raise IngestError(f"{path}: not a valid CycloneDX {spec} document: {exc}") from None
    except msgspec.DecodeError as exc:
        raise IngestError(f"{path}: not valid JSON: {exc}") from None
    except RecursionError:
        raise IngestError(f"{path}: the JSON is nested too deeply to read") from None


class _Reader:
    """Walks the decoded document in document order, counting what it had to tolerate."""

    def __init__(self, path: str, limits: Limits) -> None:
        self.path = path
        self.limit = limits.max_nesting_depth
        self.problems: Counter[str] = Counter()
        self.first: dict[str, str] = {}

    def items(self, bom: _Bom) -> Iterator[Item]:
        metadata = bom.metadata or _Metadata()
        subject = metadata.component
        if subject is not None:
            fallback = first_named(
                *map(_entity, (metadata.manufacturer, metadata.manufacture, metadata.supplier))
            )
            where = "$.metadata.component"
            yield self._item(subject, where, ItemKind.SBOM_SUBJECT, None, fallback)
            yield from self._walk(subject.components, f"{where}.components", subject, 2)
        yield from self._walk(bom.components, "$.components", None, 1)

    def _walk(
        self, components: list[_Component] | None, where: str, parent: _Component | None, depth: int
    ) -> Iterator[Item]:
        if not components:
            return
        if depth > self.limit:
            raise IngestError(
                f"{self.path}: components are nested more than {self.limit} deep at {where}"
            )
        parent_ref = text(parent.bom_ref) or None if parent else None
        for index, component in enumerate(components):
            here = f"{where}[{index}]"
            yield self._item(component, here, ItemKind.COMPONENT, parent_ref, None)
            yield from self._walk(component.components, f"{here}.components", component, depth + 1)

    def _item(
        self,
        component: _Component,
        where: str,
        kind: ItemKind,
        parent_ref: str | None,
        fallback: EntityFacts | None,
    ) -> Item:
        kind_text = text(component.type) if component.type is not None else "library"
        if kind_text not in COMPONENT_TYPES:
            self._note("a component type that is not a CycloneDX one (kept as written)", where)
        if text(component.name) is None:
            self._note("a component without a name", where)
        facts = ComponentFacts(
            kind=kind,
            name=component.name,
            type=kind_text,
            bom_ref=component.bom_ref,
            parent_ref=parent_ref,
            version=component.version,
            group=component.group,
            publisher=component.publisher,
            author=component.author,
            supplier=_entity(component.supplier),
            manufacturer=_entity(component.manufacturer),
            fallback=fallback,
            authors=[(a.name, a.email) for a in component.authors or ()],
            purl=self._purl(component.purl, where),
            cpe=component.cpe,
            swid=component.swid.tagId if component.swid else None,
            hashes=[(h.alg, h.content) for h in component.hashes or ()],
            licenses=[_license(choice) for choice in component.licenses or ()],
            properties=[(p.name, p.value) for p in component.properties or ()],
            external_refs=[(r.type, r.url) for r in component.externalReferences or ()],
            crypto=_crypto(component.cryptoProperties),
        )
        return component_item(facts, self.path)

    def _purl(self, value: Any, where: str) -> str | None:
        purl = text(value)
        if not purl:
            return None
        try:
            return canonical_purl(purl)
        except ValueError:
            self._note("a purl that is not a valid package URL (kept as written)", where)
            return purl

    def services(self, services: list[_Service], where: str, depth: int) -> Iterator[Service]:
        if depth > self.limit:
            raise IngestError(
                f"{self.path}: services are nested more than {self.limit} deep at {where}"
            )
        for index, service in enumerate(services):
            provider = service.provider.name if service.provider else None
            yield service_record(
                self.path,
                service.name,
                service.bom_ref,
                service.version,
                provider,
                _each(service.endpoints),
            )
            nested = f"{where}[{index}].services"
            yield from self.services(service.services or [], nested, depth + 1)

    def _note(self, problem: str, where: str) -> None:
        self.problems[problem] += 1
        self.first.setdefault(problem, where)

    def warnings(self) -> list[str]:
        return [
            f"{self.path}: {count} element(s) with {problem}, first at {self.first[problem]}"
            for problem, count in self.problems.items()
        ]


def _entity(entity: _Entity | None) -> EntityFacts | None:
    if entity is None:
        return None
    emails = [contact.email for contact in entity.contact or ()]
    return EntityFacts(entity.name, _each(entity.url), emails)


def _license(choice: _License) -> Any:
    if choice.license is not None:
        return choice.license.id or choice.license.name
    return choice.expression


def _crypto(properties: _CryptoProperties | None) -> list[tuple[str, Any]]:
    if properties is None:
        return []
    pairs: list[tuple[str, Any]] = []
    for name, steps, _ in CRYPTO_FIELDS:
        value: Any = properties
        for step in steps:
            value = getattr(value, step, None)
        pairs.extend((name, each) for each in _each(value))
    return pairs


def _each(value: Any) -> list[Any]:
    """A list as it is; a lone value as a list of one (the schema wants a list there)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
