"""Words of the standards' texts as the lexical ranking compares them: lower-cased, stop words dropped, stemmed.

A small suffix stemmer (no dictionary, no download) is enough to let "assessing", "assessed" and "assessment" meet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_WORD = re.compile(r"[a-z0-9]+")

STOP_WORDS = frozenset(
    """a about above after again against all also an and any are as at be been before being between both but by can
    could did do does doing during each either etc for from further had has have having here how i if in into is it
    its itself may might more most much must no nor not of off on once only or other our out over own per same shall
    should so some such than that the their them then there these they this those through to too under until up upon
    use used using very via was we were what when where whether which while who whom why will with within without
    would e g ie eg including include includes includ based other others one two three new well like via s t""".split()
)

# Longest first; each rule keeps a stem of at least three letters.
_SUFFIXES = (
    "izational", "isational", "izations", "ization", "isations", "isation", "ational", "fulness", "iveness", "ousness", "ements", "ement",
    "ments", "ities", "ically", "ations", "ation", "ingly", "ments", "ness", "ment", "ance", "ence", "able", "ible",
    "ings", "ical", "ally", "ized", "ised", "izes", "ises", "ize", "ise", "ing", "ity", "ies", "ied", "ive", "ous",
    "ful", "ers", "ed", "es", "er", "al", "ly", "s",
)


def stem(word: str) -> str:
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeious":
        word = word[:-1]  # "controll" -> "control"
    return word


_STEMS: dict[str, str] = {}
_WORDS: dict[str, str] = {}  # stem -> the first word seen with it, to show people words rather than stems


def tokens(text: str) -> list[str]:
    """The stemmed content words of ``text``, in order."""
    out: list[str] = []
    for word in _WORD.findall(text.lower()):
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()) or word.isdigit():
            continue
        stemmed = _STEMS.get(word)
        if stemmed is None:
            stemmed = _STEMS[word] = stem(word)
            _WORDS.setdefault(stemmed, word)
        out.append(stemmed)
    return out


def surface(stemmed: str) -> str:
    """A word that has this stem, for the reasons a suggestion shows."""
    return _WORDS.get(stemmed, stemmed)


def weighted_terms(fields: Iterable[tuple[str, float]]) -> Counter[str]:
    """Term frequencies over several texts, each text's words counted with its weight (a field weight)."""
    counts: Counter[str] = Counter()
    for text, weight in fields:
        if not text or weight <= 0:
            continue
        for token in tokens(text):
            counts[token] += weight
    return counts
