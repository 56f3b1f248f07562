#!/usr/bin/env python3
"""(Copy of ../shared/tools/score.py, kept so the seed check runs without ../shared.)

Score an extraction table against gold figures (see ../gold/GUIDELINE.md).

    python score.py --gold GOLD.jsonl --docs DOCS_DIR --pred FIGURES.csv [--json] [--min-f1 X]

GOLD.jsonl  gold figures, one JSON object a line (GUIDELINE.md section 4)
DOCS_DIR    folder holding <doc>.txt for every doc named in the gold file
FIGURES     the extraction: CSV or JSONL with columns doc_id, start, end,
            value, unit and, for attribute scores, kind, year, country,
            sector, entity, qualifier

Prints a report; the last line is 'F1 <f1> P <precision> R <recall>'.
Exits 1 when --min-f1 is given and F1 falls below it. Standard library only.
"""
import argparse
import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ATTRS = ("kind", "year", "country", "sector", "entity", "qualifier")
REL_TOL = 1e-4


def load_gold(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_pred(path):
    path = Path(path)
    if path.suffix == ".jsonl":
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def blank(v):
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and v.strip().lower() in ("", "nan", "none", "null", "<na>")


def norm_attr(name, v):
    if blank(v):
        return None
    if name == "year":
        try:
            return int(float(v))
        except (TypeError, ValueError):
            return str(v).strip().lower()
    return str(v).strip().lower()


def norm_unit(u):
    u = "" if blank(u) else str(u).strip()
    return "%" if u.lower() in ("%", "percent", "pct") else u.lower()


def span_of(text, quote, occurrence):
    pos = -1
    for _ in range(occurrence):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(quote)


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def value_ok(p, g):
    try:
        p = float(p)
    except (TypeError, ValueError):
        return False
    return abs(p - g) <= REL_TOL * abs(g) + 1e-9


def score(gold_rows, docs_dir, preds):
    texts = {}
    figures, negatives = [], []
    for g in gold_rows:
        doc = g["doc"]
        if doc not in texts:
            texts[doc] = (Path(docs_dir) / f"{doc}.txt").read_text(encoding="utf-8")
        span = span_of(texts[doc], g["quote"], g.get("occurrence", 1))
        if span is None:
            raise SystemExit(f"gold quote not found: {doc}: {g['quote']!r}")
        g = dict(g, span=span)
        (negatives if g.get("negative") else figures).append(g)

    by_doc = defaultdict(list)
    for i, p in enumerate(preds):
        doc = str(p.get("doc_id", "")).strip()
        if doc not in texts:
            continue
        try:
            span = (int(float(p["start"])), int(float(p["end"])))
        except (KeyError, TypeError, ValueError):
            span = (-1, -1)
        by_doc[doc].append((i, span, p))
    n_pred = sum(len(v) for v in by_doc.values())

    used, matches = set(), {}
    order = sorted(range(len(figures)), key=lambda k: not figures[k].get("required", True))
    for k in order:
        g = figures[k]
        best, best_ov = None, 0
        for i, span, p in by_doc[g["doc"]]:
            if i in used or norm_unit(p.get("unit")) != norm_unit(g["unit"]):
                continue
            if not value_ok(p.get("value"), float(g["value"])):
                continue
            ov = overlap(span, g["span"])
            if ov > best_ov:
                best, best_ov = i, ov
        if best is not None:
            used.add(best)
            matches[k] = best

    required = [k for k, g in enumerate(figures) if g.get("required", True)]
    hit_required = [k for k in required if k in matches]
    precision = len(matches) / n_pred if n_pred else 0.0
    recall = len(hit_required) / len(required) if required else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    attr_ok = {a: [0, 0] for a in ATTRS}
    attr_wrong = defaultdict(list)
    for k in hit_required:
        g, p = figures[k], preds[matches[k]]
        for a in ATTRS:
            if a not in g or a not in p:
                continue
            accepted = {norm_attr(a, v) for v in g[a]}
            got = norm_attr(a, p.get(a))
            attr_ok[a][1] += 1
            if got in accepted:
                attr_ok[a][0] += 1
            else:
                attr_wrong[a].append((g, got))

    false_pos = []
    for doc, rows in by_doc.items():
        for i, span, p in rows:
            if i in used:
                continue
            neg = next((n for n in negatives if n["doc"] == doc and overlap(span, n["span"])), None)
            false_pos.append((doc, span, p, neg))

    missed = [figures[k] for k in required if k not in matches]
    return {
        "predictions": n_pred,
        "required": len(required),
        "matched_required": len(hit_required),
        "matched_optional": len(matches) - len(hit_required),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "attribute_accuracy": {
            a: (round(ok / n, 4) if n else None) for a, (ok, n) in attr_ok.items()
        },
        "negatives_hit": sum(1 for fp in false_pos if fp[3]),
        "_missed": missed,
        "_false_pos": false_pos,
        "_attr_wrong": attr_wrong,
        "_texts": texts,
    }


def report(r):
    out = []
    out.append(f"predictions {r['predictions']}  required gold {r['required']}  "
               f"matched {r['matched_required']} required + {r['matched_optional']} optional")
    out.append("attribute accuracy on matched required figures:")
    for a, v in r["attribute_accuracy"].items():
        out.append(f"  {a:10s} {'-' if v is None else f'{v:.3f}'}")
    if r["_missed"]:
        out.append(f"missed ({len(r['_missed'])}):")
        for g in r["_missed"]:
            out.append(f"  {g['doc']}: {g['quote']!r} = {g['value']} {g['unit']}")
    if r["_false_pos"]:
        out.append(f"false positives ({len(r['_false_pos'])}):")
        for doc, (s, e), p, neg in r["_false_pos"]:
            surface = r["_texts"][doc][max(s, 0):max(e, 0)] if s >= 0 else "?"
            tag = f"  [negative: {neg['why']}]" if neg else ""
            out.append(f"  {doc}: {surface!r} -> {p.get('value')} {p.get('unit')}{tag}")
    for a, wrong in r["_attr_wrong"].items():
        out.append(f"wrong {a} ({len(wrong)}):")
        for g, got in wrong:
            out.append(f"  {g['doc']}: {g['quote']!r} got {got!r}, expected one of {g[a]}")
    out.append(f"F1 {r['f1']:.3f} P {r['precision']:.3f} R {r['recall']:.3f}")
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", required=True)
    ap.add_argument("--docs", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    ap.add_argument("--min-f1", type=float, default=None)
    args = ap.parse_args(argv)
    r = score(load_gold(args.gold), args.docs, load_pred(args.pred))
    if args.json:
        print(json.dumps({k: v for k, v in r.items() if not k.startswith("_")}, indent=2))
    else:
        print(report(r))
    if args.min_f1 is not None and r["f1"] < args.min_f1:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
