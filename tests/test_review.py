"""Regression tests for problems found in code review (each failed before its fix)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest


def test_fractional_weeks_days_hours_keep_their_length() -> None:
    """'half a week' was P0W and '2.5 days' P2D: a fraction is carried to the next unit."""
    from policy_audit.extract.periods import iso_duration

    assert iso_duration(0.5, "weeks") == "P3D"  # 3.5 days, floored like the others
    assert iso_duration(1.5, "weeks") == "P10D"
    assert iso_duration(2.5, "days") == "PT60H"
    assert iso_duration(1.5, "hours") == "PT1H"  # unchanged (minutes would read as months)
    assert iso_duration(1.5, "years") == "P18M"  # unchanged
    assert iso_duration(3, "weeks") == "P3W"  # unchanged


@pytest.mark.parametrize("head", [b"MZone Ltd Privacy Policy", b"GIF8 Studios Privacy Policy"])
def test_text_starting_like_a_magic_number_is_not_binary(head: bytes) -> None:
    """A policy whose first word starts with 'MZ' or 'GIF8' was refused as an executable
    or an image."""
    from policy_audit.ingest import load

    doc = load(head + b"\nWe keep your data for 3 years.\n", path="p.txt")
    assert doc.text.startswith(head.decode())


@pytest.mark.parametrize("data", [b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 4,
                                  b"GIF89a\x01\x00\x01\x00\x80\x00\x00" * 4])
def test_real_magic_numbers_are_still_binary(data: bytes) -> None:
    from policy_audit.ingest import InputError, load

    with pytest.raises(InputError, match="binary file"):
        load(data, path="p.bin")


def test_document_built_by_hand_gets_line_numbers() -> None:
    """audit(Document(...)) without line_starts put every evidence on line 1."""
    from policy_audit.api import audit
    from policy_audit.types import Document

    text = "Privacy\n\nRetention\nWe keep your data for 3 years.\n"
    doc = Document(text=text, path="x", sha256="", encoding="utf-8")
    assert doc.line_of(text.index("We keep")) == 4
    assert audit(doc).verdict("13(2)(a)").evidence[0].line == audit(text).verdict(
        "13(2)(a)").evidence[0].line == 4


def test_offset_cache_is_not_shared_between_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """patterns._offsets kept one module-level cache for 'the last text': a thread
    could store one text's offsets under another text (wrong entity offsets when
    audits run in threads, e.g. a threaded Dask worker or a web server)."""
    from policy_audit.extract import patterns

    low_a, low_b = "x" * 10 + "key", "key" + "y" * 10
    real = patterns._find_all
    a_computing, b_done = threading.Event(), threading.Event()

    def slow_find_all(low: str, key: str, end: int) -> list[int]:
        if low is low_a:
            a_computing.set()
            b_done.wait(5)
        return real(low, key, end)

    monkeypatch.setattr(patterns, "_find_all", slow_find_all)
    found: dict[str, list[int]] = {}
    t = threading.Thread(target=lambda: found.update(a=patterns._offsets(low_a, "key")))
    t.start()
    assert a_computing.wait(5)
    patterns._offsets(low_b, "other")  # this thread moves on to another text
    b_done.set()
    t.join(5)
    assert found["a"] == [10]
    assert patterns._offsets(low_b, "key") == [0]


def test_table_text_column_with_any_name() -> None:
    """A text column whose name is not a Python identifier ('policy text') was read
    as empty by itertuples (every policy an 'empty file' error row)."""
    import pandas as pd

    from policy_audit.batch import iter_inputs

    df = pd.DataFrame({"id": ["a"], "policy text": ["We keep your data for 3 years."]})
    (item,) = iter_inputs(df, text_col="policy text")
    assert item.text == "We keep your data for 3 years."
    df = pd.DataFrame({"id": ["a"], "file path": ["p.txt"]})
    (item,) = iter_inputs(df, path_col="file path")
    assert item.path == "p.txt"


def test_missing_text_in_a_frame_is_empty_not_nan() -> None:
    """A NaN/None text cell was audited as the policy text 'nan'."""
    import pandas as pd

    from policy_audit.batch import iter_inputs

    df = pd.DataFrame({"id": ["a", "b"], "text": ["We keep your data.", float("nan")]})
    assert [i.text for i in iter_inputs(df)] == ["We keep your data.", ""]


def test_rules_version_covers_everything_that_changes_verdicts() -> None:
    """A rerun resumes by rules_version(): it must change when the calibration
    (confidences) or the classifier weights (.npz) change, not only the YAML."""
    from policy_audit.batch import _version_files

    names = {p.name for p in _version_files()}
    assert {"checklist.yaml", "cues.yaml", "calibration.json"} <= names
    assert {"requirements.npz", "requirements.json"} <= names



def test_missing_text_column_with_non_string_column_names_is_a_batch_error() -> None:
    """The message joined the column names as strings: int names raised TypeError."""
    import pandas as pd

    from policy_audit.batch import BatchError, iter_inputs

    with pytest.raises(BatchError, match="no text column 'text'"):
        list(iter_inputs(pd.DataFrame({0: ["a"], 1: ["b"]}), text_col="text"))


def test_requirements_evaluation_without_gold_is_a_message(tmp_path: Path) -> None:
    """`policy-audit evaluate requirements --gold EMPTY` ended in KeyError: 'all'."""
    from policy_audit.evaluate.requirements import report

    assert report(tmp_path, tmp_path).startswith("no gold policy to score")


def test_first_heading_after_leading_blank_lines_is_a_heading():
    from policy_audit.api import audit

    r = audit(b"\n\nPrivacy Policy\n\nWe keep your data for 3 years as the law requires.\n",
              path="p.txt")
    heads = [s for s in r.sentences if s.is_heading]
    assert [r.text[s.start:s.end] for s in heads] == ["Privacy Policy"]


def test_minutes_are_not_months():
    from policy_audit.extract.periods import months

    assert months("PT30M") < 0.001 and months("P30M") == 30
