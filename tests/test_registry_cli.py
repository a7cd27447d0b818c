"""`sbom-audit registry ...` on a small registry that stands in for the shipped one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_matching_cascade import vendor

from sbom_audit.cli import main
from sbom_audit.registry import index
from sbom_audit.registry.oui import DropReason, OuiImportStats

SHIPPED = """\
# test registry
- id: acme
  name: Acme Networks Co., Ltd.
  country: CN
  aliases: [Acme, 阿克米网络]
  domains: [acme.cn]
  cpe_vendors: [acmenet]
  purl_namespaces: [maven/cn.acme]
  categories: [router, firewall]
  source: https://example.org/acme
  checked: 2026-11-23
- id: zenith
  name: Zenith Systems Inc.
  country: US
  domains: [zenith.com]
  cpe_vendors: [zenith]
  categories: [router]
  source: https://example.org/zenith
  checked: 2026-11-23
- id: zenith-china
  name: Zenith China Ltd
  country: CN
  parent: zenith
  categories: [switch]
  source: https://example.org/zenith-china
  checked: 2026-11-23
"""
OUI = {
    "gamma widgets": vendor("oui:gamma-widgets", "Gamma Widgets", "DE", tier="oui", categories=(),
                            source="IEEE (test)", defined_at="oui.csv:2"),
    "acme networks": vendor("oui:acme-networks", "ACME NETWORKS", "US", tier="oui", categories=(),
                            source="IEEE (test)", defined_at="oui.csv:3"),
}  # fmt: skip


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "shipped"
    folder.mkdir()
    (folder / "vendors.yaml").write_text(SHIPPED, encoding="utf-8")
    monkeypatch.setattr(index, "shipped_registry_dir", lambda: folder)
    monkeypatch.setattr(index, "shipped_oui_file", lambda: None)
    monkeypatch.setattr(index, "oui_loader", lambda path: lambda: OUI)
    monkeypatch.setattr(index, "check_oui_file", lambda path: [])
    return folder / "vendors.yaml"


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, ["registry", *args])


def test_lookup_tells_queries_apart_and_explains(shipped: Path) -> None:
    result = _run(
        "lookup", "ACME NETWORKS CO.,LTD", "pkg:maven/cn.acme.core/x@1",
        "cpe:2.3:a:zenith:x:1:*:*:*:*:*:*:*", "https://www.acme.cn/about", "Zenith China Ltd",
        "Gamma Widgets GmbH", "Acme Network", "Nobody Knows",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == f"""\
ACME NETWORKS CO.,LTD (name)
  CN  Acme Networks Co., Ltd. [acme]
  method name, confidence 1.00, tier curated, matched on 'ACME NETWORKS CO.,LTD'
  entry {shipped}:2
  source https://example.org/acme
pkg:maven/cn.acme.core/x@1 (purl)
  CN  Acme Networks Co., Ltd. [acme]
  method purl_namespace, confidence 0.90, tier curated, matched on 'pkg:maven/cn.acme.core/x@1'
  entry {shipped}:2
  source https://example.org/acme
cpe:2.3:a:zenith:x:1:*:*:*:*:*:*:* (cpe)
  US  Zenith Systems Inc. [zenith]
  method cpe_vendor, confidence 0.95, tier curated, matched on 'cpe:2.3:a:zenith:x:1:*:*:*:*:*:*:*'
  entry {shipped}:12
  source https://example.org/zenith
https://www.acme.cn/about (domain)
  CN  Acme Networks Co., Ltd. [acme]
  method domain, confidence 0.85, tier curated, matched on 'acme.cn'
  entry {shipped}:2
  source https://example.org/acme
  hint: vendor domain acme.cn is under .cn (CN, China)
Zenith China Ltd (name)
  CN  Zenith China Ltd [zenith-china]
  method name, confidence 1.00, tier curated, matched on 'Zenith China Ltd'
  controlled from US by Zenith Systems Inc. [zenith]
  entry {shipped}:20
  source https://example.org/zenith-china
Gamma Widgets GmbH (name)
  DE  Gamma Widgets [oui:gamma-widgets]
  method name, confidence 0.60, tier oui, matched on 'Gamma Widgets GmbH'
  entry oui.csv:2
  source IEEE (test)
Acme Network (name)
  CN  Acme Networks Co., Ltd. [acme]
  method fuzzy_name, confidence 0.77, tier curated, matched on 'Acme Network'
  entry {shipped}:2
  source https://example.org/acme
Nobody Knows (name)
  unknown origin: no entry matches
"""
    )


def test_lookup_json(shipped: Path) -> None:
    result = _run("lookup", "--json", "Gamma Widget", "acme.cn")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {
            "query": "Gamma Widget", "kind": "name", "country": None, "controlling_country": None,
            "vendor": None, "vendor_id": None, "method": "none", "confidence": 0.0, "tier": None,
            "matched_on": None, "source": None, "entry": None,
            "candidates": [{"vendor_id": "oui:gamma-widgets", "vendor": "Gamma Widgets",
                            "country": "DE", "method": "fuzzy_name", "evidence": "Gamma Widget",
                            "score": 0.96}],
            "hints": [],
        },
        {
            "query": "acme.cn", "kind": "domain", "country": "CN", "controlling_country": "CN",
            "vendor": "Acme Networks Co., Ltd.", "vendor_id": "acme", "method": "domain",
            "confidence": 0.85, "tier": "curated", "matched_on": "acme.cn",
            "source": "https://example.org/acme", "entry": f"{shipped}:2", "candidates": [],
            "hints": ["vendor domain acme.cn is under .cn (CN, China)"],
        },
    ]  # fmt: skip


def test_lookup_with_a_user_layer_and_a_broken_one(shipped: Path, tmp_path: Path) -> None:
    layer = tmp_path / "mine"
    layer.mkdir()
    (layer / "v.yaml").write_text(
        "- id: nobody\n  name: Nobody Knows Ltd\n  country: NZ\n  categories: [router]\n"
        "  source: https://example.org/n\n  checked: 2026-11-23\n",
        encoding="utf-8",
    )
    result = _run("lookup", "--json", "--registry", str(layer), "Nobody Knows")
    assert [(a["vendor_id"], a["country"], a["tier"]) for a in json.loads(result.output)] == [
        ("nobody", "NZ", "user")
    ]
    (layer / "v.yaml").write_text("- id: [broken\n", encoding="utf-8")
    result = _run("lookup", "--registry", str(layer), "Acme")
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {layer / 'v.yaml'}: not valid UTF-8 YAML")


def test_stats(shipped: Path) -> None:
    result = _run("stats")
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == """\
Vendors by tier:
  curated       3
  user          0
  oui           1
  (1 OUI organisations left out: curated entries name them)
Vendors by country:
        curated     user      oui
  CN          2        0        0
  DE          0        0        1
  US          1        0        0
Vendors by category (curated and user):
  router              2
  firewall            1
  switch              1
"""
    )


def test_validate_passes_a_good_registry(shipped: Path) -> None:
    result = _run("validate")
    assert (result.exit_code, result.output) == (0, "ok: 3 vendors in 1 layer(s)\n")


def test_validate_lists_every_problem_with_file_and_line(shipped: Path, tmp_path: Path) -> None:
    layer = tmp_path / "broken"
    layer.mkdir()
    (layer / "a.yaml").write_text(
        "- id: one\n  name: One Ltd\n  country: XX\n  aliases: [Acme]\n  categories: [router]\n"
        "  source: https://example.org/1\n  checked: 2026-11-23\n"
        "- id: two\n  name: Two Ltd\n  country: US\n  domains: [www.two.com/x]\n"
        "  categories: [router]\n  checked: 2026-11-23\n"
        "- id: three\n  name: Three Ltd\n  country: US\n  aliases: [Zenith Systems]\n"
        "  cpe_vendors: [acmenet]\n  categories: [router]\n  source: https://example.org/3\n"
        "  checked: 2026-11-23\n",
        encoding="utf-8",
    )
    where = layer / "a.yaml"
    result = _run("validate", str(layer))
    assert result.exit_code == 1
    assert (
        result.output
        == f"""\
{where}:1: 'XX' is not an ISO 3166-1 alpha-2 country code
{where}:8: 'www.two.com/x' is not a registrable domain (write e.g. huawei.com, without scheme, path or www)
{where}:8: missing required field 'source'
{where}:14: 'Zenith Systems' of 'three' reads the same as 'Zenith Systems Inc.' of 'zenith' ({shipped}:12) once case, punctuation, legal forms and place prefixes are ignored; keep it under one vendor only
{where}:14: CPE vendor 'acmenet' is also claimed by 'acme' ({shipped}:2)
5 problem(s) found
"""
    )


def test_import_oui_prints_what_it_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "oui.csv"

    def fake_import(path: Path) -> OuiImportStats:
        return OuiImportStats(
            target=path, source="IEEE via netaddr 1.3.0", snapshot=dt.date(2024, 5, 28),
            entries=35_000, organisations=19_000, kept=18_000,
            dropped_entries={DropReason.PRIVATE: 91},
            dropped_organisations={DropReason.SHORT: 600, DropReason.GENERIC: 400},
            size_bytes=2_000_000,
        )  # fmt: skip

    monkeypatch.setattr("sbom_audit.cli_registry.import_oui", fake_import)
    result = _run("import-oui", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == f"""\
Wrote {target} (2,000,000 bytes)
Source: IEEE via netaddr 1.3.0, snapshot 2024-05-28
35,000 registrations of 19,000 organisations; 18,000 organisations kept
     600 organisations dropped: name too short
     400 organisations dropped: generic name
      91 registrations dropped: private registration
"""
    )
