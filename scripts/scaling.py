"""Time `audit()` on 1, 2 and 4 MB policies built from the seeds, and on one
2 MB line with no newline, to show time is linear in size.

    .venv/bin/python scripts/scaling.py [--sizes 1 2 4]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from policy_audit.api import audit

SEEDS = sorted((Path(__file__).resolve().parents[1] / "corpus" / "seeds").glob("*.txt"))


def build(mb: float, one_line: bool = False) -> str:
    base = "\n\n".join(p.read_text("utf-8") for p in SEEDS)
    if one_line:
        base = " ".join(base.split())
    n = int(mb * 1024 * 1024)
    return (base * (n // len(base) + 1))[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4])
    args = ap.parse_args()
    audit(build(0.05))  # warm up imports and models
    print(f"{'input':28} {'MB':>5} {'seconds':>8} {'s/MB':>6}")
    cases = [(f"seeds repeated ({mb:g} MB)", build(mb)) for mb in args.sizes]
    cases.append(("one 2 MB line, no newline", build(2, one_line=True)))
    for name, text in cases:
        mb = len(text.encode("utf-8")) / 2 ** 20
        t = time.perf_counter()
        r = audit(text, max_bytes=len(text.encode("utf-8")) + 1)
        dt = time.perf_counter() - t
        print(f"{name:28} {mb:5.2f} {dt:8.2f} {dt / mb:6.2f}   "
              f"({len(r.sections)} sections, {len(r.sentences)} sentences)", flush=True)


if __name__ == "__main__":
    main()
