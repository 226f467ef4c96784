"""Entity patterns from data/entities.yaml, expanded and compiled once."""

from __future__ import annotations

import re
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
