"""The fast `iri-reference` check gives rfc3987-syntax's verdicts (the stock checker), except
where that grammar departs from RFC 3987."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sbom_audit.ingest.validate.iri import is_iri, is_iri_reference

AGREED = [
    ("https://www.huawei.com/cn/", True),
    ("git+https://github.com/FasterXML/jackson.git", True),
    ("http://例え.jp/パス?q=値#片", True),
    ("http://x/?\ue000", True),  # private use is allowed in the query only
    ("http://x/\ue000", False),
    ("http://x/\ufffe", False),  # not a ucschar
    ("http://x/\x85", False),
    ("http://x/\xa0", True),
    ("", True),
    ("//host/path", True),
    ("?q", True),
    ("#f", True),
    ("urn:isbn:0451450523", True),
    ("mailto:oss@example.com", True),
    ("http://[1:2:3:4:5:6:7:8]/", True),
    ("http://[v1.x]/", True),
    ("a b", False),
    ("http://x/%zz", False),
    ("1a:b", False),
    ("http://x/y#a#b", False),
    ("http://x/\\", False),
    ("https://github.com/FasterXML/${project.artifactId}/issues", False),
    ("http://x/\ud800", False),  # a lone surrogate, as json.loads can produce
]


@pytest.mark.parametrize(("value", "valid"), AGREED)
def test_verdicts_agree_with_rfc3987_syntax(value: str, valid: bool) -> None:
    from rfc3987_syntax import is_valid_syntax

    assert is_iri_reference(value) is valid
    assert bool(is_valid_syntax("iri_reference", value)) is valid


@pytest.mark.parametrize(
    "value", ["http://[::1]/", "http://[2001:db8::1]/x", "http://x/😀", "?-\U000f0001"]
)
def test_valid_by_rfc_3987_though_rfc3987_syntax_refuses(value: str) -> None:
    """Compressed IPv6 literals and characters beyond the BMP (its grammar lists neither)."""
    from rfc3987_syntax import is_valid_syntax

    assert is_iri_reference(value)
    assert not is_valid_syntax("iri_reference", value)


def test_absolute_iri_and_non_strings() -> None:
    assert is_iri("https://例え.jp/")
    assert not is_iri("/relative/path")
    assert is_iri_reference(42) and is_iri(None)


ALPHABET = [*"azAZ09:/?#@!$&'()*+,;=-._~%", "%2F", "http://", "é", "中", "\xa0", "\ue000"]
ALPHABET += ["\ufffe", "\x85", " ", "\\", "{", '"', "<", "|", "^", "`"]


@settings(max_examples=60, deadline=None)  # the reference grammar takes ~20 ms a string
@given(st.lists(st.sampled_from(ALPHABET), max_size=10).map("".join))
def test_agrees_with_rfc3987_syntax_on_bmp_text(value: str) -> None:
    from rfc3987_syntax import is_valid_syntax

    assert is_iri_reference(value) == bool(is_valid_syntax("iri_reference", value))
    assert is_iri(value) == bool(is_valid_syntax("iri", value))
