"""The compiled cue groups find exactly the hits of the plain alternation they stand for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_audit.catalogue import (
    compile_cue,
    cue_source,
    fold,
    literal_prefixes,
    load_cue_prefixes,
    load_cues,
)
from policy_audit.extract import Context, find_cues
from policy_audit.types import Document, Sentence

SEEDS = sorted((Path(__file__).parent.parent / "corpus" / "seeds").glob("*.txt"))
RAW = yaml.safe_load((Path(__file__).parent.parent / "policy_audit" / "data" /
                      "cues.yaml").read_text("utf-8"))
REFERENCE = {name: re.compile(cue_source(pats)) for name, pats in RAW.items()}
# words that open or sit inside the cue patterns, plus neighbours that test \b edges
WORDS = sorted({w for pats in RAW.values() for p in pats
                for w in re.findall(r"[a-z]{2,}", p.lower())}) + [
    "xdata", "datax", "we", "us", "İstanbul", "Données", "/", "(", '"we"', ".", ",", "\n",
    "  ", "_", "9"]


def spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def reference_hits(text: str, sentences: list[Sentence]) -> dict[str, list[tuple]]:
    """What find_cues produced before it was optimised: plain finditer per group."""
    from bisect import bisect_right

    starts = [s.start for s in sentences]
    folded = fold(text)
    return {name: [(m.start(), m.end(), bisect_right(starts, m.start()) - 1)
                   for m in rx.finditer(folded) if m.end() > m.start()]
            for name, rx in REFERENCE.items()}


def find_cues_hits(text: str, sentences: list[Sentence]) -> dict[str, list[tuple]]:
    ctx = Context(doc=Document(text=text, path="t", sha256="", encoding="utf-8"),
                  sections=[], sentences=sentences)
    find_cues(ctx)
    return {name: [(h.start, h.end, h.sentence) for h in hits]
            for name, hits in ctx.hits.items()}


def naive_sentences(text: str) -> list[Sentence]:
    return [Sentence(m.start(), m.end(), -1) for m in re.finditer(r"[^.\n]+", text)]


def test_every_group_is_loaded_and_most_are_rewritten() -> None:
    cues = load_cues()
    assert set(cues) == set(RAW)
    rewritten = sum(1 for rx in cues.values() if rx.pattern is None)
    assert rewritten >= len(cues) * 9 // 10


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_hits_identical_on_seeds(seed: Path) -> None:
    raw = seed.read_text("utf-8")
    text = fold(raw)
    cues = load_cues()
    for name, ref in REFERENCE.items():
        assert spans(cues[name], text) == spans(ref, text), name
    sents = naive_sentences(raw)
    assert find_cues_hits(raw, sents) == reference_hits(raw, sents)


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
    sents = naive_sentences(text)
    assert find_cues_hits(text, sents) == reference_hits(text, sents)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.sampled_from([" ", "", "-", ". "]))
def test_hits_identical_on_generated_text(words: list[str], sep: str) -> None:
    text = sep.join(words)
    cues = load_cues()
    for name, ref in REFERENCE.items():
        assert spans(cues[name], text) == spans(ref, text), (name, text)
    assert find_cues_hits(text, []) == reference_hits(text, [])


def test_rewrite_keeps_semantics_of_tricky_patterns() -> None:
    for src, text in [
        (r"(?:\bab)|(?:\ba)", "ab a xab"),          # order of alternatives
        (r"(?:\b(?:we|us)\s*/\s*us\b)", "we/us us / us wex/us"),
        (r"(?:[ab]c\b)|(?:\bc)", "ac bc c abc"),
        (r"(?:\bx[^.]{0,5}y)", "x  y. x.y xy"),
        # lookbehinds before the first literal, greedy optional runs
        (r"(?:(?<!reserve the )\bright to (?:review|access))",
         "we reserve the right to review; you have the right to access; right to review"),
        (r"(?:(?:(?<=\n)|(?<=\n ))(?:[-*][ \t]{0,4})?(?:the )?access(?=[ \t]{0,4}[:;]))",
         "\n- access;\n access:\n-access ;\nthe access;\naccess x;\n  access;"),
        (r"(?:(?<!we )\brestrict\w*)", "we restrict use; you may restrict; restricting"),
    ]:
        assert spans(compile_cue(src), text) == spans(re.compile(src), text), src


def test_prefixes_are_necessary_and_most_groups_use_them() -> None:
    from re import _parser

    pre = load_cue_prefixes()
    assert sum(v is not None for v in pre.values()) >= len(pre) * 3 // 4
    # a prefix of blanks would make every space a candidate (a group once did)
    assert not [(n, p) for n, ps in pre.items() for p, _ in (ps or ()) if not p.strip()]
    for src, text in [(r"\b(?:we|us)(?: all)?\b", "we us all"),
                      (r"(?:x[ab]?c)|(?:\byo)", "xc xac xbc yo")]:
        found = literal_prefixes(list(_parser.parse(src).data))
        for m in re.finditer(src, text):
            assert any(text.startswith(p, m.start())
                       and (not word or not re.match(r"\w", text[m.start() - 1:m.start()]))
                       for p, word in found), (src, m)
    assert literal_prefixes(list(_parser.parse(r"\b(?:we|us)(?: all)?").data)) == {
        ("we all", True), ("we", True), ("us all", True), ("us", True)}
    assert literal_prefixes(list(_parser.parse(r"(?:x[ab]?c)").data)) == {
        ("xac", False), ("xbc", False), ("xc", False)}
