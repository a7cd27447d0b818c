"""Recognise the columns of a procurement spreadsheet from its (messy, bilingual) headers.

A header names a field when one of the field's synonyms appears in it as whole words (Latin)
or a whole run of Chinese characters: "单价(元) Unit price" is the unit price, "加密功能披露编号
Encryption disclosure ref" the encryption disclosure. When several fields fit, the longest
synonym wins, then the field listed first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sbom_audit.errors import IngestError

# field -> synonyms. The order of fields breaks ties between equally long matches.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "product", "product name", "item", "item name", "description", "equipment", "device",
        "device name", "goods", "产品", "产品名称", "设备名称", "设备", "名称", "品名",
        "货物名称", "商品名称", "软件名称",
    ),
    "model": ("model", "model number", "part number", "sku", "型号", "规格型号", "产品型号"),
    "version": ("version", "software version", "版本", "版本号"),
    "manufacturer": (
        "manufacturer", "vendor", "brand", "maker", "producer", "oem", "厂商", "制造商",
        "生产厂商", "生产厂家", "厂家", "品牌", "原厂",
    ),
    "supplier": (
        "supplier", "reseller", "distributor", "integrator", "供应商", "供货商", "经销商",
        "集成商", "代理商",
    ),
    "category": (
        "category", "type", "product type", "device type", "equipment type", "class",
        "类别", "类型", "设备类型", "产品类别", "产品类型", "分类",
    ),
    "quantity": ("quantity", "qty", "count", "units", "number of units", "数量", "台数"),
    "unit_price": ("unit price", "price", "unit cost", "price per unit", "单价"),
    "amount": (
        "amount", "total", "total price", "total amount", "line total", "extended price",
        "spend", "金额", "总价", "总金额", "合计", "合计金额",
    ),
    "currency": ("currency", "币种", "货币", "币别"),
    "encryption_disclosure": (
        "encryption disclosure", "encryption disclosure ref", "disclosure", "crypto disclosure",
        "加密披露", "加密功能披露", "加密功能披露编号", "密码备案", "备案号",
    ),
    "purl": ("purl", "package url"),
    "cpe": ("cpe",),
    "website": ("website", "vendor website", "homepage", "url", "网址", "官网"),
}  # fmt: skip

_TOKEN = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]+")


def tokens(text: str) -> tuple[str, ...]:
    """Lower-case Latin words and runs of Chinese characters, in order."""
    return tuple(_TOKEN.findall(unicodedata.normalize("NFKC", text).casefold()))


@cache
def _synonym_tokens() -> list[tuple[str, tuple[str, ...]]]:
    return [(field, tokens(s)) for field, synonyms in COLUMN_SYNONYMS.items() for s in synonyms]


def field_of(header: str) -> str | None:
    """The field a header names, or None."""
    words = tokens(header)
    best: tuple[int, int, str] | None = None
    for order, (field, phrase) in enumerate(_synonym_tokens()):
        if _contains(words, phrase):
            rank = (-len(phrase), order, field)
            if best is None or rank < best:
                best = rank
    return best[2] if best else None


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def map_columns(header_cells: Sequence[Any]) -> dict[str, int]:
    """Field -> column index for one header row; the first column naming a field keeps it."""
    mapping: dict[str, int] = {}
    for index, cell in enumerate(header_cells):
        if cell is None:
            continue
        field = field_of(str(cell))
        if field is not None and field not in mapping:
            mapping[field] = index
    return mapping


def load_column_map(path: Path) -> dict[str, str]:
    """A user's column map: a YAML mapping of header text (as written) to field name.

    Example: {"Hersteller": manufacturer, "采购金额": amount}.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise IngestError(f"{path}: cannot read the column map: {exc}") from exc
    if not isinstance(raw, dict):
        raise IngestError(f"{path}: the column map must map header text to a field name")
    mapping: dict[str, str] = {}
    for header, field in raw.items():
        if field not in COLUMN_SYNONYMS:
            known = ", ".join(COLUMN_SYNONYMS)
            raise IngestError(f"{path}: {field!r} (for {header!r}) is not a field; known: {known}")
        mapping[str(header)] = str(field)
    return mapping
