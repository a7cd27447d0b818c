"""The repairs of spdx_repair, applied line by line to SPDX tag-value text.

Lines are only ever rewritten, inserted or dropped, never merged, and every output line
remembers the input line it came from so the library's "Line: N" can be mapped back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sbom_audit.ingest.spdx.repair import Repairs, note_actor, repaired_actor, repaired_timestamp

_TAG = re.compile(r"\s*([A-Za-z]+)\s*:[ \t]*(.*?)\s*")
_TIMESTAMP_TAGS = frozenset({"Created", "BuiltDate", "ReleaseDate", "ValidUntilDate",
                             "AnnotationDate"})  # fmt: skip
_ACTOR_TAGS = frozenset({"PackageSupplier", "PackageOriginator", "Creator", "Annotator"})
_ELEMENT_STARTS = frozenset({"PackageName", "FileName", "SnippetSPDXID", "LicenseID",
                             "Relationship", "Annotator"})  # fmt: skip
# Tags of a package that tools sometimes write after the package's Relationship lines.
_PACKAGE_TAGS = frozenset(
    {"PackageVersion", "PackageDownloadLocation", "FilesAnalyzed", "PackageSummary",
     "PackageSourceInfo", "PackageFileName", "PackageSupplier", "PackageOriginator",
     "PackageChecksum", "PackageVerificationCode", "PackageDescription", "PackageComment",
     "PackageLicenseDeclared", "PackageLicenseConcluded", "PackageLicenseInfoFromFiles",
     "PackageLicenseComments", "PackageCopyrightText", "PackageHomePage", "ExternalRef",
     "ExternalRefComment", "PackageAttributionText", "PrimaryPackagePurpose", "BuiltDate",
     "ReleaseDate", "ValidUntilDate"}
)  # fmt: skip
_KEPT_IN_DROPPED_FILES = frozenset({"Creator", "Created", "CreatorComment", "LicenseListVersion",
                                    "DocumentComment", "ExternalDocumentRef"})  # fmt: skip


@dataclass
class _Line:
    text: str
    number: int  # 1-based, in the input
    tag: str | None = None


@dataclass
class _Block:
    """An element (package, file, ...) as the lines from its start tag to the next one."""

    tag: str | None
    lines: list[_Line] = field(default_factory=list)

    def has(self, tag: str) -> bool:
        return any(line.tag == tag for line in self.lines)

    def where(self, line: _Line | None = None) -> str:
        number = (line or self.lines[0]).number
        spdx_id = next((_value(line) for line in self.lines if line.tag == "SPDXID"), None)
        return f"line {number}" + (f" ({spdx_id})" if spdx_id else "")


def repair_tag_value(text: str, repairs: Repairs) -> tuple[str, list[int]]:
    """The repaired text and, for each of its lines, the input line number."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = _blocks(text)
    _move_stray_package_lines(blocks, repairs)
    lines: list[_Line] = []
    for block in blocks:
        lines.extend(_repaired_block(block, repairs))
    text = "".join(f"{line.text}\n" for line in lines)
    return text, [line.number for line in lines]


def _blocks(text: str) -> list[_Block]:
    blocks = [_Block(None)]
    in_text = False
    for number, raw in enumerate(text.split("\n"), start=1):
        if in_text:
            blocks[-1].lines.append(_Line(raw, number))
            in_text = "</text>" not in raw
            continue
        match = _TAG.fullmatch(raw)
        tag = match.group(1) if match else None
        if tag in _ELEMENT_STARTS:
            blocks.append(_Block(tag))
        blocks[-1].lines.append(_Line(raw, number, tag))
        value = match.group(2) if match else ""
        in_text = "<text>" in value and "</text>" not in value.split("<text>", 1)[1]
    return blocks


def _move_stray_package_lines(blocks: list[_Block], repairs: Repairs) -> None:
    """Package tags that follow a Relationship line go back to the package before it."""
    package: _Block | None = None
    for block in blocks:
        if block.tag == "PackageName":
            package = block
        elif block.tag == "Relationship" and package is not None:
            stray = [line for line in block.lines[1:] if line.tag in _PACKAGE_TAGS]
            # only lines the package lacks, and never a second element's SPDXID: a package
            # without its PackageName must stay an error, not lend its fields to another
            lacking = not any(package.has(line.tag or "") for line in stray)
            if stray and lacking and not block.has("SPDXID"):
                block.lines = [line for line in block.lines if line not in stray]
                package.lines.extend(stray)
                message = f"{len(stray)} package line(s) after a Relationship line read as its own"
                repairs.note("line-order", package.where(), message)
        elif block.tag is not None:
            package = None


def _repaired_block(block: _Block, repairs: Repairs) -> list[_Line]:
    if block.tag == "FileName" and not block.has("FileChecksum"):
        message = "a file without FileChecksum, left out (files are not audited)"
        repairs.note("file-checksum", block.where(), message)
        return [line for line in block.lines if line.tag in _KEPT_IN_DROPPED_FILES]
    lines = [_repaired_line(line, block, repairs) for line in block.lines]
    if block.tag == "PackageName" and not block.has("PackageDownloadLocation"):
        message = "no PackageDownloadLocation; read as NOASSERTION"
        repairs.note("download-location", block.where(), message)
        lines.insert(1, _Line("PackageDownloadLocation: NOASSERTION", block.lines[0].number))
    return lines


def _repaired_line(line: _Line, block: _Block, repairs: Repairs) -> _Line:
    if line.tag is None:
        return line
    repaired = _repaired_value(line.tag, _value(line), block.where(line), repairs)
    if repaired is None:
        return line
    return _Line(f"{line.tag}: {repaired}", line.number, line.tag)


def _repaired_value(tag: str, value: str, where: str, repairs: Repairs) -> str | None:
    if tag in _TIMESTAMP_TAGS:
        repaired = repaired_timestamp(value)
        if repaired is not None:
            repairs.note("timestamp", where, f"{tag} {value!r} read as {repaired}")
        return repaired
    if tag in _ACTOR_TAGS and value and not value.startswith("<text>"):
        repaired = repaired_actor(value)
        if repaired is not None:
            note_actor(repairs, where, tag, value, repaired)
        return repaired
    if (
        tag == "FilesAnalyzed"
        and value.lower() in ("true", "false")
        and value not in ("true", "false")
    ):
        repairs.note("letter-case", where, f"FilesAnalyzed {value!r} read as {value.lower()!r}")
        return value.lower()
    return None


def _value(line: _Line) -> str:
    return line.text.split(":", 1)[1].strip()
