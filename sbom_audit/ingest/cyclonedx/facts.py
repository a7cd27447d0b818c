"""What both CycloneDX readers extract, and the one place that turns it into items.

The fast path (msgspec, straight from the JSON bytes) and the library path
(cyclonedx-python-lib, JSON and XML) each fill `ComponentFacts` / `ServiceFacts` with the
values as the document gives them; `component_item` and `service_record` canonicalise them
identically, so both paths give equal items:

- scalars go through `text` (the library keeps JSON numbers and booleans as they are);
- URLs get the library's escaping (`XsUri`), purls its `str(PackageURL)` form;
- the library keeps hashes, licences, properties, external references, authors, endpoints
  and URLs in sorted sets, so document order is lost there: items carry them sorted and
  without duplicates, and the vendor taken from `authors` is the alphabetically first.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

from sbom_audit.ingest.vendor_clues import vendor_domains
from sbom_audit.model import Item, ItemKind, Provenance, Service

CRYPTO_PREFIX = "cdx:crypto:"
# (property name after CRYPTO_PREFIX, attribute path in the JSON, attribute path in the
# library's model). Dates and key material are left out; everything else a policy on
# algorithms, key sizes, certificates or protocols might look at is kept.
CRYPTO_FIELDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = tuple(
    (name, tuple(name.split(":")), tuple(library.split(".")))
    for name, library in (
        ("assetType", "asset_type"),
        ("oid", "oid"),
        ("algorithmProperties:primitive", "algorithm_properties.primitive"),
        ("algorithmProperties:parameterSetIdentifier",
         "algorithm_properties.parameter_set_identifier"),
        ("algorithmProperties:curve", "algorithm_properties.curve"),
        ("algorithmProperties:executionEnvironment", "algorithm_properties.execution_environment"),
        ("algorithmProperties:implementationPlatform",
         "algorithm_properties.implementation_platform"),
        ("algorithmProperties:certificationLevel", "algorithm_properties.certification_levels"),
        ("algorithmProperties:mode", "algorithm_properties.mode"),
        ("algorithmProperties:padding", "algorithm_properties.padding"),
        ("algorithmProperties:cryptoFunctions", "algorithm_properties.crypto_functions"),
        ("algorithmProperties:classicalSecurityLevel",
         "algorithm_properties.classical_security_level"),
        ("algorithmProperties:nistQuantumSecurityLevel",
         "algorithm_properties.nist_quantum_security_level"),
        ("certificateProperties:subjectName", "certificate_properties.subject_name"),
        ("certificateProperties:issuerName", "certificate_properties.issuer_name"),
        ("certificateProperties:signatureAlgorithmRef",
         "certificate_properties.signature_algorithm_ref"),
        ("certificateProperties:subjectPublicKeyRef",
         "certificate_properties.subject_public_key_ref"),
        ("certificateProperties:certificateFormat", "certificate_properties.certificate_format"),
        ("certificateProperties:certificateExtension",
         "certificate_properties.certificate_extension"),
        ("relatedCryptoMaterialProperties:type", "related_crypto_material_properties.type"),
        ("relatedCryptoMaterialProperties:id", "related_crypto_material_properties.id"),
        ("relatedCryptoMaterialProperties:state", "related_crypto_material_properties.state"),
        ("relatedCryptoMaterialProperties:algorithmRef",
         "related_crypto_material_properties.algorithm_ref"),
        ("relatedCryptoMaterialProperties:size", "related_crypto_material_properties.size"),
        ("relatedCryptoMaterialProperties:format", "related_crypto_material_properties.format"),
        ("relatedCryptoMaterialProperties:securedBy:mechanism",
         "related_crypto_material_properties.secured_by.mechanism"),
        ("relatedCryptoMaterialProperties:securedBy:algorithmRef",
         "related_crypto_material_properties.secured_by.algorithm_ref"),
        ("protocolProperties:type", "protocol_properties.type"),
        ("protocolProperties:version", "protocol_properties.version"),
        ("protocolProperties:cryptoRefArray", "protocol_properties.crypto_refs"),
    )
)  # fmt: skip

_URI_ESCAPES = (
    (" ", "%20"), ('"', "%22"), ("'", "%27"), ("[", "%5B"), ("]", "%5D"), ("<", "%3C"),
    (">", "%3E"), ("{", "%7B"), ("}", "%7D"),
)  # fmt: skip


def text(value: Any) -> str | None:
    """A scalar as text (as the library's str() coercions give it); None for anything else."""
    if value.__class__ is str or value is None:  # nearly always: the quick way out
        return value
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int | float):  # bool is an int
        return str(value)
    return None


def uri(value: Any) -> str | None:
    """A URL as the library's XsUri writes it (a few characters percent-escaped)."""
    url = text(value)
    if url is None:
        return None
    for raw, escaped in _URI_ESCAPES:
        if raw in url:
            url = url.replace(raw, escaped)
    return url


@contextmanager
def gc_paused() -> Iterator[None]:
    """Bulk decoding builds no reference cycles; collections during it only cost time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class EntityFacts:
    """An organisational entity: supplier, manufacturer, service provider."""

    name: Any = None
    urls: Sequence[Any] = ()
    emails: Sequence[Any] = ()


@dataclass(frozen=True, slots=True)
class ComponentFacts:
    """One component's values as the document gives them (see the module docstring)."""

    kind: ItemKind
    name: Any
    type: Any
    bom_ref: Any = None
    parent_ref: str | None = None
    version: Any = None
    group: Any = None
    publisher: Any = None
    author: Any = None
    supplier: EntityFacts | None = None
    manufacturer: EntityFacts | None = None
    fallback: EntityFacts | None = None  # the metadata's manufacturer or supplier (subject)
    authors: Sequence[tuple[Any, Any]] = ()  # (name, email)
    purl: str | None = None  # canonical already
    cpe: Any = None
    swid: Any = None
    hashes: Sequence[tuple[Any, Any]] = ()  # (algorithm, content)
    licenses: Sequence[Any] = ()
    properties: Sequence[tuple[Any, Any]] = ()
    external_refs: Sequence[tuple[Any, Any]] = ()  # (type, url)
    crypto: Sequence[tuple[str, Any]] = ()  # (name from CRYPTO_FIELDS, value)


def component_item(facts: ComponentFacts, path: str) -> Item:
    vendor, field = _vendor(facts)
    entities = [e for e in (facts.manufacturer, facts.supplier, facts.fallback) if e]
    supplier = _stripped(facts.supplier.name) if facts.supplier else None
    return Item(
        kind=facts.kind,
        name=text(facts.name) or "",
        version=text(facts.version) or None,
        vendor=vendor,
        vendor_field=field,
        supplier=supplier,
        vendor_domains=_domains(entities, facts.authors),
        purl=facts.purl,
        cpe=text(facts.cpe) or None,
        category_text=text(facts.type),
        group=text(facts.group) or None,
        swid=text(facts.swid) or None,
        hashes=_sorted_texts(_hash(alg, content) for alg, content in facts.hashes),
        licenses=_sorted_texts(text(value) for value in facts.licenses),
        properties=_properties(facts),
        external_refs=_references(facts.external_refs),
        parent_ref=facts.parent_ref,
        provenance=Provenance(file=path, ref=text(facts.bom_ref) or None),
    )


def service_record(
    path: str, name: Any, bom_ref: Any, version: Any, provider: Any, endpoints: Iterable[Any]
) -> Service:
    return Service(
        name=text(name) or "",
        version=text(version) or None,
        provider=_stripped(provider),
        endpoints=_sorted_texts(uri(endpoint) for endpoint in endpoints),
        provenance=Provenance(file=path, ref=text(bom_ref) or None),
    )


def first_named(*entities: EntityFacts | None) -> EntityFacts | None:
    """The metadata's manufacturer, else its (deprecated) manufacture, else its supplier."""
    return next((entity for entity in entities if entity and text(entity.name)), None)


def _vendor(facts: ComponentFacts) -> tuple[str | None, str | None]:
    author_names = [name for name in (text(name) for name, _ in facts.authors) if name]
    candidates = (
        (facts.manufacturer.name if facts.manufacturer else None, "manufacturer"),
        (facts.supplier.name if facts.supplier else None, "supplier"),
        (facts.publisher, "publisher"),
        (min(author_names, default=None), "authors"),
        (facts.author, "author"),
        (facts.fallback.name if facts.fallback else None, "metadata"),
    )
    for value, field in candidates:
        vendor = _stripped(value)
        if vendor:
            return vendor, field
    return None, None


def _stripped(value: Any) -> str | None:
    return (text(value) or "").strip() or None


def _domains(entities: list[EntityFacts], authors: Sequence[tuple[Any, Any]]) -> tuple[str, ...]:
    clues: list[str | None] = []
    for entity in entities:
        clues.extend(map(uri, entity.urls))
        clues.extend(map(text, entity.emails))
    clues.extend(text(email) for _, email in authors)
    return _registrable_domains(tuple(clue for clue in clues if clue)) if clues else ()


@lru_cache(maxsize=4096)  # SBOMs name the same few suppliers thousands of times
def _registrable_domains(clues: tuple[str, ...]) -> tuple[str, ...]:
    return vendor_domains(clues)


def _hash(algorithm: Any, content: Any) -> str | None:
    algorithm, content = text(algorithm), text(content)
    return f"{algorithm}:{content}" if algorithm and content else None


def _references(references: Sequence[tuple[Any, Any]]) -> tuple[tuple[str, str], ...]:
    pairs = ((text(kind), uri(url)) for kind, url in references)
    return _sorted_pairs((kind, url) for kind, url in pairs if url)


def _properties(facts: ComponentFacts) -> tuple[tuple[str, str], ...]:
    if not facts.properties and not facts.crypto:
        return ()
    pairs = [(text(name) or "", text(value) or "") for name, value in facts.properties]
    crypto = ((CRYPTO_PREFIX + name, text(value)) for name, value in facts.crypto)
    pairs.extend((name, value) for name, value in crypto if value is not None)
    return _sorted_pairs(pairs)


def _sorted_texts(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(sorted({value for value in values if value}))


def _sorted_pairs(pairs: Iterable[tuple[str | None, str | None]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({(a or "", b or "") for a, b in pairs if a or b}))
