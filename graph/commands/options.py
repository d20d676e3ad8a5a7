"""The options every command shares, with one name and one meaning each.

``--out``: the build folder (store, exports, page, report); ``--to``: the file or folder a command
writes (default: inside ``--out``); ``--format``: the output format; ``--param``: ``key=value`` for
a library query; ``--timeout-s``: the time limit in seconds of a query or a request to a server
(``query`` and ``serve`` stop the query, ``build --endpoint`` gives up on the request); ``--quiet``:
print only errors. ``tests/test_cli.py`` checks that no command spells or explains them differently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

HELP = {
    "--out": "Build folder (store, exports, page, report).",
    "--quiet": "Print only errors.",
    "--timeout-s": "Seconds a query or a request to a server may take before it is stopped.",
    "--param": "key=value for a library query (an IRI parameter also takes a label or ISO code).",
}

OutOpt = Annotated[Path, typer.Option("--out", "-o", help=HELP["--out"])]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help=HELP["--quiet"])]
TimeoutOpt = Annotated[float, typer.Option("--timeout-s", min=0.001, help=HELP["--timeout-s"])]
ParamOpt = Annotated[list[str] | None, typer.Option("--param", "-p", help=HELP["--param"])]

# the building commands' own (build, watch)
InputsArg = Annotated[list[Path], typer.Argument(help="Files or folders: .txt, .md, .html, .jsonl.")]
ModelOpt = Annotated[str | None, typer.Option(help="spaCy model name or path (default: en_core_web_sm).")]
NoPageOpt = Annotated[bool, typer.Option("--no-page", help="Skip the HTML page and the report.")]
NoValidateOpt = Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation.")]
MinConfidenceOpt = Annotated[
    float | None,
    typer.Option(
        min=0.0, max=1.0, help="State facts at or above this confidence (default: the trained threshold)."
    ),
]
LogOpt = Annotated[
    bool, typer.Option("--log", help="Plain log lines instead of progress bars (for CI and files).")
]
