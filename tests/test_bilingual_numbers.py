"""Numbers of a translation beside its source (CD2001, issue 19): the languages' conventions for spelled-out,
approximate, fractional and shortened numbers, read so that a faithful translation is not flagged and a wrong
magnitude still is."""

from __future__ import annotations

import pytest

import linter
from linter.text import numerals


def numbers_found(text: str, source: str, language: str = "zh") -> list[tuple[str, str]]:
    found = linter.check_text(text, source=source, source_language=language)
    return [(text[d.start:d.end], d.message) for d in found if d.code == "CD2001"]


@pytest.mark.parametrize(("text", "source"), [
    # a number joined by a hyphen or dash to a lower-case word is a number ("space-2.5 million"); only a code
    # with a capital before the hyphen (COVID-19, ST-36) is not
    ("Machines can take us into space-2.5 million parts in five years.",
     "机器可以带我们进入太空—— 五年时间，两百五十万个部分。"),
    ("There are 250000 species - at least as we know-250000 flowering plants.",
     "有25万种-- 至少我们知道的有这么多-- 25万种开花植物。"),
    # 数/几/上 before a multiplier: an approximate quantity, said in words
    ("We will see hundreds of billions of stars.", "我们将会看到数千亿颗恒星。"),
    ("Hundreds of thousands of people came.", "几十万人来了。"),
    ("Tens of thousands of people came, perhaps 30,000.", "数万人来了。"),
    # a multiplier alone (千亿 is 一千亿)
    ("We will see 100 billion stars.", "我们将会看到千亿颗恒星。"),
    # 成 counts tenths: 三成 is 30 percent
    ("About 30 percent of voters agreed.", "约三成选民同意。"),
    # fractions: 三分之二 is two-thirds, 66 or 67 percent
    ("Two-thirds of the budget, about 67 percent, went on wages.", "三分之二的预算用于工资。"),
    # a year shortened with an apostrophe
    ("Sales fell in '24.", "2024年销量下降。"),
])
def test_a_faithful_translation_is_not_flagged(text: str, source: str) -> None:
    assert numbers_found(text, source) == []


@pytest.mark.parametrize(("text", "source", "flagged"), [
    ("We will see 10 billion stars.", "我们将会看到千亿颗恒星。", "10 billion"),  # 千亿 is 100 billion
    ("About 60 percent of voters agreed.", "约三成选民同意。", "60"),  # 三成 is 30 percent
    ("Sales fell in '23.", "2024年销量下降。", "23"),
    ("The machine has space-5.5 million parts.", "机器有两百五十万个部分。", "5.5 million"),
])
def test_a_wrong_number_is_still_flagged_where_it_stands(text: str, source: str, flagged: str) -> None:
    assert flagged in [span for span, _ in numbers_found(text, source)]


def test_codes_with_a_capital_before_the_hyphen_are_no_numbers() -> None:
    assert numerals.numbers("COVID-19, ST-36 and Boeing-737", "en") == []


@pytest.mark.parametrize(("text", "source", "language"), [
    # number words in a row are one number: пять тысяч is 5,000, двадцать пять тысяч 25,000
    ("The fund gave $5,000 for the reward.", "Фонд выделил на награду пять тысяч долларов.", "ru"),
    ("Some 25,000 people came.", "Пришли около двадцати пяти тысяч человек.", "ru"),
    ("About 1.5 million people live there.", "Там живут около полутора миллионов человек.", "ru"),
    # the hundreds are words of their own: п'ятсот is 500, not five; шестьсот 600
    ("The city paid 500 hryvnias.", "Місто сплатило п'ятсот гривень.", "uk"),
    ("They found 600 boxes.", "Нашли шестьсот коробок.", "ru"),
])
def test_spelled_out_slavic_numbers_are_read_whole(text: str, source: str, language: str) -> None:
    assert numbers_found(text, source, language) == []


def test_a_wrong_spelled_out_slavic_number_is_flagged() -> None:
    assert "50,000" in [span for span, _ in numbers_found("The fund gave $50,000.", "Фонд выделил пять тысяч долларов.",
                                                           "ru")]


@pytest.mark.parametrize(("text", "source", "language"), [
    # a unit converted is the same number: 200 英尺 is 61 metres, 30 公里 18.6 miles, 155 °F 68 °C, 6,4 км 4 miles
    ("The iceberg rose almost 61 metres above the water.", "冰山浮出水面几乎200英尺。", "zh"),
    ("The village is 18.6 miles away.", "村子距离30公里。", "zh"),
    ("It will warm itself to 68 degrees Celsius.", "它将升温至155华氏度。", "zh"),
    ("The road is 4 miles long.", "Дорога длиной 6,4 км.", "ru"),
    # 15点 is 3 p.m.
    ("The meeting is at 3 p.m.", "会议在15点开始。", "zh"),
    # one number shared by two coordinated words answers for both of the source's
    ("We compare the top and bottom 20% of incomes.", "我们比较前20% 与后20% 的收入。", "zh"),
])
def test_conventions_of_measures_clocks_and_ellipsis_are_no_mismatch(text: str, source: str, language: str) -> None:
    assert numbers_found(text, source, language) == []


@pytest.mark.parametrize(("text", "source", "language", "flagged"), [
    ("The village is 31 km away.", "村子距离30公里。", "zh", "31"),  # the same unit: no conversion to excuse it
    ("The village is 28 miles away.", "村子距离30公里。", "zh", "28"),  # 30 km is 18.6 miles
    ("It warmed to 69 degrees Fahrenheit.", "它升温至68华氏度。", "zh", "69"),
    ("We compare the top 20% of incomes.", "我们比较前20% 与后20% 的收入。", "zh",
     "We compare the top 20% of incomes."),
])
def test_a_wrong_measure_or_a_dropped_repeat_is_still_flagged(text: str, source: str, language: str,
                                                              flagged: str) -> None:
    assert flagged in [span for span, _ in numbers_found(text, source, language)]


def test_an_ordinal_written_with_digits_must_be_carried_and_one_in_words_need_not() -> None:
    assert numbers_found("The congress opened.", "第15届大会开幕。") == [
        ("The congress opened.", "the source's '第15' is missing from the translation")]
    assert numbers_found("The 15th congress opened.", "第15届大会开幕。") == []
    assert numbers_found("The next day, the congress opened.", "第二天，大会开幕。") == []  # 第二天: the next day


@pytest.mark.parametrize(("text", "source", "language", "flagged"), [
    # the same number in another unit, unconverted: feet as metres, km as miles, mm as metres
    ("The iceberg rose almost 200 metres above the water.", "冰山浮出水面几乎200英尺。", "zh", "200 metres"),
    ("The village is 30 miles away.", "村子距离30公里。", "zh", "30 miles"),
    ("The storm brought 450 metres of rain.", "Шторм принёс 450 мм осадков.", "ru", "450 metres"),
    ("The bottom is up to 6 cm thick.", "Дно толщиной до 6 мм.", "ru", "6 cm"),
])
def test_a_number_given_in_another_unit_unconverted_is_flagged(text: str, source: str, language: str,
                                                               flagged: str) -> None:
    found = numbers_found(text, source, language)
    assert [span for span, _ in found] == [flagged]
    assert "another unit" in found[0][1]


@pytest.mark.parametrize(("text", "source"), [
    ("The iceberg rose almost 200 feet (61 metres) above the water.", "冰山浮出水面几乎200英尺。"),
    ("200 people walked 200 metres.", "200人走了200米。"),  # a source 200 without a unit: no telling
    ("The village is 30 km away.", "村子距离30公里。"),
])
def test_the_same_unit_or_a_number_without_one_is_no_unit_change(text: str, source: str) -> None:
    assert numbers_found(text, source) == []
