"""Lookups per second of the vendor matcher, each against a baseline in the same process.

    python benchmarks/registry.py [--lookups 500000] [--misspelt 2000]

- cached exact: `Matcher.match` on items whose vendors repeat (as in real SBOMs and
  spreadsheets: a few hundred vendors over many rows), against a plain dict lookup of the raw
  vendor string. Target: 200,000 lookups/s on one core.
- first sight: every vendor spelling new to the matcher (normalisation, exact indexes, hints).
- similar names: misspelt names, never seen before, searched over the whole registry including
  the OUI tier, against rapidfuzz's extractOne scanning every name with the same cutoff but
  without the length prefilter.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz, process

from sbom_audit.model import Item, ItemKind, Provenance
from sbom_audit.registry import Matcher, load_registry
from sbom_audit.registry.names import FUZZY_MARGIN, FUZZY_THRESHOLD
from sbom_audit.registry.normalize import normalize_name

HERE = Provenance(file="benchmark")


def timed(label: str, count: int, run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    rate = count / (time.perf_counter() - start)
    print(f"  {label:<44}{rate:>14,.0f} /s")
    return rate


def items_for(vendors: Sequence[str]) -> list[Item]:
    return [Item(kind=ItemKind.COMPONENT, name="x", provenance=HERE, vendor=v) for v in vendors]


def misspell(name: str, rng: random.Random) -> str:
    position = rng.randrange(1, max(2, len(name) - 1))
    return name[:position] + name[position + 1 :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=500_000)
    parser.add_argument("--misspelt", type=int, default=2_000)
    args = parser.parse_args()
    rng = random.Random(7)
    registry = load_registry()
    spellings = sorted({s for v in registry.vendors.values() for s in (v.name, *v.aliases)})
    print(
        f"registry: {len(registry.vendors)} curated vendors, {len(spellings)} spellings, "
        f"{len(registry.oui)} OUI organisations, {len(registry.fuzzy)} normalised names"
    )

    print(f"cached exact ({args.lookups:,} lookups over {len(spellings)} vendor spellings)")
    stream = items_for([rng.choice(spellings) for _ in range(args.lookups)])
    matcher = Matcher(registry)
    for item in stream[: len(spellings) * 4]:  # warm the cache, as the first rows of a file do
        matcher.match(item)
    table = {s: registry.names.get(normalize_name(s)) for s in spellings}
    baseline = timed("baseline: dict.get(item.vendor)", args.lookups,
                     lambda: [table.get(item.vendor) for item in stream])  # fmt: skip
    rate = timed("Matcher.match(item)", args.lookups, lambda: [matcher.match(i) for i in stream])
    print(f"  ratio to baseline: {rate / baseline:.2f}")

    print("first sight (every spelling new: normalisation, indexes, hints)")
    fresh = items_for([f"{s} {suffix}" for s in spellings for suffix in ("Co., Ltd.", "Inc")])
    first = Matcher(registry)
    timed("Matcher.match(item), empty cache", len(fresh), lambda: [first.match(i) for i in fresh])

    print(f"similar names ({args.misspelt:,} misspelt, new names; {len(registry.fuzzy):,} names)")
    keys = [k for k in registry.names if len(k) >= 8]
    typos = [misspell(rng.choice(keys), rng) for _ in range(args.misspelt)]
    cold = Matcher(registry)
    rate = timed("Matcher.match(item), misspelt", len(typos),
                 lambda: [cold.match(i) for i in items_for(typos)])  # fmt: skip
    every = registry.fuzzy.names
    sample = typos[: max(1, args.misspelt // 10)]
    cutoff = (FUZZY_THRESHOLD - FUZZY_MARGIN) * 100

    def scan_all() -> list[object]:
        return [
            process.extractOne(t, every, scorer=fuzz.ratio, score_cutoff=cutoff) for t in sample
        ]

    baseline = timed("baseline: extractOne over every name", len(sample), scan_all)
    print(f"  ratio to baseline: {rate / baseline:.2f}")


if __name__ == "__main__":
    main()
