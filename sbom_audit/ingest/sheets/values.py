"""Numbers, money and currencies as people type them into procurement spreadsheets."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry

_CURRENCY_WORDS = {
    "cny": "CNY", "rmb": "CNY", "人民币": "CNY", "元": "CNY", "¥": "CNY", "￥": "CNY",
    "万元": "CNY", "千元": "CNY", "亿元": "CNY", "人民币元": "CNY",
    "usd": "USD", "us$": "USD", "$": "USD", "美元": "USD", "万美元": "USD",
    "eur": "EUR", "€": "EUR", "欧元": "EUR", "万欧元": "EUR",
    "hkd": "HKD", "hk$": "HKD", "港币": "HKD", "港元": "HKD",
    "gbp": "GBP", "£": "GBP", "英镑": "GBP", "jpy": "JPY", "日元": "JPY",
}  # fmt: skip
_MAGNITUDES = {"千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_CHINESE_UNITS = {
    "千": Decimal(1000), "万": Decimal(10_000), "百万": Decimal(1_000_000),
    "千万": Decimal(10_000_000), "亿": Decimal(100_000_000),
}  # fmt: skip
_CHINESE_UNIT = re.compile(r"(百万|千万|[千万亿])(?:元|美元|欧元|港元|港币|日元|英镑|人民币)")
_PLACEHOLDERS = frozenset({"-", "--", "—", "——", "/", "n/a", "na", "无", "暂无", "不适用"})

# [(] [sign] [currency] [sign] number [万|亿|千] [currency] [trailing minus, as SAP writes] [)]
_MONEY = re.compile(
    r"(?P<open>\()?\s*(?P<sign1>[-+])?\s*(?P<cur1>[^\d\s().,+-]*)\s*(?P<sign2>[-+])?\s*"
    r"(?P<number>\d[\d.,'’_ ]*|\.\d+)(?P<exponent>e[-+]?\d+)?\s*(?P<unit>[千万亿])?\s*"
    r"(?P<cur2>[^\d\s().,+-]*)\s*(?P<sign3>-)?\s*(?P<close>\))?"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_EUROPEAN = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d*)?")


def parse_decimal(value: Any) -> Decimal | None:
    """A number from a cell: 1850000, "1,850,000.00", "¥185万", "(1,200)" (a credit).

    Returns None for a blank cell or a placeholder ("-", "/", "N/A", "无"); raises ValueError
    for text that is not a number.
    """
    money = parse_money(value)
    return money[0] if money else None


def parse_money(value: Any) -> tuple[Decimal, str | None] | None:
    """A number and the currency written with it: "US$ 45,000" -> (45000, "USD").

    Accepts currency symbols, codes and names before or after the number, thousands
    separators, 千/万/亿 magnitudes ("185万元"), credits as "(1,200)", "-1,200" or "1,200-",
    and full-width characters. None for a blank cell; ValueError for anything else.
    """
    kind = type(value)
    if kind is float or kind is int:  # the common cases first: this runs for every number
        return _number(value), None
    if value is None or kind is bool:
        return None
    if isinstance(value, int | float | Decimal):
        return _number(value), None
    text = unicodedata.normalize("NFKC", str(value)).strip().casefold().replace("−", "-")
    if not text or text in _PLACEHOLDERS:
        return None
    match = _MONEY.fullmatch(text)
    if match is None or bool(match["open"]) != bool(match["close"]):
        raise ValueError(f"{value!r} is not a number")
    currency = _cell_currency(match["cur1"], match["cur2"], value)
    number = _digits(match["number"], value) * _exponent(match["exponent"])
    if match["unit"]:
        number *= _MAGNITUDES[match["unit"]]
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    credit = match["open"] or "-" in (match["sign1"], match["sign2"], match["sign3"])
    return (-number if credit else number), currency


def _number(value: int | float | Decimal) -> Decimal:
    if isinstance(value, float):
        if value.is_integer():
            return Decimal(int(value))  # calamine gives 1850000.0 for the integer 1850000
        value = Decimal(repr(value))  # the float's shortest form: 0.1, not 0.1000000000000000055
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _cell_currency(before: str, after: str, value: Any) -> str | None:
    codes = {parse_currency(word) for word in (before, after) if word}
    if None in codes or len(codes) > 1:
        raise ValueError(f"{value!r} is not a number")
    return codes.pop() if codes else None


def _digits(text: str, value: Any) -> Decimal:
    text = re.sub(r"[\s'’_]", "", text)
    if "," in text and "." in text and text.rfind(",") > text.rfind("."):
        if not _EUROPEAN.fullmatch(text):
            raise ValueError(f"{value!r} is not a number")
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        if not _THOUSANDS.fullmatch(text):  # "12,5" could be 12.5 or 125: refuse to guess
            raise ValueError(f"{value!r} is not a number (unclear thousands separators)")
        text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None


def _exponent(text: str | None) -> Decimal:
    if not text:
        return Decimal(1)
    power = int(text[1:])
    if abs(power) > 100:
        raise ValueError(f"{text!r} is not a reasonable exponent")
    return Decimal(10) ** power


def parse_currency(value: Any) -> str | None:
    """An ISO 4217 code from "CNY", "rmb", "人民币", "¥"; None when blank or unrecognised."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    known = _CURRENCY_WORDS.get(text.casefold())
    if known:
        return known
    code = text.upper()
    if len(code) == 3 and code.isascii() and pycountry.currencies.get(alpha_3=code) is not None:
        return code
    return None


def currency_hint(header: str) -> str | None:
    """The currency a header names in passing: "单价(元)" -> CNY, "Price (USD)" -> USD."""
    for word in re.findall(
        r"[A-Za-z$¥￥€£]+|[\u4e00-\u9fff]+", unicodedata.normalize("NFKC", header)
    ):
        found = _CURRENCY_WORDS.get(word.casefold())
        if found:
            return found
    return None


def header_multiplier(header: str) -> Decimal:
    """The unit a money header states: "金额(万元)" -> 10000, "Amount (thousands)" -> 1000."""
    text = unicodedata.normalize("NFKC", header).casefold()
    chinese = _CHINESE_UNIT.search(text)
    if chinese:
        return _CHINESE_UNITS[chinese[1]]
    if re.search(r"\bthousands?\b|'000\b|\bk(?:usd|cny|rmb|eur)\b", text):
        return Decimal(1000)
    if re.search(r"\bmillions?\b|\bm(?:usd|cny|rmb|eur)\b", text):
        return Decimal(1_000_000)
    return Decimal(1)


def text_or_none(value: Any) -> str | None:
    """A cell as stripped text; None when blank."""
    if type(value) is str:  # the common case first: this runs for every cell read
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None
