"""Step 1, ingest: bytes or a path to a decoded `Document`, or a clear `InputError`.

The decoded text is kept exactly as the file gives it (newlines untouched), so
every offset in a report indexes it. HTML is the one exception: it is reduced
to its text, and the report says so (`source.format == "html"`).
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from policy_audit.types import Document

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_BYTES_ENV = "POLICY_AUDIT_MAX_BYTES"

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document (extract its text first, e.g. with pdftotext)",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x7fELF": "an ELF executable",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
    b"MZ": "a Windows executable",  # only with a NUL in its header (see _is_magic)
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
_NEWLINE = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HTML_HINT = re.compile(
    r"<[ \t]{0,20}(?:!doctype\s+html|html|body|head|div|p|br|h[1-6]|li|ul|ol|table|span|a\s)"
    r"[^<>]{0,2000}>",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^#{1,6} \S", re.MULTILINE)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html)\b", re.IGNORECASE)
# A "<" with no ">" before the next "<": not a tag. HTMLParser rescans from each
# such "<" (quadratic on "<div <div ..."), so it is escaped to text first.
_STRAY_LT = re.compile(r"<(?=[^<>]*(?:<|\Z))")
_LANGS = ["en", "fr", "de", "es", "it", "nl", "pt", "pl", "sv", "da", "fi", "no", "cs", "ro",
          "hu", "el", "bg", "hr", "sk", "sl", "et", "lv", "lt", "ru", "uk", "tr", "zh", "ja",
          "ko", "ar", "he", "hi", "id", "vi"]


class InputError(ValueError):
    """A policy that cannot be audited; `str()` is the one-line message for the user."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{printable(path)}: {problem}")


def printable(path: str) -> str:
    """The path on one line: newlines and other control characters escaped."""
    return path if path.isprintable() else repr(path)[1:-1]


def max_bytes() -> int:
    """The size limit: $POLICY_AUDIT_MAX_BYTES or 5 MB."""
    try:
        return int(os.environ.get(MAX_BYTES_ENV, DEFAULT_MAX_BYTES))
    except ValueError:
        return DEFAULT_MAX_BYTES


def read_path(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """Read a file's bytes, turning every OS failure into an `InputError`."""
    name = str(path)
    limit = max_bytes() if limit is None else limit
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(name, "is a directory, not a policy file")
        size = p.stat().st_size
        if size > limit:
            raise InputError(name, f"file is {size:,} bytes, over the {limit:,}-byte limit "
                                   f"(raise it with --max-bytes or ${MAX_BYTES_ENV})")
        with p.open("rb") as fh:
            return fh.read(limit + 1)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None


def load(source: str | bytes | os.PathLike[str], *, path: str | None = None,
         limit: int | None = None) -> Document:
    """Turn a path, raw bytes or a str into a `Document`.

    Bytes are always the policy itself and an `os.PathLike` is always a path (the
    CLI passes `Path`s). A `str` is the policy text itself unless it could be a
    path and something exists there: a single line of at most 4096 characters. Then
    a file (or device) is read, and a directory is an `InputError` rather than a
    silent one-word audit, since `"docs"` next to a docs/ folder is almost surely a
    mistaken path; so is a missing file whose name can only be a file name (no
    spaces, a document extension: `"policy.txt"`). The messages say to pass bytes to
    audit the string as text. Text with a newline is never taken for a path.

    >>> load(b"We keep your data for 3 years.", path="p.txt").text
    'We keep your data for 3 years.'
    >>> load("We keep your data for 3 years.").path
    '<text>'
    """
    limit = max_bytes() if limit is None else limit
    if isinstance(source, bytes):
        return decode(source, path or "<bytes>", limit)
    if isinstance(source, str):
        kind = _path_kind(source)
        if kind is None:
            return decode(source.encode("utf-8"), path or "<text>", limit)
        if kind == "dir":
            raise InputError(source, "is a directory, not a policy file (audit_corpus() "
                                     "scores a folder; to audit this string as the policy "
                                     "text, pass it as bytes)")
        if kind == "missing":
            raise InputError(source, "no such file (to audit this string as the policy "
                                     "text, pass it as bytes)")
    name = path or str(source)
    return decode(read_path(source, limit), name, limit)


_DOC_EXTENSIONS = {"txt", "text", "htm", "html", "xhtml", "md", "markdown", "rst", "pdf",
                   "doc", "docx", "rtf", "json"}


def _file_like(s: str) -> bool:
    """No whitespace and a document extension: "policy.txt" can only be a file name."""
    s = s.strip()
    stem, dot, ext = s.rpartition(".")
    return bool(stem) and bool(dot) and ext.lower() in _DOC_EXTENSIONS and not any(
        c.isspace() for c in s)


def _path_kind(s: str) -> str | None:
    """What the str `s` names if it could be a path: "file", "dir", or "missing"
    for a name that can only be a file name ("policy.txt": no spaces, a document
    extension) where nothing exists; None means it is policy text."""
    if "\n" in s or len(s) > 4096:
        return None
    try:
        p = Path(s)
        if p.is_dir():
            return "dir"
        if p.exists():
            return "file"
    except (OSError, ValueError):  # e.g. a NUL byte or a name too long for the OS
        return None
    return "missing" if _file_like(s) else None


def decode(data: bytes, path: str, limit: int | None = None) -> Document:
    """Decode, sniff the format and language, and validate the text."""
    limit = max_bytes() if limit is None else limit
    if len(data) > limit:
        raise InputError(path, f"input is over the {limit:,}-byte limit "
                               f"(raise it with --max-bytes or ${MAX_BYTES_ENV})")
    if not data.strip():
        raise InputError(path, "empty file" if not data else "file holds only whitespace")
    for magic, what in _MAGIC.items():
        if _is_magic(data, magic):
            raise InputError(path, f"binary file ({what}), not a text policy")
    warnings: list[str] = []
    text, encoding = _decode_bytes(data, path, warnings)
    if not text.strip():
        raise InputError(path, "file holds only whitespace")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError(path, f"binary file ({controls:,} control characters), "
                               "not a text policy")
    if "\x00" in text:
        n = text.count("\x00")
        text = text.replace("\x00", " ")
        warnings.append(f"{n} NUL character(s) replaced by spaces (offsets unchanged)")
        if not text.strip():
            raise InputError(path, "file holds only NUL bytes and whitespace")
    kind = _sniff_format(text)
    if kind == "html":
        text = html_to_text(text)
        warnings.append("HTML input: offsets index the text extracted from the HTML "
                        "(print it with `policy-audit text`)")
        if not text.strip():
            raise InputError(path, "HTML file holds no text")
    language = detect_language(text)
    if language != "en":
        warnings.append(f"language detected as '{language}', not English: "
                        "verdicts are unreliable")
    return Document(text=text, path=path, sha256=hashlib.sha256(data).hexdigest(),
                    encoding=encoding, language=language, kind=kind, warnings=warnings,
                    line_starts=line_starts(text))


def _is_magic(data: bytes, magic: bytes) -> bool:
    """Whether `data` opens with a binary format's signature. "MZ" is also how a
    text may begin ("MZone Ltd ..."): an executable's DOS header holds NUL bytes."""
    if not data.startswith(magic):
        return False
    return magic != b"MZ" or b"\x00" in data[:64]


def line_starts(text: str) -> list[int]:
    """Offsets at which each line begins (\\n, \\r\\n and \\r all end a line)."""
    return [0] + [m.end() for m in _NEWLINE.finditer(text)]


def _decode_bytes(data: bytes, path: str, warnings: list[str]) -> tuple[str, str]:
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode_lossy(data, enc, warnings), enc
    utf16 = _sniff_utf16(data)
    if utf16:
        return _decode_lossy(data, utf16, warnings), utf16
    if b"\x00" in data and data.count(b"\x00") > max(8, len(data) // 100):
        raise InputError(path, "binary file (NUL bytes), not a text policy")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Valid UTF-8 multibyte sequences next to invalid bytes: a file pasted together
    # from two encodings. Decode UTF-8 and read the stray bytes as cp1252.
    multibyte = len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data))
    if multibyte >= 3:
        warnings.append("mixed encodings: UTF-8 with some cp1252 bytes")
        return data.decode("utf-8", errors="cp1252-fallback"), "utf-8+cp1252"
    try:
        text = data.decode("cp1252")
        warnings.append("not valid UTF-8: decoded as cp1252 (Windows Latin-1)")
        return text, "cp1252"
    except UnicodeDecodeError:
        pass
    high = sum(b >= 0x80 for b in data)
    if high <= len(data) // 5:  # mostly ASCII: a Western legacy file, read as latin-1
        warnings.append("not valid UTF-8: decoded as latin-1")
        return data.decode("latin-1"), "latin-1"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        warnings.append(f"not valid UTF-8: decoded as {best.encoding} (guessed)")
        return str(best), best.encoding
    warnings.append("not valid UTF-8: decoded as latin-1")
    return data.decode("latin-1"), "latin-1"


def _decode_lossy(data: bytes, encoding: str, warnings: list[str]) -> str:
    """Decode, replacing invalid sequences (a truncated or damaged UTF-16 file)
    with U+FFFD, and say so."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        warnings.append(f"invalid {encoding} byte sequence(s) replaced by U+FFFD")
        return text


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-range text leaves every other byte NUL."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    bad = err.object[err.start:err.end]
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error("cp1252-fallback", _cp1252_fallback)


def _sniff_format(text: str) -> str:
    head = text[:20000]
    if _HTML_START.match(head.lstrip()):
        return "html"
    if len(_HTML_HINT.findall(head)) >= 5:
        return "html"
    if len(_MD_HEADING.findall(head)) >= 2:
        return "markdown"
    return "text"


class _TextExtractor(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
             "table", "section", "article", "header", "footer", "title", "dt", "dd", "hr",
             "blockquote", "pre", "main", "nav", "td", "th"}
    SKIP = {"script", "style", "noscript", "template", "svg", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in {"td", "th"}:
            self.parts.append(" | ")
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Reduce HTML to text, one block per line.

    >>> html_to_text("<h1>Privacy</h1><p>We keep <b>data</b>.</p>")
    'Privacy\\nWe keep data.'
    """
    parser = _TextExtractor()
    parser.feed(_STRAY_LT.sub("&lt;", html))
    parser.close()
    text = "".join(parser.parts)
    lines = [ln.strip() for ln in text.split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln in ("", "-", "|"):
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(ln)
    return "\n".join(out).strip()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid on a sample of it)."""
    sample = text[:3000] + " " + text[len(text) // 2: len(text) // 2 + 2000]
    letters = sum(c.isalpha() for c in sample)
    if letters < 40:
        return "en"  # too little text to tell; do not warn on fragments
    lang, _ = _identifier().classify(sample)
    return str(lang)


_IDENT = None


def _identifier():  # noqa: ANN202 - py3langid has no public type
    global _IDENT
    if _IDENT is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _IDENT = LanguageIdentifier.from_model_file(MODEL_FILE)
        _IDENT.set_languages(_LANGS)
    return _IDENT
