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
        gold: Annotated[
            list[Path] | None,
            typer.Argument(help="Gold files (JSON); with --cv or --test, default: every annotation."),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
        show_errors: Annotated[
            bool, typer.Option("--show-errors", help="List every miss and extra.")
        ] = False,
        model: Annotated[str | None, typer.Option(help="spaCy model name or path.")] = None,
        baseline: Annotated[
            bool, typer.Option(help="Score en_core_web_sm's NER alone (no coopgraph components).")
        ] = False,
        cv: Annotated[
            int | None,
            typer.Option(
                min=2,
                help="K-fold cross-validation grouped by document (train on K-1 folds, score the rest).",
            ),
        ] = None,
        test: Annotated[
            bool,
            typer.Option(
                "--test", help="Train on every annotation but the own test set, score the own test set."
            ),
        ] = False,
        rules_only: Annotated[
            bool, typer.Option("--rules-only", help="Score the rules without the learned decision.")
        ] = False,
        ablate: Annotated[
            bool, typer.Option("--ablate", help="A table of fact P/R/F1 with each rule family off in turn.")
        ] = False,
    ) -> None:
        """Score the extraction on gold documents: micro P/R/F1 for entities and facts.

        Example: coopgraph evaluate ../shared/eval/dev-gold.json ../shared/eval/dev-gold-corpus.json

        Example: coopgraph evaluate --cv 5   (cross-validated over every annotation)
        """
        from graph.errors import CoopgraphError
        from graph.evaluate import evaluate as run
        from graph.evaluate import format_report

        for g in gold or []:
            if not g.is_file():
                typer.echo(f"error: [E001] {g}: no such gold file. Fix: check the path.", err=True)
                raise typer.Exit(2)
            try:
                json.loads(g.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
                typer.echo(
                    f"error: [E001] {g}: is not a JSON gold file{where}. Fix: pass the gold annotations "
                    "(JSON), e.g. ../shared/eval/dev-gold.json.",
                    err=True,
                )
                raise typer.Exit(2) from None
        if not gold and not (cv or test):
            typer.echo("error: no gold files given. Fix: name them, or use --cv K / --test.", err=True)
            raise typer.Exit(2)
        if ablate:
            from graph.evaluate import ablation, format_ablation

            typer.echo(format_ablation(ablation(gold or [], model=model, rules_only=rules_only)))
            return
        try:
            if cv or test:
                from graph.nlp.learn.report import learned_report

                report = learned_report(gold, cv, test)
            else:
                report = run(gold or [], model=model, baseline=baseline, rules_only=rules_only)
        except (CoopgraphError, ValueError, KeyError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        if as_json:
            sys.stdout.write(json.dumps(report, indent=1) + "\n")
        else:
            typer.echo(format_report(report, show_errors))
