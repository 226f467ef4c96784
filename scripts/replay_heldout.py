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
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# (split, commit that scored it once, from docs/accuracy.md)
SCORINGS = [("heldout-4", "0e319b6"), ("heldout-5", "387d57b"), ("heldout-6", "30832f7"),
            ("heldout-7", "c99ef8a"), ("heldout-8", "255ef67"), ("heldout-9", "91ff320"),
            ("heldout-10", "fea2e6a"), ("heldout-11", "d960963")]

_PROBE = """
import json, sys
from pathlib import Path
from policy_audit.evaluate import load_gold
from policy_audit.api import audit
split, shared = sys.argv[1], Path(sys.argv[2])
golds, _ = load_gold(Path("corpus/gold/policies"), shared)
rows = []
for g in golds:
    if g.split != split or g.corpus != "t200-dev":
        continue
    status = audit(g.path).status()
    rows += [[g.id, rid, status.get(rid, "missing"), gold["status"]]
             for rid, gold in g.requirements.items()]
print(json.dumps(rows))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "corpus")
    args = ap.parse_args()
    out = []
    for split, commit in SCORINGS:
        with tempfile.TemporaryDirectory() as tmp:
            wt = Path(tmp) / "wt"
            subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q",
                            str(wt), commit], check=True)
            try:
                res = subprocess.run([sys.executable, "-c", _PROBE, split,
                                      str(args.shared.resolve())], cwd=wt, check=True,
                                     capture_output=True, text=True,
                                     env={"PYTHONPATH": str(wt), "PATH": "/usr/bin:/bin"})
            finally:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force",
                                str(wt)], check=True)
        rows = json.loads(res.stdout)
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
