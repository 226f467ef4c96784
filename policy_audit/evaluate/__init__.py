"""Evaluation against the hand-made gold in corpus/gold/ (see its README).

Scores are always per policy (never per sentence). Real policies are read from
../shared/corpus, which exists only on developer machines; gold files whose
policy is not found are skipped and the report says how many.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


@dataclass
class GoldPolicy:
    id: str
    corpus: str
    path: Path
    data: dict[str, Any]

    @property
    def split(self) -> str:
        """'heldout-2', 'heldout-3' ...: a fresh test set annotated after tuning
        (scored, never fitted or read error by error); '' otherwise."""
        return str(self.data.get("split", ""))

    @property
    def requirements(self) -> dict[str, dict[str, Any]]:
        return self.data.get("requirements", {})

    @property
    def entities(self) -> dict[str, Any]:
        return self.data.get("entities", {})


def policy_path(source: dict[str, Any], shared: Path) -> Path:
    """Where a gold file's policy lives: corpus/ in this repo for the seeds,
    the shared corpus otherwise."""
    if source.get("corpus") == "seeds":
        return REPO / "corpus" / source["path"]
    return Path(shared) / source["path"]


def load_gold(gold_dir: Path, shared: Path) -> tuple[list[GoldPolicy], list[str]]:
    """Gold policies whose text is available, and the ids skipped for lack of it."""
    found, skipped = [], []
    for f in sorted(Path(gold_dir).glob("*.json")):
        data = json.loads(f.read_text("utf-8"))
        path = policy_path(data["source"], shared)
        if not path.exists():
            skipped.append(data.get("id", f.stem))
            continue
        found.append(GoldPolicy(data.get("id", f.stem), data["source"]["corpus"], path, data))
    return found, skipped


def split_number(split: str) -> int:
    """N of a `heldout-N` (or `agreement-hN`) split, for ordering splits."""
    return int(re.sub(r"\D", "", split.rsplit("-", 1)[1]))


def current_test_split(golds: list[GoldPolicy]) -> str:
    """The current test set: the newest `heldout-N` split ('' when none).

    Each tuning round is judged on a split annotated after it; once a newer
    split exists, the older ones become tuning data like dev."""
    splits = [g.split for g in golds if g.split.startswith("heldout-")]
    return max(splits, key=split_number, default="")


def sections_report(gold_dir: Path) -> str:
    from policy_audit.evaluate.sections import report

    return report(gold_dir)


def entities_report(gold_dir: Path, shared: Path) -> str:
    from policy_audit.evaluate.entities import report

    return report(gold_dir, shared)


def requirements_report(gold_dir: Path, shared: Path) -> str:
    from policy_audit.evaluate.requirements import report

    return report(gold_dir, shared)
