"""An earlier JSON report as a baseline (`--baseline FILE`): which findings are new, which
were there before (unchanged) and which are gone (resolved).

A finding is recognised across runs by a key that leaves out everything an unrelated edit of
an input changes:

- item ids (I00001, ...) are renumbered whenever an earlier input gains or loses an item, and
  spreadsheet rows shift when rows are inserted, so neither is in the key;
- the input's directory depends on the working directory or CI checkout, so only its file
  name is (Windows or POSIX separators alike);
- SBOM element refs are left out too: generators often make them from hashes of scan details
  (in the shared corpus 84% of SPDX package ids and 37% of CycloneDX bom-refs hold a hash),
  so a regenerated SBOM of the same software would look all new.

A finding about one item is keyed by its rule and the item's identity: kind, input file name,
sheet, vendor as given, name, model, version, group, the purl's type/namespace/name, and the
business unit of its row. Text is compared with case and runs of white space folded. A
changed version or model is a different item: its findings are new, the old ones resolved.
A finding about no single item is keyed by its rule and its subject (the category code of
`minimum-domestic-share`, whose figures change with every row while the category does not;
the filing reference of `unmatched-disclosure`), else by the input file name, sheet and
message.

Findings with equal keys (two identical rows) are paired off one to one, those of equal
severity first; what is left over is new (this audit) or resolved (the baseline). A paired
finding whose severity changed is unchanged, with an evidence line giving the earlier
severity. Resolved findings are copied from the baseline: their item ids and rows are the
baseline report's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import msgspec

from sbom_audit.errors import BaselineError
from sbom_audit.model import AuditReport, Finding, FindingStatus, Provenance, Severity
from sbom_audit.report.document import TOOL_NAME

Key = tuple[str | None, ...]
_REMEDY = "give a JSON report written earlier by `sbom-audit audit -o FILE.json`"


class _Provenance(msgspec.Struct, kw_only=True):
    file: str
    sheet: str | None = None
    row: int | None = None
    ref: str | None = None


class _Item(msgspec.Struct, kw_only=True):
    id: str
    kind: str
    name: str
    provenance: _Provenance
    version: str | None = None
    model: str | None = None
    vendor: str | None = None
    group: str | None = None
    purl: str | None = None
    business_unit: str | None = None


class _Finding(msgspec.Struct, kw_only=True):
    rule: str
    severity: Severity
    message: str
    item: str
    provenance: _Provenance
    evidence: tuple[str, ...] = ()
    remediation: str | None = None
    subject: str | None = None


class _Named(msgspec.Struct):
    name: str


class _Input(msgspec.Struct):
    path: str


class _Report(msgspec.Struct, kw_only=True):
    policy: _Named
    inputs: tuple[_Input, ...]
    items: tuple[_Item, ...]
    findings: tuple[_Finding, ...]


class _Header(msgspec.Struct):
    tool: Any = None


_HEADER = msgspec.json.Decoder(_Header)
_REPORT = msgspec.json.Decoder(_Report)


@dataclass(frozen=True, slots=True)
class Baseline:
    path: str  # as given
    policy_name: str
    input_names: frozenset[str]
    keys: tuple[Key, ...]  # one per finding, in the report's order
    findings: tuple[Finding, ...]  # each marked resolved, as it is reported if unmatched


def load_baseline(path: str | Path) -> Baseline:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline report: {exc.strerror}") from exc
    return parse_baseline(data, str(path))


def parse_baseline(data: bytes, path: str) -> Baseline:
    """A report as `report.json_report` writes it; BaselineError if it is anything else."""
    try:
        tool = _HEADER.decode(data).tool
    except msgspec.ValidationError:  # JSON, but not an object
        tool = None
    except msgspec.DecodeError as exc:
        raise BaselineError(f"{path}: not JSON ({exc}): {_REMEDY}") from exc
    if not isinstance(tool, dict) or tool.get("name") != TOOL_NAME:
        raise BaselineError(
            f"{path}: not a sbom-audit report ($.tool.name is not {TOOL_NAME!r}): {_REMEDY}"
        )
    try:
        report = _REPORT.decode(data)
    except msgspec.ValidationError as exc:
        raise BaselineError(
            f"{path}: a report layout this version cannot read ({exc}); it was written by "
            f"sbom-audit {tool.get('version')}: audit the baseline's inputs again"
        ) from exc
    return _baseline(report, path)


def _baseline(report: _Report, path: str) -> Baseline:
    items = {item.id: item for item in report.items}
    keys: list[Key] = []
    for index, finding in enumerate(report.findings):
        item = items.get(finding.item)
        if finding.item and item is None:
            raise BaselineError(
                f"{path}: $.findings[{index}].item names {finding.item!r}, which is not in "
                "$.items: the report is damaged"
            )
        identity = _identity(item.kind, item.provenance, _fields(item)) if item else None
        keys.append(finding_key(finding, _where(finding), identity))
    return Baseline(
        path=path,
        policy_name=report.policy.name,
        input_names=frozenset(file_name(record.path) for record in report.inputs),
        keys=tuple(keys),
        findings=tuple(_finding(finding) for finding in report.findings),
    )


def _where(finding: _Finding) -> Provenance:
    where = finding.provenance
    return Provenance(where.file, where.sheet, where.row, where.ref)


def _finding(finding: _Finding) -> Finding:
    return Finding(
        finding.rule,
        finding.severity,
        finding.item,
        finding.message,
        _where(finding),
        evidence=finding.evidence,
        remediation=finding.remediation,
        status=FindingStatus.RESOLVED,
        subject=finding.subject,
    )


class _Described(Protocol):
    """What `Item` and an item of the JSON report have in common."""

    @property
    def vendor(self) -> str | None: ...
    @property
    def name(self) -> str: ...
    @property
    def model(self) -> str | None: ...
    @property
    def version(self) -> str | None: ...
    @property
    def group(self) -> str | None: ...
    @property
    def purl(self) -> str | None: ...
    @property
    def business_unit(self) -> str | None: ...


def _fields(data: _Described) -> tuple[str | None, ...]:
    return (
        data.vendor,
        data.name,
        data.model,
        data.version,
        data.group,
        _package(data.purl),
        data.business_unit,
    )


def _identity(kind: str, where: _Provenance | Provenance, fields: Sequence[str | None]) -> Key:
    return (kind, file_name(where.file), where.sheet, *fields)


def _package(purl: str | None) -> str | None:
    """A purl without version, qualifiers and subpath: the package, not the build of it.
    Cut as text (the version follows the path's last "@"), not parsed with packageurl: that
    took longer than all the rest of a comparison, and both runs read the same text."""
    if purl is None:
        return None
    path = purl.split("#", 1)[0].split("?", 1)[0]
    return path.rpartition("@")[0] or path


def file_name(path: str) -> str:
    """The name of an input without its directory, whether written with / or \\."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def finding_key(finding: _Finding | Finding, where: Provenance, identity: Key | None) -> Key:
    if identity is not None:
        return _folded((finding.rule, *identity))
    if finding.subject is not None:
        return _folded((finding.rule, "subject", finding.subject))
    files = ", ".join(file_name(part) for part in where.file.split(", "))
    return _folded((finding.rule, files, where.sheet, finding.message))


def _folded(key: Sequence[str | None]) -> Key:
    return tuple(None if part is None else " ".join(part.split()).casefold() for part in key)


def _report_keys(report: AuditReport) -> list[Key]:
    items = {audited.id: audited for audited in report.items}
    keys: list[Key] = []
    for finding in report.findings:
        audited = items.get(finding.item_id)
        identity = None
        if audited is not None:
            item = audited.item
            identity = _identity(item.kind.value, item.provenance, _fields(item))
        keys.append(finding_key(finding, finding.provenance, identity))
    return keys


def pair_off(report: AuditReport, baseline: Baseline) -> tuple[list[int | None], list[int]]:
    """For each finding of `report`, the index of its baseline finding (None: new); and the
    indexes of the baseline findings left over (resolved), in the baseline's order."""
    waiting: dict[Key, list[int]] = defaultdict(list)
    for index, key in enumerate(baseline.keys):
        waiting[key].append(index)
    partners: list[int | None] = [None] * len(report.findings)
    keys = _report_keys(report)
    for same_severity in (True, False):
        for position, finding in enumerate(report.findings):
            candidates = waiting.get(keys[position], [])
            if partners[position] is not None or not candidates:
                continue
            for slot, index in enumerate(candidates):
                if not same_severity or baseline.findings[index].severity is finding.severity:
                    partners[position] = candidates.pop(slot)
                    break
    return partners, sorted(index for left in waiting.values() for index in left)


def compare(report: AuditReport, baseline: Baseline) -> AuditReport:
    """The report with each finding's status against the baseline, and the resolved ones."""
    partners, resolved = pair_off(report, baseline)
    findings = tuple(
        _marked(finding, None if index is None else baseline.findings[index])
        for finding, index in zip(report.findings, partners, strict=True)
    )
    return replace(
        report,
        findings=findings,
        baseline=baseline.path,
        resolved_findings=tuple(baseline.findings[index] for index in resolved),
    )


def _marked(finding: Finding, earlier: Finding | None) -> Finding:
    if earlier is None:
        return replace(finding, status=FindingStatus.NEW)
    evidence = finding.evidence
    if earlier.severity is not finding.severity:
        note = f"baseline: severity was {earlier.severity.value}, now {finding.severity.value}"
        evidence = (*evidence, note)
    return replace(finding, status=FindingStatus.UNCHANGED, evidence=evidence)


def blocking_findings(
    report: AuditReport, threshold: Severity, baseline: Baseline | None = None
) -> tuple[Finding, ...]:
    """The findings at or above `threshold` that fail a CI gate. With a baseline, only those
    the baseline did not already have at or above it: new ones, and ones whose severity
    rose to it (findings accepted before do not fail the gate again)."""
    at_or_above = [finding.severity.rank >= threshold.rank for finding in report.findings]
    if baseline is None:
        return tuple(f for f, hit in zip(report.findings, at_or_above, strict=True) if hit)
    partners, _ = pair_off(report, baseline)
    return tuple(
        finding
        for finding, hit, index in zip(report.findings, at_or_above, partners, strict=True)
        if hit and (index is None or baseline.findings[index].severity.rank < threshold.rank)
    )


def baseline_warnings(report: AuditReport, baseline: Baseline) -> tuple[str, ...]:
    """What makes the comparison less telling than it looks; never a reason to stop."""
    warnings: list[str] = []
    if baseline.policy_name != report.policy_name:
        warnings.append(
            f"{baseline.path}: the baseline was audited with policy {baseline.policy_name!r}, "
            f"this audit with {report.policy_name!r}: findings of rules only one of them "
            "applies show as new or resolved"
        )
    names = frozenset(file_name(record.path) for record in report.inputs)
    for files, sentence in (
        (baseline.input_names - names, "the baseline audited files this audit did not"),
        (names - baseline.input_names, "this audit reads files the baseline did not"),
    ):
        if files:
            warnings.append(f"{baseline.path}: {sentence}: {', '.join(sorted(files))}")
    return tuple(warnings)
