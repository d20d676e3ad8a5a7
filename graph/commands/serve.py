"""``coopgraph serve``: a read-only SPARQL endpoint (Oxigraph's server) over a built store."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Annotated

import typer

from graph.errors import CoopgraphError


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        out: Annotated[Path, typer.Option("--out", "-o", help="Build folder with the store.")] = Path("out"),
        host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port to listen on.")] = 7878,
        timeout_s: Annotated[
            float,
            typer.Option("--timeout-s", min=0.001, help="Stop a query after this many seconds (503)."),
        ] = 30.0,
    ) -> None:
        """Serve the store read-only over SPARQL 1.1 (query page at /, endpoint at /query).

        Example: coopgraph serve --out out --port 7878
        """
        from rich.console import Console

        from graph.serve import ReadOnlyFront

        console = Console(stderr=True)

        def interrupted(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, interrupted)  # stop the server on `kill` too, not only Ctrl-C
        try:
            front = ReadOnlyFront(out, host, port, timeout_s=timeout_s)
            try:
                front.start()
                if host not in ("127.0.0.1", "localhost", "::1"):
                    console.print(
                        f"[yellow]warning:[/yellow] listening on {host}: other machines can read the graph."
                    )
                console.print(
                    f"query page: {front.url}/\nSPARQL endpoint: {front.url}/query\n"
                    f"read-only, queries stopped after {timeout_s:g} s; press Ctrl-C to stop.",
                    highlight=False,
                )
                front.serve_forever()
            except KeyboardInterrupt:
                pass
            finally:
                front.stop()
        except CoopgraphError as exc:
            console.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
