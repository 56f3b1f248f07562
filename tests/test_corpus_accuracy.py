"""The dev corpus floors: ../shared/corpus scored by ../shared/tools/score.py as a review
scores it. Skipped when ../shared is not beside the project (texts are never copied here).
"""

import json
import shutil
import subprocess
import sys

import pytest

FLOORS = {"kind": 0.95, "year": 0.93, "country": 0.97, "sector": 0.89, "entity": 0.96,
          "measure": 0.85}


pytestmark = pytest.mark.slow  # the command line and the shared scorer in subprocesses


@pytest.fixture(scope="module")
def corpus_result(shared, root, tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("corpus")
    docs = work / "docs"
    docs.mkdir()
    for text in sorted((shared / "corpus").glob("*/*.txt")):
        shutil.copy(text, docs / text.name)
    gold = work / "gold.jsonl"
    gold.write_text("".join(p.read_text(encoding="utf-8")
                            for p in sorted((shared / "gold").glob("corpus-*.jsonl"))),
                    encoding="utf-8")
    out = work / "figures.csv"
    subprocess.run([sys.executable, "-m", "extractors", str(docs), "--out", str(out), "--quiet"],
                   cwd=root, check=True, timeout=600)
    proc = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), "--gold", str(gold),
                           "--docs", str(docs), "--pred", str(out), "--json"],
                          capture_output=True, text=True, check=True, timeout=300)
    return json.loads(proc.stdout)


def test_corpus_f1(corpus_result) -> None:
    assert corpus_result["f1"] >= 0.97, corpus_result


@pytest.mark.parametrize("attr", sorted(FLOORS))
def test_corpus_attribute_floor(corpus_result, attr: str) -> None:
    assert corpus_result["attribute_accuracy"][attr] >= FLOORS[attr], corpus_result
