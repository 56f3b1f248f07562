"""Bad and hostile input: long digit runs, long lines, offsets that hold."""

import signal
import unicodedata
from contextlib import contextmanager

import pytest

from extractors import extract_paths, extract_text, read_document


@contextmanager
def deadline(seconds: int):
    """Fail instead of hanging if a regex backtracks catastrophically."""
    def stop(*_):
        raise TimeoutError(f"extraction did not finish in {seconds} s")
    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


HOSTILE = {
    "digit-run": "9" * 100_000,
    "dotted-digits": "1." * 50_000,
    "slashed-digits": "1/" * 50_000,
    "letter-run": "a" * 100_000 + " 5",
    "figure-run": "Vốn đạt 1,6 tỷ USD và " * 5_000,
    "hyphen-run": "x-" * 50_000 + "1",
    "space-run": ("Vietnam" + " " * 1_400 + " 5% 6% 7% 8% 9%.\n") * 200,
}


@pytest.mark.slow
@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_lines_finish(text: str) -> None:
    with deadline(60):
        frame = extract_text(text)
    assert all(text[s:e] == q for s, e, q in zip(frame.start, frame.end, frame.quote, strict=True))


def test_digit_run_is_not_a_figure() -> None:
    text = "Mã số " + "7" * 100_000 + ". Doanh thu đạt 5 tỷ USD."
    assert extract_text(text).value.tolist() == [5e9]


def test_decomposed_text_keeps_offsets() -> None:
    text = unicodedata.normalize("NFD", "Mục tiêu đến năm 2030 đạt 50.000 kỹ sư và 2 tỷ USD.")
    frame = extract_text(text)
    assert frame.value.tolist() == [50_000, 2e9]
    for row in frame.itertuples():
        assert text[row.start:row.end] == row.quote


def test_corpus_offsets_and_languages(shared) -> None:
    result = extract_paths([shared / "corpus"])
    assert not result.errors
    texts = {d.doc_id: d.text for d in result.documents}
    frame = result.figures
    assert len(frame) > 200
    for row in frame.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.quote
        assert row.sentence[row.start - row.sentence_start:][: len(row.quote)] == row.quote
    langs = {d.doc_id[:2]: d.lang for d in result.documents if d.doc_id[:2] in ("vi", "en")}
    assert langs == {"vi": "vi", "en": "en"}


def test_corpus_figure_ids_are_stable(shared) -> None:
    path = sorted((shared / "corpus" / "vi").glob("*.txt"))[0]
    first = extract_paths([path]).figures.figure_id.tolist()
    again = extract_paths([path]).figures.figure_id.tolist()
    assert first == again and len(set(first)) == len(first)
    assert read_document(path).content_hash
