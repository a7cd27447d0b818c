"""The auditor's workbook: Summary, Findings and Items sheets.

Written in openpyxl's write-only mode (rows stream to disk, memory stays flat) to a temporary
file that replaces the target only once complete. Every string is written as literal text.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sbom_audit.model import AuditReport
from sbom_audit.report.cells import literal_cell
from sbom_audit.report.document import report_document
from sbom_audit.report.files import atomic_output
from sbom_audit.taxonomy import load_taxonomy

MONEY = "#,##0.00"
PERCENT = "0.0%"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_TITLE_FONT = Font(bold=True, size=14)
_SECTION_FONT = Font(bold=True, size=12)

# (header, key in the item document or a callable, width, number format)
Column = tuple[str, Any, int, str | None]

_ITEM_COLUMNS: list[Column] = [
    ("Item", "id", 9, None),
    ("Kind", "kind", 13, None),
    ("Name", "name", 36, None),
    ("Model", "model", 22, None),
    ("Version", "version", 12, None),
    ("Vendor (as given)", "vendor", 34, None),
    ("Vendor taken from", "vendor_field", 22, None),
    ("Supplier", "supplier", 28, None),
    ("Registry vendor", "registry_vendor", 30, None),
    ("Country", "origin_country", 9, None),
    ("Controlling country", "controlling_country", 11, None),
    ("Origin", "origin", 10, None),
    ("Match method", "match_method", 15, None),
    ("Matched on", "matched_on", 30, None),
    ("Confidence", "confidence", 11, "0.00"),
    ("Category", "category", 14, None),
    ("Category basis", "category_basis", 30, None),
    ("Quantity", "quantity", 10, "#,##0.##"),
    ("Unit price", "unit_price", 14, MONEY),
    ("Spend", "spend", 16, MONEY),
    ("Currency", "currency", 9, None),
    ("Encryption disclosure", "encryption_disclosure", 18, None),
    ("Business unit", "business_unit", 20, None),
    ("Same product as", lambda d: _links(d["links"]), 30, None),
    ("purl", "purl", 40, None),
    ("CPE", "cpe", 40, None),
    ("File", lambda d: d["provenance"]["file"], 30, None),
    ("Sheet", lambda d: d["provenance"]["sheet"], 16, None),
    ("Row", lambda d: d["provenance"]["row"], 6, None),
    ("Ref", lambda d: d["provenance"]["ref"], 30, None),
    ("Source of country", "country_source", 40, None),
    ("Match tier", "match_tier", 10, None),
    ("Other candidates", lambda d: _candidates(d["match_candidates"]), 50, None),
    ("Hints (not used to decide)", lambda d: "; ".join(d["match_hints"]) or None, 50, None),
]

_FINDING_COLUMNS: list[Column] = [
    ("Severity", "severity", 10, None),
    ("Against baseline", "status", 11, None),
    ("Rule", "rule", 22, None),
    ("Message", "message", 90, None),
    ("Item", "item", 9, None),
    ("File", lambda d: d["provenance"]["file"], 30, None),
    ("Sheet", lambda d: d["provenance"]["sheet"], 16, None),
    ("Row", lambda d: d["provenance"]["row"], 6, None),
    ("Ref", lambda d: d["provenance"]["ref"], 30, None),
    ("Evidence", lambda d: "; ".join(d["evidence"]) or None, 70, None),
    ("Remediation", "remediation", 60, None),
]


def write_excel(report: AuditReport, target: Path) -> None:
    document = report_document(report)
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook.create_sheet("Summary"), document)
    _table_sheet(workbook.create_sheet("Findings"), _FINDING_COLUMNS, document["findings"])
    _table_sheet(workbook.create_sheet("Items"), _ITEM_COLUMNS, document["items"])
    with atomic_output(target) as temporary:
        workbook.save(temporary)


def _table_sheet(
    sheet: WriteOnlyWorksheet, columns: list[Column], rows: list[dict[str, Any]]
) -> None:
    for index, (_, _, width, _) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    last_row = max(len(rows) + 1, 2)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_row}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.append([_header(sheet, title) for title, _, _, _ in columns])
    for row in rows:
        sheet.append([_value_cell(sheet, _pick(row, key), fmt) for _, key, _, fmt in columns])


def _pick(row: dict[str, Any], key: Any) -> Any:
    return key(row) if callable(key) else row.get(key)


def _header(sheet: WriteOnlyWorksheet, title: str) -> Any:
    return literal_cell(sheet, title, font=_HEADER_FONT, fill=_HEADER_FILL)


def _value_cell(sheet: WriteOnlyWorksheet, value: Any, number_format: str | None) -> Any:
    if number_format is not None and isinstance(value, int | float):
        return literal_cell(sheet, value, number_format=number_format)
    return literal_cell(sheet, value)


def _summary_sheet(sheet: WriteOnlyWorksheet, document: dict[str, Any]) -> None:
    for index, width in enumerate(_SUMMARY_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    summary = document["summary"]
    cell = partial(literal_cell, sheet)
    sheet.append([cell("sbom-audit report", font=_TITLE_FONT)])
    for label, value in (
        ("Tool", f"{document['tool']['name']} {document['tool']['version']}"),
        ("Policy profile", f"{document['policy']['name']}: {document['policy']['title']}"),
        (
            "Registry",
            f"{document['registry']['vendors']} vendors, data {document['registry']['digest']}",
        ),
        ("Currency of spend", summary["currency"] or _no_currency(summary["currencies"])),
        ("Exchange rates", _rates(summary["fx"])),
        *(("Note on spend", note) for note in summary["spend_notes"]),
    ):
        sheet.append([cell(label, font=Font(bold=True)), cell(value)])
    sheet.append([])
    sheet.append([cell("Inputs", font=_SECTION_FONT)])
    sheet.append([_header(sheet, h) for h in ("File", "Format", "Items", "SHA-256", "Error")])
    for record in document["inputs"]:
        sheet.append([cell(record["path"]), cell(record["format"]), cell(record["items"]),
                      cell(record["sha256"]), cell(record["error"])])  # fmt: skip
    sheet.append([])
    _shares_table(sheet, "Domestic share, overall and by kind of item",
                  [("All items", summary), *summary["by_kind"].items()])  # fmt: skip
    sheet.append([])
    _currency_table(sheet, summary["spend_by_currency"])
    labels = load_taxonomy().categories
    _shares_table(sheet, "Domestic share by category", [
        (f"{labels[code].en} ({code})" if code in labels else code, figures)
        for code, figures in summary["by_category"].items()
    ])  # fmt: skip
    sheet.append([])
    if summary["by_business_unit"]:
        _shares_table(sheet, "Domestic share by business unit",
                      list(summary["by_business_unit"].items()))  # fmt: skip
        sheet.append([])
    sheet.append([cell("Findings by severity", font=_SECTION_FONT)])
    for severity, count in summary["findings_by_severity"].items():
        sheet.append([cell(severity), cell(count)])


# The first nine columns keep their places; the figures that admit unknown origins follow.
_SUMMARY_WIDTHS = (34, 14, 12, 12, 12, 14, 18, 18, 14, 14, 12, 12, 14, 14, 14)
_SHARE_HEADERS = (
    "Population", "Items", "Domestic", "Foreign", "Unknown", "Domestic share", "Spend",
    "Domestic spend", "Domestic share of spend", "Share among known origin",
    "Share, low bound", "Share, high bound", "Spend share among known origin",
    "Spend share, low bound", "Spend share, high bound",
)  # fmt: skip


def _shares_table(
    sheet: WriteOnlyWorksheet, title: str, rows: Sequence[tuple[str, dict[str, Any]]]
) -> None:
    sheet.append([literal_cell(sheet, title, font=_SECTION_FONT)])
    sheet.append([_header(sheet, h) for h in _SHARE_HEADERS])
    for label, figures in rows:
        values: list[tuple[Any, str | None]] = [
            (label, None), (figures["items"], None), (figures["domestic_count"], None),
            (figures["foreign_count"], None), (figures["unknown_origin_count"], None),
            (figures["domestic_share_count"], PERCENT), (figures["spend"], MONEY),
            (figures["domestic_spend"], MONEY), (figures["domestic_share_spend"], PERCENT),
            (figures["domestic_share_count_known"], PERCENT),
            *_bounds(figures["domestic_share_count_bounds"]),
            (figures["domestic_share_spend_known"], PERCENT),
            *_bounds(figures["domestic_share_spend_bounds"]),
        ]  # fmt: skip
        sheet.append([_value_cell(sheet, value, fmt) for value, fmt in values])


def _currency_table(sheet: WriteOnlyWorksheet, by_currency: dict[str, dict[str, Any]]) -> None:
    if len(by_currency) < 2:
        return
    sheet.append([literal_cell(sheet, "Spend by currency, as written", font=_SECTION_FONT)])
    headers = ("Currency", "Spend", "Domestic spend", "Foreign spend", "Unknown origin spend",
               "Domestic share of spend")  # fmt: skip
    sheet.append([_header(sheet, h) for h in headers])
    for code, figures in by_currency.items():
        values = [(code, None), (figures["spend"], MONEY), (figures["domestic_spend"], MONEY),
                  (figures["foreign_spend"], MONEY), (figures["unknown_origin_spend"], MONEY),
                  (figures["domestic_share_spend"], PERCENT)]  # fmt: skip
        sheet.append([_value_cell(sheet, value, fmt) for value, fmt in values])
    sheet.append([])


def _rates(fx: dict[str, Any] | None) -> str:
    if fx is None:
        return "none given (spend is never converted without --fx)"
    used = ", ".join(f"1 {code} = {rate} {fx['reporting_currency']}"
                     for code, rate in fx["rates_used"].items())  # fmt: skip
    as_of = f" as of {fx['as_of']}" if fx["as_of"] else ""
    return f"{fx['source']}{as_of}: {used or 'none needed'}"


def _bounds(bounds: list[float] | None) -> list[tuple[Any, str | None]]:
    low, high = bounds if bounds is not None else (None, None)
    return [(low, PERCENT), (high, PERCENT)]


def _candidates(candidates: list[dict[str, Any]]) -> str | None:
    described = [
        f"{c['vendor']} [{c['vendor_id']}] {c['country']} by {c['method']} {c['score']:.2f}"
        for c in candidates
    ]
    return "; ".join(described) or None


def _links(links: list[dict[str, Any]]) -> str | None:
    return "; ".join(f"{link['item']} ({link['basis']})" for link in links) or None


def _no_currency(currencies: list[str]) -> str:
    if not currencies:
        return "no spend in the inputs"
    return f"mixed ({', '.join(currencies)}): shares by spend not computed"
