"""SPDX 2.2/2.3 documents through spdx-tools' validators, in linear time.

Imported only when validation is asked for. `validate_full_spdx_document` rebuilds the list of
every SPDX id for each reference it checks, scans all relationships for each package and lists
every extracted licence for each licence expression: 21 minutes on 20,000 packages.
`validate_document` visits the same elements in the same order and calls the library's own
checks wherever they are linear; an id's presence in the document or among its files, and the
relationships of a package whose files were not analysed, are looked up in a set of ids and an
index of relationships instead (with the library's message texts), and each licence expression
is checked against only the extracted licences it can name.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from spdx_tools.spdx.model.annotation import Annotation
from spdx_tools.spdx.model.document import CreationInfo, Document
from spdx_tools.spdx.model.extracted_licensing_info import ExtractedLicensingInfo
from spdx_tools.spdx.model.file import File
from spdx_tools.spdx.model.package import Package
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
from spdx_tools.spdx.model.snippet import Snippet
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.model.spdx_none import SpdxNone
from spdx_tools.spdx.parser.error import SPDXParsingError
from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
from spdx_tools.spdx.validation.actor_validator import validate_actor
from spdx_tools.spdx.validation.creation_info_validator import validate_creation_info
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
from spdx_tools.spdx.validation.extracted_licensing_info_validator import (
    validate_extracted_licensing_infos,
)
from spdx_tools.spdx.validation.file_validator import validate_file
from spdx_tools.spdx.validation.license_expression_validator import (
    validate_license_expression,
    validate_license_expressions,
)
from spdx_tools.spdx.validation.package_validator import validate_package
from spdx_tools.spdx.validation.snippet_validator import validate_snippet
from spdx_tools.spdx.validation.spdx_id_validators import validate_spdx_id
from spdx_tools.spdx.validation.validation_message import (
    SpdxElementType,
    ValidationContext,
    ValidationMessage,
)

from sbom_audit.errors import IngestError
from sbom_audit.ingest.spdx.dicts import xml_document, yaml_document

_VERSIONS = ("SPDX-2.2", "SPDX-2.3")
_NOT_AN_ID = (SpdxNone(), SpdxNoAssertion())
_TOKENS = re.compile(r"[^\s()]+")  # every licence id or reference an expression can name


def spdx_json_errors(data: bytes) -> Iterator[str]:
    """'place: reason' for each problem spdx-tools finds in an SPDX 2.x JSON document."""
    try:
        document = json.loads(data)  # as spdx-tools' own parser does
    except ValueError as exc:
        yield f"document: not valid JSON: {exc}"
        return
    yield from spdx_dict_errors(document)


def spdx_yaml_or_xml_errors(data: bytes, is_yaml: bool, max_depth: int) -> Iterator[str]:
    """The same for SPDX YAML and XML, which spdx-tools also reads as a dict."""
    try:
        document = yaml_document(data, "") if is_yaml else xml_document(data, "", max_depth)
    except IngestError as exc:
        yield f"document: {str(exc).removeprefix(': ')}"
        return
    yield from spdx_dict_errors(document)


def spdx_dict_errors(document: Any) -> Iterator[str]:
    try:
        parsed = JsonLikeDictParser().parse(document)  # type: ignore[no-untyped-call]
    except SPDXParsingError as exc:
        for message in exc.get_messages():  # type: ignore[no-untyped-call]
            yield f"document: spdx-tools cannot parse it: {message}"
        return
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        # the parser lets these escape for values of the wrong shape (a list for a string)
        yield f"document: spdx-tools cannot parse it: {type(exc).__name__}: {exc}"
        return
    for message in validate_document(parsed):
        yield describe_message(message)


def describe_message(message: ValidationMessage) -> str:
    """The element the message is about, then the library's text."""
    context = message.context
    kind = context.element_type.name.lower().replace("_", " ") if context.element_type else None
    element = context.full_element
    if isinstance(element, Relationship):
        place = f"relationship {element.spdx_element_id} {element.relationship_type.name} "
        place += str(element.related_spdx_element_id)
    elif isinstance(element, Annotation):
        place = f"annotation of {element.spdx_id}"
    elif context.spdx_id:
        place = f"{kind} {context.spdx_id}" if kind else context.spdx_id
    elif context.parent_id:
        place = f"{kind} in {context.parent_id}" if kind else context.parent_id
    else:
        place = kind or "document"
    return f"{place}: {message.validation_message}"


def validate_document(
    document: Document, spdx_version: str | None = None
) -> list[ValidationMessage]:
    """What `validate_full_spdx_document` returns for `document`, in the same order."""
    declared = document.creation_info.spdx_version
    if declared not in _VERSIONS or (spdx_version and spdx_version != declared):
        # the library stops right after its version check, so this costs nothing
        return list(validate_full_spdx_document(document, spdx_version))
    version = spdx_version or declared
    index = _Index.of(document)
    messages = list(validate_creation_info(document.creation_info, version))
    for package in document.packages:
        messages.extend(_package_messages(package, version, document, index))
    for file in document.files:
        messages.extend(_file_messages(file, version, document, index))
    for snippet in document.snippets:
        messages.extend(_snippet_messages(snippet, version, document, index))
    for annotation in document.annotations:
        messages.extend(_annotation_messages(annotation, document, index))
    for relationship in document.relationships:
        messages.extend(_relationship_messages(relationship, version, document, index))
    messages.extend(validate_extracted_licensing_infos(document.extracted_licensing_info))
    messages.extend(_document_messages(document, index))
    return messages


@dataclass(frozen=True, slots=True)
class _Index:
    """The document's ids and its relationships by element, built in one pass."""

    ids: list[str]  # the document's own id, then files, packages, snippets, as the library
    id_set: frozenset[str]
    package_ids: frozenset[str]
    file_ids: frozenset[str]
    by_origin: dict[tuple[RelationshipType, str], list[Relationship]]
    by_target: dict[tuple[RelationshipType, str], list[Relationship]]
    licences: dict[str, ExtractedLicensingInfo]  # extracted licensing info by licence id

    @classmethod
    def of(cls, document: Document) -> _Index:
        files = [file.spdx_id for file in document.files]
        packages = [package.spdx_id for package in document.packages]
        snippets = [snippet.spdx_id for snippet in document.snippets]
        ids = [document.creation_info.spdx_id, *files, *packages, *snippets]
        by_origin: defaultdict[tuple[RelationshipType, str], list[Relationship]] = defaultdict(list)
        by_target: defaultdict[tuple[RelationshipType, str], list[Relationship]] = defaultdict(list)
        for relationship in document.relationships:
            kind = relationship.relationship_type
            by_origin[kind, relationship.spdx_element_id].append(relationship)
            if isinstance(relationship.related_spdx_element_id, str):
                by_target[kind, relationship.related_spdx_element_id].append(relationship)
        licences = {
            info.license_id: info
            for info in document.extracted_licensing_info
            if isinstance(info.license_id, str)
        }
        id_sets = frozenset(ids), frozenset(packages), frozenset(files)
        return cls(ids, *id_sets, by_origin, by_target, licences)

    def is_file(self, spdx_id: object) -> bool:
        """As the library's get_element_type_from_spdx_id(...) == File (packages win)."""
        return (
            isinstance(spdx_id, str)
            and spdx_id in self.file_ids
            and spdx_id not in self.package_ids
        )


def _id_messages(
    spdx_id: str,
    document: Document,
    index: _Index,
    *,
    check_document: bool = False,
    check_files: bool = False,
) -> list[str]:
    """The library's validate_spdx_id, with its presence checks done on sets."""
    messages = validate_spdx_id(spdx_id, document)
    if ":" in spdx_id:  # a reference into another document: the library checks no presence
        return messages
    if check_document and spdx_id not in index.id_set:
        messages.append(f'did not find the referenced spdx_id "{spdx_id}" in the SPDX document')
    if check_files and spdx_id not in index.file_ids:
        messages.append(
            f'did not find the referenced spdx_id "{spdx_id}" in the SPDX document\'s files'
        )
    return messages


def _package_messages(
    package: Package, version: str, document: Document, index: _Index
) -> list[ValidationMessage]:
    """The library's validate_package_within_document, without its scans of all relationships."""
    context = ValidationContext(
        spdx_id=package.spdx_id,
        parent_id=document.creation_info.spdx_id,
        element_type=SpdxElementType.PACKAGE,
        full_element=package,
    )
    messages = [
        ValidationMessage(text, context) for text in _id_messages(package.spdx_id, document, index)
    ]
    if not package.files_analyzed:
        contained = _contained_files(package, index)
        if contained:
            messages.append(
                ValidationMessage(
                    "package must contain no elements if files_analyzed is False, "
                    f"but found {contained}",
                    context,
                )
            )
    messages.extend(_licence(package.license_concluded, package.spdx_id, document, index))
    from_files = package.license_info_from_files
    if from_files and not package.files_analyzed:
        messages.append(
            ValidationMessage(
                "license_info_from_files must be None if files_analyzed is False, "
                f"but is: {from_files}",
                context,
            )
        )
    elif from_files:
        scope = _scope(document, index, *from_files)
        messages.extend(validate_license_expressions(from_files, scope, package.spdx_id))
    messages.extend(_licence(package.license_declared, package.spdx_id, document, index))
    messages.extend(validate_package(package, version, context))
    return messages


def _contained_files(package: Package, index: _Index) -> list[Relationship]:
    contains = index.by_origin.get((RelationshipType.CONTAINS, package.spdx_id), [])
    contained_by = index.by_target.get((RelationshipType.CONTAINED_BY, package.spdx_id), [])
    return [r for r in contains if index.is_file(r.related_spdx_element_id)] + [
        r for r in contained_by if index.is_file(r.spdx_element_id)
    ]


def _file_messages(
    file: File, version: str, document: Document, index: _Index
) -> list[ValidationMessage]:
    """The library's validate_file_within_document, with licences checked in _scope."""
    context = ValidationContext(
        spdx_id=file.spdx_id,
        parent_id=document.creation_info.spdx_id,
        element_type=SpdxElementType.FILE,
        full_element=file,
    )
    texts = _id_messages(file.spdx_id, document, index)
    messages = [ValidationMessage(text, context) for text in texts]
    messages += _licence_messages(
        file.license_concluded, file.license_info_in_file, file.spdx_id, document, index
    )
    messages.extend(validate_file(file, version, context))
    return messages


def _licence_messages(
    concluded: Any, infos: list[Any], parent_id: str, document: Document, index: _Index
) -> list[ValidationMessage]:
    """A file's or snippet's concluded licence, then its list of licence infos."""
    scope = _scope(document, index, *infos)
    return _licence(concluded, parent_id, document, index) + validate_license_expressions(
        infos, scope, parent_id
    )


def _licence(
    expression: Any, parent_id: str, document: Document, index: _Index
) -> list[ValidationMessage]:
    return validate_license_expression(expression, _scope(document, index, expression), parent_id)


@dataclass(frozen=True, slots=True)
class _LicenceScope:
    """All that validate_license_expression reads of a document, with only the extracted
    licences the expression can name: the library lists every one for each expression."""

    creation_info: CreationInfo
    extracted_licensing_info: list[ExtractedLicensingInfo]


def _scope(document: Document, index: _Index, *expressions: object) -> Document:
    tokens = {token for expression in expressions for token in _TOKENS.findall(str(expression))}
    named = [index.licences[token] for token in sorted(tokens) if token in index.licences]
    return cast(Document, _LicenceScope(document.creation_info, named))


def _snippet_messages(
    snippet: Snippet, version: str, document: Document, index: _Index
) -> list[ValidationMessage]:
    context = ValidationContext(
        spdx_id=snippet.spdx_id,
        parent_id=document.creation_info.spdx_id,
        element_type=SpdxElementType.SNIPPET,
        full_element=snippet,
    )
    texts = _id_messages(snippet.spdx_id, document, index)
    texts += _id_messages(snippet.file_spdx_id, document, index, check_files=True)
    messages = [ValidationMessage(text, context) for text in texts]
    messages.extend(
        _licence_messages(
            snippet.license_concluded,
            snippet.license_info_in_snippet,
            snippet.spdx_id,
            document,
            index,
        )
    )
    messages.extend(validate_snippet(snippet, version, context))
    return messages


def _annotation_messages(
    annotation: Annotation, document: Document, index: _Index
) -> list[ValidationMessage]:
    context = ValidationContext(element_type=SpdxElementType.ANNOTATION, full_element=annotation)
    messages = list(validate_actor(annotation.annotator, "annotation"))
    texts = _id_messages(annotation.spdx_id, document, index, check_document=True)
    messages.extend(ValidationMessage(text, context) for text in texts)
    return messages


def _relationship_messages(
    relationship: Relationship, version: str, document: Document, index: _Index
) -> list[ValidationMessage]:
    context = ValidationContext(
        element_type=SpdxElementType.RELATIONSHIP, full_element=relationship
    )
    texts = _id_messages(relationship.spdx_element_id, document, index, check_document=True)
    related: Any = relationship.related_spdx_element_id
    if related not in _NOT_AN_ID:
        texts += _id_messages(related, document, index, check_document=True)
    messages = [ValidationMessage(text, context) for text in texts]
    kind = relationship.relationship_type
    if version == "SPDX-2.2" and kind in (
        RelationshipType.SPECIFICATION_FOR,
        RelationshipType.REQUIREMENT_DESCRIPTION_FOR,
    ):
        messages.append(ValidationMessage(f"{kind} is not supported in SPDX-2.2", context))
    return messages


def _document_messages(document: Document, index: _Index) -> list[ValidationMessage]:
    """The two checks validate_full_spdx_document makes on the whole document."""
    document_id = document.creation_info.spdx_id
    context = ValidationContext(spdx_id=document_id, element_type=SpdxElementType.DOCUMENT)
    messages = []
    describes = index.by_origin.get((RelationshipType.DESCRIBES, document_id))
    described_by = index.by_target.get((RelationshipType.DESCRIBED_BY, document_id))
    single_package = len(document.packages) == 1 and not document.files and not document.snippets
    if not single_package and not describes and not described_by:
        messages.append(
            ValidationMessage(
                f'there must be at least one relationship "{document_id} DESCRIBES ..." or '
                f'"... DESCRIBED_BY {document_id}" when there is not only a single package present',
                context,
            )
        )
    duplicates = [spdx_id for spdx_id, count in Counter(index.ids).items() if count > 1]
    if duplicates:
        messages.append(
            ValidationMessage(
                "every spdx_id must be unique within the document, but found the following "
                f"duplicates: {sorted(duplicates)}",
                context,
            )
        )
    return messages
