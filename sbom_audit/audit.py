"""The audit: read every input, resolve origins, apply the profile. No printing, no files out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sbom_audit import __version__
from sbom_audit.ingest import IngestOptions, LoadedInput, load_input
from sbom_audit.ingest.disclosures import Disclosure
from sbom_audit.model import AuditedItem, AuditReport, Finding, FxRates, ItemKind
from sbom_audit.policy.categorise import categorise
from sbom_audit.policy.checks import origin_class, run_checks
from sbom_audit.policy.crypto import encryption_features
from sbom_audit.policy.disclosures import apply_disclosures
from sbom_audit.policy.links import fold_linked_findings, link_items
from sbom_audit.policy.metrics import summarise
from sbom_audit.policy.profile import Profile
from sbom_audit.registry import Matcher, Registry
from sbom_audit.taxonomy import load_taxonomy


def audit_paths(
    paths: Sequence[Path],
    profile: Profile,
    registry: Registry,
    options: IngestOptions | None = None,
    fx: FxRates | None = None,
    disclosures: Sequence[Disclosure] = (),
) -> AuditReport:
    """Audit files. Inputs are taken in path order so that the report does not depend on
    the order they were named in; a file that cannot be read is reported and skipped."""
    loaded = [load_input(path, options=options) for path in sorted(set(paths), key=str)]
    return audit_loaded(loaded, profile, registry, fx, disclosures)


def audit_loaded(
    loaded: Sequence[LoadedInput],
    profile: Profile,
    registry: Registry,
    fx: FxRates | None = None,
    disclosures: Sequence[Disclosure] = (),
) -> AuditReport:
    matcher = Matcher(registry)
    taxonomy = load_taxonomy()
    audited: list[AuditedItem] = []
    for source in loaded:
        for item in source.items:
            origin = matcher.match(item)
            category, basis = categorise(item, origin, registry, taxonomy, source.record.format)
            audited.append(
                AuditedItem(
                    id=f"I{len(audited) + 1:05d}",
                    item=item,
                    origin=origin,
                    origin_class=origin_class(origin, profile),
                    category=category,
                    category_basis=basis,
                )
            )
    audited, unmatched = apply_disclosures(
        _with_encryption_features(audited), disclosures, registry
    )
    audited, unlinked = link_items(audited)
    checked = fold_linked_findings(run_checks(audited, profile, registry, fx), audited)
    findings = sorted([*checked, *unmatched, *unlinked], key=_finding_order)
    return AuditReport(
        tool_version=__version__,
        policy_name=profile.name,
        policy_title=profile.title,
        registry_vendors=len(registry.vendors),
        registry_digest=registry.digest,
        inputs=tuple(source.record for source in loaded),
        items=tuple(audited),
        services=tuple(service for source in loaded for service in source.services),
        findings=tuple(findings),
        summary=summarise(audited, findings, fx),
    )


def _with_encryption_features(audited: list[AuditedItem]) -> list[AuditedItem]:
    """The product an SBOM describes has the encryption features of the components listed
    with it (the items of one SBOM share their provenance file)."""
    features = encryption_features(a.item for a in audited)
    return [
        replace(a, encryption_features=features.get(a.item.provenance.file, ()))
        if a.item.kind is ItemKind.SBOM_SUBJECT
        else a
        for a in audited
    ]


def _finding_order(finding: Finding) -> tuple[int, str, str]:
    return (-finding.severity.rank, finding.item_id, finding.rule)
