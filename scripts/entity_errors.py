"""Entity errors per policy: gold items missed and predictions not in gold.

    .venv/bin/python scripts/entity_errors.py --gold DIR [--shared ../shared/corpus]
        --type controllers [--values] [--id SUBSTRING] [--context N]

Matching is the evaluator's (policy_audit/evaluate/entities.py): normalised texts
match by containment or overlap. With --values, retention / response_time /
last_updated values (ISO durations, dates) are compared as well. The current
test set (the newest heldout-N split of corpus/gold/policies, or `--test-split`)
and any `--skip-split` are never read.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from policy_audit.evaluate import (  # noqa: E402
    GoldPolicy,
    current_test_split,
    load_gold,
)
from policy_audit.evaluate.entities import (  # noqa: E402
    _gold_list,
    _gold_values,
    _groups,
    _pred_values,
    norm,
    overlap,
    predict,
)


def _hit(a: str, b: str) -> bool:
    return a in b or b in a or overlap(a, b)


def _around(text: str, start: int, end: int, width: int) -> str:
    return "      .. " + repr(text[max(0, start - width):end + width])[1:-1]


def errors(policy: GoldPolicy, etype: str, values: bool, context: int = 0) -> list[str]:
    """Lines describing the misses (-) and extras (+) of one policy; with
    `context`, each followed by that many characters of text around it."""
    ents = predict(policy.path).get(etype, [])
    text = ""
    if context:
        from policy_audit import ingest
        text = ingest.load(str(policy.path)).text
    if etype == "last_updated":
        ents = ents[:1]
    items = _gold_list(policy.entities, etype)
    golds = [i.get("text", "") for i in items]
    preds = _groups(etype, ents)
    lines = []
    for g in dict.fromkeys(golds):
        if norm(g) and not any(_hit(norm(t), norm(g)) for p in preds for t in p):
            lines.append(f"  - MISSED  {g!r}")
            i = text.find(g)
            if context and i >= 0:
                lines.append(_around(text, i, i + len(g), context))
    for p in preds:
        if not any(_hit(norm(t), norm(g)) for t in p for g in golds if norm(g)):
            e = next(x for x in ents if x.text == p[0])
            lines.append(f"  + EXTRA   {p[0]!r}  [{e.source}] {e.attrs or ''}")
            if context:
                lines.append(_around(text, e.start, e.end, context))
    if values and etype in ("retention", "response_time", "last_updated"):
        gv, pv = Counter(_gold_values(etype, items)), Counter(_pred_values(etype, ents))
        if gv != pv:
            lines.append(f"  ~ VALUES  gold-only {dict(gv - pv)}  pred-only {dict(pv - gv)}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", required=True)
    ap.add_argument("--shared", default=str(REPO.parent / "shared/corpus"))
    ap.add_argument("--type", required=True, help="entity type, e.g. controllers")
    ap.add_argument("--values", action="store_true", help="compare values too")
    ap.add_argument("--id", default="", help="only gold ids containing this")
    ap.add_argument("--skip-split", action="append", default=[])
    ap.add_argument("--context", type=int, default=0, help="show N characters around")
    ap.add_argument("--test-split", default=None,
                    help="the current test split to skip (default: the newest heldout-N of "
                         "corpus/gold/policies); name it when a newer one is not there yet")
    args = ap.parse_args()
    test = args.test_split
    if test is None:
        repo_gold, _ = load_gold(REPO / "corpus/gold/policies", Path(args.shared))
        test = current_test_split(repo_gold)
    skip = {*args.skip_split, test} - {""}
    golds, _ = load_gold(Path(args.gold), Path(args.shared))
    for policy in (g for g in golds if g.split not in skip):
        if args.id not in policy.id:
            continue
        lines = errors(policy, args.type, args.values, args.context)
        if lines:
            print(policy.id, policy.path)
            print("\n".join(lines))


if __name__ == "__main__":
    main()
