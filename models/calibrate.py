"""Rebuild policy_audit/data/calibration.json: the confidence of each verdict.

For every (requirement, predicted status) the confidence is the share of gold
policies in which that prediction was right, smoothed towards the share for
the predicted status over all requirements (add-k smoothing, k = 4). Fitted on the
seeds and t200-dev gold in corpus/gold/policies (needs ../shared/corpus for the
t200 texts; OPP-115 and MAPP are evaluation-only by their licences):

    .venv/bin/python models/calibrate.py [--shared ../shared/corpus]

The per-requirement fit is in-sample: the rules were tuned on the same gold, so
it is optimistic. Each predicted status's confidences are therefore scaled by
the ratio of its out-of-sample accuracy (models/heldout_replay.json: the
verdicts on each fresh split's t200 policies at the commit that scored it once,
rebuilt by scripts/replay_heldout.py) to its in-sample accuracy.
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
    shrink = _optimism(prior)
    table = {f"{rid}|{s}": round(shrink.get(s, 1.0) * (c[0] + K * prior[s]) / (c[1] + K), 3)
             for (rid, s), c in sorted(by_req.items())}
    out = {"method": "per-requirement accuracy of the predicted status on corpus/gold, "
                     "add-4 smoothed towards the per-status accuracy",
           "policies": len(golds), "skipped": skipped,
           "prior": {s: round(v, 3) for s, v in prior.items()},
           "out_of_sample_scale": {s: round(v, 3) for s, v in shrink.items()}, "table": table}
    path = REPO / "policy_audit" / "data" / "calibration.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path} from {len(golds)} policies; per-status accuracy "
          + ", ".join(f"{s} {v:.2f}" for s, v in sorted(prior.items()))
          + "; out-of-sample scale "
          + ", ".join(f"{s} {v:.3f}" for s, v in sorted(shrink.items())))


def _optimism(prior: dict[str, float]) -> dict[str, float]:
    """Per predicted status: out-of-sample accuracy (replayed fresh-split
    scorings) over in-sample accuracy, at most 1."""
    path = REPO / "models" / "heldout_replay.json"
    if not path.exists():
        return {}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in json.loads(path.read_text()):
        counts[row["predicted"]][0] += row["predicted"] == row["gold"]
        counts[row["predicted"]][1] += 1
    return {s: min(1.0, ((c[0] + 1) / (c[1] + 2)) / prior[s])
            for s, c in counts.items() if s in prior}


if __name__ == "__main__":
    main()
