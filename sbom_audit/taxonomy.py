"""The category taxonomy shared by the registry and the policy profiles."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

_SEPARATORS = re.compile(r"[\s,;:/\\()\[\]{}&|_\-–—·、，；：（）【】]+")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kana and Han: no spaces
_LETTER = rf"[^\W\d_{_CJK}]"  # a letter of a script that separates words with spaces
_ALNUM = rf"[^\W_{_CJK}]"


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    en: str
    zh: str
    synonyms: tuple[str, ...]
    not_in_names: tuple[str, ...] = ()  # synonyms not looked for in product names


@dataclass(frozen=True, slots=True)
class Keyword:
    """A synonym found in a text: as the taxonomy writes it, and the category it names."""

    synonym: str
    code: str


@dataclass(frozen=True, slots=True)
class Taxonomy:
    categories: dict[str, Category]
    _phrases: dict[str, str]  # normalised synonym -> code
    _longest_phrase: int  # in words
    _keywords: dict[str, Keyword]  # normalised synonym -> keyword, for names
    _keyword_pattern: re.Pattern[str]

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

    def keywords(self, text: str | None) -> tuple[Keyword, ...]:
        """The synonyms that occur in a free text such as a product name, in text order.

        Latin synonyms must be whole words (a digit may follow or precede: "NGFW4000"),
        Chinese ones may be anywhere; a synonym inside a longer one found at the same place is
        left out ("服务器密码机" gives the HSM, not also "服务器"), and so are `not_in_names`.
        """
        normalised = " ".join(_words(text or ""))
        kept: list[str] = []
        reach = 0  # the furthest end of a synonym found so far, which one inside it cannot pass
        found = self._keyword_pattern.search(normalised)
        while found is not None:
            if found.end() > reach:
                kept.append(found.group())
                reach = found.end()
            found = self._keyword_pattern.search(normalised, found.start() + 1)
        return tuple(dict.fromkeys(self._keywords[phrase] for phrase in kept))


def _keyword_pattern(phrases: list[str]) -> re.Pattern[str]:
    """The longest synonym that starts at a position. The synonyms are laid out as a trie, and
    each begins with a literal character (its word-start guard comes after it), so that the
    regex engine skips at once to the positions where one can start."""
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    first = [
        re.escape(char) + _edge(char, "(?<!{}.)") + _branches(node, char)
        for char, node in sorted(trie.items())
    ]
    return re.compile("|".join(first))


def _branches(node: dict[str, Any], last: str) -> str:
    """Longer synonyms first, then the end of one here (guarded, for a whole word)."""
    branches = [re.escape(c) + _branches(child, c) for c, child in sorted(node.items()) if c]
    if "" in node:
        branches.append(_edge(last, "(?!{})"))
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


def _edge(char: str, guard: str) -> str:
    if re.fullmatch(_LETTER, char):
        return guard.format(_LETTER)
    if char.isdigit():
        return guard.format(_ALNUM)
    return ""


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
    keywords: dict[str, Keyword] = {}
    for code, entry in raw.items():
        synonyms = tuple(str(s) for s in entry.get("synonyms") or ())
        excluded = tuple(str(s) for s in entry.get("not_in_names") or ())
        categories[code] = Category(code, entry["en"], entry["zh"], synonyms, excluded)
        for phrase in (code, *synonyms):
            phrases[" ".join(_words(phrase))] = code
        for synonym in synonyms:
            if synonym not in excluded:
                keywords.setdefault(" ".join(_words(synonym)), Keyword(synonym, code))
    longest = max(len(phrase.split(" ")) for phrase in phrases)
    return Taxonomy(categories, phrases, longest, keywords, _keyword_pattern(list(keywords)))
