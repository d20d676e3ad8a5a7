"""``coopgraph export``: RDF serialisations, the actor network (GraphML, GEXF) and a facts CSV."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from graph.errors import CoopgraphError
from graph.export import FORMATS

ExportFormat = Enum("ExportFormat", {f.replace("-", "_"): f for f in FORMATS}, type=str)  # type: ignore[misc]


def register(app: typer.Typer) -> None:
    @app.command()
    def export(
        out: Annotated[Path, typer.Option("--out", "-o", help="Build folder with the store.")] = Path("out"),
        fmt: Annotated[
            ExportFormat,
            typer.Option(
                "--format",
                "-f",
                help="turtle, trig, nquads, jsonld (RDF); graphml, gexf (actor network); facts-csv.",
            ),
        ] = ExportFormat.trig,  # type: ignore[attr-defined]
        to: Annotated[Path | None, typer.Option("--to", help="File to write (default: in --out).")] = None,
    ) -> None:
        """Export the graph to a file.

        Example: coopgraph export --out out --format graphml --to actors.graphml
        """
        from rich.console import Console

        from graph.export import export as run_export

        console = Console(stderr=True)
        try:
            path = run_export(out, fmt.value, to)
        except CoopgraphError as exc:
            console.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        console.print(f"wrote {path}", highlight=False)
