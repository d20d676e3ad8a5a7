"""``coopgraph viz``: the interactive pages (whole actor network, country network, ego view)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graph.commands.options import OutOpt, QuietOpt
from graph.errors import CoopgraphError


class View(StrEnum):
    actors = "actors"
    countries = "countries"


def register(app: typer.Typer) -> None:
    @app.command("viz")
    def viz(
        out: OutOpt = Path("out"),
        html: Annotated[
            Path | None, typer.Option("--to", "--html", help="The page to write (default: in --out).")
        ] = None,
        view: Annotated[
            View, typer.Option(help="actors (the whole network) or countries (rolled up).")
        ] = View.actors,
        focus: Annotated[
            str | None, typer.Option(help="Ego view of one actor: IRI, ISO3 code (BLR) or label.")
        ] = None,
        radius: Annotated[int, typer.Option(min=0, help="Hops around --focus.")] = 1,
        persons: Annotated[bool, typer.Option("--persons", help="Keep persons as nodes.")] = False,
        no_physics: Annotated[
            bool, typer.Option("--no-physics", help="Start with the layout physics off.")
        ] = False,
        aggregate: Annotated[
            bool | None,
            typer.Option(
                "--aggregate/--no-aggregate",
                help="Open on countries and organisations only, with a 'show persons and bodies' "
                "switch (default: when the graph has more than 300 nodes).",
            ),
        ] = None,
        quiet: QuietOpt = False,
    ) -> None:
        """Write an interactive graph page: one self-contained HTML file that works offline.

        Example: coopgraph viz --out out --focus BLR --to out/belarus.html

        Example: coopgraph viz --out out --view countries

        Example: coopgraph viz --out out --persons --no-aggregate
        """
        from graph import analytics
        from graph import viz as viz_mod
        from graph.cli import _fail, console
        from graph.store import Store

        try:
            with Store(out) as st:
                net = (
                    analytics.country_network(st)
                    if view is View.countries
                    else analytics.actor_network(st, persons=persons)
                )
            center = None
            title = "coopgraph: country network" if view is View.countries else "coopgraph: actor network"
            if focus:
                net = analytics.ego(net, focus, radius=radius)
                center = net.graph["center"]
                title = f"coopgraph: around {net.nodes[center]['label']}"
            default = out / (
                f"ego-{focus}.html"
                if focus
                else ("countries.html" if view is View.countries else "graph.html")
            )
            path = viz_mod.write_page(
                net, html or default, title=title, center=center, physics=not no_physics, aggregate=aggregate
            )
        except CoopgraphError as exc:
            _fail(exc)
        if not quiet:
            console.print(f"page: {path} ({net.number_of_nodes()} nodes, {net.number_of_edges()} facts)")
