"""The spelling kind on real sentences: what it flags and suggests, the names and words it leaves alone, the dialect
it ranks suggestions by, fixes that are never safe, a lexicon read only when a spelling rule checks, and a lexicon
that cannot be read named in the error."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.kept import store
from linter.kinds import spelling
from linter.model.diagnostics import Applicability
from linter.text.document import Document
from tests.conftest import ROOT


def _findings(text: str, settings: Settings | None = None) -> list[tuple[str, str, tuple[str, ...]]]:
    linter = Linter(settings or Settings(select=("spelling",)))
    result = linter.check(Document.from_text(text))
    out = []
    for d in result.diagnostics:
        assert d.code.startswith("CD115"), d  # a failing checker reports under its code with its message
        suggestions = tuple(e.text for e in d.fix.edits) if d.fix is not None else ()
        out.append((d.code, text[d.start:d.end], suggestions))
    return out


def _suggested(text: str, settings: Settings | None = None) -> list[str]:
    linter = Linter(settings or Settings(select=("spelling",)))
    return [d.message for d in linter.check(Document.from_text(text)).diagnostics]


def test_non_words_one_slip_from_a_common_word_are_flagged_with_the_word():
    text = ("The goverment said the regional govemor would recieve the delegation. "
            "Officials were truely surprised by the matress factory fire.")
    found = _findings(text)
    assert [(code, word) for code, word, _ in found] == [
        ("CD1151", "goverment"), ("CD1151", "govemor"), ("CD1151", "recieve"), ("CD1151", "truely"),
        ("CD1151", "matress")]
    assert [s for _, _, s in found] == [("government",), ("governor",), ("receive",), ("truly",), ("mattress",)]


def test_real_words_new_words_names_and_british_spellings_are_left_alone():
    text = ("Cybersecurity experts warned of deepfakes, crypto scams and unpatched servers during lockdowns. "
            "The programme was cancelled after the organisers criticised the theatre's colour scheme. "
            "Rubles, latex and loot were seized, the oblast governor said. "
            "Talks in Davos were led by Shopot, Modrow and Pavel Durov. Saif spoke first. Raisi replied.")
    assert _findings(text) == []


def test_words_english_forms_from_common_words_are_left_alone_but_not_their_sure_slips():
    # Harper's must-not-flag sentences: a prefix (re + tap), a suffix (burst + y), a clipping (compat)
    text = ("Let go and quickly retap the ball. The server must handle bursty traffic. "
            "The release breaks compat with many apps. The premarket trade was clueless and greyish.")
    assert _findings(text) == []
    # a slip the surest way (a doubled letter) stays a slip, prefix or not; a suffix after "l", "y" or "e" too
    text = "We waited untill the final vote. The happyness was realy short-lived, and finaly over."
    assert [w for _, w, _ in _findings(text)] == ["untill", "happyness", "realy", "finaly"]


def test_two_words_run_together_are_split_unless_the_whole_is_in_use():
    text = "The minister saidthat the plan failed. We stared into thedarkness, and he was upset aboutthis."
    found = _findings(text)
    assert [(w, s) for _, w, s in found] == [("saidthat", ("said that",)), ("thedarkness", ("the darkness",)),
                                             ("aboutthis", ("about this",))]
    # the whole is a word wordfreq lists, or a phrasal verb's noun written solid
    assert _findings("Use the checkin desk, the signup page and the inbox, ofcourse.") == []


def test_a_word_opening_a_sentence_in_lower_case_is_taken_for_a_name():
    assert _findings("restic is a backup program. It is fast.") == []
    assert [w for _, w, _ in _findings("The restic program is fast.")] == ["restic"]
    assert [w for _, w, _ in _findings("conciousness")] == ["conciousness"]  # a lone word is no sentence


def test_acronyms_codes_quotations_compounds_and_possessives():
    assert _findings('NATO, the OSCE and A380s. His sign read "goverment lies". A criss-cross pattern.') == []
    assert _findings("Set it in patroni.yaml or in goverment.example, then restart.") == []
    # an address joined to its figure (clean news: a Japanese block number)
    assert _findings("He was attacked in the street in Otakara 1-chome, Saga.") == []
    assert [w for _, w, _ in _findings("The goverment's plan failed.")] == ["goverment"]


def test_the_place_names_of_the_gazetteer_are_known_and_their_slips_found():
    settings = Settings(select=("spelling",))  # the default packs are loaded: the gazetteer gives the names
    text = "Shelling hit Zaporizhzhia, Kharkiv and Mykolaiv; in Kharkvi the lights went out."
    assert _findings(text, settings) == [("CD1152", "Kharkvi", ("Kharkiv",))]
    # the outdated form the place-name rules replace is a name, never a suggestion
    assert _suggested(text, settings) == ["'Kharkvi' is not a name copydesk knows; did you mean 'Kharkiv'?"]
    assert _findings("Kharkov and Kiev are outdated forms.", settings) == []


def test_a_fix_is_never_safe_and_several_suggestions_are_only_shown():
    linter = Linter(Settings(select=("spelling",)))
    one = linter.check(Document.from_text("The goverment met on Monday.")).diagnostics
    assert [d.fix.applicability for d in one] == [Applicability.UNSAFE]
    several = linter.check(Document.from_text("The chome was empty, the goverment said.")).diagnostics
    chome = next(d for d in several if d.start == 4)
    assert chome.fix.applicability is Applicability.DISPLAY_ONLY


def test_the_dialect_orders_suggestions_from_the_table_the_profile_or_the_article():
    word = "The colur of the flag."
    us = Settings(select=("spelling",)).with_layer({"spelling": {"dialect": "us"}})
    uk = Settings(select=("spelling",)).with_layer({"spelling": {"dialect": "uk"}})
    assert "'color', 'colour'" in _suggested(word, us)[0]
    assert "'colour', 'color'" in _suggested(word, uk)[0]
    # a selected style profile: BBC News writes British English
    bbc = Settings(select=("spelling", "style-bbc"))
    assert "'colour', 'color'" in next(m for m in _suggested(word, bbc) if "colur" in m)
    # the article's own majority
    british = "The colur of the flag. The organisers apologised for the labour dispute and the theatre's centre."
    american = "The colur of the flag. The organizers apologized for the labor dispute and the theater's center."
    assert "'colour', 'color'" in _suggested(british)[0]
    assert "'color', 'colour'" in _suggested(american)[0]


def test_known_words_in_the_config_are_not_flagged():
    settings = Settings(select=("spelling",)).with_layer({"spelling": {"known-words": ["goverment"]}})
    assert _findings("The goverment met.", settings) == []


def test_a_bad_dialect_in_the_config_names_the_key(tmp_path: Path):
    from tests.conftest import run_main

    config = tmp_path / ".copydesk.yaml"
    config.write_text("spelling:\n  dialect: australian\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The goverment met.\n", encoding="utf-8")
    run = run_main("check", "--config", str(config), str(article))
    assert run.code == 2
    assert "spelling.dialect" in run.err and "us, uk" in run.err


def test_a_lexicon_that_cannot_be_read_is_named(tmp_path: Path):
    broken = tmp_path / "large_en.msgpack.gz"
    broken.write_bytes(gzip.compress(b"not msgpack at all"))
    with pytest.raises(spelling.LexiconError, match=str(broken)):
        spelling.Lexicon(spelling.Sources(frequencies=broken), keep=False).load()
    missing = tmp_path / "en_US"
    with pytest.raises(spelling.LexiconError, match=str(missing) + ".aff"):
        spelling.Lexicon(spelling.Sources(hunspell=missing), keep=False).load()


def test_a_lexicon_that_cannot_be_read_fails_the_rule_with_the_file_named(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch):
    broken = tmp_path / "large_en.msgpack.gz"
    broken.write_bytes(b"")
    monkeypatch.setattr(spelling, "shared_lexicon", lambda: spelling.Lexicon(spelling.Sources(frequencies=broken)))
    linter = Linter(Settings(select=("spelling", "CD101")))
    diagnostics = linter.check(Document.from_text("The goverment in Kiev met.")).diagnostics
    # every spelling rule fails with the file named, and the other rules still report
    assert {d.code for d in diagnostics} == {"CD1151", "CD1152", "CD1155", "CD101"}
    failures = [d for d in diagnostics if d.code.startswith("CD115")]
    assert all(str(broken) in d.message and "cannot read" in d.message for d in failures)


def test_the_lexicon_is_not_read_unless_a_spelling_rule_is_selected_and_its_derived_form_is_kept(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text("The goverment in Kiev met on Monday.\n", encoding="utf-8")
    probe = ("import sys\nfrom linter.faces.cli import main\n"
             "code = main(['check', '--no-cache', '--isolated', *sys.argv[1:]])\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'spylls', 'wordfreq', 'msgpack'}))\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("COPYDESK_NO_PACK_CACHE", None)

    def run(*args: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", probe, *args, str(article)], capture_output=True, text=True,
                              cwd=ROOT, timeout=300, env=env)
        return done.stdout.strip().splitlines()

    assert run("--ignore", "spelling")[-1] == "[]"
    assert not list((tmp_path / "cache").rglob("spelling-*.marshal"))
    first = run("--select", "spelling")  # derives the lexicon from both packages' files, and keeps it
    assert "goverment" in first[0] and first[-1] == "['msgpack', 'spylls']"
    assert len(list((tmp_path / "cache").rglob("spelling-*.marshal"))) == 1
    again = run("--select", "spelling")  # reads the kept form: neither package is imported
    assert again[0] == first[0] and again[-1] == "[]"


def test_the_word_forms_expanded_from_the_dictionary_are_those_spylls_accepts():
    sources = spelling.shared_lexicon().sources
    words = sorted(w for w, z in sources.zipf.items() if w.isascii() and w.isalpha() and 1.5 <= z < 4.5)
    sample = words[::40]  # about 2,000 words across the alphabet
    disagree = [w for w in sample if (w in sources.forms) != bool(sources.hunspell.lookup(w))]
    assert len(sample) > 1000 and disagree == []


def test_the_derived_lexicon_answers_as_the_whole_lexicons_do():
    lexicon = spelling.Lexicon(keep=False)
    sources = lexicon.sources
    seen = sorted(lexicon.derived.seen)[::25]
    assert [lexicon.word(w) for w in seen] == [(sources.zipf.get(w, 0.0), sources.known(w)) for w in seen]
    assert lexicon.word("recieve") == (sources.zipf["recieve"], False)
    assert lexicon.word("organised")[1] and lexicon.word("aggressions")[1]


def test_the_kept_lexicon_reads_back_whole_with_one_object_per_value(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    """The kept file holds each distinct frequency and (frequency, known) pair once, and the words one slip from a
    common word as one sorted block: read back, the lexicon is the one derived, every word is found by bisection
    with its own pair and no other word is found, and the words share a few hundred value objects."""
    derived = spelling.Lexicon(keep=False).derived  # as derived: plain dicts
    assert isinstance(derived.seen, dict)
    path = tmp_path / "spelling-test.marshal"
    spelling.STORE.write_marshalled(path, derived.as_kept())
    back = spelling.Derived.from_kept(store.read_marshalled(path))
    assert back is not None and not isinstance(back.seen, dict)
    monkeypatch.setattr(type(back.seen), "_MATERIALISE_AFTER", 10**9)  # bisection for every lookup below
    words = sorted(derived.seen)
    assert all(back.seen.get(w) == derived.seen[w] for w in words)
    others = [w + "q" for w in words[::50]] + [w[:-1] for w in words[::50]] + ["", "a", "zzzzzz", "recieve"]
    assert [back.seen.get(w) for w in others] == [derived.seen.get(w) for w in others]
    assert back.seen._dict is None  # (it was bisection)
    assert back == derived and back.passed == derived.passed  # and made a dict for the comparison
    assert len(back.seen) == len(derived.seen) > 10_000 and len({id(v) for v in back.seen.values()}) < 2_000
    assert len(back.common) > 10_000 and len({id(v) for v in back.common.values()}) < 2_000


def test_the_bloom_filters_hold_every_word_they_were_made_of_and_few_others():
    words = [f"word{i}x" for i in range(20_000)]
    bloom = spelling.Bloom.of(words)
    assert all(w in bloom for w in words)
    others = [f"other{i}y" for i in range(20_000)]
    assert sum(w in bloom for w in others) < 20_000 * 0.02  # about one in a hundred by design
    derived = spelling.shared_lexicon().derived
    assert "zelensky" in derived.listed and "govemor" not in derived.listed and "zelenskyy" not in derived.listed


# --- CD1155: a common word capitalised inside a sentence, judged by the lexicon's own case ---

def _capitals(text: str, settings: Settings | None = None) -> list[tuple[str, tuple[str, ...]]]:
    return [(word, s) for code, word, s in _findings(text, settings or Settings(select=("CD1155",)))
            if code == "CD1155"]


def test_a_common_word_capitalised_inside_a_sentence_is_flagged_with_its_lower_case_form():
    # real zh-en MT output (WMT21 TED, MQM-annotated): the capitals reviewers marked
    text = ("Insects may be able to perceive very, very Different textures. "
            "Are the more unequal countries doing all of these assessments Worse? "
            "When you shake this chain, it folds up Programming whatever structure you code for it.")
    assert _capitals(text) == [("Different", ("different",)), ("Worse", ("worse",)),
                               ("Programming", ("programming",))]
    linter = Linter(Settings(select=("CD1155",)))
    found = linter.check(Document.from_text(text)).diagnostics
    assert {d.fix.applicability for d in found} == {Applicability.UNSAFE}
    assert found[0].message == ("'Different' is capitalised inside a sentence, but it is a common "
                                             "word: write 'different'")


def test_the_dictionary_s_own_case_decides_which_capitals_may_be_names():
    # the same frame: Hunspell stores "Mark", "Bill", "March" and "Turkey" capitalised too, "light" only in lower case
    assert _capitals("Officials said they then met Mark briefly, paid Bill quickly, visited Turkey twice and "
                     "left early March evenings.") == []
    assert _capitals("Officials said they then met Light briefly, paid Worse quickly, visited Different twice and "
                     "left early Light evenings.") == [("Light", ("light",)), ("Worse", ("worse",)),
                                                       ("Different", ("different",)), ("Light", ("light",))]
    derived = spelling.shared_lexicon().derived
    assert {"bill", "mark", "turkey", "march", "china"} <= derived.capitalised
    assert not {"different", "light", "worse", "government"} & derived.capitalised


def test_a_capital_after_a_verb_or_an_auxiliary_is_judged_but_not_after_a_preposition_or_determiner():
    # an auxiliary is a verb like the others (a name after one is no likelier than after "met"); a preposition or a
    # determiner is where a capitalised name or the house's institution stands
    assert _capitals("Researchers asked whether these results were Worse than before.") == [("Worse", ("worse",))]
    assert _capitals("Researchers asked whether they worked with Worse results than before.") == []


def test_capitals_at_a_start_in_a_name_or_in_the_house_style_are_left_alone():
    text = ("Different textures matter. Worse, they fade: Light bends. He asked: Different? (Light bends.)\n"
            "- Different textures\n"
            "He served in the Light Brigade and argued before the Supreme Court with the Ministry of Defence.\n"
            "The Government said the State and the Army would report to Parliament, as would the Cabinet.\n"
            "Staff met via Zoom and posted it on their Telegram channel, then landed on Earth.\n"
            "Washington has beaten Cowboys twice, nor shall one State pay Duties, and Verstappen won Formula 1.\n"
            "officials said LIGHT levels rose, and she read \"Different Seasons\" aloud at the Garden.\n"
            "the switch logs limit exceeded Info(REAL) each time the limit is reached again.")
    assert _capitals(text) == []


@pytest.mark.parametrize(("kept", "control", "word"), [
    # each exception alone, beside the same sentence without it (which is flagged)
    ("textures matter here. Different textures fade in the light of day",
     "textures matter here now Different textures fade in the light of day", "Different"),
    ("they read it in the same Jump manga series every week at home",
     "they read it in that same Jump manga series every week at home", "Jump"),
    ("staff met via Pilot and posted the video online later that day",
     "staff met Pilot and posted the video online later that day", "Pilot"),
    ("the home side has beaten Giants twice this season and hopes to do so again",
     "the home side has beaten Giant twice this season and hopes to do so again", "Giant"),
    ("officials said Supreme Court judges would meet again next week in private",
     "officials said Supreme judges would meet again next week in private", "Supreme"),
    ("officials said Ministry of Defence staff would meet again next week",
     "officials said Ministry staff would meet again next week", "Ministry"),
    ("she called it \"a very Different season\" twice in the interview on Monday",
     "she called it a very Different season twice in the interview on Monday", "Different"),
    ("the driver won Formula 1 races twice before he retired from racing",
     "the driver won Formula races twice before he retired from racing", "Formula"),
    ("the switch logs limit exceeded Info(REAL) each time the limit is reached",
     "the switch logs limit exceeded Info each time the limit is reached", "Info"),
])
def test_each_exception_alone_keeps_a_capital_the_same_sentence_without_it_loses(kept: str, control: str,
                                                                                   word: str):
    assert _capitals(kept) == []
    assert _capitals(control) == [(word, (word.lower(),))]


def test_a_rare_word_or_a_function_word_is_not_judged_by_this_rule():
    # a word wordfreq finds rarer than Zipf 4 may be a term or a brand written so ("Lantern" 3.6, "Orchid" 3.3)
    assert _capitals("the garden shop sold small Lantern lights and Orchid pots every week") == []
    assert _capitals("the garden shop sold small Garden lights every week") == [("Garden", ("garden",))]
    # a function word capitalised mid-sentence is CD1153's: one finding, not two
    text = "the data showed a similar distribution Over a similar range of trust levels"
    assert _capitals(text) == []
    assert [c for c, _, _ in _findings(text, Settings(select=("CD1153", "CD1155")))] == ["CD1153"]


def test_a_title_case_line_or_a_heading_is_left_alone_but_not_a_sentence_under_it():
    text = ("Ginza Used to Be an Island Until Engineers Drained the Bay\n\n"
            "# Why insects see Different textures\n\n"
            "The bay was drained, and insects may perceive very Different textures.")
    assert _capitals(text) == [("Different", ("different",))]
    assert text.index("Different", text.index("The bay")) == \
        Linter(Settings(select=("CD1155",))).check(Document.from_text(text)).diagnostics[0].start


def test_the_names_the_rules_list_and_the_known_words_are_left_alone():
    text = "They are not putting Pilot out, the company said."
    assert _capitals(text) == [("Pilot", ("pilot",))]
    known = Settings(select=("CD1155",)).with_layer({"spelling": {"known-words": ["Pilot"]}})
    assert _capitals(text, known) == []


@pytest.mark.parametrize("text, flagged", [
    ("Gao Makong, 70, lives in Chongli, close to the Winter Olympics.", []),  # WMT22 ru-en MT: a Chinese name
    ("Ms Makong Gao, 70, lives in Chongli.", []),
    ("The boat sailed down the Makong river.", ["Makong"]),  # no family name beside it: a slip of Mekong
])
def test_a_pinyin_given_name_beside_its_family_name_is_not_a_slip(text: str, flagged: list[str]):
    assert [word for code, word, _ in _findings(text) if code == "CD1151"] == flagged



def _formed_by_a_scan(word: str, common: dict[str, float]) -> bool:
    """``spelling._formed_from_words`` as it was: the clipping test by a scan of the whole list."""
    for prefix in spelling._PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= spelling._PREFIX_STEM_MIN \
                and word[len(prefix):] in common:
            return True
    for suffix in spelling._SUFFIXES:
        stem = word[: len(word) - len(suffix)]
        if word.endswith(suffix) and len(stem) >= spelling._SUFFIX_STEM_MIN and stem[-1] not in "aeiouyl" \
                and stem in common:
            return True
    return any(len(w) >= len(word) + spelling.CLIPPED_MIN and w.startswith(word) for w in common)


def test_a_clipped_word_is_found_by_its_sorted_neighbours_as_by_a_scan_of_the_list() -> None:
    """``_formed_from_words`` finds the longer common words a word begins (a clipping: compat, config) by a bisect
    of the sorted list, not a scan of it (about 1 ms for each word typed in the editor): the same verdicts as
    the scan, for prefixes of the common words and for the seed's words with a letter typed after them."""
    linter = Linter(Settings(select=("CD1151",)))
    checker = linter.checkers[0]
    checker.lexicon.load()
    common = checker.lexicon.derived.common
    words = sorted(common)
    probes = {w[:n] for w in words[::97] for n in (3, 4, 6, 9)}
    probes |= {w.lower() + tail for w in (ROOT / "seeds" / "000_9af475860e0d48a8.txt").read_text(
        encoding="utf-8").split() if w.isalpha() for tail in ("", "x", "q")}
    verdicts = {word: spelling._formed_from_words(word, common) for word in sorted(probes)}
    assert verdicts == {word: _formed_by_a_scan(word, common) for word in sorted(probes)}
    assert 0.1 < sum(verdicts.values()) / len(verdicts) < 0.9  # both verdicts are tried, often
