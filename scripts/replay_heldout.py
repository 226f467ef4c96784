"""Replay each fresh split's one scoring: the verdicts the tool gave on a test
split's t200-dev policies at the commit that scored it, before any tuning on
them. These are the only out-of-sample verdicts we have, so models/calibrate.py
uses them to correct the optimism of its in-sample fit.

    .venv/bin/python scripts/replay_heldout.py [--shared ../shared/corpus]

Writes models/heldout_replay.json (t200-dev only: OPP-115 and MAPP may not feed
a shipped artifact). Needs git history and ../shared/corpus; takes ~1 min.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from score_at_commits import predict_at_commit  # noqa: E402 (scripts/ is on the path)

from policy_audit.evaluate import load_gold  # noqa: E402

# (split, commit that scored it once, from docs/accuracy.md)
SCORINGS = [("heldout-4", "0e319b6"), ("heldout-5", "387d57b"), ("heldout-6", "30832f7"),
            ("heldout-7", "c99ef8a"), ("heldout-8", "255ef67"), ("heldout-9", "91ff320"),
            ("heldout-10", "fea2e6a"), ("heldout-11", "d960963")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "corpus")
    args = ap.parse_args()
    golds, _ = load_gold(REPO / "corpus" / "gold" / "policies", args.shared)
    out = []
    for split, commit in SCORINGS:
        preds = predict_at_commit(split, commit, args.shared, corpus="t200-dev")
        rows = [(g.id, rid, preds[g.id].get(rid, "missing"), gold["status"])
                for g in golds if g.id in preds for rid, gold in g.requirements.items()]
        right = sum(p == g for _, _, p, g in rows)
        print(f"{split} at {commit}: {len(rows) // 25} t200 policies, "
              f"{len(rows)} verdicts, exact {right / max(len(rows), 1):.3f}")
        out += [{"split": split, "commit": commit, "id": i, "requirement": r,
                 "predicted": p, "gold": g} for i, r, p, g in rows]
    path = REPO / "models" / "heldout_replay.json"
    path.write_text(json.dumps(out, indent=0) + "\n")
    print(f"wrote {path}: {len(out)} verdicts")


if __name__ == "__main__":
    main()
