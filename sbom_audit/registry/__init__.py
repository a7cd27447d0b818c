"""Vendor-origin data and the matching of items against it."""

from sbom_audit.registry.index import Registry, build_registry, load_registry
from sbom_audit.registry.matcher import Matcher

__all__ = ["Matcher", "Registry", "build_registry", "load_registry"]
