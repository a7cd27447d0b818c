"""CycloneDX readers: JSON by default straight from the bytes (cyclonedx_fast), JSON with
`--strict` and XML always through cyclonedx-python-lib (cyclonedx_library), which is imported
only when one of those is read (importing it costs about a quarter of a second).

Both JSON paths give the same items in the same (document) order; see cyclonedx_facts for
how values are canonicalised and tests/test_cyclonedx_fast_path.py for the comparison.
"""

from __future__ import annotations

from sbom_audit.errors import IngestError
from sbom_audit.ingest.cyclonedx.fast import read_fast
from sbom_audit.ingest.cyclonedx.xml_reader import parse_cyclonedx_xml
from sbom_audit.ingest.detect import Detected, load_json_object
from sbom_audit.ingest.interface import IngestOptions, ReadResult

SUPPORTED_JSON_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7")

__all__ = ["read_cyclonedx_json", "read_cyclonedx_json_fast", "read_cyclonedx_xml"]


def read_cyclonedx_json_fast(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    """The default path: msgspec decodes only the fields the audit reads."""
    spec = _json_spec(detected, path)
    return read_fast(detected.data, path, spec, options.limits)


def read_cyclonedx_json(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    """The library path: the whole document through cyclonedx-python-lib's object model."""
    from sbom_audit.ingest.cyclonedx.library import read_library_json

    spec = _json_spec(detected, path)
    document = load_json_object(detected.data, path)
    return read_library_json(document, path, spec, options.limits)


def read_cyclonedx_xml(detected: Detected, path: str, options: IngestOptions) -> ReadResult:
    """CycloneDX 1.0-1.7 XML, parsed with every DTD and entity forbidden, then the library."""
    root, namespace = parse_cyclonedx_xml(detected.data, path, options.limits.max_nesting_depth)
    from sbom_audit.ingest.cyclonedx.library import read_library_xml

    return read_library_xml(root, namespace, path, options.limits)


def _json_spec(detected: Detected, path: str) -> str:
    spec = detected.spec_version or ""
    if spec not in SUPPORTED_JSON_VERSIONS:
        raise IngestError(
            f"{path}: CycloneDX JSON specVersion {spec or '(missing)'!r} is not supported "
            f"(supported: {', '.join(SUPPORTED_JSON_VERSIONS)})"
        )
    return spec
