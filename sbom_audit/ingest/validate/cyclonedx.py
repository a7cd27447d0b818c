"""CycloneDX JSON and XML against the official schemas shipped in cyclonedx-python-lib.

Imported only when validation is asked for: `import jsonschema` alone takes seconds.

JSON is checked against the library's compiled strict schema and registry by a Draft 7
validator class of our own (`validators.extend`), with the verdicts and messages of the
library's but without its slow spots: `format: iri-reference` (see validate_iri);
`uniqueItems`, which jsonschema checks by comparing every pair of elements (hours on 20,000
components); `enum`, compared one value at a time (700 licence ids); and `$ref`, looked up
anew at every use. XML is checked with the library's compiled XSD (lxml), parsed without
entities, DTD or network.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterator
from typing import Any

import orjson
from cyclonedx.schema import OutputFormat, SchemaVersion
from cyclonedx.validation import make_schemabased_validator
from jsonschema import Draft7Validator, FormatChecker, ValidationError, validators
from lxml import etree

from sbom_audit.ingest.validate.iri import is_iri, is_iri_reference

_JSON_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7")
_XML_VERSIONS = ("1.0", "1.1", *_JSON_VERSIONS)
_XML_LOCK = threading.Lock()  # an lxml schema keeps its error log on itself
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')  # in canonical JSON text
_FLOATS = re.compile(rb"[0-9][.eE]")  # outside strings, only a float has these


def cyclonedx_json_errors(data: bytes, version: str | None) -> Iterator[str]:
    """'$.json.path: reason' for each schema error, in the order jsonschema finds them."""
    if version not in _JSON_VERSIONS:
        yield _unknown_version(version, _JSON_VERSIONS, "JSON")
        return
    try:
        # as the library does (big integers stay exact), but NaN and Infinity are not JSON
        document = json.loads(data, parse_constant=_not_json)
    except ValueError as exc:
        yield f"$: not valid JSON: {exc}"
        return
    for error in json_validator(version).iter_errors(document):
        yield describe_json_error(error)


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")


def describe_json_error(error: ValidationError) -> str:
    return f"{error.json_path}: {error.message}"


def cyclonedx_xml_errors(data: bytes, version: str | None) -> Iterator[str]:
    """'line N: reason' for each XSD error, in document order."""
    if version not in _XML_VERSIONS:
        yield _unknown_version(version, _XML_VERSIONS, "XML")
        return
    try:
        root = etree.fromstring(data, parser=_safe_parser())
    except etree.XMLSyntaxError as exc:
        yield f"line {exc.lineno}: not well-formed XML: {exc.msg}"
        return
    if root.getroottree().docinfo.doctype:
        line = data[: data.find(b"<!DOCTYPE")].count(b"\n") + 1
        yield f"line {line}: a DOCTYPE (DTD, entities) has no place in CycloneDX XML; not validated"
        return
    schema = xml_schema(version)
    with _XML_LOCK:
        if schema.validate(root):
            return
        entries = list(schema.error_log)
    for entry in entries:
        yield describe_xml_error(entry)


def describe_xml_error(entry: Any) -> str:
    """One entry of lxml's error log (a `_LogEntry`)."""
    return f"line {entry.line}: {entry.message}"


@functools.cache
def json_validator(version: str) -> Any:
    """A Draft 7 validator over the library's strict schema for `version`, built once."""
    # JsonStrictValidator compiles the schema and its registry (SPDX licence ids, JSF,
    # cryptography definitions) lazily into the private `_validator`; reusing both keeps us
    # on exactly the library's schema. The `<12` pin and the tests guard these names.
    library = make_strict_json_validator(version)._validator
    keywords = {"uniqueItems": _unique_items, "enum": _enum, "$ref": _caching_ref()}
    # `extend` makes a class once; `evolve`-ing a validator per use was measured 7x slower
    fast = validators.extend(Draft7Validator, keywords)
    return fast(library.schema, registry=library._registry, format_checker=_format_checker())


def make_strict_json_validator(version: str) -> Any:
    """The library's own strict JSON validator, as `--validate` used to run it."""
    from cyclonedx.validation.json import JsonStrictValidator

    return JsonStrictValidator(SchemaVersion.from_version(version))


@functools.cache
def xml_schema(version: str) -> Any:
    """The library's compiled XSD for `version` (an lxml XMLSchema), built once."""
    validator = make_schemabased_validator(OutputFormat.XML, SchemaVersion.from_version(version))
    return validator._validator


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checkers.update(Draft7Validator.FORMAT_CHECKER.checkers)
    checker.checks("iri-reference", raises=ValueError)(is_iri_reference)
    checker.checks("iri", raises=ValueError)(is_iri)
    return checker


def _unique_items(
    validator: Any, unique: object, instance: object, schema: object
) -> Iterator[ValidationError]:
    if unique and isinstance(instance, list) and not all_unique(instance):
        yield ValidationError(f"{instance!r} has non-unique elements")


def _enum(
    validator: Any, enums: Any, instance: object, schema: object
) -> Iterator[ValidationError]:
    # A string equals only the strings of the list (jsonschema compares it with each in turn,
    # some 700 times for a licence id)
    if isinstance(instance, str) and isinstance(enums, list):
        if instance not in _strings_of(enums):
            yield ValidationError(f"{instance!r} is not one of {enums!r}")
        return
    yield from _STOCK_ENUM(validator, enums, instance, schema)


_STOCK_ENUM = Draft7Validator.VALIDATORS["enum"]
_STRINGS_OF: dict[int, tuple[list[Any], frozenset[str]]] = {}


def _strings_of(enums: list[Any]) -> frozenset[str]:
    cached = _STRINGS_OF.get(id(enums))
    if cached is None or cached[0] is not enums:  # keyed by identity: schemas never change
        cached = _STRINGS_OF[id(enums)] = (enums, frozenset(e for e in enums if isinstance(e, str)))
    return cached[1]


def _caching_ref() -> Any:
    """`$ref` resolving each (base URI, reference) once; jsonschema looks it up every time,
    a quarter of the validation time. Draft 7 has no dynamic scope, so a lookup's result
    depends on nothing else. Without the (private) resolver, it falls back to the stock."""
    stock = Draft7Validator.VALIDATORS["$ref"]
    cache: dict[tuple[str, str], Any] = {}

    def caching_ref(validator: Any, ref: str, instance: object, schema: object) -> Iterator[Any]:
        resolver = getattr(validator, "_resolver", None)
        base = getattr(resolver, "_base_uri", None)
        if resolver is None or not isinstance(base, str):
            yield from stock(validator, ref, instance, schema)
            return
        found = cache.get((base, ref))
        if found is None:
            resolved = resolver.lookup(ref)
            found = cache[base, ref] = (_without_dialect(resolved.contents), resolved.resolver)
        yield from validator.descend(instance, found[0], resolver=found[1])

    return caching_ref


def _without_dialect(schema: Any) -> Any:
    """The schema without `$schema`, which would make jsonschema validate it with the stock
    Draft 7 class instead of ours (the referenced SPDX licence list declares draft-07)."""
    if isinstance(schema, dict) and "$schema" in schema:
        return {key: value for key, value in schema.items() if key != "$schema"}
    return schema


def all_unique(items: list[Any]) -> bool:
    """JSON Schema's uniqueness (1 == 1.0, true != 1, key order ignored) in linear time."""
    try:
        keys = [orjson.dumps(item, option=orjson.OPT_SORT_KEYS) for item in items]
    except TypeError:  # an integer beyond 64 bits
        keys = []
    if keys and len(set(keys)) < len(keys):
        return False  # equal canonical JSON text: equal values
    if keys and not _FLOATS.search(_STRINGS.sub(b"", b"".join(keys))):
        return True  # without floats, equal values have equal canonical JSON text
    return len({_canonical(item) for item in items}) == len(items)


def _canonical(value: Any) -> Any:
    """A hashable stand-in equal exactly when JSON Schema calls two values equal."""
    if isinstance(value, bool):
        return ("bool", value)  # or True would equal 1
    if isinstance(value, list):
        return ("list", tuple(_canonical(item) for item in value))
    if isinstance(value, dict):
        return ("object", frozenset((key, _canonical(item)) for key, item in value.items()))
    return value  # str, int, float (1 == 1.0 as in JSON Schema) or None


def _unknown_version(version: str | None, known: tuple[str, ...], kind: str) -> str:
    shown = "missing" if version is None else repr(version)
    return (
        f"$.specVersion: {shown} is not a CycloneDX version with a {kind} schema "
        f"({known[0]} to {known[-1]}); the document was not validated"
    )


def _safe_parser() -> Any:
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=True)
