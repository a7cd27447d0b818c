"""Report writers, chosen by the extension of the output file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sbom_audit.errors import ReportError
from sbom_audit.model import AuditReport
from sbom_audit.report.excel import write_excel
from sbom_audit.report.json_report import write_json

WRITERS: dict[str, Callable[[AuditReport, Path], None]] = {
    ".xlsx": write_excel,
    ".json": write_json,
}


def check_output_path(target: Path) -> None:
    if target.suffix.lower() not in WRITERS:
        raise ReportError(
            f"{target}: cannot tell the report format from the extension; "
            f"use one of {', '.join(sorted(WRITERS))}"
        )


def write_report(report: AuditReport, target: Path) -> None:
    check_output_path(target)
    WRITERS[target.suffix.lower()](report, target)
