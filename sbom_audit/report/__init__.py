"""Report writers, chosen by the extension of the output file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sbom_audit.errors import ReportError
from sbom_audit.model import AuditReport
from sbom_audit.report.excel import write_excel
from sbom_audit.report.json_report import write_json

LANGUAGES = ("en", "zh")


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What the reader of a report needs beyond the audit itself."""

    lang: str = "en"  # labels of the workbook (data is always as given)
    entity: str | None = None  # the organisation audited, as the auditor names it


Writer = Callable[[AuditReport, Path, ReportOptions], None]

WRITERS: dict[str, Writer] = {
    ".xlsx": lambda report, target, options: write_excel(report, target),
    ".json": lambda report, target, options: write_json(report, target),
}


def check_output_path(target: Path) -> None:
    if target.suffix.lower() not in WRITERS:
        raise ReportError(
            f"{target}: cannot tell the report format from the extension; "
            f"use one of {', '.join(sorted(WRITERS))}"
        )


def write_report(report: AuditReport, target: Path, options: ReportOptions | None = None) -> None:
    check_output_path(target)
    WRITERS[target.suffix.lower()](report, target, options or ReportOptions())
