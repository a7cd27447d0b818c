"""Package URLs in the canonical form cyclonedx-python-lib gives them (`str(PackageURL)`).

Parsing with packageurl costs ~35 µs a purl, more than the rest of reading a component. Most
purls in real SBOMs are already canonical, so a purl made only of characters that packageurl
neither escapes nor case-folds, with sorted lower-case qualifier keys, is taken as it is; any
other purl goes through packageurl. tests/test_cyclonedx_purl.py checks the shortcut against
packageurl on generated purls.
"""

from __future__ import annotations

import re
from itertools import pairwise

from packageurl import PackageURL

_SAFE = r"[A-Za-z0-9._~-]"  # left alone by urllib's quote and unquote
_CANONICAL = re.compile(
    rf"pkg:(?P<type>[a-z][a-z0-9._-]*)/(?P<path>(?:{_SAFE}+/)*{_SAFE}+)"
    rf"(?:@{_SAFE}+)?(?:\?(?P<qualifiers>[a-z][a-z0-9._-]*=[A-Za-z0-9._~:/-]+"
    rf"(?:&[a-z][a-z0-9._-]*=[A-Za-z0-9._~:/-]+)*))?"
)
# packageurl lower-cases namespace and name for these types ...
_LOWER_CASE_TYPES = frozenset(
    {"alpm", "apk", "bitbucket", "bitnami", "composer", "github", "gitlab", "hex", "luarocks",
     "npm", "pub", "pypi", "qpkg"}
)  # fmt: skip
# ... and rewrites names, versions or namespaces of these in other ways.
_OTHER_RULE_TYPES = frozenset({"cpan", "hackage", "huggingface", "mlflow", "oci", "pub", "pypi"})


def canonical_purl(value: str) -> str:
    """`value` as packageurl writes it; ValueError if it is not a package URL."""
    if _is_canonical(value):
        return value
    return str(PackageURL.from_string(value))


def _is_canonical(value: str) -> bool:
    match = _CANONICAL.fullmatch(value)
    if match is None:
        return False
    kind, path, qualifiers = match.group("type", "path", "qualifiers")
    if kind in _OTHER_RULE_TYPES or (kind in _LOWER_CASE_TYPES and path != path.lower()):
        return False
    if kind in "cpan" or kind in "mlflow":  # packageurl tests `type in ("cpan")`: a substring
        return False
    if qualifiers is None:
        return True
    keys = [pair.partition("=")[0] for pair in qualifiers.split("&")]
    return all(a < b for a, b in pairwise(keys))
