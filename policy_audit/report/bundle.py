"""`--bundle DIR`: every report format for one or more policies in one folder,
plus a short README for the client."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policy_audit.api import AuditResult

BUNDLE_FILES = ("{stem}.json", "{stem}.md", "{stem}.html", "{stem}.requirements.csv",
                "{stem}.entities.csv", "{stem}.xlsx")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def share_mode(path: str | Path) -> None:
    """Give a file made by mkstemp (always 0600) the mode an ordinary `open()` would
    (0666 minus the umask): reports are handed to clients and colleagues."""
    os.chmod(path, 0o666 & ~_umask())


def write_atomic(target: Path, content: str | bytes | Callable[[Path], None]) -> None:
    """Write atomically (a temp file, then rename) so a reader never sees half a file.

    `content` is text (UTF-8), bytes, or a function that writes the file at the path
    it is given (for writers such as openpyxl that want a path, not a stream). On
    any failure neither `target` nor the temp file is left changed or behind."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        if callable(content):
            os.close(fd)
            content(Path(tmp))
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        share_mode(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bundle(results: list[AuditResult], folder: Path,
                 stems: list[str] | None = None) -> list[Path]:
    """Write json/md/html/csv/xlsx for each result and README.md into `folder`.

    Returns the written paths. Raises OSError when the folder cannot be written."""
    from policy_audit.report import _env, ranked_gaps, to_json, to_markdown
    from policy_audit.report import to_html as render_html
    from policy_audit.report.tables import to_csv, write_xlsx

    folder.mkdir(parents=True, exist_ok=True)
    stems = stems or unique_stems([r.document.path for r in results], folder,
                                  BUNDLE_SUFFIXES)
    written: list[Path] = []
    entries = []
    for result, stem in zip(results, stems, strict=True):
        files = [f.format(stem=stem) for f in BUNDLE_FILES]
        contents: list[str | None] = [to_json(result) + "\n", to_markdown(result),
                                      render_html(result), to_csv(result, "requirements"),
                                      to_csv(result, "entities"), None]
        for name, content in zip(files, contents, strict=True):
            target = folder / name
            if content is None and not _has_openpyxl():
                continue  # the xlsx extra is not installed: the CSVs carry the same tables
            if content is None:
                write_atomic(target, partial(write_xlsx, result))
            else:
                write_atomic(target, content)
            written.append(target)
        entries.append({"result": result, "files": files, "xlsx": _has_openpyxl(), "stem": stem,
                        "gaps": ranked_gaps(result)[:3]})
    text = _env(html=False).get_template("bundle_readme.md.j2").render(entries=entries)
    write_atomic(folder / "README.md", text)
    written.append(folder / "README.md")
    return written


def _has_openpyxl() -> bool:
    from importlib.util import find_spec

    return find_spec("openpyxl") is not None


def unique_stems(paths: list[str], folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    """One output stem per input path, such that no two inputs share a report
    (a/policy.txt and b/policy.txt) and no report overwrites an input
    (`--out .` next to policy.html): clashes get -2, -3, ..."""
    inputs = {Path(p).resolve() for p in paths}
    used: set[str] = set()
    stems = []
    for p in paths:
        base = safe_stem(str(p))
        stem, n = base, 1
        while stem in used or any((folder / f"{stem}.{s}").resolve() in inputs
                                  for s in suffixes):
            n += 1
            stem = f"{base}-{n}"
        used.add(stem)
        stems.append(stem)
    return stems


BUNDLE_SUFFIXES = tuple(f.split(".", 1)[1] for f in BUNDLE_FILES)


def safe_stem(path: str) -> str:
    """A file-name stem that cannot leave the output directory."""
    name = Path(path).name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem).strip("._")
    # 100 bytes leave room for ".ext" and the temporary ".NAME.xxxxxxxx.tmp" under
    # the usual 255-byte file-name limit
    cleaned = cleaned.encode("utf-8")[:100].decode("utf-8", errors="ignore").rstrip("._")
    return cleaned or "policy"
