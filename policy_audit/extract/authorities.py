"""Supervisory authorities, from the gazetteer of EU/EEA authorities, and
generic mentions ("the supervisory authority")."""

from __future__ import annotations

import re
from functools import lru_cache

from policy_audit.extract.context import Context, entity
from policy_audit.extract.patterns import (
    by_first_char,
    compiled,
    finditer,
    gazetteer,
    lowered,
    spans,
)
from policy_audit.types import Entity


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, dict[str, str | None]]]:
    """One case-sensitive alternation of acronyms, one case-insensitive of names."""
    info: dict[str, dict[str, str | None]] = {}
    acronyms: list[str] = []
    names: list[str] = []
    for auth in gazetteer("authorities.yaml"):
        entry = {"name": auth["name"], "country": auth.get("country")}
        for a in auth.get("acronyms") or []:
            info[a] = entry
            acronyms.append(a)
        for n in auth.get("names") or []:
            info[n.lower()] = entry
            names.append(n)
    acr = re.compile(r"(?<![\w@./])(?:" + "|".join(
        re.escape(a) for a in sorted(acronyms, key=len, reverse=True)) + r")(?![\w@])")
    nam = re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(
        re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b", re.IGNORECASE)
    return acr, nam, info


@lru_cache(maxsize=1)
def _fast() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """`_patterns()` regrouped by first character (same matches, faster scans)."""
    acronyms: list[str] = []
    names: list[str] = []
    for auth in gazetteer("authorities.yaml"):
        acronyms += auth.get("acronyms") or []
        names += [n for n in auth.get("names") or [] if re.match(r"\w", n)]
    acr = re.compile(by_first_char(sorted(acronyms, key=len, reverse=True), r"[\w@./]", False)
                     + r"(?![\w@])")
    nam = re.compile(by_first_char(sorted(names, key=len, reverse=True), r"\w", True) + r"\b")
    return acr, nam


# Words too common in policies to key a name on.
_COMMON = {"data", "protection", "information", "personal", "national", "authority", "for",
           "and", "the", "of", "de", "des", "du", "la", "le", "für", "den", "die", "und",
           "supervisory", "federal", "state", "privacy", "freedom", "processing", "dei", "per"}


@lru_cache(maxsize=1)
def _name_keys() -> tuple[list[str], int]:
    """Keys for the name windows: each name's longest uncommon word (the whole
    name if it has none); every match of the name holds its key in lower case.
    A window reaches the longest name's length each way."""
    names = [n for a in gazetteer("authorities.yaml") for n in a.get("names") or []]
    keys = set()
    for n in names:
        rare = [w for w in re.findall(r"[^\W\d_]+", n.lower()) if w not in _COMMON]
        keys.add(max(rare, key=len) if rare else n.lower())
    return sorted(keys), max(map(len, names)) + 2


def recognize(ctx: Context) -> list[Entity]:
    out: list[Entity] = []
    info = _patterns()[2]
    acr, nam = _fast()
    low = lowered(ctx)
    wins = [(0, len(ctx.text))] if low is None else spans(low, *_name_keys(), *_name_keys()[1:])
    for rx, key, ranges in ((acr, str, [(0, len(ctx.text))]), (nam, str.lower, wins)):
        for m in (m for lo, hi in ranges for m in rx.finditer(ctx.text, lo, hi)):
            entry = info[key(m.group(0))]
            out.append(entity(ctx, "authorities", m.start(), m.end(), "authorities.gazetteer",
                              name=entry["name"], country=entry["country"]))
    named = [(e.start, e.end) for e in out]
    generic = [(h.start, h.end) for h in ctx.hits.get("authority_generic", [])]
    generic += [m.span() for m in finditer(
        ctx, compiled("authority_generic", flags=re.IGNORECASE), "authority_generic")]
    for start, end in sorted(generic):
        if any(s - 60 <= start <= e + 60 for s, e in named):
            continue  # "the French supervisory authority (CNIL)": one mention
        out.append(entity(ctx, "authorities", start, end, "authorities.generic",
                          name=None, country=None))
    return out
