"""The parts of a company name that do not tell companies apart: legal forms and place prefixes.

Used by `normalize_name` only. Latin-script legal forms come from cleanco's term data (many
languages); Chinese forms and place names are listed here, because cleanco knows none.
"""

from __future__ import annotations

from cleanco import prepare_default_terms
from cleanco.clean import normalized, strip_punct

# cleanco's `basename` tries all 321 terms on every call (about 10,000 names/s), too slow for
# the ~19,000 organisation names of the OUI tier; the same suffix loop runs here over the
# terms indexed by their last word, with the same result.
_TERMS = prepare_default_terms()
_TERMS_BY_LAST_WORD: dict[str, list[tuple[int, list[str]]]] = {}
for _position, (_, _parts) in enumerate(_TERMS):
    _TERMS_BY_LAST_WORD.setdefault(_parts[-1], []).append((_position, _parts))

# Longest first, so that 股份有限公司 is not left as 股份.
CHINESE_LEGAL_SUFFIXES = (
    "集团股份有限公司", "集团控股有限公司", "控股集团有限公司", "集团有限责任公司",
    "股份有限公司", "有限责任公司", "集团有限公司", "控股有限公司", "股份公司",
    "有限公司", "控股集团", "集團", "集团", "控股", "公司",
)  # fmt: skip

# Provinces and large cities that Chinese company names start with ("杭州海康威视..."). With
# 市/省 too, so the longest spelling goes first. Hong Kong, Macao and Taiwan are left alone.
_PLACES = (
    "北京", "上海", "天津", "重庆", "深圳", "广州", "杭州", "南京", "成都", "武汉", "西安",
    "苏州", "厦门", "福州", "合肥", "济南", "青岛", "长沙", "郑州", "沈阳", "大连", "哈尔滨",
    "长春", "石家庄", "太原", "昆明", "贵阳", "南宁", "南昌", "兰州", "西宁", "银川", "海口",
    "呼和浩特", "乌鲁木齐", "拉萨", "珠海", "东莞", "佛山", "无锡", "宁波", "温州", "常州",
    "广东", "浙江", "江苏", "山东", "福建", "湖北", "湖南", "河南", "河北", "四川", "安徽",
    "辽宁", "吉林", "黑龙江", "陕西", "山西", "云南", "贵州", "广西", "江西", "甘肃", "海南",
    "内蒙古", "新疆", "西藏", "宁夏", "青海",
)  # fmt: skip
CHINESE_PLACE_PREFIXES = tuple(
    sorted({*_PLACES, *(p + "市" for p in _PLACES), *(p + "省" for p in _PLACES)}, key=len)[::-1]
)
_PLACES_BY_HEAD: dict[str, list[str]] = {}
for _place in CHINESE_PLACE_PREFIXES:
    _PLACES_BY_HEAD.setdefault(_place[:2], []).append(_place)
PINYIN_PLACE_PREFIXES = frozenset(
    {
        "beijing", "shanghai", "tianjin", "chongqing", "shenzhen", "guangzhou", "hangzhou",
        "nanjing", "chengdu", "wuhan", "suzhou", "xiamen", "fuzhou", "hefei", "jinan",
        "qingdao", "changsha", "zhengzhou", "shenyang", "dalian", "harbin", "changchun",
        "kunming", "nanchang", "zhuhai", "dongguan", "foshan", "wuxi", "ningbo", "wenzhou",
        "changzhou", "guangdong", "zhejiang", "jiangsu", "shandong", "fujian", "hubei", "hunan",
        "henan", "hebei", "sichuan", "anhui", "liaoning", "jilin", "shaanxi", "shanxi",
        "yunnan", "guizhou", "guangxi", "jiangxi",
    }
)  # fmt: skip

# Words that name an industry, not a company: what is left after a place prefix must be more
# (changing this list changes normalised names: regenerate the OUI tier's file).
INDUSTRY_WORDS_CHINESE = (
    "信息技术", "网络安全", "科技", "技术", "信息", "网络", "电子", "软件", "通信", "通讯",
    "数字", "智能", "安全", "数据", "系统", "产业", "实业", "发展", "国际", "中国", "服务",
    "工程", "设备", "电气", "电器", "计算机", "有限", "股份",
)  # fmt: skip
_PLACE_GENERIC_WORDS = frozenset(
    {
        "technology", "technologies", "tech", "network", "networks", "networking",
        "electronic", "electronics", "electric", "information", "info", "digital", "software",
        "communication", "communications", "telecom", "telecommunication", "system", "systems",
        "science", "sciences", "industrial", "industry", "industries", "group", "holding",
        "holdings", "international", "intelligent", "intelligence", "smart", "data",
        "security", "cloud", "computer", "computing", "development", "trading", "service",
        "services", "engineering", "equipment", "china", "new", "co", "company",
    }
)  # fmt: skip
# Similar names must also be similar without these ("CA Technologies" is not "Cadre
# Technologies"); matching only, so the list may grow without touching normalised names.
INDUSTRY_WORDS = _PLACE_GENERIC_WORDS | frozenset(
    {
        "computers", "telecommunications", "solution", "solutions", "labs", "lab",
        "laboratories", "device", "devices", "product", "products", "wireless",
        "microelectronics", "semiconductor", "semiconductors", "innovation", "innovations",
        "enterprise", "enterprises", "global", "worldwide", "manufacturing", "automation",
        "control", "controls", "instruments", "corporation",
    }
)  # fmt: skip


def strip_latin_legal_forms(text: str) -> str:
    """One pass of cleanco's suffix removal over space-separated lower-case words."""
    words = text.split()
    folded = [word if word.isascii() else strip_punct(normalized(word)) for word in words]
    start = 0
    while folded:
        hit = _next_term(folded, start)
        if hit is None:
            break
        start, size = hit[0] + 1, hit[1]
        del words[-size:]
        del folded[-size:]
    return " ".join(words)


def _next_term(folded: list[str], start: int) -> tuple[int, int] | None:
    for position, parts in _TERMS_BY_LAST_WORD.get(folded[-1], ()):
        if position >= start and folded[-len(parts) :] == parts:
            return position, len(parts)
    return None


def strip_chinese_legal_form(text: str) -> str:
    for suffix in CHINESE_LEGAL_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)].strip()
    return text


def strip_place_prefix(text: str) -> str:
    """Drop a leading Chinese province or city when a company name is left after it.

    "杭州安恒信息技术" -> "安恒信息技术", "hangzhou h3c technologies" -> "h3c technologies";
    "上海贝尔" and "shanghai bell" stay (too little is left to tell companies apart), and so
    does "北京电子科技" (only industry words are left).
    """
    for prefix in _PLACES_BY_HEAD.get(text[:2], ()):
        if text.startswith(prefix):
            rest = text[len(prefix) :].strip()
            return rest if _meaningful_chinese(rest) else text
    first, _, rest = text.partition(" ")
    if first in PINYIN_PLACE_PREFIXES and _meaningful_latin(rest):
        return rest
    return text


def _meaningful_chinese(rest: str) -> bool:
    core = rest.replace(" ", "")
    if len(core) < 3:
        return False
    for word in INDUSTRY_WORDS_CHINESE:
        core = core.replace(word, "")
    return len(core) >= 2


def _meaningful_latin(rest: str) -> bool:
    words = rest.split()
    core = [word for word in words if word not in _PLACE_GENERIC_WORDS]
    if len(words) == 1:
        return bool(core) and len(core[0]) >= 6
    return any(len(word) >= 3 for word in core)
