"""Benchmark: throughput of the full audit against spaCy tokenisation alone, with 1
and N processes, where the time goes, and peak RSS per worker of batch runs.

Run `policy-audit bench` (figures are recorded in docs/performance.md). Without
`--corpus`, a synthetic corpus is made by resampling the bundled seed policies.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"


def load_texts(corpus: Path | None, size: int, seed: int = 0) -> list[str]:
    """The texts of `corpus` (every file), or `size` texts resampled from the seeds."""
    from policy_audit.batch import BatchError

    folder = corpus or SEEDS
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file()
                   and not p.name.startswith(".")) if Path(folder).is_dir() else []
    if not files:
        raise BatchError(f"{folder}: no policy files to benchmark")
    texts = [p.read_text("utf-8", errors="replace") for p in files]
    if corpus is not None:
        return texts
    rng = random.Random(seed)
    return [rng.choice(texts) + f"\nReference: synthetic-{i}\n" for i in range(size)]


def synthetic_items(n: int, seed: int = 0) -> Iterator[Any]:
    """`n` batch items resampled from the seeds, generated lazily (flat memory)."""
    from policy_audit.batch import Item

    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rng = random.Random(seed)
    for i in range(n):
        yield Item(f"syn-{i:07d}", f"<synthetic {i}>",
                   rng.choice(texts) + f"\nReference: synthetic-{i}\n")


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def time_tokenise(texts: list[str]) -> float:
    """Seconds for spacy.blank("en") to tokenise every text (after a warm-up)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
    nlp(texts[0])
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - t0


def time_audit(texts: list[str]) -> tuple[float, dict[str, float]]:
    """Seconds for the full audit of every text in this process, and where it went
    (ingest, segment, cues, each recognizer, judge: `AuditResult.timings`)."""
    from policy_audit.api import audit

    audit(texts[0])
    parts: dict[str, float] = {}
    t0 = time.perf_counter()
    for t in texts:
        for key, secs in audit(t).timings.items():
            if key != "extract":  # its cue and recognizer parts are listed instead
                parts[key] = parts.get(key, 0.0) + secs
    return time.perf_counter() - t0, parts


def _pool_work(texts: list[str]) -> tuple[int, int]:
    from policy_audit.api import audit

    for t in texts:
        audit(t)
    return os.getpid(), _peak_rss_kb()


def _peak_rss_kb() -> int:
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def time_pool(texts: list[str], jobs: int) -> tuple[float, dict[int, int]]:
    """Seconds for the full audit of every text on `jobs` warm worker processes, and
    each worker's peak RSS in KB."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from policy_audit.batch import _worker_init

    ctx = mp.get_context("forkserver")
    rss: dict[int, int] = {}
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_worker_init,
                             initargs=(frozenset(),)) as pool:
        list(pool.map(_pool_work, [[texts[0]]] * jobs))  # start and warm every worker
        chunks = [texts[i:i + 4] for i in range(0, len(texts), 4)]
        t0 = time.perf_counter()
        for pid, kb in pool.map(_pool_work, chunks):
            rss[pid] = max(rss.get(pid, 0), kb)
        secs = time.perf_counter() - t0
    return secs, rss


def _descendants(root: int) -> list[int]:
    """Pids below `root` (Linux /proc; empty elsewhere)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    found, frontier = [], [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parents.items() if pp == p]
        found += kids
        frontier += kids
    return found


def _hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_run(n: int, jobs: int) -> dict[str, Any]:
    """A real batch run of `n` synthetic policies; peak RSS of every worker (sampled
    from /proc at each finished part) and of the parent."""
    import shutil
    import tempfile

    from policy_audit.batch import run

    peaks: dict[int, int] = {}
    me = os.getpid()

    def sample(_stats: Any) -> None:
        for pid in _descendants(me):
            peaks[pid] = max(peaks.get(pid, 0), _hwm_kb(pid))

    out = tempfile.mkdtemp(prefix="policy-audit-bench-")
    try:
        t0 = time.perf_counter()
        stats = run(synthetic_items(n), out, jobs=jobs, on_part=sample, chunk_size=16)
        secs = time.perf_counter() - t0
    finally:
        shutil.rmtree(out, ignore_errors=True)
    workers = sorted(peaks.values(), reverse=True)[:jobs]
    return {"n": n, "seconds": secs, "rate": stats.scored / secs, "errors": stats.errors,
            "worker_peak_mb": [round(kb / 1024) for kb in workers],
            "parent_peak_mb": round(_peak_rss_kb() / 1024)}


def bench(corpus: Path | None = None, jobs: int | None = None, size: int = 200,
          rss_sizes: list[int] | None = None) -> dict[str, Any]:
    """Every figure of the benchmark as a dict."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    texts = load_texts(corpus, size)
    words = _words(texts)
    tok = time_tokenise(texts)
    one, parts = time_audit(texts)
    par, rss = time_pool(texts, jobs)
    n = len(texts)
    res: dict[str, Any] = {
        "policies": n, "words": words, "chars": sum(map(len, texts)), "jobs": jobs,
        "tokenise": {"seconds": tok, "policies_s": n / tok, "words_s": words / tok},
        "audit_1": {"seconds": one, "policies_s": n / one, "words_s": words / one},
        "audit_n": {"seconds": par, "policies_s": n / par, "words_s": words / par},
        "ratio_audit_to_tokenise": one / tok,
        "speedup_n": one / par,
        "worker_peak_mb": [round(kb / 1024) for kb in rss.values()],
        "breakdown_ms_per_policy": {k: 1000 * v / n for k, v in
                                    sorted(parts.items(), key=lambda kv: -kv[1])},
        "rss_runs": [rss_run(s, jobs) for s in rss_sizes or []],
    }
    return res


def format_report(res: dict[str, Any]) -> str:
    """The figures as plain text."""
    lines = [f"corpus: {res['policies']} policies, {res['words']:,} words, "
             f"{res['chars']:,} chars; N = {res['jobs']} processes"]
    for key, label in (("tokenise", 'spacy.blank("en") tokenise, 1 process'),
                       ("audit_1", "full audit, 1 process"),
                       ("audit_n", f"full audit, {res['jobs']} processes")):
        r = res[key]
        lines.append(f"  {label:<40} {r['policies_s']:8.1f} policies/s "
                     f"{r['words_s']:12,.0f} words/s  ({r['seconds']:.2f} s)")
    lines.append(f"  audit / tokenise time ratio (1 process): "
                 f"{res['ratio_audit_to_tokenise']:.2f}x  (target <= 3x)")
    lines.append(f"  speed-up with {res['jobs']} processes: {res['speedup_n']:.2f}x")
    lines.append(f"  peak RSS per worker: {res['worker_peak_mb']} MB")
    lines.append("  where the audit time goes (ms per policy):")
    for k, v in res["breakdown_ms_per_policy"].items():
        lines.append(f"    {k:<36} {v:7.2f}")
    for r in res["rss_runs"]:
        lines.append(f"  batch run of {r['n']:,} policies: {r['rate']:.1f} policies/s, "
                     f"peak RSS per worker {r['worker_peak_mb']} MB, parent "
                     f"{r['parent_peak_mb']} MB, {r['errors']} errors")
    return "\n".join(lines)


def bench_command(corpus: Path | None, *, jobs: int | None = None, size: int = 200,
                  rss_sizes: str = "") -> None:
    """The `policy-audit bench` command."""
    import sys

    from policy_audit.batch import BatchError

    try:
        sizes = [int(s) for s in rss_sizes.split(",") if s.strip()]
        report = format_report(bench(corpus, jobs=jobs, size=size, rss_sizes=sizes))
    except (BatchError, ValueError) as exc:
        print(f"policy-audit: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    print(report, flush=True)
