"""Time every regular expression in policy_audit against long hostile runs.

Collects (1) every module-level compiled pattern, (2) every string literal passed
to `re.compile/search/match/fullmatch/finditer/findall/sub/split` in the package
source, (3) every cue group of data/cues.yaml and (4) every pattern of
data/entities.yaml. Each runs with `finditer` over runs of spaces, dots, digits,
dashes, capitals ... at two sizes; a pattern whose time grows faster than the
size (ratio well above the size ratio) backtracks super-linearly.

    .venv/bin/python scripts/regex_timing.py [--sizes 2000 8000] [--all]
"""

from __future__ import annotations

import argparse
import ast
import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

import policy_audit

RUNS = {
    "spaces": " ", "dots": ".", "digits": "1", "dashes": "-", "capitals": "A",
    "letters": "a", "cap-digit": "A1", "num-dot": "1.", "words": "Data ", "caps-words": "A ",
    "dot-space": ". ", "tabs": "\t", "commas": ",", "x-dash": "X-", "at": "a@",
    "newlines": "\n", "of": " of", "up-to": "up to ", "lt-div": "<div ", "hash": "#",
}
# runs that only hurt after a given start, e.g. a line-start pattern whose
# optional parts can split one run of spaces in many ways
PREFIXED = {"nl-then-spaces": ("\n", " "), "nl-then-tabs": ("\n", "\t"),
            "nl-then-dashes": ("\n", "-")}
RE_FUNCS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "split"}


def _literal_patterns() -> dict[str, str]:
    out: dict[str, str] = {}
    root = Path(policy_audit.__file__).parent
    for py in sorted(root.rglob("*.py")):
        tree = ast.parse(py.read_text("utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in RE_FUNCS and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                out[node.args[0].value] = f"{py.relative_to(root.parent)}:{node.lineno}"
    return out


def collect() -> list[tuple[str, re.Pattern[str]]]:
    """(where, compiled pattern) for every regex the package uses."""
    found: dict[str, tuple[str, re.Pattern[str]]] = {}
    for info in pkgutil.walk_packages(policy_audit.__path__, "policy_audit."):
        if info.name.endswith("__main__"):
            continue
        mod = importlib.import_module(info.name)
        for name, value in vars(mod).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault(value.pattern, (f"{info.name}.{name}", value))
    for pattern, where in _literal_patterns().items():
        try:
            found.setdefault(pattern, (where, re.compile(pattern)))
        except re.error:
            pass
    from policy_audit.catalogue import load_cues

    for name, rx in load_cues().items():
        found.setdefault(rx.pattern, (f"data/cues.yaml:{name}", rx))
    from policy_audit.extract import patterns

    def walk(node: object, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k not in ("parts",):
                    walk(v, (*path, k))
        elif isinstance(node, list) and all(isinstance(x, str) for x in node):
            if path[-1].endswith("_stop"):
                return
            for i, p in enumerate(node):
                rx = re.compile(patterns.expand(p))
                found.setdefault(rx.pattern, (f"data/entities.yaml:{'.'.join(path)}[{i}]", rx))
        elif isinstance(node, str):
            rx = re.compile(patterns.expand(node))
            found.setdefault(rx.pattern, (f"data/entities.yaml:{'.'.join(path)}", rx))

    walk(patterns.raw(), ())
    return list(found.values())


def time_pattern(rx: re.Pattern[str], text: str, repeat: int = 3) -> float:
    """Best of `repeat` runs of `finditer` over `text` (best-of filters out noise
    from other processes on a shared machine)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in rx.finditer(text):
            pass
        best = min(best, time.perf_counter() - t)
        if best > 1.0:  # already slow: no need to repeat
            break
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs=2, default=[2000, 8000])
    ap.add_argument("--all", action="store_true", help="print every pattern, not only slow ones")
    args = ap.parse_args()
    small, large = args.sizes
    pats = collect()
    print(f"{len(pats)} patterns x {len(RUNS) + len(PREFIXED)} runs, "
          f"sizes {small} and {large} chars")
    bad = 0
    t_all = time.perf_counter()
    for where, rx in pats:
        worst = (0.0, 0.0, "")
        runs = {**{k: ("", u) for k, u in RUNS.items()}, **PREFIXED}
        for run, (prefix, unit) in runs.items():
            t1 = time_pattern(rx, prefix + unit * (small // len(unit)))
            t2 = time_pattern(rx, prefix + unit * (large // len(unit)))
            if t2 > worst[1]:
                worst = (t1, t2, run)
        t1, t2, run = worst
        ratio = t2 / t1 if t1 > 0 else 0.0
        slow = t2 > 0.02 and ratio > 1.5 * (large / small)
        bad += slow
        if slow or args.all:
            mark = "SUPERLINEAR" if slow else "ok"
            print(f"{mark:11} {where:55} worst run {run:9} {t1 * 1e3:8.2f} ms -> "
                  f"{t2 * 1e3:9.2f} ms (x{ratio:.1f})")
    print(f"{bad} super-linear pattern(s) of {len(pats)}; "
          f"total {time.perf_counter() - t_all:.1f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
