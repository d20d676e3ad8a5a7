"""The ``coopgraph`` command line: a thin Typer layer over the library.

User errors become one-line messages (``[E0xx] what failed. Fix: …``), never tracebacks.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from graph.commands.options import (
    InputsArg,
    LogOpt,
    MinConfidenceOpt,
    ModelOpt,
    NoPageOpt,
    NoValidateOpt,
    OutOpt,
    ParamOpt,
    QuietOpt,
    TimeoutOpt,
)
from graph.errors import CoopgraphError, FileSystemError, InternalError, QueryError

console = Console(stderr=True)
out_console = Console()
DEBUG_ENV = "COOPGRAPH_DEBUG"


def debugging() -> bool:
    """``--debug`` (or COOPGRAPH_DEBUG=1): show the traceback under every error message."""
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


def _report(exc: BaseException) -> None:
    if debugging():
        traceback.print_exception(exc, file=sys.stderr)
    console.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)


def _signals() -> tuple[type[BaseException], ...]:
    """Typer's and click's own exits and usage errors: they pass through (click reports usage errors)."""
    kinds: list[type[BaseException]] = [typer.Exit, typer.Abort]
    for module, names in (
        ("typer.exceptions", ("TyperException",)),
        ("click.exceptions", ("Exit", "Abort", "ClickException")),
    ):
        try:
            mod = __import__(module, fromlist=list(names))
        except ImportError:
            continue
        kinds += [getattr(mod, n) for n in names if hasattr(mod, n)]
    return tuple(kinds)


_SIGNALS = _signals()


class _Commands(TyperGroup):
    """Every command runs inside this: a user mistake becomes its one-line message (exit 2), an
    unexpected failure a one-line internal error (exit 3); ``--debug`` adds the traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _SIGNALS:
            raise
        except CoopgraphError as exc:
            _report(exc)
            raise typer.Exit(2) from None
        except OSError as exc:  # a path of the wrong kind, a full disk, a permission
            if debugging():
                traceback.print_exception(exc, file=sys.stderr)
            console.print(f"[red]error:[/red] {FileSystemError(exc)}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            console.print("interrupted; the store keeps every document written before.")
            raise typer.Exit(130) from None
        except Exception as exc:
            if debugging():
                traceback.print_exception(exc, file=sys.stderr)
            console.print(f"[red]error:[/red] {InternalError(exc)}", highlight=False, soft_wrap=True)
            raise typer.Exit(3) from None


app = typer.Typer(
    name="coopgraph",
    help="Build and query a knowledge graph of international ICT cooperation from press releases.\n\n"
    "Example: coopgraph build seeds --out out && coopgraph query --out out --name partners-of "
    "--param actor=Belarus",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_Commands,
)


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the Python traceback under an error message.")
    ] = False,
) -> None:
    if debug:
        os.environ[DEBUG_ENV] = "1"


class RowFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _fail(exc: Exception) -> None:
    _report(exc)
    raise typer.Exit(2)


@app.command()
def build(
    paths: InputsArg,
    out: OutOpt = Path("out"),
    model: ModelOpt = None,
    force: Annotated[bool, typer.Option(help="Re-extract documents even when unchanged.")] = False,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Documents per nlp.pipe batch.")] = None,
    no_page: NoPageOpt = False,
    no_validate: NoValidateOpt = False,
    endpoint: Annotated[
        str | None, typer.Option(help="Write into this SPARQL 1.1 Update endpoint instead.")
    ] = None,
    query_endpoint: Annotated[
        str | None, typer.Option(help="The query URL of --endpoint (default: .../update -> .../query).")
    ] = None,
    min_confidence: MinConfidenceOpt = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Stop on the first sentence on which a rule fails (default: skip it, report it)."
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, help="Run the NLP in this many local processes (each loads the model).")
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(help="Send the NLP to the Dask cluster of this scheduler, e.g. tcp://10.0.0.5:8786."),
    ] = None,
    quiet: QuietOpt = False,
    timeout_s: TimeoutOpt = 120.0,
    log: LogOpt = False,
) -> None:
    """Build (or update) the graph from documents. The store then holds exactly the documents of
    PATHS: those no longer there are removed (a file that cannot be read keeps its earlier facts).
    --timeout-s bounds each request to --endpoint.

    Example: coopgraph build seeds/ --out out --workers 2
    """
    from graph.builder import build as run_build
    from graph.builder import check_paths

    if endpoint:
        from graph.remote import build_remote

        remote_notes: list[str] = []

        def remote_progress(event: str, detail: str) -> None:
            if event in MESSAGES:
                remote_notes.append(detail)
                console.print(
                    f"[yellow]{MESSAGES[event]}:[/yellow] {detail}", highlight=False, soft_wrap=True
                )

        try:
            n = build_remote(
                paths,
                endpoint,
                model=model,
                progress=remote_progress,
                query_endpoint=query_endpoint,
                force=force,
                batch_size=batch_size,
                strict=strict,
                timeout=timeout_s,
            )
        except CoopgraphError as exc:
            _fail(exc)
        if not quiet:
            console.print(f"wrote {n} documents to {endpoint}")
        if remote_notes:
            raise typer.Exit(1)
        return
    try:
        check_paths(paths, out)  # before the progress bar: a wrong path is one line, nothing else
    except CoopgraphError as exc:
        _fail(exc)
    from graph.progress import STAGES

    with _build_display(quiet=quiet, log=log) as progress:
        try:
            result = run_build(
                paths,
                out,
                model=model,
                force=force,
                progress=progress,
                batch_size=batch_size,
                page=not no_page,
                validate=not no_validate,
                min_confidence=min_confidence,
                strict=strict,
                workers=workers,
                dask=dask,
            )
        except CoopgraphError as exc:
            _fail(exc)
    if quiet:
        if result.errors:
            raise typer.Exit(1)
        return
    timings = ", ".join(f"{s} {result.stages[s]:.1f}s" for s in STAGES if s in result.stages)
    console.print(
        f"[green]done[/green] in {result.seconds:.1f}s: {result.documents} documents "
        f"({result.extracted} extracted, {result.unchanged} unchanged, {len(result.errors)} skipped), "
        f"{result.entities} entities, {result.facts} facts, {result.triples} triples",
        highlight=False,
        soft_wrap=True,
    )
    if result.removed:
        n = len(result.removed)
        console.print(
            f"removed {n} document{'s' if n != 1 else ''} no longer among the inputs: "
            + ", ".join(result.removed[:10])
            + (" …" if n > 10 else ""),
            highlight=False,
            soft_wrap=True,
        )
    if result.skipped_sentences:
        console.print(
            f"[yellow]{len(result.skipped_sentences)} sentences[/yellow] lost a rule's facts (listed above "
            f"and in {result.report})",
            highlight=False,
        )
    if result.violations:
        console.print(
            f"[yellow]{len(result.violations)} SHACL violations[/yellow] (listed in {result.report})"
        )
    if not quiet:
        console.print(f"store:  {result.store}\nTriG:   {result.trig}\nTurtle: {result.turtle}")
        if not no_page:
            console.print(f"page:   {result.html}\nreport: {result.report}")
    console.print(
        f"took {result.seconds:.1f}s: {timings or 'nothing to do'}", highlight=False, soft_wrap=True
    )
    if result.errors or result.skipped_sentences:
        raise typer.Exit(1)


@app.command()
def watch(
    paths: InputsArg,
    out: OutOpt = Path("out"),
    model: ModelOpt = None,
    no_page: NoPageOpt = False,
    no_validate: NoValidateOpt = False,
    min_confidence: MinConfidenceOpt = None,
    quiet: QuietOpt = False,
    log: LogOpt = False,
) -> None:
    """Build the graph, then keep it in step with PATHS: every time a file is added, changed or
    removed, rebuild what changed (the model stays loaded, so one changed document takes about a
    second and a half). One line per rebuild; Ctrl-C stops. The store is closed between rebuilds, so
    coopgraph query reads it then (restart coopgraph serve to see a later rebuild).

    Example: coopgraph watch press-releases/ --out out
    """
    import time

    from graph.watch import Round
    from graph.watch import watch as run_watch

    def display(number: int) -> Any:
        return _build_display(quiet=quiet or number > 1, log=log)

    def on_round(r: Round) -> None:
        when = time.strftime("%H:%M:%S")
        what = (
            f"{len(r.changed)} file{'s' if len(r.changed) != 1 else ''} changed "
            f"({', '.join(Path(c).name for c in r.changed[:3])}{' …' if len(r.changed) > 3 else ''})"
            if r.changed
            else "first build"
        )
        if r.result is None:
            console.print(
                f"{when} [red]rebuild failed[/red] after {what}: {r.error}", highlight=False, soft_wrap=True
            )
            return
        res = r.result
        console.print(
            f"{when} rebuilt in {res.seconds:.1f}s after {what}: {res.extracted} extracted, "
            f"{res.unchanged} unchanged, {len(res.removed)} removed, {len(res.errors)} skipped; "
            f"{res.triples} triples",
            highlight=False,
            soft_wrap=True,
        )
        if r.number == 1 and not quiet:
            console.print(f"watching {', '.join(map(str, paths))} (Ctrl-C stops)", highlight=False)

    try:
        run_watch(
            paths,
            out,
            on_round=on_round,
            model=model,
            min_confidence=min_confidence,
            page=not no_page,
            validate=not no_validate,
            display=display,
        )
    except KeyboardInterrupt:
        console.print("stopped watching; the store holds the last rebuild.")
    except CoopgraphError as exc:
        _fail(exc)


@contextmanager
def _build_display(*, quiet: bool, log: bool) -> Iterator[Callable[[str, str], None]]:
    """The build's progress: rich bars per stage with totals and rates, plain log lines, or
    nothing but skipped inputs (``--quiet``)."""
    import time

    t0 = time.perf_counter()

    def message(event: str, detail: str) -> None:
        console.print(f"[yellow]{MESSAGES[event]}:[/yellow] {detail}", highlight=False, soft_wrap=True)

    if quiet:
        yield lambda event, detail: message(event, detail) if event in MESSAGES else None
        return
    if log or not console.is_terminal:
        done: dict[str, int] = {}
        totals: dict[str, str] = {}

        def line(event: str, detail: str) -> None:
            at = f"{time.perf_counter() - t0:7.1f}s"
            if event in MESSAGES:
                message(event, detail)
            elif event == "total":
                print(f"{at} read {detail} documents", file=sys.stderr, flush=True)
            elif event == "stage":
                name, total = detail.split("\t")
                totals[name] = total
                print(f"{at} {name} 0/{total}", file=sys.stderr, flush=True)
            elif event == "advance":
                done[detail] = done.get(detail, 0) + 1
                n, total = done[detail], totals.get(detail, "?")
                if detail not in ("extract", "store") or n == 1 or n % 10 == 0 or str(n) == total:
                    print(f"{at} {detail} {n}/{total}", file=sys.stderr, flush=True)

        yield line
        return
    with Progress(
        TextColumn("[bold]{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        tasks: dict[str, Any] = {}
        started: dict[str, float] = {}

        def event(kind: str, detail: str) -> None:
            if kind in MESSAGES:
                bar.console.print(
                    f"[yellow]{MESSAGES[kind]}:[/yellow] {detail}", highlight=False, soft_wrap=True
                )
            elif kind == "stage":
                name, total = detail.split("\t")
                if name in tasks:
                    bar.update(tasks[name], total=None if total == "?" else int(total))
                else:
                    tasks[name] = bar.add_task(name, total=None if total == "?" else int(total), rate="")
                    started[name] = time.perf_counter()
            elif kind in ("advance", "skip"):
                for name in [detail] if kind == "advance" else ["extract", "store"]:
                    if name not in tasks:
                        continue
                    bar.advance(tasks[name])
                    n = bar.tasks[tasks[name]].completed
                    rate = n / max(1e-6, time.perf_counter() - started[name])
                    bar.update(tasks[name], rate=f"{rate:.1f}/s")

        yield event


# progress events printed as a line of their own: an input skipped, a sentence a rule failed on
MESSAGES = {"error": "skipped", "rule": "rule failed"}


def _rows_out(rows: list[dict[str, Any]], fmt: str, quiet: bool = False) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1, default=str) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        cols = list(rows[0]) if rows else []
        w = csv.DictWriter(buf, fieldnames=cols)
        w.writeheader()
        w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        table = Table(show_lines=False)
        cols = list(rows[0]) if rows else []
        for c in cols:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*("" if r[c] is None else str(r[c]) for c in cols))
        out_console.print(table)
        if not quiet:
            console.print(f"{len(rows)} rows")


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(help="A SPARQL query string.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from a .rq file.")] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="Run a query of the library by name.")
    ] = None,
    param: ParamOpt = None,
    list_: Annotated[bool, typer.Option("--list", help="List the library's queries.")] = False,
    out: OutOpt = Path("out"),
    row_format: Annotated[
        RowFormat, typer.Option("--format", help="How rows are printed: table, csv or json.")
    ] = RowFormat.table,
    timeout_s: TimeoutOpt = 30.0,
    quiet: QuietOpt = False,
) -> None:
    """Run a SPARQL query against a built store (read-only: updates are refused).

    Example: coopgraph query "SELECT ?c WHERE { ?c a coop:Country }" --format csv

    Example: coopgraph query --name partners-of --param actor=China
    """
    from graph.store import Store, query_with_limit

    fmt = row_format.value
    try:
        if list_:
            from graph.querylib import list_queries

            _rows_out(
                [
                    {"name": q.name, "description": q.description, "params": ", ".join(q.params)}
                    for q in list_queries()
                ],
                fmt,
                quiet,
            )
            return
        if name:
            from graph.querylib import get_query, resolve_params

            bad = [p for p in (param or []) if "=" not in p]
            if bad:
                raise CoopgraphError(f"--param {bad[0]!r} has no '='. Fix: write --param key=value.")
            params = dict(p.split("=", 1) for p in (param or []))
            named = get_query(name)
            if any(named.specs.get(k) and named.specs[k].type == "iri" for k in params):
                with Store(out) as st:
                    params, notes = resolve_params(st, named, params)
                for note in notes:
                    if not quiet:
                        console.print(note, highlight=False, soft_wrap=True)
            text = named.render(params)
        elif file:
            if not file.is_file():
                problem = "is a folder, not a query file" if file.is_dir() else "no such query file"
                raise QueryError(f"{file}: {problem}. Fix: check the path (a .rq file).")
            text = file.read_text(encoding="utf-8")
        elif sparql:
            text = sparql
        else:
            raise CoopgraphError("no query given. Fix: pass a SPARQL string, --file x.rq or --name NAME.")
        answer = query_with_limit(out, text, timeout_s)  # one run, in a child stopped at the limit
        if answer.turtle is not None:
            sys.stdout.write(answer.turtle)
            return
        if answer.type == "ASK":
            _rows_out([{"answer": answer.boolean}], fmt, quiet)
            return
        _rows_out(answer.rows, fmt, quiet)
    except CoopgraphError as exc:
        _fail(exc)


@app.command()
def stats(
    out: OutOpt = Path("out"),
    row_format: Annotated[
        RowFormat, typer.Option("--format", help="How rows are printed: table, csv or json.")
    ] = RowFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Counts of entities by domain class and facts by relation in a built store.

    Example: coopgraph stats --out out --format csv
    """
    from graph import queries
    from graph.store import Store

    fmt = row_format.value
    try:
        with Store(out) as st:
            _rows_out(st.select(queries.read("counts_by_class")), fmt, quiet)
            _rows_out(st.select(queries.read("counts_by_relation")), fmt, quiet)
            if not quiet:
                console.print(f"{len(st)} triples, {len(st.documents())} documents")
    except CoopgraphError as exc:
        _fail(exc)


def _register_commands() -> None:
    from graph.commands import register_all

    register_all(app)


_register_commands()


def main() -> None:
    if "--debug" in sys.argv[1:]:  # accepted anywhere on the line, not only before the command
        os.environ[DEBUG_ENV] = "1"
        sys.argv = [sys.argv[0], *(a for a in sys.argv[1:] if a != "--debug")]
    try:
        app()
    except CoopgraphError as exc:  # one a command did not catch: the message, not a traceback
        console.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
