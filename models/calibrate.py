"""Rebuild policy_audit/data/calibration.json: the confidence of each verdict.

For every (requirement, predicted status) the confidence is the share of gold
policies in which that prediction was right, smoothed towards the share for
the predicted status over all requirements (add-k smoothing, k = 4). Fitted on the
seeds and t200-dev gold in corpus/gold/policies (needs ../shared/corpus for the
t200 texts; OPP-115 and MAPP are evaluation-only by their licences):

    .venv/bin/python models/calibrate.py [--shared ../shared/corpus]

The fit is in-sample (the same gold the figures in docs/accuracy.md use).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
K = 4.0
TRAINABLE = {"seeds", "t200-dev"}  # corpora whose licence allows fitting shipped artifacts


def main() -> None:
    from policy_audit.evaluate import current_test_split, load_gold
    from policy_audit.evaluate.requirements import predictions

    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "corpus")
    args = ap.parse_args()
    golds, skipped = load_gold(REPO / "corpus" / "gold" / "policies", args.shared)
    # OPP-115 and MAPP may be used to evaluate but not to fit shipped artifacts
    golds = [g for g in golds if g.corpus in TRAINABLE]
    # the current test set (newest held-out split) stays out of everything fitted
    test = current_test_split(golds)
    golds = [g for g in golds if g.split != test]
    # the shipped calibration must not feed back into the predictions it calibrates
    preds = predictions(golds)
    by_req: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    by_status: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g in golds:
        for rid, gold in g.requirements.items():
            p = preds[g.id].get(rid, "missing")
            ok = int(p == gold["status"])
            by_req[(rid, p)][0] += ok
            by_req[(rid, p)][1] += 1
            by_status[p][0] += ok
            by_status[p][1] += 1
    prior = {s: (c[0] + 1) / (c[1] + 2) for s, c in by_status.items()}
    table = {f"{rid}|{s}": round((c[0] + K * prior[s]) / (c[1] + K), 3)
             for (rid, s), c in sorted(by_req.items())}
    out = {"method": "per-requirement accuracy of the predicted status on corpus/gold, "
                     "add-4 smoothed towards the per-status accuracy",
           "policies": len(golds), "skipped": skipped,
           "prior": {s: round(v, 3) for s, v in prior.items()}, "table": table}
    path = REPO / "policy_audit" / "data" / "calibration.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path} from {len(golds)} policies; per-status accuracy "
          + ", ".join(f"{s} {v:.2f}" for s, v in sorted(prior.items())))


if __name__ == "__main__":
    main()
