"""Small, well-defined repairs that let spdx-tools read documents real tools write.

spdx-tools refuses a whole document over one value it cannot read: a supplier without its
"Organization:" prefix, a timestamp with fractional seconds, a JSON null. Each repair here
rewrites one such value into the form the specification asks for and is reported as a warning
naming the place; anything else is left for the library to refuse.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sbom_audit.ingest.spdx.extract import actor_from_text, library_reads_actor

MAX_WARNINGS_PER_KIND = 3

_ACTOR_PREFIX = re.compile(r"\s*(person|organi[sz]ation|tool)\s*:\s*(.*)", re.I | re.DOTALL)
_NAME_AND_EMAIL = re.compile(r"(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*", re.DOTALL)
_SPDX_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_ISO_TIME = re.compile(
    r"\s*(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d\d(?::?\d\d)?)?)?\s*",
    re.IGNORECASE,
)
_NO_VALUE = ("NOASSERTION", "NONE")
_KIND_NAMES = {"Organization": "organisation", "Person": "person", "Tool": "tool"}


@dataclass
class Repairs:
    """The repairs made to one document, as warnings (a few of each kind, then a count)."""

    path: str
    _messages: dict[str, list[str]] = field(default_factory=dict)
    _counts: Counter[str] = field(default_factory=Counter)

    def note(self, kind: str, where: str, message: str) -> None:
        """`kind` groups warnings ("timestamp", "null-value"); `where` names the place."""
        self._counts[kind] += 1
        shown = self._messages.setdefault(kind, [])
        if len(shown) < MAX_WARNINGS_PER_KIND:
            shown.append(f"{self.path}: {where}: {message}")

    def warnings(self) -> list[str]:
        lines: list[str] = []
        for kind, shown in self._messages.items():
            lines.extend(shown)
            if self._counts[kind] > len(shown):
                more = self._counts[kind] - len(shown)
                lines.append(f"{self.path}: {more} more {kind} repair(s) like the above")
        return lines


def repaired_actor(text: str) -> str | None:
    """The actor string in the form "Organization: Name (email)", or None when it needs no
    repair. A value without a prefix is read as an organisation name; "Name <email>" as an
    organisation with that e-mail address; NONE (or NOASSERTION in another case) as
    NOASSERTION; an actor without a name as NOASSERTION."""
    if text == "NOASSERTION" or library_reads_actor(text):
        return None
    stripped = " ".join(text.split())
    if stripped.upper() in _NO_VALUE:
        return "NOASSERTION"
    prefixed = _ACTOR_PREFIX.fullmatch(stripped)
    if prefixed:
        kind, rest = prefixed.groups()
        kind = {"p": "Person", "o": "Organization", "t": "Tool"}[kind[0].lower()]
        candidate = f"{kind}: {rest}"
        return candidate if library_reads_actor(candidate) else "NOASSERTION"
    name_and_email = _NAME_AND_EMAIL.fullmatch(stripped)
    if name_and_email and name_and_email.group(1):
        candidate = f"Organization: {name_and_email.group(1)} ({name_and_email.group(2)})"
    else:
        candidate = f"Organization: {stripped}"
    # what is left may still be no name at all, e.g. "()" (read as an empty e-mail)
    return candidate if stripped and library_reads_actor(candidate) else "NOASSERTION"


def note_actor(repairs: Repairs, where: str, field_name: str, text: str, repaired: str) -> None:
    actor = actor_from_text(repaired)
    if actor is None:
        outcome = "read as NOASSERTION (no vendor)"
    else:
        email = f" with e-mail {actor.email}" if actor.email else ""
        outcome = f"read as the {_KIND_NAMES[actor.kind]} {actor.name!r}{email}"
    if not _ACTOR_PREFIX.match(text) and actor is not None:
        outcome = f"has no 'Organization:' or 'Person:' prefix; {outcome}"
    repairs.note("actor", where, f"{field_name} {text!r} {outcome}")


def repaired_timestamp(text: str) -> str | None:
    """An ISO 8601 timestamp in SPDX's form YYYY-MM-DDThh:mm:ssZ (UTC, whole seconds), or None
    when it is already in that form or is no timestamp at all. A time without a zone is
    taken as UTC; a date alone as midnight UTC."""
    if _SPDX_TIME.fullmatch(text):
        return None
    match = _ISO_TIME.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
            tzinfo=_zone(zone),
        ).astimezone(UTC)  # fmt: skip
    except (ValueError, OverflowError):  # no such day, or out of range once in UTC
        return None
    return f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}Z"  # %Y does not pad years below 1000


def _zone(zone: str | None) -> timezone:
    if zone is None or zone.upper() == "Z":
        return UTC
    digits = zone[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return timezone(-offset if zone[0] == "-" else offset)


class NestingError(Exception):
    """Nested deeper than allowed, or (YAML) a node shared through an alias."""


_TIMESTAMP_KEYS = frozenset({"created", "builtDate", "releaseDate", "validUntilDate",
                             "annotationDate"})  # fmt: skip
_ACTOR_KEYS = frozenset({"supplier", "originator", "annotator"})


def repair_json_like(document: dict[str, Any], repairs: Repairs, max_depth: int) -> None:
    """Repair a document decoded from JSON, YAML or XML in place, before spdx-tools reads it."""
    _walk(document, repairs, max_depth)
    for index, package in _elements(document, "packages"):
        if "downloadLocation" not in package:
            package["downloadLocation"] = "NOASSERTION"
            where = _where("$.packages", index, package)
            repairs.note("download-location", where, "no downloadLocation; read as NOASSERTION")
    files = document.get("files")
    if isinstance(files, list) and any(_lacks_checksums(file) for file in files):
        for index, file in _elements(document, "files"):
            if _lacks_checksums(file):
                message = "a file without checksums, left out (files are not audited)"
                repairs.note("file-checksum", _where("$.files", index, file), message)
        document["files"] = [file for file in files if not _lacks_checksums(file)]


def _walk(document: dict[str, Any], repairs: Repairs, max_depth: int) -> None:
    """Drop nulls and repair timestamps and actors everywhere; no recursion, so a deeply
    nested document is refused with a message instead of a RecursionError."""
    seen: set[int] = set()
    stack: list[tuple[Any, str, int]] = [(document, "$", 0)]
    while stack:
        node, where, depth = stack.pop()
        if id(node) in seen:
            raise NestingError(f"{where} repeats an earlier node (a YAML alias)")
        seen.add(id(node))
        if depth > max_depth:
            raise NestingError(f"nested more than {max_depth} deep at {where}")
        if isinstance(node, dict):
            children = _repair_dict(node, where, repairs)
        else:
            children = _repair_list(node, where, repairs)
        stack.extend((child, path, depth + 1) for path, child in reversed(children))


def _repair_dict(node: dict[str, Any], where: str, repairs: Repairs) -> list[tuple[str, Any]]:
    children: list[tuple[str, Any]] = []
    for key, value in list(node.items()):
        path = f"{where}.{key}"
        if value is None:
            del node[key]
            repairs.note("null-value", path, "null (or empty) value read as absent")
        elif isinstance(value, dict | list):
            children.append((path, value))
        elif isinstance(value, str) and key in _TIMESTAMP_KEYS:
            node[key] = _timestamp(value, path, repairs)
        elif isinstance(value, str) and key in _ACTOR_KEYS:
            node[key] = _actor(value, _where(where, None, node), key, repairs)
    if isinstance(node.get("creators"), list):
        creators = node["creators"]
        for index, creator in enumerate(creators):
            if isinstance(creator, str):
                creators[index] = _actor(creator, where, f"creators[{index}]", repairs)
    return children


def _repair_list(node: list[Any], where: str, repairs: Repairs) -> list[tuple[str, Any]]:
    if any(value is None for value in node):
        repairs.note("null-value", where, "null entries left out")
        node[:] = [value for value in node if value is not None]
    return [(f"{where}[{index}]", v) for index, v in enumerate(node) if isinstance(v, dict | list)]


def _timestamp(value: str, where: str, repairs: Repairs) -> str:
    repaired = repaired_timestamp(value)
    if repaired is None:
        return value
    repairs.note("timestamp", where, f"{value!r} read as {repaired}")
    return repaired


def _actor(value: str, where: str, field_name: str, repairs: Repairs) -> str:
    repaired = repaired_actor(value)
    if repaired is None:
        return value
    note_actor(repairs, where, field_name, value, repaired)
    return repaired


def _elements(document: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    elements = document.get(key)
    if not isinstance(elements, list):
        return []
    return [(index, element) for index, element in enumerate(elements) if isinstance(element, dict)]


def _where(where: str, index: int | None, element: dict[str, Any]) -> str:
    place = where if index is None else f"{where}[{index}]"
    spdx_id = element.get("SPDXID")
    return f"{place} ({spdx_id})" if isinstance(spdx_id, str) else place


def _lacks_checksums(file: object) -> bool:
    return isinstance(file, dict) and not file.get("checksums")
