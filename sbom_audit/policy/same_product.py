"""Whether a spreadsheet row and the product an SBOM describes name the same product, from
their names, models and versions alone (the vendor is compared by the caller).

Strict on purpose: the same name once version words are dropped ("TongWeb V7.0" and
"TongWeb" 7.0.4.2), the row's model as whole words within the SBOM product's name and
version, or that name within the model; never when both state versions that disagree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sbom_audit.model import Item

_WORD = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*|[\u3400-\u9fff]+")
_VERSION = re.compile(r"v\d+(?:\.\d+)*(?:[a-z]+\d+)*|\d+(?:\.\d+)+")  # v7, V8R6, 7.0.4.2
_CJK = re.compile(r"[\u3400-\u9fff]")


def words(text: str | None) -> tuple[str, ...]:
    """Lower-case words, dotted numbers kept whole, and runs of Han characters."""
    return tuple(_WORD.findall(unicodedata.normalize("NFKC", text or "").casefold()))


@dataclass(frozen=True, slots=True)
class ProductFacts:
    """An item's words, as the comparison of products needs them."""

    item: Item
    name: tuple[str, ...]
    model: tuple[str, ...]
    version: tuple[str, ...]
    product: tuple[str, ...]  # the name without version words
    model_product: tuple[str, ...]  # the model without version words
    versions: frozenset[str]  # every version it states, without a leading "v"

    @classmethod
    def of(cls, item: Item) -> ProductFacts:
        name, model, version = words(item.name), words(item.model), words(item.version)
        stated = {*version, *(w for w in (*name, *model) if _VERSION.fullmatch(w))}
        return cls(
            item, name, model, version, _unversioned(name), _unversioned(model),
            frozenset(w.removeprefix("v") for w in stated),
        )  # fmt: skip


Entry = tuple[str, ProductFacts]  # an item id and its facts


class ProductIndex:
    """SBOM products, indexed so that a row is compared only with those that could pass
    one of the tests of `why_same`."""

    def __init__(self) -> None:
        self._by_product: dict[tuple[str, ...], list[Entry]] = {}
        self._by_word: dict[str, list[Entry]] = {}
        self._by_name: dict[tuple[str, ...], list[Entry]] = {}

    def add(self, item_id: str, item: Item) -> None:
        facts = ProductFacts.of(item)
        entry = (item_id, facts)
        self._by_product.setdefault(facts.product, []).append(entry)
        for word in {*facts.name, *facts.version}:
            self._by_word.setdefault(word, []).append(entry)
        self._by_name.setdefault(facts.name, []).append(entry)

    def candidates(self, row: ProductFacts) -> list[Entry]:
        found = [
            *self._by_product.get(row.product, ()),
            *self._by_product.get(row.model_product, ()),
        ]
        model = row.model
        if model:  # all the model's words must be in the SBOM product's: the rarest decides
            rarest = min(set(model), key=lambda word: len(self._by_word.get(word, ())))
            found += self._by_word.get(rarest, [])
        for start in range(len(model)):  # an SBOM product's whole name within the model
            for end in range(start + 1, len(model) + 1):
                found += self._by_name.get(model[start:end], [])
        return list(dict(found).items())


def same_product(row: Item, subject: Item) -> str | None:
    """Why a spreadsheet row and an SBOM's product are the same product (vendor aside)."""
    return why_same(ProductFacts.of(row), ProductFacts.of(subject))


def why_same(row: ProductFacts, subject: ProductFacts) -> str | None:
    product = subject.product
    if not product or not _versions_agree(row.versions, subject.versions):
        return None
    named, text = subject.item.name, row.item.model
    if row.model_product == product:
        return f"product name {named!r} (model {text!r})"
    if row.product == product:
        return f"product name {named!r} (product name {row.item.name!r})"
    model = row.model
    if (
        model
        and _distinctive(row.model_product)
        and _contains(subject.name + subject.version, model)
    ):
        version = f" {subject.item.version}" if subject.item.version else ""
        return f"model {text!r} in the SBOM's product {named + version!r}"
    if model and _distinctive(product) and _contains(model, subject.name):
        return f"SBOM product name {named!r} in model {text!r}"
    return None


def _unversioned(found: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word for word in found if not _VERSION.fullmatch(word))


def _distinctive(found: tuple[str, ...]) -> bool:
    """Holds a word that names something (versions already dropped): three letters or two
    Han characters."""
    return any(len(word) >= (2 if _CJK.match(word) else 3) for word in found)


def _contains(found: tuple[str, ...], part: tuple[str, ...]) -> bool:
    size = len(part)
    return any(found[i : i + size] == part for i in range(len(found) - size + 1))


def _versions_agree(ours: frozenset[str], theirs: frozenset[str]) -> bool:
    if not ours or not theirs:
        return True
    return any(_prefix(a, b) or _prefix(b, a) for a in ours for b in theirs)


def _prefix(short: str, long: str) -> bool:
    return long == short or long.startswith(short + ".")
