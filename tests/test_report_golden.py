"""Golden files: the Markdown and JSON reports of the five seeds, byte for byte.

The judging is still being tuned, so when a verdict changes on purpose,
regenerate them and review the diff:

    POLICY_AUDIT_UPDATE_GOLDEN=1 .venv/bin/pytest -q tests/test_report_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = sorted((REPO / "corpus" / "seeds").glob("*.txt"))
UPDATE = os.environ.get("POLICY_AUDIT_UPDATE_GOLDEN") == "1"
HINT = "if the change is intended: POLICY_AUDIT_UPDATE_GOLDEN=1 pytest tests/test_report_golden.py"


@pytest.fixture(scope="module")
def seed_reports():
    """Each seed audited once, under its repository-relative path (stable across machines)."""
    from policy_audit.api import audit

    return {p.stem: audit(p.read_bytes(), path=f"corpus/seeds/{p.name}") for p in SEEDS}


def _stable_json(result) -> dict:
    data = result.to_dict()
    data["generator"].pop("version", None)  # a release bump is not a report change
    return data


def _check(target: Path, actual: str) -> None:
    if UPDATE or not target.exists():
        if not UPDATE:
            pytest.fail(f"{target.name} does not exist; {HINT}")
        target.write_text(actual, encoding="utf-8")
        return
    expected = target.read_text(encoding="utf-8")
    if actual != expected:
        import difflib

        diff = "".join(list(difflib.unified_diff(expected.splitlines(True),
                                                 actual.splitlines(True),
                                                 "golden", "actual"))[:60])
        pytest.fail(f"{target.name} differs from the golden file ({HINT}):\n{diff}")


def test_there_are_five_seeds():
    assert len(SEEDS) == 5


@pytest.mark.parametrize("seed", [p.stem for p in SEEDS])
def test_markdown_golden(seed, seed_reports):
    _check(GOLDEN / f"{seed}.md", seed_reports[seed].to_markdown())


@pytest.mark.parametrize("seed", [p.stem for p in SEEDS])
def test_json_golden(seed, seed_reports):
    actual = json.dumps(_stable_json(seed_reports[seed]), ensure_ascii=False, indent=2) + "\n"
    target = GOLDEN / f"{seed}.json"
    if not UPDATE and target.exists():
        old, new = json.loads(target.read_text(encoding="utf-8")), json.loads(actual)
        changed = [f"{a['id']}: {a['status']} -> {b['status']}"
                   for a, b in zip(old["requirements"], new["requirements"], strict=False)
                   if a["status"] != b["status"]]
        if changed:
            pytest.fail(f"{seed}: statuses changed: {', '.join(changed)} ({HINT})")
    _check(target, actual)
