"""`sbom-audit policy ...`: list the built-in profiles and show one, resolved."""

from __future__ import annotations

import sys

import click

from sbom_audit.errors import PolicyError
from sbom_audit.policy.profile import Profile, builtin_profiles, load_profile, profile_yaml

EXIT_USAGE = 2  # unknown or invalid profile


@click.group()
def policy() -> None:
    """List and show policy profiles: the rules an audit applies, as data."""


@policy.command("list")
def list_command() -> None:
    """Print the name and title of each built-in profile."""
    profiles = [_load(name) for name in builtin_profiles()]
    width = max(len(profile.name) for profile in profiles)
    for profile in profiles:
        click.echo(f"{profile.name:<{width}}  {profile.title}")


@policy.command("show")
@click.argument("profile", metavar="NAME|FILE")
def show_command(profile: str) -> None:
    """Print a profile as YAML, with everything it extends merged in.

    \b
    Example:
        sbom-audit policy show cn-cii
    """
    click.echo(profile_yaml(_load(profile)), nl=False)


def _load(name_or_path: str) -> Profile:
    try:
        return load_profile(name_or_path)
    except PolicyError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
