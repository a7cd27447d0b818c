"""CycloneDX XML: refused safely when hostile, read like the same BOM in JSON otherwise."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS

from sbom_audit.errors import IngestError
from sbom_audit.ingest import IngestOptions, Limits, load_input
from sbom_audit.ingest.cyclonedx import read_cyclonedx_json, read_cyclonedx_xml
from sbom_audit.ingest.detect import detect_format
from sbom_audit.model import Item, Service

NS = "http://cyclonedx.org/schema/bom/1.6"
ATTACK = "not allowed (possible entity-expansion or XXE attack)"
BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE bom [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<bom xmlns="{NS}"><components><component type="library"><name>&lol3;</name></component>
</components></bom>"""
XXE = f"""<?xml version="1.0"?>
<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<bom xmlns="{NS}"><components><component type="library"><name>&xxe;</name></component>
</components></bom>"""
EXTERNAL_DTD = f"""<?xml version="1.0"?>
<!DOCTYPE bom SYSTEM "http://evil.example/bom.dtd">
<bom xmlns="{NS}"><components/></bom>"""


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (BILLION_LAUGHS, f"bom.xml: XML document type and entity declarations are {ATTACK}"),
        (XXE, f"bom.xml: XML document type and entity declarations are {ATTACK}"),
        (EXTERNAL_DTD, "bom.xml: XML document type declarations are not allowed; this one refers "
                       "to an external DTD (http://evil.example/bom.dtd), which is never fetched "
                       "(possible entity-expansion or XXE attack)"),
        (f'<bom xmlns="{NS}"><components>', "bom.xml: not well-formed XML: no element found: "
                                            "line 1, column 61"),
        (f'<components xmlns="{NS}"/>', "bom.xml: the root element is "
         f"'{{{NS}}}components', not a CycloneDX <bom> in a "
         "http://cyclonedx.org/schema/bom/1.x namespace"),
        ('<bom xmlns="http://cyclonedx.org/schema/bom/1.9"/>',
         "bom.xml: CycloneDX 1.9 XML is not supported"),
    ],
)  # fmt: skip
def test_hostile_or_broken_xml_is_refused(tmp_path: Path, document: str, message: str) -> None:
    path = tmp_path / "bom.xml"
    path.write_text(document, encoding="utf-8")
    loaded = load_input(path, "bom.xml")
    assert loaded.record.format == "cyclonedx-xml"
    assert loaded.record.error == message
    assert loaded.items == []


SMALL_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="{NS}" xmlns:x="urn:example:ext" version="1">
  <metadata>
    <component type="application" bom-ref="app"><name>Teller App</name><version>3</version>
    </component>
    <supplier><name>Beijing Bank Software Co.</name><url>https://bank-soft.cn</url></supplier>
  </metadata>
  <components>
    <component type="library" bom-ref="zlib">
      <supplier><name>Zlib Project</name></supplier>
      <name>zlib</name><version>1.3</version>
      <hashes><hash alg="SHA-256">ab12</hash></hashes>
      <licenses><license><id>Zlib</id></license></licenses>
      <purl>pkg:generic/zlib@1.3</purl>
      <externalReferences><reference type="website"><url>https://zlib.net/a b</url></reference>
      </externalReferences>
      <properties><property name="location">/usr/lib</property></properties>
      <components><component type="file"><name>zlib.h</name></component></components>
      <x:note>extension elements are dropped</x:note>
    </component>
    <x:component><x:name>not a CycloneDX component</x:name></x:component>
  </components>
  <services><service bom-ref="gw"><name>Gateway</name>
    <endpoints><endpoint>https://gw.example.com</endpoint></endpoints></service></services>
</bom>"""
SMALL_JSON = {
    "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
    "metadata": {"component": {"type": "application", "bom-ref": "app", "name": "Teller App",
                               "version": "3"},
                 "supplier": {"name": "Beijing Bank Software Co.", "url": ["https://bank-soft.cn"]}},
    "components": [{
        "type": "library", "bom-ref": "zlib", "supplier": {"name": "Zlib Project"},
        "name": "zlib", "version": "1.3", "hashes": [{"alg": "SHA-256", "content": "ab12"}],
        "licenses": [{"license": {"id": "Zlib"}}], "purl": "pkg:generic/zlib@1.3",
        "externalReferences": [{"type": "website", "url": "https://zlib.net/a b"}],
        "properties": [{"name": "location", "value": "/usr/lib"}],
        "components": [{"type": "file", "name": "zlib.h"}]}],
    "services": [{"bom-ref": "gw", "name": "Gateway", "endpoints": ["https://gw.example.com"]}],
}  # fmt: skip


def _without_file(elements: list[Item] | list[Service]) -> list[object]:
    return [dataclasses.replace(e, provenance=dataclasses.replace(e.provenance, file="")) for e in elements]  # fmt: skip


def test_xml_reads_like_the_same_bom_in_json() -> None:
    options = IngestOptions()
    xml = read_cyclonedx_xml(detect_format(SMALL_XML.encode(), "b.xml"), "b.xml", options)
    data = json.dumps(SMALL_JSON).encode()
    from_json = read_cyclonedx_json(detect_format(data, "b.json"), "b.json", options)
    assert _without_file(xml.items) == _without_file(from_json.items)
    assert _without_file(xml.services) == _without_file(from_json.services)
    subject, zlib, header = xml.items
    assert (subject.name, subject.vendor, subject.vendor_domains) == (
        "Teller App", "Beijing Bank Software Co.", ("bank-soft.cn",))  # fmt: skip
    assert (zlib.vendor, zlib.hashes, zlib.licenses) == (
        "Zlib Project",
        ("SHA-256:ab12",),
        ("Zlib",),
    )
    assert zlib.external_refs == (("website", "https://zlib.net/a%20b"),)
    assert (header.name, header.parent_ref) == ("zlib.h", "zlib")
    assert xml.services[0].endpoints == ("https://gw.example.com",)


def test_xml_components_nested_past_the_limit_are_refused() -> None:
    component = "<component type='library'><name>leaf</name></component>"
    for _ in range(5):
        component = f"<component type='library'><name>n</name><components>{component}</components></component>"  # fmt: skip
    document = f'<bom xmlns="{NS}"><components>{component}</components></bom>'.encode()
    options = IngestOptions(limits=Limits(max_nesting_depth=5))
    with pytest.raises(IngestError, match=r"^b\.xml: components are nested more than 5 deep$"):
        read_cyclonedx_xml(detect_format(document, "b.xml"), "b.xml", options)


corpus_only = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared SBOM corpus is not present at {CORPUS}"
)
SPECIFICATION = CORPUS / "cyclonedx-specification"


@corpus_only
def test_every_valid_specification_xml_reads(capsys: pytest.CaptureFixture[str]) -> None:
    read: Counter[str] = Counter()
    for path in sorted(SPECIFICATION.glob("1.*/valid-*.xml")):
        loaded = load_input(path, path.name)
        assert loaded.record.error is None, loaded.record.error
        read[path.parent.name] += 1
    with capsys.disabled():
        print(f"\nvalid CycloneDX XML read per version: {dict(sorted(read.items()))}")
    assert set(read) == {"1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"}
    assert sum(read.values()) >= 140


@corpus_only
@pytest.mark.parametrize(
    "folder", ["bom-shelter", "cyclonedx-bom-examples", "cyclonedx-core-java", "guac"]
)
def test_real_world_xml_reads(folder: str) -> None:
    paths = [p for p in sorted((CORPUS / folder).rglob("*.xml")) if "invalid" not in p.name]
    results = [load_input(path, path.name) for path in paths]
    cyclonedx = [r for r in results if r.record.format == "cyclonedx-xml"]
    assert cyclonedx, folder
    assert [r.record.error for r in cyclonedx] == [None] * len(cyclonedx)
    assert sum(r.record.item_count for r in cyclonedx) > 0


@corpus_only
@pytest.mark.parametrize(
    "stem",
    ["cyclonedx-bom-examples/SBOM/laravel-7.12.0/bom.1.4",
     "cyclonedx-bom-examples/SBOM/laravel-7.12.0/bom.1.3",
     "cyclonedx-bom-examples/SBOM/proton-bridge/proton-bridge-v1.8.0.bom",
     "cyclonedx-specification/1.7/valid-bom-1.7",
     "cyclonedx-specification/1.7/valid-cryptography-certificate-advanced-1.7"],
)  # fmt: skip
def test_corpus_bom_in_xml_equals_its_json_twin(stem: str) -> None:
    options = IngestOptions()
    xml_path, json_path = CORPUS / f"{stem}.xml", CORPUS / f"{stem}.json"
    xml = read_cyclonedx_xml(detect_format(xml_path.read_bytes(), "x"), "x", options)
    from_json = read_cyclonedx_json(detect_format(json_path.read_bytes(), "j"), "j", options)
    assert len(xml.items) > 1
    assert _without_file(xml.items) == _without_file(from_json.items)
    assert _without_file(xml.services) == _without_file(from_json.services)
