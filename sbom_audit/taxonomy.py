"""The category taxonomy shared by the registry and the policy profiles."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

_SEPARATORS = re.compile(r"[\s,;:/\\()\[\]{}&|_\-–—·、，；：（）【】]+")


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    en: str
    zh: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    categories: dict[str, Category]
    _phrases: dict[str, str]  # normalised synonym -> code
    _longest_phrase: int  # in words

    def classify(self, text: str | None) -> tuple[str | None, str]:
        """The category code a free-text category names, and the basis for the answer.

        Every word of the text must belong to a synonym of one and the same category, so
        "路由器 Router" is a router but "router management software" is not recognised.
        """
        if text is None or not text.strip():
            return None, "no category given"
        words = _words(text)
        codes = self._cover(words)
        if codes is not None and len(codes) == 1:
            code = next(iter(codes))
            return code, f"stated as {text.strip()!r}"
        return None, f"category {text.strip()!r} not recognised"

    def _cover(self, words: list[str]) -> set[str] | None:
        codes: set[str] = set()
        position = 0
        while position < len(words):
            for end in range(min(len(words), position + self._longest_phrase), position, -1):
                code = self._phrases.get(" ".join(words[position:end]))
                if code is not None:
                    codes.add(code)
                    position = end
                    break
            else:
                return None
        return codes or None


def _words(text: str) -> list[str]:
    normalised = unicodedata.normalize("NFKC", text).casefold()
    return [word for word in _SEPARATORS.split(normalised) if word]


@cache
def load_taxonomy() -> Taxonomy:
    raw = yaml.safe_load(
        resources.files("sbom_audit").joinpath("data/categories.yaml").read_text("utf-8")
    )
    categories: dict[str, Category] = {}
    phrases: dict[str, str] = {}
    for code, entry in raw.items():
        synonyms = tuple(str(s) for s in entry.get("synonyms") or ())
        categories[code] = Category(code, entry["en"], entry["zh"], synonyms)
        for phrase in (code, *synonyms):
            phrases[" ".join(_words(phrase))] = code
    longest = max(len(phrase.split(" ")) for phrase in phrases)
    return Taxonomy(categories, phrases, longest)
