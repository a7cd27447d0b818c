"""The JSON report: the same inputs give the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

from sbom_audit.model import AuditReport
from sbom_audit.report.document import report_document
from sbom_audit.report.files import atomic_output


def render_json(report: AuditReport) -> str:
    return json.dumps(report_document(report), ensure_ascii=False, indent=2) + "\n"


def write_json(report: AuditReport, target: Path) -> None:
    with atomic_output(target) as temporary:
        temporary.write_text(render_json(report), encoding="utf-8")
