"""The `policy-audit` command line. Each command parses its arguments and calls a
plain function of the library; heavy imports happen inside the commands so
`--help` is instant."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Audit privacy policies against the GDPR transparency requirements (Art. 8, 12-22).",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
evaluate_app = typer.Typer(help="Accuracy against hand-made gold annotations.",
                           no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")

FORMAT_HELP = "text (diff-style, default on a terminal), json, md, html, or all (with --out)"


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"policy-audit: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def audit(
    policies: Annotated[list[Path], typer.Argument(help="Policy files (text, Markdown or HTML).")],
    format: Annotated[str | None, typer.Option("--format", "-f", help=FORMAT_HELP)] = None,
    out: Annotated[Path | None, typer.Option(help="Write one report per policy here.")] = None,
    fail_under: Annotated[float | None, typer.Option(
        help="Exit 1 when a policy's coverage is below this fraction (0-1, e.g. 0.8).")]
        = None,
    summary: Annotated[bool, typer.Option(help="Print a summary table at the end.")] = False,
    max_bytes: Annotated[int | None, typer.Option(
        help="Refuse files larger than this (default 5 MB).")] = None,
    color: Annotated[bool | None, typer.Option(
        "--color/--no-color", help="Colour the text report (default: when a terminal).")] = None,
    bundle: Annotated[Path | None, typer.Option(
        help="Also write json/md/html/csv/xlsx and a client README into this folder.")] = None,
) -> None:
    """Audit POLICIES and print (one file) or write (several, or --out) gap reports."""
    from policy_audit.api import audit as run_audit
    from policy_audit.ingest import InputError
    from policy_audit.report import EXTENSIONS, FORMATS, render

    tty = sys.stdout.isatty()
    fmt = format or ("text" if tty or out is None else "json")
    formats = list(FORMATS) if fmt == "all" else [fmt]
    for f in formats:
        if f not in FORMATS:
            _fail(f"unknown format {f!r} (choose from {', '.join(FORMATS)} or all)")
    if fmt == "all" and out is None:
        _fail("--format all needs --out DIR")
    if fail_under is not None and not 0 <= fail_under <= 1:
        hint = f" (for {fail_under:g}% write {fail_under / 100:g})" if 1 < fail_under <= 100 else ""
        _fail(f"--fail-under is a fraction between 0 and 1, not {fail_under:g}{hint}")
    to_files = out is not None or len(policies) > 1
    if to_files and out is None:
        out = Path("reports")
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _fail(f"{out}: cannot create output directory ({exc.strerror or exc})")
    results = []
    errors = 0
    below: list[str] = []
    stems: dict[int, str] = {}
    if out is not None:
        from policy_audit.report.bundle import unique_stems

        suffixes = tuple(EXTENSIONS[f] for f in formats)
        stems = dict(enumerate(unique_stems([str(p) for p in policies], out, suffixes)))
    for i, policy in enumerate(policies):
        try:
            result = run_audit(policy, max_bytes=max_bytes)
        except InputError as exc:
            typer.echo(f"policy-audit: {exc}", err=True)
            errors += 1
            continue
        results.append(result)
        if fail_under is not None and result.coverage < fail_under:
            below.append(f"{policy}: coverage {result.coverage:.0%} is below {fail_under:.0%}")
        if not to_files:
            use_color = tty if color is None else color
            typer.echo(render(result, formats[0], color=use_color), nl=False)
            continue
        stem = stems[i]
        for f in formats:
            target = out / f"{stem}.{EXTENSIONS[f]}"
            _write_atomic(target, render(result, f, color=False))
    if bundle is not None and results:
        from policy_audit.report.bundle import write_bundle

        try:
            write_bundle(results, bundle)
        except OSError as exc:
            _fail(f"{bundle}: cannot write bundle ({exc.strerror or exc})")
        typer.echo(f"policy-audit: bundle written to {bundle}", err=True)
    if summary or (to_files and results):
        _print_summary(results)
    if errors:
        raise typer.Exit(2)
    if below:
        for line in below:
            typer.echo(f"policy-audit: {line}", err=True)
        raise typer.Exit(1)


def _write_atomic(target: Path, content: str) -> None:
    from policy_audit.report.bundle import write_atomic

    try:
        write_atomic(target, content)
    except OSError as exc:
        _fail(f"{target}: cannot write report ({exc.strerror or exc})")


def _print_summary(results: list) -> None:
    from rich.console import Console
    from rich.table import Table

    from policy_audit.report import ranked_gaps

    table = Table(title="policy-audit summary")
    for col in ("policy", "coverage", "met", "partial", "missing", "top gaps"):
        table.add_column(col)
    for r in results:
        gaps = ", ".join(f"{g.id} ({g.status})" for g in ranked_gaps(r)[:3])
        table.add_row(Path(r.document.path).name, f"{r.coverage:.0%}", str(r.score["met"]),
                      str(r.score["partial"]), str(r.score["missing"]), gaps)
    Console(stderr=False, width=140).print(table)


@app.command()
def checklist(
    format: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
) -> None:
    """List the requirements: id, title, article, duty and what the law demands."""
    from policy_audit.catalogue import load_checklist

    if format not in ("table", "json"):
        _fail(f"unknown format {format!r} (choose from table, json)")
    reqs = load_checklist().requirements
    if format == "json":
        import json

        typer.echo(json.dumps([r.model_dump(include={"id", "title", "article", "duty",
                                                      "demands"}) for r in reqs], indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="GDPR transparency checklist")
    for col in ("id", "title", "article", "duty", "met when"):
        table.add_column(col)
    for r in reqs:
        table.add_row(r.id, r.title, r.article, r.duty, r.demands)
    Console(width=160).print(table)


@app.command()
def text(policy: Annotated[Path, typer.Argument(help="A policy file.")]) -> None:
    """Print the decoded text that report offsets index (useful for HTML input)."""
    from policy_audit.ingest import InputError, load

    try:
        doc = load(policy)
    except InputError as exc:
        _fail(str(exc))
    sys.stdout.write(doc.text)


GoldDir = Annotated[Path, typer.Option(help="Folder of policy gold files.")]
SharedDir = Annotated[Path, typer.Option(help="../shared/corpus, for the real policies.")]
POLICY_GOLD = Path("corpus/gold/policies")
SHARED = Path("../shared/corpus")


@evaluate_app.command("sections")
def evaluate_sections(
    gold: Annotated[Path, typer.Option(help="Folder of section gold files.")] =
        Path("corpus/gold/sections"),
) -> None:
    """Boundary precision/recall of headings against hand-labelled seeds."""
    from policy_audit.evaluate import sections_report

    typer.echo(sections_report(gold))


@evaluate_app.command("entities")
def evaluate_entities(gold: GoldDir = POLICY_GOLD, shared: SharedDir = SHARED) -> None:
    """Precision, recall and F1 per entity type and for normalised values."""
    from policy_audit.evaluate import entities_report

    typer.echo(entities_report(gold, shared))


@evaluate_app.command("requirements")
def evaluate_requirements(gold: GoldDir = POLICY_GOLD, shared: SharedDir = SHARED) -> None:
    """Per requirement presence P/R/F1, exact-status accuracy and gap detection,
    against the 'always present' baseline."""
    from policy_audit.evaluate import requirements_report

    typer.echo(requirements_report(gold, shared))


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The old policy (or the client's).")],
    new: Annotated[Path, typer.Argument(help="The new policy (or the peer's).")],
    format: Annotated[str, typer.Option("--format", "-f", help="text, md, html or json")] =
        "text",
) -> None:
    """Compare two policies: requirements gained/lost, entities and sections changed."""
    from policy_audit.diff import FORMATS, compare
    from policy_audit.ingest import InputError

    if format not in FORMATS:
        _fail(f"unknown format {format!r} (choose from {', '.join(FORMATS)})")
    try:
        comparison = compare(old, new)
    except InputError as exc:
        _fail(str(exc))
    typer.echo(comparison.render(format), nl=False)


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(
        help="Directories, globs, @paths.txt or *.lst path lists, CSV/Parquet tables "
             "(id + text or path column), fsspec URLs.")],
    out: Annotated[str, typer.Option(help="Results dataset (directory or fsspec URL).")],
    jobs: Annotated[int | None, typer.Option(help="Worker processes (default: all cores).")]
        = None,
    engine: Annotated[str, typer.Option(help="local (process pool) or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler address (default: start a LocalCluster).")] = None,
    csv: Annotated[bool, typer.Option("--csv", help="Write CSV instead of Parquet.")] = False,
    text_col: Annotated[str | None, typer.Option(help="Text column of a table input.")] = None,
    id_col: Annotated[str, typer.Option(help="Id column of a table input.")] = "id",
) -> None:
    """Score a corpus into policies/requirements/entities tables; rerun to resume."""
    from policy_audit.batch import batch_command

    code = batch_command(inputs, out, jobs=jobs, engine=engine, scheduler=scheduler,
                         csv_out=csv, text_col=text_col, id_col=id_col)
    if code:
        raise typer.Exit(code)


@app.command()
def bench(
    corpus: Annotated[Path | None, typer.Option(
        help="Folder of policies (default: resample the bundled seeds).")] = None,
    jobs: Annotated[int | None, typer.Option(help="Processes for the parallel run.")] = None,
    size: Annotated[int, typer.Option(help="Policies in the synthetic corpus.")] = 200,
    rss_sizes: Annotated[str, typer.Option(
        help="Comma-separated corpus sizes for the peak-RSS check, e.g. 1000,20000 "
             "(empty: skip).")] = "",
) -> None:
    """Throughput (policies/s, words/s) with 1 and N processes vs spaCy tokenisation."""
    from policy_audit.bench import bench_command

    bench_command(corpus, jobs=jobs, size=size, rss_sizes=rss_sizes)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
