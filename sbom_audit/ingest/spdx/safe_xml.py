"""SPDX XML and RDF/XML are checked with defusedxml before a library sees them.

spdx-tools hands XML to xmltodict (which refuses entity declarations, but not a DTD) and
RDF/XML to rdflib, which parses with plain xml.sax. Neither ever sees a document here that
has a DTD, an entity declaration or an external reference, nor one nested deeper than the
limit: a streaming defusedxml pass refuses those first, with one clear message.
"""

from __future__ import annotations

import re
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

import defusedxml.sax
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from sbom_audit.errors import IngestError
from sbom_audit.ingest.xml_safety import ATTACK, dtd_refusal

_DECLARED_ENCODING = re.compile(rb"\A(<\?xml[^>]*?\bencoding\s*=\s*)([\"'])[^\"']*\2")


class _TooDeep(Exception):
    pass


class _DepthCounter(ContentHandler):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.depth = 0
        self.limit = limit

    def startElement(self, name: str, attrs: object) -> None:
        self.depth += 1
        if self.depth > self.limit:
            raise _TooDeep(name)

    def endElement(self, name: str) -> None:
        self.depth -= 1


def checked_xml(data: bytes, path: str, max_depth: int) -> bytes:
    """The document, declared as UTF-8 (which detection made it), once it has passed."""
    data = _DECLARED_ENCODING.sub(rb"\1\2UTF-8\2", data, count=1)
    try:
        defusedxml.sax.parseString(data, _DepthCounter(max_depth), forbid_dtd=True)
    except DTDForbidden as exc:
        raise dtd_refusal(exc, path) from None
    except (EntitiesForbidden, ExternalReferenceForbidden):
        raise IngestError(f"{path}: XML entity declarations are not allowed {ATTACK}") from None
    except _TooDeep as exc:
        raise IngestError(
            f"{path}: XML nested more than {max_depth} elements deep (at <{exc}>)"
        ) from None
    except SAXParseException as exc:
        raise IngestError(
            f"{path}: not well-formed XML: line {exc.getLineNumber()}, "
            f"column {exc.getColumnNumber()}: {exc.getMessage()}"
        ) from None
    return data
