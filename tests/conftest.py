from __future__ import annotations

from pathlib import Path

import pytest

from sbom_audit.model import MatchMethod, OriginMatch
from sbom_audit.policy.profile import Profile, load_profile
from sbom_audit.registry import Registry, load_registry

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_SPREADSHEET = EXAMPLES / "bank-procurement-2026.xlsx"
EXAMPLE_CYCLONEDX = EXAMPLES / "sboms" / "tongweb-7.0.cdx.json"
EXAMPLE_SPDX = EXAMPLES / "sboms" / "qianxin-tianqing-agent.spdx.json"
CORPUS = ROOT.parent / "shared" / "corpus" / "sboms"

# Origins for hand-built items in policy and metrics tests
CN = OriginMatch(MatchMethod.NAME, "huawei", "Huawei", "CN", "CN", "Huawei", 1.0)
US = OriginMatch(MatchMethod.NAME, "cisco", "Cisco Systems", "US", "US", "Cisco", 1.0)


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="session")
def profile() -> Profile:
    return load_profile("cn-bank")
