from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_SPREADSHEET
from openpyxl import load_workbook

from sbom_audit.cli import main

HOSTILE_NAMES = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+1+1",
    "-2+3",
    "name with \x07 bell and \x1b escape",
]


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("xlsx")
    bom = folder / "hostile.cdx.json"
    components = [
        {"type": "library", "name": name, "bom-ref": f"ref-{i}", "supplier": {"name": name}}
        for i, name in enumerate(HOSTILE_NAMES)
    ]
    bom.write_text(json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                               "components": components}), encoding="utf-8")  # fmt: skip
    target = folder / "report.xlsx"
    result = CliRunner().invoke(
        main, ["audit", str(EXAMPLE_SPREADSHEET), str(bom), "-o", str(target), "-q"]
    )
    assert result.exit_code == 0, result.output
    return target


def test_sheets_headers_and_layout(workbook_path: Path) -> None:
    workbook = load_workbook(workbook_path)
    assert workbook.sheetnames == ["Summary", "Findings", "Items"]
    for name in ("Findings", "Items"):
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet.column_dimensions["C"].width >= 20
    items = workbook["Items"]
    headers = [cell.value for cell in items[1]]
    assert headers[:4] == ["Item", "Kind", "Name", "Model"]
    assert items.max_row == 1 + 36 + len(HOSTILE_NAMES)


def test_untrusted_text_is_never_a_formula(workbook_path: Path) -> None:
    with zipfile.ZipFile(workbook_path) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(member), member
    items = load_workbook(workbook_path)["Items"]
    names = {row[2].value: row[2] for row in items.iter_rows(min_row=2)}
    for hostile in HOSTILE_NAMES[:5]:
        cell = names[hostile]
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert "name with \\x07 bell and \\x1b escape" in names


def test_figures_and_money_formats(workbook_path: Path) -> None:
    workbook = load_workbook(workbook_path)
    summary = {row[0].value: row for row in workbook["Summary"].iter_rows() if row and row[0].value}
    all_items = summary["All items"]
    assert [c.value for c in all_items[1:5]] == [42, 20, 15, 7]
    assert all_items[5].number_format == "0.0%"
    assert all_items[6].value == 30_620_000
    items = workbook["Items"]
    spend = next(row for row in items.iter_rows(min_row=2) if row[3].value == "NE40E-X8A")[19]
    assert (spend.value, spend.number_format) == (3_700_000, "#,##0.00")
