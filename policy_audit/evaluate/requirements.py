"""Requirement verdicts against gold statuses, per policy, with the 'always
present' baseline computed in the same run."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from policy_audit.evaluate import GoldPolicy, load_gold

PRESENT = {"met", "partial"}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def predictions(golds: list[GoldPolicy],
                confidences: dict[str, dict[str, float]] | None = None
                ) -> dict[str, dict[str, str]]:
    """{gold id: {requirement id: predicted status}} from the current pipeline;
    fills `confidences` with each verdict's confidence when given."""
    from policy_audit.api import audit

    out = {}
    for g in golds:
        result = audit(g.path)
        out[g.id] = result.status()
        if confidences is not None:
            confidences[g.id] = {v.id: v.confidence for v in result.verdicts}
    return out


def calibration(golds: list[GoldPolicy], preds: dict[str, dict[str, str]],
                conf: dict[str, dict[str, float]], bins: int = 5
                ) -> tuple[list[tuple[float, float, float, int]], float]:
    """Reliability of the verdict confidences: per confidence bin (low, mean
    confidence, exact-status accuracy, n) and the expected calibration error."""
    cells: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for g in golds:
        for rid, gold in g.requirements.items():
            c = conf[g.id].get(rid, 0.0)
            cells[min(int(c * bins), bins - 1)].append((c, preds[g.id].get(rid) == gold["status"]))
    rows, n_all, ece = [], sum(len(c) for c in cells), 0.0
    for i, cell in enumerate(cells):
        if not cell:
            continue
        mean_c = sum(c for c, _ in cell) / len(cell)
        acc = sum(ok for _, ok in cell) / len(cell)
        rows.append((i / bins, mean_c, acc, len(cell)))
        ece += len(cell) / n_all * abs(mean_c - acc)
    return rows, ece


def score(golds: list[GoldPolicy], preds: dict[str, dict[str, str]]) -> dict[str, object]:
    """Presence P/R/F1 per requirement, exact status accuracy, gap detection."""
    per_req: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp fp fn
    exact = total = 0
    gap = [0, 0, 0]
    for g in golds:
        for rid, gold in g.requirements.items():
            gs = gold["status"]
            ps = preds[g.id].get(rid, "missing")
            total += 1
            exact += gs == ps
            if gs == "not_applicable":
                continue
            gp, pp = gs in PRESENT, ps in PRESENT
            c = per_req[rid]
            c[0] += gp and pp
            c[1] += pp and not gp
            c[2] += gp and not pp
            gap[0] += gs == "missing" and ps == "missing"
            gap[1] += ps == "missing" and gs != "missing"
            gap[2] += gs == "missing" and ps != "missing"
    # a requirement no gold policy has and none is predicted to have has no
    # presence F1 (0/0): it is left out of the macro average, not counted as 0
    rows = {rid: _prf(*c) for rid, c in per_req.items() if any(c)}
    undefined = sorted(rid for rid, c in per_req.items() if not any(c))
    macro = sum(f for _, _, f in rows.values()) / len(rows) if rows else 0.0
    return {"per_requirement": rows, "undefined": undefined, "macro_f1": macro,
            "exact": exact / total if total else 0, "gap": _prf(*gap), "n_policies": len(golds)}


def report(gold_dir: Path, shared: Path) -> str:
    golds, skipped = load_gold(gold_dir, shared)
    if not golds:
        return (f"no gold policy to score in {gold_dir} ({len(skipped)} skipped: "
                "policy text not found)")
    conf: dict[str, dict[str, float]] = {}
    preds = predictions(golds, conf)
    always = {g.id: {rid: "met" for rid in g.requirements} for g in golds}
    ids = list(golds[0].requirements) if golds else []
    lines = [f"gold policies: {len(golds)} scored, {len(skipped)} skipped (policy text not found"
             f"{': ' + ', '.join(skipped[:5]) if skipped else ''})", ""]
    groups = {"all": golds, "seeds": [g for g in golds if g.corpus == "seeds"],
              "real": [g for g in golds if g.corpus != "seeds"],
              **{g.split.replace("heldout-", "hold"): [h for h in golds if h.split == g.split]
                 for g in golds if g.split}}
    results = {name: (score(gs, preds), score(gs, always)) for name, gs in groups.items() if gs}
    main, base = results["all"]
    lines.append(f"{'requirement':<10} {'P':>5} {'R':>5} {'F1':>5}   {'base F1':>7}")
    for rid in ids:
        bf = base["per_requirement"].get(rid, (0, 0, 0))[2]
        if rid in main["undefined"]:  # no gold positive and none predicted
            lines.append(f"{rid:<10} {'-':>5} {'-':>5} {'-':>5}   {bf:>7.2f}")
            continue
        p, r, f = main["per_requirement"].get(rid, (0, 0, 0))
        lines.append(f"{rid:<10} {p:>5.2f} {r:>5.2f} {f:>5.2f}   {bf:>7.2f}")
    lines.append("")
    lines.append("'-': no gold policy has the requirement and none is predicted to: F1 is "
                 "undefined and left out of the macro average.")
    lines.append("")
    lines.append(f"{'set':<6} {'n':>3} {'presence macro-F1':>18} {'exact status':>13} "
                 f"{'gap P':>6} {'gap R':>6} | baseline: {'macro-F1':>8} {'exact':>6} "
                 f"{'gap R':>6}")
    for name, (m, b) in results.items():
        lines.append(f"{name:<6} {m['n_policies']:>3} {m['macro_f1']:>18.3f} {m['exact']:>13.3f} "
                     f"{m['gap'][0]:>6.3f} {m['gap'][1]:>6.3f} | {'':>9} {b['macro_f1']:>8.3f} "
                     f"{b['exact']:>6.3f} {b['gap'][1]:>6.3f}")
    lines += ["", "confidence calibration (exact status), per set:"]
    for name, gs in groups.items():
        if not gs:
            continue
        rows, ece = calibration(gs, preds, conf)
        cells = "  ".join(f"[{lo:.1f}+ conf {c:.2f} acc {a:.2f} n {n}]" for lo, c, a, n in rows)
        lines.append(f"{name:<6} ECE {ece:.3f}  {cells}")
    return "\n".join(lines)
