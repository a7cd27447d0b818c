"""`--validate` for CycloneDX: the spec's own test suite, the stock validator's exact errors,
linear-time uniqueness with jsonschema's semantics, and the command line end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import CORPUS, EXAMPLE_CYCLONEDX, EXAMPLE_SPDX, ROOT
from hypothesis import given
from hypothesis import strategies as st

from sbom_audit.cli import main
from sbom_audit.ingest import IngestOptions, load_input
from sbom_audit.ingest.detect import Detected, InputFormat
from sbom_audit.ingest.validate import MAX_ERRORS, capped, one_line, validate_sbom
from sbom_audit.ingest.validate.cyclonedx import (
    all_unique,
    describe_json_error,
    describe_xml_error,
    make_strict_json_validator,
    xml_schema,
)

SPEC_SUITE = CORPUS / "cyclonedx-specification"
needs_suite = pytest.mark.skipif(
    not SPEC_SUITE.is_dir(), reason=f"the CycloneDX spec test suite is not present at {SPEC_SUITE}"
)
FORMATS = {".json": InputFormat.CYCLONEDX_JSON, ".xml": InputFormat.CYCLONEDX_XML}


def _suite(prefix: str) -> list[Path]:
    if not SPEC_SUITE.is_dir():
        return []
    found = SPEC_SUITE.glob(f"1.*/{prefix}*")  # not informal-invalid-*, skip_invalid-*
    return sorted(p for p in found if p.suffix in FORMATS)


def _ids(paths: list[Path]) -> list[str]:
    return [f"{p.parent.name}/{p.name}" for p in paths]


def _validate(path: Path) -> tuple[str, ...]:
    # the folder gives the version: some invalid files are wrong in what detection reads
    return validate_sbom(Detected(FORMATS[path.suffix], path.read_bytes(), path.parent.name))


def _document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EXAMPLE_CYCLONEDX.read_text(encoding="utf-8"))
    document.update(changes)
    return document


def _json_errors(document: dict[str, Any]) -> tuple[str, ...]:
    data = json.dumps(document).encode()
    return validate_sbom(Detected(InputFormat.CYCLONEDX_JSON, data, document["specVersion"]))


# The spec suite ---------------------------------------------------------------------------


@needs_suite
@pytest.mark.parametrize("path", _suite("valid-"), ids=_ids(_suite("valid-")))
def test_every_valid_file_of_the_spec_suite_has_no_errors(path: Path) -> None:
    assert _validate(path) == ()


@needs_suite
@pytest.mark.parametrize("path", _suite("invalid-"), ids=_ids(_suite("invalid-")))
def test_every_invalid_file_of_the_spec_suite_has_errors(path: Path) -> None:
    errors = _validate(path)
    assert errors
    assert all(e.startswith(("$", "line ")) for e in errors), errors


@needs_suite
@pytest.mark.parametrize("path", _suite("invalid-"), ids=_ids(_suite("invalid-")))
def test_errors_are_the_stock_validators(path: Path) -> None:
    """cyclonedx-python-lib's own validators, as shipped, find exactly the same errors."""
    version = path.parent.name
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        stock = make_strict_json_validator(version).validate_str(text, all_errors=True)
        expected = [describe_json_error(error.data) for error in stock or []]
    else:
        from cyclonedx.schema import OutputFormat, SchemaVersion
        from cyclonedx.validation import make_schemabased_validator

        library = make_schemabased_validator(OutputFormat.XML, SchemaVersion.from_version(version))
        stock = library.validate_str(text, all_errors=True)
        expected = [describe_xml_error(error.data) for error in stock or []]
    assert expected
    assert _validate(path) == capped(expected)


@needs_suite
def test_suite_errors_name_the_place() -> None:
    base = SPEC_SUITE / "1.6"
    assert _validate(base / "invalid-component-type-1.6.json") == (
        "$.components[0].type: 'foo' is not one of ['application', 'framework', 'library', "
        "'container', 'platform', 'operating-system', 'device', 'device-driver', 'firmware', "
        "'file', 'machine-learning-model', 'data', 'cryptographic-asset']",
    )
    (error,) = _validate(base / "invalid-component-type-1.6.xml")
    assert error.startswith(
        "line 4: Element '{http://cyclonedx.org/schema/bom/1.6}component', attribute 'type': "
        "[facet 'enumeration'] The value 'foo' is not an element of the set"
    )


# Documents of our own ----------------------------------------------------------------------


def test_the_example_sbom_is_valid() -> None:
    assert _json_errors(_document()) == ()


def test_bad_url_and_unknown_key_name_their_json_path() -> None:
    document = _document()
    document["components"][2]["supplier"] = {"name": "X", "url": ["http://exa mple.com/"]}
    document["components"][4]["x-vendor"] = 1
    assert _json_errors(document) == (
        "$.components[2].supplier.url[0]: 'http://exa mple.com/' is not a 'iri-reference'",
        "$.components[4]: Additional properties are not allowed ('x-vendor' was unexpected)",
    )


def test_a_repeated_component_is_reported_without_the_whole_array() -> None:
    document = _document()
    document["components"].append(document["components"][0])
    (error,) = _json_errors(document)
    assert error.startswith("$.components: [{'type': 'library', 'bom-ref': ")
    assert error.endswith("}] has non-unique elements")
    assert len(error) <= 400


def test_a_licence_id_outside_the_spdx_list() -> None:
    document = _document()
    document["components"][0]["licenses"] = [{"license": {"id": "Apache-2"}}]
    errors = _json_errors(document)
    assert errors[0].startswith("$.components[0].licenses: [{'license': {'id': 'Apache-2'}}]")
    assert errors[0].endswith("is not valid under any of the given schemas")


def test_version_without_a_schema() -> None:
    for version, kind in (("1.1", "JSON"), ("2.0", "JSON"), (None, "JSON")):
        data = json.dumps(_document(specVersion=version)).encode()
        (error,) = validate_sbom(Detected(InputFormat.CYCLONEDX_JSON, data, version))
        shown = "missing" if version is None else repr(version)
        assert error == (
            f"$.specVersion: {shown} is not a CycloneDX version with a {kind} schema "
            "(1.2 to 1.7); the document was not validated"
        )


def test_broken_inputs_are_messages_not_exceptions() -> None:
    broken_json = Detected(InputFormat.CYCLONEDX_JSON, b'{"bomFormat": "CycloneDX", ', "1.6")
    (error,) = validate_sbom(broken_json)
    assert error.startswith("$: not valid JSON: ")
    nan = Detected(InputFormat.CYCLONEDX_JSON, b'{"bomFormat": "CycloneDX", "version": NaN}', "1.6")
    assert validate_sbom(nan) == ("$: not valid JSON: NaN is not a JSON value",)
    xml = b'<bom xmlns="http://cyclonedx.org/schema/bom/1.6">\n<components>\n</bom>'
    (error,) = validate_sbom(Detected(InputFormat.CYCLONEDX_XML, xml, "1.6"))
    assert error.startswith("line 3: not well-formed XML: ")
    assert validate_sbom(Detected(InputFormat.CSV, b"a,b\n1,2\n")) == ()


def test_nesting_too_deep_for_the_validator_is_a_message() -> None:
    component: dict[str, Any] = {"type": "library", "name": "leaf"}
    for level in range(300):
        component = {"type": "library", "name": f"level{level}", "components": [component]}
    document = _document(components=[component])
    assert _json_errors(document) == ("$: nested too deeply to validate",)
    document["components"] = [{"type": "library", "name": "flat"}]
    assert _json_errors(document) == ()


@pytest.mark.parametrize(
    "declaration",
    [b'<!ENTITY x SYSTEM "file:///etc/passwd">', b'<!ENTITY x "&y;&y;"><!ENTITY y "yy">'],
)
def test_a_doctype_is_refused_not_expanded(declaration: bytes) -> None:
    xml = (
        b'<?xml version="1.0"?>\n<!DOCTYPE bom [' + declaration + b"]>\n"
        b'<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">\n'
        b"<metadata><component type='application'><name>&x;</name></component></metadata>\n"
        b"</bom>"
    )
    assert validate_sbom(Detected(InputFormat.CYCLONEDX_XML, xml, "1.6")) == (
        "line 2: a DOCTYPE (DTD, entities) has no place in CycloneDX XML; not validated",
    )
    assert xml_schema("1.6") is xml_schema("1.6")  # compiled once


# Uniqueness ---------------------------------------------------------------------------


def _pairwise_unique(items: list[Any]) -> bool:
    """jsonschema's own equality, every pair compared: the semantics all_unique keeps."""
    from jsonschema._utils import equal

    return not any(equal(a, b) for i, a in enumerate(items) for b in items[i + 1 :])


@pytest.mark.parametrize(
    ("items", "unique"),
    [
        ([1, 1.0], False),
        ([1, True], True),
        ([0, False, None, ""], True),
        ([{"a": 1, "b": [1, 2]}, {"b": [1, 2.0], "a": 1}], False),
        ([{"a": [True]}, {"a": [1]}], True),
        ([[1], [True], [1]], False),  # jsonschema's sorted shortcut misses this one
        ([10**30, 10**30], False),  # beyond what orjson serialises
        (["1.0", 1.0], True),
        ([-0.0, 0], False),
        ([], True),
    ],
)
def test_all_unique(items: list[Any], unique: bool) -> None:
    assert all_unique(items) is unique
    assert _pairwise_unique(items) is unique


POOL = [1, 1.0, 2, True, False, 0, None, "1", "a", "a\\", 'a"', [1], [1.0], [True], {"k": 1}]
JSON_VALUES = st.recursive(
    st.sampled_from(POOL) | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("ab"), inner),
    max_leaves=8,
)


@given(st.lists(JSON_VALUES, max_size=8))
def test_all_unique_agrees_with_jsonschema_equality(items: list[Any]) -> None:
    assert all_unique(items) == _pairwise_unique(items)


# Messages ------------------------------------------------------------------------------


def test_messages_are_capped_at_fifty_per_file() -> None:
    messages = [f"$.components[{i}].name: 1 is not of type 'string'" for i in range(120)]
    kept = capped(messages)
    assert len(kept) == MAX_ERRORS + 1
    assert kept[:2] == tuple(messages[:2])
    assert kept[-1] == "... and 70 more"
    assert capped(messages[:50]) == tuple(messages[:50])


def test_one_line_keeps_the_place_and_the_reason() -> None:
    assert one_line("$.a: bad\nvalue") == "$.a: bad\\nvalue"
    long = "$.components: [" + "x" * 1000 + "] has non-unique elements"
    short = one_line(long)
    assert len(short) == 399
    assert short.startswith("$.components: [xxx")
    assert short.endswith("xxx] has non-unique elements")
    assert " ... " in short


def test_the_validator_failing_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from sbom_audit.ingest.validate import cyclonedx as validate_cyclonedx

    def broken(data: bytes, version: str | None) -> Any:
        raise KeyError("boom")

    monkeypatch.setattr(validate_cyclonedx, "cyclonedx_json_errors", broken)
    detected = Detected(InputFormat.CYCLONEDX_JSON, b"{}", "1.6")
    assert validate_sbom(detected) == ("the validator failed (KeyError: 'boom'); please report it",)


def test_validation_libraries_are_imported_only_when_validating() -> None:
    script = (
        "import sys, sbom_audit.cli, sbom_audit.ingest; "
        "print(sorted(m for m in ('jsonschema', 'rfc3987_syntax', "
        "'cyclonedx.validation.json', 'spdx_tools.spdx.validation.document_validator', "
        "'sbom_audit.ingest.validate.cyclonedx', 'sbom_audit.ingest.validate.spdx') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


# Through load_input and the command line ---------------------------------------------------


@pytest.fixture
def invalid_sbom(tmp_path: Path) -> Path:
    document = _document()
    document["components"][2]["supplier"] = {"name": "X", "url": ["http://exa mple.com/"]}
    document["components"][4]["x-vendor"] = 1
    path = tmp_path / "invalid.cdx.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_load_input_reports_schema_errors_and_keeps_the_items(invalid_sbom: Path) -> None:
    plain = load_input(invalid_sbom)
    checked = load_input(invalid_sbom, options=IngestOptions(validate=True))
    assert plain.record.validation_errors == ()
    assert len(checked.record.validation_errors) == 2
    assert checked.record.error is None
    assert checked.record.item_count == plain.record.item_count == len(plain.items) > 0
    assert load_input(EXAMPLE_SPDX, options=IngestOptions(validate=True)).record == (
        load_input(EXAMPLE_SPDX).record
    )


def test_cli_validate_reports_invalid_inputs_and_audits_all(
    invalid_sbom: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    inputs = [str(invalid_sbom), str(EXAMPLE_SPDX)]
    result = CliRunner().invoke(main, ["audit", "--validate", "-q", *inputs, "-o", str(report)])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"invalid: {invalid_sbom}: $.components[2].supplier.url[0]: "
        "'http://exa mple.com/' is not a 'iri-reference'",
        f"invalid: {invalid_sbom}: $.components[4]: Additional properties are not allowed "
        "('x-vendor' was unexpected)",
    ]
    inputs_by_name = {Path(i["path"]).name: i for i in json.loads(report.read_text())["inputs"]}
    assert inputs_by_name["invalid.cdx.json"]["validation_errors"] == [
        line.split(": ", 2)[2] for line in result.stderr.splitlines()
    ]
    assert inputs_by_name["invalid.cdx.json"]["items"] == 13
    assert inputs_by_name[EXAMPLE_SPDX.name]["validation_errors"] == []
    assert inputs_by_name[EXAMPLE_SPDX.name]["items"] == 11


def test_cli_validate_passes_valid_inputs(tmp_path: Path) -> None:
    inputs = [str(EXAMPLE_CYCLONEDX), str(EXAMPLE_SPDX)]
    result = CliRunner().invoke(main, ["audit", "--validate", "-q", *inputs])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


SPDX_YAML_WITH_A_BAD_REF = b"""\
spdxVersion: SPDX-2.3
dataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
name: x
documentNamespace: https://example.org/x
creationInfo:
  created: "2026-01-01T00:00:00Z"
  creators: ["Tool: x"]
packages:
  - SPDXID: SPDXRef-p
    name: p
    downloadLocation: NOASSERTION
    filesAnalyzed: false
    externalRefs:
      - referenceCategory: SECURITY
        referenceType: nonsense
        referenceLocator: abc
"""


def test_spdx_yaml_is_validated_too() -> None:
    from sbom_audit.ingest.detect import detect_format
    from sbom_audit.ingest.validate import validate_sbom

    detected = detect_format(SPDX_YAML_WITH_A_BAD_REF, "x.yaml")
    assert detected.format is InputFormat.SPDX_YAML
    [message] = validate_sbom(detected)
    assert message.startswith("external package ref in SPDXRef-p: ")
    assert "category SECURITY must be one of" in message
    assert (
        validate_sbom(
            detect_format(
                SPDX_YAML_WITH_A_BAD_REF.replace(b"nonsense", b"cpe23Type").replace(
                    b"abc", b"cpe:2.3:a:x:y:1:*:*:*:*:*:*:*"
                ),
                "ok.yaml",
            )
        )
        == ()
    )
