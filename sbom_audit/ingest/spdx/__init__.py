"""SPDX 2.x readers: JSON (fast path and library path), YAML, XML, tag-value and RDF/XML.

The fast path (spdx_fast) never imports spdx-tools, which takes about half a second; the
library modules are imported only when a library path runs. All paths fill the same
`SpdxDocument` records and share one item builder (spdx_extract).
"""

from __future__ import annotations

from sbom_audit.errors import IngestError
from sbom_audit.ingest.detect import Detected, InputFormat, load_json_object
from sbom_audit.ingest.interface import IngestOptions, ReadResult
from sbom_audit.ingest.spdx.extract import SpdxDocument, spdx_items
from sbom_audit.ingest.spdx.fast import decode_spdx_json, paused_gc
from sbom_audit.ingest.spdx.repair import Repairs

__all__ = ["read_spdx_json", "read_spdx_json_fast", "read_spdx_serialised"]


def read_spdx_json_fast(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    """The default path: the fields the audit reads, decoded by msgspec from the bytes."""
    repairs = Repairs(path)
    with paused_gc():
        document = decode_spdx_json(detected.data, path, repairs)
        return _result(document, path, repairs)


def read_spdx_json(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    """The library path (--strict): the whole document through spdx-tools' object model."""
    from sbom_audit.ingest.spdx.library import parse_json_like

    repairs = Repairs(path)
    decoded = load_json_object(detected.data, path)
    depth = options.limits.max_nesting_depth
    document = parse_json_like(decoded, path, repairs, depth, detected.spec_version)
    return _result(document, path, repairs)


def read_spdx_serialised(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    """SPDX 2.x as YAML, XML, tag-value or RDF/XML, each through its own spdx-tools parser
    (chosen by the detected format, never by the file name)."""
    repairs = Repairs(path)
    depth = options.limits.max_nesting_depth
    if detected.format is InputFormat.SPDX_TAG_VALUE:
        from sbom_audit.ingest.spdx.tagvalue import parse_tag_value

        document = parse_tag_value(detected.data, path, repairs)
    elif detected.format is InputFormat.SPDX_RDF:
        from sbom_audit.ingest.spdx.rdf import parse_rdf

        document = parse_rdf(detected.data, path, repairs, depth)
    elif detected.format in (InputFormat.SPDX_YAML, InputFormat.SPDX_XML):
        from sbom_audit.ingest.spdx.dicts import xml_document, yaml_document
        from sbom_audit.ingest.spdx.library import parse_json_like

        if detected.format is InputFormat.SPDX_YAML:
            decoded = yaml_document(detected.data, path)
        else:
            decoded = xml_document(detected.data, path, depth)
        document = parse_json_like(decoded, path, repairs, depth, detected.spec_version)
    else:
        raise IngestError(f"{path}: {detected.format.value} is not an SPDX serialisation")
    return _result(document, path, repairs)


def _result(document: SpdxDocument, path: str, repairs: Repairs) -> ReadResult:
    return ReadResult(spdx_items(document, path), repairs.warnings())
