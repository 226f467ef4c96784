"""Section boundary precision/recall against corpus/gold/sections."""

from __future__ import annotations

import json
from pathlib import Path

from policy_audit.evaluate import REPO


def score_file(gold_file: Path) -> tuple[set[int], set[int]]:
    """(gold heading lines, predicted heading lines) for one gold file."""
    from policy_audit.ingest import load
    from policy_audit.segment import sections

    gold = json.loads(gold_file.read_text("utf-8"))
    doc = load(REPO / gold["source"])
    # the start of the text is always a boundary: a title on line 1 is not scored
    predicted = {s.line for s in sections(doc) if s.title} - {1}
    return {h["line"] for h in gold["headings"]} - {1}, predicted


def report(gold_dir: Path) -> str:
    rows = []
    tp_all = fp_all = fn_all = 0
    for f in sorted(Path(gold_dir).glob("*.json")):
        gold, pred = score_file(f)
        tp, fp, fn = len(gold & pred), len(pred - gold), len(gold - pred)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        rows.append(f"{f.stem:<28} {len(gold):>5} {len(pred):>5} {p:>6.2f} {r:>6.2f}"
                    f"  missed {sorted(gold - pred)} extra {sorted(pred - gold)}")
    p = tp_all / (tp_all + fp_all) if tp_all + fp_all else 1.0
    r = tp_all / (tp_all + fn_all) if tp_all + fn_all else 1.0
    head = f"{'policy':<28} {'gold':>5} {'pred':>5} {'prec':>6} {'rec':>6}"
    return "\n".join([head, *rows, f"{'ALL (micro)':<28} {tp_all + fn_all:>5} "
                      f"{tp_all + fp_all:>5} {p:>6.2f} {r:>6.2f}"])
