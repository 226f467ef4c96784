from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "corpus" / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def seed_results():
    """Every seed audited once per test session."""
    from policy_audit.api import audit

    return {p.stem: audit(p) for p in SEEDS}
