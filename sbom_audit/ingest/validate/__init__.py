"""`--validate`: an SBOM's errors against its official schema, one line each.

CycloneDX JSON (1.2-1.7) and XML (1.0-1.7) are checked against the schemas that ship in
cyclonedx-python-lib, SPDX 2.2/2.3 JSON, YAML and XML with spdx-tools' validator (tag-value
and RDF/XML are read but not validated). The libraries are imported
on the first validation only (importing jsonschema alone takes seconds).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sbom_audit.ingest.detect import Detected, InputFormat
from sbom_audit.ingest.interface import MAX_NESTING_DEPTH

MAX_ERRORS = 50  # per file; the rest are counted
MAX_MESSAGE_CHARS = 400  # messages quote the offending value, which can be a whole array
_ELLIPSIS = " ... "


def validate_sbom(detected: Detected) -> tuple[str, ...]:
    """'place: reason' for each schema error of `detected`, at most MAX_ERRORS of them and then
    '... and N more'; empty when it is valid or not a format this validates. Never raises."""
    try:
        return capped(_errors(detected))
    except RecursionError:
        return ("$: nested too deeply to validate",)
    except Exception as exc:  # a library's bug must not cost the audit of this input
        return (f"the validator failed ({type(exc).__name__}: {exc}); please report it",)


def capped(messages: Iterable[str]) -> tuple[str, ...]:
    """The first MAX_ERRORS messages, each on one line, and a count of the others."""
    kept: list[str] = []
    more = 0
    for message in messages:
        if len(kept) < MAX_ERRORS:
            kept.append(one_line(message))
        else:
            more += 1
    if more:
        kept.append(f"... and {more} more")
    return tuple(kept)


def one_line(message: str) -> str:
    """The message without line breaks, its middle cut out when long (the reason is at the
    end of the libraries' messages, the place at the start)."""
    text = message.replace("\r", "\\r").replace("\n", "\\n")
    if len(text) <= MAX_MESSAGE_CHARS:
        return text
    keep = (MAX_MESSAGE_CHARS - len(_ELLIPSIS)) // 2
    return text[:keep] + _ELLIPSIS + text[-keep:]


def _errors(detected: Detected) -> Iterator[str]:
    if detected.format is InputFormat.CYCLONEDX_JSON:
        from sbom_audit.ingest.validate.cyclonedx import cyclonedx_json_errors

        return cyclonedx_json_errors(detected.data, detected.spec_version)
    if detected.format is InputFormat.CYCLONEDX_XML:
        from sbom_audit.ingest.validate.cyclonedx import cyclonedx_xml_errors

        return cyclonedx_xml_errors(detected.data, detected.spec_version)
    if detected.format is InputFormat.SPDX_JSON:
        from sbom_audit.ingest.validate.spdx import spdx_json_errors

        return spdx_json_errors(detected.data)
    if detected.format in (InputFormat.SPDX_YAML, InputFormat.SPDX_XML):
        from sbom_audit.ingest.validate.spdx import spdx_yaml_or_xml_errors

        is_yaml = detected.format is InputFormat.SPDX_YAML
        return spdx_yaml_or_xml_errors(detected.data, is_yaml, MAX_NESTING_DEPTH)
    return iter(())
