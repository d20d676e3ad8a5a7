"""``coopgraph train``: rebuild the learned decision from the annotations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def train(
        gold: Annotated[
            list[Path] | None,
            typer.Argument(
                help="Gold files (default: ../shared/eval/*.json and annotations/, own test set left out)."
            ),
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option("--to", help="Where to write the artefact (default: the shipped one)."),
        ] = None,
        folds: Annotated[int, typer.Option(min=2, help="Folds for calibration and the threshold.")] = 5,
        docs: Annotated[bool, typer.Option(help="Also rewrite docs/extraction.md and its figures.")] = True,
    ) -> None:
        """Train the decision over the rules' candidates on annotated documents, deterministically.

        Example: coopgraph train
        """
        from graph.errors import CoopgraphError
        from graph.nlp.learn import report

        try:
            path = report.train_and_document(gold, out, folds, docs, echo=typer.echo)
        except CoopgraphError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"wrote {path}")
