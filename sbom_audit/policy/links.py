"""Spreadsheet rows and SBOMs that describe the same product, linked both ways.

A row is linked to an SBOM's product (its `sbom-subject` item) when its SBOM column names
that SBOM (explicit), or else when both have the same registry vendor and the same product
name or model and neither could be linked to anything else (implicit: precision over
recall, so an ambiguous pair is not linked). Linked items are one product: a row gets the
encryption features of its SBOM, a disclosure found for one counts for all, and a rule that
fires on a row and on its SBOM's product is reported once, on the row (the line bought).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import unquote, urlsplit

from sbom_audit.model import AuditedItem, Finding, Item, ItemKind, ItemLink, Severity
from sbom_audit.policy.same_product import ProductFacts, ProductIndex, why_same, words

RULE = "unlinked-sbom-reference"
MAX_LISTED = 10  # SBOM files named in a message or evidence, at most

Pair = tuple[str, str]  # (row id, SBOM subject id)

# cell values that say whether there is an SBOM, not which one
_MARKERS = frozenset(
    {"y", "n", "yes", "no", "true", "false", "x", "是", "否", "有", "无", "✓", "√"}
)
_SEPARATORS = re.compile(r"[;；\n]+")


def link_items(items: Sequence[AuditedItem]) -> tuple[list[AuditedItem], list[Finding]]:
    """The items with their links and the facts shared among the items of one product, and
    an `unlinked-sbom-reference` finding for each SBOM reference that names no SBOM."""
    rows = [a for a in items if a.item.kind is ItemKind.PRODUCT]
    subjects = [a for a in items if a.item.kind is ItemKind.SBOM_SUBJECT]
    pairs, findings = _explicit(rows, subjects)
    # A row that names its SBOM has spoken, and an SBOM a row names is taken: neither is
    # linked by guesswork as well.
    named = {row.id for row in rows if references(row.item.sbom_reference)}
    taken = {subject for _, subject in pairs}
    pairs.update(
        _implicit(
            [row for row in rows if row.id not in named],
            [subject for subject in subjects if subject.id not in taken],
        )
    )
    return _share(items, pairs), findings


def references(text: str | None) -> list[str]:
    """The SBOMs an SBOM cell names: parts separated by `;` or new lines, without a bare
    yes/no marker."""
    parts = (part.strip() for part in _SEPARATORS.split(text or ""))
    return [part for part in parts if part and part.casefold() not in _MARKERS]


# explicit: the SBOM column


def _explicit(
    rows: Sequence[AuditedItem], subjects: Sequence[AuditedItem]
) -> tuple[dict[Pair, str], list[Finding]]:
    sboms = _Sboms(subjects)
    audited = _listed(sorted(sboms.by_file))
    pairs: dict[Pair, str] = {}
    findings: list[Finding] = []
    for row in rows:
        for reference in references(row.item.sbom_reference):
            named, basis = sboms.resolve(reference)
            if not named:
                findings.append(_unlinked(row, reference, basis, audited))
            for subject in named:
                pairs.setdefault((row.id, subject.id), basis)
    return pairs, findings


class _Sboms:
    """The SBOM subjects by file, by file name and by product name, to resolve references."""

    def __init__(self, subjects: Iterable[AuditedItem]) -> None:
        self.by_file: dict[str, list[AuditedItem]] = defaultdict(list)
        self.by_name: dict[tuple[str, ...], list[AuditedItem]] = defaultdict(list)
        for subject in subjects:
            self.by_file[subject.item.provenance.file].append(subject)
            for name in _names(subject.item):
                self.by_name[name].append(subject)
        self.by_file_name: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for file in sorted(self.by_file):
            parts = _path_parts(file)
            if parts:
                self.by_file_name[parts[-1]].append((file, parts))

    def resolve(self, reference: str) -> tuple[Sequence[AuditedItem], str]:
        """The SBOM subjects a reference names and the basis of the link; when it names none
        or several SBOMs, no subjects and the reason."""
        files = self._files_named(reference)
        if len(files) == 1:
            return self.by_file[files[0]], _file_basis(reference, files[0])
        if not files:
            named = self.by_name.get(words(reference), []) if words(reference) else []
            files = sorted({subject.item.provenance.file for subject in named})
            if len(files) == 1:
                return named, f"SBOM column names {reference}, the product of {files[0]}"
        if files:
            listed = _listed(files)
            return (), f"could be any of {len(files)} SBOMs ({listed}): it is linked to none"
        return (), (
            "matches no SBOM among the audited inputs by file name or product name: the "
            "product's components were not audited"
        )

    def _files_named(self, reference: str) -> list[str]:
        """The files whose path ends like the reference's, those with the most trailing parts
        in common: directories and URL prefixes may differ, the file name may not."""
        wanted = _path_parts(reference)
        if not wanted:
            return []
        scored = [
            (_common_tail(wanted, parts), file)
            for file, parts in self.by_file_name.get(wanted[-1], [])
        ]
        best = max((score for score, _ in scored), default=0)
        return [file for score, file in scored if score == best]


def _path_parts(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", text).strip()
    if "://" in text:
        text = unquote(urlsplit(text).path)
    return tuple(part for part in re.split(r"[\\/]+", text.casefold()) if part)


def _common_tail(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    count = 0
    while count < min(len(a), len(b)) and a[-1 - count] == b[-1 - count]:
        count += 1
    return count


def _file_basis(reference: str, file: str) -> str:
    wanted = _path_parts(reference)
    if reference == file or wanted == _path_parts(file)[-1:]:
        return f"SBOM column names {reference}"
    return f"SBOM column names {reference}, which is {file}"


def _names(item: Item) -> tuple[tuple[str, ...], ...]:
    name = words(item.name)
    return (name, name + words(item.version)) if item.version else (name,)


def _listed(files: Sequence[str]) -> str:
    listed = ", ".join(files[:MAX_LISTED]) or "none"
    more = len(files) - MAX_LISTED
    return f"{listed} and {more} more" if more > 0 else listed


def _unlinked(row: AuditedItem, reference: str, reason: str, audited: str) -> Finding:
    return Finding(
        RULE,
        Severity.INFO,
        row.id,
        f"The SBOM column of {_describe(row.item)} names {reference!r}, which {reason}.",
        row.item.provenance,
        evidence=(f"SBOM reference: {reference}", f"SBOMs audited: {audited}"),
        remediation="Give the product's SBOM as an input (it is found by its file name, the "
        "end of its path or URL, or its product name), or correct the SBOM column.",
    )


# implicit: same vendor, same product


def _implicit(rows: Sequence[AuditedItem], subjects: Sequence[AuditedItem]) -> dict[Pair, str]:
    by_vendor: dict[str, ProductIndex] = defaultdict(ProductIndex)
    for subject in subjects:
        if subject.origin.vendor_id is not None:
            by_vendor[subject.origin.vendor_id].add(subject.id, subject.item)
    found: dict[Pair, str] = {}
    for row in rows:
        index = by_vendor.get(row.origin.vendor_id or "")
        facts = ProductFacts.of(row.item)
        for subject_id, theirs in index.candidates(facts) if index else ():
            why = why_same(facts, theirs)
            if why is not None:
                found[(row.id, subject_id)] = f"same vendor ({row.origin.vendor_name}) and {why}"
    per_row = Counter(row for row, _ in found)
    per_subject = Counter(subject for _, subject in found)
    return {
        pair: basis
        for pair, basis in found.items()
        if per_row[pair[0]] == 1 and per_subject[pair[1]] == 1
    }


# one product: shared facts


def _share(items: Sequence[AuditedItem], pairs: Mapping[Pair, str]) -> list[AuditedItem]:
    links: dict[str, list[ItemLink]] = defaultdict(list)
    for (row, subject), basis in sorted(pairs.items()):
        links[row].append(ItemLink(subject, basis))
        links[subject].append(ItemLink(row, basis))
    groups = _groups(pairs)
    by_id = {audited.id: audited for audited in items}
    shared = {
        group: _Shared.of([by_id[i] for i in sorted(group)]) for group in set(groups.values())
    }
    return [
        audited
        if audited.id not in groups
        else _as_one_product(audited, shared[groups[audited.id]], tuple(links[audited.id]))
        for audited in items
    ]


@dataclass(frozen=True, slots=True)
class _Shared:
    """What the items of one product have between them."""

    features: tuple[str, ...]  # the encryption features of its SBOMs
    disclosures: tuple[str, ...]  # disclosures stated or found for any of them, at most a few

    @classmethod
    def of(cls, members: Sequence[AuditedItem]) -> _Shared:
        features = sorted({f for member in members for f in member.encryption_features})
        disclosures = [
            text
            for member in members
            for text in (
                *((f"{member.item.encryption_disclosure} (stated for {member.id}, the same "
                   "product)",) if member.item.encryption_disclosure else ()),
                *(f"{ref} (found for {member.id}, the same product)" for ref in member.disclosures),
            )
        ]  # fmt: skip
        return cls(tuple(features), tuple(dict.fromkeys(disclosures))[:MAX_LISTED])


def _as_one_product(
    audited: AuditedItem, shared: _Shared, links: tuple[ItemLink, ...]
) -> AuditedItem:
    # A row gets the features of its SBOMs; an SBOM's product keeps those its own SBOM lists.
    features = shared.features if audited.item.kind is ItemKind.PRODUCT else None
    own = audited.item.encryption_disclosure or audited.disclosures
    return replace(
        audited,
        links=links,
        encryption_features=audited.encryption_features if features is None else features,
        disclosures=audited.disclosures if own else shared.disclosures,
    )


def _groups(pairs: Iterable[Pair]) -> dict[str, frozenset[str]]:
    """Item id -> the ids of every item linked with it, directly or through others."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in pairs:
        parent[root(a)] = root(b)
    members: dict[str, set[str]] = defaultdict(set)
    for node in list(parent):
        members[root(node)].add(node)
    groups = {top: frozenset(nodes) for top, nodes in members.items()}
    return {node: groups[root(node)] for node in parent}


# findings: one per rule and product


def fold_linked_findings(
    findings: Sequence[Finding], items: Sequence[AuditedItem]
) -> list[Finding]:
    """The findings with each one about a linked item naming the items it is linked with. A
    rule that fires on a row and on an SBOM's product linked with it is reported once, on
    the row: the row is what was bought (its spend and its line are what the auditor acts
    on), and its evidence names the SBOM's product whose finding it stands for."""
    by_id = {audited.id: audited for audited in items}
    groups = _groups((audited.id, link.item_id) for audited in items for link in audited.links)
    on_rows: dict[tuple[frozenset[str], str], int] = {}
    for f in findings:
        if f.item_id in groups and by_id[f.item_id].item.kind is ItemKind.PRODUCT:
            key = (groups[f.item_id], f.rule)
            on_rows[key] = max(on_rows.get(key, -1), f.severity.rank)
    folded: dict[tuple[frozenset[str], str], list[str]] = defaultdict(list)
    kept: list[Finding] = []
    for finding in findings:
        group = groups.get(finding.item_id)
        key = (group or frozenset(), finding.rule)
        if (
            group is not None
            and by_id[finding.item_id].item.kind is ItemKind.SBOM_SUBJECT
            and finding.severity.rank <= on_rows.get(key, -1)
        ):  # a more severe finding on the SBOM's product stays, cross-referenced
            folded[key].append(finding.item_id)
        else:
            kept.append(finding)
    return [_with_link_evidence(f, by_id, groups, folded) for f in kept]


def _with_link_evidence(
    finding: Finding,
    by_id: Mapping[str, AuditedItem],
    groups: Mapping[str, frozenset[str]],
    folded: Mapping[tuple[frozenset[str], str], list[str]],
) -> Finding:
    group = groups.get(finding.item_id)
    if group is None:
        return finding
    audited = by_id[finding.item_id]
    evidence = [
        f"same product as {link.item_id} ({_describe(by_id[link.item_id].item)}, "
        f"{by_id[link.item_id].item.provenance.describe()}): {link.basis}"
        for link in audited.links[:MAX_LISTED]
    ]
    if len(audited.links) > MAX_LISTED:
        evidence.append(f"and {len(audited.links) - MAX_LISTED} more items of the same product")
    merged = folded.get((group, finding.rule), [])
    if merged:
        evidence.append(
            f"the same {finding.rule} finding for {_listed(merged)} (the SBOM's product) is "
            "reported here only"
        )
    return replace(finding, evidence=(*finding.evidence, *evidence))


def _describe(item: Item) -> str:
    text = repr(item.name)
    if item.model:
        return f"{text} (model {item.model})"
    return f"{text} {item.version}" if item.version else text
