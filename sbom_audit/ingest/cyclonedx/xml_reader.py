"""Parse CycloneDX XML safely and tidy it for cyclonedx-python-lib.

`Bom.from_xml` does parse text with defusedxml, but with its defaults a DTD is allowed; here
the document is parsed with every DTD and entity declaration forbidden (no entity expansion,
no external entities, nothing fetched) and the library only ever sees the parsed tree.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DTDForbidden

from sbom_audit.errors import IngestError
from sbom_audit.ingest.xml_safety import dtd_refusal

_ROOT = re.compile(r"\{(http://cyclonedx\.org/schema/bom/(\d+\.\d+))\}bom")
SUPPORTED_XML_VERSIONS = ("1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7")
# Elements this audit does not read and cyclonedx-python-lib 11 fails on in valid documents:
# <ikev2TransformTypes> (a TypeError in its XML reader) and a service's <data> in the 1.7
# shape (<dataflow>). Element -> the parent it is dropped under (None: any parent).
_UNREAD: dict[str, str | None] = {"ikev2TransformTypes": None, "data": "service"}


def parse_cyclonedx_xml(data: bytes, path: str, max_depth: int) -> tuple[Element, str]:
    """The document's root element, without extension elements, and its namespace."""
    root = _parse(data, path)
    match = _ROOT.fullmatch(root.tag)
    if match is None:
        raise IngestError(
            f"{path}: the root element is {root.tag!r}, not a CycloneDX <bom> "
            "in a http://cyclonedx.org/schema/bom/1.x namespace"
        )
    namespace, version = match.groups()
    if version not in SUPPORTED_XML_VERSIONS:
        raise IngestError(f"{path}: CycloneDX {version} XML is not supported")
    _drop_extensions(root, namespace, path, max_depth)
    return root, namespace


def _parse(data: bytes, path: str) -> Element:
    try:
        root: Element = safe_xml.fromstring(data, forbid_dtd=True)
    except DTDForbidden as exc:
        raise dtd_refusal(exc, path) from None
    except ParseError as exc:
        raise IngestError(f"{path}: not well-formed XML: {exc}") from None
    return root


def _drop_extensions(root: Element, namespace: str, path: str, max_depth: int) -> None:
    """Remove elements of other namespaces (CycloneDX extension points), which the library
    mistakes for components inside <components>, and the elements of `_UNREAD`; refuse
    components nested too deeply."""
    prefix = f"{{{namespace}}}"
    component = f"{prefix}component"
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        parent = element.tag.removeprefix(prefix)
        for child in list(element):
            tag = child.tag if isinstance(child.tag, str) else ""
            local = tag.removeprefix(prefix)
            if local == tag or _UNREAD.get(local, "") in (parent, None):
                element.remove(child)
                continue
            nested = depth + (tag == component)
            if nested > max_depth:
                raise IngestError(f"{path}: components are nested more than {max_depth} deep")
            stack.append((child, nested))
