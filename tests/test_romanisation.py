"""People's names in the wrong romanisation found by context (the romanisation kind, CD1014-CD1016), and the
pinyin syllable table it reads names with."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import check_text, fix_text
from linter.core.packs import PackError, parse_pack
from linter.kinds.base import CompileContext
from linter.text.document import Document
from linter.text.pinyin import SYLLABLES, syllable_count
from tests.test_native import _eval_strings

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def found(text: str, **config) -> list[tuple[str, str]]:
    return [(d.code, text[d.start:d.end]) for d in check_text(text, config=config or None)
            if d.code.startswith("CD10")]


def fixed(text: str, unsafe: bool = True) -> str:
    return fix_text(text, unsafe=unsafe).text


# --- the pinyin table ----------------------------------------------------------------------------------------

def test_the_table_holds_every_syllable_and_nothing_else():
    assert 405 <= len(SYLLABLES) <= 415
    for syllable in ("a", "er", "zhuang", "chuai", "shei", "nve", "lv", "jiong", "rua", "yo", "dia", "den"):
        assert syllable in SYLLABLES
    for not_pinyin in ("kim", "lee", "yoon", "suk", "tsai", "hsiao", "ki", "hsu", "tse", "sie", "boo"):
        assert not_pinyin not in SYLLABLES


@pytest.mark.parametrize("word, count", [
    ("Yin", 1), ("Xiyue", 2), ("Ruan", 1), ("Fuzhong", 2), ("Cai", 1), ("Yingwen", 2), ("Anbei", 2),
    ("Jinsan", 2), ("Zheng'en", 2), ("Zheng’en", 2), ("Xian", 1), ("Lǚ", 1),
    # Korean, Japanese, Vietnamese and Wade-Giles forms are not pinyin of one or two syllables
    ("Yoon", 0), ("Suk", 0), ("Yeol", 0), ("Kim", 0), ("Lee", 0), ("Nguyen", 0), ("Tsai", 0), ("Ing-wen", 0),
    ("Fumio", 0), ("Kishida", 0), ("Takaichi", 0), ("Yoshimasa", 0), ("Hayashi", 0),
    ("Xiyueming", 0),  # three syllables
])
def test_a_word_splits_into_one_or_two_pinyin_syllables_or_none(word: str, count: int):
    assert syllable_count(word) == count


def test_a_syllable_that_starts_with_a_vowel_needs_an_apostrophe_to_be_split_off():
    assert syllable_count("Xi'an") == 2
    assert syllable_count("Zhengen") == 2  # zhen + gen: no vowel-initial syllable, no apostrophe needed
    assert syllable_count("Fangan") == 2   # fang + an? no: fan + gan
    assert syllable_count("Tiane") == 0    # tian + e would need an apostrophe


# --- CD1014: Asian names in Mandarin pinyin ------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("South Korean Defence Minister An Guibo met his US counterpart in Seoul.", "An Guibo"),
    ("North Korea's foreign minister Li Shanquan's statement was read on state TV.", "Li Shanquan"),
    ("Japan's top trade negotiator Chize Liangzheng flew to Washington.", "Chize Liangzheng"),
    ("Japan's ambassador to the United States Shan Tianyi spoke.", "Shan Tianyi"),
    ("Japanese PM Xiaoye Lingzi spoke.", "Xiaoye Lingzi"),
    ("Hong Kong Chief Executive Zhou Xiaoming spoke.", "Zhou Xiaoming"),  # a modifier that begins a role
    ("Japan's ruling party lawmaker Xiaoye Lingzi spoke.", "Xiaoye Lingzi"),
    ("Hong Kong Secretary for Security Zhou Xiaoming spoke.", "Zhou Xiaoming"),
    ("Vietnamese Deputy Prime Minister Chen Honghe arrived in Beijing.", "Chen Honghe"),
    ("Taiwan's vice premier, Zheng Lijun, said the island would respond.", "Zheng Lijun"),
    ("Hong Kong leader Zhou Xiaoming resigned.", "Zhou Xiaoming"),
    ("Japan's former economy minister Wuteng Rongzhi spoke.", "Wuteng Rongzhi"),
])
def test_an_unlisted_asian_name_in_pinyin_after_its_country_and_role_is_flagged(text: str, name: str):
    assert found(text) == [("CD1014", name)]


def test_the_message_names_the_people_and_how_their_names_are_written():
    (d,) = [d for d in check_text("South Korean Defence Minister An Guibo spoke.") if d.code == "CD1014"]
    assert d.message == ("'An Guibo' reads as Mandarin pinyin, but the person is Korean: English news writes the "
                         "name as its bearer does, not in pinyin (as in 'Yoon Suk Yeol')")
    assert d.fix is None


@pytest.mark.parametrize("text", [
    "South Korean President Yoon Suk Yeol met Japanese Prime Minister Fumio Kishida in Tokyo.",
    "North Korean leader Kim Jong Un and South Korean lawmaker Lee Jae-myung were named.",
    "Vietnamese leader Nguyen Phu Trong met Taiwanese President Tsai Ing-wen.",
    "Japanese Prime Minister Sanae Takaichi and Japan's foreign minister Yoshimasa Hayashi spoke.",
    "Chinese Foreign Minister Wang Yi met Premier Li Qiang.",
    "Taiwan Affairs Office spokesperson Zhu Fenglian said Beijing would not tolerate it.",
    "Hong Kong and Macao Affairs Office director Xia Baolong visited the city.",
    "Hong Kong liaison office director Zheng Yanxiong and Taiwanese actress Shu Qi attended.",
    "The Hong Kong Shenzhen Guangzhou high-speed line opened.",  # places in pinyin, not a person
    # other languages' given names that split into pinyin syllables
    "Hong Kong billionaire Nina Wang died; Hong Kong lawmaker Rita Fan and Taiwanese singer Julia Peng spoke.",
    "Japanese coach Kenji Wada praised the team.",
    "Japanese Prime Minister Fumio Kishida met Chinese Premier Li Qiang in Beijing.",
    "The South Korean city of Busan hosted the talks.",
    "Japanese coach Hajime Moriyasu and Korean actor Song Kang-ho won.",
    "Korean novelist Han Kang won the prize.",  # one-syllable words only: no given name written together
    "South Korean President Yoon Suk Yeol Xiyue Speaks At Summit",  # a run of capitals longer than a name
])
def test_korean_japanese_vietnamese_wade_giles_and_chinese_contexts_are_left_alone(text: str):
    assert not [c for c, _ in found(text) if c == "CD1014"]


def test_a_name_the_gazetteer_lists_gives_one_finding_the_gazetteers():
    text = "South Korean President Yin Xiyue met Taiwan's president, Lai Qingde."
    assert found(text) == [("CD1001", "Yin Xiyue"), ("CD1004", "Lai Qingde")]
    # with the gazetteer's rule switched off, the structural check takes the name
    assert ("CD1014", "Yin Xiyue") in found(text, ignore=["CD1001"])


# --- CD1015: Ukrainian given names in their Russian form ------------------------------------------------------

@pytest.mark.parametrize("text, after", [
    ("Ukraine's Prosecutor General Andrei Kostin opened the investigation.",
     "Ukraine's Prosecutor General Andrii Kostin opened the investigation."),
    ("Ukrainian Justice Minister Denis Malyuska signed the order.",
     "Ukrainian Justice Minister Denys Malyuska signed the order."),
    ("Kyiv's deputy mayor, Nikolai Povoroznyk, spoke.", "Kyiv's deputy mayor, Mykola Povoroznyk, spoke."),
    ("Kyiv Mayor Sergei Ivanov spoke.", "Kyiv Mayor Serhii Ivanov spoke."),
    ("Kyiv regional governor Sergei Ivanov spoke.", "Kyiv regional governor Serhii Ivanov spoke."),
    ("Ukraine's military intelligence head Pavel Ivanov spoke.",
     "Ukraine's military intelligence head Pavlo Ivanov spoke."),
    ("Ukrainian tennis player Elena Svitolina won.", "Ukrainian tennis player Olena Svitolina won."),
    # a post abroad says where: the name comes after the country (real MT output, WMT22 ru-en)
    ("Ukrainian Ambassador to Germany Andrey Melnik expressed regret.",
     "Ukrainian Ambassador to Germany Andrii Melnik expressed regret."),
    ("Ukraine's envoy to the United Nations Sergei Ivanov spoke.",
     "Ukraine's envoy to the United Nations Serhii Ivanov spoke."),
])
def test_a_russian_given_name_after_a_ukrainian_marker_is_fixed_only_with_unsafe_fixes(text: str, after: str):
    assert [c for c, _ in found(text)] == ["CD1015"]
    assert fixed(text, unsafe=False) == text
    assert fixed(text) == after


def test_a_quoted_name_is_flagged_without_a_fix():
    text = '"Ukrainian coach Sergei Rebrov deserves credit," he said.'
    assert found(text) == [("CD1015", "Sergei Rebrov")]
    assert fixed(text) == text


@pytest.mark.parametrize("text", [
    "Russian President Vladimir Putin signed the decree.",
    "Ukrainian President Volodymyr Zelensky thanked the partners.",
    "Ukraine's former president Viktor Yanukovych fled to Russia in 2014.",
    "Ukrainian athlete Sergey Bubka set 35 world records.",  # his own spelling
    "Kyiv Mayor Vitali Klitschko urged residents to stay in shelters.",
    "Talks in Kyiv Vladimir Rogov called illegal were held anyway.",  # a bare city name needs a role
    "VTB chief executive Andrei Kostin spoke at the forum.",
    "The Ukrainian-born pianist Vladimir Horowitz played.",
    "Ukrainian Ambassador to Germany Andriy Melnyk expressed regret.",
    "Ukraine's ambassador to Germany, Vladimir Putin claimed, was a spy.",  # after the country's comma: no name
])
def test_russians_ukrainian_forms_and_own_spellings_are_left_alone(text: str):
    assert not [c for c, _ in found(text) if c == "CD1015"]


def test_a_ukrainian_name_the_gazetteer_lists_is_left_to_it():
    text = "Ukrainian President Vladimir Zelensky met Foreign Minister Dmitry Kuleba."
    assert found(text) == [("CD1007", "Vladimir Zelensky"), ("CD1007", "Dmitry Kuleba")]


# --- news that writes every name right: silent ---------------------------------------------------------------

CORRECT_NEWS = """\
SEOUL, March 4 (Reuters) - South Korean President Yoon Suk Yeol met Japanese Prime Minister Fumio Kishida on \
Monday, and South Korea's foreign minister, Cho Tae-yul, said the talks would continue. North Korean leader \
Kim Jong Un's sister Kim Yo Jong criticised the meeting.

Vietnamese Prime Minister Pham Minh Chinh and Vietnam's President Luong Cuong received Taiwanese investors; \
Taiwan's President Lai Ching-te and Taiwanese opposition leader Eric Chu sent greetings. Hong Kong Chief \
Executive John Lee and Hong Kong's former leader Carrie Lam attended. Japanese Foreign Minister Yoko Kamikawa \
and Japan's defence minister Minoru Kihara were absent.

Ukrainian President Volodymyr Zelenskyy said Ukraine's Foreign Minister Andrii Sybiha would travel to Brussels. \
Kyiv Mayor Vitali Klitschko and Ukrainian Defence Minister Rustem Umerov met Ukraine's top commander Oleksandr \
Syrskyi. Ukraine's former president Viktor Yanukovych lives in Russia. Russian President Vladimir Putin and \
Chinese leader Xi Jinping did not comment. Chinese Foreign Minister Wang Yi met Ukrainian envoy Yurii Ihnat.
"""


def test_news_that_writes_every_name_in_its_own_romanisation_gets_no_finding():
    assert not [c for c, _ in found(CORRECT_NEWS) if c in ("CD1014", "CD1015", "CD1016")]


# --- bad options ----------------------------------------------------------------------------------------------

BAD_PACK = """\
pack: house
rules:
  - code: HS101
    name: names-by-context
    kind: romanisation
    message: "'{match}' is wrong"
    description: d
    test: given-names
    markers: {Ukrainian: Ukrainian}
    role-required: [Kyiv]
    given-names: {Vladimir: Volodymyr}
    examples:
      fail: ["Ukrainian minister [[Vladimir Ivanov]] spoke."]
      pass: ["Ukrainian minister Volodymyr Ivanov spoke."]
"""


def test_a_bad_option_names_the_file_line_rule_and_key(tmp_path: Path):
    with pytest.raises(PackError) as error:
        parse_pack(BAD_PACK, "house.yaml")
    message = str(error.value)
    assert "house.yaml" in message and "HS101" in message and "role-required" in message
    assert "'Kyiv' is not one of the rule's markers" in message


# --- line breaks ----------------------------------------------------------------------------------------------

def test_a_soft_wrap_inside_a_paragraph_is_read_through_and_a_paragraph_break_is_not():
    wrapped = "Vietnamese Deputy Prime\nMinister Chen Honghe arrived in Beijing on a\nvisit that was announced."
    assert found(wrapped) == [("CD1014", "Chen Honghe")]
    assert fixed("Ukraine's Prosecutor General Andrei\nKostin opened it.") == \
        "Ukraine's Prosecutor General Andrii\nKostin opened it."
    broken = "The talks included the new South Korean defence minister.\n\nChen Honghe arrived later."
    assert not found(broken)


# --- CD1016: the other mentions of a name flagged after its marker ---------------------------------------------

ARTICLE = """\
An Guibo in Washington

South Korean Defence Minister An Guibo met his US counterpart on Monday. "An Guibo has our trust," an aide said.

An Guibo will fly home on Friday; An said the talks went well.
"""


def test_the_other_mentions_of_a_name_flagged_after_its_marker_are_flagged_too():
    found_here = found(ARTICLE)
    assert ("CD1014", "An Guibo") in found_here
    assert [n for c, n in found_here if c == "CD1016"] == ["An Guibo"] * 3  # headline, quotation, later paragraph
    marked = ARTICLE.index("Minister An Guibo") + len("Minister ")
    cd1014 = [d.start for d in check_text(ARTICLE) if d.code == "CD1014"]
    cd1016 = [d.start for d in check_text(ARTICLE) if d.code == "CD1016"]
    assert cd1014 == [marked] and marked not in cd1016  # one finding for the marked mention


def test_a_name_never_introduced_with_a_marker_or_listed_by_the_gazetteer_is_not_followed():
    assert not found("Chen Honghe met Zhou Xiaoming. Chen Honghe said the talks went well.")
    text = "South Korean President Yin Xiyue spoke. Later Yin Xiyue left."
    assert found(text) == [("CD1001", "Yin Xiyue"), ("CD1001", "Yin Xiyue")]


MENTIONS_PACK = """\
pack: house
rules:
  - code: HS102
    name: ukrainian-given-name-mentioned-again
    kind: romanisation
    message: "'{match}': write '{replacement}'"
    description: d
    what-it-flags: w
    fix: {applicability: unsafe, why: w}
    test: given-names
    mentions: true
    markers: {"Ukraine's": Ukrainian}
    given-names: {Andrei: Andrii}
    examples:
      fail: ["Ukraine's prosecutor general Andrei Kostin spoke. [[Andrei Kostin]] left."]
      fixed: ["Ukraine's prosecutor general Andrei Kostin spoke. Andrii Kostin left."]
      pass: ["VTB chief Andrei Kostin spoke. Andrei Kostin left."]
"""


def test_a_followed_given_name_keeps_the_fix_of_its_given_name(tmp_path: Path):
    pack = tmp_path / "house.yaml"
    pack.write_text(MENTIONS_PACK, encoding="utf-8")
    text = "Ukraine's prosecutor general Andrei Kostin spoke.\n\nAndrei\nKostin left."
    result = fix_text(text, config={"extend-packs": [str(pack)], "select": ["HS102"]}, unsafe=True)
    assert result.text == "Ukraine's prosecutor general Andrei Kostin spoke.\n\nAndrii\nKostin left."


# --- one pass for the markers of every rule (issue 20) -----------------------------------------------------------
# Each rule's marker regex is tried only where one of the markers' first words starts, found for all the rules at
# once; that must be exactly what the regex finds scanning each paragraph. Two markers may overlap ('.(' and '(b' in
# '.(b': the second matches where the first does not), and the house packs' markers begin with one another (Kyiv,
# Kyiv's; Japan's, Japanese).

OVERLAPPING_PACK = """\
pack: house
rules:
  - code: HS103
    name: overlapping-markers
    kind: romanisation
    message: "'{match}': write '{replacement}'"
    description: d
    test: given-names
    markers: {".(": Ukrainian, "(b": Ukrainian, "Kyiv": Ukrainian, "Kyiv's": Ukrainian, "ab c": Ukrainian,
              "c": Ukrainian, "b": Ukrainian}
    given-names: {Andrei: Andrii}
    examples:
      fail: ["(b [[Andrei Kostin]] spoke."]
      pass: ["Andrii Kostin spoke."]
"""


def _checkers(pack_text: str | None = None) -> list:
    from linter.core.config import Settings
    from linter.core.engine import Linter
    from linter.kinds import romanisation

    if pack_text is None:
        return [c for c in Linter(Settings()).checkers if isinstance(c, romanisation.RomanisationChecker)]
    rules = list(parse_pack(pack_text, "house.yaml").rules)
    return romanisation._compile_configured(rules, CompileContext(None, tuple(rules)))


def _same_markers(checkers: list, text: str) -> None:
    doc = Document.from_text(text)
    for checker in checkers:
        scanned = [(m.span(), end) for start, end in doc.paragraphs
                   for m in checker.pattern.finditer(doc.prose, start, end)]
        assert [(m.span(), end) for m, end in checker._markers(doc)] == scanned, (checker.rule.code, text)


_HOUSE = _checkers()
_OVERLAPPING = _checkers(OVERLAPPING_PACK)
_FRAGMENTS = st.sampled_from([".(", "(b", "(", ".", "b", "ab", "ab c", "c", "Kyiv", "Kyiv's", "Kyiv’s", "South",
                              "South Korean", "Korean", "Japan's", "Japanese", "Hong Kong", "Andrei Kostin", "x"])
_SEPARATORS = st.sampled_from(["", " ", "  ", "\n", "\n\n", "-", "'", ", "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_FRAGMENTS, _SEPARATORS), max_size=30))
def test_the_markers_found_in_one_pass_are_those_each_paragraphs_scan_finds(pairs: list[tuple[str, str]]):
    text = "".join(f + s for f, s in pairs)
    _same_markers(_HOUSE, text)
    _same_markers(_OVERLAPPING, text)


def test_overlapping_markers_are_each_found():
    """'(b' starts inside '.(' (the alternation alone would step over it): the rule still fixes the name after it."""
    doc = Document.from_text(".(b Andrei Kostin spoke.")
    assert [m.group() for m, _ in _OVERLAPPING[0]._markers(doc)] == ["(b"]
    assert [(f.start, f.end) for f in _OVERLAPPING[0].check(doc)] == [(4, 17)]


@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not present")
def test_the_markers_found_in_one_pass_are_those_each_paragraphs_scan_finds_on_the_eval_data():
    for path in sorted(EVAL.glob("*.jsonl")):
        _same_markers(_HOUSE, "\n\n".join(_eval_strings(path.name)))
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        _same_markers(_HOUSE, seed.read_text(encoding="utf-8"))


def test_rules_alike_but_for_mentions_share_the_names_found_after_the_markers():
    """CD1014 and CD1016 differ only in `mentions`: one document's names are worked out once, for both."""
    by_code = {c.rule.code: c for c in _HOUSE}
    assert by_code["CD1014"]._found is by_code["CD1016"]._found
    assert by_code["CD1015"]._found is not by_code["CD1014"]._found
    assert len({id(c._starts) for c in _HOUSE}) == 1
