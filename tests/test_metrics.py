"""Shares that admit unknown origins: among known items and bounds, worked out by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import CN, US
from openpyxl import load_workbook

from sbom_audit.model import (
    UNKNOWN_ORIGIN,
    AuditedItem,
    AuditReport,
    FxRates,
    Item,
    ItemKind,
    OriginClass,
    OriginMatch,
    Provenance,
)
from sbom_audit.policy.metrics import summarise
from sbom_audit.report.document import report_document
from sbom_audit.report.excel import write_excel
from sbom_audit.report.terminal import render_summary

CLASSES = {"CN": OriginClass.DOMESTIC, "US": OriginClass.FOREIGN, None: OriginClass.UNKNOWN}


def audited(
    origin: OriginMatch, category: str | None, spend: int | None, number: int,
    *, kind: ItemKind = ItemKind.PRODUCT, currency: str | None = "CNY",
    business_unit: str | None = None, file: str = "list.xlsx",
) -> AuditedItem:  # fmt: skip
    item = Item(
        kind=kind, name=f"thing {number}", vendor=origin.vendor_name,
        provenance=Provenance(file=file, row=number + 1),
        spend=Decimal(spend) if spend is not None else None, currency=currency,
        business_unit=business_unit,
    )  # fmt: skip
    return AuditedItem(
        f"I{number}", item, origin, CLASSES[origin.controlling_country], category, "test"
    )


# 1 CN firewall 300, 2 US firewall 100, 3 unknown firewall 100, 4 CN router (no spend),
# 5 unknown router component 200.
ITEMS = [
    audited(CN, "firewall", 300, 1),
    audited(US, "firewall", 100, 2),
    audited(UNKNOWN_ORIGIN, "firewall", 100, 3),
    audited(CN, "router", None, 4),
    audited(UNKNOWN_ORIGIN, "router", 200, 5, kind=ItemKind.COMPONENT),
]


def test_overall_share_among_known_and_bounds_by_count_and_spend() -> None:
    overall = summarise(ITEMS, []).overall
    # count: 2 domestic, 1 foreign, 2 unknown of 5
    assert overall.domestic_share_count == 0.4
    assert overall.domestic_share_count_known == round(2 / 3, 6)
    assert overall.domestic_share_count_bounds == (0.4, 0.8)
    # spend: 300 domestic, 100 foreign, 300 unknown of 700
    assert overall.domestic_share_spend == round(3 / 7, 6)
    assert overall.domestic_share_spend_known == 0.75
    assert overall.domestic_share_spend_bounds == (round(3 / 7, 6), round(6 / 7, 6))


def test_per_category_and_per_kind() -> None:
    summary = summarise(ITEMS, [])
    firewall, router = summary.by_category["firewall"], summary.by_category["router"]
    assert firewall.domestic_share_count_known == 0.5
    assert firewall.domestic_share_count_bounds == (round(1 / 3, 6), round(2 / 3, 6))
    assert firewall.domestic_share_spend_known == 0.75
    assert firewall.domestic_share_spend_bounds == (0.6, 0.8)
    # the router's only spend is of unknown origin: no known spend, bounds 0 to 1
    assert router.domestic_share_count_bounds == (0.5, 1.0)
    assert router.domestic_share_spend_known is None
    assert router.domestic_share_spend_bounds == (0.0, 1.0)
    product, component = summary.by_kind["product"], summary.by_kind["component"]
    assert product.domestic_share_count_known == round(2 / 3, 6)
    assert product.domestic_share_count_bounds == (0.5, 0.75)
    assert component.domestic_share_count_known is None
    assert component.domestic_share_count_bounds == (0.0, 1.0)


def test_no_unknowns_give_equal_bounds_and_no_items_give_none() -> None:
    share = summarise([audited(CN, "switch", 10, 1), audited(US, "switch", 30, 2)], []).overall
    assert share.domestic_share_count_bounds == (0.5, 0.5)
    assert share.domestic_share_spend_bounds == (0.25, 0.25)
    empty = summarise([], []).overall
    assert empty.domestic_share_count_known is None
    assert empty.domestic_share_count_bounds is None
    assert empty.domestic_share_spend_bounds is None


def report(items: list[AuditedItem], fx: FxRates | None = None) -> AuditReport:
    return AuditReport(
        tool_version="0", policy_name="cn-bank", policy_title="t", registry_vendors=0,
        registry_digest="d", inputs=(), items=tuple(items), services=(), findings=(),
        summary=summarise(items, [], fx),
    )  # fmt: skip


def test_json_keys_sit_next_to_the_existing_shares() -> None:
    summary = report_document(report(ITEMS))["summary"]
    keys = list(summary)
    assert keys[:9] == [
        "items", "domestic_count", "foreign_count", "unknown_origin_count",
        "domestic_share_count", "domestic_share_count_known", "domestic_share_count_bounds",
        "unknown_origin_share_count", "spend",
    ]  # fmt: skip
    assert summary["domestic_share_count_bounds"] == [0.4, 0.8]
    assert summary["domestic_share_spend_known"] == 0.75
    assert summary["domestic_share_spend_bounds"] == [0.428571, 0.857143]
    assert summary["by_category"]["router"]["domestic_share_spend_known"] is None
    assert summary["by_kind"]["component"]["domestic_share_count_bounds"] == [0.0, 1.0]


def test_terminal_summary_shows_known_share_and_bounds() -> None:
    text = render_summary(report(ITEMS))
    assert (
        "  among items of known origin: 66.7%; between 40.0%-80.0% "
        "(unknown origins counted foreign / domestic)"
    ) in text
    assert "among items of known origin: 75.0%; between 42.9%-85.7%" in text
    firewall = next(line for line in text.splitlines() if line.lstrip().startswith("Firewall"))
    assert firewall.split()[-4:] == ["33.3%", "50.0%", "33.3%-66.7%", "60.0%"]


def test_workbook_summary_shows_known_share_and_bounds(tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    write_excel(report(ITEMS), target)
    rows = {row[0]: row for row in load_workbook(target)["Summary"].iter_rows(values_only=True)}
    headers = rows["Population"]
    assert headers[9:15] == (
        "Share among known origin", "Share, low bound", "Share, high bound",
        "Spend share among known origin", "Spend share, low bound", "Spend share, high bound",
    )  # fmt: skip
    assert rows["All items"][9:15] == (round(2 / 3, 6), 0.4, 0.8, 0.75, 0.428571, 0.857143)


def test_an_sbom_subject_gets_the_share_of_its_own_components() -> None:
    items = [
        audited(CN, None, None, 1, kind=ItemKind.SBOM_SUBJECT, file="a.cdx.json"),
        audited(CN, None, None, 2, kind=ItemKind.COMPONENT, file="a.cdx.json"),
        audited(US, None, None, 3, kind=ItemKind.COMPONENT, file="a.cdx.json"),
        audited(UNKNOWN_ORIGIN, None, None, 4, kind=ItemKind.COMPONENT, file="a.cdx.json"),
        audited(US, None, None, 5, kind=ItemKind.SBOM_SUBJECT, file="b.spdx.json"),
        audited(US, None, None, 6, kind=ItemKind.COMPONENT, file="b.spdx.json"),
        audited(CN, "server", 10, 7),
    ]
    by_sbom = summarise(items, []).by_sbom
    assert list(by_sbom) == ["I1", "I5"]
    first = by_sbom["I1"]  # its components: CN, US, unknown; not the subject itself
    assert (first.items, first.domestic, first.foreign, first.unknown) == (3, 1, 1, 1)
    assert first.domestic_share_count_bounds == (round(1 / 3, 6), round(2 / 3, 6))
    assert by_sbom["I5"].domestic_share_count == 0.0
    document = report_document(report(items))["summary"]["by_sbom"]
    assert document["I1"]["product"] == "thing 1"
    assert document["I1"]["domestic_share_count_known"] == 0.5
