"""Retention periods (ISO 8601 durations) and the response time for rights requests."""

from __future__ import annotations

import re

from policy_audit.extract.context import Context, entity
from policy_audit.extract.patterns import compiled, finditer, number
from policy_audit.types import Entity

_MAX = {"da": 3660, "we": 520, "mo": 240, "ho": 1000, "mi": 1440}  # per unit, years: 100
_UNIT = {"y": "Y", "m": "M", "w": "W", "d": "D", "h": "H"}
_RETENTION_TITLE = re.compile(r"retention|retain|keep|storage|store|conserv|how long|duration|"
                              r"cookie", re.IGNORECASE)
_APPLIES = [
    re.compile(r"\b(?:keep|retain|store|conserve|hold|archive)s?\s+(?:your\s+|the\s+|all\s+|any\s+"
               r"|such\s+)?(?P<what>[\w][\w ,'’-]{2,60}?)\s+(?:for|during|until|as long|no longer"
               r"|not longer|up to|only|while|from)\b", re.IGNORECASE),
    re.compile(r"\b(?:your\s+|the\s+|all\s+|any\s+)?(?P<what>[\w][\w '’-]{2,50}?)\s+(?:are|is|will"
               r" be|shall be|may be|can be)\s+(?:kept|retained|stored|conserved|archived|deleted"
               r"|erased|held)\b", re.IGNORECASE),
]


def iso_duration(num: float, unit: str) -> str:
    """ISO 8601 duration: (3, 'years') -> 'P3Y', (0.5, 'year') -> 'P6M',
    (2.5, 'days') -> 'PT60H'."""
    if unit.lower().startswith("min"):
        return f"PT{int(num)}M"
    u = _UNIT[unit.lower()[0]]
    if num != int(num):  # a fraction ("2.5 days", "half a week") in the next smaller unit
        smaller = {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H")}
        if u in smaller:
            factor, u = smaller[u]
            num = int(num * factor)
    n = int(num)
    return f"PT{n}H" if u == "H" else f"P{n}{u}"


def months(iso: str) -> float:
    """Length of a one-unit ISO duration in months; in `PT30M` the M is minutes.

    >>> months("P3Y"), months("P13M"), round(months("PT30M"), 6)
    (36, 13, 0.000685)
    """
    m = re.fullmatch(r"P(T?)(\d+)([YMWDHS])", iso)
    if not m:
        return 0.0
    time_part, n, u = m.group(1), int(m.group(2)), m.group(3)
    if time_part:
        return n / {"H": 730.0, "M": 43800.0, "S": 2628000.0}.get(u, 730.0)
    return {"Y": n * 12, "M": n, "W": n / 4.345, "D": n / 30.44}.get(u, 0.0)


def _applies_to(ctx: Context, sent: int) -> str:
    s = ctx.sentence_text(sent) if sent >= 0 else ""
    for rx in _APPLIES:
        m = rx.search(s)
        if m:
            what = m.group("what").strip(" ,")
            if what.lower() not in {"it", "them", "this", "data", "your data", "we", "they"}:
                return what
    title = ctx.section_title(ctx.sentences[sent].start) if sent >= 0 else ""
    return title or "personal data"


def _durations(ctx: Context) -> list[tuple[re.Match[str], str, int]]:
    """Every duration in the text, (match, ISO duration, sentence), computed once."""
    cached = ctx.scratch.get("durations")
    if cached is not None:
        return cached
    rx = compiled("durations", "period", flags=re.IGNORECASE)
    out = []
    for m in finditer(ctx, rx, "durations", "period"):
        num = number(m.group("num"))
        if num is None or num <= 0 or num > _MAX.get(m.group("unit").lower()[:2], 100):
            continue
        out.append((m, iso_duration(num, m.group("unit")), ctx.sentence_at(m.start())))
    ctx.scratch["durations"] = out
    return out


_ANSWER = re.compile(r"\b(?:to respond|for a response|to reply|respond to (?:you|your)"
                     r"|response to your)\b", re.IGNORECASE)


def _is_response(ctx: Context, sent: int, start: int) -> bool:
    """Whether a period in this sentence is the time to answer a request ("within one
    month of receiving a request", "Please allow 30 days for a response")."""
    s = ctx.sentence_text(sent) if sent >= 0 else ""
    return bool(compiled("durations", "response_context", flags=re.IGNORECASE).search(s)
                and (re.search(r"\brequests?\b", s, re.IGNORECASE) or _ANSWER.search(s)
                     or "within" in ctx.text[max(0, start - 20):start + 20].lower()))


_TABLE_SEP = re.compile(r"\t|\|")
_CELL_REACH = 400


def _cookie_cell(text: str, start: int, end: int) -> bool:
    """Whether a duration is a cell of a cookie table (its line holds little else, or
    is a row of cells) with "cookie" in the lines above: a cookie's lifetime, not a
    retention period ("_ga | 2 years", "PHPSESSID\n1 hour")."""
    # look at most _CELL_REACH characters each way: a longer line is no cell, and an
    # unbounded search would make a megabyte-long line quadratic
    i = text.rfind("\n", max(0, start - _CELL_REACH), start)
    lo = i + 1 if i >= 0 else max(0, start - _CELL_REACH)
    j = text.find("\n", end, end + _CELL_REACH)
    hi = j if j >= 0 else min(len(text), end + _CELL_REACH)
    line = text[lo:hi]
    if len(line.strip()) - (end - start) > 20 and len(_TABLE_SEP.findall(line)) < 2:
        return False
    return "cookie" in text[max(0, lo - 1500):hi].lower()


def recognize_retention(ctx: Context) -> list[Entity]:
    text = ctx.text
    not_ret = compiled("durations", "not_retention", flags=re.IGNORECASE)
    retention_sents = ctx.cue_sentences("retention_any")
    context = compiled("durations", "retention_context", flags=re.IGNORECASE)
    out: list[Entity] = []
    for m, iso, sent in _durations(ctx):
        if sent < 0:
            continue
        around = text[max(0, m.start() - 25):m.end() + 15]
        if (not_ret.search(around) or _is_response(ctx, sent, m.start())
                or _cookie_cell(text, m.start(), m.end())):
            continue
        cookie = bool(re.search(r"cookie", ctx.sentence_text(sent) + ctx.section_title(m.start()),
                                re.IGNORECASE))
        if (sent not in retention_sents and not cookie
                and not _RETENTION_TITLE.search(ctx.section_title(m.start()))
                and not context.search(ctx.sentence_text(sent))):
            continue
        out.append(entity(ctx, "retention", m.start(), m.end(), "retention.period",
                          duration=iso,
                          applies_to="cookies" if cookie and sent not in retention_sents
                          else _applies_to(ctx, sent)))
    open_rx = compiled("durations", "open_ended", flags=re.IGNORECASE)
    for m in finditer(ctx, open_rx, "durations", "open_ended"):
        sent = ctx.sentence_at(m.start())
        if sent < 0:
            continue
        if (sent not in retention_sents
                and not _RETENTION_TITLE.search(ctx.section_title(m.start()))
                and not context.search(ctx.sentence_text(sent))):
            continue
        if any(e.start <= m.start() < e.end for e in out):
            continue
        out.append(entity(ctx, "retention", m.start(), m.end(), "retention.open_ended",
                          duration=None, applies_to=_applies_to(ctx, sent)))
    return out


def recognize_response_time(ctx: Context) -> list[Entity]:
    ext = compiled("durations", "extension", flags=re.IGNORECASE)
    out: list[Entity] = []
    for m, iso, sent in _durations(ctx):
        if sent < 0 or not _is_response(ctx, sent, m.start()):
            continue
        if ext.search(m.group(0)) or ext.search(ctx.text[max(0, m.start() - 25):m.start()]):
            continue  # "extended by two further months" is the extension, not the limit
        out.append(entity(ctx, "response_time", m.start(), m.end(), "response_time.period",
                          duration=iso, within_month=months(iso) <= 1.02))
    return out
