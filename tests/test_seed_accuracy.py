"""The seed corpus bar: F1 >= 0.95 and >= 0.90 accuracy on kind, year, country.

Runs on the project's own copy of the seeds (data/) and annotations
(tests/gold/seeds.jsonl); when ../shared is there, also through the shared
scorer exactly as a review runs it.
"""

import subprocess
import sys

import pandas as pd
import pytest
import seedscore

from extractors import extract_paths


@pytest.fixture(scope="module")
def seed_result(root):
    gold = seedscore.load_gold(root / "tests" / "gold" / "seeds.jsonl")
    docs = {g["doc"] for g in gold}
    files = [root / "data" / f"{doc}.txt" for doc in sorted(docs)]
    figures = extract_paths(files).figures
    preds = figures.astype(object).where(pd.notna(figures), None).to_dict("records")
    return seedscore.score(gold, root / "data", preds)


def test_seed_f1(seed_result) -> None:
    assert seed_result["f1"] >= 0.95, seedscore.report(seed_result)


@pytest.mark.parametrize("attr", ["kind", "year", "country"])
def test_seed_attribute_accuracy(seed_result, attr: str) -> None:
    assert seed_result["attribute_accuracy"][attr] >= 0.90, seedscore.report(seed_result)


def test_no_negative_is_extracted(seed_result) -> None:
    assert seed_result["negatives_hit"] == 0, seedscore.report(seed_result)


@pytest.mark.slow
def test_shared_scorer_on_cli_output(shared, root, tmp_path) -> None:
    out = tmp_path / "seeds.csv"
    subprocess.run([sys.executable, "-m", "extractors", str(shared / "seeds"), "--out", str(out),
                    "--quiet"], cwd=root, check=True, timeout=300)
    proc = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), "--gold",
                           str(shared / "gold" / "seeds.jsonl"), "--docs", str(shared / "seeds"),
                           "--pred", str(out), "--min-f1", "0.95"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout
