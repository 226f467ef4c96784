"""Step 4, judge: every checklist requirement to met / partial / missing /
not_applicable, with the evidence that decided it.

The rules are data (`data/checklist.yaml`); this module only evaluates their
small condition language against the cue hits and entities of a `Context`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from policy_audit.catalogue import Checklist, Requirement, load_checklist
from policy_audit.extract import Context
from policy_audit.types import Evidence, Flag, Verdict

MAX_EVIDENCE = 3
MAX_QUOTE = 400


@dataclass
class Outcome:
    ok: bool
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, cue)


def _sentence_span(ctx: Context, sent: int, start: int, end: int) -> tuple[int, int]:
    if sent < 0:
        return start, end
    s = ctx.sentences[sent]
    a, b = s.start, s.end
    if b - a > MAX_QUOTE:  # clip long sentences around the hit, on word boundaries
        a = max(a, start - MAX_QUOTE // 2)
        b = min(b, max(end, a + MAX_QUOTE))
        text = ctx.text
        while a > s.start and not text[a - 1].isspace():
            a -= 1
        while b < s.end and not text[b].isspace():
            b += 1
    return a, b


def _without(cond: dict[str, Any], ctx: Context) -> set[int]:
    """The sentences a condition's `without` cue groups hit (empty when it has none)."""
    others = cond.get("without", [])
    names = others if isinstance(others, list) else [others]
    return set().union(*(ctx.cue_sentences(n) for n in names))


def evaluate(cond: dict[str, Any], ctx: Context) -> Outcome:
    """Evaluate one condition of the checklist language."""
    if "all" in cond:
        parts = [evaluate(c, ctx) for c in cond["all"]]
        return Outcome(all(p.ok for p in parts), [s for p in parts for s in p.spans])
    if "any" in cond:
        parts = [evaluate(c, ctx) for c in cond["any"]]
        return Outcome(any(p.ok for p in parts), [s for p in parts if p.ok for s in p.spans])
    if "not" in cond:
        return Outcome(not evaluate(cond["not"], ctx).ok)
    if cond.get("always"):
        return Outcome(True)
    if cond.get("never"):
        return Outcome(False)
    if "cue" in cond:
        name = cond["cue"]
        hits = [h for h in ctx.hits.get(name, []) if h.sentence >= 0]
        if "without" in cond:  # only sentences where none of these cue groups hits
            away = _without(cond, ctx)
            hits = [h for h in hits if h.sentence not in away]
        if "min_hits" in cond:
            distinct = {ctx.text[h.start:h.end].lower() for h in hits}
            if len(distinct) < cond["min_hits"]:
                return Outcome(False)
        spans = [(h.start, h.end, name) for h in hits]
        return Outcome(bool(hits), spans)
    if "entity" in cond:
        found = ctx.entities.get(cond["entity"], [])
        for key, want in cond.get("where", {}).items():
            wanted = want if isinstance(want, list) else [want]
            found = [e for e in found if e.attrs.get(key) in wanted]
        if "has" in cond:
            found = [e for e in found if e.attrs.get(cond["has"]) not in (None, "")]
        return Outcome(bool(found), [(e.start, e.end, f"entity:{cond['entity']}") for e in found])
    if "same_sentence" in cond:
        names = cond["same_sentence"]
        common = set.intersection(*(ctx.cue_sentences(n) for n in names))
        common -= _without(cond, ctx)
        spans = [(h.start, h.end, "+".join(names)) for h in ctx.hits.get(names[0], [])
                 if h.sentence in common]
        return Outcome(bool(common), spans)
    if "same_section" in cond:
        names = cond["same_section"]
        away = _without(cond, ctx)
        by_name = [{ctx.sentences[i].section for i in ctx.cue_sentences(n) - away}
                   for n in names]
        common = set.intersection(*by_name)
        spans = [(h.start, h.end, "+".join(names)) for n in names for h in ctx.hits.get(n, [])
                 if h.sentence >= 0 and ctx.sentences[h.sentence].section in common]
        return Outcome(bool(common), spans)
    if "count" in cond:
        away = _without(cond, ctx)
        present = [n for n in cond["count"] if ctx.cue_sentences(n) - away]
        spans = []
        for n in present:
            h = next(h for h in ctx.hits[n] if h.sentence >= 0 and h.sentence not in away)
            spans.append((h.start, h.end, n))
        return Outcome(len(present) >= cond.get("min", 1), spans)
    raise ValueError(f"unknown condition {cond!r}")


def _evidence(ctx: Context, spans: list[tuple[int, int, str]]) -> list[Evidence]:
    """Up to MAX_EVIDENCE sentences: one per cue first (in the rule's order), each
    the sentence where most of the rule's cues meet; body text before headings
    and question-shaped lines (tables of contents)."""
    sent_of = [ctx.sentence_at(start) for start, _, _ in spans]
    cues_in: dict[int, set[str]] = {}
    for (_, _, cue), sent in zip(spans, sent_of, strict=True):
        cues_in.setdefault(sent, set()).add(cue)

    def rank(k: int) -> tuple[int, int, int]:
        sent = sent_of[k]
        weak = sent < 0 or ctx.sentences[sent].is_heading or \
            ctx.sentence_text(sent).rstrip().endswith("?")
        return (weak, -len(cues_in.get(sent, ())), k)

    order = sorted(range(len(spans)), key=rank)
    cue_order = list(dict.fromkeys(cue for _, _, cue in spans))
    picked: list[Evidence] = []
    seen_sent: set[int] = set()

    def take(k: int) -> None:
        start, end, cue = spans[k]
        a, b = _sentence_span(ctx, sent_of[k], start, end)
        seen_sent.add(sent_of[k])
        picked.append(Evidence(text=ctx.text[a:b], start=a, end=b, line=ctx.doc.line_of(a),
                               section=ctx.section_title(a), cue=cue))

    for cue in cue_order:  # the best sentence of each cue, primary cue first
        for k in order:
            if len(picked) >= MAX_EVIDENCE:
                return picked
            if spans[k][2] == cue and sent_of[k] not in seen_sent:
                take(k)
                break
    for k in order:  # then anything left
        if len(picked) >= MAX_EVIDENCE:
            break
        if sent_of[k] not in seen_sent:
            take(k)
    return picked


@lru_cache(maxsize=1)
def _calibration() -> dict[str, Any]:
    from importlib import resources

    f = resources.files("policy_audit.data").joinpath("calibration.json")
    return json.loads(f.read_text("utf-8")) if f.is_file() else {}


def confidence(rid: str, status: str, evidence: int = 0, near_miss: bool = False) -> float:
    """How often this verdict was right on the gold set (data/calibration.json,
    rebuilt by models/calibrate.py); a heuristic where no calibration exists."""
    cal = _calibration()
    key = f"{rid}|{status}"
    if key in cal.get("table", {}):
        return float(cal["table"][key])
    if status in cal.get("prior", {}):
        return float(cal["prior"][status])
    if status == "partial+model":
        return _heuristic("partial", evidence, near_miss)
    return _heuristic(status, evidence, near_miss)


def _heuristic(status: str, evidence: int, near_miss: bool) -> float:
    if status == "met":
        return min(0.95, 0.7 + 0.08 * evidence)
    if status == "partial":
        return 0.6
    if status == "missing":
        return 0.65 if near_miss else 0.85
    return 0.7


class LazyScores(Mapping[str, list[tuple[float, int]]]):
    """Classifier scores per label, computed on first use: most policies never
    need them (only a rule-missing verdict of a requirement whose label has a
    threshold consults the model)."""

    def __init__(self, ctx: Context, model: Any) -> None:
        self._ctx, self._model = ctx, model
        self._scores: dict[str, list[tuple[float, int]]] | None = None

    def _all(self) -> dict[str, list[tuple[float, int]]]:
        if self._scores is None:
            from policy_audit.classify import sentence_scores

            self._scores = sentence_scores(self._ctx, self._model)
        return self._scores

    @property
    def computed(self) -> bool:
        return self._scores is not None

    def __getitem__(self, label: str) -> list[tuple[float, int]]:
        return self._all()[label]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def model_scores(ctx: Context) -> tuple[Mapping[str, list[tuple[float, int]]] | None,
                                        dict[str, Any]]:
    """Classifier scores per label for the document (lazy), and what judged it."""
    from policy_audit.classify import load_model

    model = load_model()
    if model is None:
        return None, {"method": "rules"}
    return LazyScores(ctx, model), {"method": "rules+model",
                                    "model": model.meta.get("version", "")}


def _model_upgrade(req: Requirement, ctx: Context,
                   scores: Mapping[str, list[tuple[float, int]]] | None) -> list[Evidence]:
    """Evidence from the classifier when one of the requirement's labels scores
    above its threshold: the rules missed a wording the model recognises."""
    if scores is None or not req.model_labels:
        return []
    from policy_audit.classify import load_model, policy_probability

    model = load_model()
    thresholds = model.thresholds if model else {}
    # look at the thresholds first: scoring the sentences is the costly part
    labels = [label for label in req.model_labels if f"{req.id}|{label}" in thresholds]
    picked: list[tuple[int, int, str]] = []
    for label in labels:
        ranked = scores.get(label) or []
        if not ranked or policy_probability(ranked) < thresholds[f"{req.id}|{label}"]:
            continue
        for p, i in ranked[:2]:
            s = ctx.sentences[i]
            picked.append((s.start, s.end, f"model:{label} ({p:.2f})"))
    return _evidence(ctx, picked)


def judge_requirement(req: Requirement, ctx: Context,
                      scores: Mapping[str, list[tuple[float, int]]] | None = None) -> Verdict:
    applies = evaluate(req.applies, ctx)
    base = dict(id=req.id, title=req.title, article=req.article, duty=req.duty,
                demands=req.demands)
    if not applies.ok:
        return Verdict(**base, status="not_applicable",
                       confidence=confidence(req.id, "not_applicable"),
                       reason="does not arise in this policy")
    met = evaluate(req.met, ctx)
    if met.ok:
        ev = _evidence(ctx, met.spans)
        return Verdict(**base, status="met", confidence=confidence(req.id, "met", len(ev)),
                       evidence=ev)
    partial = evaluate(req.partial, ctx)
    if partial.ok:
        ev = _evidence(ctx, partial.spans)
        return Verdict(**base, status="partial", confidence=confidence(req.id, "partial", len(ev)),
                       evidence=ev, reason=f"lacking: {req.lacking}")
    upgrade = _model_upgrade(req, ctx, scores)
    if upgrade:
        return Verdict(**base, status="partial",
                       confidence=confidence(req.id, "partial+model", len(upgrade)),
                       evidence=upgrade,
                       reason=f"found by the classifier, no rule matched; check: {req.lacking}")
    near = bool(met.spans)
    return Verdict(**base, status="missing", confidence=confidence(req.id, "missing", 0, near),
                   reason=req.demands)


def judge(ctx: Context, checklist: Checklist | None = None,
          scores: Mapping[str, list[tuple[float, int]]] | None = None) -> list[Verdict]:
    """A verdict for every requirement, in checklist order; `scores` (from the
    sentence classifier) can turn a rule-missing verdict into partial."""
    checklist = checklist or load_checklist()
    return [judge_requirement(r, ctx, scores) for r in checklist.requirements]


def red_flags(ctx: Context, checklist: Checklist | None = None) -> list[Flag]:
    checklist = checklist or load_checklist()
    out: list[Flag] = []
    for rule in checklist.flags:
        cond: dict[str, Any] = ({"cue": rule.cue} if rule.cue
                                else {"entity": rule.entity, "where": rule.where})
        result = evaluate(cond, ctx)
        seen: set[int] = set()
        for start, end, _ in result.spans:
            sent = ctx.sentence_at(start)
            if sent in seen:
                continue
            seen.add(sent)
            a, b = _sentence_span(ctx, sent, start, end)
            out.append(Flag(id=rule.id, title=rule.title, text=ctx.text[a:b], start=a, end=b,
                            line=ctx.doc.line_of(a)))
    return out


def score(verdicts: list[Verdict]) -> dict[str, Any]:
    """Counts and coverage = (met + 0.5 partial) / (all - not_applicable)."""
    counts = {s: sum(v.status == s for v in verdicts)
              for s in ("met", "partial", "missing", "not_applicable")}

    def cov(vs: list[Verdict]) -> float:
        applicable = [v for v in vs if v.status != "not_applicable"]
        if not applicable:
            return 1.0
        got = sum(1.0 if v.status == "met" else 0.5 if v.status == "partial" else 0.0
                  for v in applicable)
        return round(got / len(applicable), 3)

    return {"coverage": cov(verdicts), **counts,
            "notice_coverage": cov([v for v in verdicts if v.duty == "notice"])}
