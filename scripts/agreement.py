"""Agreement between two independent hand annotations of the same policies.

    .venv/bin/python scripts/agreement.py --split agreement-h7 [--a DIR] [--b DIR]

Reads the policies annotated in both directories and scores annotation B as if
it were a prediction against annotation A (and A against B): presence
macro-F1, exact status, gap detection precision/recall, with the tool's own
figures on the same policies against each annotation and against their
consensus (only the verdicts both annotators gave alike). This is the ceiling
the tool's figures can be read against: two careful readers of one policy.
A split whose first annotation is the current test set is scored by the tool
only with --score-test (once, at the end of a round).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from policy_audit.evaluate import current_test_split, load_gold  # noqa: E402
from policy_audit.evaluate.requirements import predictions, score  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", type=Path, default=REPO / "corpus/gold/policies")
    ap.add_argument("--b", type=Path, default=REPO / "corpus/gold/agreement")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared/corpus")
    ap.add_argument("--split", required=True, help="split of the second annotations, "
                    "e.g. agreement-h7")
    ap.add_argument("--score-test", action="store_true",
                    help="also score the tool when the first annotations are the test split")
    args = ap.parse_args()
    gb, _ = load_gold(args.b, args.shared)
    gb = [g for g in gb if g.split == args.split]
    ga_all, _ = load_gold(args.a, args.shared)
    ids = {g.id for g in gb}
    ga = [g for g in ga_all if g.id in ids]
    gb = [g for g in gb if g.id in {g.id for g in ga}]
    if not ga:
        sys.exit(f"no policy annotated in both {args.a} and {args.b}")
    as_pred = {"A": {g.id: {r: v["status"] for r, v in g.requirements.items()} for g in ga},
               "B": {g.id: {r: v["status"] for r, v in g.requirements.items()} for g in gb}}
    test = current_test_split(ga_all)
    with_tool = args.score_test or not any(g.split == test for g in ga)
    tool = predictions(ga) if with_tool else {}
    # consensus: the verdicts both annotators gave alike
    gc = [replace(g, data={**g.data, "requirements": {
              r: v for r, v in g.requirements.items()
              if as_pred["B"][g.id].get(r) == v["status"]}}) for g in ga]
    print(f"{len(ga)} policies annotated twice ({args.split})\n")
    print(f"{'scored':<22} {'against':<9} {'macro-F1':>9} {'exact':>6} {'gap P':>6} {'gap R':>6}")
    rows = [("annotator B", "A", ga, as_pred["B"]), ("annotator A", "B", gb, as_pred["A"]),
            ("policy_audit", "A", ga, tool), ("policy_audit", "B", gb, tool),
            ("policy_audit", "A=B only", gc, tool)]
    if not with_tool:
        rows = rows[:2]
        print(f"(the first annotations are the current test split {test}: "
              "the tool is scored only with --score-test)")
    for name, against, golds, preds in rows:
        s = score(golds, preds)
        print(f"{name:<22} {against:<9} {s['macro_f1']:>9.3f} {s['exact']:>6.3f} "
              f"{s['gap'][0]:>6.3f} {s['gap'][1]:>6.3f}")
    agree = sum(as_pred["A"][g.id][r] == as_pred["B"][g.id].get(r)
                for g in ga for r in g.requirements)
    total = sum(len(g.requirements) for g in ga)
    print(f"\nstatus agreement A vs B: {agree}/{total} = {agree / total:.3f}")
    rids = list(ga[0].requirements)
    print("\nper requirement, A/B disagreements (policies):")
    for rid in rids:
        d = [g.id for g in ga if as_pred["A"][g.id][rid] != as_pred["B"][g.id].get(rid)]
        if d:
            print(f"  {rid:<9} {len(d):>2}")


if __name__ == "__main__":
    main()
