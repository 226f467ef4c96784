"""Choose the policies of a new test split, reproducibly.

    .venv/bin/python scripts/pick_split.py --salt h12 --t200 8 --mapp 0 --opp 12 \
        [--exclude corpus/gold/shaped.txt] [--shared ../shared/corpus]

Candidates are the real policies (t200-dev, MAPP English, OPP-115; over 1,500
bytes) that have no gold file yet and are not listed in the exclude file (one
file stem per line: policies whose text shaped a cue, so they are not fresh).
Each corpus's candidates are ordered by sha256(salt + path) and the first N
taken. Prints the chosen paths (to hand to annotators) and how many remain.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = {"t200": "t200-dev/policies", "mapp": "mapp/english/policies",
           "opp": "opp115/policies"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--salt", required=True)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--exclude", type=Path, default=REPO / "corpus" / "gold" / "shaped.txt")
    for name in CORPORA:
        ap.add_argument(f"--{name}", type=int, default=0)
    args = ap.parse_args()
    gold = {json.loads(f.read_text("utf-8"))["source"]["path"]
            for f in (REPO / "corpus" / "gold" / "policies").glob("*.json")}
    shaped = set()
    if args.exclude.exists():
        shaped = {line.strip() for line in args.exclude.read_text("utf-8").splitlines()
                  if line.strip() and not line.startswith("#")}
    for name, folder in CORPORA.items():
        paths = sorted(p for p in (args.shared / folder).glob("*.txt")
                       if p.stat().st_size > 1500
                       and str(p.relative_to(args.shared)) not in gold and p.stem not in shaped)
        paths.sort(key=lambda p: hashlib.sha256(
            (args.salt + str(p.relative_to(args.shared))).encode()).hexdigest())
        n = getattr(args, name)
        print(f"# {folder}: {len(paths)} candidates, taking {min(n, len(paths))}")
        for p in paths[:n]:
            print(p)


if __name__ == "__main__":
    main()
