"""The compiled cue groups find exactly the hits of the plain alternation they stand for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_audit.checklist import compile_cue, cue_source, fold, load_cues

SEEDS = sorted((Path(__file__).parent.parent / "corpus" / "seeds").glob("*.txt"))
RAW = yaml.safe_load((Path(__file__).parent.parent / "policy_audit" / "data" /
                      "cues.yaml").read_text("utf-8"))
REFERENCE = {name: re.compile(cue_source(pats)) for name, pats in RAW.items()}
# words that open or sit inside the cue patterns, plus neighbours that test \b edges
WORDS = sorted({w for pats in RAW.values() for p in pats
                for w in re.findall(r"[a-z]{2,}", p.lower())}) + [
    "xdata", "datax", "we", "us", "/", "(", '"we"', ".", ",", "\n", "  ", "_", "9"]


def spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def test_every_group_is_loaded_and_most_are_rewritten() -> None:
    cues = load_cues()
    assert set(cues) == set(RAW)
    rewritten = sum(1 for rx in cues.values() if rx.pattern is None)
    assert rewritten >= len(cues) // 2


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_hits_identical_on_seeds(seed: Path) -> None:
    text = fold(seed.read_text("utf-8"))
    cues = load_cues()
    for name, ref in REFERENCE.items():
        assert spans(cues[name], text) == spans(ref, text), name


@pytest.mark.parametrize("text", [
    "Metadata controller and data controllers. The controller of your data.",
    "(“we”, \"us\") We/us is operated by Acme; owned and run by Beta.",
    "we use your data in order to; we process it for purposes.purpose",
    "xconsent consent_to consent to opt-in opt in opt_in",
    "", "a", "\n\n\n", "dpo dpos DPO_x _dpo 9dpo",
])
def test_hits_identical_on_constructed_text(text: str) -> None:
    folded = fold(text)
    cues = load_cues()
    for name, ref in REFERENCE.items():
        assert spans(cues[name], folded) == spans(ref, folded), (name, text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.sampled_from([" ", "", "-", ". "]))
def test_hits_identical_on_generated_text(words: list[str], sep: str) -> None:
    text = sep.join(words)
    cues = load_cues()
    for name, ref in REFERENCE.items():
        assert spans(cues[name], text) == spans(ref, text), (name, text)


def test_rewrite_keeps_semantics_of_tricky_patterns() -> None:
    for src, text in [
        (r"(?:\bab)|(?:\ba)", "ab a xab"),          # order of alternatives
        (r"(?:\b(?:we|us)\s*/\s*us\b)", "we/us us / us wex/us"),
        (r"(?:[ab]c\b)|(?:\bc)", "ac bc c abc"),
        (r"(?:\bx[^.]{0,5}y)", "x  y. x.y xy"),
    ]:
        assert spans(compile_cue(src), text) == spans(re.compile(src), text), src
