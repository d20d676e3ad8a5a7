"""``coopgraph serve``: a read-only SPARQL endpoint (Oxigraph's server) and the query page."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Annotated

import typer

from graph.commands.options import OutOpt, QuietOpt, TimeoutOpt
from graph.errors import CoopgraphError


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        out: OutOpt = Path("out"),
        host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port to listen on.")] = 7878,
        timeout_s: TimeoutOpt = 30.0,
        quiet: QuietOpt = False,
    ) -> None:
        """Serve the store read-only: the query page at /, SPARQL 1.1 at /query (prefixes predefined;
        updates refused with 403, a query past --timeout-s stopped with 503).

        Example: coopgraph serve --out out --port 7878
        """
        from rich.console import Console

        from graph.serve import serving

        console = Console(stderr=True)
        stop = threading.Event()

        def interrupted(signum: int, frame: object) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, interrupted)  # stop the servers on `kill` too, not only Ctrl-C
        signal.signal(signal.SIGINT, interrupted)
        try:
            with serving(out, host, port, timeout_s=timeout_s) as url:
                if host not in ("127.0.0.1", "localhost", "::1"):
                    console.print(
                        f"[yellow]warning:[/yellow] listening on {host}: other machines can read the graph."
                    )
                if not quiet:
                    console.print(
                        f"query page: {url}/\nSPARQL endpoint: {url}/query\n"
                        f"read-only, queries stopped after {timeout_s:g} s; press Ctrl-C to stop.",
                        highlight=False,
                    )
                while not stop.wait(0.5):
                    pass
        except CoopgraphError as exc:
            console.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
