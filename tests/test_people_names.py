"""People's names: the people-names gazetteer, the style profiles' choice of a name's variant, and names
written two ways in one article (the name-variants kind)."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from linter import check_text, fix_text
from linter.core.packs import PackError, builtin_paths, load_packs, parse_pack
from linter.kinds.name_variants import distance, fold

PACKS = {p.name: p for p in load_packs(builtin_paths())}


def codes(text: str, **config) -> list[tuple[str, str]]:
    return [(d.code, text[d.start:d.end]) for d in check_text(text, config=config or None)]


def fixed(text: str, unsafe: bool = False, **config) -> str:
    return fix_text(text, config=config or None, unsafe=unsafe).text


# --- the gazetteer -------------------------------------------------------------------------------------------

def test_the_pack_is_on_by_default_and_lists_hundreds_of_people():
    pack = PACKS["people-names"]
    assert pack.enabled
    targets = {t for r in pack.rules if r.kind == "term" for t in r.options["terms"].values()}
    assert len(targets) >= 250, len(targets)
    assert all(r.code.startswith("CD10") for r in pack.rules)


def test_a_pinyin_name_is_fixed_to_the_english_one_in_running_text():
    text = "Talks between Yin Xiyue and Cai Yingwen's envoy, and a call with Li Jiachao, ended."
    assert fixed(text) == "Talks between Yoon Suk Yeol and Tsai Ing-wen's envoy, and a call with John Lee, ended."


def test_a_quoted_name_is_flagged_without_a_fix():
    text = 'The banner read "Welcome Yin Xiyue" in large letters.'
    assert ("CD1001", "Yin Xiyue") in codes(text)
    assert fixed(text, unsafe=True) == text


def test_the_russian_form_of_a_ukrainian_name_keeps_the_surname_variant():
    assert fixed("Vladimir Zelenskiy met Alexei Reznikov.") == "Volodymyr Zelenskiy met Oleksii Reznikov."


@pytest.mark.parametrize("text", [
    "Alexander Litvinenko was poisoned in London in 2006.",   # not Oleksandr Lytvynenko
    "VTB chief executive Andrei Kostin spoke at the forum.",  # not Andriy Kostin
    "Marshal Semyon Timoshenko commanded the front.",         # an exception of CD1012
    "Andrei Kirilenko played for the Utah Jazz.",
    "Chinese Premier Li Qiang met Wang Yi and Xi Jinping.",    # Chinese names stay in pinyin
    "She ordered poutine in Montreal.",
])
def test_other_people_who_share_a_form_are_left_alone(text: str):
    assert not [c for c, _ in codes(text) if c.startswith("CD10")]


def test_a_form_shared_with_others_is_fixed_only_with_unsafe_fixes():
    text = "Former Prime Minister Timoshenko was freed."
    assert ("CD1012", "Timoshenko") in codes(text)
    assert fixed(text) == text
    assert fixed(text, unsafe=True) == "Former Prime Minister Tymoshenko was freed."


def test_the_longest_listed_form_wins_so_one_name_gives_one_finding():
    # 'Kirilenko' alone is listed (unsafe) and 'Pavel Kirilenko' in full (safe): the full name is one finding
    assert codes("Governor Pavel Kirilenko spoke.") == [("CD1007", "Pavel Kirilenko")]


def test_a_lowercase_name_is_capitalised():
    assert fixed("Talks between xi jinping and yoon suk yeol ended.") == \
        "Talks between Xi Jinping and Yoon Suk Yeol ended."


def test_a_bad_entry_in_a_user_people_pack_names_the_file_line_rule_and_key(tmp_path: Path):
    pack = tmp_path / "people.yaml"
    pack.write_text("""pack: my-people
rules:
  - code: CD9001
    name: my-people
    kind: term
    message: m
    description: d
    terms:
      "Yin Xiyue": "Yoon Suk Yeol"
      "Wen Zaiyin": ["Moon Jae-in", 3]
    examples: {fail: [Yin Xiyue], pass: [Yoon Suk Yeol]}
""", encoding="utf-8")
    with pytest.raises(PackError) as error:
        parse_pack(pack.read_text(encoding="utf-8"), str(pack))
    message = str(error.value)
    assert str(pack) in message and "CD9001" in message and "Wen Zaiyin" in message


# --- the style profiles choose a variant ----------------------------------------------------------------------

ARTICLE = ("Zelensky met Biden. Zelensky's office said so. Zelenskyy then flew home. "
           "Vladimir Zelenskiy spoke. Kim Jong-un watched.")


@pytest.mark.parametrize(("profile", "expected"), [
    ("style-ap", "Zelenskyy met Biden. Zelenskyy's office said so. Zelenskyy then flew home. "
                 "Volodymyr Zelenskyy spoke. Kim Jong Un watched."),
    ("style-bbc", "Zelensky met Biden. Zelensky's office said so. Zelensky then flew home. "
                  "Volodymyr Zelensky spoke. Kim Jong-un watched."),
    ("style-reuters", "Zelenskiy met Biden. Zelenskiy's office said so. Zelenskiy then flew home. "
                      "Volodymyr Zelenskiy spoke. Kim Jong Un watched."),
])
def test_a_style_profile_chooses_the_variant_and_the_default_consistency_rules_agree(profile: str, expected: str):
    result = fixed(ARTICLE, **{"extend-select": [profile]})
    assert result == expected
    assert not check_text(result, config={"extend-select": [profile]})


def test_the_default_pack_forces_no_house_variant():
    for text in ("President Zelenskyy spoke.", "President Zelensky spoke.", "President Zelenskiy spoke.",
                 "Kim Jong Un watched.", "Kim Jong-un watched.", "Gadhafi ruled Libya.", "Gaddafi ruled Libya."):
        assert not check_text(text), text


# --- names written two ways, without a list -------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("Zelenskyy", "Zelensky"), ("Zelenskiy", "Zelenskii"), ("Oleksii", "Oleksiy"), ("Aleksei", "Alexei"),
    ("Alexey", "Alexei"), ("Suk-yeol", "Suk Yeol"), ("Erdoğan", "Erdogan"), ("Mykhailo", "Mykhaylo"),
])
def test_transliteration_variants_fold_together(a: str, b: str):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [("Kharkiv", "Kharkov"), ("Philip", "Philips"), ("Lee", "Li")])
def test_different_names_do_not_fold_together(a: str, b: str):
    assert fold(a) != fold(b)


def test_edit_distance_counts_a_swap_as_one_edit_and_stops_at_its_limit():
    assert distance("reznikov", "resnikov", 1) == 1
    assert distance("reznikov", "rezinkov", 1) == 1
    assert distance("reznikov", "kuleba", 1) == 2


ARTICLE_TWO_WAYS = (
    "SEOUL, South Korea - President Yoon Suk Yeol met the delegation on Monday.\n\n"
    "Officials said Yoon Suk Yeol would travel to Washington. An aide said Yoon Suk-yeol was tired.\n\n"
    "Defence Minister Oleksii Reznikov and Oleksiy Reznikov's deputy also spoke; Oleksii Reznikov left."
)


def test_a_name_written_two_ways_is_flagged_with_the_majority_form_as_an_unsafe_fix():
    found = [(c, t) for c, t in codes(ARTICLE_TWO_WAYS) if c == "CD614"]
    assert found == [("CD614", "Suk-yeol"), ("CD614", "Oleksiy")]
    assert fixed(ARTICLE_TWO_WAYS) == ARTICLE_TWO_WAYS  # unsafe: not applied by default
    result = fixed(ARTICLE_TWO_WAYS, unsafe=True)
    assert "Yoon Suk Yeol was tired" in result and "Oleksii Reznikov's deputy" in result


def test_on_a_tie_the_form_that_comes_first_wins():
    text = "Officials said Oleksiy Reznikov arrived. Later, Oleksii Reznikov left."
    assert [t for c, t in codes(text) if c == "CD614"] == ["Oleksii"]


def test_capitals_that_say_nothing_about_names_are_not_compared():
    # sentence-initial words and a title-case headline's words are not evidence of a name
    text = "Off The Record Talks Resume\n\nOf the crew, ten survived. Off the coast, the ship sank."
    assert not [c for c, _ in codes(text) if c.startswith("CD61")]


def test_a_name_inconsistent_transliteration_compares_gets_one_finding_not_two():
    text = "President Zelensky met Biden. Officials said Zelensky was pleased, and Zelenskyy flew home."
    assert [c for c, _ in codes(text)] == ["CD613"]


def test_the_fold_rule_leaves_the_names_cd613_lists_to_cd613():
    rules = {r.code: r for r in PACKS["consistency"].rules}
    # a name word is capitalised: 'al-Qaeda' is compared as 'Qaeda', 'al Qaida' as 'Qaida'
    listed = {word.casefold() for group in rules["CD613"].options["variants"] for v in group
              for word in regex.split(r"(?<=\w)[ -](?=\p{Lu})|^\p{Ll}+[ -]", v) if word and word[0].isupper()}
    left = {e.casefold() for e in rules["CD614"].options["exceptions"]}
    assert listed <= left, sorted(listed - left)


def test_name_order_flipped_in_one_article():
    text = ("Prime Minister Fumio Kishida met Biden. Officials said Fumio Kishida was pleased. "
            "Aides said Kishida Fumio would return.")
    assert ("CD616", "Kishida Fumio") in codes(text)
    assert fixed(text, unsafe=True).endswith("Aides said Fumio Kishida would return.")


def test_a_name_run_into_its_echo_is_not_an_order_flip():
    text = "Ministry of Healthcare of Kazakhstan Most Kazakhstan regions are green, the ministry said."
    assert not [c for c, _ in codes(text) if c == "CD616"]


def test_the_near_rule_is_opt_in_and_skips_endings():
    text = "Oleksii Reznikov arrived in Brussels. Reznikov met his counterparts. Later Resnikov flew home."
    assert not [c for c, _ in codes(text) if c == "CD615"]
    assert ("CD615", "Resnikov") in codes(text, **{"extend-select": ["CD615"]})
    assert not codes("Officials in Russia said Russian troops left.", **{"extend-select": ["CD615"]})


def test_a_bad_name_variants_option_names_the_rule_and_key(tmp_path: Path):
    pack = tmp_path / "names.yaml"
    pack.write_text("""pack: mine
rules:
  - code: CD9002
    name: my-names
    kind: name-variants
    message: m
    description: d
    compare: near
    max-distance: 9
    examples: {fail: [a], pass: [b]}
""", encoding="utf-8")
    with pytest.raises(PackError) as error:
        parse_pack(pack.read_text(encoding="utf-8"), str(pack))
    assert "CD9002" in str(error.value) and "max-distance" in str(error.value)


def test_a_common_word_at_sentence_starts_never_outvotes_a_name():
    # 'Will' only ever starts a sentence: no evidence that it is a name, so 'Wil' is not 'corrected' to it
    text = "Will they come? Will it rain? Will it stop? The actor Wil Wheaton said no."
    assert not [c for c, _ in codes(text, **{"extend-select": ["CD615"]}) if c.startswith("CD61")]


def test_a_spelling_glossed_in_brackets_is_given_on_purpose():
    text = "The Dimax (Dimaks) mattress is sold in Moscow. Dimax also makes pillows."
    assert not [c for c, _ in codes(text) if c == "CD614"]


def test_the_near_rule_leaves_two_words_of_one_stem_alone():
    text = "The Communist party met. Critics of Communism spoke, and the Communist leader left."
    assert not [c for c, _ in codes(text, **{"extend-select": ["CD615"]}) if c == "CD615"]


@pytest.mark.parametrize("text", [
    "Ships left Odessa. Odesa's port reopened, and Odesa's governor spoke.",
    "Yulia Tymoshenko spoke. Tymoshenko's party agreed, and Timoshenko left.",
])
def test_a_form_a_gazetteer_flags_is_left_to_it(text: str):
    found = [c for c, _ in codes(text)]
    assert found and "CD614" not in found


def test_no_name_written_two_ways_is_new_after_a_safe_fix_of_a_listed_name():
    text = "Adviser Alexey Arestovich spoke on Monday. Later, Arestovich denied it."
    result = fixed(text)
    assert "Oleksiy Arestovych" in result
    assert not [c for c, _ in codes(result) if c.startswith("CD61")]


def test_a_listed_name_wrapped_across_lines_is_right_and_its_case_fix_keeps_the_line_break():
    wrapped = "Japan's foreign minister Yoshimasa\nHayashi met his counterpart in Seoul."
    assert [d.code for d in check_text(wrapped) if d.code == "CD1013"] == []
    lowered = wrapped.replace("Yoshimasa\nHayashi", "yoshimasa\nhayashi")
    assert fix_text(lowered, config={"select": ["CD1013"]}).text == wrapped


@pytest.mark.parametrize("text, flagged", [
    # two people whose given names are spelled two ways (WMT22 ru-en MT): not one name written two ways
    ("VTB chief Andrey Kostin spoke on Monday.\n\nAmbassador Andrei Melnik replied on Tuesday.", []),
    # one person, the same family name after both spellings
    ("Defence Minister Oleksii Reznikov spoke on Monday.\n\nMinister Oleksiy Reznikov replied on Tuesday.",
     ["Oleksiy"]),
])
def test_given_names_before_different_family_names_are_different_people(text: str, flagged: list[str]):
    assert [text[d.start:d.end] for d in check_text(text) if d.code == "CD614"] == flagged
