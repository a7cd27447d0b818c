from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sbom_audit.ingest.values import currency_hint, parse_currency, parse_decimal


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1850000, Decimal(1850000)),
        (2.5, Decimal("2.5")),
        ("1,850,000.00", Decimal("1850000.00")),
        ("¥ 9,800", Decimal(9800)),
        ("185万", Decimal(1850000)),
        ("(1,200)", Decimal(-1200)),
        ("USD 45,000", Decimal(45000)),
        ("", None),
        (None, None),
    ],
)
def test_parse_decimal(raw: object, expected: Decimal | None) -> None:
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["about ten", "1.2.3", float("nan"), "inf"])
def test_parse_decimal_rejects_non_numbers(raw: object) -> None:
    with pytest.raises(ValueError, match="number"):
        parse_decimal(raw)


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.none()))
def test_parse_decimal_returns_number_none_or_value_error(raw: object) -> None:
    try:
        result = parse_decimal(raw)
    except ValueError:
        return
    assert result is None or result.is_finite()


@pytest.mark.parametrize(
    ("raw", "code"),
    [("CNY", "CNY"), ("rmb", "CNY"), ("人民币", "CNY"), ("usd", "USD"), ("EUR", "EUR"),
     ("XYZ", None), ("", None)],
)  # fmt: skip
def test_parse_currency(raw: str, code: str | None) -> None:
    assert parse_currency(raw) == code


def test_currency_hint_from_headers() -> None:
    assert currency_hint("单价(元) Unit price") == "CNY"
    assert currency_hint("Price (USD)") == "USD"
    assert currency_hint("Unit price") is None
