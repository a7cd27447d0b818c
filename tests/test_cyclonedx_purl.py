"""The purl shortcut of the fast path gives exactly what packageurl (and so the library) gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packageurl import PackageURL

from sbom_audit.ingest.cyclonedx.purl import _CANONICAL, _is_canonical, canonical_purl


def _packageurl(value: str) -> str | None:
    try:
        return str(PackageURL.from_string(value))
    except ValueError:
        return None


@pytest.mark.parametrize(
    ("given_purl", "expected", "shortcut"),
    [
        ("pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar",
         "pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar", True),
        ("pkg:npm/%40angular/core@16.0.0", "pkg:npm/%40angular/core@16.0.0", False),
        ("pkg:npm/@angular/core@16.0.0", "pkg:npm/%40angular/core@16.0.0", False),
        ("pkg:PyPI/Django_Rest@3.0", "pkg:pypi/django-rest@3.0", False),
        ("pkg:github/Foo/Bar@v1", "pkg:github/foo/bar@v1", False),
        ("pkg:golang/github.com/Foo/bar@v1.2.3+incompatible",
         "pkg:golang/github.com/Foo/bar@v1.2.3%2Bincompatible", False),
        ("pkg:deb/debian/curl@7.50?distro=jessie&arch=i386",
         "pkg:deb/debian/curl@7.50?arch=i386&distro=jessie", False),
        ("pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25",
         "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25", True),
    ],
)  # fmt: skip
def test_known_purls(given_purl: str, expected: str, shortcut: bool) -> None:
    assert canonical_purl(given_purl) == expected == _packageurl(given_purl)
    assert _is_canonical(given_purl) is shortcut


def test_a_purl_packageurl_refuses_raises_value_error() -> None:
    with pytest.raises(ValueError, match="scheme"):
        canonical_purl("maven/org.apache/x@1")


@settings(max_examples=500, deadline=None)
@given(st.from_regex(_CANONICAL, fullmatch=True))
def test_every_purl_the_shortcut_accepts_is_what_packageurl_writes(value: str) -> None:
    if _is_canonical(value):
        assert _packageurl(value) == value


PURL_PARTS = st.sampled_from(
    ["pkg:", "npm", "pypi", "maven", "github", "oci", "/", "@", "?", "&", "=", "#", "%40",
     "A", "a", "_", "-", ".", "+", ":", " ", "1", "é", "type", "arch"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(PURL_PARTS, max_size=14).map("".join))
def test_any_text_gives_packageurl_s_result_or_its_error(value: str) -> None:
    expected = _packageurl(value)
    if expected is None:
        with pytest.raises(ValueError):
            canonical_purl(value)
    else:
        assert canonical_purl(value) == expected
