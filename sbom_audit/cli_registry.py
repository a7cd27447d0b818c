"""`sbom-audit registry ...`: look vendors up, count, validate and import the OUI tier."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from sbom_audit.errors import RegistryError
from sbom_audit.registry import Registry, load_registry
from sbom_audit.registry.index import validate_registry
from sbom_audit.registry.lookup import Answer, describe, describe_stats, lookup, registry_stats
from sbom_audit.registry.oui import import_oui, shipped_oui_path
from sbom_audit.report.document import candidate

EXIT_PROBLEMS = 1  # `validate` found problems in the data
EXIT_USAGE = 2  # bad option, or registry data that cannot be loaded

registry_layers = click.option(
    "--registry", "registries", multiple=True, metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory of vendor-origin YAML files layered over the shipped registry "
    "(repeatable; later layers win).",
)  # fmt: skip


@click.group()
def registry() -> None:
    """Look vendors up in the vendor-origin registry, count and check its data."""


@registry.command("lookup")
@click.argument("queries", nargs=-1, required=True, metavar="QUERY...")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per query.")
@registry_layers
def lookup_command(queries: tuple[str, ...], as_json: bool, registries: tuple[Path, ...]) -> None:
    """Say where each QUERY's vendor comes from, and why.

    A QUERY is a vendor name, a purl (pkg:...), a CPE (cpe:...) or a URL, e-mail address or
    domain, told apart by its form.

    \b
    Example:
        sbom-audit registry lookup "HUAWEI TECHNOLOGIES CO.,LTD" pkg:maven/com.alibaba/druid@1
    """
    answers = lookup(_load(registries), queries)
    if as_json:
        document = [_answer_document(answer) for answer in answers]
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for answer in answers:
        click.echo("\n".join(describe(answer)))


@registry.command("stats")
@registry_layers
def stats_command(registries: tuple[Path, ...]) -> None:
    """Count the registry's vendors per tier, country and category."""
    for line in describe_stats(registry_stats(_load(registries))):
        click.echo(line)


@registry.command("validate")
@click.argument("layers", nargs=-1, metavar="[DIR]...", type=click.Path(path_type=Path))
def validate_command(layers: tuple[Path, ...]) -> None:
    """Check the shipped registry, with each DIR layered on top, and list every problem.

    \b
    Exit status: 0 no problem; 1 problems (each printed as FILE:LINE: reason); 2 usage error.
    """
    found, problems = validate_registry(layers)
    for problem in problems:
        click.echo(problem)
    if problems:
        click.echo(f"{len(problems)} problem(s) found", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"ok: {len(found.vendors)} vendors in {len(found.layers)} layer(s)")


@registry.command("import-oui")
@click.option(
    "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Where to write the OUI tier (default: the shipped data/vendor_origins/oui file).",
)  # fmt: skip
def import_oui_command(output: Path | None) -> None:
    """Regenerate the OUI tier from the IEEE registry files bundled with netaddr."""
    try:
        stats = import_oui(output or shipped_oui_path())
    except (RegistryError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"Wrote {stats.target} ({stats.size_bytes:,} bytes)")
    click.echo(f"Source: {stats.source}, snapshot {stats.snapshot.isoformat()}")
    click.echo(
        f"{stats.entries:,} registrations of {stats.organisations:,} organisations; "
        f"{stats.kept:,} organisations kept"
    )
    for what, dropped in (
        ("organisations", stats.dropped_organisations),
        ("registrations", stats.dropped_entries),
    ):
        for reason, count in sorted(dropped.items(), key=lambda pair: (-pair[1], pair[0])):
            click.echo(f"  {count:>6,} {what} dropped: {reason}")


def _load(registries: tuple[Path, ...]) -> Registry:
    try:
        return load_registry(registries)
    except RegistryError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _answer_document(answer: Answer) -> dict[str, Any]:
    origin, entry = answer.origin, answer.entry
    return {
        "query": answer.query,
        "kind": answer.kind.value,
        "country": origin.country,
        "controlling_country": origin.controlling_country,
        "vendor": origin.vendor_name,
        "vendor_id": origin.vendor_id,
        "method": origin.method.value,
        "confidence": origin.confidence,
        "tier": origin.tier,
        "matched_on": origin.matched_on,
        "source": origin.source,
        "entry": entry.defined_at if entry else None,
        "candidates": [candidate(c) for c in origin.candidates],
        "hints": list(origin.hints),
    }
