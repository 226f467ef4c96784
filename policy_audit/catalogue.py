"""The requirement catalogue and the cue patterns, loaded from data and validated.

`data/checklist.yaml` holds every requirement of ../shared/gdpr-requirements.md
with its judging rules; `data/cues.yaml` the named patterns the rules cite.
Both are checked when loaded: an unknown cue, entity type or condition key is
an error at load time, not a silent miss at judging time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, field_validator

ENTITY_TYPES = (
    "controllers", "recipients", "recipient_categories", "authorities", "dpo", "contacts",
    "retention", "response_time", "age_thresholds", "transfer_safeguards", "legal_bases",
    "last_updated",
)
_CONDITION_KEYS = {"cue", "entity", "where", "has", "same_sentence", "same_section", "count",
                   "min", "min_hits", "all", "any", "not", "always", "never", "without"}


def _check_condition(cond: Any, cues: set[str], where: str) -> None:
    if not isinstance(cond, dict) or not cond:
        raise ValueError(f"{where}: a condition must be a non-empty mapping, got {cond!r}")
    unknown = set(cond) - _CONDITION_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown condition key(s) {sorted(unknown)}")
    for key in ("all", "any"):
        if key in cond:
            for sub in cond[key]:
                _check_condition(sub, cues, where)
    if "not" in cond:
        _check_condition(cond["not"], cues, where)
    names: list[str] = []
    if "cue" in cond:
        names.append(cond["cue"])
    for key in ("same_sentence", "same_section", "count"):
        names.extend(cond.get(key, []))
    if "without" in cond:
        if not {"cue", "same_sentence", "same_section", "count"} & set(cond):
            raise ValueError(f"{where}: 'without' qualifies a 'cue', 'same_sentence', "
                             "'same_section' or 'count' condition")
        others = cond["without"]
        names.extend(others if isinstance(others, list) else [others])
    for name in names:
        if name not in cues:
            raise ValueError(f"{where}: unknown cue group {name!r}")
    if "entity" in cond and cond["entity"] not in ENTITY_TYPES:
        raise ValueError(f"{where}: unknown entity type {cond['entity']!r}")


class Requirement(BaseModel):
    """One checklist item and the rules that judge it."""

    id: str = Field(pattern=r"^\d+(\(\d+\))?(\([a-z]\))?$")
    title: str
    article: str
    duty: Literal["notice", "practice"]
    demands: str
    lacking: str = ""
    applies: dict[str, Any]
    met: dict[str, Any]
    partial: dict[str, Any]
    weight: float = Field(default=1.0, ge=0, le=1)
    model_labels: list[str] = Field(default_factory=list)  # classifier labels (t200 names)


class FlagRule(BaseModel):
    id: str
    title: str
    cue: str | None = None
    entity: str | None = None
    where: dict[str, Any] = Field(default_factory=dict)


class Checklist(BaseModel):
    requirements: list[Requirement]
    flags: list[FlagRule] = Field(default_factory=list)

    @field_validator("requirements")
    @classmethod
    def _unique(cls, reqs: list[Requirement]) -> list[Requirement]:
        ids = [r.id for r in reqs]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"duplicate requirement ids: {sorted(dupes)}")
        return reqs

    def ids(self) -> list[str]:
        return [r.id for r in self.requirements]

    def get(self, rid: str) -> Requirement:
        for r in self.requirements:
            if r.id == rid:
                return r
        raise KeyError(rid)


def _read(name: str) -> Any:
    return yaml.safe_load(resources.files("policy_audit.data").joinpath(name).read_text("utf-8"))


def _lower_pattern(p: str) -> str:
    """Lower-case a pattern's letters but not its escapes (\\S stays \\S)."""
    return re.sub(r"(\\.)|([A-Z])", lambda m: m.group(1) or m.group(2).lower(), p)


def fold(text: str) -> str:
    """Lower-case text with the same length, so offsets carry over unchanged.
    Cue patterns run on this instead of with re.IGNORECASE, which is slower."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def cue_source(patterns: list[str]) -> str:
    """The alternation a cue group stands for (the reference semantics)."""
    return "|".join(f"(?:{_lower_pattern(p)})" for p in patterns)


_MAX_ALTS = 400


def _literal_alts(state: Any, seq: list[Any], depth: int = 0) -> list[list[Any]] | None:
    """Rewrite a parsed pattern as ordered alternatives that each start with a literal,
    or None. Every step is an exact equivalence of Python `re` semantics:
    `(?:a|b)r` == `ar|br` (ordered, no captures), `[ab]r` == `ar|br`, `\\bx`
    == `x(?<!\\wx)` for a word character x, `(?<!B)x` == `x(?<!Bx)`, and a greedy
    `X{0,n}r` == `X X{0,n-1}r|r`."""
    from re import _constants as K  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    if depth > 12 or not seq:
        return None
    op, av = seq[0]
    rest = seq[1:]
    if op is K.LITERAL:
        return [seq]
    if op is K.SUBPATTERN and av[0] is None and not av[1] and not av[2]:
        return _literal_alts(state, list(av[3].data) + rest, depth + 1)
    if op is K.BRANCH:
        out: list[list[Any]] = []
        for branch in av[1]:
            sub = _literal_alts(state, list(branch.data) + rest, depth + 1)
            if sub is None or len(out) + len(sub) > _MAX_ALTS:
                return None
            out.extend(sub)
        return out
    if op is K.IN and len(av) <= 8 and all(o is K.LITERAL for o, _ in av):
        return [[(K.LITERAL, c)] + rest for _, c in av]
    if op is K.MAX_REPEAT and av[0] == 0 and isinstance(av[1], int) and av[1] < K.MAXREPEAT:
        # greedy X{0,n} rest == X X{0,n-1} rest | rest (the same ordered preference)
        once = list(av[2].data)
        if av[1] > 1:
            once.append((K.MAX_REPEAT, (0, av[1] - 1, av[2])))
        taken = _literal_alts(state, once + rest, depth + 1)
        skipped = _literal_alts(state, rest, depth + 1)
        if taken is None or skipped is None or len(taken) + len(skipped) > _MAX_ALTS:
            return None
        return taken + skipped
    if op in (K.ASSERT, K.ASSERT_NOT) and av[0] == -1:
        # a lookbehind before literal x: (?<!B)x == x(?<!Bx), (?<=B)x == x(?<=Bx)
        sub = _literal_alts(state, rest, depth + 1)
        if sub is None:
            return None
        out = []
        for alt in sub:
            behind = _parser.SubPattern(state, list(av[1].data) + [alt[0]])
            out.append([alt[0], (op, (-1, behind))] + alt[1:])
        return out
    if op is K.AT and av is K.AT_BOUNDARY:
        sub = _literal_alts(state, rest, depth + 1)
        if sub is None:
            return None
        out = []
        for alt in sub:
            first = alt[0][1]
            if not (chr(first).isalnum() or chr(first) == "_"):
                return None
            behind = _parser.SubPattern(state, [(K.IN, [(K.CATEGORY, K.CATEGORY_WORD)]),
                                                (K.LITERAL, first)])
            out.append([alt[0], (K.ASSERT_NOT, (-1, behind))] + alt[1:])
        return out
    return None


def compile_cue(source: str) -> re.Pattern[str]:
    """Compile a cue alternation so that `re` can skip to plausible first characters.

    A plain `(?:\\ba)|(?:\\bb)` makes `re` try every branch at every offset; the same
    pattern rewritten as branches that each open with a literal gets the engine's
    first-character scan. Hits are identical (tests/test_batch_cues.py checks it);
    anything the rewrite does not handle is compiled as written.
    """
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]
        from re import _constants as K  # type: ignore[attr-defined]

        tree = _parser.parse(source)
        alts = _literal_alts(tree.state, list(tree.data))
        if alts is not None and not tree.state.groups - 1:
            subs = [_parser.SubPattern(tree.state, a) for a in alts]
            return _compiler.compile(_parser.SubPattern(tree.state,
                                                        [(K.BRANCH, (None, subs))]), 0)
    except (ImportError, AttributeError, TypeError, re.error):  # another Python's internals
        pass
    return re.compile(source)


_MAX_PREFIXES = 64


def literal_prefixes(seq: list[Any], depth: int = 0, head: str = "",
                     bound: bool = False) -> set[tuple[str, bool]]:
    """(prefix, at_word_start) pairs, one of which every match of the parsed pattern
    `seq` satisfies: the match starts with `prefix`, and when `at_word_start` it
    starts a word (a `\\b` before a word character). A necessary condition used to
    find candidate offsets; a prefix of '' means there is none."""
    from re import _constants as K  # type: ignore[attr-defined]

    seq = list(seq)
    i = 0
    while i < len(seq):
        op, av = seq[i]
        if op is K.LITERAL:
            if not head:
                bound = bound and (chr(av).isalnum() or chr(av) == "_")
            head += chr(av)
            i += 1
            continue
        if op is K.AT and av is K.AT_BOUNDARY and not head:
            bound = True
            i += 1
            continue
        if op in (K.AT, K.ASSERT, K.ASSERT_NOT):  # other zero-width items
            i += 1
            continue
        if op is K.SUBPATTERN and av[0] is None and not av[1] and not av[2]:
            seq = seq[:i] + list(av[3].data) + seq[i + 1:]
            continue
        alts: list[list[Any]] | None = None
        if op is K.BRANCH:
            alts = [list(b.data) for b in av[1]]
        elif op is K.IN and len(av) <= 8 and all(o is K.LITERAL for o, _ in av):
            alts = [[(K.LITERAL, c)] for _, c in av]
        elif op in (K.MAX_REPEAT, K.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            alts = [list(av[2].data), []]
        if alts is None or depth > 8:
            break
        rest = seq[i + 1:]
        # with the whole rest of the pattern, else with less of it
        for tails in (rest, rest[:2], rest[:1], []):
            out = {pair for a in alts
                   for pair in literal_prefixes(a + tails, depth + 1, head, bound)}
            if len(out) <= _MAX_PREFIXES or (depth == 0 and not rest):
                return out
        break
    return {(head, bound and bool(head))}


def _fewest(found: set[tuple[str, bool]]) -> tuple[tuple[str, bool], ...]:
    """Word-start prefixes cut to 4 characters (an index lookup finds them), then
    without any prefix another one of the set already covers. Both only widen the
    candidate offsets, so they stay a necessary condition."""
    cut = {(p[:4] if word else p, word) for p, word in found}
    return tuple(sorted((p, w) for p, w in cut
                        if not any(q != p and p.startswith(q) and (w or not wq)
                                   for q, wq in cut)))


@lru_cache(maxsize=1)
def load_cue_prefixes() -> dict[str, tuple[tuple[str, bool], ...] | None]:
    """Per cue group, the literal prefixes its hits start with (see
    `literal_prefixes`), or None when one is too short to prefilter with (the
    group is then scanned in full)."""
    from re import _parser  # type: ignore[attr-defined]

    out: dict[str, tuple[tuple[str, bool], ...] | None] = {}
    for name, patterns in _read("cues.yaml").items():
        try:
            found = literal_prefixes(list(_parser.parse(cue_source(patterns)).data))
        except (ImportError, AttributeError, TypeError, re.error):
            found = {("", False)}
        useful = all(len(p) >= 2 or (p and not p.isalnum()) for p, _ in found)
        out[name] = _fewest(found) if useful else None
    return out


@lru_cache(maxsize=1)
def load_cues() -> dict[str, re.Pattern[str]]:
    """Cue groups compiled to one alternation each, matched against `fold(text)`."""
    raw = _read("cues.yaml")
    out: dict[str, re.Pattern[str]] = {}
    for name, patterns in raw.items():
        if not isinstance(patterns, list) or not patterns:
            raise ValueError(f"cues.yaml: group {name!r} must be a non-empty list")
        try:
            re.compile(cue_source(patterns))  # validates; reports the user's pattern
            out[name] = compile_cue(cue_source(patterns))
        except re.error as exc:
            raise ValueError(f"cues.yaml: group {name!r}: {exc}") from None
    return out


@lru_cache(maxsize=1)
def load_checklist() -> Checklist:
    """The validated checklist.

    >>> load_checklist().ids()[:3]
    ['13(1)(a)', '13(1)(b)', '13(1)(c)']
    """
    data = _read("checklist.yaml")
    checklist = Checklist.model_validate(data)
    cues = set(load_cues())
    for req in checklist.requirements:
        for part in ("applies", "met", "partial"):
            _check_condition(getattr(req, part), cues, f"{req.id}.{part}")
    for flag in checklist.flags:
        if flag.cue and flag.cue not in cues:
            raise ValueError(f"flag {flag.id}: unknown cue group {flag.cue!r}")
        if flag.entity and flag.entity not in ENTITY_TYPES:
            raise ValueError(f"flag {flag.id}: unknown entity type {flag.entity!r}")
    return checklist
