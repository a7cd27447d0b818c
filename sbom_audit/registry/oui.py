"""A second, lower-confidence registry tier built from the IEEE OUI registrations.

IEEE's MA-L and IAB registries list each organisation that bought a block of MAC addresses,
with a postal address whose last line is an ISO country code. `import_oui` turns the copies
bundled with netaddr into one CSV row per organisation; `load_oui_tier` reads it back as
`Vendor`s with `tier="oui"`.

The country is the registrant's address, not the headquarters (some Cisco blocks are
registered in GB, Tuya's in US), so the tier is weaker than the curated one: it is matched by
exact normalised name only and never overrides a curated entry. The import keeps only names
that are safe to match exactly and countries that are clear.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pycountry

from sbom_audit.errors import RegistryError
from sbom_audit.registry.loader import shipped_registry_dir
from sbom_audit.registry.normalize import normalize_name
from sbom_audit.registry.vendor import Vendor

OUI_FILE = Path("oui") / "oui-organisations.csv"
TIER = "oui"
ID_PREFIX = "oui:"

# An organisation keeps its country when all its registrations agree, or when at least this
# share of them does (with one dissenting block that means >= 5 registrations). In the 2024
# data 203 organisations give more than one country: 45 reach 0.8 (Cisco, Samsung, Ericsson);
# 103 of the 117 below 2/3 are a 1:1 split, and between 2/3 and 0.8 the majority is often not
# the home country (Nokia 57% CA, NXP 67% US, Laird 71% TW). Errors above 0.8 come from the
# registrant not being the headquarters (TP-Link 82% HK, Tuya 91% US), which no threshold fixes.
MIN_MAJORITY_SHARE = 0.8
# Normalised names with fewer letters and digits than this are acronyms that many unrelated
# firms share (ZTE, TCL, NEC, ABB, "a d"); the curated registry carries the real ones.
MIN_KEY_CHARACTERS = 4

# The data files carry no date; the release date of the netaddr version bounds the snapshot.
_NETADDR_RELEASES = {"1.3.0": dt.date(2024, 5, 28)}
_COLUMNS = ("key", "name", "country", "registrations", "share", "source", "snapshot")
_HEADER = re.compile(r"^([0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){2})\s+\(hex\)(.*)$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_PRIVATE = "private"
_KEY = re.compile(r"^[^\s,\"-]+(?: [^\s,\"-]+)*$")  # single spaces; no hyphen, comma, quote
_SHARE = re.compile(r"^(?:0\.\d{3}|1\.000)$")

# A name made only of these words (or of single letters) says what a firm does or where, not
# who it is: "Digital Systems", "Shenzhen Technology", "Data", "Square". Such a name is shared
# by unrelated firms in several countries, so an exact match would still be a guess. The
# everyday words and personal names were found by reviewing every one-word name in the 2024
# snapshot that is also a frequent English word; household brand names were left out.
_GENERIC_TEXT = """
    access advanced and app applied apps associates audio automation automotive best broadband
    business cable cables cloud co comm comms communication communications company computer
    computers computing consulting control controls corp corporation creation creations
    creative data design designs development device devices digital display displays
    distribution electric electrical electronic electronica electronics electronique elektronik
    eletronica embedded energy engineering enterprise enterprises equipment export first for
    future general global group hi high holding holdings home iot imaging import in inc
    industria industrial industrie industries industry info information innovation innovations
    innovative institute instrument instrumentation instruments integrated intelligence
    intelligent international internet intl it lab laboratories laboratory labs lighting
    limited link links logic ltd machine machinery machines management manufacturing marketing
    measurement media medical mesh micro microelectronics microsystems mobile motor motors
    multimedia net network networking networks new of one online optical optics
    optoelectronics partners photonics plus power premier prime pro product products radio
    research robotics sales science sciences scientific security semiconductor semiconductors
    sensor sensors service services signal signals sistemas smart software solution solutions
    star storage supply system systeme systemes systems tech technical techniques techno
    technologies technology tecnica tecnologia tecnologias telecom telecommunication
    telecommunications telecoms test testing the trade trading united universal video vision
    web wifi wire wireless work works world

    anhui beijing changsha changzhou chengdu chongqing dongguan foshan fujian fuzhou guangdong
    guangxi guangzhou hangzhou hebei hefei henan huizhou hubei hunan jiangsu jinan kunshan
    ningbo qingdao shandong shanghai shenzhen sichuan suzhou tianjin wuhan wuxi xiamen yunnan
    zhejiang zhongshan zhuhai

    ambient ants apex apollo appear april atomic atop avatar aware base basic beacon brain
    brains bright came canal carrier catcher cats central century cherry chip code coherent
    connect continental core coup crypto cuff deck digit disco escort evident excel fast
    flash fluent force fresh gateway glory goal hello human humane interface leaf linear
    logical lord marshal matrix mercury meter minds muscle neon next onion origin palm
    parallels pathway poly quantum quirky radius raid rational relay resilience ring root
    round sage seal shift sigma skipper snap spark square stretch sunshine supervision taco
    that there tide toast union utility vita warehouse wave wide yoga
    andrew curtis edwards goodman harris jean mccain robinson sims
"""
_GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())


class DropReason(StrEnum):
    PRIVATE = "private registration"
    NO_NAME = "no organisation name"
    NO_COUNTRY = "no country code in the address"
    NOT_ISO = "country code not in ISO 3166-1"
    SHORT = "name too short"
    NUMBER = "name is a number"
    GENERIC = "generic name"
    UNCLEAR = "country unclear"


@dataclass(frozen=True, slots=True)
class Registration:
    block: str  # "00-1B-54"; an IAB entry repeats the IEEE block it was carved from
    organisation: str
    country: str  # last address line when it is two capital letters, else ""


@dataclass(frozen=True, slots=True)
class OuiOrganisation:
    key: str  # normalize_name() of the organisation
    name: str  # its most frequent spelling
    country: str
    registrations: int
    majority: int  # registrations that give `country`

    @property
    def share(self) -> str:
        """The majority's share, rounded down to 3 decimals: "1.000" only when unanimous."""
        thousandths = self.majority * 1000 // self.registrations
        return f"{thousandths // 1000}.{thousandths % 1000:03d}"


@dataclass(frozen=True, slots=True)
class OuiSource:
    files: tuple[Traversable, ...]
    note: str  # written into every row and shown as the vendor's source
    snapshot: dt.date


@dataclass(frozen=True)
class OuiImportStats:
    target: Path
    source: str
    snapshot: dt.date
    entries: int
    organisations: int
    kept: int
    dropped_entries: Mapping[DropReason, int]
    dropped_organisations: Mapping[DropReason, int]
    size_bytes: int


def netaddr_source() -> OuiSource:
    """The MA-L and IAB files bundled with the installed netaddr (never downloaded)."""
    try:
        version = metadata.version("netaddr")
        folder = resources.files("netaddr.eui")
    except (metadata.PackageNotFoundError, ModuleNotFoundError) as exc:
        raise RegistryError("netaddr is not installed; run: pip install netaddr") from exc
    snapshot = _NETADDR_RELEASES.get(version)
    if snapshot is None:
        raise RegistryError(
            f"{folder}: netaddr {version} has no known snapshot date; add its release date "
            "to _NETADDR_RELEASES in sbom_audit/registry/oui.py"
        )
    return OuiSource(
        files=(folder / "oui.txt", folder / "iab.txt"),
        note=f"IEEE MA-L/IAB registry (registrant address) via netaddr {version}",
        snapshot=snapshot,
    )


def import_oui(target: Path, source: OuiSource | None = None) -> OuiImportStats:
    """Write the organisations of the IEEE registries whose name and country are safe to use."""
    source = source or netaddr_source()
    registrations: list[Registration] = []
    for file in source.files:
        registrations.extend(parse_registrations(_read(file), str(file)))
    organisations, dropped_entries, dropped_organisations = aggregate(registrations)
    size = write_organisations(organisations, target, source)
    return OuiImportStats(
        target=target,
        source=source.note,
        snapshot=source.snapshot,
        entries=len(registrations),
        organisations=len(organisations) + sum(dropped_organisations.values()),
        kept=len(organisations),
        dropped_entries=dropped_entries,
        dropped_organisations=dropped_organisations,
        size_bytes=size,
    )


def parse_registrations(text: str, where: str) -> list[Registration]:
    """One registration per `XX-XX-XX   (hex)` header line.

    Entries are not split on blank lines: some contain whitespace-only lines before their
    country line, and splitting there loses the country.
    """
    registrations: list[Registration] = []
    block = organisation = ""
    address: list[str] | None = None
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header is not None:
            if address is not None:
                registrations.append(_registration(block, organisation, address))
            block, organisation, address = header[1].upper(), _clean(header[2]), []
        elif address is not None and "(base 16)" not in line and line.strip():
            address.append(line.strip())
    if address is None:
        raise RegistryError(f"{where}: no 'XX-XX-XX (hex)' lines; not an IEEE registry file")
    registrations.append(_registration(block, organisation, address))
    return registrations


def _registration(block: str, organisation: str, address: list[str]) -> Registration:
    last = address[-1] if address else ""
    return Registration(block, organisation, last if _COUNTRY.match(last) else "")


def _clean(name: str) -> str:
    """Drop invisible format characters (a zero-width space was seen) and extra spaces."""
    visible = "".join(c for c in name if unicodedata.category(c) != "Cf")
    return " ".join(visible.split())


def aggregate(
    registrations: Iterable[Registration],
) -> tuple[list[OuiOrganisation], Counter[DropReason], Counter[DropReason]]:
    """Group registrations by normalised name and keep the organisations that are safe.

    Returns the kept organisations sorted by key, the registrations dropped before grouping
    and the organisations dropped after it, each counted by reason.
    """
    dropped_entries: Counter[DropReason] = Counter()
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for registration in registrations:
        reason = _entry_problem(registration)
        if reason is not None:
            dropped_entries[reason] += 1
            continue
        key = normalize_name(registration.organisation)
        countries[key][registration.country] += 1
        spellings[key][registration.organisation] += 1
    kept: list[OuiOrganisation] = []
    dropped_organisations: Counter[DropReason] = Counter()
    for key in sorted(countries):
        decision = _decide(key, countries[key], spellings[key])
        if isinstance(decision, DropReason):
            dropped_organisations[decision] += 1
        else:
            kept.append(decision)
    return kept, dropped_entries, dropped_organisations


def _entry_problem(registration: Registration) -> DropReason | None:
    if not registration.organisation:
        return DropReason.NO_NAME
    if registration.organisation.casefold() == _PRIVATE:
        return DropReason.PRIVATE
    if not registration.country:
        return DropReason.NO_COUNTRY
    if registration.country not in _iso_countries():
        return DropReason.NOT_ISO
    return None


def _decide(
    key: str, countries: Counter[str], spellings: Counter[str]
) -> OuiOrganisation | DropReason:
    reason = name_problem(key)
    if reason is not None:
        return reason
    total = sum(countries.values())
    country, majority = min(countries.items(), key=lambda item: (-item[1], item[0]))
    if majority < total and majority < MIN_MAJORITY_SHARE * total:
        return DropReason.UNCLEAR
    name = min(spellings, key=lambda spelling: (-spellings[spelling], spelling))
    return OuiOrganisation(key, name, country, total, majority)


def name_problem(key: str) -> DropReason | None:
    """Why a normalised name is unsafe to match exactly, or None when it is safe."""
    words = key.split()
    if sum(c.isalnum() for c in key) < MIN_KEY_CHARACTERS:
        return DropReason.SHORT
    if "".join(words).isdigit():
        return DropReason.NUMBER
    if all(len(word) == 1 or word in _GENERIC_WORDS for word in words):
        return DropReason.GENERIC
    return None


def write_organisations(
    organisations: Iterable[OuiOrganisation], target: Path, source: OuiSource
) -> int:
    """Write the sorted CSV (same input, same bytes) and return its size in bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_COLUMNS)
    snapshot = source.snapshot.isoformat()
    for org in sorted(organisations, key=lambda o: o.key):
        if not _KEY.match(org.key):
            raise RegistryError(f"{target}: normalised name {org.key!r} cannot be a CSV key")
        writer.writerow(
            (org.key, org.name, org.country, org.registrations, org.share, source.note, snapshot)
        )
    data = buffer.getvalue().encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return len(data)


def shipped_oui_path() -> Path:
    """The OUI tier that ships with sbom-audit."""
    return shipped_registry_dir() / OUI_FILE


class OuiTier(Mapping[str, Vendor]):
    """The organisations of an `import_oui` CSV keyed by normalised name, as stored.

    Reading indexes the lines by key only; a row is parsed, checked and turned into a `Vendor`
    on first access, because doing that for all 20k rows takes longer than a run should wait.
    `load_oui_tier` and the tests check every row.
    """

    def __init__(self, path: Path, lines: list[str], rows: dict[str, int]) -> None:
        self.path = path
        self._lines = lines
        self._rows = rows  # key -> index into lines
        self._built: dict[str, Vendor] = {}

    def __getitem__(self, key: str) -> Vendor:
        vendor = self._built.get(key)
        if vendor is None:
            index = self._rows[key]
            fields = next(csv.reader((self._lines[index],)))
            where = f"{self.path}:{index + 1}"
            problem = _row_problem(key, fields)
            if problem is not None:
                raise RegistryError(f"{where}: {problem}")
            vendor = self._built[key] = _vendor(fields, where)
        return vendor

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def by_id(self, vendor_id: str) -> Vendor | None:
        """The vendor with this `oui:` id (ids are the key with hyphens for spaces)."""
        if not vendor_id.startswith(ID_PREFIX):
            return None
        key = vendor_id.removeprefix(ID_PREFIX).replace("-", " ")
        return self[key] if key in self._rows else None


def load_oui_index(path: Path) -> OuiTier:
    """The OUI tier in `path`, read once per process for each version of the file."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the OUI tier: {exc}") from exc
    return _load(path.resolve(), stat.st_mtime_ns, stat.st_size)


def load_oui_tier(path: Path) -> list[Vendor]:
    """Every organisation of the OUI tier as a vendor of tier "oui", each row checked."""
    return list(load_oui_index(path).values())


@lru_cache(maxsize=4)
def _load(path: Path, _mtime_ns: int, _size: int) -> OuiTier:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read the OUI tier: {exc}") from exc
    if not lines or lines[0] != ",".join(_COLUMNS):
        raise RegistryError(
            f"{path}:1: expected the columns {','.join(_COLUMNS)}; "
            "regenerate the file with `sbom-audit registry import-oui`"
        )
    rows: dict[str, int] = {}
    for index in range(1, len(lines)):
        key = lines[index].partition(",")[0]  # keys hold no comma or quote (see _KEY)
        if not key or key in rows:
            problem = "empty key" if not key else f"key {key!r} appears twice"
            raise RegistryError(f"{path}:{index + 1}: {problem}")
        rows[key] = index
    return OuiTier(path, lines, rows)


def _row_problem(key: str, fields: list[str]) -> str | None:
    if len(fields) != len(_COLUMNS):
        return f"expected {len(_COLUMNS)} fields, found {len(fields)}"
    _, name, country, registrations, share, source, snapshot = fields
    if fields[0] != key or not _KEY.match(key) or not name or not source:
        return f"key {fields[0]!r}, name or source is empty or not normalised"
    if country not in _iso_countries():
        return f"{country!r} is not an ISO 3166-1 alpha-2 country code"
    if not registrations.isdigit() or not _SHARE.match(share):
        return f"registrations {registrations!r} or share {share!r} is not a number"
    try:
        _parse_date(snapshot)
    except ValueError:
        return f"snapshot {snapshot!r} is not an ISO date"
    return None


def _vendor(fields: list[str], where: str) -> Vendor:
    key, name, country, registrations, share, source, snapshot = fields
    return Vendor(
        id=ID_PREFIX + key.replace(" ", "-"),
        name=name,
        country=country,
        parent=None,
        aliases=(),
        domains=(),
        cpe_vendors=(),
        purl_namespaces=(),
        categories=(),  # the registry says nothing about what an organisation sells
        source=source,
        checked=_parse_date(snapshot),
        notes=(
            f"{float(share) * 100:g}% of {registrations} IEEE registration(s) give {country}; "
            "the registrant may be a subsidiary or sales office, not the headquarters"
        ),
        defined_at=where,
        tier=TIER,
    )


@cache
def _iso_countries() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


@cache
def _parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _read(file: Traversable) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{file}: cannot read the IEEE registry file: {exc}") from exc
