"""The labelled evaluation set for vendor matching (issue 4).

tests/data/vendor_eval.csv holds vendor evidence as it appears in real SBOMs and procurement
spreadsheets, each with the country a careful auditor would give (or "unknown" when the string
names no single organisation). The labels are facts about the vendors, not about what the
registry knows today: a vendor the registry lacks is a miss, and that is the point.

Each row becomes the Item a reader would produce: a name goes into `vendor` (an SPDX actor
string such as "Organization: X (mail)" is first split the way the SPDX reader splits it), a
purl into `purl`, a CPE into `cpe`, a URL or e-mail address into `vendor_domains`.

A wrong country is far worse than no country, so precision is the hard gate and the wrong
answers are printed first; misses are printed grouped by the evidence that failed.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pycountry
import pytest
from conftest import CORPUS, ROOT

from sbom_audit.ingest.spdx.extract import actor_from_text
from sbom_audit.ingest.vendor_clues import vendor_domains
from sbom_audit.model import Item, ItemKind, OriginMatch, Provenance
from sbom_audit.registry import Matcher, load_registry
from sbom_audit.registry.normalize import cpe_vendor, purl_namespace_keys

EVAL_SET = Path(__file__).parent / "data" / "vendor_eval.csv"
COLUMNS = ("kind", "value", "expected", "note", "origin")
KINDS = frozenset({"name", "purl", "cpe", "url", "email"})
PREFIXES = {"purl": "pkg:", "cpe": "cpe:"}
UNKNOWN = "unknown"
PROCUREMENT = "procurement spelling"
CORPUS_ORIGIN = "../shared/corpus/sboms/"
EXAMPLES_ORIGIN = "examples/"
TRAP = "trap:"
MIN_ROWS = 300
MIN_PRECISION = 0.98
MIN_RECALL = 0.90


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    kind: str
    value: str
    expected: str
    note: str
    origin: str

    @property
    def group(self) -> str:
        if self.note.startswith(TRAP):
            return "trap"
        return "procurement" if self.origin == PROCUREMENT else "sbom"


@dataclass(frozen=True, slots=True)
class Outcome:
    row: Row
    origin: OriginMatch

    @property
    def correct(self) -> bool:
        return self.origin.country is not None and self.origin.country == self.row.expected


def _read_csv() -> tuple[tuple[str, ...], list[tuple[int, list[str]]]]:
    with EVAL_SET.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = tuple(next(reader))
        return header, [(reader.line_num, values) for values in reader]


HEADER, RECORDS = _read_csv()
ROWS = [Row(line, *values) for line, values in RECORDS if len(values) == len(COLUMNS)]


def _item(row: Row) -> Item:
    here = Provenance(file=str(EVAL_SET), row=row.line)
    kind = ItemKind.PRODUCT if row.origin == PROCUREMENT else ItemKind.COMPONENT
    if row.kind == "purl":
        return Item(kind=kind, name="", provenance=here, purl=row.value)
    if row.kind == "cpe":
        return Item(kind=kind, name="", provenance=here, cpe=row.value)
    if row.kind in ("url", "email"):
        return Item(kind=kind, name="", provenance=here, vendor_domains=vendor_domains([row.value]))
    vendor, domains = _vendor_name(row.value)
    return Item(kind=kind, name="", provenance=here, vendor=vendor, vendor_domains=domains)


def _vendor_name(value: str) -> tuple[str | None, tuple[str, ...]]:
    """What a reader puts in `vendor` and `vendor_domains` for a supplier string."""
    if not value.startswith(("Organization:", "Person:", "Tool:")):
        return value, ()
    actor = actor_from_text(value)
    if actor is None or actor.kind == "Tool" or not actor.name.strip():
        return None, ()
    return actor.name.strip(), vendor_domains([actor.email]) if actor.email else ()


def _miss_reason(row: Row) -> str:
    """Which piece of evidence found nothing, for routing a miss to registry or matcher work."""
    item = _item(row)
    if row.kind == "cpe":
        token = cpe_vendor(row.value)
        return f"CPE vendor token not matched: {token}" if token else "CPE without a vendor"
    if row.kind == "purl":
        keys = purl_namespace_keys(row.value)
        return f"purl namespace not matched: {keys[0]}" if keys else "purl without a namespace"
    if row.kind in ("url", "email"):
        if not item.vendor_domains:
            return "no usable domain (code host, mail provider)"
        return f"domain not matched: {', '.join(item.vendor_domains)}"
    if item.vendor is None:
        return "no vendor name once the SPDX actor is read"
    return "name or alias not matched" + (
        f" (domain {', '.join(item.vendor_domains)} neither)" if item.vendor_domains else ""
    )


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    matcher = Matcher(load_registry())
    return [Outcome(row, matcher.match(_item(row))) for row in ROWS]


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _describe(outcome: Outcome) -> str:
    row, origin = outcome.row, outcome.origin
    answer = origin.country or "-"
    how = f"{origin.vendor_name} via {origin.method.value}" if origin.country else "no answer"
    return (
        f"  line {row.line:>4} {row.kind:<5} {row.value!r}: got {answer} ({how}); "
        f"expected {row.expected} - {row.note}"
    )


def _summary(outcomes: Iterable[Outcome]) -> tuple[int, int, int]:
    """(correct, answers given, rows with a country)."""
    listed = list(outcomes)
    correct = sum(o.correct for o in listed)
    answers = sum(o.origin.country is not None for o in listed)
    countries = sum(o.row.expected != UNKNOWN for o in listed)
    return correct, answers, countries


def _report(outcomes: list[Outcome]) -> str:
    correct, answers, countries = _summary(outcomes)
    lines = [
        f"vendor evaluation set: {len(outcomes)} rows, {countries} with a country, "
        f"{len(outcomes) - countries} unknown",
        f"precision {_ratio(correct, answers):.3f} ({correct} correct of {answers} answers); "
        f"recall {_ratio(correct, countries):.3f} ({correct} of {countries} rows with a country)",
    ]
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.row.group].append(outcome)
    for group, members in sorted(groups.items()):
        c, a, n = _summary(members)
        lines.append(
            f"  {group:<11} {len(members):>3} rows: precision {_ratio(c, a):.3f} ({c}/{a}), "
            f"recall {_ratio(c, n):.3f} ({c}/{n})"
        )
    wrong = [o for o in outcomes if o.origin.country is not None and not o.correct]
    lines.append(f"WRONG ANSWERS ({len(wrong)}):")
    lines.extend(_describe(o) for o in wrong)
    misses = [o for o in outcomes if o.origin.country is None and o.row.expected != UNKNOWN]
    lines.append(f"misses ({len(misses)}), by reason:")
    lines.extend(_misses_by_reason(misses))
    return "\n".join(lines)


def _misses_by_reason(misses: list[Outcome]) -> list[str]:
    by_reason: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in misses:
        by_reason[_reason_group(_miss_reason(outcome.row))].append(outcome)
    lines = []
    for reason, members in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f" {reason} ({len(members)}):")
        lines.extend(_describe(o) for o in sorted(members, key=lambda o: o.row.expected))
    return lines


def _reason_group(reason: str) -> str:
    return reason.split(":", 1)[0]


def test_precision_and_recall(outcomes: list[Outcome], capsys: pytest.CaptureFixture[str]) -> None:
    correct, answers, countries = _summary(outcomes)
    with capsys.disabled():
        print("\n" + _report(outcomes))
    assert _ratio(correct, answers) >= MIN_PRECISION
    assert _ratio(correct, countries) >= MIN_RECALL


def test_the_set_is_large_and_mixed() -> None:
    assert len(ROWS) >= MIN_ROWS
    groups = Counter(row.group for row in ROWS)
    kinds = Counter(row.kind for row in ROWS)
    assert min(groups.values()) >= 0.2 * len(ROWS), groups
    assert set(kinds) == KINDS, kinds
    assert Counter(row.expected == UNKNOWN for row in ROWS)[True] >= 0.15 * len(ROWS)


def test_csv_is_well_formed() -> None:
    assert HEADER == COLUMNS
    short = [
        f"line {line}: {len(values)} fields"
        for line, values in RECORDS
        if len(values) != len(COLUMNS)
    ]
    assert short + [problem for row in ROWS for problem in _problems(row)] == []


def _problems(row: Row) -> list[str]:
    checks = {
        f"kind {row.kind!r} is not one of {sorted(KINDS)}": row.kind in KINDS,
        "no note: every label needs a reason": bool(row.note.strip()),
        f"{row.expected!r} is neither 'unknown' nor an ISO 3166-1 alpha-2 code": (
            row.expected == UNKNOWN
            or (
                row.expected.isupper() and pycountry.countries.get(alpha_2=row.expected) is not None
            )
        ),
        f"a {row.kind} must start with {PREFIXES.get(row.kind)!r}": row.value.startswith(
            PREFIXES.get(row.kind, "")
        ),
        "an e-mail address needs an @": row.kind != "email" or "@" in row.value,
        f"origin {row.origin!r} is neither a corpus or examples path nor {PROCUREMENT!r}": (
            row.origin == PROCUREMENT or row.origin.startswith((CORPUS_ORIGIN, EXAMPLES_ORIGIN))
        ),
    }
    return [f"line {row.line}: {message}" for message, ok in checks.items() if not ok]


def test_no_duplicate_rows() -> None:
    counts = Counter((row.kind, row.value) for row in ROWS)
    assert [key for key, count in counts.items() if count > 1] == []
    assert len(RECORDS) == len(ROWS) >= MIN_ROWS


def test_example_origins_exist() -> None:
    origins = {row.origin for row in ROWS if row.origin.startswith(EXAMPLES_ORIGIN)}
    assert origins and all((ROOT / origin).is_file() for origin in origins)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"SBOM corpus not present at {CORPUS}")
def test_corpus_origins_exist() -> None:
    origins = {row.origin for row in ROWS if row.origin.startswith(CORPUS_ORIGIN)}
    missing = sorted(origin for origin in origins if not (ROOT / origin).is_file())
    assert origins and missing == []


def test_the_form_checks_catch_bad_rows() -> None:
    bad = Row(7, "phone", "+86 10 1234", "XX", " ", "a blog")
    assert [problem.split(": ", 1)[1] for problem in _problems(bad)] == [
        "kind 'phone' is not one of ['cpe', 'email', 'name', 'purl', 'url']",
        "no note: every label needs a reason",
        "'XX' is neither 'unknown' nor an ISO 3166-1 alpha-2 code",
        "origin 'a blog' is neither a corpus or examples path nor 'procurement spelling'",
    ]
    assert _problems(Row(8, "cpe", "pkg:npm/x@1", "cn", "n", PROCUREMENT)) == [
        "line 8: 'cn' is neither 'unknown' nor an ISO 3166-1 alpha-2 code",
        "line 8: a cpe must start with 'cpe:'",
    ]
