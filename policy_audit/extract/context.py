"""The document context every recognizer and the judge read: sentences,
sections, cue hits (matched once per document) and the entities found so far,
plus the `entity()` helper that keeps offsets exact."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from policy_audit.catalogue import fold, load_cue_prefixes, load_cues
from policy_audit.types import Document, Entity, Section, Sentence


@dataclass
class Hit:
    start: int
    end: int
    sentence: int


@dataclass
class Context:
    """Everything the recognizers and the judge read about one document."""

    doc: Document
    sections: list[Section]
    sentences: list[Sentence]
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    entities: dict[str, list[Entity]] = field(default_factory=dict)
    scratch: dict[str, Any] = field(default_factory=dict)  # results shared by recognizers
    _starts: list[int] = field(default_factory=list, repr=False)
    _sec_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    @property
    def text(self) -> str:
        return self.doc.text

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding `offset` (-1 before the first one)."""
        return bisect_right(self._starts, offset) - 1

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.doc.text[s.start:s.end]

    def section_of(self, offset: int) -> int:
        if not self._sec_starts:
            self._sec_starts = [s.start for s in self.sections]
        return max(0, bisect_right(self._sec_starts, offset) - 1)

    def section_title(self, offset: int) -> str:
        return self.sections[self.section_of(offset)].title if self.sections else ""

    def cue_sentences(self, name: str) -> set[int]:
        cache = self.scratch.setdefault("cue_sentences", {})
        if name not in cache:
            cache[name] = {h.sentence for h in self.hits.get(name, ()) if h.sentence >= 0}
        return cache[name]

    def in_sentence(self, name: str, i: int) -> bool:
        return i in self.cue_sentences(name)


def find_cues(ctx: Context) -> None:
    """Run every cue group once over the text and file each hit under its sentence.

    A group whose hits all start with known literal prefixes is matched only at the
    offsets where one occurs (word starts looked up in an index, other prefixes with
    `str.find`), reproducing `finditer`'s leftmost, non-overlapping hits exactly;
    other groups are scanned in full."""
    text = fold(ctx.text)
    prefixes = load_cue_prefixes()
    index = _PrefixIndex(text)
    starts = ctx._starts
    for name, rx in load_cues().items():
        hits = []
        pre = prefixes.get(name)
        if pre is None:
            for m in rx.finditer(text):
                if m.end() > m.start():
                    hits.append(Hit(m.start(), m.end(), bisect_right(starts, m.start()) - 1))
        else:
            candidates: set[int] = set()
            for p, at_word in pre:
                candidates.update(index.find(p, at_word))
            pos = 0
            match = rx.match
            for c in sorted(candidates):
                if c < pos:
                    continue
                m = match(text, c)
                if m is not None and m.end() > c:
                    hits.append(Hit(c, m.end(), bisect_right(starts, c) - 1))
                    pos = m.end()
        ctx.hits[name] = hits


_WORD = re.compile(r"\w+")


class _PrefixIndex:
    """Offsets of literal prefixes in one text, cached: word-start prefixes come from
    an index of word starts keyed by their first characters."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cache: dict[tuple[str, bool], list[int]] = {}
        self.words: dict[int, dict[str, list[int]]] = {}

    def _by_head(self, k: int) -> dict[str, list[int]]:
        """Word starts keyed by their first `k` (3 or less) characters."""
        if not self.words:
            text = self.text
            idx3: dict[str, list[int]] = {}
            for m in _WORD.finditer(text):
                i = m.start()
                key = text[i:i + 3]
                if key in idx3:
                    idx3[key].append(i)
                else:
                    idx3[key] = [i]
            self.words[3] = idx3
            for n in (1, 2):
                short: dict[str, list[int]] = {}
                for key, offsets in idx3.items():
                    short.setdefault(key[:n], []).extend(offsets)
                self.words[n] = short
        return self.words[k]

    def find(self, p: str, at_word: bool) -> list[int]:
        key = (p, at_word)
        found = self.cache.get(key)
        if found is None:
            text = self.text
            if at_word:
                k = min(len(p), 3)
                heads = self._by_head(k).get(p[:k], [])
                found = heads if len(p) == k else [i for i in heads if text.startswith(p, i)]
            else:
                found = []
                i = text.find(p)
                while i >= 0:
                    found.append(i)
                    i = text.find(p, i + 1)
            self.cache[key] = found
        return found


Recognizer = Callable[[Context], list[Entity]]


def entity(ctx: Context, etype: str, start: int, end: int, source: str,
           **attrs: Any) -> Entity:
    """An entity whose text is exactly `ctx.text[start:end]` (stripped of spaces
    and trailing punctuation, offsets moved to match)."""
    text = ctx.text
    while start < end and text[start] in " \t\r\n,;:(\"'“”":
        start += 1
    while end > start and text[end - 1] in " \t\r\n,;:.)\"'“”":
        end -= 1
    return Entity(type=etype, text=text[start:end], start=start, end=end, attrs=attrs,
                  source=source)
