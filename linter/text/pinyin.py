"""Mandarin pinyin syllables: the full table, and how many syllables a word written in pinyin splits into.

The table is the standard Hanyu Pinyin syllable inventory without tones (the initials b p m f d t n l g k h j q
x zh ch sh r z c s, with the zero initial written y- and w-, and every final each initial takes): 410 syllables
once ü is written v, u or yu as English copy writes it. The interjections m, n, ng, hm, hng are left out: no
name is written with them. A word is read as pinyin when it is one syllable or two written together; pinyin's
own orthography puts an apostrophe before a syllable that starts with a, o or e inside a word (Xi'an,
Zheng'en), so without one such a split is not taken ("Xian" is one syllable, not xi + an).
"""

from __future__ import annotations

import functools
import unicodedata

# Each line: an initial, then the finals it takes (as written after it).
_TABLE = """
- a ai an ang ao e ei en eng er o ou
b a ai an ang ao ei en eng i ian iao ie in ing o u
p a ai an ang ao ei en eng i ian iao ie in ing o ou u
m a ai an ang ao e ei en eng i ian iao ie in ing iu o ou u
f a an ang ei en eng o ou u
d a ai an ang ao e ei en eng i ia ian iao ie ing iu ong ou u uan ui un uo
t a ai an ang ao e eng i ian iao ie ing ong ou u uan ui un uo
n a ai an ang ao e ei en eng i ian iang iao ie in ing iu ong ou u uan un uo v ve ue
l a ai an ang ao e ei eng i ia ian iang iao ie in ing iu o ong ou u uan un uo v ve ue
g a ai an ang ao e ei en eng ong ou u ua uai uan uang ui un uo
k a ai an ang ao e ei en eng ong ou u ua uai uan uang ui un uo
h a ai an ang ao e ei en eng ong ou u ua uai uan uang ui un uo
j i ia ian iang iao ie in ing iong iu u uan ue un
q i ia ian iang iao ie in ing iong iu u uan ue un
x i ia ian iang iao ie in ing iong iu u uan ue un
zh a ai an ang ao e ei en eng i ong ou u ua uai uan uang ui un uo
ch a ai an ang ao e en eng i ong ou u ua uai uan uang ui un uo
sh a ai an ang ao e ei en eng i ou u ua uai uan uang ui un uo
r an ang ao e en eng i ong ou u ua uan ui un uo
z a ai an ang ao e ei en eng i ong ou u uan ui un uo
c a ai an ang ao e en eng i ong ou u uan ui un uo
s a ai an ang ao e en eng i ong ou u uan ui un uo
y a an ang ao e i in ing o ong ou u uan ue un
w a ai an ang ei en eng o u
"""


def _syllables() -> frozenset[str]:
    table: set[str] = set()
    for line in _TABLE.strip().splitlines():
        initial, *finals = line.split()
        table.update((final if initial == "-" else initial + final) for final in finals)
    return frozenset(table)


SYLLABLES: frozenset[str] = _syllables()
_LONGEST = max(map(len, SYLLABLES))
_VOWEL_START = frozenset("aoe")


def _plain(word: str) -> str:
    """``word`` lowercased, tone marks taken off and ü written v: the letters the table is written in."""
    decomposed = unicodedata.normalize("NFD", word.casefold().replace("ü", "v"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 14)
def syllable_count(word: str) -> int:
    """How many pinyin syllables ``word`` is written with, if it is one syllable or two (joined, or with an
    apostrophe between them); 0 if it is not pinyin of at most two syllables. A hyphen makes it not pinyin."""
    parts = _plain(word).replace("’", "'").split("'")
    if len(parts) == 2:
        first, second = parts
        return 2 if first in SYLLABLES and second in SYLLABLES and second[:1] in _VOWEL_START else 0
    if len(parts) != 1:
        return 0
    plain = parts[0]
    if not plain.isascii() or not plain.isalpha():
        return 0
    if plain in SYLLABLES:
        return 1
    for cut in range(1, min(len(plain), _LONGEST + 1)):
        first, second = plain[:cut], plain[cut:]
        if first in SYLLABLES and second in SYLLABLES and second[0] not in _VOWEL_START:
            return 2
    return 0
