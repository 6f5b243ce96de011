"""The dates-numbers pack (CD1101-CD1110) on real-shaped news copy: right dates and numbers stay silent, dates that
cannot exist are findings and never errors, the weekday check takes its year only where one is given, safe fixes
stay out of quotations, and the CLDR names are babel's, kept between runs."""

from __future__ import annotations

import calendar
import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter import check_text, fix_text
from linter.core.packs import PackError, load_pack
from linter.kept import store
from linter.text import cldr

PACK = {"select": ["dates-numbers"]}


def found(text: str, code: str | None = None) -> list[tuple[str, str]]:
    return [(d.code, text[d.start:d.end]) for d in check_text(text, config=PACK)
            if code is None or d.code == code]


# Written for these tests as an English news desk writes (AP and BBC styles), not taken from the eval data: every
# date, number and amount in it is right, so the pack must say nothing.
RIGHT_US = """WASHINGTON, March 4, 2024 (Reuters) - The Senate voted 52-48 on Monday, March 4, to pass the bill.

The measure, first tabled on Jan. 15, sets aside $4.5 billion for the 2024-25 fiscal year and 12,500 new posts.

Lawmakers meet again on Tuesday, March 12, and on March 19. Turnout at the hearing was 35 percent, up from
31 percent in 2020. The vote on Article 5 of the bill, which covers flight 10045 and No. 43712, is set for
April 2, the 14th anniversary of the law.

Some 7,000 people, and tens of thousands online, followed the debate; a 10,000-strong crowd rallied on the 14th
floor of the annex and outside. Shares of Boeing rose 3.5 percent in New York trading in the 1990s-style rally, a
spokesperson said by phone on 202-555-0143. The castle, built in the 14th century, is 900 years old.

"We will be back on May 1," he said.
"""

RIGHT_UK = """LONDON, 4 March 2024 - Ministers met on Monday 4 March and agreed a £20,000 grant.

The scheme, launched on 15 January, will run until 31 December 2025, the Treasury said in a statement.

Inflation fell to 3.4 per cent in February from 4 per cent in January, the Office for National Statistics said.
The Bank of England held rates at 5.25 per cent on 21 March, its seventh hold in a row.

McIlroy made a birdie on the 14th and led by two going into the final round at the Open in July.
"""


@pytest.mark.parametrize("text", [RIGHT_US, RIGHT_UK], ids=["us", "uk"])
def test_right_dates_and_numbers_are_not_flagged(text: str) -> None:
    assert found(text) == []


def test_the_calques_of_a_machine_translation_are_flagged() -> None:
    text = ("BEIJING - The ministry said on the 14th that the average wage was 4800 RMB a month, and that 3.5 ten "
            "thousand workers had found jobs.\n\nOfficials said the plan, signed on 2024-03-05 and in force since "
            "March 3rd, would cost 2 hundred million yuan. The ministry said so on Tuesday, March 5, 2024, in "
            "Beijing.\n")
    assert found(text) == [
        ("CD1101", "on the 14th"),
        ("CD1109", "4800 RMB"),
        ("CD1107", "3.5 ten thousand"),
        ("CD1103", "2024-03-05"),
        ("CD1102", "March 3rd"),
        ("CD1107", "2 hundred million"),
    ]
    fixed = fix_text(text, config=PACK).text
    assert "since March 3," in fixed and "3.5 ten thousand" in fixed  # a safe fix changes no digit
    unsafe = fix_text(text, config=PACK, unsafe=True).text
    assert "35,000 workers" in unsafe and "200 million yuan" in unsafe
    assert "4800 RMB" in unsafe and "2024-03-05" in unsafe  # display-only: shown, never applied


def test_a_safe_fix_is_not_applied_inside_a_quotation() -> None:
    text = 'He said: "We will be back on May 1st with 7 thousand troops." The vote is on May 3rd.'
    assert fix_text(text, config=PACK).text == 'He said: "We will be back on May 1st with 7 thousand troops." ' \
                                               "The vote is on May 3."
    unsafe = fix_text(text, config=PACK, unsafe=True).text
    assert unsafe == 'He said: "We will be back on May 1 with 7,000 troops." The vote is on May 3.'


def test_the_nth_of_a_month_is_rewritten_only_with_unsafe_fixes() -> None:
    text = "The parade on the 4th of July drew crowds, and the vote is on July 6th."
    assert found(text, "CD1102") == [("CD1102", "the 4th of July"), ("CD1102", "July 6th")]
    assert fix_text(text, config=PACK).text == "The parade on the 4th of July drew crowds, and the vote is on July 6."
    assert fix_text(text, config=PACK, unsafe=True).text.startswith("The parade on 4 July drew")


# --- dates that cannot exist --------------------------------------------------------------------------------

MONTHS = list(calendar.month_name)[1:]


@given(month=st.integers(1, 12), day=st.integers(0, 99), year=st.one_of(st.none(), st.integers(1800, 2099)),
       day_first=st.booleans(), ordinal=st.booleans())
def test_any_day_of_any_month_is_checked_without_an_error(month: int, day: int, year: int | None, day_first: bool,
                                                          ordinal: bool) -> None:
    name = MONTHS[month - 1]
    written_day = f"{day}{'th' if ordinal else ''}"
    date = f"{written_day} {name}" if day_first else f"{name} {written_day}"
    if year is not None:
        date += f" {year}" if day_first else f", {year}"
    text = f"The deadline was moved to Tuesday, {date}, the ministry said."
    codes = [code for code, _ in found(text)]  # never raises
    if 1 <= day <= 31:
        longest = calendar.monthrange(year if year is not None else 2000, month)[1]
        assert ("CD1106" in codes) == (day > longest), text


@given(year=st.integers(1900, 2099), month=st.integers(0, 19), day=st.integers(0, 39))
def test_any_numeric_date_is_checked_without_an_error(year: int, month: int, day: int) -> None:
    text = f"The order of {year}-{month:02d}-{day:02d} was cancelled by the court on appeal this week."
    codes = [code for code, _ in found(text)]
    exists = 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
    assert ("CD1106" in codes) == (1 <= month <= 12 and 1 <= day <= 31 and not exists)
    assert ("CD1103" in codes) == exists


def test_february_29_is_impossible_only_in_a_year_that_is_not_a_leap_year() -> None:
    assert found("It was signed on February 29, 2023.", "CD1106") == [("CD1106", "February 29, 2023")]
    assert found("It was signed on February 29, 2024.", "CD1106") == []
    assert found("It was signed on February 29.", "CD1106") == []
    assert found("It was signed on 30 February.", "CD1106") == [("CD1106", "30 February")]


# --- weekdays ---------------------------------------------------------------------------------------------


def test_a_weekday_with_no_year_known_is_not_checked() -> None:
    assert found("Talks resume on Tuesday, January 7, officials said.", "CD1105") == []


def test_the_year_comes_from_the_date_the_sentence_or_the_metadata_line() -> None:
    wrong = "Talks resume on Tuesday, January 6"
    assert found(f"{wrong}, 2025, officials said.", "CD1105") == [("CD1105", "Tuesday, January 6, 2025")]
    assert found(f"{wrong} and end on Thursday, January 9, 2025.", "CD1105") == [("CD1105", "Tuesday, January 6")]
    assert found(f"date 2025-01-02\n\n{wrong}, officials said.\n", "CD1105") == [("CD1105", "Tuesday, January 6")]
    assert found("date 2025-01-02\n\nTalks resume on Monday, January 6, officials said.\n", "CD1105") == []


def test_an_article_of_late_december_reads_january_as_the_next_year() -> None:
    head = "MOSCOW, Dec. 30, 2024 - Officials met in the capital.\n\n"
    # January 6, 2025 is a Monday; January 6, 2024 was a Saturday
    assert found(head + "Talks resume on Monday, January 6, they said.\n", "CD1105") == []
    assert found(head + "Talks resume on Saturday, January 6, they said.\n", "CD1105") == [
        ("CD1105", "Saturday, January 6")]
    assert datetime.date(2025, 1, 6).weekday() == 0


# --- article-wide consistency ---------------------------------------------------------------------------------


def test_the_first_date_order_wins_a_tie() -> None:
    text = "Talks began on 5 March in Geneva. They ended on March 9 in Bern."
    assert found(text, "CD1104") == [("CD1104", "March 9")]
    fixed = fix_text(text, config=PACK, unsafe=True).text
    assert fixed == "Talks began on 5 March in Geneva. They ended on 9 March in Bern."


def test_percent_in_a_headline_is_not_counted() -> None:
    text = "Prices up 5%\n\nPrices rose 5 percent in May, the statistics office said on Monday.\n"
    assert found(text, "CD1110") == []


# --- the CLDR names -----------------------------------------------------------------------------------------


def test_the_names_are_babels() -> None:
    from babel import Locale
    from babel.numbers import get_currency_name

    names = cldr.names()
    english = Locale("en")
    assert names.months == tuple(english.months["format"]["wide"][i] for i in range(1, 13))
    assert names.weekdays[0] == english.days["format"]["wide"][0] == "Monday"
    assert names.currencies["CNY"] == (get_currency_name("CNY", count=2, locale="en"), "CN¥")
    assert "RMB" not in names.currencies and "ATS" not in names.currencies  # not ISO; the schilling is gone


def test_the_names_are_kept_between_runs_and_a_damaged_file_is_only_derived_again(tmp_path: Path,
                                                                                  monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(store.OFF, raising=False)
    cldr.names.cache_clear()
    try:
        first = cldr.names()
        kept = list((tmp_path / "copydesk" / "derived").glob("cldr-*.marshal"))
        assert len(kept) == 1
        cldr.names.cache_clear()
        assert cldr.names() == first  # read back
        kept[0].write_bytes(b"\x00damaged")
        cldr.names.cache_clear()
        assert cldr.names() == first
    finally:
        cldr.names.cache_clear()


def test_a_pack_naming_an_unknown_currency_is_refused_with_its_key(tmp_path: Path) -> None:
    pack = tmp_path / "money.yaml"
    pack.write_text(
        "pack: money\nrules:\n  - code: CD9990\n    name: money\n    kind: dates-numbers\n    check: currency-code\n"
        "    severity: warning\n    message: m\n    description: d\n    aliases: {RMB: XYZ}\n"
        "    examples:\n      fail: ['[[4800 RMB]] a month']\n", encoding="utf-8")
    with pytest.raises(PackError) as error:
        load_pack(pack)
    assert "money.yaml" in str(error.value) and "aliases.RMB" in str(error.value) and "XYZ" in str(error.value)


# --- scope: the paragraph checks read their paragraph only -------------------------------------------------

_SNIPPETS = ["\n\n", "\n", " ", ".", ",", '"', "on the 14th", " 14th", "March", "5 March", "March 5", "3rd", "2024",
             "Tuesday, ", "7 thousand", "12500 people", "4800 RMB", "RMB", " 5%", " 5 percent", "date 2024-03-04\n",
             "2024-02-30", "the", "No. ", "floor", "X", "on the 14th\n\n", "NY\n\n"]


def test_the_language_server_finds_what_a_full_check_finds_after_random_edits() -> None:
    import random

    from linter.core.config import Settings
    from linter.core.engine import linter_for
    from linter.core.incremental import IncrementalLinter
    from linter.text.document import Document

    linter = linter_for(Settings(select=("dates-numbers",)))
    incremental = IncrementalLinter(linter)
    rng = random.Random(18)
    text = (RIGHT_US + "\n" + RIGHT_UK + "\nThe wage was 4800 RMB on the 14th, for 12500 people and 7 thousand more.\n"
            "\nThe talks ended on the 14th\n\nAnd so it went.\n\nNY\n\n12500 people left. Pay was 4800\n\n"
            "RMB a month.\n")
    for step in range(150):
        assert incremental.check(Document.from_text(text)) == linter.check(Document.from_text(text)), (step, text)
        at = rng.randint(0, len(text))
        end = min(len(text), at + rng.choice((0, 0, 1, 3, 8)))
        text = text[:at] + rng.choice(_SNIPPETS) + text[end:]


# A number in two parts, as Chinese (3亿5000万) and Russian (3 млн 500 тыс.) write it: worked out whole, never
# half-rewritten ("3 million 500,000", "2,000 300 people").
@pytest.mark.parametrize("text, flagged, fixed", [
    ("Sales reached 3 million 500 thousand units.", ["3 million 500 thousand"], "Sales reached 3.5 million units."),
    ("He paid 1 billion 2 hundred million yuan.", ["1 billion 2 hundred million"], "He paid 1.2 billion yuan."),
    ("About 2 thousand 300 people came.", ["2 thousand"], None),  # 2,300, or two numbers
    ("The town had 7 thousand 30 years ago.", ["7 thousand"], None),
    ("It cost 3 thousand 500 hundred.", ["3 thousand 500 hundred"], None),  # no number reads so
    ("The city had 2 million 30 years ago.", [], None),
])
def test_a_number_in_two_parts_is_worked_out_whole_or_left(text: str, flagged: list[str], fixed: str | None) -> None:
    config = {"select": ["CD1107"]}
    assert [text[d.start:d.end] for d in check_text(text, config=config)] == flagged
    assert fix_text(text, config=config, unsafe=True).text == (fixed or text)
