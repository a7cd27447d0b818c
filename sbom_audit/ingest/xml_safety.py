"""The one wording for XML that is refused before any library sees it."""

from __future__ import annotations

from defusedxml import DTDForbidden

from sbom_audit.errors import IngestError

ATTACK = "(possible entity-expansion or XXE attack)"


def dtd_refusal(exc: DTDForbidden, path: str) -> IngestError:
    """The error for a document with a DOCTYPE: external DTDs are named, never fetched."""
    if exc.sysid or exc.pubid:
        return IngestError(
            f"{path}: XML document type declarations are not allowed; this one refers to "
            f"an external DTD ({exc.sysid or exc.pubid}), which is never fetched {ATTACK}"
        )
    # entity declarations can only come inside a DTD
    return IngestError(
        f"{path}: XML document type and entity declarations are not allowed {ATTACK}"
    )
