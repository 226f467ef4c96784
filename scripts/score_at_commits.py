"""Pool several fresh splits, each predicted by the commit that scored it once.

    .venv/bin/python scripts/score_at_commits.py heldout-10:fea2e6a heldout-11:d960963 \
        heldout-12:a2a0012 [--shared ../shared/corpus]

For every split:commit pair the split's gold policies are audited by that
commit's code (a temporary git worktree), so every verdict is the one the
tool gave before it was tuned on the policy; the verdicts are then scored
together against the first annotation (corpus/gold/policies) and, where they
exist, the second (corpus/gold/agreement). Needs git history and ../shared.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

_PROBE = """
import json, sys
from pathlib import Path
from policy_audit.evaluate import load_gold
from policy_audit.evaluate.requirements import predictions
split, gold, shared, corpus = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
golds, _ = load_gold(gold, shared)
print(json.dumps(predictions([g for g in golds
                              if g.split == split and corpus in ("", g.corpus)])))
"""


def predict_at_commit(split: str, commit: str, shared: Path,
                      corpus: str = "") -> dict[str, dict[str, str]]:
    """{gold id: {requirement: status}} for the split's gold policies (of one
    corpus, when given) as audited by `commit`'s code in a temporary worktree."""
    with tempfile.TemporaryDirectory() as tmp:
        wt = Path(tmp) / "wt"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q",
                        str(wt), commit], check=True)
        try:
            out = subprocess.run(
                [sys.executable, "-c", _PROBE, split, str(REPO / "corpus" / "gold" / "policies"),
                 str(shared.resolve()), corpus], cwd=wt, check=True, capture_output=True,
                text=True, env={"PYTHONPATH": str(wt), "PATH": "/usr/bin:/bin"}).stdout
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(wt)],
                           check=True)
    return json.loads(out)


def main() -> None:
    from policy_audit.evaluate import load_gold, split_number
    from policy_audit.evaluate.requirements import score

    ap = argparse.ArgumentParser()
    ap.add_argument("pairs", nargs="+", help="split:commit")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "corpus")
    args = ap.parse_args()
    gold_dir = REPO / "corpus" / "gold" / "policies"
    preds: dict[str, dict[str, str]] = {}
    splits = []
    for pair in args.pairs:
        split, commit = pair.split(":")
        splits.append(split)
        preds.update(predict_at_commit(split, commit, args.shared))
    first, _ = load_gold(gold_dir, args.shared)
    second, _ = load_gold(REPO / "corpus" / "gold" / "agreement", args.shared)
    wanted = {split_number(s) for s in splits}
    print(f"{'against':<22} {'n':>3} {'macro-F1':>9} {'exact':>6} {'gap P':>6} {'gap R':>6}")
    for name, golds in (
            ("first annotation", [g for g in first if g.split in splits]),
            ("second annotation", [g for g in second
                                   if g.split and split_number(g.split) in wanted])):
        if not golds:
            continue
        s = score(golds, preds)
        print(f"{name:<22} {len(golds):>3} {s['macro_f1']:>9.3f} {s['exact']:>6.3f} "
              f"{s['gap'][0]:>6.3f} {s['gap'][1]:>6.3f}")


if __name__ == "__main__":
    main()
