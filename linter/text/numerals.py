"""Numbers in a text and their values, for comparing a translation with its source: English (digits, separators,
multipliers, spelled-out numbers, ordinals), Chinese (numerals and multipliers through cn2an), Russian and
Ukrainian (decimal commas, space-separated thousands, тыс./млн/млрд/тис., number words), and digits in any language.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from linter.kept import regexes


@dataclass(frozen=True)
class Number:
    """A number at ``[start, end)``: ``values`` are what it may stand for (``2,5 млн``: 2500000; ``1,500`` in a text
    whose comma may be decimal: 1.5 or 1500); ``written`` says it is written with digits (or, in Chinese, with a
    multiplier), so that a translation must carry it; a spelled-out "three" only answers for a number of the other
    side."""

    start: int
    end: int
    values: frozenset[float]
    written: bool = True
    parts: tuple[float, ...] = ()  # "16 100": the other reading, 16 and 100, when all of them are there


_MULTIPLIERS_EN = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6,
                   "mn": 1e6, "bn": 1e9, "tn": 1e12, "lakh": 1e5, "crore": 1e7}
_EN_NUMBER = regexes.compile(
    r"(?<![\p{L}\p{N}.])(?<!\b(?-i:\p{Lu})[\p{L}]{0,5}-)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:(?:st|nd|rd|th|s)\b)?"
    r"(?:[\s-]?(thousand|million|billion|trillion|bn|mn|tn|k|m|lakh|crore)\b)?", regex.I)
_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_OTHER_WORDS = {"half": 0.5, "dozen": 12.0, "dozens": 12.0, "twice": 2.0, "double": 2.0, "once": 1.0,
                "triple": 3.0, "thrice": 3.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6,
                "billions": 1e9, "a": 1.0, "an": 1.0, "single": 1.0, "couple": 2.0, "pair": 2.0, "quarter": 0.25}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORD = regexes.compile(r"\p{L}+")
_EN_WORDS = regexes.compile(
    r"\b(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|"
    r"billion|trillion|zero|and|half)[\s-]+)*(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|billion|trillion|zero|half|dozens?|twice|double|once|triple|thrice|"
    r"hundreds|thousands|millions|billions|couple|pair|quarter|single|first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
    r"nineteenth|twentieth)\b", regex.I)
_PLURAL_SCALE = {"tens": 10.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
                 "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_PLURAL_SCALES = regexes.compile(r"\b(tens|hundreds|thousands|millions)\s+of\s+(thousands|millions|billions)\b",
                                    regex.I)
_FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
              "ninth": 9, "tenth": 10}
_EN_FRACTION = regexes.compile(
    r"\b(a|one|two|three|four|five|six|seven|eight|nine)[\s-]+(thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|"
    r"eighths?|ninths?|tenths?)\b", regex.I)


def _shares(share: float) -> set[float]:
    """A fraction as compared: itself and its percentage, rounded either way (two-thirds: 66 or 67 percent)."""
    percent = 100 * share
    return {share, percent, float(int(percent)), float(round(percent)), float(int(percent) + 1)}


_PM = regexes.compile(r"(?<!\d)(1[01]|0?[1-9])(?:[:.][0-5]\d)?\s?(?:p\.\s?m\.?|pm\b|PM\b)")
_CLOCK = regexes.compile(r"(?<![\d.,:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")


def _spelled(words: list[str]) -> float | None:
    """The value of English number words ("two hundred and fifty thousand"), or None."""
    total = current = 0.0
    seen = False
    for word in words:
        if word == "and":
            continue
        if word in ("a", "an"):
            current = max(current, 1.0) if not seen else current
            continue
        if word == "half":  # two and a half million
            current += 0.5
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1.0) * 100
        elif word in _SCALES:
            total += max(current, 1.0) * _SCALES[word]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def _english(text: str) -> Iterator[Number]:
    for m in _EN_NUMBER.finditer(text):
        digits = m.group(1).replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            continue
        values = {value}
        if m.group(2):
            values.add(value * _MULTIPLIERS_EN[m.group(2).lower()])
        if m.group(0).lower().endswith("s") and 1000 <= value <= 2100 and not m.group(2):  # the 1980s: the '80s too
            values.add(value % 100)
        if m.start() and text[m.start() - 1] in "'’" and len(digits) == 2:  # '24 is 2024 (or 1924)
            values |= {1900 + value, 2000 + value}
        yield Number(m.start(), m.end(), frozenset(values))
    for m in _EN_PLURAL_SCALES.finditer(text):  # tens of thousands: 20,000 to 90,000, as 数万 says
        few, many = _PLURAL_SCALE[m.group(1).lower()], _PLURAL_SCALE[m.group(2).lower()]
        yield Number(m.start(), m.end(), frozenset(k * few * many for k in range(1, 10)), written=False)
    for m in _EN_FRACTION.finditer(text):  # two-thirds, a quarter: the share and the percentage
        numerator = _UNITS.get(m.group(1).lower(), 1)
        share = numerator / _FRACTIONS[m.group(2).lower().rstrip("s")]
        yield Number(m.start(), m.end(), frozenset(_shares(share)), written=False)
    for m in _EN_WORDS.finditer(text):
        words = [w.lower() for w in _WORD.findall(m.group(0))]
        last = words[-1]
        values: set[float] = set()
        if last in _ORDINALS and len(words) == 1:
            values.add(float(_ORDINALS[last]))
        elif last in _OTHER_WORDS and len(words) <= 2:
            values.add(_OTHER_WORDS[last])
            if last in ("dozens", "hundreds", "thousands", "millions", "billions"):
                values.update({_OTHER_WORDS[last] * n for n in range(2, 10)})
            if last == "half":
                values.add(50.0)  # half: 50%
        else:
            value = _spelled(words)
            if value is not None:
                values.add(value)
        if values:
            yield Number(m.start(), m.end(), frozenset(values), written=False)


# Chinese: Arabic (half- or full-width) or Chinese numerals, with multipliers; 第 makes an ordinal, 百分之 a percentage.
_ZH_NUMBER = regexes.compile(
    r"(百分之|第)?((?:[0-9０-９]+(?:[,，][0-9０-９]{3}(?![0-9０-９]))*(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?)"
    r"(?:[十百千万亿]+)?)")
# Chinese words that are written with numerals and are no numbers: 一起 'together', 十分 'very', 千万 'by all means'
_ZH_IDIOMS = ("一些", "一样", "一起", "一直", "一切", "一定", "一般", "一下", "一点", "一旦", "一边", "一面", "一致",
              "统一", "唯一", "万一", "千万", "万万", "十分", "一一", "一个", "一种", "一次", "一位", "一天", "一年",
              "之一", "一方面", "三三两两", "百分百", "一百分", "一模一样", "千千万万", "成千上万", "千方百计",
              "一会", "一再", "一向", "一律", "一同", "一时", "一生", "一贯", "第一", "千百", "百万富翁", "亿万富翁",
              "万里", "千里", "万物", "万岁", "百家", "千家万户", "千军万马", "一石二鸟", "三心二意", "七上八下")
_ZH_SOME = "数几上"  # before a multiplier: an approximate quantity (数百 'hundreds', 几十万 'hundreds of thousands')
_ZH_SCALES = "十百千万亿"
_ZH_FRACTION = regexes.compile(r"(?<!百)([一二两三四五六七八九十]+|[0-9]+)分之([一二两三四五六七八九十]+|[0-9]+)")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


@functools.lru_cache(maxsize=1)
def _cn2an():  # type: ignore[no-untyped-def]
    import cn2an  # a well-kept converter of Chinese numerals (0.1 s to import: only for a Chinese source)

    return cn2an


def _chinese_value(numeral: str) -> float | None:
    numeral = numeral.translate(_FULLWIDTH).replace(",", "")
    try:
        return float(numeral)
    except ValueError:
        pass
    for candidate in (numeral, "一" + numeral):  # 千亿 is 一千亿 (cn2an reads 十万 but not 千亿)
        try:
            return float(_cn2an().cn2an(candidate, "smart"))
        except (ValueError, KeyError, IndexError, TypeError):
            continue
    return None


def _chinese(text: str) -> Iterator[Number]:
    for m in _ZH_NUMBER.finditer(text):
        numeral = m.group(2)
        value = _chinese_value(numeral)
        if value is None:
            continue
        values = {value}
        has_digit = any(c.isdigit() for c in numeral)
        if has_digit and "," in numeral.translate(_FULLWIDTH):
            values.add(value)
        start = m.start()
        around = text[max(0, start - 2):m.end() + 2]
        idiom = any(idiom in around and _overlaps(text, m.start(), m.end(), idiom) for idiom in _ZH_IDIOMS)
        # a number a translation must carry: with digits, or a numeral with a multiplier (两万, 三十亿) or a percentage,
        # not an idiom; a month's number (3月) is the date check's, told as a month name
        written = has_digit or (not idiom and (m.group(1) == "百分之" or (value >= 100 and len(numeral) >= 2)))
        if (idiom and not has_digit) or (text.startswith("月", m.end()) and value <= 12) or (
                m.group(1) == "第" and not has_digit):  # 第15届 is the 15th; 第二天 may be "the next day"
            written = False
        if not has_digit and start and text[start - 1] in _ZH_SOME and numeral[0] in _ZH_SCALES:
            # 数千亿, 几十万, 上万: some hundreds of billions, not a number a translation must give
            written = False
            values |= {k * value for k in range(1, 10)}
        if not has_digit and value <= 10 and text.startswith("成", m.end()) and not m.group(1):
            values.add(10 * value)  # 三成: 30 percent
        if text.startswith(("点", "时"), m.end()) and value <= 24 and value == int(value):
            values.add(value - 12 if value > 12 else value + 12)  # 15点 is 3 p.m.; 下午3点 is 15:00
        yield Number(start, m.end(), frozenset(values), written=written)
    for m in _ZH_FRACTION.finditer(text):  # 三分之二: two-thirds, 66 or 67 percent
        denominator, numerator = _chinese_value(m.group(1)), _chinese_value(m.group(2))
        if denominator and numerator is not None:
            yield Number(m.start(), m.end(), frozenset(_shares(numerator / denominator)), written=False)


def _overlaps(text: str, start: int, end: int, idiom: str) -> bool:
    """Whether an occurrence of ``idiom`` overlaps ``[start, end)``."""
    lo = max(0, start - len(idiom) + 1)
    at = text.find(idiom, lo, end + len(idiom) - 1)
    return at >= 0 and at < end and at + len(idiom) > start


# Russian and Ukrainian: 1 500 (any space) and 1,5; multipliers as words or abbreviations; number words.
_RU_NUMBER = regexes.compile(
    r"(?<![\p{L}\p{N}.,])(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?![\d \u00a0\u202f\u2009]?\d)"
    r"|\d+(?:[,.]\d+)?)"
    r"(?:\s?(тыс|тис|млн|млрд|трлн|тысяч\p{L}*|тисяч\p{L}*|миллион\p{L}*|мільйон\p{L}*|миллиард\p{L}*|"
    r"мільярд\p{L}*|триллион\p{L}*|трильйон\p{L}*)\.?)?")
_RU_MULTIPLIERS = (("тыс", 1e3), ("тис", 1e3), ("млн", 1e6), ("млрд", 1e9), ("трлн", 1e12), ("милли", 1e6),
                   ("мільй", 1e6), ("миллиа", 1e9), ("мільяр", 1e9), ("трил", 1e12))
# stems of number words, with the value; a word counts when it starts with a stem (declined forms)
_RU_WORDS = (
    ("одиннадцат", 11), ("двенадцат", 12), ("дванадцят", 12), ("тринадцат", 13), ("тринадцят", 13),
    ("четырнадцат", 14), ("чотирнадцят", 14), ("пятнадцат", 15), ("п'ятнадцят", 15), ("шестнадцат", 16),
    ("шістнадцят", 16), ("семнадцат", 17), ("сімнадцят", 17), ("восемнадцат", 18), ("вісімнадцят", 18),
    ("девятнадцат", 19), ("дев'ятнадцят", 19), ("двадцат", 20), ("двадцят", 20), ("тридцат", 30), ("тридцят", 30),
    ("сорок", 40), ("пятьдесят", 50), ("п'ятдесят", 50), ("шестьдесят", 60), ("шістдесят", 60), ("семьдесят", 70),
    ("сімдесят", 70), ("восемьдесят", 80), ("вісімдесят", 80), ("девяност", 90), ("дев'яност", 90),
    ("сто", 100), ("двест", 200), ("двісті", 200), ("трист", 300), ("четырест", 400), ("чотирист", 400),
    ("пятьсот", 500), ("п'ятсот", 500), ("шестьсот", 600), ("шістсот", 600), ("семьсот", 700), ("сімсот", 700),
    ("восемьсот", 800), ("вісімсот", 800), ("девятьсот", 900), ("дев'ятсот", 900), ("тысяч", 1000),
    ("тисяч", 1000), ("миллион", 1e6), ("мільйон", 1e6), ("миллиард", 1e9), ("мільярд", 1e9),
    ("один", 1), ("одн", 1), ("два", 2), ("две", 2), ("двух", 2), ("дві", 2), ("двох", 2), ("двум", 2), ("трех", 3),
    ("трёх", 3), ("три", 3), ("трьох", 3), ("четыр", 4), ("чотир", 4), ("пят", 5), ("п'ят", 5), ("пʼят", 5),
    ("шест", 6), ("шіст", 6), ("шесть", 6), ("сем", 7), ("сім", 7), ("восем", 8), ("восьм", 8), ("вісім", 8),
    ("девят", 9), ("дев'ят", 9), ("десят", 10), ("перв", 1), ("перш", 1), ("втор", 2), ("друг", 2), ("трет", 3),
    ("четверт", 4), ("полтор", 1.5), ("полутор", 1.5), ("півтор", 1.5), ("половин", 0.5), ("пол", 0.5),
    ("дважды", 2), ("двічі", 2),
    ("дюжин", 12), ("сотн", 100), ("сотен", 100))
# words that hold a number without being number words: сутки (a day of 24 hours), доба (the same in Ukrainian)
_RU_EXACT = {w: 24.0 for w in ("сутки", "суток", "суткам", "сутками", "сутках", "доба", "доби", "добу", "добою")}
_RU_STEMS = {stem: value for stem, value in reversed(_RU_WORDS)}  # the first listed wins
# a number word: a stem at a word's start and at most five more letters (the first, longest-stem-first, match)
_RU_WORD = regexes.compile(
    r"(?<![\p{L}'ʼ’])(?:(" + "|".join(regex.escape(stem).replace("'", "['ʼ’]")
                                      for stem in sorted(_RU_STEMS, key=len, reverse=True)) + r")[\p{Cyrillic}]{0,5}"
    r"|(?:" + "|".join(_RU_EXACT) + r"))(?![\p{L}'ʼ’])", regex.I)


def _slavic(text: str) -> Iterator[Number]:
    for m in _RU_NUMBER.finditer(text):
        raw = m.group(1)
        groups = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").split()
        compact = "".join(groups)
        values: set[float] = set()
        if "," in compact:  # a decimal comma; 1,500 may still be a thousands separator
            whole, _, fraction = compact.partition(",")
            values.add(float(f"{whole}.{fraction}"))
            if len(fraction) == 3:
                values.add(float(whole + fraction))
        else:
            values.add(float(compact))
        if m.group(2):
            word = m.group(2).lower()
            scale = next(v for stem, v in sorted(_RU_MULTIPLIERS, key=lambda s: -len(s[0])) if word.startswith(stem))
            values |= {v * scale for v in values}
        parts = tuple(float(g.replace(",", ".")) for g in groups) if len(groups) > 1 else ()
        yield Number(m.start(), m.end(), frozenset(values), parts=parts)
    run: list[Number] = []  # number words in a row: пять тысяч is 5000, двадцать пять 25
    for m in _RU_WORD.finditer(text):
        word = m.group(0).lower()
        if word in _RU_EXACT:
            number = Number(m.start(), m.end(), frozenset({_RU_EXACT[word]}), written=False)
        else:
            stem = m.group(1).lower().replace("ʼ", "'").replace("’", "'")
            number = Number(m.start(), m.end(), frozenset({float(_RU_STEMS[stem])}), written=False)
        yield number
        if run and text[run[-1].end:number.start].strip():
            yield from _slavic_run(run)
            run = []
        run.append(number)
    yield from _slavic_run(run)


def _slavic_run(run: list[Number]) -> Iterator[Number]:
    """Number words in a row as one number (двадцать пять тысяч: 25000), when there are two or more."""
    if len(run) < 2:
        return
    total = current = 0.0
    for number in run:
        value = min(number.values)
        if value in (1e3, 1e6, 1e9):
            total += max(current, 1.0) * value
            current = 0.0
        else:
            current += value
    yield Number(run[0].start, run[-1].end, frozenset({total + current}), written=False)


_ANY_NUMBER = regexes.compile(r"(?<![\p{L}\p{N}.,])(\d+(?:[ \u00a0.,]\d{3})*(?:[.,]\d+)?)")


def _digits(text: str) -> Iterator[Number]:
    """Digits in a language this module has no words for: both readings of a separator."""
    for m in _ANY_NUMBER.finditer(text):
        raw = "".join(m.group(1).split())
        values = set()
        for decimal in (".", ","):
            other = "," if decimal == "." else "."
            candidate = raw.replace(other, "").replace(decimal, ".")
            try:
                values.add(float(candidate))
            except ValueError:
                continue
        if values:
            yield Number(m.start(), m.end(), frozenset(values))


LANGUAGES = ("en", "zh", "ru", "uk")
_RAW = regexes.compile(r"\d+(?:[.,]\d+)?")
_ROMAN = regexes.compile(r"\b(?=[MDCLXVI]{2,}\b)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


def _roman(numeral: str) -> int:
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN_VALUES[ch]
        total += -value if i + 1 < len(numeral) and _ROMAN_VALUES[numeral[i + 1]] > value else value
    return total


def loose_values(text: str) -> set[float]:
    """Every value a text may hold besides its numbers: each digit run inside names and codes too (COVID-19,
    60x100, ST-36) and Roman numerals (XXI век), for telling whether a number of the other side is there."""
    values = set()
    for m in _RAW.finditer(text):
        raw = m.group(0)
        values.add(float(raw.replace(",", ".")))
        values.add(float(raw.replace(",", "").replace(".", "")) if raw.count(".") + raw.count(",") == 1 and len(
            raw.replace(",", ".").partition(".")[2]) == 3 else float(raw.replace(",", ".")))
    for m in _ROMAN.finditer(text):
        if m.group(0):
            values.add(float(_roman(m.group(0))))
    for m in _CLOCK.finditer(text):  # 15:00 is 3 p.m.
        hour = int(m.group(1))
        values.add(float(hour % 12 or 12))
    for m in _PM.finditer(text):  # 3 p.m. is 15:00
        hour = int(m.group(1))
        if hour < 12:
            values.add(float(hour + 12))
    return values


def numbers(text: str, language: str) -> list[Number]:
    """The numbers of ``text`` (read as ``language``: en, zh, ru, uk; any other: digits only), in text order."""
    if language == "en":
        found = list(_english(text))
    elif language in ("zh", "ja"):
        found = list(_chinese(text))
    elif language in ("ru", "uk", "be", "bg"):
        found = list(_slavic(text))
    else:
        found = list(_digits(text))
    clocks = [(m.start(), m.end(), int(m.group(1))) for m in _CLOCK.finditer(text)]
    if clocks:  # a clock time is one number, its hour: 15:00 is 3 p.m. too
        found = [n for n in found if not any(s <= n.start < e for s, e, _ in clocks)]
        found += [Number(s, e, frozenset({float(hour), float(hour % 12 or 12)})) for s, e, hour in clocks]
    found.sort(key=lambda n: (n.start, -n.end))
    return found


def spells_numbers(language: str) -> bool:
    """Whether ``numbers`` reads this language's number words (else a small number in words there goes unseen)."""
    return language in LANGUAGES


# Units a translation may convert (200 英尺 as 61 metres, 30 km as 18.6 miles): each as its dimension and its size in
# the dimension's base unit; temperatures in degrees Celsius, Fahrenheit read through ``_FAHRENHEIT``.
_UNIT_SIZES = {
    "length": {"km": 1e3, "kilometre": 1e3, "kilometer": 1e3, "m": 1.0, "metre": 1.0, "meter": 1.0, "cm": 0.01,
               "centimetre": 0.01, "centimeter": 0.01, "mm": 1e-3, "millimetre": 1e-3, "millimeter": 1e-3,
               "mile": 1609.344, "mi": 1609.344, "foot": 0.3048, "feet": 0.3048, "ft": 0.3048, "inch": 0.0254,
               "yard": 0.9144, "公里": 1e3, "千米": 1e3, "米": 1.0, "厘米": 0.01, "毫米": 1e-3, "英里": 1609.344,
               "英尺": 0.3048, "英寸": 0.0254, "码": 0.9144, "км": 1e3, "километр": 1e3, "кілометр": 1e3, "м": 1.0,
               "метр": 1.0, "см": 0.01, "мм": 1e-3, "мил": 1609.344,
               "фут": 0.3048, "дюйм": 0.0254},
    "mass": {"kg": 1.0, "kilogram": 1.0, "kilo": 1.0, "g": 1e-3, "gram": 1e-3, "tonne": 1e3, "ton": 1e3, "t": 1e3,
             "pound": 0.4536, "lb": 0.4536, "ounce": 0.02835, "oz": 0.02835, "公斤": 1.0, "千克": 1.0, "克": 1e-3,
             "斤": 0.5, "吨": 1e3, "磅": 0.4536, "盎司": 0.02835, "кг": 1.0, "килограмм": 1.0, "кілограм": 1.0,
             "г": 1e-3, "грамм": 1e-3, "грам": 1e-3, "тонн": 1e3, "тон": 1e3, "фунт": 0.4536},
    "area": {"hectare": 1e4, "ha": 1e4, "acre": 4046.86, "km2": 1e6, "km²": 1e6, "square kilometre": 1e6,
             "square kilometer": 1e6, "square mile": 2.59e6, "公顷": 1e4, "亩": 666.67, "平方公里": 1e6,
             "英亩": 4046.86, "га": 1e4, "гектар": 1e4, "км2": 1e6, "км²": 1e6, "акр": 4046.86},
    "volume": {"litre": 1.0, "liter": 1.0, "l": 1.0, "gallon": 3.785, "升": 1.0, "加仑": 3.785, "л": 1.0, "литр": 1.0,
               "літр": 1.0, "галлон": 3.785},
    "temperature": {"°c": 1.0, "celsius": 1.0, "centigrade": 1.0, "°f": 1.0, "fahrenheit": 1.0, "摄氏度": 1.0,
                    "华氏度": 1.0, "℃": 1.0, "℉": 1.0},
}
_FAHRENHEIT = {"°f", "fahrenheit", "华氏度", "℉"}
_UNIT_OF = {unit: (dimension, size) for dimension, units in _UNIT_SIZES.items() for unit, size in units.items()}
_UNIT = regexes.compile(
    r"[\s\u00a0-]?(?:degrees?\s+)?(" + "|".join(regex.escape(u) for u in sorted(_UNIT_OF, key=len, reverse=True))
    + r")(?:e?s|а|ов|ы|ів|и|ах|ам|ями?|ь|я|ей|ях)?(?![\p{Latin}\p{Cyrillic}])", regex.I)


def measure(text: str, number: Number) -> tuple[str, float, float] | None:
    """The dimension, size and unit of a number followed by a unit (``30 km``: length, 30,000, 1,000; ``155华氏度``:
    temperature, 68.3 °C, Fahrenheit), or None: for telling a converted unit from a wrong number."""
    m = _UNIT.match(text, number.end)
    if not m:
        return None
    unit = m.group(1).lower()
    dimension, size = _UNIT_OF[unit]
    value = min(number.values)
    if dimension == "temperature":
        fahrenheit = unit in _FAHRENHEIT
        return dimension, (value - 32) * 5 / 9 if fahrenheit else value, float(fahrenheit)
    return dimension, value * size, size


def with_unit(text: str, number: Number) -> str:
    """A number as written with its unit (``200英尺``, ``30 km``), for a message."""
    m = _UNIT.match(text, number.end)
    return text[number.start:m.end() if m else number.end].strip()


def converted(a: tuple[str, float, float], b: tuple[str, float, float]) -> bool:
    """Whether two measures in different units are one, converted and rounded (30 km and 18.6 miles; 43 °C and
    110 °F); in the same unit, 30 km and 31 km are two numbers."""
    if a[0] != b[0] or a[2] == b[2]:
        return False
    if a[0] == "temperature":
        return abs(a[1] - b[1]) <= 1.5
    return abs(a[1] - b[1]) <= 0.05 * max(abs(a[1]), abs(b[1]))
