"""Batch scoring: inputs, tables, resume, and faults (killed worker, Ctrl-C, full disk)."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest

from policy_audit.batch import (
    LAST_STATS,
    BatchError,
    audit_corpus,
    iter_inputs,
    read_results,
    write_part,
)
from policy_audit.catalogue import load_checklist

POLICY = ("Privacy Policy\n\nWe are {name} SAS, 1 rue de la Paix, Paris. Contact "
          "privacy@{name}.example.\nWe keep your data for {years} years.\n")
N_REQ = len(load_checklist().ids())


def make_corpus(folder: Path, n: int = 6) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"p{i}.txt"
        p.write_text(POLICY.format(name=f"acme{i}", years=i + 1), "utf-8")
        paths.append(str(p))
    return paths


def test_tables_join_on_id_and_bad_policy_is_an_error_row(tmp_path: Path) -> None:
    good = make_corpus(tmp_path / "c", 3)
    (tmp_path / "c" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    pol, req, ent = audit_corpus([str(tmp_path / "c")], out=str(tmp_path / "out"), jobs=1,
                                 chunk_size=2)
    assert sorted(pol["id"]) == sorted(good + [str(tmp_path / "c" / "broken.txt")])
    bad = pol[pol["id"].str.endswith("broken.txt")].iloc[0]
    assert "broken.txt" in bad["error"] and "PNG" in bad["error"]
    ok = pol[pol["error"].isna()]
    assert len(ok) == 3 and (ok["met"] + ok["partial"] + ok["missing"]
                             + ok["not_applicable"] == N_REQ).all()
    assert len(req) == 3 * N_REQ and set(req["id"]) == set(good)
    # "We keep your data for 3 years" is a retention period with a known value
    ret = ent[(ent["id"] == good[2]) & (ent["type"] == "retention")]
    assert "3 years" in " ".join(ret["text"])
    merged = req.merge(pol, on="id")
    assert len(merged) == len(req)
    again = read_results(tmp_path / "out")
    assert sorted(again.policies["id"]) == sorted(pol["id"])
    assert len(again.requirements) == len(req) and len(again.entities) == len(ent)


def test_every_input_kind_expands(tmp_path: Path) -> None:
    import pandas as pd

    paths = make_corpus(tmp_path / "c", 4)
    (tmp_path / "list.lst").write_text(f"# a list\n{paths[0]}\n\n{paths[1]}\n")
    pd.DataFrame({"id": ["t1", "t2"], "text": [POLICY.format(name="x", years=1), ""]}
                 ).to_csv(tmp_path / "t.csv", index=False)
    pd.DataFrame({"id": ["q1"], "path": [paths[3]]}).to_parquet(tmp_path / "t.parquet")
    items = list(iter_inputs([str(tmp_path / "c"), str(tmp_path / "c" / "p2*"),
                              str(tmp_path / "list.lst"), f"@{tmp_path / 'list.lst'}",
                              str(tmp_path / "t.csv"), str(tmp_path / "t.parquet")]))
    ids = [i.id for i in items]
    assert ids == paths + [paths[2], paths[0], paths[1], paths[0], paths[1], "t1", "t2", "q1"]
    assert items[-3].text.startswith("Privacy Policy") and items[-1].path == paths[3]
    pd.DataFrame({"text": ["a", "b"]}).to_parquet(tmp_path / "noid.parquet")
    assert [i.id for i in iter_inputs(str(tmp_path / "noid.parquet"))] == ["0", "1"]
    frame = pd.DataFrame({"doc": ["a"], "body": ["some text"]})
    assert [i.text for i in iter_inputs(frame, text_col="body", id_col="doc")] == ["some text"]
    with pytest.raises(BatchError, match="nothing"):
        list(iter_inputs([str(tmp_path / "nothing")]))
    with pytest.raises(BatchError, match="no file matches"):
        list(iter_inputs([str(tmp_path / "zz*.txt")]))


def test_rerun_skips_done_and_rescores_changed(tmp_path: Path) -> None:
    paths = make_corpus(tmp_path / "c", 4)
    out = str(tmp_path / "out")
    audit_corpus([str(tmp_path / "c")], out=out, jobs=1, chunk_size=2)
    Path(paths[0]).write_text(POLICY.format(name="changed", years=9), "utf-8")
    pol, req, _ = audit_corpus([str(tmp_path / "c")], out=out, jobs=1, chunk_size=2)
    stats = LAST_STATS[0]
    assert (stats.scored, stats.skipped) == (1, 3)
    assert len(pol) == 4 and len(req) == 4 * N_REQ  # the old record of p0 is superseded
    assert pol.set_index("id").loc[paths[0], "sha256"] != ""


def _no_tmp_left(out: Path) -> bool:
    return not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_full_disk_keeps_finished_parts_and_resumes(tmp_path: Path) -> None:
    make_corpus(tmp_path / "c", 6)
    out = tmp_path / "out"
    calls = {"policies": 0}

    def full_disk(out_: str, table: str, name: str, rows: list, fmt: str) -> None:
        if table == "policies":
            calls["policies"] += 1
            if calls["policies"] == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
        write_part(out_, table, name, rows, fmt)

    with pytest.raises(BatchError, match="disk full"):
        audit_corpus([str(tmp_path / "c")], out=str(out), jobs=1, chunk_size=2,
                     writer=full_disk)
    assert _no_tmp_left(out)
    first = read_results(out)
    assert len(first.policies) == 2 and len(first.requirements) == 2 * N_REQ
    pol, req, _ = audit_corpus([str(tmp_path / "c")], out=str(out), jobs=1, chunk_size=2)
    assert LAST_STATS[0].skipped == 2
    assert len(pol) == 6 and pol["id"].is_unique and len(req) == 6 * N_REQ


def test_keyboard_interrupt_keeps_finished_parts_and_resumes(tmp_path: Path) -> None:
    make_corpus(tmp_path / "c", 6)
    out = tmp_path / "out"

    def interrupt(stats) -> None:
        if stats.parts == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        audit_corpus([str(tmp_path / "c")], out=str(out), jobs=1, chunk_size=2,
                     on_part=interrupt)
    done = read_results(out).policies
    assert 2 <= len(done) < 6 and _no_tmp_left(out)
    pol, _, _ = audit_corpus([str(tmp_path / "c")], out=str(out), jobs=1, chunk_size=2)
    assert LAST_STATS[0].skipped == len(done)
    assert len(pol) == 6 and pol["id"].is_unique and pol["error"].isna().all()


def test_killed_worker_loses_nothing(tmp_path: Path) -> None:
    from policy_audit.bench import _descendants

    make_corpus(tmp_path / "c", 8)
    killed: list[int] = []

    def kill_a_worker(stats) -> None:
        if not killed:
            victims = [p for p in _descendants(os.getpid()) if _is_pool_worker(p)]
            assert victims
            os.kill(victims[-1], signal.SIGKILL)
            killed.append(victims[-1])

    pol, req, _ = audit_corpus([str(tmp_path / "c")], out=str(tmp_path / "out"), jobs=2,
                               chunk_size=1, on_part=kill_a_worker)
    assert killed
    assert len(pol) == 8 and pol["id"].is_unique and pol["error"].isna().all()
    assert len(req) == 8 * N_REQ


def _is_pool_worker(pid: int) -> bool:
    """Pool workers are forked by the forkserver, so they are grandchildren of the test."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return int(stat.rsplit(")", 1)[1].split()[1]) != os.getpid()


def test_cli_batch_csv_and_failure_exit_codes(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from policy_audit.cli import app

    make_corpus(tmp_path / "c", 2)
    runner = CliRunner()
    res = runner.invoke(app, ["batch", str(tmp_path / "c"), "--out", str(tmp_path / "o"),
                              "--jobs", "1", "--csv"])
    assert res.exit_code == 0, res.output
    assert list((tmp_path / "o" / "policies").glob("part-*.csv"))
    assert len(read_results(tmp_path / "o").requirements) == 2 * N_REQ
    res = runner.invoke(app, ["batch", str(tmp_path / "missing"), "--out",
                              str(tmp_path / "o2")])
    assert res.exit_code == 1 and "missing" in res.output and "Traceback" not in res.output


def test_read_results_on_missing_dir_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(BatchError, match="no such results directory"):
        read_results(tmp_path / "nope")


@pytest.mark.slow
def test_dask_local_cluster_matches_local_engine(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    make_corpus(tmp_path / "c", 5)
    local = audit_corpus([str(tmp_path / "c")], jobs=1)
    out = "memory://policy-audit-test/results"
    pol, req, ent = audit_corpus([str(tmp_path / "c")], out=out, jobs=2, engine="dask",
                                 chunk_size=2)
    key = ["id", "sha256", "coverage", "met", "partial", "missing"]
    assert (pol[key].sort_values("id").reset_index(drop=True)
            .equals(local.policies[key].sort_values("id").reset_index(drop=True)))
    assert len(req) == len(local.requirements) and len(ent) == len(local.entities)
    assert len(read_results(out).policies) == 5
    Path(tmp_path / "c" / "p0.txt").write_text(POLICY.format(name="new", years=4), "utf-8")
    again = audit_corpus([str(tmp_path / "c")], out=out, jobs=2, engine="dask", chunk_size=2)
    assert (LAST_STATS[0].scored, LAST_STATS[0].skipped) == (1, 4)
    assert len(again.policies) == 5 and again.policies["id"].is_unique


def test_batch_package_imports_lazily_and_pickles_by_module() -> None:
    """The batch package is split into modules; importing it (as the CLI does for
    `batch`) must not pull in pandas/pyarrow/dask, and what the pool pickles must
    resolve to importable module-level names."""
    import subprocess
    import sys

    code = ("import sys, pickle, policy_audit.batch as b; "
            "pickle.loads(pickle.dumps((b.score_chunk, b._worker_init, b.Item('i', 'p')))); "
            "print(sorted(m for m in ('pandas','pyarrow','dask','distributed','fsspec','rich') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
