"""The data that flows through every stage: items, origin matches, findings, inputs.

Readers produce `Item`s; the registry turns each into an `OriginMatch`; the policy assigns a
category and emits `Finding`s. Nothing here knows about file formats or third-party types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class ItemKind(StrEnum):
    """What an item stands for."""

    PRODUCT = "product"  # a procured product: one row of a procurement spreadsheet
    SBOM_SUBJECT = "sbom-subject"  # the product an SBOM describes (its metadata component)
    COMPONENT = "component"  # a software component listed in an SBOM


class OriginClass(StrEnum):
    DOMESTIC = "domestic"
    FOREIGN = "foreign"
    UNKNOWN = "unknown"


class MatchMethod(StrEnum):
    """How an item's vendor was tied to a registry entry, strongest evidence first."""

    CPE_VENDOR = "cpe_vendor"
    PURL_NAMESPACE = "purl_namespace"
    DOMAIN = "domain"
    NAME = "name"
    ALIAS = "alias"
    FUZZY_NAME = "fuzzy_name"
    NONE = "none"


class FindingStatus(StrEnum):
    """A finding compared with an earlier report (--baseline)."""

    NEW = "new"
    UNCHANGED = "unchanged"
    RESOLVED = "resolved"


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)


_SEVERITY_ORDER = list(Severity)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value came from: a spreadsheet cell row, or an element of an SBOM."""

    file: str
    sheet: str | None = None
    row: int | None = None  # 1-based, as Excel and text editors number rows
    ref: str | None = None  # CycloneDX bom-ref or SPDX SPDXID

    def describe(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.ref is not None:
            parts.append(f"ref {self.ref}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Item:
    """One procured product or software component, with every value as the input gave it."""

    kind: ItemKind
    name: str
    provenance: Provenance
    version: str | None = None
    model: str | None = None  # a product's model designation
    vendor: str | None = None  # manufacturer, else supplier/publisher/author, as written
    vendor_field: str | None = None  # which field or column `vendor` was taken from
    supplier: str | None = None  # reseller or supplier, when the input names one apart
    vendor_domains: tuple[str, ...] = ()  # registrable domains of the vendor's URLs and e-mails
    purl: str | None = None
    cpe: str | None = None
    category_text: str | None = None  # category as the input states it (column, SBOM type)
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    spend: Decimal | None = None
    currency: str | None = None
    encryption_disclosure: str | None = None  # reference of a filed disclosure, if any
    stated_origin: str | None = None  # country of origin as the input states it (a column)
    group: str | None = None  # CycloneDX group (e.g. a Maven groupId)
    swid: str | None = None  # SWID tag id
    hashes: tuple[str, ...] = ()  # "ALG:hexdigest", e.g. "SHA-256:9f86d0..."
    licenses: tuple[str, ...] = ()  # SPDX ids, expressions or licence names as given
    properties: tuple[tuple[str, str], ...] = ()  # (name, value) pairs
    external_refs: tuple[tuple[str, str], ...] = ()  # (type, url or locator)
    parent_ref: str | None = None  # ref of the element that contains this one, if any
    business_unit: str | None = None  # department, branch or entity that buys or uses it
    sbom_reference: str | None = None  # the product's SBOM as a spreadsheet names it (file, URL)


@dataclass(frozen=True, slots=True)
class Service:
    """A service an SBOM lists (CycloneDX `services`), kept for the checks that look at
    where data flows (endpoints outside the jurisdiction)."""

    name: str
    provenance: Provenance
    version: str | None = None
    provider: str | None = None
    endpoints: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A vendor some evidence pointed to: a rival of the chosen match, or one of several
    equally good fuzzy matches (which leave the origin unknown)."""

    vendor_id: str
    vendor_name: str
    country: str
    method: MatchMethod
    evidence: str  # the input value that pointed to it
    score: float  # the match's confidence (fuzzy: similarity in [0, 1])


@dataclass(frozen=True, slots=True)
class OriginMatch:
    """The registry's answer for one item. `method` NONE means unknown origin, never a guess."""

    method: MatchMethod
    vendor_id: str | None = None
    vendor_name: str | None = None
    country: str | None = None  # the vendor's own country
    controlling_country: str | None = None  # country of the top of its chain of parents
    matched_on: str | None = None  # the input value that matched (name, domain, purl, CPE)
    confidence: float = 0.0
    source: str | None = None  # public source of the country fact
    tier: str | None = None  # "curated", "oui" (IEEE registrations, low confidence) or a layer
    candidates: tuple[Candidate, ...] = ()  # conflicting or ambiguous other vendors
    hints: tuple[str, ...] = ()  # weak clues, reported but never used to decide

    @property
    def is_known(self) -> bool:
        return self.country is not None


UNKNOWN_ORIGIN = OriginMatch(method=MatchMethod.NONE)


@dataclass(frozen=True, slots=True)
class ItemLink:
    """Another item that describes the same product (a spreadsheet row and an SBOM)."""

    item_id: str
    basis: str  # why the two were linked, e.g. "SBOM column names tongweb-7.0.cdx.json"


@dataclass(frozen=True, slots=True)
class AuditedItem:
    """An item with its origin and category, as the policy sees it."""

    id: str
    item: Item
    origin: OriginMatch
    origin_class: OriginClass
    category: str | None
    category_basis: str
    # for an SBOM subject: the cryptographic components its SBOM lists, as evidence
    encryption_features: tuple[str, ...] = ()
    # encryption disclosures from a register (--disclosures) that match this item
    disclosures: tuple[str, ...] = ()
    links: tuple[ItemLink, ...] = ()  # items describing the same product


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    item_id: str
    message: str
    provenance: Provenance
    evidence: tuple[str, ...] = ()  # the facts the finding rests on, one per entry
    remediation: str | None = None  # what the auditor can do about it
    status: FindingStatus | None = None  # against a baseline report, when one was given
    # what a finding about no single item is about: a category code, a disclosure reference
    subject: str | None = None


@dataclass(frozen=True, slots=True)
class InputRecord:
    """What happened to one input file."""

    path: str
    sha256: str | None
    format: str | None
    item_count: int
    error: str | None = None
    warnings: tuple[str, ...] = ()
    validation_errors: tuple[str, ...] = ()  # schema errors, when validation was asked for


@dataclass(frozen=True, slots=True)
class Share:
    """Domestic / foreign / unknown tallies for one population, by item count and by spend."""

    items: int
    domestic: int
    foreign: int
    unknown: int
    spend: Decimal | None
    domestic_spend: Decimal | None
    foreign_spend: Decimal | None
    unknown_spend: Decimal | None

    @property
    def domestic_share_count(self) -> float | None:
        return _fraction(self.domestic, self.items)

    @property
    def unknown_share_count(self) -> float | None:
        return _fraction(self.unknown, self.items)

    @property
    def domestic_share_spend(self) -> float | None:
        if self.spend is None or self.domestic_spend is None:
            return None
        return _fraction(self.domestic_spend, self.spend)

    @property
    def unknown_share_spend(self) -> float | None:
        if self.spend is None or self.unknown_spend is None:
            return None
        return _fraction(self.unknown_spend, self.spend)

    @property
    def domestic_share_count_known(self) -> float | None:
        """Domestic among the items whose origin is known."""
        return _fraction(self.domestic, self.domestic + self.foreign)

    @property
    def domestic_share_count_bounds(self) -> tuple[float, float] | None:
        """(unknowns counted foreign, unknowns counted domestic)."""
        return _bounds(self.domestic, self.unknown, self.items)

    @property
    def domestic_share_spend_known(self) -> float | None:
        if self.domestic_spend is None or self.foreign_spend is None:
            return None
        return _fraction(self.domestic_spend, self.domestic_spend + self.foreign_spend)

    @property
    def domestic_share_spend_bounds(self) -> tuple[float, float] | None:
        if self.spend is None or self.domestic_spend is None or self.unknown_spend is None:
            return None
        return _bounds(self.domestic_spend, self.unknown_spend, self.spend)


def _fraction(part: int | Decimal, whole: int | Decimal) -> float | None:
    if not whole:
        return None
    return round(float(Decimal(part) / Decimal(whole)), 6)


def _bounds(
    domestic: int | Decimal, unknown: int | Decimal, whole: int | Decimal
) -> tuple[float, float] | None:
    low, high = _fraction(domestic, whole), _fraction(domestic + unknown, whole)
    return None if low is None or high is None else (low, high)


@dataclass(frozen=True, slots=True)
class FxRates:
    """Exchange rates the user gave: what one unit of each currency is worth in the
    reporting currency. Spend is never converted at a rate that is not here."""

    reporting_currency: str
    rates: dict[str, Decimal]
    source: str  # where the rates came from (the file given with --fx)
    as_of: str | None = None

    def rate(self, currency: str) -> Decimal | None:
        if currency == self.reporting_currency:
            return Decimal(1)
        return self.rates.get(currency)


@dataclass(frozen=True, slots=True)
class Summary:
    overall: Share
    by_kind: dict[str, Share]
    by_category: dict[str, Share]
    currency: str | None  # the one currency spend is summed in; None if none or unconvertible
    currencies: tuple[str, ...]
    findings_by_severity: dict[str, int]
    spend_by_currency: dict[str, Share] = field(default_factory=dict)  # in each own currency
    fx: FxRates | None = None  # the rates table the user gave, if any
    fx_rates_used: dict[str, Decimal] = field(default_factory=dict)
    spend_notes: tuple[str, ...] = ()  # why spend figures are left out or not converted
    by_business_unit: dict[str, Share] = field(default_factory=dict)
    by_sbom: dict[str, Share] = field(default_factory=dict)  # subject item id -> components


@dataclass(frozen=True, slots=True)
class AuditReport:
    tool_version: str
    policy_name: str
    policy_title: str
    registry_vendors: int
    registry_digest: str
    inputs: tuple[InputRecord, ...]
    items: tuple[AuditedItem, ...]
    services: tuple[Service, ...]
    findings: tuple[Finding, ...]
    summary: Summary
    baseline: str | None = None  # the earlier report the findings were compared with
    resolved_findings: tuple[Finding, ...] = ()  # in the baseline, gone from this audit

    @property
    def failed_inputs(self) -> tuple[InputRecord, ...]:
        return tuple(
            record for record in self.inputs if record.error is not None or record.validation_errors
        )
