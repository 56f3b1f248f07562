"""Tell Vietnamese from English by the share of words carrying Vietnamese letters."""

from __future__ import annotations

from functools import lru_cache

import regex

from extractors.config import Config

WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")


@lru_cache(maxsize=8)
def _markers(config: Config) -> frozenset[str]:
    letters = config["language_detection"]["marker_letters"]
    return frozenset(letters + letters.upper())


def vi_share(text: str, config: Config) -> tuple[float, int]:
    """Share of words holding a Vietnamese-only letter, and the word count."""
    markers = _markers(config)
    words = WORD.findall(text)
    if not words:
        return 0.0, 0
    marked = sum(1 for w in words if not markers.isdisjoint(w))
    return marked / len(words), len(words)


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
