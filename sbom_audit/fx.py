"""The exchange-rate table a user gives with --fx: the only rates spend is ever converted at.

YAML::

    reporting_currency: CNY
    as_of: 2026-06-30          # optional, recorded in the report
    rates: {USD: 7.1, EUR: "7.8"}

CSV, one rate a row, every row naming the same reporting currency::

    currency,rate,reporting_currency
    USD,7.1,CNY

A rate is what one unit of the currency is worth in the reporting currency.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pycountry
import yaml

from sbom_audit.errors import IngestError
from sbom_audit.model import FxRates

_YAML_KEYS = frozenset({"reporting_currency", "rates", "as_of"})
_CSV_COLUMNS = ("currency", "rate", "reporting_currency")


def load_fx(path: Path) -> FxRates:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError(f"{path}: cannot read the exchange rates: {exc}") from exc
    if path.suffix.lower() == ".csv":
        return _from_csv(text, str(path))
    return _from_yaml(text, str(path))


def _from_yaml(text: str, source: str) -> FxRates:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise IngestError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise IngestError(f"{source}: expected a mapping with reporting_currency and rates")
    unknown = sorted(str(key) for key in raw if key not in _YAML_KEYS)
    if unknown:
        raise IngestError(f"{source}: unknown key(s) {', '.join(unknown)}; known: "
                          "reporting_currency, rates, as_of")  # fmt: skip
    rates = raw.get("rates")
    if not isinstance(rates, dict) or not rates:
        raise IngestError(f"{source}: 'rates' must map currency codes to rates, e.g. USD: 7.1")
    reporting = _code(raw.get("reporting_currency"), source, "reporting_currency")
    table = {
        _code(code, source, f"rates.{code}"): _rate(value, source, f"rates.{code}")
        for code, value in rates.items()
    }
    as_of = raw.get("as_of")
    return _table(reporting, table, source, None if as_of is None else str(as_of))


def _from_csv(text: str, source: str) -> FxRates:
    rows = list(csv.reader(io.StringIO(text)))
    header = tuple(cell.strip().casefold() for cell in rows[0]) if rows else ()
    if header != _CSV_COLUMNS:
        raise IngestError(
            f"{source}: line 1: the header must be {','.join(_CSV_COLUMNS)}, found "
            f"{','.join(header) or 'nothing'}"
        )
    reporting: set[str] = set()
    table: dict[str, Decimal] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(_CSV_COLUMNS):
            raise IngestError(f"{source}: line {line}: expected 3 values, found {len(row)}")
        code = _code(row[0], source, f"line {line}")
        if code in table:
            raise IngestError(f"{source}: line {line}: a second rate for {code}")
        table[code] = _rate(row[1], source, f"line {line}")
        reporting.add(_code(row[2], source, f"line {line}"))
    if len(reporting) != 1:
        found = ", ".join(sorted(reporting)) or "none"
        raise IngestError(f"{source}: every row must name the same reporting currency; "
                          f"found {found}")  # fmt: skip
    return _table(reporting.pop(), table, source, None)


def _table(reporting: str, rates: dict[str, Decimal], source: str, as_of: str | None) -> FxRates:
    own = rates.pop(reporting, None)
    if own is not None and own != 1:
        raise IngestError(f"{source}: the rate of the reporting currency {reporting} must be 1, "
                          f"not {own}")  # fmt: skip
    return FxRates(reporting, dict(sorted(rates.items())), source, as_of)


def _code(value: Any, source: str, where: str) -> str:
    code = str(value).strip().upper() if isinstance(value, str) else ""
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise IngestError(f"{source}: {where}: {value!r} is not an ISO 4217 currency code")
    return code


def _rate(value: Any, source: str, where: str) -> Decimal:
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        rate = Decimal(str(value).strip())
    except InvalidOperation:
        raise IngestError(f"{source}: {where}: rate {value!r} is not a number") from None
    if not rate.is_finite() or rate <= 0:
        raise IngestError(f"{source}: {where}: rate {value!r} must be a positive number")
    return rate
