"""SPDX 2.x through spdx-tools. The library's `Document` never leaves the spdx_* modules:
it is turned into our own `SpdxDocument` here."""

from __future__ import annotations

import ast
import re
from typing import Any

from license_expression import LicenseExpression
from spdx_tools.spdx.model.actor import Actor, ActorType
from spdx_tools.spdx.model.document import Document
from spdx_tools.spdx.model.package import Package
from spdx_tools.spdx.model.spdx_none import SpdxNone
from spdx_tools.spdx.parser.error import SPDXParsingError
from spdx_tools.spdx.parser.jsonlikedict.creation_info_parser import CreationInfoParser
from spdx_tools.spdx.parser.jsonlikedict.file_parser import FileParser
from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
from spdx_tools.spdx.parser.jsonlikedict.package_parser import PackageParser
from spdx_tools.spdx.parser.jsonlikedict.relationship_parser import RelationshipParser

from sbom_audit.errors import IngestError
from sbom_audit.ingest.spdx.extract import (
    SpdxActor,
    SpdxDocument,
    SpdxPackage,
    SpdxRelationship,
    check_version,
    hash_text,
    licence_list,
    purpose_text,
    settled_actor,
)
from sbom_audit.ingest.spdx.repair import NestingError, Repairs, repair_json_like

_ACTOR_KINDS = {ActorType.ORGANIZATION: "Organization", ActorType.PERSON: "Person",
                ActorType.TOOL: "Tool"}  # fmt: skip
_SETTER = re.compile(r"SetterError \w+: .*?parameter (\w+)=\"(.*?)\" violates type hint .*")
_NESTED = re.compile(r"Error while (?:parsing|constructing) ([\w ]+): (\[.*\])")
_MISSING = re.compile(r"\w+\.__init__\(\) missing \d+ required positional arguments?: (.*)")
_MAX_MESSAGE = 300


def parse_json_like(
    document: Any, path: str, repairs: Repairs, max_depth: int, version: str | None
) -> SpdxDocument:
    """A document decoded from JSON, YAML or XML, repaired, then read by JsonLikeDictParser."""
    if not isinstance(document, dict):
        raise IngestError(f"{path}: the top level is not a mapping of SPDX document fields")
    check_version(document.get("spdxVersion", version), path)
    try:
        repair_json_like(document, repairs, max_depth)
    except NestingError as exc:
        raise IngestError(f"{path}: {exc}") from None
    try:
        # The dict parser takes the decoded document, so the file name's extension (which
        # spdx-tools' parse_file would go by) plays no part.
        parsed = JsonLikeDictParser().parse(document)
    except SPDXParsingError as exc:
        raise library_error(path, exc.messages, _failing_element(document)) from None
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        # the parser lets these escape for values of the wrong shape (a list for a string)
        raise library_error(path, [str(exc)], _failing_element(document)) from None
    return neutral_document(parsed)


def library_error(path: str, messages: list[str], where: str | None = None) -> IngestError:
    """One line: where, the library's first reason (tidied), and how many more there are."""
    reasons = [_tidy(message) for message in messages] or ["spdx-tools refused it"]
    first = f"{where}: {reasons[0]}" if where else reasons[0]
    more = f" (and {len(reasons) - 1} more problem(s))" if len(reasons) > 1 else ""
    return IngestError(f"{path}: not a valid SPDX document: {first}{more}")


def _tidy(message: object) -> str:
    text = " ".join(str(message).split())
    nested = _NESTED.fullmatch(text)
    if nested:  # "Error while parsing Package: ['reason', ...]": the reasons, tidied
        try:
            reasons = ast.literal_eval(nested.group(2))
        except (ValueError, SyntaxError):
            reasons = None
        if isinstance(reasons, list) and reasons:
            text = f"{nested.group(1)}: " + "; ".join(_tidy(reason) for reason in reasons)
    text = _SETTER.sub(lambda m: _setter_text(m.group(1), m.group(2)), text)
    text = _MISSING.sub(lambda m: f"{m.group(1)} missing", text)
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


def _setter_text(field: str, value: str) -> str:
    if value == "None":
        return f"{field} is missing"
    return f"{field} {value[:60]!r} has the wrong type"


def _failing_element(document: dict[str, Any]) -> str | None:
    """The first element spdx-tools refuses on its own, to name the place in the message."""
    checks = (
        ("packages", PackageParser().parse_package),
        ("files", FileParser().parse_file),
        ("relationships", RelationshipParser().parse_relationship),
    )
    try:
        CreationInfoParser().parse_creation_info(document)
    except Exception:  # any failure names the place; the reason is given apart
        return "$.creationInfo"
    for key, parse in checks:
        elements = document.get(key)
        for index, element in enumerate(elements if isinstance(elements, list) else []):
            try:
                parse(element)
            except Exception:
                spdx_id = element.get("SPDXID") if isinstance(element, dict) else None
                return f"$.{key}[{index}]" + (f" ({spdx_id})" if isinstance(spdx_id, str) else "")
    return None


def neutral_document(document: Document) -> SpdxDocument:
    relationships = tuple(
        SpdxRelationship(r.spdx_element_id, r.relationship_type.name, r.related_spdx_element_id)
        for r in document.relationships
        if isinstance(r.related_spdx_element_id, str)
    )
    packages = tuple(_package(package) for package in document.packages)
    return SpdxDocument(document.creation_info.spdx_id, packages, relationships)


def _package(package: Package) -> SpdxPackage:
    purpose = package.primary_package_purpose
    return SpdxPackage(
        spdx_id=package.spdx_id,
        name=package.name,
        version=package.version or None,
        supplier=_actor(package.supplier),
        originator=_actor(package.originator),
        external_refs=tuple((r.reference_type, r.locator) for r in package.external_references),
        hashes=tuple(hash_text(c.algorithm.name, c.value) for c in package.checksums),
        licenses=licence_list(
            _licence(package.license_declared), _licence(package.license_concluded)
        ),
        purpose=purpose_text(purpose.name) if purpose else None,
    )


def _actor(actor: object) -> SpdxActor | None:
    if not isinstance(actor, Actor):
        return None
    return settled_actor(_ACTOR_KINDS[actor.actor_type], actor.name, actor.email)


def _licence(licence: object) -> str | None:
    if isinstance(licence, SpdxNone):
        return "NONE"
    return str(licence) if isinstance(licence, LicenseExpression) else None
