"""Words of the standards' texts as the lexical ranking compares them: lower-cased, stop words dropped, stemmed.

A small suffix stemmer (no dictionary, no download) is enough to let "assessing", "assessed" and "assessment" meet.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

_WORD = re.compile(r"[a-z0-9]+")

STOP_WORDS = frozenset(
    {
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "based",
        "be",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "during",
        "e",
        "each",
        "eg",
        "either",
        "etc",
        "for",
        "from",
        "further",
        "g",
        "had",
        "has",
        "have",
        "having",
        "here",
        "how",
        "i",
        "ie",
        "if",
        "in",
        "includ",
        "include",
        "includes",
        "including",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "like",
        "may",
        "might",
        "more",
        "most",
        "much",
        "must",
        "new",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "others",
        "our",
        "out",
        "over",
        "own",
        "per",
        "s",
        "same",
        "shall",
        "should",
        "so",
        "some",
        "such",
        "t",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "three",
        "through",
        "to",
        "too",
        "two",
        "under",
        "until",
        "up",
        "upon",
        "use",
        "used",
        "using",
        "very",
        "via",
        "was",
        "we",
        "well",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
    }
)

# Longest first; each rule keeps a stem of at least three letters.
_SUFFIXES = (
    "izational",
    "isational",
    "izations",
    "ization",
    "isations",
    "isation",
    "ational",
    "fulness",
    "iveness",
    "ousness",
    "ements",
    "ement",
    "ments",
    "ities",
    "ically",
    "ations",
    "ation",
    "ingly",
    "ments",
    "ness",
    "ment",
    "ance",
    "ence",
    "able",
    "ible",
    "ings",
    "ical",
    "ally",
    "ized",
    "ised",
    "izes",
    "ises",
    "ize",
    "ise",
    "ing",
    "ity",
    "ies",
    "ied",
    "ive",
    "ous",
    "ful",
    "ers",
    "ed",
    "es",
    "er",
    "al",
    "ly",
    "s",
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


def weighted_terms(fields: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Term frequencies over several texts, each text's words counted with its weight (a field weight)."""
    counts: dict[str, float] = defaultdict(float)
    for text, weight in fields:
        if not text or weight <= 0:
            continue
        for token in tokens(text):
            counts[token] += weight
    return dict(counts)
