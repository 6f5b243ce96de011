"""The bilingual pack (issue 19) on whole articles with their sources, its glossary file, and the number reader.

The rules' own examples (rules/bilingual.yaml) run in tests/test_rule_examples.py; these tests hold what examples
cannot: a multi-paragraph article, the glossary from a CSV or TBX file named by the configuration, and its errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import linter
from linter.core.config import ConfigError
from linter.text import numerals

SOURCE = """\
Мэр Киева заявил, что 5 марта в городе откроют 12 тыс. укрытий.

По его словам, на это потратят 2,5 млн гривен. Подробности на https://kyivcity.gov.ua/news.

Горожане могут писать на press@kyivcity.gov.ua или в Telegram @kyivcity."""
TARGET = """\
The mayor of Kyiv said that 12,000 shelters would open in the city on March 5.

According to him, 2.5 million hryvnias would be spent on this. Details at https://kyivcity.gov.ua/news.

Residents can write to press@kyivcity.gov.ua or on Telegram @kyivcity."""


def bilingual(text: str, source: str = SOURCE, language: str | None = "ru", **kwargs: object) -> list[tuple[str, str]]:
    found = linter.check_text(text, source=source, source_language=language, **kwargs)  # type: ignore[arg-type]
    return [(d.code, text[d.start:d.end]) for d in found if d.code.startswith("CD20")]


def test_a_faithful_translation_of_an_article_gets_no_bilingual_finding() -> None:
    assert bilingual(TARGET) == []
    assert bilingual(TARGET, language=None) == []  # the language detected: Russian


def test_each_error_is_flagged_in_the_target_where_it_is() -> None:
    wrong = (TARGET.replace("12,000", "1,200").replace("March 5", "April 5")
             .replace("https://kyivcity.gov.ua/news", "https://kyivcity.gov.ua")
             .replace("Residents can write to press@kyivcity.gov.ua or on Telegram @kyivcity.",
                      "Residents can write to press@kyivcity.gov.ua or on Telegram."))
    found = bilingual(wrong)
    assert ("CD2001", "1,200") in found  # added where it stands
    assert ("CD2001", "The mayor of Kyiv said that 1,200 shelters would open in the city on April 5.") in found
    assert ("CD2041", "April") in found
    assert ("CD2021", "Details at") in found  # the sentence's prose: the address itself is masked
    assert ("CD2021", "Residents can write to") in found  # the handle lost; the e-mail address (masked) kept


def test_a_dropped_paragraph_and_a_cut_off_target_are_omissions() -> None:
    dropped = TARGET.rsplit("\n\n", 1)[0]
    # on the last paragraph, up to its web address (masked text is never flagged)
    assert ("CD2031", "According to him, 2.5 million hryvnias would be spent on this. Details at") in bilingual(dropped)
    cut = TARGET[:TARGET.rindex(" or on Telegram")]
    assert ("CD2031", "Residents can write to") in bilingual(cut)  # up to the (masked) e-mail address


def test_copied_source_text_is_untranslated() -> None:
    copied = TARGET.replace("Residents can write", "Горожане могут писать")
    assert ("CD2011", "Горожане могут писать") in bilingual(copied)


def test_without_a_source_the_same_article_gets_no_bilingual_finding() -> None:
    wrong = TARGET.replace("12,000", "1,200")
    assert [d for d in linter.check_text(wrong) if d.code.startswith("CD20")] == []


@pytest.mark.parametrize(("text", "language", "values"), [
    ("有25万种，两百五十万个部分，三十亿碱基对", "zh", [250000, 2500000, 3e9]),
    ("百分之二十，2024年，1.5亿", "zh", [20, 2024, 1.5e8]),
    ("2,5 млн рублей, 1 500 человек, 12 тыс.", "ru", [2.5e6, 1500, 12000]),
    ("12 тис. людей, 3,5 млрд", "uk", [12000, 3.5e9]),
    ("250,000 species, 2.5 million, twenty-five, a dozen, two and a half million", "en",
     [250000, 2.5e6, 25, 12, 2.5e6]),
])
def test_numbers_are_read_with_their_values(text: str, language: str, values: list[float]) -> None:
    found = {v for n in numerals.numbers(text, language) for v in n.values}
    assert all(v in found for v in values), (sorted(found), values)


def test_chinese_idioms_written_with_numerals_are_not_numbers_a_translation_must_carry() -> None:
    assert [n for n in numerals.numbers("千万要一起检查，十分好，一个人", "zh") if n.written] == []


# the glossary: a config file names it, relative to its own folder
ARTICLE = "The mayor of Kiev met the Supreme Council."
ARTICLE_SOURCE = "Мэр Киева встретился с Верховной радой. Верховная рада одобрила план."
TBX = """\
<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="ru">
<text><body>
<termEntry id="1">
  <langSet xml:lang="ru"><tig><term>Верховная рада</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>Verkhovna Rada</term></tig><tig><term>Ukrainian parliament</term></tig></langSet>
</termEntry>
<termEntry id="2">
  <langSet xml:lang="ru"><tig><term>Киев</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>Kyiv</term></tig></langSet>
</termEntry>
</body></text></martif>
"""


def configured(tmp_path: Path, name: str, content: str) -> str:
    folder = tmp_path / "project"
    (folder / "terms").mkdir(parents=True)
    (folder / "terms" / name).write_text(content, encoding="utf-8")
    config = folder / ".copydesk.yaml"
    config.write_text(f"glossary: terms/{name}\n", encoding="utf-8")
    return str(config)


@pytest.mark.parametrize(("name", "content"), [
    ("terms.tbx", TBX),
    ("terms.csv", "source,target\nКиев,Kyiv\nВерховная рада,Verkhovna Rada,Ukrainian parliament\n"),
    ("terms.csv", "# languages\nru,en\nКиев,Kyiv\n\"Верховная рада\",\"Verkhovna Rada\",Ukrainian parliament\n"),
])
def test_a_glossary_file_named_in_the_config_is_checked(tmp_path: Path, name: str, content: str) -> None:
    config = configured(tmp_path, name, content)
    found = [d for d in linter.check_text(ARTICLE, source=ARTICLE_SOURCE, source_language="ru", config=config)
             if d.code == "CD2051"]
    assert sorted(d.message for d in found) == [
        "the source's 'Верховная рада' is translated 'Verkhovna Rada' or 'Ukrainian parliament' in the glossary; "
        "the translation has none of them",
        "the source's 'Киева' is translated 'Kyiv' in the glossary; the translation has none of them"]
    good = "The mayor of Kyiv met the Verkhovna Rada. The Ukrainian parliament approved the plan."
    assert [d for d in linter.check_text(good, source=ARTICLE_SOURCE, source_language="ru", config=config)
            if d.code.startswith("CD20")] == []
    # a glossary in Russian says nothing of a Chinese source
    if "ru,en" in content or name.endswith(".tbx"):
        assert [d for d in linter.check_text(ARTICLE, source="基辅市长说。", source_language="zh", config=config)
                if d.code == "CD2051"] == []


@pytest.mark.parametrize(("name", "content", "line", "says"), [
    ("terms.tbx", TBX.replace("</termEntry>\n<termEntry id=\"2\">", "<termEntry id=\"2\">"), 0, "not well-formed TBX"),
    ("terms.tbx", TBX.replace('<langSet xml:lang="en"><tig><term>Kyiv</term></tig></langSet>', ""), 8,
     "needs English"),
    ("terms.csv", "source,target\nКиев,Kyiv\nВерховная рада\n", 3, "needs a source term and at least one target"),
    ("terms.csv", "", 1, "no entries"),
])
def test_a_bad_glossary_is_an_error_naming_file_and_line(tmp_path: Path, name: str, content: str, line: int,
                                                         says: str) -> None:
    config = configured(tmp_path, name, content)
    with pytest.raises(ConfigError, match=says) as caught:
        linter.check_text(ARTICLE, source=ARTICLE_SOURCE, source_language="ru", config=config)
    assert caught.value.file == str(tmp_path / "project" / "terms" / name)
    assert caught.value.key == "glossary"
    if line:
        assert caught.value.line == line
        assert str(caught.value).startswith(f"{caught.value.file}:{line}: key 'glossary': ")
    else:
        assert caught.value.line > 0  # where the XML parser stopped


def test_a_missing_glossary_file_is_an_error_naming_it(tmp_path: Path) -> None:
    config = tmp_path / ".copydesk.yaml"
    config.write_text("glossary: nowhere.csv\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"nowhere\.csv: key 'glossary': glossary cannot be read"):
        linter.check_text(ARTICLE, config=str(config))
