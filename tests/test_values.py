from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sbom_audit.ingest.sheets.values import (
    currency_hint,
    header_multiplier,
    parse_currency,
    parse_decimal,
    parse_money,
    text_or_none,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1850000, Decimal(1850000)),
        (2.5, Decimal("2.5")),
        (1850000.0, Decimal(1850000)),  # calamine's float for an integer cell
        (0.1, Decimal("0.1")),  # the float's shortest form, not 0.1000000000000000055...
        ("1,850,000.00", Decimal("1850000.00")),
        ("¥ 9,800", Decimal(9800)),
        ("￥9,800.50", Decimal("9800.50")),
        ("185万", Decimal(1850000)),
        ("185万元", Decimal(1850000)),
        ("¥18.5万", Decimal(185000)),
        ("1.2亿", Decimal(120000000)),
        ("(1,200)", Decimal(-1200)),
        ("-1,200", Decimal(-1200)),
        ("1,200-", Decimal(-1200)),  # SAP writes credits with a trailing minus
        ("−1,200", Decimal(-1200)),  # U+2212 minus sign
        ("（１，２００）", Decimal(-1200)),  # full-width parentheses, digits and comma
        ("１２３．５", Decimal("123.5")),
        ("-¥1,200", Decimal(-1200)),
        ("¥-1,200", Decimal(-1200)),
        ("USD 45,000", Decimal(45000)),
        ("45,000 USD", Decimal(45000)),
        ("1 200 000", Decimal(1200000)),
        ("1.234.567,89", Decimal("1234567.89")),  # European separators
        ("1e3", Decimal(1000)),
        (".5", Decimal("0.5")),
        ("12,000元", Decimal(12000)),
        ("", None),
        ("  ", None),
        ("-", None),
        ("—", None),
        ("/", None),
        ("N/A", None),
        ("无", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_decimal(raw: object, expected: Decimal | None) -> None:
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["about ten", "1.2.3", float("nan"), "inf", "12,5", "1,2,3", "1,200 元/台", "USD 5 EUR",
     "(5", "5)", "万", "1e999"],
)  # fmt: skip
def test_parse_decimal_rejects_non_numbers(raw: object) -> None:
    with pytest.raises(ValueError, match=r"number|exponent"):
        parse_decimal(raw)


@pytest.mark.parametrize(
    ("raw", "money"),
    [
        ("US$ 45,000", (Decimal(45000), "USD")),
        ("¥1,200", (Decimal(1200), "CNY")),
        ("1,200元", (Decimal(1200), "CNY")),
        ("EUR 5", (Decimal(5), "EUR")),
        ("5", (Decimal(5), None)),
        (5, (Decimal(5), None)),
        ("", None),
    ],
)
def test_parse_money_keeps_the_currency_written_in_the_cell(
    raw: object, money: tuple[Decimal, str | None] | None
) -> None:
    assert parse_money(raw) == money


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.none()))
def test_parse_decimal_returns_number_none_or_value_error(raw: object) -> None:
    try:
        result = parse_decimal(raw)
    except ValueError:
        return
    assert result is None or result.is_finite()


@given(
    st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "¥", "￥", "CNY ", "USD ", "$"]),
    st.sampled_from(["", "元", " CNY"]),
    st.booleans(),
    st.booleans(),
)
def test_parse_decimal_reads_back_what_a_spreadsheet_shows(
    amount: Decimal, prefix: str, suffix: str, credit: bool, full_width: bool
) -> None:
    if prefix in ("USD ", "$") and suffix:
        suffix = ""  # "USD 5 元" names two currencies
    shown = f"{prefix}{amount:,.2f}{suffix}"
    if full_width:
        shown = shown.translate({c: c + 0xFEE0 for c in range(ord("!"), ord("~") + 1)})
    if credit:
        shown = f"({shown})"
    assert parse_decimal(shown) == (-amount if credit else amount)


@given(st.integers(min_value=0, max_value=10**9))
def test_wan_multiplies_by_ten_thousand(number: int) -> None:
    assert parse_decimal(f"{number}万") == number * 10000


@pytest.mark.parametrize(
    ("raw", "code"),
    [("CNY", "CNY"), ("rmb", "CNY"), ("人民币", "CNY"), ("usd", "USD"), ("EUR", "EUR"),
     ("美元", "USD"), ("港币", "HKD"), ("XYZ", None), ("", None), (None, None)],
)  # fmt: skip
def test_parse_currency(raw: str | None, code: str | None) -> None:
    assert parse_currency(raw) == code


@pytest.mark.parametrize(
    ("header", "code"),
    [("单价(元) Unit price", "CNY"), ("Price (USD)", "USD"), ("Unit price", None),
     ("金额(万元)", "CNY"), ("金额（万美元）", "USD")],
)  # fmt: skip
def test_currency_hint_from_headers(header: str, code: str | None) -> None:
    assert currency_hint(header) == code


@pytest.mark.parametrize(
    ("header", "multiplier"),
    [("金额(万元)", 10000), ("金额（万元）", 10000), ("合计金额万元", 10000),
     ("金额(千元)", 1000), ("预算(亿元)", 100000000), ("金额(百万元)", 1000000),
     ("Amount (thousands)", 1000), ("Amount ('000 CNY)", 1000), ("Amount (USD millions)", 10**6),
     ("金额(元)", 1), ("Amount", 1), ("数量(万台)", 1)],
)  # fmt: skip
def test_header_multiplier(header: str, multiplier: int) -> None:
    assert header_multiplier(header) == multiplier


@pytest.mark.parametrize(
    ("raw", "text"),
    [(" Cisco ", "Cisco"), ("", None), ("   ", None), (None, None), (2.0, "2"), (2.5, "2.5"),
     (7, "7")],
)  # fmt: skip
def test_text_or_none(raw: object, text: str | None) -> None:
    assert text_or_none(raw) == text
