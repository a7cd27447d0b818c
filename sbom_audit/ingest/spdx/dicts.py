"""SPDX YAML and XML decoded into the dict that spdx-tools' JsonLikeDictParser reads, as the
library's own yaml and xml parsers do, but from the bytes (never by file extension) and safely."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import xmltodict
import yaml
from spdx_tools.spdx.parser.xml.xml_parser import LIST_LIKE_FIELDS

from sbom_audit.errors import IngestError
from sbom_audit.ingest.spdx.safe_xml import checked_xml

_LIST_LIKE = frozenset(LIST_LIKE_FIELDS)
_KEPT_RESOLVERS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null")
_TRUE_OR_FALSE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class _SpdxYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that keeps plain scalars as text, except true/false and null:
    `versionInfo: 1.10` stays "1.10" (not the float 1.1) and timestamps stay strings."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag == _KEPT_RESOLVERS[1]]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_SpdxYamlLoader.add_implicit_resolver(_KEPT_RESOLVERS[0], _TRUE_OR_FALSE, list("tTfF"))


def yaml_document(data: bytes, path: str) -> Any:
    try:
        return yaml.load(data, Loader=_SpdxYamlLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        place = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise IngestError(f"{path}: not valid YAML: {place}{exc.problem}") from None
    except yaml.YAMLError as exc:
        raise IngestError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise IngestError(f"{path}: not valid YAML: nested too deeply") from None


def xml_document(data: bytes, path: str, max_depth: int) -> Any:
    """The <Document> element as a dict, with the fields SPDX defines as lists always lists
    (XML cannot tell a list of one from a single value)."""
    parsed = xmltodict.parse(checked_xml(data, path, max_depth))
    document = parsed.get("Document") if isinstance(parsed, dict) else None
    if not isinstance(document, dict):
        raise IngestError(f'{path}: SPDX XML without a top-level "Document" element')
    return _with_lists(document)


def _with_lists(value: Any) -> Any:
    # the library's xml_parser._fix_list_like_fields; depth is bounded by checked_xml
    if isinstance(value, list):
        return [_with_lists(element) for element in value]
    if not isinstance(value, dict):
        return value
    fixed: dict[str, Any] = {}
    for key, element in value.items():
        if key in _LIST_LIKE and not isinstance(element, list):
            fixed[key] = [_with_lists(element)] if element else []
        else:
            fixed[key] = _with_lists(element)
    return fixed
