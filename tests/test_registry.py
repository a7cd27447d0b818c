from __future__ import annotations

from pathlib import Path

import pytest

from sbom_audit.errors import RegistryError
from sbom_audit.registry import load_registry
from sbom_audit.registry.loader import load_layer

VALID = """\
- id: acme-networks
  name: Acme Networks Co., Ltd.
  country: CN
  aliases: [Acme, 阿克米网络]
  domains: [acme-networks.cn]
  cpe_vendors: [acmenet]
  purl_namespaces: [maven/cn.acme]
  categories: [router]
  source: https://example.org/acme
  checked: 2026-11-23
"""


def _layer(tmp_path: Path, text: str, name: str = "vendors.yaml") -> Path:
    folder = tmp_path / "layer"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_shipped_registry_loads_and_is_large_enough(registry) -> None:
    assert len(registry.vendors) >= 60
    for vendor in registry.vendors.values():
        assert vendor.source.startswith("http"), vendor.id
        assert vendor.categories


def test_a_layer_adds_vendors(tmp_path: Path) -> None:
    registry = load_registry([_layer(tmp_path, VALID)])
    assert registry.vendors["acme-networks"].country == "CN"
    assert registry.names["阿克米网络"] == ("acme-networks", "alias")


def test_a_later_layer_replaces_an_entry_by_id(tmp_path: Path, registry) -> None:
    cisco = registry.vendors["cisco"]
    override = f"""\
- id: cisco
  name: {cisco.name}
  country: GB
  categories: [router]
  source: https://example.org/override
  checked: 2026-11-23
"""
    layered = load_registry([_layer(tmp_path, override)])
    assert layered.vendors["cisco"].country == "GB"
    assert layered.vendors["cisco"].aliases == ()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("country: CN", "country: XX"), r"vendors.yaml:1: 'XX' is not an ISO 3166-1 alpha-2"),
        (("  source: https://example.org/acme\n", ""), r"vendors.yaml:1: missing required field 'source'"),
        (("acme-networks.cn", "https://www.acme.cn/x"), r"vendors.yaml:1: .* is not a registrable domain"),
        (("categories: [router]", "categories: [toaster]"), r"unknown category 'toaster'"),
        (("checked: 2026-11-23", "checked: last week"), r"'checked' must be a date"),
        (("maven/cn.acme", "cn.acme"), r"must be '<type>/<namespace>'"),
        (("id: acme-networks", "id: Acme Networks"), r"must be lowercase"),
        (("  checked: 2026-11-23\n", "  checked: 2026-11-23\n  homepage: x\n"), r"unknown field\(s\) homepage"),
    ],
)  # fmt: skip
def test_invalid_entries_are_refused_with_file_and_line(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    layer = _layer(tmp_path, VALID.replace(*change))
    with pytest.raises(RegistryError, match=message):
        load_layer(layer)


def test_the_line_of_the_faulty_entry_is_named(tmp_path: Path) -> None:
    second = VALID.replace("acme-networks", "acme-two").replace("Acme", "Zenith")
    layer = _layer(tmp_path, VALID + second.replace("country: CN", "country: ZZ"))
    with pytest.raises(RegistryError, match=r"vendors.yaml:11: 'ZZ'"):
        load_layer(layer)


def test_an_alias_claimed_by_two_vendors_is_refused(tmp_path: Path) -> None:
    other = """\
- id: zenith
  name: Zenith Ltd
  country: US
  aliases: ["ACME Inc."]
  categories: [router]
  source: https://example.org/zenith
  checked: 2026-11-23
"""
    with pytest.raises(
        RegistryError, match=r"'ACME Inc.' of 'zenith' reads the same as 'Acme' of 'acme-networks'"
    ):
        load_registry([_layer(tmp_path, VALID + other)])


def test_a_missing_parent_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"parent 'nobody' is not a vendor id"):
        load_registry([_layer(tmp_path, VALID + "  parent: nobody\n")])


def test_broken_yaml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"vendors.yaml: not valid UTF-8 YAML"):
        load_layer(_layer(tmp_path, "- id: [unclosed\n"))


def test_an_empty_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"no \*.yaml registry files"):
        load_layer(tmp_path)
