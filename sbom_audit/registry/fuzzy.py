"""Similar-name search over normalised registry names (the rapidfuzz adapter).

The score is rapidfuzz's normalised Indel similarity of the two names (fuzz.ratio), in [0, 1].
Word order counts: sorting words first (token_sort_ratio) let "10 networks" meet "a10
networks" rather than "u10 networks", whose first word sorts after "networks". Scorers that
reward a name contained in another (WRatio, partial_ratio, token_set_ratio) are deliberately
not used: "apple" would meet "apple hospitality reit" at 100. Names must already be
normalised: rapidfuzz 3 neither lower-cases nor strips legal forms, and on raw names a shared
"Co., Ltd." looks like a similarity.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from sbom_audit.registry.legal_forms import INDUSTRY_WORDS, INDUSTRY_WORDS_CHINESE
from sbom_audit.registry.normalize import has_han

_INDUSTRY_WORDS = sorted(INDUSTRY_WORDS)
# Legal forms long enough to be misspelt and still recognised ("Oracle Corpration").
_LONG_LEGAL_FORMS = ("corporation", "incorporated", "limited", "company", "gesellschaft")


@dataclass(frozen=True, slots=True)
class Similar:
    key: str  # the registry's normalised name
    score: float  # similarity in [0, 1]


class FuzzyIndex:
    """Normalised names, sorted by length so that a search scores only the names whose
    length allows the cutoff at all (Indel similarity <= 2 * shorter / (sum of lengths))."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = sorted(set(keys), key=lambda key: (len(key), key))
        self._lengths = [len(key) for key in self._keys]

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def names(self) -> list[str]:
        return list(self._keys)

    def search(self, key: str, cutoff: float) -> list[Similar]:
        """Every name at least `cutoff` similar to `key`, best first (ties by name)."""
        size = len(key)
        if not size or not 0 < cutoff <= 1:
            return []
        low = bisect_left(self._lengths, size * cutoff / (2 - cutoff) - 1e-9)
        high = bisect_right(self._lengths, size * (2 - cutoff) / cutoff + 1e-9)
        found = process.extract(
            key, self._keys[low:high], scorer=fuzz.ratio, score_cutoff=cutoff * 100, limit=None
        )
        hits = [
            Similar(self._keys[low + index], round(score / 100, 4)) for _, score, index in found
        ]
        return sorted(hits, key=lambda hit: (-hit.score, hit.key))


def edits(one: str, other: str) -> int:
    """Letters to insert or delete to turn one name into the other (Indel distance)."""
    return int(Indel.distance(one, other))


@lru_cache(maxsize=65536)
def distinctive_part(key: str) -> str:
    """A normalised name without its industry words, misspelt ones included:
    "hikvison digital technologie" -> "hikvison"; "海康威视数字技术" -> "海康威视"."""
    words = []
    for word in key.split():
        if has_han(word):
            for generic in INDUSTRY_WORDS_CHINESE:
                word = word.replace(generic, "")
            words.append(word)
        elif not _industry_word(word):
            words.append(word)
    return " ".join(word for word in words if word)


@lru_cache(maxsize=8192)
def _industry_word(word: str) -> bool:
    if word in INDUSTRY_WORDS:
        return True
    if len(word) < 5:
        return False
    return process.extractOne(word, _INDUSTRY_WORDS, scorer=fuzz.ratio, score_cutoff=88) is not None


@lru_cache(maxsize=65536)
def drop_misspelt_legal_form(key: str) -> str:
    """The normalised name without a last word that is a misspelt long legal form:
    "oracle corpration" -> "oracle". normalize_name removes only correctly spelt ones."""
    words = key.split()
    if len(words) < 2 or len(words[-1]) < 6 or has_han(words[-1]):
        return key
    found = process.extractOne(words[-1], _LONG_LEGAL_FORMS, scorer=fuzz.ratio, score_cutoff=85)
    return " ".join(words[:-1]) if found is not None else key
