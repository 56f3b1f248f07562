"""The shortcuts that keep extraction linear on hostile input find exactly what
the plain reading finds: the guarded organisation patterns, the span sets of
a sentence's figures. (Speed itself is measured by bench/bench_extract.py.)"""

import random

import pytest

from extractors import extract_text, load_config
from extractors.amounts import SpanSet
from extractors.organisations import org_patterns

# Capitals glued by "-", "." and "&" to a name the pattern just matched.
EDGES = ["X Inc-B C D E F Inc", "X Inc&B C D E F Inc", "X Inc.B C D E F Inc",
         "X said-B C D E F said", "X Inc-bC D E F G Inc", "A&B&C Inc", "U.S.-based Acme Corp",
         "AT&T Inc said", "Acme Robotics Inc's", "Rapoo, a Chinese maker", "eBay Inc"]
ATOMS = ["A", "B", "a", "-", ".", "&", " ", "Inc", "Corp", "'s", "said", "-based", "Ltd",
         "Co", "é", "1", ", a", "company", "\n", "Samsung", "iPhone", "Ư", "Inc-", "Inc.", "A&B"]


def _guarded() -> dict:
    p = org_patterns(load_config())
    return {"suffixed": p.suffixed, "based": p.based, "appositive": p.appositive,
            "possessive": p.possessive, "subject": p.subject["en"]}


def _texts(n: int) -> list[str]:
    rng = random.Random(7)
    return EDGES + ["".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 30)))
                    for _ in range(n)]


@pytest.mark.parametrize("name", ["suffixed", "based", "appositive", "possessive", "subject"])
def test_guarded_name_patterns_find_what_the_plain_ones_find(name: str) -> None:
    pattern = _guarded()[name]
    for text in _texts(3000):
        plain = [m.span() for m in pattern.plain.finditer(text)]
        assert [m.span() for m in pattern.finditer(text)] == plain, text


def test_span_set_answers_as_a_list_does() -> None:
    rng = random.Random(3)
    for _ in range(300):
        spans = [(s, s + rng.randint(0, 9)) for s in rng.sample(range(100), 8)]
        kept = SpanSet(spans[:4])
        for s, e in spans[4:]:
            kept.add(s, e)
        for start in range(0, 110, 3):
            end = start + rng.randint(0, 6)
            assert kept.overlaps(start, end) == any(s < end and start < e for s, e in spans)
            assert kept.last_end(start, end) == max([start] + [e for _, e in spans if e <= end])


@pytest.mark.parametrize("text", ["A" * 20_000, "A-B-" * 5_000, "A&B&" * 5_000,
                                  "7" * 20_000 + " A", "30% " * 2_000])
def test_hostile_runs_extract(text: str) -> None:
    """Runs that once took quadratic time (a bench measures their speed)."""
    figures = extract_text(text)
    assert all(text[s:e] == q for s, e, q in zip(figures["start"], figures["end"],
                                                   figures["quote"], strict=True))
