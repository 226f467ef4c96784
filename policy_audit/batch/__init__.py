"""Batch: score a corpus into three tables (policies, requirements, entities).

`audit_corpus()` streams inputs in chunks to a process pool (engine "local") or a
Dask cluster (engine "dask"), and writes each finished chunk as one part of a
Parquet (or CSV) dataset::

    RESULTS/policies/part-*.parquet      one row per policy (the "done" record)
    RESULTS/requirements/part-*.parquet  policy x requirement
    RESULTS/entities/part-*.parquet      policy x entity mention

A part is written to a temporary name, fsynced and renamed; the policies part of a
chunk is written last, so a chunk counts as done only once all three exist. A
rerun with the same RESULTS skips every (id, sha256) already scored with the same
`rules_version()`, so an interrupted run resumes where it stopped. A policy that
cannot be read or audited becomes a row with `error` set, never an abort.

Modules: `inputs` (what to score), `score` (worker side), `store` (the dataset),
`engines` (process pool, Dask), `runner` (a whole run and the CLI command). Every
module imports pandas/pyarrow/dask lazily, inside functions.
"""

from __future__ import annotations

from policy_audit.batch.common import (
    COLUMNS,
    ENTITY_COLUMNS,
    POLICY_COLUMNS,
    REQUIREMENT_COLUMNS,
    TABLES,
    BatchError,
    Chunk,
)
from policy_audit.batch.inputs import (
    LIST_SUFFIXES,
    POLICY_SUFFIXES,
    Item,
    count_inputs,
    iter_inputs,
)
from policy_audit.batch.runner import (
    LAST_STATS,
    RunStats,
    audit_corpus,
    batch_command,
    run,
)
from policy_audit.batch.score import (
    _version_files,  # noqa: F401 - used by tests/test_review.py
    _worker_init,  # noqa: F401 - used by policy_audit/bench.py
    rules_version,
    score_chunk,
    score_item,
)
from policy_audit.batch.store import Results, Writer, read_results, write_chunk, write_part

# every public name of the former single module (its __all__ listed only a subset)
__all__ = ["COLUMNS", "ENTITY_COLUMNS", "LAST_STATS", "LIST_SUFFIXES", "POLICY_COLUMNS",
           "POLICY_SUFFIXES", "REQUIREMENT_COLUMNS", "TABLES", "BatchError", "Chunk", "Item",
           "Results", "RunStats", "Writer", "audit_corpus", "batch_command", "count_inputs",
           "iter_inputs", "read_results", "rules_version", "run", "score_chunk", "score_item",
           "write_chunk", "write_part"]
