"""SPDX RDF/XML: checked with defusedxml, loaded into an rdflib graph, repaired in the graph,
then read by spdx-tools' graph translator.

A graph has no order, so packages (and relationships) are put back in the order their SPDX ids
first appear in the file; the items then follow the document as for every other format.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rdflib import Graph, Literal
from rdflib.term import Node
from spdx_tools.spdx.parser.error import SPDXParsingError
from spdx_tools.spdx.parser.rdf.rdf_parser import translate_graph_to_document
from spdx_tools.spdx.rdfschema.namespace import SPDX_NAMESPACE

from sbom_audit.errors import IngestError
from sbom_audit.ingest.spdx.extract import SpdxDocument, SpdxRelationship
from sbom_audit.ingest.spdx.library import library_error, neutral_document
from sbom_audit.ingest.spdx.repair import (
    Repairs,
    note_actor,
    repaired_actor,
    repaired_timestamp,
)
from sbom_audit.ingest.spdx.safe_xml import checked_xml

_ID = re.compile(rb"#(SPDXRef-[^\"'\s<>]+)[\"']")
_ACTORS = ("supplier", "originator", "creator", "annotator")
_TIMESTAMPS = ("created", "builtDate", "releaseDate", "validUntilDate", "annotationDate")


def parse_rdf(data: bytes, path: str, repairs: Repairs, max_depth: int) -> SpdxDocument:
    checked = checked_xml(data, path, max_depth)
    graph = Graph()
    try:
        graph.parse(data=checked, format="xml")
    except Exception as exc:  # rdflib raises assorted types for bad RDF/XML
        raise IngestError(f"{path}: not valid RDF/XML: {' '.join(str(exc).split())}") from None
    _repair(graph, repairs)
    try:
        document = translate_graph_to_document(graph)
    except SPDXParsingError as exc:
        raise library_error(path, exc.messages) from None
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise library_error(path, [str(exc)]) from None
    return _in_document_order(neutral_document(document), checked)


def _repair(graph: Graph, repairs: Repairs) -> None:
    for name in _ACTORS:
        _rewrite(graph, name, lambda text, where, field: _actor(text, where, field, repairs))
    for name in _TIMESTAMPS:
        _rewrite(graph, name, lambda text, where, field: _timestamp(text, where, field, repairs))


def _rewrite(graph: Graph, name: str, repaired: Callable[[str, str, str], str | None]) -> None:
    predicate = SPDX_NAMESPACE[name]
    for subject, _, value in list(graph.triples((None, predicate, None))):
        if not isinstance(value, Literal):
            continue
        new = repaired(str(value), _where(subject), name)
        if new is not None:
            graph.remove((subject, predicate, value))
            graph.add((subject, predicate, Literal(new)))


def _actor(text: str, where: str, field: str, repairs: Repairs) -> str | None:
    repaired = repaired_actor(text)
    if repaired is not None:
        note_actor(repairs, where, field, text, repaired)
    return repaired


def _timestamp(text: str, where: str, field: str, repairs: Repairs) -> str | None:
    repaired = repaired_timestamp(text)
    if repaired is not None:
        repairs.note("timestamp", where, f"{field} {text!r} read as {repaired}")
    return repaired


def _where(subject: Node) -> str:
    return str(subject).rpartition("#")[2] or str(subject)


def _in_document_order(document: SpdxDocument, data: bytes) -> SpdxDocument:
    first: dict[str, int] = {}
    for match in _ID.finditer(data):
        first.setdefault(match.group(1).decode("utf-8", "replace"), match.start())
    end = len(data)

    def position(spdx_id: str) -> int:
        return first.get(spdx_id, end)

    def relationship_key(relationship: SpdxRelationship) -> tuple[int, int, str, str, str]:
        element, related = relationship.element, relationship.related
        return position(element), position(related), element, related, relationship.kind

    packages = sorted(document.packages, key=lambda p: (position(p.spdx_id), p.spdx_id))
    relationships = sorted(document.relationships, key=relationship_key)
    return SpdxDocument(document.spdx_id, tuple(packages), tuple(relationships), document.described)
