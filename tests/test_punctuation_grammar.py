"""Punctuation residue and grammar checks (issue 18, points 5 and 6): what the rule examples cannot say.

A mark with no partner has no fix, a quotation holding another is only shown, an article inside a quotation is
fixed only as unsafe, an article that is consistent gets no finding, numbers are read aloud, and bad options
name their key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from linter import check_text, fix_text
from linter.core.packs import PackError, load_pack
from linter.kinds.article import CONSONANT, VOWEL, number_sound
from linter.model.diagnostics import Applicability


def findings(text: str, *codes: str) -> list:
    return [d for d in check_text(text, config={"select": list(codes)}) if d.code in codes]


@pytest.mark.parametrize("digits, sound", [
    ("8", VOWEL), ("80", VOWEL), ("800", VOWEL), ("8,000", VOWEL), ("8000", VOWEL), ("80000", VOWEL),
    ("11", VOWEL), ("18", VOWEL), ("11,000", VOWEL), ("18000", VOWEL), ("18,500,000", VOWEL),
    ("1", CONSONANT), ("100", CONSONANT), ("110", CONSONANT), ("1,800", CONSONANT), ("118000", CONSONANT),
    ("1100000", CONSONANT), ("1800", None), ("1100", None),
])
def test_numbers_are_read_aloud(digits: str, sound: str | None):
    assert number_sound(digits) == sound


def test_the_issue_examples_of_a_and_an_are_fixed_by_default():
    text = ("He waited a hour. An European envoy, a FBI agent, an NATO ally, an one-off, a MP, an UN envoy, "
            "an US official, a 18-year-old, an university, a honest man.")
    assert fix_text(text).text == (
        "He waited an hour. A European envoy, an FBI agent, a NATO ally, a one-off, an MP, a UN envoy, "
        "a US official, an 18-year-old, a university, an honest man.")


def test_an_article_inside_a_quotation_is_fixed_only_as_unsafe():
    (finding,) = findings('"He was a FBI agent," she said.', "CD1201")
    assert finding.fix.applicability is Applicability.UNSAFE
    assert fix_text('"He was a FBI agent," she said.').text == '"He was a FBI agent," she said.'


@pytest.mark.parametrize("text", [
    "A LIBERO and a README and a REST API.",        # capitals of four letters or more on no list: unknown
    "He has an α-particle detector.",                 # a Greek letter's name
    "Frankfurt an der Oder, a la carte.",
    "There is a about a tenfold difference.",         # a stray article, not the wrong one
    "An Cheol-soo spoke.",                             # a family name
    "Add a udev rule, or an udev rule.",               # "u" before one consonant and a vowel: "you" or "uh"
    "Ubuntu ships a Ubuntu Pro tier and an Ubuntu Core image.",
])
def test_the_article_rule_says_nothing_where_it_cannot_tell(text: str):
    assert findings(text, "CD1201") == []


def test_a_u_word_of_a_closed_syllable_or_the_prefix_un_is_still_judged():
    text = "He is a unusual man with a ugly car, a upper hand and an usual plan."
    assert [text[d.start:].split()[:2] for d in findings(text, "CD1201")] == [
        ["a", "unusual"], ["a", "ugly"], ["a", "upper"], ["an", "usual"]]


def test_a_cjk_quotation_mark_without_its_partner_is_flagged_without_a_fix():
    (finding,) = findings("The ministry called it 「a provocation.", "CD524")
    assert finding.fix is None
    # a pair is never made across a paragraph break: each half stands alone
    halves = findings("He said 「we will\n\nrebuild」 today.", "CD524")
    assert len(halves) == 2 and all(d.fix is None for d in halves)


def test_a_cjk_pair_is_replaced_whole():
    (finding,) = findings("He called it「a provocation」yesterday.", "CD524")
    assert len(finding.fix.edits) == 2
    assert fix_text("He called it「a provocation」yesterday.").text == 'He called it "a provocation" yesterday.'


def test_cjk_punctuation_beside_cjk_text_is_left_alone():
    assert findings("The banner read 为人民服务，为国家服务 in red.", "CD519", "CD524", "CD525") == []
    assert findings("The sign 「欢迎光临」 hung over the door.", "CD524") == []


def test_a_full_stop_before_a_lowercase_word_is_fixed_only_as_unsafe():
    (finding,) = findings("Sales rose。and then fell.", "CD519")
    assert finding.fix.applicability is Applicability.UNSAFE
    assert fix_text("Sales rose 5%。Profits fell，sharply.").text == "Sales rose 5%. Profits fell, sharply."


def test_a_quotation_holding_another_is_only_shown():
    text = '"We will rebuild," the mayor said. "It will take years," he added. He called it \'a "so-called" truce\'.'
    (finding,) = findings(text, "CD528")
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY


def test_dash_spacing_is_quiet_when_consistent_or_evenly_split():
    assert findings("The strike—the third—hit. Talks—the first—ended.", "CD527") == []
    assert findings("The strike—the third this week – hit a depot.", "CD527") == []
    assert len(findings("The strike—the third—hit. Talks — the first — ended. It was — for now — over.",
                        "CD527")) == 2


def test_the_ap_profile_spaces_a_closed_em_dash():
    result = fix_text("The strike—the third this week—hit a depot.", config={"select": ["CD714"]})
    assert result.text == "The strike — the third this week — hit a depot."


def _pack(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "house.yaml"
    path.write_text("pack: house\nrules:\n  - code: HS001\n    name: house-rule\n    severity: warning\n"
                    "    message: m\n    description: d\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("body, key", [
    ("    kind: convention\n    check: dashes\n    house: double\n    examples: {fail: ['a—b'], pass: ['a']}\n",
     "house"),
    ("    kind: article\n    acronyms: {nato: a}\n    examples: {fail: ['a'], pass: ['a']}\n", "acronyms.nato"),
    ("    kind: article\n    acronyms: {NATO: the}\n    examples: {fail: ['a'], pass: ['a']}\n", "acronyms.NATO"),
    ("    kind: fullwidth\n    check: everything\n    examples: {fail: ['a'], pass: ['a']}\n", "check"),
])
def test_a_bad_option_names_the_file_the_rule_and_the_key(tmp_path: Path, body: str, key: str):
    with pytest.raises(PackError) as caught:
        load_pack(_pack(tmp_path, body))
    message = str(caught.value)
    assert "house.yaml" in message and "HS001" in message and key in message


def test_a_full_width_number_is_one_finding_not_one_per_mark():
    found = findings("Growth slowed to ５．２％ and ３，０００ jobs went.", "CD519", "CD525")
    assert [(d.code, d.fix.edits[0].text) for d in found] == [("CD525", "5.2%"), ("CD525", "3,000")]


def test_a_house_profile_can_name_curly_or_straight_quotation_marks(tmp_path: Path):
    pack = _pack(tmp_path, "    kind: convention\n    check: quotation-marks\n    house: curly\n"
                           "    fix: {applicability: safe}\n"
                           "    examples: {fail: ['He said [[\"]]no\".'], pass: ['He said “no”.'],"
                           " fixed: ['He said “no”.']}\n")
    config = {"select": ["HS001"], "extend-packs": [str(pack)]}
    text = "The mayor said \"Kyiv's air defences held\" and 'we will rebuild'. “Thanks,” he added."
    assert fix_text(text, config=config).text == (
        "The mayor said “Kyiv’s air defences held” and ‘we will rebuild’. “Thanks,” he added.")
    with pytest.raises(PackError, match="house"):
        load_pack(_pack(tmp_path, "    kind: convention\n    check: quotation-marks\n"
                                  "    examples: {fail: ['a'], pass: ['a']}\n"))


@pytest.mark.parametrize("text, code", [
    ('"They was ready," he said.', "CD1203"),
    ('"He don\'t care," she said.', "CD1204"),
    ('"We have went too far," he said.', "CD1205"),
])
def test_an_agreement_fix_inside_a_quotation_is_only_unsafe(text: str, code: str):
    (finding,) = findings(text, code)
    assert finding.fix.applicability is Applicability.UNSAFE
    assert fix_text(text).text == text
    outside = text.replace('"', "").replace(",", ".", 1)
    (plain,) = findings(outside, code)
    assert plain.fix.applicability is Applicability.SAFE


# CD536: tokenised MT output leaves spaces inside quotation marks (lines of the kind MQM raters mark)
def test_spaces_inside_straight_quotes_are_removed_only_with_unsafe_fixes():
    text = 'Some quipped, " Oh, who would believe in the Big Bang? " Others used the term " black holes ".'
    assert len(findings(text, "CD536")) == 4
    assert fix_text(text, config={"select": ["CD536"]}).text == text
    fixed = fix_text(text, config={"select": ["CD536"]}, unsafe=True).text
    assert fixed == 'Some quipped, "Oh, who would believe in the Big Bang?" Others used the term "black holes".'
    assert fixed.count('"') == text.count('"')


def test_spaces_inside_curly_quotes_are_removed_safely_and_the_marks_kept():
    text = "John Donne wrote: “ No man is an island. ”\n\nThe talk was called “ Sound of the universe ”."
    assert fix_text(text, config={"select": ["CD536"]}).text == (
        "John Donne wrote: “No man is an island.”\n\nThe talk was called “Sound of the universe”.")


@pytest.mark.parametrize("text", [
    'He wrote " and then stopped. Later he said " fine" twice.',  # three marks: which pairs is unknown
    'The form leaves a blank field (" ") for the name.',
    "The report—titled “Still Waters”—was published on Monday.",
])
def test_no_space_finding_where_the_pairing_is_unknown_or_nothing_is_quoted(text: str):
    assert findings(text, "CD536") == []
