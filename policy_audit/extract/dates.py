"""The last-updated date, parsed with dateparser; the day/month order of numeric
dates ("05/28/18") is resolved from the date itself, then from the text."""

from __future__ import annotations

import re

from policy_audit.extract.context import Context, entity
from policy_audit.extract.patterns import compiled, compiled_list, window_spans
from policy_audit.types import Entity

_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
_US_WORDS = ("California", "CCPA", "United States", "U.S.", "COPPA")
_EU_WORDS = ("GDPR", "European", "EEA", "RGPD", "DSGVO")
_UPDATE = re.compile(r"updat|modif|revis|amend|chang", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.](\d{4}|\d{2})")
_YEAR_FIRST = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_EDGE = 300  # characters read at each end of the text for a date line standing alone


def _is_word(text: str, k: int) -> bool:
    return 0 <= k < len(text) and (text[k].isalnum() or text[k] == "_")


def _has(text: str, word: str) -> bool:
    """Whether `\bword\b` occurs in `text` (by `str.find`: a full regex scan of a
    long policy costs a millisecond)."""
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if (_is_word(text, i - 1) != _is_word(text, i)
                and _is_word(text, j - 1) != _is_word(text, j)):
            return True
        i = text.find(word, i + 1)
    return False


def date_order(date: str, text: str) -> str:
    """'MDY' or 'DMY' for a numeric date: a part over 12 decides; otherwise dots
    and dashes read day first ("9.7.2020"), and slashes month first unless the
    policy is European and not also American ("02/09/2023")."""
    if _YEAR_FIRST.fullmatch(date):  # "2019-3-18"
        return "YMD"
    m = _NUMERIC.match(date)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            return "DMY"
        if b > 12 >= a:
            return "MDY"
    if "/" not in date:
        return "DMY"
    us = any(_has(text, w) for w in _US_WORDS)
    eu = any(_has(text, w) for w in _EU_WORDS)
    return "DMY" if eu and not us else "MDY"


def parse_date(date: str, text: str = "") -> str | None:
    """ISO date of a date string, or None.

    >>> parse_date("05/28/18")
    '2018-05-28'
    >>> parse_date("28 May 2018")
    '2018-05-28'
    """
    import dateparser

    short = _MONTH_YEAR.fullmatch(date.strip())
    if short:  # "05.2018", "5/14": a month and a year
        month, year = int(short.group(1)), int(short.group(2))
        year += 2000 if year < 100 else 0
        return f"{year}-{month:02d}" if 1 <= month <= 12 and 1990 <= year <= 2100 else None
    settings = {"DATE_ORDER": date_order(date, text), "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False, "PARSERS": ["absolute-time"]}
    parsed = dateparser.parse(date, languages=["en"], settings=settings)
    if parsed is None or not 1990 <= parsed.year <= 2100:
        return None
    if re.fullmatch(r"[A-Za-z]{1,12}\.?,?\s{1,20}\d{4}|\d{1,2}/\d{4}", date.strip()):
        return parsed.strftime("%Y-%m")
    return parsed.strftime("%Y-%m-%d")


def _edge_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of the first and the last non-blank line, read within the
    first and last `_EDGE` characters only (a 2 MB one-line text costs nothing)."""
    head = text[:_EDGE]
    first = head.lstrip()
    first_start = len(head) - len(first)
    base = max(0, len(text) - _EDGE)
    tail = text[base:].rstrip()
    last = tail.rsplit("\n", 1)[-1]
    out = []
    if "\n" in first or len(text) <= _EDGE:  # a whole line, not a cut one
        out.append((first_start, first.split("\n", 1)[0]))
    if "\n" in tail or base == 0:
        out.append((base + len(tail) - len(last), last))
    return out


def recognize(ctx: Context) -> list[Entity]:
    """The policy's last update: of all dated mentions, an update ("Last Updated:
    January 27, 2015") before an effective date ("Effective Date: October 1, 2004"),
    then the latest one. A date alone on the first or last line counts as one."""
    found = window_spans(ctx, "last_updated")
    windows = [(0, len(ctx.text))] if found is None else found
    out = []
    for rx in compiled_list("last_updated", flags=re.IGNORECASE):
        for lo, hi in windows:
            for m in rx.finditer(ctx.text, lo, hi):
                iso = parse_date(m.group("date"), ctx.text)
                if iso:
                    out.append(entity(ctx, "last_updated", m.start(), m.end(),
                                      "last_updated.pattern", date=iso))
    alone = compiled("last_updated_alone", flags=re.IGNORECASE)
    for offset, line in _edge_lines(ctx.text):
        m = alone.fullmatch(line)
        iso = parse_date(m.group("date"), ctx.text) if m else None
        if m and iso:
            start = offset + m.start("date")
            out.append(entity(ctx, "last_updated", start, start + len(m.group("date")),
                              "last_updated.alone", date=iso))
    return [max(out, key=lambda e: (bool(_UPDATE.search(e.text)), e.attrs["date"]))] if out else []
