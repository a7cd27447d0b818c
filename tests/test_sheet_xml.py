"""The sheet XML check for what calamine's values do not tell, on the forms writers use."""

from __future__ import annotations

import io
import zipfile

import pytest

from sbom_audit.ingest.sheets.grid import CellNote
from sbom_audit.ingest.sheets.xlsx_xml import NO_CACHED_VALUE, scan_sheet, sheet_parts

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(rows: str, prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}="{MAIN}"><{p}sheetData>'
        f"{rows}</{p}sheetData></{p}worksheet>"
    ).encode()


@pytest.mark.parametrize(
    ("rows", "prefix", "uncached"),
    [
        pytest.param('<row r="2"><c r="E2"><f>C2*D2</f><v></v></c></row>', "", [(2, 4)],
                     id="openpyxl: empty value"),
        pytest.param('<row r="2"><c r="E2"><f>C2*D2</f></c></row>', "", [(2, 4)],
                     id="no value element"),
        pytest.param('<row r="3"><c r="B3"><f t="shared" si="0"/></c></row>', "", [(3, 1)],
                     id="shared formula, no value"),
        pytest.param('<row r="3"><c r="B3"><f t="shared" si="0"/><v>7</v></c></row>', "", [],
                     id="shared formula, cached"),
        pytest.param('<row r="2"><c r="E2"><f>C2*D2</f><v>200</v></c></row>', "", [],
                     id="cached"),
        pytest.param('<row r="2"><c r="E2" t="str"><f>""</f><v></v></c></row>', "", [],
                     id="cached empty string"),
        pytest.param('<row r="2">\n  <c r="AB2">\n    <f>1+1</f>\n  </c>\n</row>', "", [(2, 27)],
                     id="pretty-printed"),
        pytest.param('<x:row r="9"><x:c r="C9"><x:f>1+1</x:f></x:c></x:row>', "x", [(9, 2)],
                     id="namespace prefix"),
        pytest.param('<x:row r="9"><x:c r="C9"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>', "x", [],
                     id="namespace prefix, cached"),
    ],
)  # fmt: skip
def test_formulas_without_a_cached_value(
    rows: str, prefix: str, uncached: list[tuple[int, int]]
) -> None:
    marks = scan_sheet(_sheet(rows, prefix))
    assert marks.notes == tuple(CellNote(r, c, NO_CACHED_VALUE) for r, c in uncached)


def test_error_cells() -> None:
    rows = (
        '<row r="4"><c r="E4" t="e"><f>C4/0</f><v>#DIV/0!</v></c>'
        '<c r="F4" t="e"><v>#N/A</v></c><c r="G4"><v>1</v></c></row>'
    )
    assert scan_sheet(_sheet(rows)).notes == (
        CellNote(4, 4, "error value #DIV/0!"),
        CellNote(4, 5, "error value #N/A"),
    )


def test_hidden_rows_with_and_without_row_numbers() -> None:
    rows = (
        '<row r="2" hidden="1"><c r="A2"><v>1</v></c></row>'
        '<row r="5" spans="1:3" hidden="true" customHeight="1"/>'
        "<row><c><v>1</v></c></row>"  # row 6: no r attribute
        '<row hidden="1"/>'  # row 7
        '<row r="8" hidden="0"/>'
    )
    assert scan_sheet(_sheet(rows)).hidden_rows == {2, 5, 7}


def test_a_sheet_with_none_of_them() -> None:
    marks = scan_sheet(_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))
    assert (marks.hidden_rows, marks.notes) == (frozenset(), ())


def test_sheet_parts_follow_the_workbook_relationships() -> None:
    workbook = (
        f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId7"/>'
        '<sheet name="B" sheetId="2" r:id="rId2"/><sheet name="C" sheetId="3" r:id="rId9"/>'
        "</sheets></workbook>"
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId7" Target="worksheets/sheet2.xml"/>'
        '<Relationship Id="rId2" Target="/xl/worksheets/other.xml"/>'
        '<Relationship Id="rId3" Target="../customXml/item1.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
    with zipfile.ZipFile(buffer) as archive:
        assert sheet_parts(archive) == {
            "A": "xl/worksheets/sheet2.xml", "B": "xl/worksheets/other.xml",
        }  # fmt: skip
