"""Registrable domains from the URLs and e-mail addresses an input gives for a vendor."""

from __future__ import annotations

from collections.abc import Iterable

from sbom_audit.registry.normalize import registrable_domain

# Code hosts, package registries and mail providers say nothing about who a vendor is:
# a noreply address at github.com must not make every maintainer a GitHub employee.
SHARED_DOMAINS = frozenset(
    {
        "github.com", "github.io", "githubusercontent.com", "gitlab.com", "gitlab.io",
        "bitbucket.org", "gitee.com", "sourceforge.net", "sourceforge.io", "codeberg.org",
        "npmjs.com", "npmjs.org", "pypi.org", "maven.org", "nuget.org", "crates.io",
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
        "icloud.com", "qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "proton.me",
        "protonmail.com", "example.com", "example.org", "localhost",
    }
)  # fmt: skip


def vendor_domains(clues: Iterable[str]) -> tuple[str, ...]:
    domains = {registrable_domain(clue) for clue in clues if clue and clue.strip()}
    return tuple(sorted(d for d in domains if d and d not in SHARED_DOMAINS))
