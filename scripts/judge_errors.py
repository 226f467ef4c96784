"""Requirement verdict errors on the tuning data only, and figures per split.

    .venv/bin/python scripts/judge_errors.py [--shared ../shared/corpus] [--req ID] [--summary]

The test set is the newest split (`"split": "heldout-N"` with the largest N,
annotated after the current round of tuning): scored, never printed error by
error. Everything else is tuning data: dev (`t200-`, `mapp-` without a split),
held-out (`opp115-`, `seed-`) and the older held-out-N splits, which were each
scored once as the test set of an earlier round before becoming tuning data.

Without --summary it prints, for every tuning verdict that differs from gold:
the gold and predicted status, the gold evidence quote and note, and our
evidence. --summary prints only presence macro-F1, exact status and gap P/R per
split.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from policy_audit.evaluate import current_test_split, load_gold, split_number  # noqa: E402
from policy_audit.evaluate.requirements import PRESENT, score  # noqa: E402

DEV = ("t200-", "mapp-")
HELD_OUT = ("opp115-", "seed-")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=str(REPO / "corpus/gold/policies"))
    ap.add_argument("--shared", default=str(REPO.parent / "shared/corpus"))
    ap.add_argument("--req", action="append", help="only these requirement ids")
    ap.add_argument("--summary", action="store_true", help="figures per split, no errors")
    ap.add_argument("--score-test", action="store_true",
                    help="also score the test split (once, at the end of a tuning round)")
    ap.add_argument("--test-split", help="treat this split as the test set instead of the "
                    "newest one (e.g. while a new split is being annotated)")
    ap.add_argument("--gaps", action="store_true",
                    help="print only false gaps (gold met/partial, predicted missing)")
    args = ap.parse_args()

    from policy_audit.api import audit

    golds, skipped = load_gold(Path(args.gold), Path(args.shared))
    dev = [g for g in golds if g.id.startswith(DEV) and not g.split]
    held = [g for g in golds if g.id.startswith(HELD_OUT) and not g.split]
    test = args.test_split or current_test_split(golds)
    if not args.score_test:
        golds = [g for g in golds if g.split != test]
    splits = sorted({g.split for g in golds if g.split}, key=split_number)
    fresh = {s: [g for g in golds if g.split == s] for s in splits}
    held2 = [g for s in splits for g in fresh[s]]
    tuning = [g for g in golds if g.split != test]
    results = {}
    preds: dict[str, dict[str, str]] = {}
    for g in dev + held + held2:
        results[g.id] = audit(g.path)
        preds[g.id] = results[g.id].status()

    if not args.summary:
        for g in tuning:
            res = results[g.id]
            for rid, gold in g.requirements.items():
                if args.req and rid not in args.req:
                    continue
                v = res.verdict(rid)
                if v.status == gold["status"]:
                    continue
                if args.gaps and not (v.status == "missing" and gold["status"] in PRESENT):
                    continue
                print(f"=== {g.id}  {rid}: gold {gold['status']}  pred {v.status}")
                for e in gold.get("evidence", [])[:3]:
                    print(f"  gold ev: {e.get('quote', '')!r} @{e.get('start')}")
                if gold.get("note"):
                    print(f"  note:    {gold['note']}")
                for e in v.evidence:
                    print(f"  ours:    [{e.cue}] {e.text[:220]!r}")
                if v.reason and v.status in ("missing", "partial"):
                    print(f"  reason:  {v.reason[:160]}")
        print()

    print(f"skipped: {len(skipped)}")
    print(f"{'split':<10} {'n':>3} {'macro-F1':>9} {'exact':>6} {'gap P':>6} {'gap R':>6}")
    rows = [("dev", dev), ("held-out", held)]
    rows += [(s.replace("heldout-", "held-out-"), fresh[s]) for s in splits]
    for name, gs in (*rows, ("all", dev + held + held2)):
        if not gs:
            continue
        s = score(gs, preds)
        print(f"{name:<10} {len(gs):>3} {s['macro_f1']:>9.3f} {s['exact']:>6.3f} "
              f"{s['gap'][0]:>6.3f} {s['gap'][1]:>6.3f}")
    s = score(tuning, preds)
    print(f"test split (scored, errors never printed): {test or 'none'}")
    print(f"{'tuning':<10} {len(tuning):>3} {s['macro_f1']:>9.3f} {s['exact']:>6.3f} "
          f"{s['gap'][0]:>6.3f} {s['gap'][1]:>6.3f}")
    weak = sorted(s["per_requirement"].items(), key=lambda kv: kv[1][2])[:8]
    print("tuning weakest presence F1: " + ", ".join(f"{rid} {f:.2f}" for rid, (_, _, f) in weak))


if __name__ == "__main__":
    main()
