"""Entity accuracy against the hand-made gold in corpus/gold/policies/.

Text scores: per policy and per entity type, predictions are deduplicated by
normalised text (case, spaces and punctuation folded), a prediction matches a
gold item when one normalised text contains the other, and each gold item counts
once. Counts are summed over policies (micro-average). Value scores compare the
normalised values as sets or multisets per policy (durations, ages, countries,
dates, legal bases, safeguards).

Groups: `seeds`, `dev` (t200-dev + MAPP, the half the rules were tuned on) and
`held-out` (OPP-115), never looked at while writing rules.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policy_audit.evaluate import GoldPolicy, load_gold, split_number

TEXT_TYPES = ("controllers", "recipients", "recipient_categories", "retention",
              "response_time", "age_thresholds", "authorities", "dpo", "contacts",
              "last_updated")
VALUE_TYPES = ("retention", "response_time", "age_thresholds", "authorities",
               "last_updated", "legal_bases", "transfer_safeguards")
GROUPS = {"seeds": ("seeds",), "dev": ("t200-dev", "mapp-english"), "held-out": ("opp115",)}
# files marked "split": "heldout-N" form a group "held-out-N" of their own
_PUNCT = re.compile(r"[^\w]+")


def norm(text: str) -> str:
    """Fold case, punctuation and runs of spaces: 'THE MUSE / LVM.' -> 'the muse lvm'."""
    return _PUNCT.sub(" ", text.casefold()).strip()


def overlap(a: str, b: str) -> bool:
    """Two long mentions overlap when a common run of whole words covers at least
    half of the shorter one ("for a minimum period of 2 years from" vs "a minimum
    period of 2 years from date of receipt")."""
    from difflib import SequenceMatcher

    short = min(len(a), len(b))
    if short < 12:
        return False
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= short / 2


@dataclass
class Score:
    """Micro-averaged counts: matched predictions, predictions, matched gold, gold."""

    tp_pred: int = 0
    pred: int = 0
    tp_gold: int = 0
    gold: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp_pred += other.tp_pred
        self.pred += other.pred
        self.tp_gold += other.tp_gold
        self.gold += other.gold

    @property
    def precision(self) -> float | None:
        return self.tp_pred / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.tp_gold / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def _gold_list(gold: dict[str, Any], etype: str) -> list[dict[str, Any]]:
    node = gold.get(etype)
    if node is None:
        return []
    return [node] if isinstance(node, dict) else list(node)


def _groups(etype: str, entities: list[Any]) -> list[list[str]]:
    """Predictions that mean the same thing: one group per normalised text, and
    per value for ages and named authorities ("under 13" twice is one age)."""
    groups: dict[Any, list[str]] = {}
    for e in entities:
        key: Any = norm(e.text)
        if etype == "age_thresholds":
            key = ("value", e.attrs.get("value"))
        elif etype == "authorities" and e.attrs.get("name"):
            key = ("name", e.attrs["name"])
        if key:
            groups.setdefault(key, []).append(e.text)
    return list(groups.values())


def text_score(predicted: list[str] | list[list[str]], gold: list[str]) -> Score:
    """Overlap-by-containment match of distinct normalised texts; a group of
    predictions counts once and matches when any member does."""
    preds = [[norm(t) for t in ([p] if isinstance(p, str) else p) if norm(t)] for p in predicted]
    preds = list({tuple(p): p for p in preds if p}.values())  # dedupe by normalised text
    golds = [n for n in (norm(g) for g in gold) if n]
    golds = list(dict.fromkeys(golds))

    def hit(a: str, b: str) -> bool:
        return a in b or b in a or overlap(a, b)

    tp_pred = sum(1 for p in preds if any(hit(t, g) for t in p for g in golds))
    tp_gold = sum(1 for g in golds if any(hit(t, g) for p in preds for t in p))
    return Score(tp_pred, len(preds), tp_gold, len(golds))


def value_score(predicted: list[Any], gold: list[Any], multiset: bool = False) -> Score:
    """Set (or multiset) agreement of normalised values."""
    if multiset:
        p, g = Counter(predicted), Counter(gold)
        common = sum((p & g).values())
        return Score(common, sum(p.values()), common, sum(g.values()))
    ps, gs = set(predicted), set(gold)
    return Score(len(ps & gs), len(ps), len(ps & gs), len(gs))


# gold files written to briefs that spelled values differently mean the same thing
VALUE_SYNONYMS = {"legitimate_interests": "legitimate_interest",
                  "vital_interests": "vital_interest",
                  "consent_derogation": "consent", "derogation_art49": "other"}


def _gold_values(etype: str, items: list[dict[str, Any]]) -> list[Any]:
    if etype in ("retention", "response_time"):
        return [i["duration"] for i in items if i.get("duration")]
    if etype == "age_thresholds":
        return [int(i["value"]) for i in items if i.get("value") is not None]
    if etype == "authorities":
        return [i.get("country") or "generic" for i in items]
    if etype == "last_updated":
        return [i["date"] for i in items if i.get("date")]
    return [VALUE_SYNONYMS.get(i["value"], i["value"]) for i in items if i.get("value")]


def _pred_values(etype: str, entities: list[Any]) -> list[Any]:
    if etype in ("retention", "response_time"):
        return [e.attrs.get("duration") for e in entities if e.attrs.get("duration")]
    if etype == "age_thresholds":
        return [int(e.attrs["value"]) for e in entities]
    if etype == "authorities":
        return [e.attrs.get("country") or "generic" for e in entities]
    if etype == "last_updated":
        return [e.attrs["date"] for e in entities[:1]]  # the report keeps the first date
    return [e.attrs.get("value") for e in entities if e.attrs.get("value")]


def _dedupe_by_text(entities: list[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for e in entities:
        seen.setdefault(norm(e.text), e)
    return list(seen.values())


def predict(path: Path) -> dict[str, list[Any]]:
    """Entities of one policy file (ingest, segment and extract only)."""
    from policy_audit import ingest, segment
    from policy_audit.extract import Context, extract

    doc = ingest.load(str(path))
    sections = segment.sections(doc)
    ctx = Context(doc=doc, sections=sections, sentences=segment.sentences(doc, sections))
    return extract(ctx)


def score_policy(policy: GoldPolicy, entities: dict[str, list[Any]]
                 ) -> dict[tuple[str, str], Score]:
    """{(etype, 'text' | 'value'): Score} for one policy."""
    gold = policy.entities
    out: dict[tuple[str, str], Score] = {}
    for etype in TEXT_TYPES:
        items = _gold_list(gold, etype)
        preds = entities.get(etype, [])
        if etype == "last_updated":
            preds = preds[:1]
        s = text_score(_groups(etype, preds), [i.get("text", "") for i in items])
        out[(etype, "text")] = s
    for etype in VALUE_TYPES:
        items = _gold_list(gold, etype)
        preds = entities.get(etype, [])
        if etype in ("retention", "response_time"):
            preds = _dedupe_by_text(preds)
        out[(etype, "value")] = value_score(_pred_values(etype, preds),
                                            _gold_values(etype, items),
                                            multiset=etype in ("retention", "response_time"))
    return out


def evaluate(gold_dir: Path, shared: Path
             ) -> tuple[dict[str, dict[tuple[str, str], Score]], dict[str, int], list[str]]:
    """Scores per group, number of policies per group, and the skipped gold ids."""
    policies, skipped = load_gold(gold_dir, shared)
    splits = sorted({p.split for p in policies if p.split}, key=split_number)
    names = [*GROUPS, *(s.replace("heldout-", "held-out-") for s in splits)]
    totals: dict[str, dict[tuple[str, str], Score]] = {g: {} for g in names}
    counts = dict.fromkeys(names, 0)
    for policy in policies:
        group = policy.split.replace("heldout-", "held-out-") if policy.split else next(
            (g for g, corpora in GROUPS.items() if policy.corpus in corpora), None)
        if group is None:
            continue
        counts[group] += 1
        for key, s in score_policy(policy, predict(policy.path)).items():
            totals[group].setdefault(key, Score()).add(s)
    return totals, counts, skipped


def _fmt(x: float | None) -> str:
    return "   -" if x is None else f"{x:.2f}"


def report(gold_dir: Path, shared: Path) -> str:
    """A plain-text table of P/R/F1 per entity type and per group."""
    totals, counts, skipped = evaluate(Path(gold_dir), Path(shared))
    groups = [g for g in counts if counts[g]]
    lines = [f"Entities against {gold_dir} "
             + ", ".join(f"{g}: {counts[g]} policies" for g in counts)]
    if skipped:
        lines.append(f"skipped {len(skipped)} gold file(s): policy text not found under "
                     f"{shared} (pass --shared ../shared/corpus)")
    lines.append("dev = t200-dev + MAPP (rules tuned on them); held-out = OPP-115 (never tuned on);"
                 " held-out-N = t200/MAPP files marked split heldout-N (annotated after tuning)")
    head = f"{'entity':<22}{'match':<6}" + "".join(f"{g + ' P/R/F1 (gold)':>28}" for g in groups)
    lines += ["", head, "-" * len(head)]
    keys = [(t, "text") for t in TEXT_TYPES] + [(t, "value") for t in VALUE_TYPES]
    for key in keys:
        cells = []
        for g in groups:
            s = totals[g].get(key, Score())
            cells.append(f"{_fmt(s.precision)} {_fmt(s.recall)} {_fmt(s.f1)} ({s.gold:>3})")
        lines.append(f"{key[0]:<22}{key[1]:<6}" + "".join(f"{c:>28}" for c in cells))
    return "\n".join(lines)


def timings(path: str | Path, repeat: int = 20) -> str:
    """Mean milliseconds per recognizer on one policy (cue matching excluded),
    the figure recorded in docs/accuracy.md."""
    from policy_audit import ingest, segment
    from policy_audit.extract import Context, extract

    doc = ingest.load(str(path))
    sections = segment.sections(doc)
    sentences = segment.sentences(doc, sections)
    extract(Context(doc=doc, sections=sections, sentences=sentences))  # warm the caches
    steps: dict[str, float] = {}
    for _ in range(repeat):
        extract(Context(doc=doc, sections=sections, sentences=sentences), timings=steps)
    prefix = "recognizer "
    total = {k[len(prefix):]: v for k, v in steps.items() if k.startswith(prefix)}
    lines = [f"{k:<22}{v / repeat * 1000:8.2f} ms"
             for k, v in sorted(total.items(), key=lambda kv: -kv[1])]
    lines.append(f"{'all recognizers':<22}{sum(total.values()) / repeat * 1000:8.2f} ms")
    return "\n".join(lines)
