"""Spend in several currencies: per currency, and converted only at the rates a user gives."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_metrics import CN, US, audited, report

from sbom_audit.cli import main
from sbom_audit.errors import IngestError
from sbom_audit.fx import load_fx
from sbom_audit.model import UNKNOWN_ORIGIN, FxRates
from sbom_audit.policy.metrics import summarise
from sbom_audit.report.document import report_document
from sbom_audit.report.terminal import render_summary

RATES = FxRates("CNY", {"USD": Decimal(7), "EUR": Decimal("7.8")}, "rates.yaml", "2026-06-30")
# CNY 300 domestic; USD 100 foreign, 10 unknown, 20 domestic
MIXED = [
    audited(CN, "server", 300, 1),
    audited(US, "server", 100, 2, currency="USD"),
    audited(UNKNOWN_ORIGIN, "server", 10, 3, currency="USD"),
    audited(CN, "switch", 20, 4, currency="USD"),
]


def test_yaml_table(tmp_path: Path) -> None:
    path = tmp_path / "rates.yaml"
    path.write_text(
        "reporting_currency: cny\nas_of: 2026-06-30\nrates:\n  USD: 7.1\n  eur: '7.80'\n  CNY: 1\n",
        encoding="utf-8",
    )
    assert load_fx(path) == FxRates(
        "CNY", {"EUR": Decimal("7.80"), "USD": Decimal("7.1")}, str(path), "2026-06-30"
    )


def test_csv_table(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("currency,rate,reporting_currency\nUSD,7.1,CNY\n\nHKD,0.91,CNY\n", "utf-8")
    assert load_fx(path) == FxRates(
        "CNY", {"HKD": Decimal("0.91"), "USD": Decimal("7.1")}, str(path), None
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("r.yaml", "reporting_currency: CNY\nrates: {XYZ: 1.5}\n",
         "rates.XYZ: 'XYZ' is not an ISO 4217 currency code"),
        ("r.yaml", "reporting_currency: CNY\nrates: {USD: -7}\n",
         "rates.USD: rate -7 must be a positive number"),
        ("r.yaml", "reporting_currency: CNY\nrates: {USD: seven}\n",
         "rates.USD: rate 'seven' is not a number"),
        ("r.yaml", "rates: {USD: 7}\n", "reporting_currency: None is not an ISO 4217"),
        ("r.yaml", "reporting_currency: CNY\nrates: {USD: 7}\nsource: bank\n",
         "unknown key(s) source"),
        ("r.yaml", "reporting_currency: CNY\nrates: {CNY: 2, USD: 7}\n",
         "the rate of the reporting currency CNY must be 1, not 2"),
        ("r.csv", "code,rate\nUSD,7\n", "line 1: the header must be currency,rate,reporting_currency"),
        ("r.csv", "currency,rate,reporting_currency\nUSD,7,CNY\nEUR,8,USD\n",
         "every row must name the same reporting currency; found CNY, USD"),
        ("r.csv", "currency,rate,reporting_currency\nUSD,7,CNY\nUSD,7.2,CNY\n",
         "line 3: a second rate for USD"),
        ("r.csv", "currency,rate,reporting_currency\nUSD,7\n", "line 2: expected 3 values, found 2"),
    ],
)  # fmt: skip
def test_a_malformed_table_is_refused_with_the_place(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        load_fx(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_several_currencies_are_converted_at_the_given_rates() -> None:
    summary = summarise(MIXED, [], RATES)
    overall = summary.overall
    # in CNY: domestic 300 + 20x7 = 440, foreign 700, unknown 70, total 1210
    assert (overall.spend, overall.domestic_spend, overall.foreign_spend) == (1210, 440, 700)
    assert overall.domestic_share_spend == round(440 / 1210, 6)
    assert overall.domestic_share_spend_known == round(440 / 1140, 6)
    assert overall.domestic_share_spend_bounds == (round(440 / 1210, 6), round(510 / 1210, 6))
    assert summary.by_category["switch"].spend == 140
    assert (summary.currency, summary.fx_rates_used, summary.spend_notes) == (
        "CNY", {"USD": Decimal(7)}, ()
    )  # fmt: skip


def test_spend_per_currency_is_reported_as_written() -> None:
    by_currency = summarise(MIXED, []).spend_by_currency
    assert list(by_currency) == ["CNY", "USD"]
    assert by_currency["CNY"].spend == 300
    usd = by_currency["USD"]
    assert (usd.spend, usd.domestic_spend, usd.foreign_spend, usd.unknown_spend) == (
        130,
        20,
        100,
        10,
    )
    assert usd.domestic_share_spend == round(20 / 130, 6)


def test_without_rates_several_currencies_leave_spend_shares_out() -> None:
    summary = summarise(MIXED, [])
    assert summary.overall.spend is None and summary.currency is None
    assert summary.spend_notes == (
        "spend is in several currencies (CNY, USD): shares by spend not computed; "
        "give a rates table with --fx to convert",
    )


def test_a_currency_without_a_rate_is_never_guessed() -> None:
    items = [*MIXED, audited(US, "server", 5, 5, currency="JPY")]
    summary = summarise(items, [], RATES)
    assert summary.overall.spend is None and summary.currency is None
    assert summary.spend_notes == (
        "rates.yaml: no rate for JPY into CNY: shares by spend not computed",
    )
    assert summary.spend_by_currency["JPY"].spend == 5


def test_one_currency_is_converted_when_a_rate_is_given_and_kept_when_not() -> None:
    items = [
        audited(CN, "server", 30, 1, currency="USD"),
        audited(US, "server", 10, 2, currency=None),
    ]
    converted = summarise(items, [], RATES)
    assert (converted.currency, converted.overall.spend, converted.overall.domestic_spend) == (
        "CNY", 280, 210
    )  # fmt: skip
    kept = summarise(items, [], FxRates("CNY", {"EUR": Decimal(8)}, "eur.csv"))
    assert (kept.currency, kept.overall.spend) == ("USD", 40)
    assert kept.spend_notes == (
        "eur.csv: no rate for USD into CNY: spend is reported in USD, not converted",
    )


def test_the_rates_used_are_recorded_in_the_json_and_printed() -> None:
    audit = report(MIXED, RATES)
    summary = report_document(audit)["summary"]
    assert summary["fx"] == {
        "reporting_currency": "CNY", "source": "rates.yaml", "as_of": "2026-06-30",
        "rates_used": {"USD": 7},
    }  # fmt: skip
    assert summary["spend_by_currency"]["USD"]["domestic_share_spend"] == round(20 / 130, 6)
    assert summary["spend"] == 1210
    text = render_summary(audit)
    assert "Domestic share by spend: 36.4% of CNY 1,210.00" in text
    assert "  converted to CNY at the rates of rates.yaml: USD 7" in text
    assert "  spend by currency: CNY 300.00 (100.0% domestic), USD 130.00 (15.4% domestic)" in text


def test_fx_from_the_command_line(tmp_path: Path) -> None:
    sheet = tmp_path / "list.csv"
    sheet.write_text(
        "Product,Manufacturer,Amount,Currency\nMX204,Juniper Networks,100,USD\n"
        "NE40E,Huawei,300,CNY\n",
        encoding="utf-8",
    )
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate,reporting_currency\nUSD,7,CNY\n", encoding="utf-8")
    target = tmp_path / "r.json"
    args = ["audit", str(sheet), "--fx", str(rates), "-o", str(target), "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(target.read_text(encoding="utf-8"))["summary"]
    assert (summary["currency"], summary["spend"], summary["domestic_spend"]) == ("CNY", 1000, 300)
    assert summary["fx"]["rates_used"] == {"USD": 7}

    rates.write_text("currency,rate,reporting_currency\nUSD,0,CNY\n", encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert f"error: {rates}: line 2: rate '0' must be a positive number" in result.output
