from __future__ import annotations

import datetime as dt
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sbom_audit.errors import RegistryError
from sbom_audit.registry.normalize import normalize_name
from sbom_audit.registry.oui import (
    MIN_KEY_CHARACTERS,
    DropReason,
    OuiSource,
    aggregate,
    import_oui,
    load_oui_index,
    load_oui_tier,
    name_problem,
    parse_registrations,
    shipped_oui_path,
)

SNAPSHOT = dt.date(2024, 5, 28)
NOTE = "IEEE test excerpt (registrant address)"


def _entry(block: str, name: str, *address: str) -> str:
    lines = [f"{block}   (hex)\t\t{name}", f"{block.replace('-', '')}     (base 16)\t\t{name}"]
    lines += [f"\t\t\t\t{line}" for line in address]
    return "\r\n".join(lines) + "\r\n\r\n"


HEADER = (
    "OUI/MA-L                                Organization    \r\n"
    "company_id                              Organization    \r\n"
    "                                        Address         \r\n\r\n"
)
# The first entry has a whitespace-only line before its country: a split on blank lines
# would cut it there and lose "CN".
MA_L = HEADER + "".join(
    [
        _entry("00-00-01", "ACME NETWORKS CO.,LTD", "No. 1 Road", "", "Shenzhen  518000", "CN"),
        _entry("00-00-02", "ACME NETWORKS CO.,LTD", "No. 1 Road", "Shenzhen  518000", "CN"),
        _entry("00-00-03", "Acme Networks Co., Ltd.", "No. 1 Road", "Shenzhen  518000", "CN"),
        _entry("00-00-04", "Private"),
        *(
            _entry(f"00-00-1{n}", "Globex Instruments Inc", "1 Way", "Austin TX", "US")
            for n in range(4)
        ),
        _entry("00-00-14", "Globex Instruments Inc", "2 Lane", "Leeds", "GB"),
        _entry("00-00-20", "Initech Devices GmbH", "1 Strasse", "Berlin", "DE"),
        _entry("00-00-21", "Initech Devices GmbH", "1 Rue", "Paris", "FR"),
        *(_entry(f"00-00-3{n}", "Umbrella Photonics AG", "1 Gasse", "Zug", "CH") for n in range(3)),
        _entry("00-00-33", "Umbrella Photonics AG", "1 Strasse", "Munich", "DE"),
        _entry("00-00-40", "ZTE Corporation", "ZTE Plaza", "Shenzhen", "CN"),
        _entry("00-00-41", "8086 Inc.", "1 Road", "Dublin", "IE"),
        _entry("00-00-42", "Digital Systems Co., Ltd.", "1 Road", "Taipei", "TW"),
        _entry("00-00-43", "Nowhere Ltd", "1 Road", "GERMANY"),
        _entry("00-00-44", "Old Yugo Telecom d.o.o.", "1 Ulica", "Beograd", "YU"),
    ]
)
IAB = (
    "OUI                          Organization\r\n"
    "IAB Range                    Organization\r\n"
    "                             Address\r\n\r\n"
    "00-50-C2                      (hex)                         Vandelay Industries        \r\n"
    "ABC000-ABCFFF                 (base 16)                     Vandelay Industries        \r\n"
    "                                                            1 Main Street              \r\n"
    "                                                            New York  NY  10001        \r\n"
    "                                                            US                         \r\n"
    "\r\n"
)


@pytest.fixture
def source(tmp_path: Path) -> OuiSource:
    (tmp_path / "oui.txt").write_bytes(MA_L.encode("utf-8"))
    (tmp_path / "iab.txt").write_bytes(IAB.encode("utf-8"))
    return OuiSource((tmp_path / "oui.txt", tmp_path / "iab.txt"), NOTE, SNAPSHOT)


def test_entries_are_split_on_hex_headers_not_on_blank_lines() -> None:
    registrations = parse_registrations(MA_L, "oui.txt")
    assert len(registrations) == MA_L.count("(hex)") == 20
    first = registrations[0]
    assert (first.block, first.organisation, first.country) == (
        "00-00-01",
        "ACME NETWORKS CO.,LTD",
        "CN",
    )
    assert registrations[3].organisation == "Private"
    assert registrations[3].country == ""
    assert registrations[-2].country == ""  # "GERMANY" is not a code


def test_iab_layout_is_parsed_too() -> None:
    (registration,) = parse_registrations(IAB, "iab.txt")
    assert (registration.block, registration.organisation, registration.country) == (
        "00-50-C2",
        "Vandelay Industries",
        "US",
    )


def test_a_file_without_headers_is_rejected() -> None:
    with pytest.raises(RegistryError, match=r"^notes\.txt: no 'XX-XX-XX \(hex\)' lines"):
        parse_registrations("just some\ntext\n", "notes.txt")


def test_zero_width_characters_are_removed_from_names() -> None:
    text = _entry("00-00-01", "\u200bAsung  Techno Co.,Ltd", "1 Road", "Seoul", "KR")
    assert parse_registrations(text, "x")[0].organisation == "Asung Techno Co.,Ltd"


def test_aggregation_keeps_clear_countries_and_counts_what_it_drops() -> None:
    registrations = parse_registrations(MA_L, "oui.txt") + parse_registrations(IAB, "iab.txt")
    kept, dropped_entries, dropped_organisations = aggregate(registrations)
    rows = {org.key: (org.name, org.country, org.registrations, org.share) for org in kept}
    assert rows == {
        normalize_name("Acme Networks"): ("ACME NETWORKS CO.,LTD", "CN", 3, "1.000"),
        normalize_name("Globex Instruments"): ("Globex Instruments Inc", "US", 5, "0.800"),
        normalize_name("Vandelay Industries"): ("Vandelay Industries", "US", 1, "1.000"),
    }
    assert dropped_entries == {
        DropReason.PRIVATE: 1,
        DropReason.NO_COUNTRY: 1,
        DropReason.NOT_ISO: 1,
    }
    assert dropped_organisations == {
        DropReason.UNCLEAR: 2,  # Initech 1:1, Umbrella 3:1 (75%)
        DropReason.SHORT: 1,  # zte
        DropReason.NUMBER: 1,  # 8086
        DropReason.GENERIC: 1,  # digital systems
    }


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("zte", DropReason.SHORT),
        ("a d", DropReason.SHORT),
        ("3 m", DropReason.SHORT),
        ("8086", DropReason.NUMBER),
        ("3 1 4 1", DropReason.NUMBER),
        ("digital systems", DropReason.GENERIC),
        ("square", DropReason.GENERIC),
        ("s i tech", DropReason.GENERIC),
        ("shenzhen technology", DropReason.GENERIC),
        ("dell", None),
        ("huawei technologies", None),
        ("aztech electronics", None),
        ("echo360", None),
    ],
)
def test_name_safety(key: str, reason: DropReason | None) -> None:
    assert name_problem(key) is reason


def test_import_is_deterministic_whatever_the_file_order(source: OuiSource, tmp_path: Path) -> None:
    first, second, reversed_ = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    stats = import_oui(first, source)
    import_oui(second, source)
    import_oui(reversed_, OuiSource(source.files[::-1], NOTE, SNAPSHOT))
    assert first.read_bytes() == second.read_bytes() == reversed_.read_bytes()
    assert stats.size_bytes == len(first.read_bytes())
    assert (stats.entries, stats.organisations, stats.kept) == (21, 8, 3)
    assert first.read_text(encoding="utf-8").splitlines()[:2] == [
        "key,name,country,registrations,share,source,snapshot",
        f'{normalize_name("Acme Networks")},"ACME NETWORKS CO.,LTD",CN,3,1.000,{NOTE},2024-05-28',
    ]


def test_load_round_trip(source: OuiSource, tmp_path: Path) -> None:
    target = tmp_path / "oui" / "orgs.csv"
    import_oui(target, source)
    vendors = {vendor.name: vendor for vendor in load_oui_tier(target)}
    globex = vendors["Globex Instruments Inc"]
    assert globex.id == "oui:" + normalize_name("Globex Instruments").replace(" ", "-")
    assert (globex.country, globex.tier, globex.source, globex.checked) == (
        "US",
        "oui",
        NOTE,
        SNAPSHOT,
    )
    assert globex.categories == globex.aliases == globex.domains == ()
    assert globex.parent is None
    assert globex.notes is not None and globex.notes.startswith("80% of 5 IEEE registration(s)")
    assert globex.defined_at.startswith(f"{target.resolve()}:")
    index = load_oui_index(target)
    assert index.by_id(globex.id) == globex
    assert index.by_id("cisco") is None


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("acme,Acme,CN,1,1.000,src", "expected 7 fields, found 6"),
        ("acme,Acme,XX,1,1.000,src,2024-05-28", "'XX' is not an ISO 3166-1 alpha-2 country code"),
        ("acme,Acme,CN,one,1.000,src,2024-05-28", "registrations 'one' or share '1.000'"),
        ("acme,Acme,CN,1,1.000,src,May 2024", "snapshot 'May 2024' is not an ISO date"),
        ("acme-x,Acme,CN,1,1.000,src,2024-05-28", "not normalised"),
    ],
)
def test_a_bad_row_names_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "orgs.csv"
    header = "key,name,country,registrations,share,source,snapshot"
    good = "beta,Beta,DE,1,1.000,src,2024-05-28"
    path.write_text(f"{header}\n{good}\n{row}\n", encoding="utf-8")
    with pytest.raises(RegistryError) as raised:
        load_oui_tier(path)
    assert str(raised.value).startswith(f"{path.resolve()}:3: ")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("key,name\nacme,Acme\n", ":1: expected the columns key,name,country,"),
        ("", ":1: expected the columns"),
        (
            "key,name,country,registrations,share,source,snapshot\n"
            "acme,A,CN,1,1.000,s,2024-05-28\nacme,B,CN,1,1.000,s,2024-05-28\n",
            ":3: key 'acme' appears twice",
        ),
    ],
)
def test_a_bad_file_is_rejected(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_oui_index(path)


_NAMES = st.text(alphabet="ABCXYZabcxyz0189 .,&()-", min_size=1, max_size=40).filter(str.strip)
_ADDRESS = st.lists(
    st.text(alphabet="abcXYZ019 ,.#", max_size=30).map(lambda line: "1 " + line),  # never a code
    max_size=3,
)
_ENTRY = st.tuples(_NAMES, _ADDRESS, st.sampled_from(["CN", "US", "DE", None]), st.booleans())


@settings(max_examples=200, deadline=None)
@given(st.lists(_ENTRY, min_size=1, max_size=12), st.sampled_from(["\r\n", "\n"]))
def test_parsing_any_well_formed_file(
    entries: list[tuple[str, list[str], str | None, bool]], newline: str
) -> None:
    text = HEADER
    for number, (name, address, country, whitespace_line) in enumerate(entries):
        lines = [*address, *(["  \t "] if whitespace_line else []), *([country] if country else [])]
        text += _entry(f"0A-00-{number:02X}", name, *lines)
    registrations = parse_registrations(text.replace("\r\n", newline), "oui.txt")
    assert [(r.organisation, r.country) for r in registrations] == [
        (" ".join(name.split()), country or "") for name, _, country, _ in entries
    ]


# The shipped file, generated from netaddr's copy of the IEEE registries.


@pytest.fixture(scope="module")
def shipped() -> Path:
    return shipped_oui_path()


def test_shipped_file_is_what_the_import_writes_today(shipped: Path, tmp_path: Path) -> None:
    pytest.importorskip("netaddr")
    installed = f"via netaddr {metadata.version('netaddr')}"
    if installed not in shipped.read_text(encoding="utf-8").splitlines()[1]:
        pytest.skip(f"the shipped file was not made {installed}; regenerate it to compare")
    fresh = tmp_path / "fresh.csv"
    import_oui(fresh)
    assert fresh.read_bytes() == shipped.read_bytes(), (
        "data/vendor_origins/oui/oui-organisations.csv is stale (normalize_name or the import "
        "rules changed): regenerate it with `sbom-audit registry import-oui`"
    )


@pytest.mark.parametrize(
    ("spelling", "country"),
    [
        ("HUAWEI TECHNOLOGIES CO.,LTD", "CN"),
        ("Huawei Technologies Co., Ltd.", "CN"),
        ("Cisco Systems, Inc", "US"),  # one of its 1,120 registrations gives GB
        ("Apple, Inc.", "US"),
        ("Samsung Electronics Co.,Ltd", "KR"),
        ("Aztech Electronics Pte Ltd", "SG"),
    ],
)
def test_shipped_countries(shipped: Path, spelling: str, country: str) -> None:
    assert load_oui_index(shipped)[normalize_name(spelling)].country == country


def test_shipped_file_keeps_a_majority_country_and_drops_unsafe_names(shipped: Path) -> None:
    index = load_oui_index(shipped)
    cisco = index[normalize_name("Cisco Systems, Inc")]
    assert cisco.notes is not None and cisco.notes.startswith("99.9% of 1120 ")
    for absent in ("zte", "private", "nokia", "hillstone networks", "data", "square"):
        assert absent not in index, absent


def test_every_shipped_row_is_valid_and_safe(shipped: Path) -> None:
    vendors = load_oui_tier(shipped)
    assert len(vendors) == len(shipped.read_text(encoding="utf-8").splitlines()) - 1 > 19_000
    assert len({vendor.id for vendor in vendors}) == len(vendors)
    for key in load_oui_index(shipped):
        assert sum(c.isalnum() for c in key) >= MIN_KEY_CHARACTERS, key
        assert name_problem(key) is None, key
    assert {vendor.tier for vendor in vendors} == {"oui"}
    assert {vendor.checked for vendor in vendors} == {SNAPSHOT}
