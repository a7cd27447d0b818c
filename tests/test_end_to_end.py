"""The bundled example, audited through the command line, with figures worked out by hand.

Spreadsheet (36 rows): 20 domestic, 15 foreign, 1 of unknown origin (a row naming only a
reseller). Array Networks is not in the curated registry; the IEEE OUI tier knows it (US, low
confidence). Spend: domestic 20,395,000, foreign 10,130,000, unknown 95,000 of 30,620,000 CNY.
SPDX SBOM (11 packages): domestic Qi An Xin (the subject, by its e-mail domain), Tencent
(rapidjson, github/tencent) and Huawei (libboundscheck, by name); foreign Google (protobuf);
7 unknown. CycloneDX SBOM (13 components): domestic Tongtech (subject, by domain) and Alibaba
(druid, fastjson2); foreign FasterXML, Google, Apache x3, Bouncy Castle (AU), Spring (VMware);
unknown netty, slf4j, openssl.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import EXAMPLE_CYCLONEDX, EXAMPLE_SPDX, EXAMPLE_SPREADSHEET

from sbom_audit.cli import main

EXAMPLE_INPUTS = [str(EXAMPLE_SPREADSHEET), str(EXAMPLE_CYCLONEDX), str(EXAMPLE_SPDX)]


def _audit(*args: str) -> Result:
    return CliRunner().invoke(main, ["audit", *args])


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    target = tmp_path_factory.mktemp("out") / "report.json"
    result = _audit(*EXAMPLE_INPUTS, "-o", str(target))
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_contract_keys(example_report: dict[str, Any]) -> None:
    assert list(example_report) == [
        "tool",
        "policy",
        "registry",
        "inputs",
        "summary",
        "items",
        "services",
        "findings",
        "baseline",
    ]
    assert example_report["baseline"] is None
    assert example_report["tool"]["name"] == "sbom-audit"
    assert example_report["policy"]["name"] == "cn-bank"
    item = example_report["items"][0]
    for key in ("name", "vendor", "origin_country", "match_method", "category", "provenance"):
        assert key in item
    finding = example_report["findings"][0]
    assert set(finding) >= {"rule", "severity", "message", "item"}


def test_inputs_are_recorded_with_hashes(example_report: dict[str, Any]) -> None:
    inputs = {Path(i["path"]).name: i for i in example_report["inputs"]}
    assert {n: (i["format"], i["items"], i["error"]) for n, i in inputs.items()} == {
        "bank-procurement-2026.xlsx": ("xlsx", 36, None),
        "tongweb-7.0.cdx.json": ("cyclonedx-json", 13, None),
        "qianxin-tianqing-agent.spdx.json": ("spdx-json", 11, None),
    }
    assert all(len(i["sha256"]) == 64 for i in inputs.values())


def test_headline_figures(example_report: dict[str, Any]) -> None:
    summary = example_report["summary"]
    assert (summary["items"], summary["domestic_count"], summary["foreign_count"]) == (60, 26, 23)
    assert summary["unknown_origin_count"] == 11
    assert summary["domestic_share_count"] == round(26 / 60, 6)
    assert summary["currency"] == "CNY"
    assert summary["spend"] == 30_620_000
    assert summary["domestic_spend"] == 20_395_000
    assert summary["foreign_spend"] == 10_130_000
    assert summary["domestic_share_spend"] == round(20_395_000 / 30_620_000, 6)
    assert summary["unknown_origin_share_spend"] == round(95_000 / 30_620_000, 6)


def test_figures_by_kind_and_category(example_report: dict[str, Any]) -> None:
    by_kind = example_report["summary"]["by_kind"]
    products = by_kind["product"]
    assert (products["items"], products["domestic_count"], products["foreign_count"]) == (
        36,
        20,
        15,
    )
    assert products["domestic_share_count"] == round(20 / 36, 6)
    assert by_kind["component"]["items"] == 22
    assert by_kind["component"]["unknown_origin_count"] == 10
    firewall = example_report["summary"]["by_category"]["firewall"]
    assert (firewall["items"], firewall["domestic_count"], firewall["foreign_count"]) == (6, 3, 3)
    assert firewall["domestic_spend"] == 2_220_000
    assert firewall["domestic_share_spend"] == round(2_220_000 / 4_210_000, 6)
    assert example_report["summary"]["findings_by_severity"] == {
        "critical": 0, "high": 5, "medium": 9, "low": 10, "info": 0,
    }  # fmt: skip


def test_every_example_item_has_a_category_with_its_basis(example_report: dict[str, Any]) -> None:
    """Rows by their category column; SBOM items by their CycloneDX type or SPDX purpose, which
    the reports name apart from a spreadsheet's column. None is left uncategorised."""
    items = example_report["items"]
    assert [i["name"] for i in items if i["category"] is None] == []
    assert not [f for f in example_report["findings"] if f["rule"] == "uncategorised"]
    bases: dict[str, int] = {}
    for item in items:
        basis = item["category_basis"]
        kind = basis.split(" '")[0]
        bases[kind] = bases.get(kind, 0) + 1
    assert bases == {"stated as": 36, "SPDX purpose": 11, "CycloneDX type": 13}
    by_name = {(i["kind"], i["name"]): (i["category"], i["category_basis"]) for i in items}
    assert by_name[("sbom-subject", "TongWeb")] == ("software", "CycloneDX type 'application'")
    assert by_name[("component", "zlib")] == ("library", "SPDX purpose 'library'")
    assert by_name[("product", "硬件安全模块 HSM")] == ("hsm_crypto", "stated as 'HSM'")


def test_exact_findings(example_report: dict[str, Any]) -> None:
    names = {item["id"]: item["name"] for item in example_report["items"]}
    found = sorted(
        (f["rule"], names[f["item"]]) for f in example_report["findings"] if f["severity"] != "low"
    )
    assert found == sorted(
        [("encryption-disclosure", n) for n in (
            "办公区交换机 Campus switch", "骨干路由器 Backbone router",
            "应用防火墙 Application firewall", "办公网防火墙 Office firewall",
            "远程接入网关 Remote access gateway")]
        + [("domestic-preference", n) for n in (
            "互联网防火墙 Internet firewall", "应用防火墙 Application firewall",
            "办公网防火墙 Office firewall", "终端防病毒 Endpoint antivirus (per endpoint)",
            "服务器防病毒 Server antivirus (per server)", "负载均衡与应用防护 ADC with WAF",
            "硬件安全模块 HSM", "远程接入网关 Remote access gateway")]
        + [("unknown-origin", "日志审计系统 Log audit")]
    )  # fmt: skip
    low = sorted(names[f["item"]] for f in example_report["findings"] if f["severity"] == "low")
    assert low == sorted(["openssl", "openssl", "zlib", "sqlite", "curl", "libuv", "lua", "mbedtls",
                          "netty-handler", "slf4j-api"])  # fmt: skip


def test_every_item_traces_back_to_its_input(example_report: dict[str, Any]) -> None:
    for item in example_report["items"]:
        where = item["provenance"]
        if item["kind"] == "product":
            assert where["sheet"] == "2026年度采购清单" and 5 <= where["row"] <= 40
        else:
            assert where["ref"], item["name"]
    cisco = next(i for i in example_report["items"] if i["model"] == "ASR 1001-X")
    assert (cisco["origin_country"], cisco["match_method"], cisco["provenance"]["row"]) == (
        "US",
        "name",
        11,
    )
    assert cisco["country_source"].startswith("https://")


def test_json_is_byte_identical_across_runs_and_input_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert _audit(*EXAMPLE_INPUTS, "-o", str(first)).exit_code == 0
    assert _audit(*reversed(EXAMPLE_INPUTS), "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_summary_is_printed(tmp_path: Path) -> None:
    result = _audit(*EXAMPLE_INPUTS)
    assert result.exit_code == 0
    assert (
        "Domestic share by count: 43.3% (26 domestic, 23 foreign, 11 unknown origin)"
        in result.output
    )
    assert "Domestic share by spend: 66.6% of CNY 30,620,000.00" in result.output
    assert "Findings: 24 (5 high, 9 medium, 10 low)" in result.output


def test_fail_on_threshold_sets_exit_status_1() -> None:
    assert _audit(*EXAMPLE_INPUTS, "--fail-on", "high", "-q").exit_code == 1
    assert _audit(*EXAMPLE_INPUTS, "--fail-on", "critical", "-q").exit_code == 0


def test_an_unreadable_input_gives_status_3_and_the_rest_is_audited(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"bomFormat": "CycloneDX", "specVersion": "1.5", "comp', encoding="utf-8")
    target = tmp_path / "r.json"
    result = _audit(str(broken), *EXAMPLE_INPUTS, "-o", str(target))
    assert result.exit_code == 3
    assert f"error: {broken}: not valid JSON" in result.output
    assert "Traceback" not in result.output
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["summary"]["items"] == 60
    [failed] = [i for i in report["inputs"] if i["error"]]
    assert failed["path"] == str(broken) and failed["items"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--policy", "no-such-profile"], "unknown policy profile 'no-such-profile'"),
        (["-o", "report.pdf"], "cannot tell the report format"),
        (["--fail-on", "dire"], "Invalid value for '--fail-on'"),
    ],
)
def test_usage_errors_give_status_2(args: list[str], message: str) -> None:
    result = _audit(*args, str(EXAMPLE_SPREADSHEET))
    assert result.exit_code == 2
    assert message in result.output


def test_no_inputs_is_a_usage_error() -> None:
    assert _audit().exit_code == 2


def test_a_user_registry_layer_outranks_the_oui_tier(tmp_path: Path) -> None:
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "mine.yaml").write_text(
        "- id: array-networks\n  name: Array Networks, Inc.\n  country: US\n"
        "  aliases: [Array Networks]\n  categories: [vpn]\n"
        "  source: https://example.org/array\n  checked: 2026-11-23\n",
        encoding="utf-8",
    )
    target = tmp_path / "r.json"
    result = _audit(str(EXAMPLE_SPREADSHEET), "--registry", str(layer), "-o", str(target))
    assert result.exit_code == 0, result.output
    report = json.loads(target.read_text(encoding="utf-8"))
    array = next(i for i in report["items"] if i["vendor"] == "Array Networks")
    assert (array["origin_country"], array["registry_vendor_id"]) == ("US", "array-networks")
    assert (array["match_tier"], array["confidence"]) == ("user", 1.0)
    assert report["summary"]["unknown_origin_count"] == 1


def test_the_oui_tier_is_a_low_confidence_match_and_can_be_switched_off(
    example_report: dict[str, Any], tmp_path: Path
) -> None:
    array = next(i for i in example_report["items"] if i["vendor"] == "Array Networks")
    assert (array["origin_country"], array["match_tier"], array["confidence"]) == ("US", "oui", 0.6)
    target = tmp_path / "r.json"
    result = _audit(*EXAMPLE_INPUTS, "--no-oui-tier", "-o", str(target), "-q")
    assert result.exit_code == 0, result.output
    summary = json.loads(target.read_text(encoding="utf-8"))["summary"]
    assert (summary["foreign_count"], summary["unknown_origin_count"]) == (22, 12)


def test_column_map_and_sheet_choice_from_the_command_line(tmp_path: Path) -> None:
    sheet = tmp_path / "list.csv"
    sheet.write_text("Gerät,Hersteller,Betrag\nMX204,Juniper Networks,100\n", encoding="utf-8")
    columns = tmp_path / "columns.yaml"
    columns.write_text("Gerät: name\nHersteller: manufacturer\nBetrag: amount\n", encoding="utf-8")
    target = tmp_path / "r.json"
    result = _audit(str(sheet), "--columns", str(columns), "-o", str(target), "-q")
    assert result.exit_code == 0, result.output
    [item] = json.loads(target.read_text(encoding="utf-8"))["items"]
    assert (item["name"], item["origin_country"], item["spend"]) == ("MX204", "US", 100)

    bad_map = tmp_path / "bad.yaml"
    bad_map.write_text("Gerät: gadget\n", encoding="utf-8")
    result = _audit(str(sheet), "--columns", str(bad_map))
    assert result.exit_code == 2
    assert "'gadget' (for 'Gerät') is not a field" in result.output

    result = _audit(str(EXAMPLE_SPREADSHEET), "--sheet", "Sheet9", "-q")
    assert result.exit_code == 3
    assert (
        "no sheet named 'Sheet9'; the workbook's sheets are: '2026年度采购清单', '说明 Notes'"
        in result.output
    )
