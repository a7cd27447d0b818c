"""--baseline: findings marked new / unchanged / resolved against an earlier JSON report.

Most cases audit a csv copy of the example procurement list (header on line 1, so the data
row of example No. n is on line n + 1), edited between the baseline run and the new one.
Counts are taken from the baseline run, so that they hold while the example grows.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import EXAMPLE_CYCLONEDX, EXAMPLE_SPDX, EXAMPLE_SPREADSHEET
from hypothesis import given, settings
from hypothesis import strategies as st

from sbom_audit.audit import audit_paths
from sbom_audit.baseline import blocking_findings, compare, finding_key, parse_baseline
from sbom_audit.cli import main
from sbom_audit.model import AuditReport, Finding, FindingStatus, Provenance, Severity
from sbom_audit.policy.profile import Profile
from sbom_audit.registry import Registry
from sbom_audit.report.json_report import render_json

EXAMPLE_INPUTS = [EXAMPLE_SPREADSHEET, EXAMPLE_CYCLONEDX, EXAMPLE_SPDX]


def _audit(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["audit", *map(str, args)])


def _example_rows() -> list[list[str]]:
    """The header and data rows of the example workbook (no title or total rows), as csv."""
    sheet = openpyxl.load_workbook(EXAMPLE_SPREADSHEET, read_only=True).worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    start = next(i for i, row in enumerate(rows) if "型号 Model" in row)
    end = next(i for i in range(start + 1, len(rows)) if not any(rows[i]))
    return rows[start:end]


def _variant(rows: list[list[str]], model: str, new_model: str) -> list[str]:
    """The row of `model` as another model of the same vendor (so with the same findings)."""
    column = rows[0].index("型号 Model")
    row = list(next(row for row in rows if row[column] == model))
    row[column] = new_model
    return row


def _line(rows: list[list[str]], model: str) -> int:
    return next(i for i, row in enumerate(rows) if model in row) + 1


def _write_csv(folder: Path, rows: list[list[str]], name: str = "list.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return folder / name


def _run(
    tmp_path: Path, old: Path, new: Path, *options: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Audit `old` as the baseline, then `new` against it; both JSON reports."""
    base, out = tmp_path / "base.json", tmp_path / "new.json"
    assert _audit(old, "-o", base, "-q", *options).exit_code == 0
    result = _audit(new, "--baseline", base, "-o", out, *options)
    assert result.exit_code == 0, result.output
    return _load(base), _load(out)


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _statuses(document: dict[str, Any]) -> Counter[str]:
    return Counter(finding["status"] for finding in document["findings"])


def _by_status(document: dict[str, Any], status: str) -> list[tuple[str, int | None]]:
    return [
        (finding["rule"], finding["provenance"]["row"])
        for finding in document["findings"]
        if finding["status"] == status
    ]


def test_same_inputs_are_all_unchanged_from_another_directory(tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    assert _audit(*EXAMPLE_INPUTS, "-o", base, "-q").exit_code == 0
    checkout = tmp_path / "ci-checkout"  # the same files under another directory
    checkout.mkdir()
    copies = [shutil.copy(path, checkout / path.name) for path in EXAMPLE_INPUTS]
    result = _audit(*copies, "--baseline", base, "-o", tmp_path / "new.json")
    assert result.exit_code == 0, result.output
    document, count = _load(tmp_path / "new.json"), len(_load(base)["findings"])
    assert count >= 24 and _statuses(document) == {"unchanged": count}
    assert document["baseline"] == {
        "report": str(base), "new": 0, "unchanged": count, "resolved": 0, "resolved_findings": [],
    }  # fmt: skip
    assert f"Against baseline {base}: 0 new, {count} unchanged, 0 resolved" in result.stdout
    assert f"warning: {base}" not in result.stderr


def test_row_removed_and_row_inserted_above_everything(tmp_path: Path) -> None:
    rows = _example_rows()
    catalyst = _line(rows, "Catalyst 9300-48P")
    nexus = _variant(rows, "Catalyst 9300-48P", "Nexus 9336C-FX2")
    edited = [rows[0], nexus, *rows[1 : catalyst - 1], *rows[catalyst:]]
    old, document = _run(
        tmp_path, _write_csv(tmp_path / "old", rows), _write_csv(tmp_path / "new", edited)
    )
    # the rows between the two moved down a line and took other item ids, yet only the
    # inserted row's finding is new and only the removed row's is resolved
    assert _by_status(document, "new") == [("encryption-disclosure", 2)]
    assert "Nexus 9336C-FX2" in document["findings"][0]["message"]
    resolved = document["baseline"]["resolved_findings"]
    assert [(f["rule"], f["provenance"]["row"], f["status"]) for f in resolved] == [
        ("encryption-disclosure", catalyst, "resolved")
    ]
    assert "Catalyst 9300-48P" in resolved[0]["message"]
    unchanged = len(old["findings"]) - 1
    assert (document["baseline"]["new"], document["baseline"]["unchanged"]) == (1, unchanged)
    assert document["baseline"]["resolved"] == 1


@pytest.mark.parametrize(
    ("old_copies", "new_copies", "new", "resolved"), [(3, 2, 0, 1), (2, 4, 2, 0)]
)
def test_duplicate_rows_are_paired_off_by_count(
    tmp_path: Path, old_copies: int, new_copies: int, new: int, resolved: int
) -> None:
    rows = _example_rows()
    juniper = rows[_line(rows, "MX204") - 1]  # one encryption-disclosure finding
    old = _write_csv(tmp_path / "old", [*rows, *[juniper] * (old_copies - 1)])
    base, document = _run(
        tmp_path, old, _write_csv(tmp_path / "new", [*rows, *[juniper] * (new_copies - 1)])
    )
    assert (document["baseline"]["new"], document["baseline"]["resolved"]) == (new, resolved)
    others = len(base["findings"]) - old_copies
    assert document["baseline"]["unchanged"] == others + min(old_copies, new_copies)
    changed = [f for f in document["findings"] if f["status"] == "new"]
    changed += document["baseline"]["resolved_findings"]
    assert {("MX204" in f["message"], f["rule"]) for f in changed} <= {
        (True, "encryption-disclosure")
    }


def test_category_findings_match_by_category_though_their_figures_change(tmp_path: Path) -> None:
    rows = _example_rows()
    hillstone = _variant(rows, "SG-6000-X7180", "SG-6000-E1700")  # one more domestic firewall
    old = _write_csv(tmp_path / "old", rows)
    base, document = _run(
        tmp_path, old, _write_csv(tmp_path / "new", [*rows, hillstone]), "--policy", "cn-cii"
    )
    rule = "minimum-domestic-share"
    shares = [f for f in document["findings"] if f["rule"] == rule]
    assert len(shares) == len([f for f in base["findings"] if f["rule"] == rule]) >= 6
    assert {f["status"] for f in shares} == {"unchanged"}
    before, after = (
        next(f["message"] for f in report["findings"] if "(firewall)" in f["message"])
        for report in (base, document)
    )
    assert "(3 of 6 items)" in before and "(4 of 7 items)" in after
    assert document["baseline"]["new"] == document["baseline"]["resolved"] == 0


def test_unmatched_disclosures_match_by_entry_not_row(tmp_path: Path) -> None:
    header = "Vendor,Product,Model,Filing reference,Date\n"
    kept = "Fortinet,FortiGate,FG-9999,ENC-2026-0303,\n"
    gone, added = "Acme,Router,R-1,ENC-2026-0400,\n", "Acme,Switch,S-2,ENC-2026-0500,\n"
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "register.csv").write_text(header + kept + gone, encoding="utf-8")
    (tmp_path / "new" / "register.csv").write_text(header + added + kept, encoding="utf-8")
    base, out = tmp_path / "base.json", tmp_path / "new.json"
    common = [EXAMPLE_SPREADSHEET, "-q"]
    assert (
        _audit(*common, "--disclosures", tmp_path / "old" / "register.csv", "-o", base).exit_code
        == 0
    )
    result = _audit(
        *common, "--disclosures", tmp_path / "new" / "register.csv", "--baseline", base, "-o", out
    )
    assert result.exit_code == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    disclosures = {
        (f["message"].split()[2], f["provenance"]["row"], f["status"])
        for f in document["findings"] + document["baseline"]["resolved_findings"]
        if f["rule"] == "unmatched-disclosure"
    }
    assert disclosures == {
        ("ENC-2026-0500", 2, "new"),
        ("ENC-2026-0303", 3, "unchanged"),  # row 2 in the baseline
        ("ENC-2026-0400", 3, "resolved"),
    }


def test_workbook_column_and_determinism(tmp_path: Path) -> None:
    rows = _example_rows()
    old = _write_csv(tmp_path / "old", rows)
    nexus = _variant(rows, "Catalyst 9300-48P", "Nexus 9336C-FX2")
    new = _write_csv(tmp_path / "new", [rows[0], nexus, *rows[1:]])
    base = tmp_path / "base.json"
    assert _audit(old, "-o", base, "-q").exit_code == 0
    outputs = [tmp_path / "a.json", tmp_path / "b.json", tmp_path / "a.xlsx"]
    assert _audit(new, "--baseline", base, "-o", outputs[0], "-o", outputs[2], "-q").exit_code == 0
    assert _audit(new, "--baseline", base, "-o", outputs[1], "-q").exit_code == 0
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    sheet = openpyxl.load_workbook(outputs[2], read_only=True)["Findings"]
    table = list(sheet.iter_rows(values_only=True))
    column = table[0].index("Against baseline")
    unchanged = len(_load(base)["findings"])
    assert Counter(row[column] for row in table[1:]) == {"unchanged": unchanged, "new": 1}


def _bad_baselines(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    report = json.loads(_report_json(tmp_path))
    no_severity = json.loads(json.dumps(report))
    del no_severity["findings"][0]["severity"]
    dangling = json.loads(json.dumps(report))
    dangling["findings"][0]["item"] = "I09999"
    cases = {
        "missing": (None, "cannot read the baseline report: No such file or directory"),
        "garbage": (b"\x00PK not json", "not JSON (JSON is malformed"),
        "array": (b"[1, 2]", "not a sbom-audit report"),
        "sbom": (EXAMPLE_CYCLONEDX.read_bytes(), "not a sbom-audit report"),
        "layout": (json.dumps(no_severity).encode(), "Object missing required field `severity`"),
        "dangling": (json.dumps(dangling).encode(), "$.findings[0].item names 'I09999'"),
    }
    paths = {}
    for name, (data, reason) in cases.items():
        paths[name] = (tmp_path / f"{name}.json", reason)
        if data is not None:
            paths[name][0].write_bytes(data)
    return paths


def _report_json(tmp_path: Path) -> str:
    target = tmp_path / "good.json"
    assert _audit(EXAMPLE_SPREADSHEET, "-o", target, "-q").exit_code == 0
    return target.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", ["missing", "garbage", "array", "sbom", "layout", "dangling"])
def test_bad_baseline_exits_2_naming_file_and_reason(tmp_path: Path, case: str) -> None:
    path, reason = _bad_baselines(tmp_path)[case]
    result = _audit(EXAMPLE_SPREADSHEET, "--baseline", path, "-o", tmp_path / "out.json")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: ")
    assert reason in result.stderr
    assert not (tmp_path / "out.json").exists()  # stopped before auditing


def test_other_policy_or_inputs_warn_and_go_on(tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    assert _audit(EXAMPLE_SPREADSHEET, "-o", base, "-q").exit_code == 0
    args = (EXAMPLE_SPREADSHEET, EXAMPLE_CYCLONEDX, "--policy", "cn-cii", "--baseline", base)
    result = _audit(*args, "-q")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith(f"warning: {base}")]
    assert warnings == [
        f"warning: {base}: the baseline was audited with policy 'cn-bank', this audit with "
        "'cn-cii': findings of rules only one of them applies show as new or resolved",
        f"warning: {base}: this audit reads files the baseline did not: tongweb-7.0.cdx.json",
    ]


def test_fail_on_with_baseline_counts_only_what_the_baseline_did_not_accept(tmp_path: Path) -> None:
    rows = _example_rows()
    old = _write_csv(tmp_path / "old", rows)
    base = tmp_path / "base.json"
    assert _audit(old, "-o", base, "-q").exit_code == 0
    assert _audit(old, "--fail-on", "high", "-q").exit_code == 1  # 5 high findings
    assert _audit(old, "--fail-on", "high", "--baseline", base, "-q").exit_code == 0
    nexus = _variant(rows, "Catalyst 9300-48P", "Nexus 9336C-FX2")
    new = _write_csv(tmp_path / "new", [*rows, nexus])  # a new high finding
    assert _audit(new, "--fail-on", "high", "--baseline", base, "-q").exit_code == 1
    # the new finding is high: a gate at critical does not fail
    assert _audit(new, "--fail-on", "critical", "--baseline", base, "-q").exit_code == 0


@pytest.fixture(scope="module")
def example(registry: Registry, profile: Profile) -> AuditReport:
    return audit_paths(EXAMPLE_INPUTS, profile, registry)


def test_severity_change_is_unchanged_with_evidence_and_fails_a_gate_it_now_reaches(
    example: AuditReport,
) -> None:
    document = json.loads(render_json(example))
    document["findings"][0]["severity"] = "low"  # was high
    baseline = parse_baseline(json.dumps(document).encode(), "old.json")
    compared = compare(example, baseline)
    first = compared.findings[0]
    assert first.status is FindingStatus.UNCHANGED
    assert first.evidence[-1] == "baseline: severity was low, now high"
    assert compared.findings[1].evidence == example.findings[1].evidence
    assert blocking_findings(compared, Severity.HIGH, baseline) == (first,)
    assert blocking_findings(compared, Severity.MEDIUM, baseline) == (first,)
    same = parse_baseline(render_json(example).encode(), "old.json")
    assert blocking_findings(example, Severity.HIGH, same) == ()
    assert len(blocking_findings(example, Severity.HIGH)) == 5


def _subset(example: AuditReport, picks: list[int], order: list[int]) -> AuditReport:
    """The example with findings `picks` (repeats allowed), items renumbered in `order`."""
    renumber = {example.items[old].id: f"I{new + 1:05d}" for new, old in enumerate(order)}
    items = tuple(replace(example.items[old], id=renumber[example.items[old].id]) for old in order)
    findings = tuple(
        replace(example.findings[i], item_id=renumber.get(example.findings[i].item_id, ""))
        for i in picks
    )
    return replace(example, items=items, findings=findings)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_counts_add_up_whatever_the_order_numbering_and_repeats(
    example: AuditReport, data: st.DataObject
) -> None:
    count = len(example.findings)
    picks = st.lists(st.integers(0, count - 1), max_size=40)
    old_picks, new_picks = data.draw(picks), data.draw(picks)
    order = data.draw(st.permutations(range(len(example.items))))
    old = _subset(example, old_picks, list(range(len(example.items))))
    new = _subset(example, new_picks, order)
    baseline = parse_baseline(render_json(old).encode(), "old.json")
    compared = compare(new, baseline)
    statuses = Counter(finding.status for finding in compared.findings)
    unchanged = sum((Counter(old_picks) & Counter(new_picks)).values())
    assert statuses[FindingStatus.UNCHANGED] == unchanged
    assert statuses[FindingStatus.NEW] + unchanged == len(new_picks)
    assert len(compared.resolved_findings) + unchanged == len(old_picks)
    itself = compare(new, parse_baseline(render_json(new).encode(), "same.json"))
    assert {f.status for f in itself.findings} <= {FindingStatus.UNCHANGED}
    assert itself.resolved_findings == ()
    assert [f.evidence for f in itself.findings] == [f.evidence for f in new.findings]


def test_example_findings_have_distinct_keys(example: AuditReport) -> None:
    """The property above counts matches by finding index: that needs distinct keys."""
    baseline = parse_baseline(render_json(example).encode(), "old.json")
    assert len(set(baseline.keys)) == len(example.findings) >= 24
    shortfall = Finding(
        "minimum-domestic-share",
        Severity.MEDIUM,
        "",
        "Domestic share of Anti-malware / EDR (av_edr): by item count 33.3% ...",
        Provenance("C:\\lists\\list.xlsx"),
        subject="av_edr",
    )
    share = finding_key(shortfall, shortfall.provenance, None)
    assert share == ("minimum-domestic-share", "subject", "av_edr")


def test_regenerated_refs_other_rows_and_windows_paths_still_match(example: AuditReport) -> None:
    """A baseline written on Windows, from SBOMs regenerated with new hash refs and a
    spreadsheet with rows inserted above: every finding is still recognised."""
    document = json.loads(render_json(example))
    for index, entry in enumerate([*document["items"], *document["findings"]]):
        where = entry["provenance"]
        where["file"] = "C:\\ci\\work\\" + Path(where["file"]).name
        where["row"] = None if where["row"] is None else where["row"] + 5
        where["ref"] = None if where["ref"] is None else f"SPDXRef-{index:016x}"
    compared = compare(example, parse_baseline(json.dumps(document).encode(), "old.json"))
    assert Counter(f.status for f in compared.findings) == {
        FindingStatus.UNCHANGED: len(example.findings)
    }
    assert compared.resolved_findings == ()


def test_a_new_version_of_a_component_is_a_new_finding(example: AuditReport) -> None:
    document = json.loads(render_json(example))
    netty = next(item for item in document["items"] if item["name"] == "netty-handler")
    netty["version"] = "4.1.100.Final"
    compared = compare(example, parse_baseline(json.dumps(document).encode(), "old.json"))
    new = [f for f in compared.findings if f.status is FindingStatus.NEW]
    assert [(f.rule, f.provenance.ref) for f in new] == [
        ("unknown-origin", "pkg:maven/io.netty/netty-handler@4.1.107.Final?type=jar")
    ]
    assert [f.item_id for f in compared.resolved_findings] == [netty["id"]]
