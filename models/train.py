"""Train, cross-validate and ship the sentence classifier of the hybrid judge.

    .venv/bin/python models/train.py [--shared ../shared/corpus] [--folds 5]

Data: GDPR-Transparency-200 (t200-dev, GPL-3.0): passages with phrase-level
annotations of 21 Art. 13/14 requirements. Each passage is split into
sentences; a sentence carries a label when it contains an annotated phrase.
The t200 policies of the current test split (the newest `heldout-N` in
corpus/gold/) are never trained on, so its one scoring stays out-of-sample;
older gold policies have been scored already and are trained on like the rest.

Cross-validation is by policy (never by sentence): in each fold the model is
trained on the other policies' sentences and judged, together with the rules,
on the held-out policies' plain text, exactly as `audit()` would. Per label the
hybrid threshold (rules OR model) that maximises policy-level presence F1 on
the out-of-fold predictions is kept. The shipped model is then trained on every
allowed policy. Output: models/requirements.npz (arrays) + requirements.json
(labels, vocabulary, thresholds, metrics); deterministic for the same data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "models"
NGRAMS = (1, 2)
C = 4.0
THRESHOLDS = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.96, 0.98, 0.99, 1.01]
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"'“(]?[A-Z0-9])|\n+")


def label_map() -> dict[str, list[str]]:
    """{t200 label: [requirement ids]} from the checklist's model_labels."""
    from policy_audit.catalogue import load_checklist

    out: dict[str, list[str]] = defaultdict(list)
    for r in load_checklist().requirements:
        for lab in r.model_labels:
            out[lab].append(r.id)
    return dict(out)


def passages_to_examples(passages: list[dict]) -> list[tuple[str, set[str]]]:
    from policy_audit.classify import features_text

    examples = []
    for p in passages:
        heading = next((c["text"] for c in reversed(p.get("context") or [])), "")
        if p["type"] == "headline":
            continue
        frags = []
        for a in p["annotations"]:
            for f in a["value"].split("[...]"):
                f = f.strip().lower()
                if len(f) >= 3:
                    frags.append((f, a["requirement"]))
        for sent in _SPLIT.split(p["passage"]):
            sent = sent.strip()
            if len(sent) < 12:
                continue
            low = sent.lower()
            labels = {lab for f, lab in frags if f in low}
            examples.append((features_text(sent, heading), labels))
    return examples


def load_corpus(shared: Path) -> dict[str, dict]:
    """{app: {examples, path, present}} for every t200-dev policy."""
    data = {}
    for jf in sorted((shared / "t200-dev" / "json").glob("*.json")):
        passages = json.loads(jf.read_text("utf-8"))
        present = {a["requirement"] for p in passages for a in p["annotations"]}
        data[jf.stem] = {"examples": passages_to_examples(passages), "present": present,
                         "path": shared / "t200-dev" / "policies" / f"{jf.stem}.txt"}
    return data


def fit(examples: list[tuple[str, set[str]]], labels: list[str]) -> dict:
    """TF-IDF + one logistic regression per label, as plain arrays."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [t for t, _ in examples]
    vec = TfidfVectorizer(ngram_range=NGRAMS, min_df=2, max_features=40000, sublinear_tf=True,
                          lowercase=True, norm="l2", smooth_idf=True)
    X = vec.fit_transform(texts)
    coef = np.zeros((len(labels), X.shape[1]), dtype="float32")
    intercept = np.zeros(len(labels), dtype="float32")
    for j, lab in enumerate(labels):
        y = np.array([lab in ls for _, ls in examples], dtype=int)
        if y.sum() < 3:
            intercept[j] = -20.0
            continue
        clf = LogisticRegression(C=C, max_iter=3000, solver="liblinear")
        clf.fit(X, y)
        coef[j] = clf.coef_[0]
        intercept[j] = clf.intercept_[0]
    vocab = {k: int(v) for k, v in vec.vocabulary_.items()}
    return {"vocabulary": vocab, "idf": vec.idf_.astype("float32"), "coef": coef,
            "intercept": intercept}


def as_model(arrays: dict, labels: list[str], thresholds: dict[str, float]):  # noqa: ANN201
    from policy_audit.classify import SentenceModel

    return SentenceModel(labels=labels, vocabulary=arrays["vocabulary"], idf=arrays["idf"],
                         coef=arrays["coef"], intercept=arrays["intercept"],
                         thresholds=thresholds, ngram_range=NGRAMS, meta={})


def rules_view(path: Path) -> tuple[dict[str, str], list[str]]:
    """Rules-only statuses and the classifier inputs of a policy's body sentences."""
    from policy_audit.api import audit
    from policy_audit.classify import features_text

    r = audit(path, model=False)
    titles = {}
    texts = []
    for s in r.sentences:
        if s.is_heading or s.end - s.start < 12:
            continue
        title = r.sections[s.section].title if s.section >= 0 else ""
        titles[s.start] = title
        texts.append(features_text(r.text[s.start:s.end], title))
    return r.status(), texts


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return p, rc, (2 * p * rc / (p + rc) if p + rc else 0.0)


def main() -> None:
    import numpy as np

    from policy_audit.classify import policy_probability

    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    lmap = label_map()
    labels = sorted(lmap)
    corpus = load_corpus(args.shared)
    from policy_audit.evaluate import current_test_split, load_gold

    gold, _ = load_gold(REPO / "corpus" / "gold" / "policies", args.shared)
    gold = [g for g in gold if g.corpus == "t200-dev"]
    test = current_test_split(gold)
    gold_apps = {g.path.stem for g in gold if test and g.split == test}
    apps = sorted(corpus)
    print(f"t200-dev: {len(apps)} policies, {sum(len(corpus[a]['examples']) for a in apps)} "
          f"sentences; {len(gold_apps)} held out of the shipped model (test split "
          f"{test or 'none'})")
    views = {a: rules_view(corpus[a]["path"]) for a in apps}

    # out-of-fold policy probabilities, folds by a hash of the policy name
    fold_of = {a: int(hashlib.sha1(a.encode()).hexdigest(), 16) % args.folds for a in apps}
    oof: dict[str, dict[str, float]] = {}
    for k in range(args.folds):
        train = [ex for a in apps if fold_of[a] != k for ex in corpus[a]["examples"]]
        model = as_model(fit(train, labels), labels, {})
        for a in apps:
            if fold_of[a] != k:
                continue
            texts = views[a][1]
            probs = model.predict_proba(texts)
            oof[a] = {lab: policy_probability(sorted(((float(p), 0) for p in probs[:, j]),
                                                     reverse=True)[:3])
                      for j, lab in enumerate(labels)}

    # choose per (requirement, label) the hybrid threshold with the best presence F1
    thresholds: dict[str, float] = {}
    lines = []
    totals = {"rules": [0, 0, 0], "hybrid": [0, 0, 0], "always": [0, 0, 0]}
    gap = {"rules": [0, 0, 0], "hybrid": [0, 0, 0], "always": [0, 0, 0]}
    f1s: dict[str, list[float]] = defaultdict(list)
    by_req: dict[str, list[str]] = defaultdict(list)
    for lab, rids in lmap.items():
        for rid in rids:
            by_req[rid].append(lab)
    for rid, labs in sorted(by_req.items()):
        gold = {a: bool(corpus[a]["present"] & set(labs)) for a in apps}
        rules = {a: views[a][0].get(rid) in ("met", "partial") for a in apps}

        def hybrid(th: dict[str, float], rules=rules, labs=labs) -> dict[str, bool]:
            return {a: rules[a] or any(oof[a][lb] >= th[lb] for lb in labs) for a in apps}

        best = {lb: 1.01 for lb in labs}
        for lb in labs:  # coordinate search, one label at a time
            scores = []
            for t in THRESHOLDS:
                trial = {**best, lb: t}
                pred = hybrid(trial)
                tp = sum(pred[a] and gold[a] for a in apps)
                fp = sum(pred[a] and not gold[a] for a in apps)
                fn = sum(gold[a] and not pred[a] for a in apps)
                scores.append((prf(tp, fp, fn)[2], t))
            best[lb] = max(scores, key=lambda s: (round(s[0], 4), s[1]))[1]
        for lb in labs:
            if best[lb] <= 1.0:
                thresholds[f"{rid}|{lb}"] = best[lb]
        row = [rid]
        for name, pred in (("rules", rules), ("hybrid", hybrid(best)),
                           ("always", {a: True for a in apps})):
            tp = sum(pred[a] and gold[a] for a in apps)
            fp = sum(pred[a] and not gold[a] for a in apps)
            fn = sum(gold[a] and not pred[a] for a in apps)
            for i, v in enumerate((tp, fp, fn)):
                totals[name][i] += v
            # gap detection: "missing" is the positive class
            gtp = sum(not pred[a] and not gold[a] for a in apps)
            gfp = sum(not pred[a] and gold[a] for a in apps)
            gfn = sum(pred[a] and not gold[a] for a in apps)
            for i, v in enumerate((gtp, gfp, gfn)):
                gap[name][i] += v
            p, r, f = prf(tp, fp, fn)
            f1s[name].append(f)
            row.append(f"{p:.2f} {r:.2f} {f:.2f}")
        lines.append(f"{row[0]:<9} {sum(gold.values()):>3}  " + "   ".join(row[1:]))
    print(f"\n{args.folds}-fold cross-validation by policy on t200-dev ({len(apps)} policies): "
          "presence P R F1")
    print(f"{'req':<9} {'n+':>3}  {'rules':<14}   {'rules+model':<14}   {'always present':<14}")
    print("\n".join(lines))
    for name in ("rules", "hybrid", "always"):
        macro = sum(f1s[name]) / len(f1s[name])
        gp, gr, _ = prf(*gap[name])
        print(f"{name:<7} presence macro-F1 {macro:.3f}   gap detection P {gp:.3f} R {gr:.3f}")

    # the shipped model: every t200 policy except the current test split's
    train = [ex for a in apps if a not in gold_apps for ex in corpus[a]["examples"]]
    arrays = fit(train, labels)
    version = hashlib.sha1(json.dumps(sorted(arrays["vocabulary"].items())).encode()
                           + arrays["coef"].tobytes()).hexdigest()[:12]
    meta = {"labels": labels, "ngram_range": list(NGRAMS), "thresholds": thresholds,
            "version": version, "trained_on": f"t200-dev minus the test split {test}: "
            f"{len(apps) - len(gold_apps & set(apps))} policies, {len(train)} sentences",
            "cv": {n: round(sum(f1s[n]) / len(f1s[n]), 3) for n in f1s},
            "vocabulary": arrays["vocabulary"]}
    OUT.mkdir(exist_ok=True)
    np.savez_compressed(OUT / "requirements.npz", idf=arrays["idf"], coef=arrays["coef"],
                        intercept=arrays["intercept"])
    (OUT / "requirements.json").write_text(json.dumps(meta, sort_keys=True) + "\n")
    size = sum((OUT / f).stat().st_size for f in ("requirements.npz", "requirements.json"))
    print(f"\nwrote models/requirements.{{npz,json}} ({size / 1e6:.1f} MB), version {version}")


if __name__ == "__main__":
    main()
