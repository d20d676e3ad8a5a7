"""``coopgraph analyze``: network metrics as a Markdown report with charts, JSON and CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.commands.options import OutOpt, QuietOpt
from graph.errors import CoopgraphError


def register(app: typer.Typer) -> None:
    @app.command("analyze")
    def analyze(
        out: OutOpt = Path("out"),
        to: Annotated[
            Path | None, typer.Option("--to", help="Folder for the report (default: OUT/analysis).")
        ] = None,
        hub: Annotated[
            str | None, typer.Option(help="Actor whose partners are charted (IRI, ISO3 or label).")
        ] = None,
        persons: Annotated[bool, typer.Option("--persons", help="Keep persons as nodes.")] = False,
        seed: Annotated[int, typer.Option(help="Seed of the Louvain communities.")] = 0,
        quiet: QuietOpt = False,
    ) -> None:
        """Analyse the actor network: centrality, communities, ties, years, areas.

        Writes analysis.md with PNG charts, and every metric as JSON and CSV.

        Example: coopgraph analyze --out out --to out/analysis --hub BLR
        """
        from graph.cli import _fail, console
        from graph.report import write_analysis
        from graph.store import Store

        try:
            with Store(out) as st:
                path = write_analysis(st, to or out / "analysis", seed=seed, persons=persons, hub=hub)
        except CoopgraphError as exc:
            _fail(exc)
        if not quiet:
            console.print(f"report: {path}")
