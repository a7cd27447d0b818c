"""Numbers, money and currencies as people type them into procurement spreadsheets."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry

_CURRENCY_WORDS = {
    "cny": "CNY", "rmb": "CNY", "人民币": "CNY", "元": "CNY", "¥": "CNY", "￥": "CNY",
    "usd": "USD", "us$": "USD", "$": "USD", "美元": "USD",
    "eur": "EUR", "€": "EUR", "欧元": "EUR",
    "hkd": "HKD", "hk$": "HKD", "港币": "HKD", "港元": "HKD",
    "gbp": "GBP", "£": "GBP", "英镑": "GBP", "jpy": "JPY", "日元": "JPY",
}  # fmt: skip
_NUMBER_NOISE = re.compile(r"[\s,'’_]|rmb|cny|usd|eur|hkd|us\$|hk\$|[¥￥$€£元]")
_WAN = "万"  # ten thousand, as in 185万


def parse_decimal(value: Any) -> Decimal | None:
    """A number from a cell: 1850000, "1,850,000.00", "¥185万", "(1,200)" (a credit).

    Returns None for a blank cell; raises ValueError for text that is not a number.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a finite number")
        return number
    text = unicodedata.normalize("NFKC", str(value)).strip().casefold()
    if not text:
        return None
    negative = (text.startswith("(") and text.endswith(")")) or text.startswith("-")
    text = text.strip("()-+")
    multiplier = Decimal(1)
    if text.endswith(_WAN) or text.endswith(_WAN + "元"):
        multiplier = Decimal(10000)
        text = text.replace(_WAN, "")
    text = _NUMBER_NOISE.sub("", text)
    try:
        number = Decimal(text) * multiplier
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return -number if negative else number


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
    if len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None:
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


def text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None
