"""Agreement between two independent hand annotations of the same policies.

    .venv/bin/python scripts/agreement.py [--a corpus/gold/policies] [--b corpus/gold/agreement]

Reads the policies annotated in both directories and scores annotation B as if
it were a prediction against annotation A (and A against B): presence
macro-F1, exact status, gap detection precision/recall, with the tool's own
figures on the same policies against each annotation. This is the ceiling the
tool's figures can be read against: two careful readers of the same policy.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from policy_audit.evaluate import load_gold  # noqa: E402
from policy_audit.evaluate.requirements import predictions, score  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", type=Path, default=REPO / "corpus/gold/policies")
    ap.add_argument("--b", type=Path, default=REPO / "corpus/gold/agreement")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared/corpus")
    args = ap.parse_args()
    gb, _ = load_gold(args.b, args.shared)
    ga_all, _ = load_gold(args.a, args.shared)
    ids = {g.id for g in gb}
    ga = [g for g in ga_all if g.id in ids]
    gb = [g for g in gb if g.id in {g.id for g in ga}]
    if not ga:
        sys.exit(f"no policy annotated in both {args.a} and {args.b}")
    as_pred = {"A": {g.id: {r: v["status"] for r, v in g.requirements.items()} for g in ga},
               "B": {g.id: {r: v["status"] for r, v in g.requirements.items()} for g in gb}}
    tool = predictions(ga)
    print(f"{len(ga)} policies annotated twice\n")
    print(f"{'scored':<22} {'against':<8} {'macro-F1':>9} {'exact':>6} {'gap P':>6} {'gap R':>6}")
    rows = [("annotator B", "A", ga, as_pred["B"]), ("annotator A", "B", gb, as_pred["A"]),
            ("policy_audit", "A", ga, tool), ("policy_audit", "B", gb, tool)]
    for name, against, golds, preds in rows:
        s = score(golds, preds)
        print(f"{name:<22} {against:<8} {s['macro_f1']:>9.3f} {s['exact']:>6.3f} "
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
