"""One piece of evidence for a vendor, and how much each kind is trusted."""

from __future__ import annotations

from dataclasses import dataclass

from sbom_audit.model import Candidate, MatchMethod
from sbom_audit.registry.vendor import Vendor

# How sure a match of each kind is: an identifier assigned to the vendor (CPE token, purl
# namespace) or a name written out in full is strong; a domain can belong to a reseller.
CONFIDENCE = {
    MatchMethod.CPE_VENDOR: 0.95,
    MatchMethod.PURL_NAMESPACE: 0.9,
    MatchMethod.DOMAIN: 0.85,
    MatchMethod.NAME: 1.0,
    MatchMethod.ALIAS: 0.95,
}
CPE_AS_NAME_CONFIDENCE = 0.8  # a CPE vendor token made from a company name ("oracle_corporation")
OUI_CONFIDENCE = 0.6  # an exact name of the OUI tier: the registrant's address, not its seat
FUZZY_WEIGHT = 0.8  # a similar-name match's confidence is this times the similarity


@dataclass(frozen=True, slots=True)
class Hit:
    vendor: Vendor
    method: MatchMethod
    evidence: str  # the input value that pointed to the vendor
    confidence: float
    similarity: float | None = None  # of a similar name

    def candidate(self) -> Candidate:
        return Candidate(
            vendor_id=self.vendor.id,
            vendor_name=self.vendor.name,
            country=self.vendor.country,
            method=self.method,
            evidence=self.evidence,
            score=self.confidence if self.similarity is None else self.similarity,
        )
