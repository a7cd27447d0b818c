"""Tiers and layers: curated entries over the OUI tier, user layers over curated entries, and
conflicts between layers reported with both places."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_matching_cascade import registry_of, vendor

from sbom_audit.errors import RegistryError
from sbom_audit.model import Item, ItemKind, MatchMethod, Provenance
from sbom_audit.registry import Matcher, Registry, load_registry
from sbom_audit.registry.loader import read_layer
from sbom_audit.registry.normalize import normalize_name
from sbom_audit.registry.oui import load_oui_index
from sbom_audit.registry.oui_tier import shipped_oui_file

OUI_FILE = shipped_oui_file()
needs_oui = pytest.mark.skipif(OUI_FILE is None, reason="data/vendor_origins/oui/ not generated")


def _vendor_of(registry: Registry, name: str) -> tuple[str | None, str | None, str | None]:
    item = Item(kind=ItemKind.COMPONENT, name="x", provenance=Provenance("t"), vendor=name)
    origin = Matcher(registry).match(item)
    return origin.vendor_id, origin.country, origin.tier


def _layer(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "layer"
    folder.mkdir(exist_ok=True)
    (folder / "mine.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_user_layer_replaces_a_curated_entry_by_id(tmp_path: Path, registry: Registry) -> None:
    zte = registry.vendors["zte"]
    layer = _layer(
        tmp_path,
        f"- id: zte\n  name: {zte.name}\n  country: CN\n  aliases: [ZTE Corp Test Spelling]\n"
        "  categories: [router]\n  source: https://example.org/zte\n  checked: 2026-11-23\n",
    )
    layered = load_registry([layer])
    assert (layered.vendors["zte"].tier, layered.vendors["zte"].defined_at) == (
        "user",
        f"{layer / 'mine.yaml'}:1",
    )
    assert _vendor_of(layered, "ZTE Corp Test Spelling") == ("zte", "CN", "user")
    assert _vendor_of(layered, "中兴通讯") == (None, None, None)  # the whole entry was replaced


@pytest.mark.parametrize(
    ("claim", "what"),
    [
        ("  aliases: [Huawei]\n", r"'Huawei' of 'my-huawei' reads the same as 'Huawei' of 'huawei'"),
        ("  aliases: [HUAWEI TECHNOLOGIES CO LTD]\n", r"reads the same as 'Huawei Technologies Co., Ltd.' of 'huawei'"),
        ("  domains: [huawei.com]\n", r"domain 'huawei.com' is also claimed by 'huawei'"),
        ("  cpe_vendors: [huawei]\n", r"CPE vendor 'huawei' is also claimed by 'huawei'"),
    ],
)  # fmt: skip
def test_a_user_entry_claiming_a_curated_vendors_name_is_an_error_naming_both_places(
    tmp_path: Path, claim: str, what: str
) -> None:
    layer = _layer(
        tmp_path,
        "- id: my-huawei\n  name: My Huawei Reseller\n  country: GB\n" + claim
        + "  categories: [router]\n  source: https://example.org/x\n  checked: 2026-11-23\n",
    )  # fmt: skip
    with pytest.raises(RegistryError) as caught:
        load_registry([layer])
    message = str(caught.value)
    assert message.startswith(f"{layer / 'mine.yaml'}:1: ")
    assert re.search(what, message)
    assert re.search(r"\(/\S+/data/vendor_origins/network\.yaml:\d+\)", message), message


def test_a_layer_reports_every_problem_with_file_and_line(tmp_path: Path) -> None:
    folder = _layer(
        tmp_path,
        "- id: one\n  name: One\n  country: XX\n  categories: [router]\n  checked: 2026-11-23\n"
        "- id: Two\n  name: Two\n  country: US\n  domains: [https://two.com]\n"
        "  categories: [router]\n  source: two.com\n  checked: 2026-11-23\n"
        "- id: three\n  name: Three\n  country: US\n  categories: []\n"
        "  source: https://example.org/3\n  checked: yesterday\n",
    )
    vendors, problems = read_layer(folder)
    where = folder / "mine.yaml"
    assert vendors == []
    assert problems == [
        f"{where}:1: 'XX' is not an ISO 3166-1 alpha-2 country code",
        f"{where}:1: missing required field 'source'",
        f"{where}:6: id 'Two' must be lowercase letters, digits and -",
        f"{where}:6: 'https://two.com' is not a registrable domain (write e.g. huawei.com, without scheme, path or www)",
        f"{where}:6: source 'two.com' must be the URL of a public page",
        f"{where}:13: at least one category is required",
        f"{where}:13: field 'checked' must be a date such as 2026-11-23",
    ]


def test_the_oui_tier_never_overrides_and_only_matches_exact_names() -> None:
    curated = [vendor("cisco", "Cisco Systems, Inc.", "US")]
    oui = [
        vendor("oui:cisco-systems", "CISCO SYSTEMS LTD", "GB", tier="oui"),
        vendor("oui:kiwi-radio-works", "Kiwi Radio Works", "NZ", tier="oui"),
    ]
    registry = registry_of(curated, oui)
    assert registry.oui.keys == ("kiwi radio works",)
    assert registry.oui.ignored == 1
    assert _vendor_of(registry, "Cisco Systems Ltd") == ("cisco", "US", "curated")
    assert _vendor_of(registry, "KIWI RADIO WORKS LIMITED") == ("oui:kiwi-radio-works", "NZ", "oui")
    assert _vendor_of(registry, "Kiwi Radio Work") == (None, None, None)


def test_the_audit_can_leave_the_oui_tier_out() -> None:
    assert len(load_registry(oui=False).oui) == 0


@needs_oui
def test_the_oui_file_is_keyed_by_the_current_normalisation() -> None:
    """A change to normalize_name needs `sbom-audit registry import-oui` to rekey the file."""
    assert OUI_FILE is not None
    stale = [
        (key, v.name)
        for key, v in load_oui_index(OUI_FILE).items()
        if normalize_name(v.name) != key
    ]
    assert stale == []


@needs_oui
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Juniper Networks", ("juniper", "US", "curated")),
        (
            "Juniper Systems",
            ("oui:juniper-systems", "US", "oui"),
        ),  # Logan, Utah: not Juniper Networks
        (
            "Cisco Systems, Inc",
            ("cisco", "US", "curated"),
        ),  # some Cisco blocks give GB: curated wins
        ("Aztech Electronics", ("oui:aztech-electronics", "SG", "oui")),  # not ZTE
    ],
)
def test_shipped_tiers(registry: Registry, name: str, expected: tuple[str, str, str]) -> None:
    assert _vendor_of(registry, name) == expected


def test_oui_matches_are_names_of_low_confidence() -> None:
    registry = registry_of(
        [], [vendor("oui:kiwi-radio-works", "Kiwi Radio Works", "NZ", tier="oui")]
    )
    item = Item(
        kind=ItemKind.COMPONENT, name="x", provenance=Provenance("t"), vendor="Kiwi Radio Works"
    )
    origin = Matcher(registry).match(item)
    assert (origin.method, origin.confidence, origin.source) == (
        MatchMethod.NAME, 0.6, "https://example.org/oui:kiwi-radio-works",
    )  # fmt: skip
