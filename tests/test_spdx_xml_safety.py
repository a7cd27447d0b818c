"""Hostile SPDX XML and RDF/XML are refused before xmltodict or rdflib see them."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
import xmltodict

from sbom_audit.ingest import load_input

_XML_ROOT = "<Document><spdxVersion>SPDX-2.3</spdxVersion><name>{body}</name></Document>"
_RDF_ROOT = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:spdx="http://spdx.org/rdf/terms#"><spdx:SpdxDocument rdf:about="#SPDXRef-DOCUMENT">'
    "<spdx:name>{body}</spdx:name></spdx:SpdxDocument></rdf:RDF>"
)
_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
_XXE = '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
_EXTERNAL_DTD = '<!DOCTYPE Document SYSTEM "http://evil.example/spdx.dtd">'
_DECLARATIONS = (
    "XML document type and entity declarations are not allowed "
    "(possible entity-expansion or XXE attack)"
)
_EXTERNAL = (
    "XML document type declarations are not allowed; this one refers to an external DTD "
    "(http://evil.example/spdx.dtd), which is never fetched (possible entity-expansion or XXE attack)"
)


@pytest.fixture(autouse=True)
def _libraries_must_not_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a hostile document reached the library")

    monkeypatch.setattr(xmltodict, "parse", refuse)
    monkeypatch.setattr(rdflib.Graph, "parse", refuse)


@pytest.mark.parametrize("root", [_XML_ROOT, _RDF_ROOT], ids=["xml", "rdf"])
@pytest.mark.parametrize(
    ("prolog", "body", "message"),
    [
        (_LAUGHS, "&lol9;", _DECLARATIONS),
        (_XXE, "&xxe;", _DECLARATIONS),
        (_EXTERNAL_DTD, "x", _EXTERNAL),
    ],
    ids=["billion-laughs", "xxe", "external-dtd"],
)
def test_hostile_xml_is_refused(
    tmp_path: Path, root: str, prolog: str, body: str, message: str
) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text('<?xml version="1.0"?>\n' + prolog + "\n" + root.format(body=body))
    loaded = load_input(path, "hostile.xml")
    assert loaded.record.format == ("spdx-xml" if root is _XML_ROOT else "spdx-rdf")
    assert loaded.record.error == f"hostile.xml: {message}"


def test_xml_nested_too_deeply_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    path.write_text(_XML_ROOT.format(body="<a>" * 300 + "</a>" * 300))
    error = load_input(path, "deep.xml").record.error
    assert error == "deep.xml: XML nested more than 256 elements deep (at <a>)"
