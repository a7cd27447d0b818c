"""The match's tier, rival candidates and hints reach the JSON report and the workbook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from sbom_audit.cli import main

SHEET = """\
product,manufacturer,cpe,country of origin
Edge router,Huawei,cpe:2.3:h:cisco:asr_1001-x:-:*:*:*:*:*:*:*,中国
Base station,Nokia Shanghai Bell,,
"""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    folder = tmp_path_factory.mktemp("report")
    (folder / "list.csv").write_text(SHEET, encoding="utf-8")
    document, workbook = folder / "r.json", folder / "r.xlsx"
    result = CliRunner().invoke(
        main, ["audit", str(folder / "list.csv"), "-o", str(document), "-o", str(workbook), "-q"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(document.read_text(encoding="utf-8")), workbook


def test_json_items_carry_tier_candidates_and_hints(outputs: tuple[dict[str, Any], Path]) -> None:
    router, base_station = outputs[0]["items"]
    assert (router["registry_vendor_id"], router["origin_country"], router["match_method"]) == (
        "cisco", "US", "cpe_vendor",
    )  # fmt: skip
    assert (router["confidence"], router["match_tier"]) == (0.475, "curated")
    assert [(c["vendor_id"], c["country"], c["method"], c["evidence"], c["score"])
            for c in router["match_candidates"]] == [("huawei", "CN", "alias", "Huawei", 0.95)]  # fmt: skip
    assert router["match_hints"] == ["the input states the country of origin as '中国'"]
    assert (base_station["origin_country"], base_station["controlling_country"]) == ("CN", "FI")
    assert (base_station["match_candidates"], base_station["match_hints"]) == ([], [])


def test_existing_item_keys_keep_their_order(outputs: tuple[dict[str, Any], Path]) -> None:
    keys = list(outputs[0]["items"][0])
    assert keys[keys.index("country_source") :][:4] == [
        "country_source", "match_tier", "match_candidates", "match_hints",
    ]  # fmt: skip
    assert keys[:3] == ["id", "kind", "name"]


def test_workbook_items_sheet(outputs: tuple[dict[str, Any], Path]) -> None:
    rows = list(load_workbook(outputs[1])["Items"].iter_rows(values_only=True))
    header, router = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[-3:] == ("Match tier", "Other candidates", "Hints (not used to decide)")
    assert router["Match tier"] == "curated"
    assert router["Other candidates"] == "Huawei Technologies Co., Ltd. [huawei] CN by alias 0.95"
    assert (
        router["Hints (not used to decide)"] == "the input states the country of origin as '中国'"
    )
