"""Step 2, segment: headings to sections, and the text to sentences.

Headings are recognised from line shape alone (numbering, bullets, case,
length, final punctuation) so that the seeds' layouts, flattened tables and
the corpora's one-paragraph-per-line files all segment; every regex here is
anchored to one line and free of nested quantifiers, so time stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_audit.types import Document, Section, Sentence

_LINE = re.compile(r"[^\r\n]*")
_MD = re.compile(r"#{1,6}(?=\s)")
_NUMBER = re.compile(
    r"(?:(?:article|section|chapter|part)\s+)?"
    r"(?:\d{1,3}(?:\.\d{1,3}){0,5}\.?\)?|[ivxIVX]{1,6}[.)]|[A-Za-z][.)])(?=\s)",
    re.IGNORECASE,
)
_BULLET = re.compile(r"[•·▪►▶◦‣∙*\-–—]\s*")
_WORD = re.compile(r"[^\W\d_][\w'’\-/&]*")
_MINOR = frozenset(
    "a an and as at by for from in into of on or the to with your our you we us about "
    "how what who why when where which do does is are this that its their".split()
)
_CONTINUATION = re.compile(r"(?:means|refers|shall|is|are|includes?)\b|[a-z(]")
MAX_TITLE_WORDS = 14
THRESHOLD = 0.85
MAX_TITLE_CHARS = 110


@dataclass
class Line:
    start: int
    end: int  # end of content, before the newline
    text: str  # stripped content

    @property
    def blank(self) -> bool:
        return not self.text


def lines(text: str) -> list[Line]:
    """Every line of the text with its offsets; \\r\\n, \\r and \\n end a line."""
    out: list[Line] = []
    pos, n = 0, len(text)
    while pos <= n:
        m = _LINE.match(text, pos)
        end = m.end() if m else pos
        raw = text[pos:end]
        out.append(Line(pos, end, raw.strip()))
        if end >= n:
            break
        pos = end + (2 if text.startswith("\r\n", end) else 1)
    return out


def doc_lines(doc: Document) -> list[Line]:
    """`lines(doc.text)`, computed once per Document (headings and sentences both
    walk the lines) and kept on it."""
    cached = doc._lines
    if cached is None or cached[0] is not doc.text:
        cached = doc._lines = (doc.text, lines(doc.text))
    return cached[1]


def _numbering(s: str) -> tuple[int, str] | None:
    """(depth, rest) when the line starts with a clause number like `3.2.1.` or `a)`."""
    m = _NUMBER.match(s)
    if not m:
        return None
    token = m.group(0)
    depth = token.count(".") if re.search(r"\d\.\d", token) else 0
    depth = depth + 1 if not token.rstrip(".)").endswith(".") else depth
    rest = s[m.end():].strip()
    # "2.    2. Definitions": a number repeated by a converter
    again = _NUMBER.match(rest)
    if again and again.group(0).rstrip(".)") == token.rstrip(".)"):
        rest = rest[again.end():].strip()
    return max(1, min(depth, 6)), rest


def _title_like(s: str) -> bool:
    """Short, no sentence-final full stop, starts with a capital or digit."""
    if not s or len(s) > MAX_TITLE_CHARS:
        return False
    words = _WORD.findall(s)
    if not words or len(words) > MAX_TITLE_WORDS:
        return False
    if s[-1] in ".;,":
        return False
    first = s.lstrip("\"'“‘(")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def _caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) > 0.85


def _titlecase(s: str) -> bool:
    words = [w for w in _WORD.findall(s) if w.lower() not in _MINOR]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.75


# Weights of the heading cues; a line scoring >= THRESHOLD is a heading. Tuned on the
# seed gold (corpus/gold/sections); see docs/accuracy.md.
WEIGHTS = {
    "title_shape": 0.55,  # short, capitalised, no final full stop, not a list item
    "numbered": 0.45,
    "caps": 0.5,
    "titlecase": 0.2,
    "question": 0.3,
    "short": 0.15,  # at most six words
    "colon_long": -0.6,  # "We use your personal data for:" introduces a list
    "colon_sentence": -0.4,  # a colon line that speaks to the reader
    "body_follows": 0.3,
    "after_break": 0.15,  # blank line or a finished sentence before it
    "definition_term": -1.0,  # "TC:" followed by "means ..."
    "list_item": -1.0,
    "last_line": -0.5,
    "contact_line": -1.0,  # phone, e-mail, postcode, street
    "repeated": -1.0,  # the same short line three times or more: a table column
    "table": -0.6,  # most neighbouring lines are short too: table cells or a list
}
TABLE_WINDOW = 3  # non-blank lines looked at on each side
TABLE_SHARE = 4  # of the 2 * TABLE_WINDOW neighbours, this many short lines make a table
_CONTACT = re.compile(r"@|https?:|www\.|\+?\d[\d ()./-]{6,}|\b\d{4,5}\b|\b(?:tel|phone|fax|"
                      r"telephone|e-?mail)\b", re.IGNORECASE)
_TOC_TITLE = re.compile(r"(?:table of )?contents|summary|index|in this (?:policy|notice)",
                        re.IGNORECASE)
_SPEAKS = re.compile(r"\b(?:we|you|us)\b", re.IGNORECASE)


def heading_score(line: Line, prev: Line | None, nxt: Line | None,
                  repeated: bool = False) -> tuple[float, int, str]:
    """(score, level, title) of a line as a heading; score >= THRESHOLD means heading."""
    s = line.text
    if not s:
        return 0.0, 0, ""
    md = _MD.match(s)
    if md:
        return 2.0, len(md.group(0)), s[md.end():].strip()
    w = WEIGHTS
    level = 1
    body = s
    bullet = _BULLET.match(s)
    plain_bullet = bool(bullet) and s[0] in "-*–—"
    if bullet and not plain_bullet:  # "• WHAT ABOUT COOKIES?"
        body = s[bullet.end():]
    num = _numbering(body)
    if num:
        level, rest = num
        body = rest or body
    if not _title_like(body):
        return 0.0, 0, ""
    words = len(_WORD.findall(body))
    next_text = nxt.text if nxt else ""
    score = w["title_shape"]
    if num:
        score += w["numbered"]
    if _caps(body):
        score += w["caps"]
    elif _titlecase(body):
        score += w["titlecase"]
    if body.endswith("?"):
        score += w["question"]
    if words <= 6:
        score += w["short"]
    if body.endswith(":"):
        if words > 6:
            score += w["colon_long"]
        if _SPEAKS.search(body):
            score += w["colon_sentence"]
        if next_text and _CONTINUATION.match(next_text):
            score += w["definition_term"]
    if next_text and (len(next_text) > max(len(s) * 1.5, 60)
                      or (next_text.endswith(":") and _SPEAKS.search(next_text))):
        score += w["body_follows"]  # a paragraph, or a list introduced by a sentence
    if prev is None or prev.blank or prev.text[-1:] in ".!?:;":
        score += w["after_break"]
    if bullet and not _caps(body):
        score += w["list_item"]
    if nxt is None:
        score += w["last_line"]
    if _CONTACT.search(body):
        score += w["contact_line"]
    if repeated:
        score += w["repeated"]
    return score, level, body.strip()


def find_headings(text: str, ls: list[Line] | None = None) -> list[tuple[Line, int, str]]:
    """Heading lines with their level and title, in order; `ls` is `lines(text)`
    when the caller already has it."""
    ls = lines(text) if ls is None else ls
    following: list[Line | None] = [None] * len(ls)  # next non-blank line of each line
    nxt: Line | None = None
    for i in range(len(ls) - 1, -1, -1):
        following[i] = nxt
        if not ls[i].blank:
            nxt = ls[i]
    counts: dict[str, int] = {}
    for ln in ls:
        if ln.text and len(ln.text) <= MAX_TITLE_CHARS:
            counts[ln.text] = counts.get(ln.text, 0) + 1
    content = [i for i, ln in enumerate(ls) if not ln.blank]
    short = [_title_like(ls[i].text) and not ls[i].text.endswith(":")
             and not _CONTACT.search(ls[i].text) for i in content]
    scored: list[tuple[Line, float, int, str]] = []
    for k, i in enumerate(content):
        ln = ls[i]
        score, level, title = heading_score(ln, ls[i - 1] if i else None, following[i],
                                            counts.get(ln.text, 0) >= 3)
        lo, hi = max(0, k - TABLE_WINDOW), min(len(content), k + TABLE_WINDOW + 1)
        if score > 0 and sum(short[lo:k]) + sum(short[k + 1:hi]) >= TABLE_SHARE:
            score += WEIGHTS["table"]
        scored.append((ln, score, level, title))
    keep = {i for i, (_, sc, _, _) in enumerate(scored) if sc >= THRESHOLD}
    # A run of three or more consecutive short lines is a table of contents or a
    # list, not headings (its last line may still head the body text below it).
    k = 0
    while k < len(scored):
        if not short[k]:
            k += 1
            continue
        j = k
        while j + 1 < len(scored) and short[j + 1]:
            j += 1
        if j - k + 1 >= 3:
            first_is_toc_title = bool(_TOC_TITLE.match(scored[k][0].text))
            keep.difference_update(range(k + first_is_toc_title, j))
            after = scored[j + 1][0].text if j + 1 < len(scored) else ""
            if len(after) < 60 and _title_like(after):
                keep.discard(j)
        k = j + 1
    return [(scored[i][0], scored[i][2], scored[i][3]) for i in sorted(keep)]


def sections(doc: Document) -> list[Section]:
    """Sections that cover the text in order; text before the first heading is a
    preamble section with an empty title."""
    text = doc.text
    heads = find_headings(text, doc_lines(doc))
    out: list[Section] = []
    if not heads or text[: heads[0][0].start].strip():
        first = heads[0][0].start if heads else len(text)
        out.append(Section(title="", start=0, end=first, line=1, level=0, heading_end=0))
    numbered_level = 0
    for k, (ln, level, title) in enumerate(heads):
        end = heads[k + 1][0].start if k + 1 < len(heads) else len(text)
        if _numbering(ln.text):
            numbered_level = level
        elif numbered_level and level == 1 and not _caps(title):
            level = numbered_level + 1
        start = ln.start
        if not out and start > 0:
            start = 0  # leading blank lines belong to the first section
        out.append(Section(title=title, start=start, end=end, line=doc.line_of(ln.start),
                           level=level, heading_end=ln.end, heading_start=ln.start))
    if out:
        out[-1].end = len(text)
    return out


_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9•])")
_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|inc|ltd|co|corp|no|nr|art|arts|para|vs|mr|mrs|ms|dr|st|"
    r"approx|incl|ca|cf|u\.s|e\.u|u\.k|p\.o|sec|ss)\.|\b[A-Z]\.)$",
    re.IGNORECASE,
)
MAX_SENTENCE = 3000


def sentences(doc: Document, secs: list[Section]) -> list[Sentence]:
    """Sentences: every non-blank line starts one; inside a line, split after
    . ! ? followed by a capital; headings are their own sentence. Very long
    sentences are cut at MAX_SENTENCE characters so work per sentence is bounded."""
    text = doc.text
    out: list[Sentence] = []
    heading_starts = {s.heading_start for s in secs if s.title}
    sec_i = 0
    for ln in doc_lines(doc):
        if ln.blank:
            continue
        while sec_i + 1 < len(secs) and secs[sec_i + 1].start <= ln.start:
            sec_i += 1
        lead = len(text[ln.start:ln.end]) - len(text[ln.start:ln.end].lstrip())
        start = ln.start + lead
        end = ln.start + len(text[ln.start:ln.end].rstrip())
        is_heading = ln.start in heading_starts and secs[sec_i].heading_start == ln.start
        if is_heading:
            out.append(Sentence(start, end, sec_i, True))
            continue
        seg_start = start
        for m in _SENT_END.finditer(text, start, end):
            if _ABBREV.search(text, max(seg_start, m.start() - 8), m.start()):
                continue
            _emit(out, text, seg_start, m.start(), sec_i)
            seg_start = m.end()
        _emit(out, text, seg_start, end, sec_i)
    return out


def _emit(out: list[Sentence], text: str, start: int, end: int, sec: int) -> None:
    """Append text[start:end] as sentences of at most MAX_SENTENCE characters, cut
    at a space when there is one; no piece starts or ends with whitespace."""
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _append(out, text, start, cut, sec)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    _append(out, text, start, end, sec)


def _append(out: list[Sentence], text: str, start: int, end: int, sec: int) -> None:
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, sec))
