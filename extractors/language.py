"""Tell Vietnamese from English by the share of words carrying Vietnamese letters.

A word is a letter with the letters and marks after it (`\\p{L}[\\p{L}\\p{M}]*`).
To count words fast, a text is mapped character by character (str.translate)
to a string of classes, and its words are counted there with string methods.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from extractors.config import Config

LETTER = regex.compile(r"\p{L}")
MARK = regex.compile(r"\p{M}")
# Words and marked words in a string of classes, for a marker that is a mark.
CLASS_WORD = re.compile(r"[mw]*[av][amvw]*")
CLASS_MARKED = re.compile(r"[mw]*(?:v|a[am]*[vw])[amvw]*")


class _Classes(dict):
    """Character code → "a" a letter, "v" a Vietnamese-only letter, "m" a mark,
    "w" a mark among the markers, " " anything else; filled in as characters
    are met."""

    def __init__(self, markers: frozenset[str]):
        super().__init__()
        self.markers = markers

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if LETTER.match(ch):
            cls = "v" if ch in self.markers else "a"
        elif MARK.match(ch):
            cls = "w" if ch in self.markers else "m"
        else:
            cls = " "
        self[code] = cls
        return cls


@lru_cache(maxsize=8)
def _classes(config: Config) -> _Classes:
    letters = config["language_detection"]["marker_letters"]
    return _Classes(frozenset(letters + letters.upper()))


def vi_share(text: str, config: Config) -> tuple[float, int]:
    """Share of words holding a Vietnamese-only letter, and the word count."""
    classes = text.translate(_classes(config))
    if "w" in classes:
        words, marked = len(CLASS_WORD.findall(classes)), len(CLASS_MARKED.findall(classes))
    else:  # without marks, words are the runs of letters between spaces
        spaced = " " + classes.replace("m", "")
        words = spaced.count(" a") + spaced.count(" v")
        marked = spaced.replace("a", "").count(" v")
    if not words:
        return 0.0, 0
    return marked / words, words


def detect(text: str, config: Config, default: str | None = None) -> str:
    """'vi' or 'en' for a text; short texts take `default` (or the config's)."""
    det = config["language_detection"]
    share, n_words = vi_share(text, config)
    if n_words < det["min_words"]:
        return default or det["default"]
    return "vi" if share >= det["vi_word_share"] else "en"


@lru_cache(maxsize=1)
def text_language(text: str, config: Config) -> str:
    """'vi' or 'en' for a whole text, by its first 20,000 characters; the last
    text's is kept, as the reader and then the extractor ask for it."""
    return detect(text[:20000], config)
