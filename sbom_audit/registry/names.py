"""The name steps of the cascade: the exact normalised name or alias, then a similar name.

Exact: a curated or user entry's name or alias, else an OUI-tier organisation's name. An OUI
name must be written in at least two words ("Array" alone is a word, "Array Corporation" a
company) and must not begin curated names of another country ("Motorola"); otherwise the
organisation is only listed as a candidate. A name with a
bracketed part ("华为技术有限公司(Huawei)", "Palo Alto Networks（派拓网络）") is also tried
as the part outside and the part inside the brackets.

Similar (only when no exact name is found): the normalised name is compared with every
normalised name of every tier (fuzzy.py). A similar name matches only when all of these hold:
the normalised input has at least FUZZY_MIN_LENGTH letters (FUZZY_MIN_LENGTH_HAN Chinese
characters); the best name's similarity is at least FUZZY_THRESHOLD; its digits are the same;
its distinctive part (the name without industry words) differs by few enough letters for its
length; no other vendor's name is within FUZZY_MARGIN of it; no vendor of another country
reaches FUZZY_THRESHOLD; and the best name is not an OUI organisation's. Otherwise the origin is
unknown and the close names are listed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sbom_audit.model import Candidate, MatchMethod
from sbom_audit.registry.evidence import CONFIDENCE, FUZZY_WEIGHT, OUI_CONFIDENCE, Hit
from sbom_audit.registry.fuzzy import Similar, distinctive_part, drop_misspelt_legal_form, edits
from sbom_audit.registry.index import Registry
from sbom_audit.registry.normalize import has_han, normalize_name, word_count
from sbom_audit.registry.vendor import Vendor

FUZZY_THRESHOLD = 0.9  # least similarity (rapidfuzz fuzz.ratio / 100) for a match
FUZZY_MARGIN = 0.05  # a rival this close to the best makes a similar-name match ambiguous
# Shorter normalised names are never compared by similarity: one letter changes everything.
# The same holds for what is left of them without industry words (the distinctive part).
FUZZY_MIN_LENGTH = 6
FUZZY_MIN_LENGTH_HAN = 4
FUZZY_MIN_DISTINCTIVE = 4
FUZZY_MIN_DISTINCTIVE_HAN = 2

_DIGITS = re.compile(r"\d+")
_OPEN, _CLOSE = re.escape("(（[【"), re.escape(")）]】")
_BRACKETED = re.compile(rf"^([^{_OPEN}{_CLOSE}]*)[{_OPEN}]([^{_OPEN}{_CLOSE}]+)[{_CLOSE}](.*)$")

Outcome = tuple[list[Hit], tuple[Candidate, ...]]  # (the match, if any), (ambiguous candidates)


class NameMatcher:
    def __init__(self, registry: Registry, cache_size: int = 65536) -> None:
        self._registry = registry
        self._cached_similar = lru_cache(maxsize=cache_size)(self._similar)

    def match(self, vendor: str) -> Outcome:
        exact = self._exact(vendor, vendor)
        if exact is None:
            exact = self._by_bracketed_parts(vendor)
        if exact is not None:
            return exact
        key = drop_misspelt_legal_form(normalize_name(vendor))
        match, ambiguous = self._cached_similar(key)
        return (
            [self._similar_hit(found, vendor) for found in match],
            tuple(self._similar_hit(found, vendor).candidate() for found in ambiguous),
        )

    def _exact(self, spelling: str, evidence: str) -> Outcome | None:
        key = normalize_name(spelling)
        found = self._registry.vendor_for_key(key)
        if found is None:
            return None
        entry, method = found
        if entry.tier != "oui":
            return [Hit(entry, method, evidence, CONFIDENCE[method])], ()
        hits, candidates = self._by_oui_name(key, Hit(entry, method, evidence, OUI_CONFIDENCE))
        if word_count(spelling) < 2:  # a bare word ("Array"): listed, never a match
            return [], candidates or tuple(hit.candidate() for hit in hits)
        return hits, candidates

    def _by_oui_name(self, key: str, hit: Hit) -> Outcome:
        """An OUI name that begins curated names of another country is a shared brand
        ("Motorola": Mobility is Lenovo's, Solutions is American): ambiguous."""
        others = [
            Hit(self._registry.vendors[vendor_id], method, hit.evidence, OUI_CONFIDENCE)
            for vendor_id, method in self._registry.leading_words.get(key, ())
        ]
        if all(other.vendor.country == hit.vendor.country for other in others):
            return [hit], ()
        return [], tuple(candidate.candidate() for candidate in (hit, *others))

    def _by_bracketed_parts(self, vendor: str) -> Outcome | None:
        parts = _BRACKETED.match(vendor.strip())
        if parts is None:
            return None
        outside = f"{parts[1]} {parts[3]}".strip()
        hits = [
            hit
            for part in (outside, parts[2].strip())
            if part and (found := self._exact(part, vendor)) is not None
            for hit in found[0]
        ]
        if not hits:
            return None
        rivals = [h for h in hits[1:] if self._conflict(hits[0].vendor, h.vendor)]
        if rivals:
            return [], tuple(hit.candidate() for hit in (hits[0], *rivals))
        return hits[:1], ()

    def _conflict(self, one: Vendor, other: Vendor) -> bool:
        return one.country != other.country and not self._registry.related(one, other)

    def _similar_hit(self, found: Similar, evidence: str) -> Hit:
        vendor = self._vendor_for_key(found.key)
        confidence = round(FUZZY_WEIGHT * found.score, 3)
        return Hit(vendor, MatchMethod.FUZZY_NAME, evidence, confidence, found.score)

    def _vendor_for_key(self, key: str) -> Vendor:
        found = self._registry.vendor_for_key(key)
        assert found is not None, key  # the fuzzy index holds only the registry's own keys
        return found[0]

    def _similar(self, key: str) -> tuple[tuple[Similar, ...], tuple[Similar, ...]]:
        """(the match, if there is one), (the names that made it ambiguous, best first)."""
        core = distinctive_part(key)
        if _too_short(key, core):
            return (), ()
        ranked: dict[str, Similar] = {}  # best name of each vendor, best first
        digits = _DIGITS.findall(key)
        for found in self._registry.fuzzy.search(key, FUZZY_THRESHOLD - FUZZY_MARGIN):
            if _DIGITS.findall(found.key) != digits:  # "Foo 360" is not "Foo 365"
                continue
            if not _close_enough(core, distinctive_part(found.key)):
                continue
            ranked.setdefault(self._vendor_for_key(found.key).id, found)
        if not ranked:
            return (), ()
        best, *others = ranked.values()
        if best.score < FUZZY_THRESHOLD:
            return (), ()
        country = self._vendor_for_key(best.key).country
        rivals = tuple(
            other
            for other in others
            if other.score >= best.score - FUZZY_MARGIN
            or (
                other.score >= FUZZY_THRESHOLD
                and self._vendor_for_key(other.key).country != country
            )
        )
        if rivals or self._vendor_for_key(best.key).tier == "oui":
            return (), (best, *rivals)
        return (best,), ()


def _close_enough(core: str, other: str) -> bool:
    """Whether two distinctive parts differ by few enough letters for their length.

    The edits allowed grow with the shorter part: none below 8 letters ("Initel" is not
    "Intel", "Sunray" not "Sundray"), one up to 11 ("Hikvison"), two from 12; Chinese
    characters carry more: none below 5, then one. So "CA Technologies" never meets "Cadre
    Technologies" however much "technologies" weighs in the whole names' similarity.
    """
    shorter = min(len(core), len(other))
    if has_han(core):
        allowed = 0 if shorter < 5 else 1
    else:
        allowed = 0 if shorter < 8 else 1 if shorter < 12 else 2
    return edits(core, other) <= allowed


def _too_short(key: str, core: str) -> bool:
    han = has_han(key)
    letters, distinctive = len(key.replace(" ", "")), len(core.replace(" ", ""))
    if han:
        return letters < FUZZY_MIN_LENGTH_HAN or distinctive < FUZZY_MIN_DISTINCTIVE_HAN
    return letters < FUZZY_MIN_LENGTH or distinctive < FUZZY_MIN_DISTINCTIVE
