"""Shares per business unit / entity, from a spreadsheet column such as 使用部门 or 分行."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_metrics import CN, US, audited, report

from sbom_audit.cli import main
from sbom_audit.ingest.sheets.columns import field_of
from sbom_audit.model import UNKNOWN_ORIGIN, ItemKind
from sbom_audit.policy.metrics import summarise
from sbom_audit.report.terminal import render_summary

# 北京分行: CN 100, US 300. 上海分行: unknown 50, CN 150. And a component with no unit.
ITEMS = [
    audited(CN, "server", 100, 1, business_unit="北京分行"),
    audited(US, "server", 300, 2, business_unit="北京分行"),
    audited(UNKNOWN_ORIGIN, "switch", 50, 3, business_unit="上海分行"),
    audited(CN, "switch", 150, 4, business_unit="上海分行"),
    audited(CN, "library", None, 5, kind=ItemKind.COMPONENT),
]


def test_headers_that_name_a_business_unit() -> None:
    headers = ["使用部门", "部门", "分行", "所属分行名称", "Business unit", "Department", "Entity"]
    assert {field_of(h) for h in headers} == {"business_unit"}
    assert field_of("中标单位") == "supplier"
    assert field_of("编制部门") is None  # a title-row label, not the column


def test_shares_per_business_unit_only_over_items_that_name_one() -> None:
    by_unit = summarise(ITEMS, []).by_business_unit
    assert list(by_unit) == ["上海分行", "北京分行"]
    beijing, shanghai = by_unit["北京分行"], by_unit["上海分行"]
    assert (beijing.items, beijing.domestic_share_count, beijing.domestic_share_spend) == (
        2, 0.5, 0.25,
    )  # fmt: skip
    assert beijing.domestic_share_count_bounds == (0.5, 0.5)
    assert shanghai.domestic_share_count_known == 1.0
    assert shanghai.domestic_share_count_bounds == (0.5, 1.0)
    assert shanghai.domestic_share_spend_bounds == (0.75, 1.0)
    assert summarise(ITEMS[4:], []).by_business_unit == {}


def test_the_terminal_prints_a_line_per_unit() -> None:
    text = render_summary(report(ITEMS))
    assert "By business unit:" in text
    assert "50.0% domestic (known 100.0%, range 50.0%-100.0%), by spend 75.0%" in text
    assert "By business unit:" not in render_summary(report(ITEMS[4:]))


def test_a_department_column_reaches_the_json_report(tmp_path: Path) -> None:
    sheet = tmp_path / "list.csv"
    sheet.write_text(
        "产品名称,厂商,金额,币种,使用部门\nNE40E,Huawei,300,CNY,信息科技部\n"
        "MX204,Juniper Networks,100,CNY,信息科技部\nS5735,Huawei,50,CNY,\n",
        encoding="utf-8",
    )
    target = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["audit", str(sheet), "-o", str(target), "-q"])
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [item["business_unit"] for item in document["items"]] == [
        "信息科技部",
        "信息科技部",
        None,
    ]
    unit = document["summary"]["by_business_unit"]["信息科技部"]
    assert (unit["items"], unit["domestic_share_count"], unit["domestic_share_spend"]) == (
        2, 0.5, 0.75,
    )  # fmt: skip
    assert document["summary"]["items"] == 3
