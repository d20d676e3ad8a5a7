"""``coopgraph evaluate``: score extraction against gold annotations (../shared/eval)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def evaluate(
        gold: Annotated[list[Path], typer.Argument(help="Gold annotation files (JSON).")],
        as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
        show_errors: Annotated[
            bool, typer.Option("--show-errors", help="List every miss and extra.")
        ] = False,
        model: Annotated[str | None, typer.Option(help="spaCy model name or path.")] = None,
        baseline: Annotated[
            bool, typer.Option(help="Score en_core_web_sm's NER alone (no coopgraph components).")
        ] = False,
    ) -> None:
        """Score the extraction on gold documents: micro P/R/F1 for entities and facts.

        Example: coopgraph evaluate ../shared/eval/dev-gold.json ../shared/eval/dev-gold-corpus.json
        """
        from graph.errors import CoopgraphError
        from graph.evaluate import evaluate as run
        from graph.evaluate import format_report

        for g in gold:
            if not g.exists():
                typer.echo(f"error: {g}: no such gold file. Fix: check the path.", err=True)
                raise typer.Exit(2)
        try:
            report = run(gold, model=model, baseline=baseline)
        except (CoopgraphError, ValueError, KeyError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        if as_json:
            sys.stdout.write(json.dumps(report, indent=1) + "\n")
        else:
            typer.echo(format_report(report, show_errors))
