"""``coopgraph export``: RDF serialisations, the actor network (GraphML, GEXF) and a facts CSV."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from graph.commands.options import OutOpt, QuietOpt
from graph.errors import CoopgraphError
from graph.export import FORMATS

ExportFormat = Enum("ExportFormat", {f.replace("-", "_"): f for f in FORMATS}, type=str)  # type: ignore[misc]


def register(app: typer.Typer) -> None:
    @app.command()
    def export(
        out: OutOpt = Path("out"),
        fmt: Annotated[
            ExportFormat,
            typer.Option(
                "--format",
                "-f",
                help="turtle, trig, nquads, jsonld (RDF); graphml, gexf (actor network); facts-csv.",
            ),
        ] = ExportFormat.trig,  # type: ignore[attr-defined]
        to: Annotated[Path | None, typer.Option("--to", help="File to write (default: in --out).")] = None,
        persons: Annotated[
            bool, typer.Option("--persons", help="Keep persons as nodes (graphml, gexf).")
        ] = False,
        quiet: QuietOpt = False,
    ) -> None:
        """Export the graph to a file.

        Example: coopgraph export --out out --format gexf --to actors.gexf   (Gephi, with a timeline)

        Example: coopgraph export --out out --format facts-csv   (Excel: UTF-8 with a BOM)
        """
        from rich.console import Console

        from graph.export import export as run_export

        console = Console(stderr=True)
        try:
            path = run_export(out, fmt.value, to, persons=persons)
        except CoopgraphError as exc:
            console.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        if not quiet:
            console.print(f"wrote {path}", highlight=False)
