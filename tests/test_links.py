"""Spreadsheet rows linked to the SBOMs of the same product: explicit, implicit, what the
link shares, and the example audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CN, EXAMPLE_CYCLONEDX, EXAMPLE_SPDX, EXAMPLE_SPREADSHEET, US
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from sbom_audit.cli import main
from sbom_audit.ingest import load_input
from sbom_audit.model import (
    UNKNOWN_ORIGIN,
    AuditedItem,
    Finding,
    Item,
    ItemKind,
    ItemLink,
    MatchMethod,
    OriginMatch,
    Provenance,
    Severity,
)
from sbom_audit.policy.checks import origin_class, run_checks
from sbom_audit.policy.links import RULE, fold_linked_findings, link_items, references
from sbom_audit.policy.profile import Profile, load_profile
from sbom_audit.policy.same_product import ProductFacts, ProductIndex, why_same

TONGTECH = OriginMatch(
    MatchMethod.NAME, "tongtech", "Beijing Tongtech Co., Ltd.", "CN", "CN", "东方通", 1.0
)
SHEET = "list.xlsx"
CDX = "sboms/tongweb-7.0.cdx.json"
OPENSSL = ("openssl 3.0.13 (OpenSSL)",)
CN_BANK = load_profile("cn-bank")


def row(
    row_number: int, name: str, origin: OriginMatch = TONGTECH, *, model: str | None = None,
    sbom: str | None = None, category: str | None = None, disclosure: str | None = None,
) -> AuditedItem:  # fmt: skip
    item = Item(
        kind=ItemKind.PRODUCT, name=name, model=model, vendor=origin.matched_on,
        sbom_reference=sbom, encryption_disclosure=disclosure,
        provenance=Provenance(SHEET, "Sheet1", row_number),
    )  # fmt: skip
    return _audited(f"R{row_number}", item, origin, category)


def subject(
    ident: str, name: str, origin: OriginMatch = TONGTECH, *, version: str | None = None,
    file: str = CDX, category: str | None = "software", features: tuple[str, ...] = (),
    disclosures: tuple[str, ...] = (),
) -> AuditedItem:  # fmt: skip
    item = Item(
        kind=ItemKind.SBOM_SUBJECT, name=name, version=version, vendor=origin.matched_on,
        provenance=Provenance(file, ref=ident.lower()),
    )  # fmt: skip
    audited = _audited(ident, item, origin, category)
    return AuditedItem(
        audited.id, item, origin, audited.origin_class, category, audited.category_basis,
        encryption_features=features, disclosures=disclosures,
    )  # fmt: skip


def _audited(ident: str, item: Item, origin: OriginMatch, category: str | None) -> AuditedItem:
    cls = origin_class(origin, CN_BANK)
    return AuditedItem(ident, item, origin, cls, category, f"stated as {category!r}")


def links_of(items: list[AuditedItem]) -> dict[str, list[tuple[str, str]]]:
    return {a.id: [(link.item_id, link.basis) for link in a.links] for a in items if a.links}


# explicit: the SBOM column


@pytest.mark.parametrize(
    ("reference", "basis"),
    [
        ("TongWeb-7.0.CDX.json", "SBOM column names TongWeb-7.0.CDX.json"),
        (
            "https://sbom.example.com/dl/tongweb-7.0.cdx.json?token=1#top",
            "SBOM column names https://sbom.example.com/dl/tongweb-7.0.cdx.json?token=1#top, "
            f"which is {CDX}",
        ),
        (
            r"D:\采购\SBOM\tongweb-7.0.cdx.json",
            rf"SBOM column names D:\采购\SBOM\tongweb-7.0.cdx.json, which is {CDX}",
        ),
        (CDX, f"SBOM column names {CDX}"),
        ("TongWeb 7.0.4.9", f"SBOM column names TongWeb 7.0.4.9, the product of {CDX}"),
        ("tongweb@7.0.4.9", f"SBOM column names tongweb@7.0.4.9, the product of {CDX}"),
    ],
)
def test_sbom_column_names_the_sbom_by_file_path_url_or_product(reference: str, basis: str) -> None:
    items, findings = link_items(
        [row(5, "Application server", sbom=reference), subject("S1", "TongWeb", version="7.0.4.9")]
    )
    assert findings == []
    assert links_of(items) == {"R5": [("S1", basis)], "S1": [("R5", basis)]}


def test_a_reference_is_linked_whatever_the_vendors_and_says_when_they_differ() -> None:
    # the column is the user's word: an SBOM with another supplier is still that product's
    items, _ = link_items(
        [row(5, "Router", CN, sbom="box.cdx.json"), subject("S1", "Box", US, file="box.cdx.json")]
    )
    assert links_of(items)["R5"] == [("S1", "SBOM column names box.cdx.json")]


def test_the_longest_common_path_ending_decides_between_files_of_one_name() -> None:
    a, b = subject("S1", "Alpha", file="a/bom.json"), subject("S2", "Beta", file="b/bom.json")
    items, findings = link_items([row(5, "X", sbom="vendor/a/bom.json"), a, b])
    assert links_of(items)["R5"] == [
        ("S1", "SBOM column names vendor/a/bom.json, which is a/bom.json")
    ]
    assert findings == []
    items, findings = link_items([row(5, "X", sbom="bom.json"), a, b])
    assert links_of(items) == {}
    assert [f.message for f in findings] == [
        "The SBOM column of 'X' names 'bom.json', which could be any of 2 SBOMs (a/bom.json, "
        "b/bom.json): it is linked to none."
    ]


def test_a_reference_to_no_input_is_an_info_finding_on_the_row() -> None:
    items, findings = link_items(
        [row(7, "Core router", sbom="ne40e.spdx.json"), subject("S1", "TongWeb")]
    )
    assert links_of(items) == {}
    assert findings == [
        Finding(
            RULE,
            Severity.INFO,
            "R7",
            "The SBOM column of 'Core router' names 'ne40e.spdx.json', which matches no SBOM "
            "among the audited inputs by file name or product name: the product's components "
            "were not audited.",
            Provenance(SHEET, "Sheet1", 7),
            evidence=("SBOM reference: ne40e.spdx.json", f"SBOMs audited: {CDX}"),
            remediation="Give the product's SBOM as an input (it is found by its file name, the "
            "end of its path or URL, or its product name), or correct the SBOM column.",
        )
    ]


def test_several_references_in_one_cell_and_yes_no_markers() -> None:
    assert references("a.cdx.json; b.spdx.json\nc.json；d.json") == [
        "a.cdx.json", "b.spdx.json", "c.json", "d.json",
    ]  # fmt: skip
    assert references("Y") == references("是") == references(" ; ") == references(None) == []
    # a marker says there is an SBOM, not which: the implicit rule still applies
    items, findings = link_items([row(5, "TongWeb", sbom="yes"), subject("S1", "TongWeb")])
    assert findings == []
    assert [link.item_id for link in items[0].links] == ["S1"]


def test_a_row_that_names_its_sbom_is_not_linked_by_name_as_well() -> None:
    other = subject("S2", "TongWeb", file="other/tongweb.json")
    items, findings = link_items([row(5, "TongWeb", sbom="missing.json"), other])
    assert links_of(items) == {}
    assert [f.rule for f in findings] == [RULE]


# implicit: same registry vendor, same product


@pytest.mark.parametrize(
    ("name", "model", "sbom_name", "version", "why"),
    [
        ("TongWeb", None, "TongWeb", None, "product name 'TongWeb' (product name 'TongWeb')"),
        ("Application server", "TongWeb V7.0", "TongWeb", "7.0.4.2",
         "product name 'TongWeb' (model 'TongWeb V7.0')"),
        ("Core router", "NE40E-X8A", "NE40E-X8A VRP", "8.180",
         "model 'NE40E-X8A' in the SBOM's product 'NE40E-X8A VRP 8.180'"),
        ("Campus switch", "Catalyst 9300-48P", "Catalyst 9300", None,
         "SBOM product name 'Catalyst 9300' in model 'Catalyst 9300-48P'"),
        ("终端安全", "天擎 V10", "天擎", "10.0.1.2000", "product name '天擎' (model '天擎 V10')"),
    ],
)  # fmt: skip
def test_same_vendor_and_same_product_are_linked(
    name: str, model: str | None, sbom_name: str, version: str | None, why: str
) -> None:
    items, _ = link_items(
        [row(5, name, CN, model=model), subject("S1", sbom_name, CN, version=version)]
    )
    basis = f"same vendor (Huawei) and {why}"
    assert links_of(items) == {"R5": [("S1", basis)], "S1": [("R5", basis)]}


@pytest.mark.parametrize(
    ("model", "sbom_name", "version"),
    [
        ("TongWeb V6.0", "TongWeb", "7.0.4.2"),  # the versions disagree
        ("TongWeb V7.0", "TongWeb Cloud", None),  # another product of the vendor
        ("V7", "TongWeb", "7.0"),  # nothing but a version in common
        ("TW", "TW Console", None),  # too short a name to be contained by chance
    ],
)
def test_different_products_of_one_vendor_are_not_linked(
    model: str, sbom_name: str, version: str | None
) -> None:
    items, _ = link_items(
        [row(5, "Server", model=model), subject("S1", sbom_name, version=version)]
    )
    assert links_of(items) == {}


def test_a_row_that_could_be_two_sboms_is_not_linked() -> None:
    items, _ = link_items(
        [
            row(5, "Server", model="TongWeb V7.0"),
            subject("S1", "TongWeb", version="7.0.4.2", file="a.json"),
            subject("S2", "TongWeb", version="7.0.5.1", file="b.json"),
        ]
    )
    assert links_of(items) == {}


def test_an_sbom_that_could_be_two_rows_is_not_linked() -> None:
    items, _ = link_items(
        [row(5, "TongWeb"), row(6, "TongWeb V7.0"), subject("S1", "TongWeb", version="7.0")]
    )
    assert links_of(items) == {}


def test_an_sbom_a_row_names_is_not_linked_by_name_to_another_row() -> None:
    items, _ = link_items(
        [row(5, "TongWeb", sbom=CDX), row(6, "TongWeb"), subject("S1", "TongWeb")]
    )
    assert links_of(items) == {
        "R5": [("S1", f"SBOM column names {CDX}")], "S1": [("R5", f"SBOM column names {CDX}")],
    }  # fmt: skip


def test_different_or_unknown_vendors_are_never_linked_by_name() -> None:
    items, _ = link_items([row(5, "TongWeb", CN), subject("S1", "TongWeb", TONGTECH)])
    assert links_of(items) == {}
    items, _ = link_items([row(5, "TongWeb", UNKNOWN_ORIGIN), subject("S1", "TongWeb")])
    assert links_of(items) == {}
    items, _ = link_items(
        [row(5, "TongWeb", UNKNOWN_ORIGIN), subject("S1", "TongWeb", UNKNOWN_ORIGIN)]
    )
    assert links_of(items) == {}


# what one product shares


def test_the_row_gets_the_encryption_features_of_its_sbom_and_escalates(
    profile: Profile,
) -> None:
    items, _ = link_items(
        [
            row(5, "Edge router", US, model="ISR 4331", category="router", sbom="isr.cdx.json"),
            subject("S1", "IOS XE", US, file="isr.cdx.json", category="firmware", features=OPENSSL),
        ]
    )
    assert items[0].encryption_features == OPENSSL
    findings = fold_linked_findings(run_checks(items, profile), items)
    assert [(f.rule, f.severity, f.item_id) for f in findings] == [
        ("encryption-disclosure", Severity.CRITICAL, "R5")
    ]
    assert findings[0].evidence[-2:] == (
        "cryptographic component: openssl 3.0.13 (OpenSSL)",
        "same product as S1 ('IOS XE', isr.cdx.json, ref s1): SBOM column names isr.cdx.json",
    )


def test_one_finding_per_rule_and_product_on_the_row(profile: Profile) -> None:
    items, _ = link_items(
        [
            row(5, "Edge router", US, category="router", sbom="isr.cdx.json"),
            subject("S1", "IOS XE", US, file="isr.cdx.json", category="router", features=OPENSSL),
        ]
    )
    checked = run_checks(items, profile)
    assert [(f.rule, f.item_id) for f in checked] == [
        ("encryption-disclosure", "R5"), ("encryption-disclosure", "S1"),
    ]  # fmt: skip
    [finding] = fold_linked_findings(checked, items)
    assert finding.item_id == "R5"
    assert finding.evidence[-1] == (
        "the same encryption-disclosure finding for S1 (the SBOM's product) is reported here only"
    )


def test_a_more_severe_finding_on_the_sboms_product_stays(profile: Profile) -> None:
    items, _ = link_items(
        [row(5, "Edge router", US, category="router", sbom="isr.cdx.json"),
         subject("S1", "IOS XE", US, file="isr.cdx.json", category="router")]
    )  # fmt: skip
    checked = run_checks(items, profile)
    raised = [f if f.item_id == "R5" else _with(f, Severity.CRITICAL) for f in checked]
    kept = fold_linked_findings(raised, items)
    assert [(f.item_id, f.severity) for f in kept] == [
        ("R5", Severity.HIGH), ("S1", Severity.CRITICAL),
    ]  # fmt: skip
    assert kept[1].evidence[-1].startswith("same product as R5 ('Edge router', list.xlsx, ")


def _with(finding: Finding, severity: Severity) -> Finding:
    return Finding(finding.rule, severity, finding.item_id, finding.message, finding.provenance,
                   finding.evidence)  # fmt: skip


def test_a_disclosure_stated_on_the_row_counts_for_the_sbom(profile: Profile) -> None:
    items, _ = link_items(
        [
            row(5, "Edge router", US, category="router", sbom="isr.cdx.json", disclosure="ENC-7"),
            subject("S1", "IOS XE", US, file="isr.cdx.json", category="router", features=OPENSSL),
        ]
    )
    assert items[1].disclosures == ("ENC-7 (stated for R5, the same product)",)
    assert fold_linked_findings(run_checks(items, profile), items) == []


def test_a_disclosure_found_for_the_sbom_counts_for_the_row(profile: Profile) -> None:
    register = ("ENC-9 (register.csv, row 2, 2026-03-01)",)
    items, _ = link_items(
        [
            row(5, "Edge router", US, category="router", sbom="isr.cdx.json"),
            subject("S1", "IOS XE", US, file="isr.cdx.json", disclosures=register),
        ]
    )
    assert items[0].disclosures == (f"{register[0]} (found for S1, the same product)",)
    assert items[1].disclosures == register
    assert run_checks(items, profile) == []


def test_two_rows_naming_one_sbom_share_through_it() -> None:
    items, _ = link_items(
        [
            row(5, "Router A", US, sbom="isr.cdx.json", disclosure="ENC-1"),
            row(6, "Router B", US, sbom="isr.cdx.json"),
            subject("S1", "IOS XE", US, file="isr.cdx.json", features=OPENSSL),
        ]
    )
    by_id = {a.id: a for a in items}
    assert [link.item_id for link in by_id["S1"].links] == ["R5", "R6"]
    assert by_id["R6"].links == (ItemLink("S1", "SBOM column names isr.cdx.json"),)
    assert by_id["R6"].encryption_features == OPENSSL
    assert by_id["R6"].disclosures == ("ENC-1 (stated for R5, the same product)",)


# properties

_NAMES = st.sampled_from(
    ["TongWeb", "TongWeb V7.0", "天擎 V10", "NE40E-X8A", "NE40E", "X", "", "7.0", "v1 v2", "a/b"]
)
_ORIGINS = st.sampled_from([CN, US, TONGTECH, UNKNOWN_ORIGIN])
_FILES = st.sampled_from(["a.json", "b/a.json", "B/A.JSON", "c.spdx.json", "https://x/a.json"])


@st.composite
def _items(draw: st.DrawFn) -> list[AuditedItem]:
    items: list[AuditedItem] = []
    for index in range(draw(st.integers(0, 6))):
        model = draw(st.one_of(st.none(), _NAMES, st.text(max_size=8)))
        sbom = draw(st.one_of(st.none(), _FILES, st.text(max_size=12)))
        items.append(row(index, draw(_NAMES) or "r", draw(_ORIGINS), model=model, sbom=sbom))
    for index in range(draw(st.integers(0, 4))):
        name = draw(st.one_of(_NAMES, st.text(max_size=8)))
        version = draw(st.one_of(st.none(), st.sampled_from(["7.0.4.2", "10", "v2"])))
        items.append(subject(f"S{index}", name, draw(_ORIGINS), version=version, file=draw(_FILES)))
    return items


@settings(max_examples=300, deadline=None)
@given(_items())
def test_linking_is_symmetric_never_reflexive_and_never_raises(items: list[AuditedItem]) -> None:
    linked, findings = link_items(items)
    by_id = {a.id: a for a in linked}
    assert [a.id for a in linked] == [a.id for a in items]
    for audited in linked:
        for link in audited.links:
            assert link.item_id != audited.id
            other = by_id[link.item_id]
            assert {audited.item.kind, other.item.kind} == {ItemKind.PRODUCT, ItemKind.SBOM_SUBJECT}
            assert ItemLink(audited.id, link.basis) in other.links
    assert all(f.rule == RULE and by_id[f.item_id].item.sbom_reference for f in findings)


_WORDS = st.sampled_from(
    ["TongWeb", "V7.0", "7.0.4.2", "NE40E", "X8A", "VRP", "天擎", "Edge", "v10"]
)
_PHRASES = st.lists(_WORDS, max_size=4).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PHRASES, max_size=5), st.lists(st.tuples(_PHRASES, _PHRASES), max_size=5))
def test_the_index_offers_every_sbom_product_the_comparison_accepts(
    names: list[str], models: list[tuple[str, str]]
) -> None:
    index = ProductIndex()
    subjects = [Item(ItemKind.SBOM_SUBJECT, name, Provenance("s")) for name in names]
    for number, item in enumerate(subjects):
        index.add(str(number), item)
    for name, model in models:
        facts = ProductFacts.of(Item(ItemKind.PRODUCT, name or "x", Provenance("r"), model=model))
        offered = {ident for ident, _ in index.candidates(facts)}
        accepted = {
            str(number)
            for number, item in enumerate(subjects)
            if why_same(facts, ProductFacts.of(item)) is not None
        }
        assert accepted <= offered


# spreadsheets and the example


def test_the_sheet_reader_fills_the_sbom_reference(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "产品名称,厂商,软件物料清单(SBOM)\nTongWeb V7.0,东方通, sboms/tongweb.cdx.json \nX,Y,\n",
        encoding="utf-8",
    )
    items = load_input(path).items
    assert [item.sbom_reference for item in items] == ["sboms/tongweb.cdx.json", None]


def test_example_audit_links_both_products_to_their_sboms(tmp_path: Path) -> None:
    target, workbook = tmp_path / "r.json", tmp_path / "r.xlsx"
    inputs = [str(EXAMPLE_SPREADSHEET), str(EXAMPLE_CYCLONEDX), str(EXAMPLE_SPDX)]
    result = CliRunner().invoke(main, ["audit", *inputs, "-o", str(target), "-o", str(workbook)])
    assert result.exit_code == 0, result.output
    assert (
        "Linked: 2 spreadsheet rows to their SBOMs (1 by the SBOM column, 1 by vendor and "
        "product)" in result.output
    )
    report = json.loads(target.read_text(encoding="utf-8"))
    items = {item["id"]: item for item in report["items"]}
    linked = {
        (items[i]["model"] or items[i]["name"], items[link["item"]]["name"], link["basis"])
        for i in items
        for link in items[i]["links"]
        if items[i]["kind"] == "product"
    }
    assert linked == {
        ("天擎 V10", "Tianqing Endpoint Agent",
         "SBOM column names qianxin-tianqing-agent.spdx.json"),
        ("TongWeb V7.0", "TongWeb",
         "same vendor (Beijing Tongtech Co., Ltd.) and product name 'TongWeb' "
         "(model 'TongWeb V7.0')"),
    }  # fmt: skip
    tianqing = next(item for item in items.values() if item["model"] == "天擎 V10")
    assert tianqing["sbom_reference"] == "qianxin-tianqing-agent.spdx.json"
    assert tianqing["encryption_features"] == [
        "mbedtls 3.5.2 (mbed TLS)", "openssl 3.0.13 (OpenSSL)",
    ]  # fmt: skip
    subject_id = tianqing["links"][0]["item"]
    assert items[subject_id]["links"] == [
        {"item": tianqing["id"], "basis": "SBOM column names qianxin-tianqing-agent.spdx.json"}
    ]
    assert all(f["rule"] != RULE for f in report["findings"])
    sheet = load_workbook(workbook)["Items"]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    column = header.index("Same product as")
    cells = {row[0]: row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells[tianqing["id"]] == (
        f"{subject_id} (SBOM column names qianxin-tianqing-agent.spdx.json)"
    )


def test_a_foreign_router_with_an_sbom_full_of_openssl_escalates_end_to_end(
    tmp_path: Path,
) -> None:
    bom = {
        "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
        "metadata": {"component": {
            "type": "firmware", "bom-ref": "iosxe", "name": "IOS XE", "version": "17.9.4",
            "supplier": {"name": "Cisco Systems, Inc.", "url": ["https://www.cisco.com"]},
        }},
        "components": [{"type": "library", "bom-ref": "ssl", "name": "openssl",
                        "version": "3.0.13"}],
    }  # fmt: skip
    (tmp_path / "isr4331.cdx.json").write_text(json.dumps(bom), encoding="utf-8")
    sheet = tmp_path / "list.csv"
    sheet.write_text(
        "Product,Model,Manufacturer,Category,Amount,SBOM\n"
        "Edge router,ISR 4331,Cisco,Router,100000,https://cisco.example/sbom/isr4331.cdx.json\n"
        "Core router,ASR 1001-X,Cisco,Router,300000,asr1001.cdx.json\n",
        encoding="utf-8",
    )
    target = tmp_path / "r.json"
    result = CliRunner().invoke(
        main, ["audit", str(sheet), str(tmp_path / "isr4331.cdx.json"), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert (
        "Linked: 1 spreadsheet row to its SBOM (1 by the SBOM column, 0 by vendor and "
        "product); 1 SBOM reference not linked (see the findings)" in result.output
    )
    findings = json.loads(target.read_text(encoding="utf-8"))["findings"]
    summary = [(f["rule"], f["severity"], f["provenance"]["row"]) for f in findings]
    assert summary == [
        ("encryption-disclosure", "critical", 2),
        ("encryption-disclosure", "high", 3),
        ("unknown-origin", "low", None),  # the openssl component names no supplier
        ("unlinked-sbom-reference", "info", 3),
    ]
    message = findings[0]["message"]
    assert "Its SBOM lists cryptographic components (openssl 3.0.13 (OpenSSL))" in message
