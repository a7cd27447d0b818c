"""SPDX tag-value through spdx-tools' ply parser, built once and reused.

spdx-tools builds a new parser (LALR tables) for every document and, worse, a new
license-expression index for every licence it reads (~50 ms each: a document with a hundred
licences took seconds). Here one parser is built on first use, with the licence index built
once, and its per-document state is reset before each parse; a lock keeps two threads from
sharing it at the same time.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from license_expression import ExpressionError
from ply import yacc
from spdx_tools.common.spdx_licensing import spdx_licensing
from spdx_tools.spdx.model.document import Document
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
from spdx_tools.spdx.parser.error import SPDXParsingError
from spdx_tools.spdx.parser.logger import Logger
from spdx_tools.spdx.parser.tagvalue.helper_methods import grammar_rule
from spdx_tools.spdx.parser.tagvalue.parser import Parser

from sbom_audit.errors import IngestError
from sbom_audit.ingest.spdx.extract import SpdxDocument, check_version
from sbom_audit.ingest.spdx.library import library_error, neutral_document
from sbom_audit.ingest.spdx.repair import Repairs
from sbom_audit.ingest.spdx.tagvalue_repair import repair_tag_value

_LINE = re.compile(r"\b(Line:? |line )(\d+)")
_VERSION = re.compile(r"^\s*SPDXVersion\s*:\s*(\S+)", re.MULTILINE)


class _ReusableParser(Parser):
    """spdx-tools' tag-value parser with two costs removed; the grammar is unchanged."""

    def __init__(self) -> None:
        # start= because ply takes the first rule (by line number) as the start symbol and the
        # override below lives in this file; the grammar has no conflicts, so rule order is
        # otherwise immaterial. No table files are written into site-packages.
        super().__init__(write_tables=False, debug=False, start="start", errorlog=yacc.NullLogger())
        self._indexed: set[tuple[Any, ...]] = set()
        self._indexed_count = 0

    @grammar_rule("license_or_no_assertion_or_none : LINE")  # type: ignore[untyped-decorator]
    def p_license(self, p: Any) -> None:
        # as the library's rule, but with its licence index built once, not once per licence
        try:
            p[0] = spdx_licensing.parse(p[1])
        except ExpressionError as err:
            message = f"Error while parsing license expression: {p[1]}"
            if err.args:
                message += f": {err.args[0]}"
            self.current_element["logger"].append(message)

    def check_for_preceding_package_and_build_contains_relationship(self) -> None:
        # The library's method with one change: it asks `relationship not in list` for every
        # file, which is quadratic (a FOSSology document with 3,000 files took 36 s); here
        # the list is mirrored by a set of keys.
        file_spdx_id = self.current_element["spdx_id"]
        packages = self.elements_built.get("packages")
        if packages is None:
            return
        if not packages:
            self.logger.append(
                f"Error while building contains relationship for file {file_spdx_id}, "
                "preceding package was not parsed successfully."
            )
            return
        relationship = Relationship(packages[-1].spdx_id, RelationshipType.CONTAINS, file_spdx_id)
        relationships = self.elements_built.setdefault("relationships", [])
        for known in relationships[self._indexed_count :]:
            self._indexed.add(_key(known))
        if _key(relationship) not in self._indexed:
            relationships.append(relationship)
            self._indexed.add(_key(relationship))
        self._indexed_count = len(relationships)

    def parse_document(self, text: str) -> Document:
        self._reset()
        try:
            document: Document = self.parse(text)
        finally:
            self._reset()  # nor keep the last document's elements alive
        return document

    def _reset(self) -> None:
        self.logger = Logger()
        self.current_element = {"logger": Logger()}
        self.creation_info = {"logger": Logger()}
        self.elements_built = {}
        self._indexed, self._indexed_count = set(), 0
        lexer: Any = self.lex.lexer
        lexer.lineno = 1
        lexer.begin("INITIAL")  # a previous document may have ended inside <text>


def _key(relationship: Relationship) -> tuple[Any, ...]:
    related = relationship.related_spdx_element_id
    return (
        relationship.spdx_element_id,
        relationship.relationship_type,
        type(related).__name__,
        str(related),
        relationship.comment,
    )


_parser: _ReusableParser | None = None
_parser_lock = threading.Lock()


def parse_tag_value(data: bytes, path: str, repairs: Repairs) -> SpdxDocument:
    text = decoded_text(data, path)
    version = _VERSION.search(text)
    check_version(version.group(1) if version else None, path)
    repaired, line_numbers = repair_tag_value(text, repairs)
    global _parser
    with _parser_lock:
        if _parser is None:
            _parser = _ReusableParser()
        try:
            document = _parser.parse_document(repaired)
        except SPDXParsingError as exc:
            messages = [_original_lines(m, line_numbers) for m in exc.messages]
            raise library_error(path, messages) from None
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise library_error(path, [_original_lines(str(exc), line_numbers)]) from None
    return neutral_document(document)


def decoded_text(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not valid UTF-8 text (at byte {exc.start})") from None


def _original_lines(message: object, line_numbers: list[int]) -> str:
    """The library's line numbers (of the repaired text) as line numbers of the input."""

    def original(match: re.Match[str]) -> str:
        index = int(match.group(2)) - 1
        number = line_numbers[index] if 0 <= index < len(line_numbers) else index + 1
        return f"{match.group(1)}{number}"

    return _LINE.sub(original, str(message))
