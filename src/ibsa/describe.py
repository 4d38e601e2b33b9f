"""Wording for structured catalogue data (penalties, periods, deadlines), in English or in Chinese.

Presentation only: the numbers come from the catalogue, this module words them. The language is set once per
build (`set_language`, called by the Sphinx extension when `language` is zh_CN); English is the default.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from babel.dates import format_date

from ibsa.model import Deadline, EventType, InForce, Instrument, Penalty, PenaltyTier, Provision

_LANGUAGE = ["en"]


def set_language(language: str | None) -> None:
    """'zh_CN' (or any 'zh...') words everything in Chinese from now on; anything else in English."""
    _LANGUAGE[0] = "zh_CN" if (language or "").startswith("zh") else "en"


def language() -> str:
    return _LANGUAGE[0]


def _zh() -> bool:
    return _LANGUAGE[0] == "zh_CN"


def semicolon() -> str:
    """Between items of a list that may hold commas: '; ', in Chinese '；'."""
    return "；" if _zh() else "; "


def comma() -> str:
    """Between short items of a list: ', ', in Chinese '、'."""
    return "、" if _zh() else ", "


JURISDICTIONS = {"CN": "Mainland China", "KR": "South Korea", "US": "United States (federal)",
                 "UK": "England and Wales", "AU": "Australia (Commonwealth)", "EU": "European Union", "TW": "Taiwan",
                 "JP": "Japan", "HK": "Hong Kong", "INT": "International instruments"}
JURISDICTIONS_ZH = {"CN": "中国内地", "KR": "韩国", "US": "美国（联邦）", "UK": "英格兰和威尔士",
                    "AU": "澳大利亚（联邦）", "EU": "欧盟", "TW": "台湾地区", "JP": "日本", "HK": "香港特别行政区",
                    "INT": "国际文书"}


def jurisdiction(code: str) -> str:
    """A jurisdiction's name in the build's language ('Mainland China', '中国内地'); an unknown code as given."""
    return (JURISDICTIONS_ZH if _zh() else JURISDICTIONS).get(code, code)


def day(d: dt.date) -> str:
    """'1 January 2026'; in Chinese '2026年1月1日'."""
    if _zh():
        return format_date(d, format="long", locale="zh_CN")
    return f"{d.day} {d:%B %Y}"


def moment(d: dt.date, time: str | None) -> str:
    """'5 January 2026, 15:10' ('2026年1月5日 15:10'), or the day alone where no time is given."""
    if _zh():
        return f"{day(d)} {time}" if time else day(d)
    return f"{day(d)}, {time}" if time else day(d)


def period(in_force: InForce) -> str:
    """'in force from 1 January 2026'; in Chinese '自2026年1月1日起施行'."""
    if _zh():
        return _period_zh(in_force)
    if in_force.pending:
        return f"adopted {day(in_force.from_)}; not yet in force"
    applies = f", applying from {day(in_force.applies_from)}" if in_force.applies_from else ""
    if in_force.until is None:
        return f"in force from {day(in_force.from_)}{applies}"
    return f"in force {day(in_force.from_)} to {day(in_force.until)}{applies}"


CURRENCY = {"CNY": "yuan", "KRW": "won", "USD": "US dollars", "GBP": "pounds", "AUD": "Australian dollars",
            "EUR": "euros", "TWD": "New Taiwan dollars", "JPY": "yen", "HKD": "Hong Kong dollars"}


def _num(x: float) -> str:
    return f"{x:,.0f}" if x == int(x) and x >= 10000 else f"{x:g}"


def _range(lo: float | None, hi: float | None, unit: str) -> str:
    if lo and hi:
        return f"{_num(lo)} to {_num(hi)} {unit}"
    if hi:
        return f"up to {_num(hi)} {unit}"
    return f"at least {_num(lo)} {unit}" if lo else ""


def _prison(lo: float | None, hi: float | None) -> str:
    """Years, or months where a bound is not a whole year (6 months, 18 months)."""
    bounds = [x for x in (lo, hi) if x is not None]
    if all(x == int(x) for x in bounds):
        return _range(lo, hi, "years' imprisonment")
    if all(x <= 2.5 for x in bounds):
        return _range(lo and round(lo * 12), hi and round(hi * 12), "months' imprisonment")
    # mixed, as after a statutory increase by one half: "9 months' to 7.5 years'", not "9 to 90 months'"
    def term(x: float) -> str:
        return f"{round(x * 12)} months'" if x < 2 and x != int(x) else f"{x:g} years'"
    if lo and hi:
        return f"{term(lo)} to {term(hi)} imprisonment"
    return f"up to {term(hi)} imprisonment" if hi else f"at least {term(lo)} imprisonment"


def tier_en(t: PenaltyTier, currency: str = "CNY") -> str:
    """One tier as a phrase: 'up to 3 years' imprisonment, criminal detention or public surveillance'."""
    main: list[str] = []
    prison = _prison(t.min_imprisonment_years, t.max_imprisonment_years)
    if t.life_imprisonment:
        prison = f"{prison} or life imprisonment" if prison else "life imprisonment"
    if t.death_penalty:
        prison = f"{prison} or death" if prison else "death"
    main += [prison] if prison else []
    main += ["criminal detention"] if t.criminal_detention else []
    main += ["public surveillance"] if t.public_surveillance else []
    main += ["deprivation of political rights"] if t.deprivation_of_political_rights else []
    detention = _range(t.min_detention_days, t.max_detention_days, "days' administrative detention")
    main += [detention] if detention else []
    main += ["a warning"] if t.warning else []
    fine = _range(t.fine_min, t.fine_max, CURRENCY[currency])
    if t.revenue_percent_max is not None:
        share = f"{t.revenue_percent_max:g}% of worldwide revenue"
        fine = f"{fine} or {share}, whichever is greater" if fine else f"up to {share}"
    word = "a civil penalty" if t.civil_penalty else "a fine"
    fine = f"{word} of {fine}" if fine else word
    text = ", ".join(main[:-1]) + (" or " if len(main) > 1 else "") + (main[-1] if main else "")
    match t.fine.value:
        case "alternative":
            text = f"{text} or {fine}" if text else fine
        case "either_or_both":
            text = f"{text} or {fine}, or both" if text else fine
        case "optional":
            text = f"{text}; {fine} may be added"
        case "mandatory":
            text = f"{text}, with {fine}"
    return text


def _period_zh(in_force: InForce) -> str:
    if in_force.pending:
        return f"{day(in_force.from_)}通过，尚未施行"
    applies = f"，自{day(in_force.applies_from)}起适用" if in_force.applies_from else ""
    if in_force.until is None:
        return f"自{day(in_force.from_)}起施行{applies}"
    return f"{day(in_force.from_)}至{day(in_force.until)}施行{applies}"


def tier(t: PenaltyTier, currency: str = "CNY") -> str:
    """One tier as a phrase in the build's language."""
    return tier_zh(t, currency) if _zh() else tier_en(t, currency)


def heaviest(penalty: Penalty) -> PenaltyTier:
    return max(penalty.tiers, key=lambda t: (
        t.death_penalty, t.life_imprisonment, t.max_imprisonment_years or 0, t.max_detention_days or 0,
        t.fine_max or 0))


def no_penalty() -> str:
    return "本条不设罚则" if _zh() else "no penalty (not a punishing provision)"


def maximum(penalty: Penalty | None) -> str:
    return tier(heaviest(penalty), penalty.currency) if penalty else no_penalty()


def tiers(penalty: Penalty | None) -> str:
    """Every tier of a penalty: 'basic: up to 5 days' administrative detention or a fine of up to 1000 yuan;
    serious circumstances: ...' (in Chinese '基本：处五日以下行政拘留或者一千元以下罚款；……')."""
    if penalty is None:
        return no_penalty()
    if _zh():
        return "；".join(f"{t.label}：{tier(t, penalty.currency)}" for t in penalty.tiers)
    return "; ".join(f"{t.label}: {tier(t, penalty.currency)}" for t in penalty.tiers)


_UNIT_ZH = {"days": "日", "working_days": "个工作日", "months": "个月"}


def deadline(d: Deadline) -> str:
    """'3 days', '24 hours', '7 working days'; in Chinese '三日', '24小时', '七个工作日', '六个月'."""
    if _zh():
        return f"{d.hours}小时" if d.hours is not None else f"{zh_number(d.days or 0)}{_UNIT_ZH[d.unit]}"
    if d.hours is not None:
        return f"{d.hours} hours"
    return f"{d.days} {d.unit.replace('_', ' ')}"


def event(name: str, events: Mapping[str, EventType] | None = None) -> str:
    """An event in words: the first clause of its definition in law/events.yaml ('the police send the report to
    the authority that has jurisdiction, with a transfer notice'), or its name spelt out where none is known."""
    found = (events or {}).get(name)
    if found is None:
        return name.replace("_", " ")
    if _zh():  # the first clause of the (translated) definition: up to 。 or ；
        return re.split(r"[。；;]", found.definition.strip())[0].strip()
    text = re.split(r"(?<=[a-z)])\. |; ", found.definition.strip())[0].rstrip(".")
    text = re.sub(r"^Having [^,]+, ", "", text)  # 'Having reviewed a report, the police conclude' -> 'the police ...'
    return text[:1].lower() + text[1:] if not text[1:2].isupper() else text


def initial_cap(text: str) -> str:
    """'the police ...' -> 'The police ...' (str.capitalize would lower-case the rest: 'PSAPL', 'Art.')."""
    return text[:1].upper() + text[1:]


def time_limit(d: Deadline, events: Mapping[str, EventType] | None = None) -> str:
    """A time limit as a phrase: 'within 24 hours of when the police conclude that ... : the police send the report
    to the authority that has jurisdiction'."""
    if _zh():
        start = f"自{event(d.from_event, events)}" + ("时起" if d.hours is not None else "之日起")
        text = f"{start}{deadline(d)}内"
        return f"{text}：{event(d.to_event, events)}" if d.to_event else text
    text = f"within {deadline(d)} of when {event(d.from_event, events)}"
    return f"{text}; by then, {event(d.to_event, events)}" if d.to_event else text


def citation(prov: Provision, inst: Instrument | None) -> str:
    """How a provision is cited in text: 'Criminal Law Art. 246'; in Chinese
    '《中华人民共和国刑法》第二百四十六条'."""
    if _zh():
        return citation_zh(prov, inst)
    short = (inst.short or inst.title.en) if inst else prov.instrument
    return f"{short} {prov.article}" + (f" ({prov.part})" if prov.part else "")


def book_title(title: str) -> str:
    """'中华人民共和国刑事诉讼法（2018年修正）' -> '《中华人民共和国刑事诉讼法》（2018年修正）'; a title quoted inside
    it takes 〈〉 ('《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》（法释〔2021〕1号）')."""
    if title.startswith("《"):
        return title
    m = re.fullmatch(r"(.+?)((?:（[^（）]*）)*)", title)
    head, tail = (m[1], m[2]) if m else (title, "")
    return f"《{head.replace('《', '〈').replace('》', '〉')}》{tail}"


def _foreign_title(title: str) -> str:
    """A foreign instrument's Chinese title without the part or chapter it names, which the article reference
    makes redundant: '台湾地区"刑法"第二十八章之一……' -> '台湾地区"刑法"'."""
    title = re.sub(r"(?<!（)第[^（）《》]+?[部章条].*$", "", title).translate(str.maketrans({"條": "条"}))
    return title if "《" in title or "\"" in title else book_title(title)


# Taiwan and Japan number 條-項-款 (JP 条-項-号); the mainland numbers 条-款-项: 項 is a 款 here, 款/号 a 项.
_TO_MAINLAND = str.maketrans({"條": "条", "項": "款", "款": "项", "號": "项", "号": "项"})


def article_zh(prov: Provision) -> str:
    """The article reference in mainland Chinese: the original for CN; TW, HK and JP originals with the
    mainland's numbering words; Korean '제14조의2 제1항' -> '第14条之2第1款'; other jurisdictions from the
    English reference ('Art. 16(1)' -> '第16条第1款', 's. 66B(2)' -> '第66B条第(2)款')."""
    original = prov.article_original
    if original and prov.id.startswith("CN-"):
        return original
    if original and prov.id.startswith("KR-"):
        text = re.sub(r"제(\d+)조(?:의(\d+))?", lambda m: f"第{m[1]}条" + (f"之{m[2]}" if m[2] else ""), original)
        text = re.sub(r"제(\d+)항", r"第\1款", text)
        return re.sub(r"제(\d+)호", r"第\1项", text).replace(" ", "")
    if original:
        return original.translate(_TO_MAINLAND)
    return _english_article_zh(prov.article)


_ENGLISH_ARTICLE = re.compile(r"(?:Art\.|Article|s\.|[Ss]ection)\s*([0-9][0-9A-Za-z.\-]*?)((?:\([0-9a-zA-Z]+\))*)")


def _english_article_zh(article: str) -> str:
    if article == "whole text":  # an instrument cited as a whole (a general recommendation)
        return "全文"
    m = _ENGLISH_ARTICLE.fullmatch(article.strip())
    if not m:
        return article
    head, subs = m[1], re.findall(r"\(([0-9a-zA-Z]+)\)", m[2])
    text = f"第{head}条"
    words = ["款", "项", "目"]
    for i, s in enumerate(subs[:3]):
        text += f"第{s}{words[i]}" if s.isdigit() else f"第({s}){words[i]}"
    return text


def article(prov: Provision) -> str:
    """The article reference alone, in the page's language: 'Art. 236'; '第二百三十六条'."""
    return article_zh(prov) if _zh() else prov.article


def citation_zh(prov: Provision, inst: Instrument | None) -> str:
    article = article_zh(prov) + (f"（{prov.part}）" if prov.part else "")
    if inst is None:
        return f"{prov.instrument} {article}"
    if inst.jurisdiction == "CN":
        return f"{book_title(inst.title.original or inst.title.zh or inst.title.en)}{article}"
    return f"{_foreign_title(inst.title.zh or inst.title.original or inst.title.en)}{article}"


# ------------------------------------------------------------------ Chinese (zh_CN)
# Statutory Chinese, as the Criminal Law and the PSAPL word their own penalties: Chinese numerals, "以上/以下"
# bounds that include the figure (Criminal Law Art. 99), 罚金 for a criminal fine and 罚款 for an administrative one.

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def _zh_under_10000(n: int) -> str:
    out, zero = "", False
    for size, unit in _SMALL_UNITS:
        digit, n = divmod(n, size)
        if digit:
            out += ("零" if zero and out else "") + _DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero and out else "") + _DIGITS[n]
    return out


def zh_number(n: int) -> str:
    """An integer in Chinese numerals as statutes write them: 3 -> 三, 15 -> 十五, 500000 -> 五十万,
    165000 -> 十六万五千, 100000000 -> 一亿."""
    if n == 0:
        return "零"
    parts: list[str] = []
    for size, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk, n = divmod(n, size)
        if chunk:
            if parts and chunk < 1000:
                parts.append("零")
            parts.append(_zh_under_10000(chunk) + unit)
        elif parts and n:
            parts.append("零") if parts[-1] != "零" else None
    text = "".join(parts)
    text = re.sub("零+", "零", text).rstrip("零")
    # 10-19 read 十, 十五 (not 一十五) at the start, as in 十日, 十五日, 十万元
    return text[1:] if text.startswith("一十") else text


CURRENCY_ZH = {"CNY": "元", "KRW": "韩元", "USD": "美元", "GBP": "英镑", "AUD": "澳元", "EUR": "欧元",
               "TWD": "新台币", "JPY": "日元", "HKD": "港元"}


def _zh_money(x: float, unit: str) -> str:
    return f"{zh_number(int(x)) if x == int(x) else f'{x:g}'}{unit}"


def _zh_bounds(lo: str | None, hi: str | None) -> str:
    if lo and hi:
        return f"{lo}以上{hi}以下"
    if hi:
        return f"{hi}以下"
    return f"{lo}以上" if lo else ""


def _zh_term(years: float) -> str:
    """A term of imprisonment: 三年, 六个月, 一年六个月, 七年六个月."""
    months = round(years * 12)
    whole, rest = divmod(months, 12)
    text = f"{zh_number(whole)}年" if whole else ""
    return text + (f"{zh_number(rest)}个月" if rest else "")


# Imprisonment in the civil-law systems of the region is 有期徒刑 (징역, 懲役/拘禁刑); common-law custody is 监禁.
_FIXED_TERM = {"CNY": "有期徒刑", "TWD": "有期徒刑", "KRW": "有期徒刑", "JPY": "有期徒刑"}


def _zh_prison(t: PenaltyTier, currency: str) -> str:
    lo, hi = t.min_imprisonment_years, t.max_imprisonment_years
    if currency == "CNY" and lo and hi == 15:
        hi = None  # Criminal Law Art. 45 caps a fixed term at 15 years; the statute says "十年以上有期徒刑"
    bounds = _zh_bounds(lo and _zh_term(lo), hi and _zh_term(hi))
    return f"{bounds}{_FIXED_TERM.get(currency, '监禁')}" if bounds else ""


def _zh_criminal(t: PenaltyTier) -> bool:
    return bool(t.min_imprisonment_years or t.max_imprisonment_years or t.life_imprisonment or t.death_penalty
                or t.criminal_detention or t.public_surveillance or t.deprivation_of_political_rights)


def _zh_list(items: list[str]) -> str:
    """'三年以下有期徒刑、拘役或者管制'."""
    if len(items) < 2:
        return "".join(items)
    return "、".join(items[:-1]) + "或者" + items[-1]


def _zh_fine(t: PenaltyTier, currency: str, criminal: bool) -> str:
    word = "民事罚款" if t.civil_penalty else "罚金" if criminal else "罚款"
    # the currency is named once: 新台币六万元以上六十万元以下, 十万元以上五十万元以下
    unit = "元" if currency == "TWD" else CURRENCY_ZH[currency]
    money = _zh_bounds(t.fine_min and _zh_money(t.fine_min, unit), t.fine_max and _zh_money(t.fine_max, unit))
    if money and currency == "TWD":
        money = f"新台币{money}"
    if t.revenue_percent_max is not None:
        share = f"全球营业额百分之{zh_number(int(t.revenue_percent_max))}" if t.revenue_percent_max == int(
            t.revenue_percent_max) else f"全球营业额的{t.revenue_percent_max:g}%"
        if money:
            return f"{money[:-2]}或者{share}以下的{word}，以较高者为准"
        return f"{share}以下的{word}"
    return f"{money}{word}"


def tier_zh(t: PenaltyTier, currency: str = "CNY", criminal: bool | None = None) -> str:
    """One tier in statutory Chinese: '处三年以下有期徒刑、拘役或者管制，并处罚金'."""
    criminal = _zh_criminal(t) if criminal is None else criminal or _zh_criminal(t)
    main: list[str] = []
    prison = _zh_prison(t, currency)
    main += [prison] if prison else []
    main += ["无期徒刑"] if t.life_imprisonment else []
    main += ["死刑"] if t.death_penalty else []
    main += ["拘役"] if t.criminal_detention else []
    main += ["管制"] if t.public_surveillance else []
    main += ["剥夺政治权利"] if t.deprivation_of_political_rights else []
    days = _zh_bounds(t.min_detention_days and f"{zh_number(t.min_detention_days)}日",
                      t.max_detention_days and f"{zh_number(t.max_detention_days)}日")
    main += [f"{days}行政拘留"] if days else []
    main += ["警告"] if t.warning else []
    fine = _zh_fine(t, currency, criminal)
    text = _zh_list(main)
    match t.fine.value:
        case "alternative" if not text:
            return f"处{fine}"
        case "alternative" if currency == "CNY" and criminal:
            return f"处{text}，并处或者单处{fine}"  # how the Criminal Law words "a fine instead or as well"
        case "alternative":
            return f"处{_zh_list([*main, fine])}"
        case "either_or_both" if not text:
            return f"处{fine}"
        case "either_or_both" if currency == "CNY":
            return f"处{text}，并处或者单处{fine}"
        case "either_or_both":
            return f"处{_zh_list([*main, fine])}，或者两者并处"
        case "optional" if not text:
            return f"可以处{fine}"
        case "optional":
            return f"处{text}，可以并处{fine}"
        case "mandatory" if not text:
            return f"处{fine}"
        case "mandatory":
            return f"处{text}，并处{fine}"
    return f"处{text}" if text else ""


def minutes(total: int) -> str:
    """A length of time in class: '45 minutes', '3 hours', '4 hours 15 minutes' ('45分钟', '3小时', '4小时15分钟')."""
    hours, rest = divmod(total, 60)
    if language() == "zh_CN":
        return (f"{hours}小时" if hours else "") + (f"{rest}分钟" if rest else "")
    parts = ([f"{hours} hour{'s' if hours > 1 else ''}"] if hours else []) + ([f"{rest} minutes"] if rest else [])
    return " ".join(parts)
