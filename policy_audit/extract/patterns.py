"""Entity patterns from data/entities.yaml, expanded and compiled once."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=1)
def raw() -> dict[str, Any]:
    text = resources.files("policy_audit.data").joinpath("entities.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def expand(pattern: str) -> str:
    for key, value in raw()["parts"].items():
        pattern = pattern.replace("{" + key + "}", value)
    return pattern


@cache
def compiled(*path: str, flags: int = 0) -> re.Pattern[str]:
    """The pattern at `path` in entities.yaml (a list is joined as alternatives)."""
    node: Any = raw()
    for key in path:
        node = node[key]
    if isinstance(node, list):
        return re.compile("|".join(f"(?:{expand(p)})" for p in node), flags)
    return re.compile(expand(node), flags)


@cache
def compiled_list(*path: str, flags: int = 0) -> list[re.Pattern[str]]:
    node: Any = raw()
    for key in path:
        node = node[key]
    return [re.compile(expand(p), flags) for p in node]


def gazetteer(name: str) -> Any:
    text = resources.files("policy_audit.data").joinpath("gazetteers", name).read_text("utf-8")
    return yaml.safe_load(text)


WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "thirty-six": 36,
    "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90,
    "twenty-one": 21, "twenty one": 21, "half a": 0.5,
}


def number(word: str) -> float | None:
    """'thirteen' -> 13, '3' -> 3, 'twenty-four' -> 24."""
    w = word.lower().replace(",", ".").strip()
    try:
        return float(w)
    except ValueError:
        pass
    if w in WORD_NUMBERS:
        return WORD_NUMBERS[w]
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in WORD_NUMBERS and parts[1] in WORD_NUMBERS:
        return WORD_NUMBERS[parts[0]] + WORD_NUMBERS[parts[1]]
    return None


def lowered(ctx: Any) -> str | None:
    """The text in lower case, cached on the context; None when lowering would
    move offsets (a few characters such as 'İ' lower to two)."""
    if "lowered" not in ctx.scratch:
        low = ctx.text.lower()
        ctx.scratch["lowered"] = low if len(low) == len(ctx.text) else None
    return ctx.scratch["lowered"]


def spans(low: str, keys: list[str], back: int, fwd: int,
          key_pattern: re.Pattern[str] | tuple[re.Pattern[str], ...] | None = None,
          limit: int | None = None) -> list[tuple[int, int]]:
    """Merged windows [key - back, key end + fwd] around every occurrence of the
    lower-case literal `keys` in `low` (found with `str.find`) and every match of
    `key_pattern` (run on `low`; several are run one by one, as each scans faster
    alone than their alternation); with `limit`, only keys starting before it."""
    n = len(low)
    found: list[tuple[int, int]] = []
    for k in keys:
        size = len(k) + fwd
        offsets = _offsets(low, k) if limit is None else _find_all(low, k, limit + len(k))
        found += [(max(0, i - back), min(n, i + size)) for i in offsets]
    key_patterns = key_pattern if isinstance(key_pattern, tuple) else (key_pattern,)
    for kp in key_patterns:
        if kp is not None:
            found += [(max(0, m.start() - back), min(n, m.end() + fwd))
                      for m in kp.finditer(low, 0, n if limit is None else limit + 200)]
    found.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in found:
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


_LAST = threading.local()  # per thread: (text, {key: offsets}) of the last text searched


def _offsets(low: str, key: str) -> list[int]:
    """Offsets of `key` in `low`, remembered for the last text this thread searched
    (keys recur across patterns and recognizers; audits may run in threads)."""
    last = getattr(_LAST, "value", None)
    if last is None or last[0] is not low:
        last = _LAST.value = (low, {})
    cache = last[1]
    found = cache.get(key)
    if found is None:
        found = cache[key] = _find_all(low, key, len(low))
    return found


def _find_all(low: str, key: str, end: int) -> list[int]:
    found = []
    i = low.find(key, 0, end)
    while i >= 0:
        found.append(i)
        i = low.find(key, i + 1, end)
    return found


@cache
def window(*path: str) -> tuple[list[str], int, int,
                                tuple[re.Pattern[str], ...] | None] | None:
    """Keys and reach of the pattern at `path` (entities.yaml `windows`), if any;
    `key_pattern` may be one pattern or a list."""
    node: Any = raw().get("windows", {})
    for key in path:
        if isinstance(node, list):
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return None
    kp = node.get("key_pattern")
    kps = [kp] if isinstance(kp, str) else (kp or [])
    key_pattern = tuple(re.compile(p) for p in kps) or None
    return ([k.lower() for k in node.get("keys", [])], int(node["back"]), int(node["fwd"]),
            key_pattern)


def finditer(ctx: Any, rx: re.Pattern[str], *path: str,
             before: int | None = None) -> Iterator[re.Match[str]]:
    """`rx.finditer(ctx.text)`, run only around the pattern's literal keys.

    Every match of the pattern holds one of its keys and reaches at most `back`
    characters before it and `fwd` after it, so scanning the merged windows
    gives exactly the matches of a full scan (tests/test_entities.py checks this
    on the seeds); without keys, or when lowering moves offsets, the whole text
    is scanned. With `before`, windows starting after that offset are skipped
    (for a caller that drops matches starting there)."""
    found = window_spans(ctx, *path, before=before)
    if found is None:
        yield from rx.finditer(ctx.text)
        return
    text = ctx.text
    for lo, hi in found:
        if before is not None and lo > before:
            return
        yield from rx.finditer(text, lo, hi)


def window_spans(ctx: Any, *path: str, before: int | None = None
                 ) -> list[tuple[int, int]] | None:
    """The merged windows of the pattern at `path`, or None (scan everything);
    with `before`, only the windows that may hold a match starting before it."""
    spec = window(*path)
    low = lowered(ctx) if spec else None
    if spec is None or low is None:
        return None
    keys, back, fwd, key_pattern = spec
    limit = None if before is None else before + back
    return spans(low, keys, back, fwd, key_pattern, limit)


_FOLD_EXTRA = "KſİıÅ"  # characters that case-fold onto an ASCII letter besides its own cases


def by_first_char(alts: list[str], not_before: str, ignorecase: bool,
                  rest_ignorecase: bool | None = None) -> str:
    """A regex equal to `(?<![not_before])(?:alts)` (alternatives tried in the
    given order; with `ignorecase`, as under re.IGNORECASE; `rest_ignorecase`
    folds case after the first character only) whose every branch
    starts with a literal character and checks the character before it after it:
    Python's engine then jumps between those characters instead of trying every
    offset. At an offset only the alternatives with that first character can
    match, and they keep their order."""
    groups: dict[str, list[str]] = {}
    for a in alts:
        if not a:
            continue
        heads = {a[0]}
        if ignorecase:
            heads |= {c for c in (a[0].lower(), a[0].upper(), *_FOLD_EXTRA)
                      if len(c) == 1 and re.fullmatch(re.escape(a[0]), c, re.IGNORECASE)}
        for h in sorted(heads):
            groups.setdefault(h, []).append(re.escape(a[1:]))
    flag = "(?i:" if (ignorecase if rest_ignorecase is None else rest_ignorecase) else "(?:"
    return "(?:" + "|".join(f"{re.escape(h)}(?<!{not_before}.){flag}{'|'.join(rests)})"
                            for h, rests in groups.items()) + ")"
