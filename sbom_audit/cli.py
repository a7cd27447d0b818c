"""The command line: parse options, call the library, turn its errors into plain messages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sbom_audit import __version__
from sbom_audit.audit import audit_paths
from sbom_audit.baseline import (
    Baseline,
    baseline_warnings,
    blocking_findings,
    compare,
    load_baseline,
)
from sbom_audit.cli_policy import policy as policy_commands
from sbom_audit.cli_registry import registry as registry_commands
from sbom_audit.errors import BaselineError, IngestError, PolicyError, RegistryError, ReportError
from sbom_audit.fx import load_fx
from sbom_audit.ingest import IngestOptions, Limits
from sbom_audit.ingest.disclosures import load_disclosures
from sbom_audit.ingest.interface import MAX_INPUT_BYTES
from sbom_audit.ingest.sheets.columns import load_column_map
from sbom_audit.model import AuditReport, Severity
from sbom_audit.policy.profile import DEFAULT_PROFILE, load_profile
from sbom_audit.registry import load_registry
from sbom_audit.report import LANGUAGES, ReportOptions, check_output_path, write_report
from sbom_audit.report.terminal import render_summary

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNREADABLE_INPUT = 3
EXIT_REPORT_NOT_WRITTEN = 4


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sbom-audit")
def main() -> None:
    """Audit SBOMs and procurement spreadsheets for where their vendors come from."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--policy", "policy", default=DEFAULT_PROFILE, show_default=True, metavar="NAME|FILE",
    help="Built-in policy profile name, or the path of a profile YAML file.",
)  # fmt: skip
@click.option(
    "--registry", "registries", multiple=True, metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory of vendor-origin YAML files layered over the shipped registry "
    "(repeatable; later layers win).",
)  # fmt: skip
@click.option(
    "--oui-tier/--no-oui-tier", default=True, show_default=True,
    help="Also match vendors by exact name against the IEEE OUI organisations, after every "
    "curated entry (low confidence, 0.6: the country is the registrant's address).",
)  # fmt: skip
@click.option(
    "-o", "--output", "outputs", multiple=True, metavar="FILE", type=click.Path(path_type=Path),
    help="Write the report here; the format follows the extension (.xlsx, .json). Repeatable.",
)  # fmt: skip
@click.option(
    "--fail-on", type=click.Choice([s.value for s in Severity]), default=None,
    help="Exit with status 1 when a finding has this severity or a higher one. With "
    "--baseline, only findings the baseline did not already have at this severity or above "
    "count: new ones, and ones whose severity rose to it (e.g. --fail-on high --baseline "
    "old.json passes over the high and critical findings old.json already had).",
)  # fmt: skip
@click.option(
    "--baseline", "baseline_file", metavar="FILE",
    help="An earlier JSON report of this tool: mark each finding new or unchanged against it, "
    "and list the findings it had that are gone (resolved).",
)  # fmt: skip
@click.option(
    "--strict", is_flag=True,
    help="Read JSON SBOMs through the CycloneDX and SPDX libraries' object models "
    "(slower; the default reads the JSON directly and gives the same items).",
)  # fmt: skip
@click.option(
    "--validate", is_flag=True,
    help="Check SBOMs against the official CycloneDX/SPDX schemas; schema errors are "
    "reported with their path and give exit status 3.",
)  # fmt: skip
@click.option(
    "--sheet", "sheets", multiple=True, metavar="NAME",
    help="Read only this sheet of each workbook (repeatable; default: every sheet with a "
    "recognisable header).",
)  # fmt: skip
@click.option(
    "--columns", "columns_file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False),
    help="YAML map of spreadsheet header text to field (name, manufacturer, amount, ...) "
    "for headers the built-in synonyms do not know.",
)  # fmt: skip
@click.option(
    "--fx", "fx_file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False),
    help="Exchange rates (csv or yaml) into one reporting currency, for spend in several "
    "currencies; spend is never converted at any other rate.",
)  # fmt: skip
@click.option(
    "--disclosures", "disclosures_file", metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Register of encryption disclosures (csv or xlsx: vendor, product, model, filing "
    "reference, date); matched products count as disclosed, unmatched entries are reported.",
)  # fmt: skip
@click.option(
    "--max-file-size", type=click.IntRange(min=1), default=MAX_INPUT_BYTES // 2**20,
    show_default=True, metavar="MIB", help="Refuse input files larger than this (MiB).",
)  # fmt: skip
@click.option(
    "--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
    help="Language of the workbook's labels (the data is always written as given).",
)  # fmt: skip
@click.option(
    "--entity", metavar="NAME",
    help="The organisation audited, as the workbook's Summary should name it.",
)  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="Do not print the summary.")
def audit(
    inputs: tuple[Path, ...],
    policy: str,
    registries: tuple[Path, ...],
    oui_tier: bool,
    outputs: tuple[Path, ...],
    fail_on: str | None,
    baseline_file: str | None,
    strict: bool,
    validate: bool,
    sheets: tuple[str, ...],
    columns_file: Path | None,
    fx_file: Path | None,
    disclosures_file: Path | None,
    max_file_size: int,
    lang: str,
    entity: str | None,
    quiet: bool,
) -> None:
    """Audit INPUT files: CycloneDX or SPDX JSON SBOMs, xlsx or csv procurement lists.

    \b
    Example:
        sbom-audit audit examples/bank-procurement-2026.xlsx examples/sboms/* -o report.xlsx

    \b
    Exit status: 0 audited; 1 findings at or above --fail-on (with --baseline: only those
    the baseline did not have at that severity); 2 usage or configuration error; 3 at
    least one input could not be read or, with --validate, is not valid against its schema
    (the others were audited and reported); 4 a report could not be written.
    """
    try:
        for target in outputs:
            check_output_path(target)
        registry = load_registry(registries, oui=oui_tier)
        profile = load_profile(policy, registry)  # prohibited subsidiaries from every layer
        fx = load_fx(fx_file) if fx_file else None
        disclosures = load_disclosures(disclosures_file) if disclosures_file else []
        baseline = load_baseline(baseline_file) if baseline_file else None
        options = IngestOptions(
            strict=strict,
            validate=validate,
            sheets=sheets,
            column_map=load_column_map(columns_file) if columns_file else {},
            limits=Limits(max_input_bytes=max_file_size * 2**20),
        )
    except (ReportError, PolicyError, RegistryError, IngestError, BaselineError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    report = audit_paths(inputs, profile, registry, options, fx, disclosures)
    if baseline is not None:
        report = compare(report, baseline)
    _print_problems(report, baseline)
    try:
        for target in outputs:
            write_report(report, target, ReportOptions(lang=lang, entity=entity))
    except ReportError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_REPORT_NOT_WRITTEN)
    if not quiet:
        click.echo(render_summary(report))
        for target in outputs:
            click.echo(f"Report written: {target}")
    sys.exit(_exit_status(report, fail_on, baseline))


main.add_command(registry_commands)
main.add_command(policy_commands)


def _print_problems(report: AuditReport, baseline: Baseline | None) -> None:
    for record in report.inputs:
        if record.error:
            click.echo(f"error: {record.error}", err=True)
        for problem in record.validation_errors:
            click.echo(f"invalid: {record.path}: {problem}", err=True)
        for warning in record.warnings:
            click.echo(f"warning: {warning}", err=True)
    for warning in baseline_warnings(report, baseline) if baseline else ():
        click.echo(f"warning: {warning}", err=True)


def _exit_status(report: AuditReport, fail_on: str | None, baseline: Baseline | None) -> int:
    if report.failed_inputs:
        return EXIT_UNREADABLE_INPUT
    if fail_on is not None and blocking_findings(report, Severity(fail_on), baseline):
        return EXIT_FINDINGS
    return EXIT_OK
