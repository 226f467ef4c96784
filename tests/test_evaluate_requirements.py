"""Requirement scoring arithmetic (policy_audit.evaluate.requirements.score)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_audit.evaluate import GoldPolicy, current_test_split
from policy_audit.evaluate.requirements import score


def gold(pid: str, statuses: dict[str, str], split: str = "") -> GoldPolicy:
    data = {"id": pid, "requirements": {r: {"status": s} for r, s in statuses.items()}}
    if split:
        data["split"] = split
    return GoldPolicy(pid, "t200-dev", Path(pid), data)


def test_presence_gap_and_exact_figures() -> None:
    golds = [gold("a", {"15": "met", "19": "missing"}),
             gold("b", {"15": "missing", "19": "missing"})]
    preds = {"a": {"15": "partial", "19": "missing"}, "b": {"15": "met", "19": "missing"}}
    s = score(golds, preds)
    assert s["per_requirement"]["15"] == pytest.approx((0.5, 1.0, 2 / 3))
    # 19: nobody has it and nobody is predicted to: undefined, not a 0 in the macro
    assert s["undefined"] == ["19"] and "19" not in s["per_requirement"]
    assert s["macro_f1"] == pytest.approx(2 / 3)
    assert s["exact"] == pytest.approx(2 / 4)
    # gaps: 19 twice and 15 of b are gold missing; we call 19 twice missing
    assert s["gap"][0] == pytest.approx(1.0) and s["gap"][1] == pytest.approx(2 / 3)


def test_a_requirement_predicted_but_never_present_scores_zero() -> None:
    s = score([gold("a", {"19": "missing"})], {"a": {"19": "met"}})
    assert s["per_requirement"]["19"] == (0.0, 0.0, 0.0) and s["macro_f1"] == 0.0


def test_the_newest_heldout_split_is_the_test_set() -> None:
    golds = [gold("a", {}), gold("b", {}, "heldout-3"), gold("c", {}, "heldout-10"),
             gold("d", {}, "heldout-4")]
    assert current_test_split(golds) == "heldout-10"
    assert current_test_split([gold("a", {})]) == ""


def test_calibration_bins_and_expected_error() -> None:
    from policy_audit.evaluate.requirements import calibration

    golds = [gold("a", {"15": "met", "16": "met", "17": "missing", "18": "missing"})]
    preds = {"a": {"15": "met", "16": "missing", "17": "missing", "18": "missing"}}
    conf = {"a": {"15": 0.9, "16": 0.9, "17": 0.3, "18": 0.3}}
    rows, ece = calibration(golds, preds, conf, bins=5)
    # bin [0.2, 0.4): conf 0.3, both right; bin [0.8, 1.0]: conf 0.9, one of two right
    assert rows == [(0.2, pytest.approx(0.3), 1.0, 2), (0.8, pytest.approx(0.9), 0.5, 2)]
    assert ece == pytest.approx(0.5 * 0.7 + 0.5 * 0.4)
