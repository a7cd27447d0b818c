"""Recognise the columns of a procurement spreadsheet from its (messy, bilingual) headers.

A header names a field when one of the field's synonyms appears in it as whole words (Latin)
or a whole run of Chinese characters: "单价(元) Unit price" is the unit price, "加密功能披露编号
Encryption disclosure ref" the encryption disclosure. A Chinese run also matches without a
trailing 名称/全称/简称 and without a leading 设备/产品/货物/商品: "供应商名称" is 供应商,
"产品品牌" is 品牌. When several fields fit, the longest synonym wins, then the field listed
first. A user's column map (header text as written -> field) overrides all of this.
docs/columns.md shows the same table to users; a test keeps the two equal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from sbom_audit.errors import IngestError

# field -> synonyms. The order of fields breaks ties between equally long matches.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "product", "product name", "item", "item name", "description", "equipment", "device",
        "device name", "goods", "material", "material description", "asset name", "software",
        "software name", "产品", "产品名称", "设备名称", "设备", "名称", "品名", "货物名称",
        "商品名称", "软件名称", "物料名称", "物料描述", "物资名称", "资产名称", "标的名称",
        "采购内容",
    ),
    "model": (
        "model", "model number", "model no", "part number", "part no", "sku", "specification",
        "型号", "规格型号", "型号规格", "产品型号", "规格",
    ),
    "version": (
        "version", "software version", "firmware version", "版本", "版本号", "软件版本",
        "固件版本",
    ),
    "manufacturer": (
        "manufacturer", "vendor", "brand", "maker", "make", "producer", "oem", "publisher",
        "厂商", "制造商", "生产商", "生产厂商", "生产厂家", "厂家", "品牌", "原厂", "原厂商",
        "制造厂商", "品牌厂商", "生产企业", "开发商", "厂牌",
    ),
    "supplier": (
        "supplier", "reseller", "distributor", "integrator", "contractor", "bidder",
        "winning bidder", "seller", "供应商", "供货商", "经销商", "集成商", "代理商",
        "中标供应商", "成交供应商", "中标单位", "中标人", "服务商", "销售商", "承包商",
    ),
    "category": (
        "category", "type", "product type", "device type", "equipment type", "class",
        "asset class", "类别", "类型", "设备类型", "设备类别", "产品类别", "产品类型", "分类",
        "品目", "采购品目", "资产类别", "资产分类", "物料类别",
    ),
    "stated_origin": (
        "country of origin", "origin country", "origin", "made in", "country of manufacture",
        "manufacturing country", "原产国", "原产地", "产地", "原产国别", "原产国家", "生产国",
        "生产国别", "制造国", "国别",
    ),
    "quantity": (
        "quantity", "qty", "count", "units", "number of units", "pcs", "数量", "台数", "套数",
        "台(套)数", "件数", "采购数量",
    ),
    "unit_price": (
        "unit price", "price", "unit cost", "price per unit", "单价", "含税单价", "不含税单价",
        "采购单价", "中标单价", "成交单价", "合同单价",
    ),
    "amount": (
        "amount", "total", "total price", "total amount", "total cost", "line total",
        "extended price", "spend", "value", "contract value", "金额", "总价", "总金额", "合计",
        "合计金额", "金额合计", "总计", "总额", "小计", "含税金额", "不含税金额", "价税合计",
        "采购金额", "合同金额", "中标金额", "成交金额",
    ),
    "currency": (
        "currency", "currency type", "ccy", "币种", "货币", "币别", "货币类型", "货币种类",
        "结算币种",
    ),
    "encryption_disclosure": (
        "encryption disclosure", "encryption disclosure ref", "disclosure", "crypto disclosure",
        "加密披露", "加密功能披露", "加密功能披露编号", "加密备案", "密码备案", "密码备案号",
        "备案号", "商密认证", "商用密码认证", "商用密码产品认证",
    ),
    "purl": ("purl", "package url"),
    "cpe": ("cpe",),
    "website": ("website", "vendor website", "homepage", "url", "网址", "官网", "网站"),
    "business_unit": (
        "business unit", "department", "dept", "entity", "legal entity", "branch", "division",
        "部门", "使用部门", "需求部门", "申请部门", "所属部门", "使用单位", "分行", "所属分行",
        "分支机构", "所属机构", "使用机构", "法人实体",
    ),
    "sbom_reference": (
        "sbom", "sbom file", "sbom file name", "sbom filename", "sbom reference", "sbom ref",
        "sbom url", "sbom link", "sbom path", "sbom location", "product sbom",
        "software bill of materials", "软件物料清单", "软件成分清单", "sbom文件", "sbom文件名",
        "sbom链接", "sbom地址", "产品sbom",
    ),
}  # fmt: skip

# Headers that contain a field's synonym but hold no field: "Item No." is a sequence number,
# not the item; "Vendor code" an ERP key, not the vendor. They beat the shorter synonym.
NOT_FIELDS: tuple[str, ...] = (
    "item no", "item number", "item code", "item id", "product no", "product number",
    "product code", "product id", "device id", "asset no", "asset number", "asset tag",
    "material no", "material number", "material code", "vendor no", "vendor number",
    "vendor code", "vendor id", "supplier no", "supplier number", "supplier code",
    "supplier id", "manufacturer code", "manufacturer id", "price list",
)  # fmt: skip

# field -> (the Item attribute it fills, what it holds), for docs/columns.md
FIELD_DOCS: dict[str, tuple[str, str]] = {
    "name": ("name", "product name; the model stands in when a row has none"),
    "model": ("model", "model or part number"),
    "version": ("version", "software or firmware version"),
    "manufacturer": ("vendor", "maker of the product: decides its origin"),
    "supplier": ("supplier", "reseller or integrator; also the vendor when no column names "
                 "the manufacturer"),
    "category": ("category_text", "kind of product, as written"),
    "stated_origin": ("stated_origin", "country of origin as the sheet states it"),
    "quantity": ("quantity", "number of units"),
    "unit_price": ("unit_price", "price of one unit"),
    "amount": ("spend", "line total; quantity x unit price when the row has none"),
    "currency": ("currency", "currency of the row's prices"),
    "encryption_disclosure": ("encryption_disclosure", "reference of a filed encryption "
                              "disclosure or commercial-cryptography certificate"),
    "purl": ("purl", "package URL"),
    "cpe": ("cpe", "CPE name"),
    "website": ("vendor_domains", "vendor website: its domain helps identify the vendor"),
    "business_unit": ("business_unit", "department, branch or entity that buys or uses the "
                      "product: the summary gives shares per unit"),
    "sbom_reference": ("sbom_reference", "the product's SBOM: a file name, path or URL (several "
                       "separated by `;`); links the row to that SBOM among the inputs"),
}  # fmt: skip

_TOKEN = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]+")
_CJK_SUFFIXES = ("名称", "全称", "简称")
_CJK_PREFIXES = ("设备", "产品", "货物", "商品")


@dataclass(frozen=True, slots=True)
class Column:
    """A recognised column: its 0-based index, the header cell that named it and all the
    header text above it (a merged "金额(万元)" over "单价" states the unit of the prices)."""

    index: int
    header: str
    context: str = ""


def tokens(text: str) -> tuple[str, ...]:
    """Lower-case Latin words and runs of Chinese characters, in order."""
    return tuple(_TOKEN.findall(unicodedata.normalize("NFKC", text).casefold()))


@cache
def _synonym_tokens() -> list[tuple[str, tuple[str, ...]]]:
    pairs = [(field, tokens(s)) for field, synonyms in COLUMN_SYNONYMS.items() for s in synonyms]
    return pairs + [("", tokens(s)) for s in NOT_FIELDS]


def field_of(header: str) -> str | None:
    """The field a header names, or None."""
    words = tuple(_variants(word) for word in tokens(header))
    best: tuple[int, int, str] | None = None
    for order, (field, phrase) in enumerate(_synonym_tokens()):
        if _contains(words, phrase):
            rank = (-len(phrase), order, field)
            if best is None or rank < best:
                best = rank
    return best[2] or None if best else None


@lru_cache(maxsize=4096)
def _variants(word: str) -> frozenset[str]:
    """A token, and for a Chinese run the run without a generic suffix and/or prefix."""
    forms = {word}
    for suffix in _CJK_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            forms.add(word[: -len(suffix)])
    for form in list(forms):
        for prefix in _CJK_PREFIXES:
            if form.startswith(prefix) and len(form) > len(prefix):
                forms.add(form[len(prefix) :])
    return frozenset(forms)


def _contains(words: tuple[frozenset[str], ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(
        all(token in words[i + k] for k, token in enumerate(phrase))
        for i in range(len(words) - size + 1)
    )


def header_key(text: str) -> str:
    """How header text is compared with a column map: NFKC, case and spacing folded."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def resolve_header(
    header_rows: Sequence[Sequence[Any]], column_map: Mapping[str, str] | None = None
) -> dict[str, Column]:
    """Field -> column for a header of one or more rows (merged cells already filled in).

    Each column is named by its lowest header cell that names a field ("合计" under a
    merged "金额"), else by the cells above it. The first column naming a field keeps it.
    """
    overrides = {header_key(k): v for k, v in (column_map or {}).items()}
    width = max((len(row) for row in header_rows), default=0)
    mapping: dict[str, Column] = {}
    for index in range(width):
        texts = _column_texts(header_rows, index)
        for text in reversed(texts):
            field = overrides.get(header_key(text)) or field_of(text)
            if field is not None:
                if field not in mapping:
                    mapping[field] = Column(index, text, " ".join(texts))
                break
    return mapping


def _column_texts(header_rows: Sequence[Sequence[Any]], index: int) -> list[str]:
    """The distinct header texts of one column, top to bottom."""
    texts: list[str] = []
    for row in header_rows:
        cell = row[index] if index < len(row) else None
        text = str(cell).strip() if cell is not None else ""
        if text and text not in texts:
            texts.append(text)
    return texts


def map_columns(
    header_cells: Sequence[Any], column_map: Mapping[str, str] | None = None
) -> dict[str, int]:
    """Field -> column index for one header row; the first column naming a field keeps it."""
    return {f: c.index for f, c in resolve_header([header_cells], column_map).items()}


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
