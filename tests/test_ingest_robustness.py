"""Bad bytes at ingest: each gives a decoded Document (with a warning when the text
was altered or guessed) or a one-line InputError naming the file."""

from __future__ import annotations

import codecs
import time

import pytest

from policy_audit.ingest import InputError, decode, html_to_text, line_starts, load

POLICY = ("Privacy Policy\nWe keep your personal data for 3 years. "
          "Contact privacy@example.com with any question.\n")


@pytest.mark.parametrize("data, problem", [
    (b"", "empty file"),
    (b" \n\t\r\n  ", "only whitespace"),
    (codecs.BOM_UTF8 + b"  \n", "only whitespace"),
    (codecs.BOM_UTF16_LE, "only whitespace"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 64, "ZIP"),
    (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64, "ELF"),
    (b"\x00" * 200, "binary"),
    (bytes(range(1, 32)) * 40, "control characters"),
])
def test_refused_inputs_get_a_one_line_error_naming_the_file(data: bytes, problem: str):
    with pytest.raises(InputError) as info:
        decode(data, "dir/pol icy.txt")
    msg = str(info.value)
    assert msg.startswith("dir/pol icy.txt: ")
    assert problem in msg
    assert "\n" not in msg


def test_a_file_name_with_a_newline_stays_on_one_line():
    with pytest.raises(InputError) as info:
        decode(b"", "bad\nname.txt")
    assert str(info.value) == "bad\\nname.txt: empty file"
    assert info.value.path == "bad\nname.txt"


@pytest.mark.parametrize("data, encoding", [
    (POLICY.encode("utf-16"), "utf-16"),
    (POLICY.encode("utf-16-le"), "utf-16-le"),
    (POLICY.encode("utf-16-be"), "utf-16-be"),
    (codecs.BOM_UTF8 + POLICY.encode(), "utf-8-sig"),
    (POLICY.encode("utf-32"), "utf-32"),
])
def test_unicode_encodings_with_and_without_bom_decode_exactly(data: bytes, encoding: str):
    doc = decode(data, "p.txt")
    assert doc.text == POLICY
    assert doc.encoding == encoding
    assert doc.warnings == []


def test_truncated_utf16_is_decoded_with_a_warning_not_refused():
    doc = decode(POLICY.encode("utf-16-le") + b"x", "p.txt")
    assert doc.text.startswith(POLICY)
    assert any("U+FFFD" in w for w in doc.warnings)


def test_cp1252_is_decoded_and_the_guess_is_reported():
    text = "Politique “données” café — " + POLICY
    doc = decode(text.encode("cp1252"), "p.txt")
    assert doc.text == text
    assert doc.encoding == "cp1252"
    assert any("not valid UTF-8" in w for w in doc.warnings)


def test_mixed_utf8_and_cp1252_keeps_both_parts():
    data = "Café résumé naïve ".encode() + "Zoë “x” ".encode("cp1252") + POLICY.encode()
    doc = decode(data, "p.txt")
    assert doc.text == "Café résumé naïve Zoë “x” " + POLICY
    assert any("mixed encodings" in w for w in doc.warnings)


def test_invalid_utf8_bytes_never_raise_and_are_reported():
    doc = decode(POLICY.encode() + b"\xff\xfe\xfa\x81 tail", "p.txt")
    assert doc.text.startswith(POLICY)
    assert doc.warnings  # the guess is said, never silent


def test_nul_bytes_inside_text_keep_offsets():
    data = POLICY.encode().replace(b"keep", b"ke\x00p")
    doc = decode(data, "p.txt")
    assert len(doc.text) == len(POLICY)
    assert doc.text[doc.text.index("ke p")] == "k"
    assert any("NUL" in w for w in doc.warnings)


@pytest.mark.parametrize("text", [
    "a\r\nb\rc\nd", "\r\r\n\n", "x\r", "\n", "one line", "a\r\n\r\nb",
])
def test_line_starts_match_a_reference_split(text: str):
    starts, pos = [0], 0
    while pos < len(text):
        if text.startswith("\r\n", pos):
            pos += 2
            starts.append(pos)
            continue
        pos += 1
        if text[pos - 1] in "\r\n":
            starts.append(pos)
    assert line_starts(text) == starts


@pytest.mark.parametrize("html", [
    "<div " * 20000, "<!--" * 20000, "<!-- > " * 20000, "</x " * 20000, "<?" * 20000,
    "<script>" + "</" * 20000 + "</script>", "<" * 50000, "><" * 40000,
])
def test_hostile_html_is_parsed_in_bounded_work(html: str):
    # Before the stray-"<" escape, "<div " * 20000 took about 20 s (quadratic).
    out = html_to_text("<html><body>" + html + "<p>We keep data.</p>")
    assert out.endswith("We keep data.")


def test_html_sniffing_ignores_stray_angle_brackets():
    doc = decode(("a < b and c > d. " * 50 + POLICY).encode(), "p.txt")
    assert doc.kind == "text"
    assert doc.text.endswith(POLICY)


def test_html_with_a_doctype_after_blank_lines_is_html():
    doc = decode(b"\n\n  <!DOCTYPE html><html><body><h1>Privacy</h1>"
                 b"<p>We keep your data for 3 years.</p></body></html>", "p.html")
    assert doc.kind == "html"
    assert doc.text.split() == "Privacy We keep your data for 3 years.".split()


def test_size_limit_refuses_with_the_limit_in_the_message(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"We keep data. " * 1000)
    with pytest.raises(InputError) as info:
        load(p, limit=1000)
    assert "over the 1,000-byte limit" in str(info.value)
    assert "--max-bytes" in str(info.value)
    assert len(load(p, limit=20000).text) == 14000


def test_size_limit_from_the_environment(tmp_path, monkeypatch):
    p = tmp_path / "p.txt"
    p.write_bytes(POLICY.encode())
    monkeypatch.setenv("POLICY_AUDIT_MAX_BYTES", "10")
    with pytest.raises(InputError, match="limit"):
        load(p)
    monkeypatch.setenv("POLICY_AUDIT_MAX_BYTES", "not a number")
    assert load(p).text == POLICY


def test_a_stream_with_no_size_is_still_bounded():
    # /dev/zero reports size 0 and never ends: read stops at the limit.
    t = time.perf_counter()
    with pytest.raises(InputError, match="limit|binary"):
        load("/dev/zero", limit=100_000)
    assert time.perf_counter() - t < 30  # guards against an endless read, not speed


def test_directory_missing_and_unreadable_paths(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="is a directory"):
        load(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "missing.txt")
    p = tmp_path / "locked.txt"
    p.write_bytes(POLICY.encode())

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(p), "open", deny)
    with pytest.raises(InputError) as info:
        load(p)
    assert str(info.value) == f"{p}: permission denied"


def test_a_str_source_is_text_unless_one_line_naming_a_file_or_directory(tmp_path,
                                                                       monkeypatch):
    """`audit("docs")` next to a docs/ folder is a mistaken path, not a one-word
    policy: a clear InputError that says how to audit the string as text. Text with
    a newline is never a path, even when its first line names a folder."""
    from pathlib import Path

    from policy_audit.api import audit

    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "Privacy Policy").mkdir()
    (tmp_path / "p.txt").write_text(POLICY, encoding="utf-8")

    with pytest.raises(InputError) as info:
        load("docs")
    msg = str(info.value)
    assert msg.startswith("docs: is a directory, not a policy file")
    assert "bytes" in msg and "\n" not in msg
    with pytest.raises(InputError, match="is a directory"):
        audit("docs")
    # a Path (what the CLI passes) keeps the CLI's message exactly
    with pytest.raises(InputError) as info:
        load(Path("docs"))
    assert str(info.value) == "docs: is a directory, not a policy file"

    assert load(b"docs").text == "docs"  # bytes: always the text
    doc = load("p.txt")  # one line naming a file: read it
    assert (doc.path, doc.text) == ("p.txt", POLICY)
    text = "Privacy Policy\nWe keep your data for 3 years.\n"
    r = audit(text)  # first line names a folder, but text with a newline is text
    assert (r.document.path, r.text) == ("<text>", text)
    assert r.verdict("13(2)(a)").status == "met"
    assert load("We keep your data for 3 years.").path == "<text>"  # nothing there
    assert load("a\x00b").text == "a\x00b".replace("\x00", " ")  # not a valid path


@pytest.mark.parametrize("name", ["policy.txt", "out/policy.html",
                                  "C:\\policies\\acme.md", "notes.PDF"])
def test_a_missing_file_name_is_an_error_not_a_one_word_policy(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        load(name)
    assert str(info.value) == (f"{name}: no such file (to audit this string as the policy "
                               "text, pass it as bytes)")


@pytest.mark.parametrize("text", ["We store cookies.txt files.", "Privacy.", "See privacy.html",
                                  "Last updated 2020.05"])
def test_short_text_with_spaces_or_no_document_extension_stays_text(tmp_path, monkeypatch, text):
    monkeypatch.chdir(tmp_path)
    assert load(text).path == "<text>"
