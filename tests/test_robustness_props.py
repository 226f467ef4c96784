"""Property-based: over arbitrary text the pipeline never raises (other than a
clean InputError), and every offset, line number and section boundary is exact."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_audit.api import audit
from policy_audit.ingest import InputError, decode
from policy_audit.segment import lines

FRAGMENTS = [
    "Privacy Policy", "1. Who we are", "2.1 Retention", "a) ", "• ", "- ", "# ", "## Rights",
    "WHAT WE COLLECT", "We keep your personal data for 3 years.", "for 30 days",
    "Contact privacy@example.com.", "+44 20 7946 0958", "Example Ltd (\"we\")",
    "is the data controller.", "Last updated: 1 May 2023.", "children under 16",
    "You may lodge a complaint with the ICO.", "standard contractual clauses",
    "legitimate interest", "consent", "e.g.", "i.e. ", "Art. 6", "...", "   ", "\t",
    "\n", "\r\n", "\r", "\n\n", ":", "?", "é", "“", "”", "\u00a0", "\u2028", "\x0c",
    "1234567", "----", "....", "<b>", "&amp;", "Data Protection Officer",
]
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
             max_size=60).map("".join),
)
PROFILE = settings(max_examples=120, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])


def _line_of(text: str, offset: int) -> int:
    return len(re.findall(r"\r\n|\r|\n", text[:offset])) + 1


@PROFILE
@given(texts)
def test_pipeline_offsets_lines_and_sections_are_exact(text: str):
    try:
        doc = decode(text.encode("utf-8", errors="surrogatepass"), "prop.txt")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("prop.txt: ")
        return
    r = audit(doc)
    t = r.text
    secs = r.sections
    assert secs and secs[0].start == 0 and secs[-1].end == len(t)
    for a, b in zip(secs, secs[1:], strict=False):
        assert a.end == b.start and a.start < b.start
    for s in secs:  # a section's line is its heading's (leading blank lines join the first)
        assert s.line == (_line_of(t, s.heading_end) if s.title else 1)
    prev_end = 0
    for s in r.sentences:
        assert prev_end <= s.start < s.end <= len(t)
        assert t[s.start:s.end].strip()
        prev_end = s.end
    for v in r.verdicts:
        for e in v.evidence:
            assert t[e.start:e.end] == e.text
            assert e.line == _line_of(t, e.start)
    for ents in r.entity_map.values():
        for e in ents:
            assert t[e.start:e.end] == e.text
    for f in r.flags:
        assert t[f.start:f.end] == f.text
        assert f.line == _line_of(t, f.start)
    assert r.to_json()


@PROFILE
@given(st.text(max_size=300))
def test_lines_cover_the_text_exactly(text: str):
    ls = lines(text)
    assert ls[0].start == 0 and ls[-1].end == len(text)
    for a, b in zip(ls, ls[1:], strict=False):
        sep = text[a.end:b.start]
        assert sep in ("\n", "\r", "\r\n")
    for ln in ls:
        assert ln.text == text[ln.start:ln.end].strip()
        assert "\n" not in text[ln.start:ln.end] and "\r" not in text[ln.start:ln.end]


@PROFILE
@given(st.binary(max_size=400))
def test_arbitrary_bytes_decode_or_fail_cleanly(data: bytes):
    try:
        doc = decode(data, "bytes.bin")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert doc.text.strip()
    assert doc.line_starts[0] == 0


def test_cut_sentences_never_hold_only_whitespace():
    from policy_audit.segment import MAX_SENTENCE

    text = "Privacy Policy\n" + "x" * (MAX_SENTENCE - 1) + "\t" * 5000 + "y" * 10 + "\n"
    r = audit(text)
    for s in r.sentences:
        piece = r.text[s.start:s.end]
        assert piece.strip() == piece and piece
        assert len(piece) <= MAX_SENTENCE
    assert r.text[r.sentences[-1].start:r.sentences[-1].end] == "y" * 10


@PROFILE
@given(st.lists(st.sampled_from(["x", "y", " ", "\t", "\u00a0", ". ", "A"]), max_size=40),
       st.integers(1, 400))
def test_long_lines_are_cut_without_losing_text(units: list[str], repeat: int):
    from policy_audit.segment import MAX_SENTENCE

    text = "Privacy Policy\n" + "".join(units) * repeat * 10
    try:
        r = audit(text, max_bytes=10 ** 7)
    except InputError:
        return
    kept = "".join(r.text[s.start:s.end] for s in r.sentences)
    assert "".join(kept.split()) == "".join(r.text.split())  # only whitespace is dropped
    assert all(s.end - s.start <= MAX_SENTENCE for s in r.sentences)
