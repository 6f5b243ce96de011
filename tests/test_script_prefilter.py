"""The script kind's quick scans (issue 20) find what its `regex` classes find; its language detector is asked once
per sample.

The foreign-script and mixed-script checks first look for any character outside the blocks English copy is written
in (`script._SURELY_ALLOWED`), and the invisible-character check scans with the standard library's engine: both are
only right if every code point they let through is one the `regex` module's script classes let through. These tests
read every code point, so a new Unicode version in either engine shows up here.
"""

from __future__ import annotations

import sys

import regex

from linter.core.config import Settings
from linter.core.engine import linter_for
from linter.kinds import script
from linter.text.document import Document

ALLOWED = regex.compile(r"[\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}\s]")


def test_every_character_the_quick_scan_passes_is_latin_common_inherited_or_white_space():
    passed = [c for c in map(chr, range(sys.maxunicode + 1)) if script._maybe_foreign_pattern().match(c) is None]
    assert len(passed) > 3_000  # ASCII, Latin-1, Latin Extended, punctuation, symbols
    wrong = [f"U+{ord(c):04X}" for c in passed if ALLOWED.match(c) is None]
    assert wrong == [], f"not Latin, Common, Inherited or white space, yet left out of the scan: {wrong[:10]}"


def test_every_cyrillic_or_greek_letter_is_one_the_quick_scan_finds():
    letters = [c for c in map(chr, range(sys.maxunicode + 1)) if script._CYRILLIC_OR_GREEK.match(c)]
    assert letters and all(script._maybe_foreign_pattern().match(c) for c in letters)


def test_invisible_characters_are_those_of_the_regex_class():
    old = regex.compile(script._INVISIBLE.pattern)
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        assert (script._INVISIBLE.match(c) is None) == (old.match(c) is None), f"U+{code:04X}"


def _findings(text: str, code: str) -> list[tuple[int, int]]:
    checker = next(c for c in linter_for(Settings()).checkers if any(r.code == code for r in c.rules))
    return [(f.start, f.end) for f in checker.check(Document.from_text(text))]


def test_foreign_runs_and_mixed_words_are_found_beside_text_the_quick_scan_passes():
    text = "The mayor of Київ — “Kyiv” in English, 5 °C, café — met the Рresident on Tuesday. 🙂 Über € 5."
    assert _findings(text, "CD236") == [(text.index("Київ"), text.index("Київ") + 4)]
    assert _findings(text, "CD237") == [(text.index("Рresident"), text.index("Рresident") + 9)]
    assert _findings(text.replace("Київ", "Kyiv").replace("Рresident", "President"), "CD236") == []
    assert _findings("Ref. \ufffe and \U000e0001 and \u0378 are unassigned or tags.", "CD236") != []


def test_the_language_detector_is_asked_once_per_sample(monkeypatch):
    asked = []

    class Detector:
        def compute_language_confidence_values(self, sample):
            asked.append(sample)
            return []

    monkeypatch.setattr(script, "_detector", lambda languages: Detector())
    script._identify.cache_clear()
    try:
        sentence = "la municipalité a décidé de fermer toutes les écoles de la ville demain matin."
        text = f"{sentence}\n\nThe mayor spoke on Tuesday.\n\n{sentence}\n"
        assert _findings(text, "CD238") == []  # the stand-in detector says English
        assert len(asked) == 1
    finally:
        script._identify.cache_clear()


def test_cjk_punctuation_and_the_middle_dot_need_no_scan_of_the_foreign_runs():
    """Copy translated from Japanese or Chinese keeps a middle dot or corner brackets (Common script): the quick scan
    passes them, as the foreign-script rule does, and a Han letter beside them is still found."""
    text = "Prime Minister Shinzo・Abe said 「we will act」 in Tokyo\u3000today."
    assert not script._any_maybe_foreign(Document.from_text(text))
    assert _findings(text, "CD236") == []
    assert script._any_maybe_foreign(Document.from_text(text + " 東京"))
    assert _findings(text + " 東京", "CD236") == [(len(text) + 1, len(text) + 3)]
