"""A read-only SPARQL endpoint over a built store: the real ``oxigraph serve-read-only`` server.

The server reads ``<out>/store`` with the union of all graphs as its default graph (as
:class:`graph.store.Store` does), so the library's queries give the same answers over HTTP:
``GET/POST <url>/query``; ``<url>/`` is Oxigraph's query page. Updates are refused.
"""

from __future__ import annotations

import errno
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from graph.errors import PortBusyError, ServerError, StoreLockedError, StoreMissingError
from graph.store import STORE_DIR, is_locked

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30.0


def oxigraph_executable() -> Path:
    """The ``oxigraph`` command of the PyPI package ``oxigraph``: beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise ServerError(
        "the oxigraph server program was not found. Fix: pip install 'oxigraph>=0.5,<0.6' "
        "into the environment that runs coopgraph."
    )


def port_in_use(host: str, port: int) -> bool:
    """True when ``host:port`` cannot be bound (another server listens there)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except socket.gaierror as exc:
            raise ServerError(
                f"cannot listen on {host!r}: {exc.strerror or exc}. Fix: pass --host an address of this "
                "machine, such as 127.0.0.1 (default) or 0.0.0.0."
            ) from None
        except OSError as exc:
            if exc.errno == errno.EADDRNOTAVAIL:
                raise ServerError(
                    f"{host} is not an address of this machine. Fix: pass --host 127.0.0.1 (default) "
                    "or an address this machine has."
                ) from None
            return True
    return False


def free_port(host: str = DEFAULT_HOST) -> int:
    """A port that is free on ``host`` right now (for tests and notebooks)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def server_command(
    store: Path, host: str, port: int, *, read_only: bool = True, timeout_s: float | None = DEFAULT_TIMEOUT_S
) -> list[str]:
    """The oxigraph command line serving ``store`` on ``host:port``; a query running longer than
    ``timeout_s`` seconds is stopped by the server."""
    mode = "serve-read-only" if read_only else "serve"
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        str(oxigraph_executable()),
        mode,
        "--location",
        str(store),
        "--bind",
        bind,
        "--union-default-graph",
        *(["--timeout-s", f"{timeout_s:g}"] if timeout_s else []),
    ]


def check_servable(out: Path, host: str, port: int) -> Path:
    """The store folder to serve, after the checks that give one-line errors."""
    if not 0 < port < 65536:
        raise ServerError(
            f"port {port} is not a TCP port. Fix: pass --port between 1 and 65535 (default 7878)."
        )
    store = Path(out) / STORE_DIR
    if not store.is_dir():
        raise StoreMissingError(store)
    if is_locked(Path(out)):
        raise StoreLockedError(Path(out))
    if port_in_use(host, port):
        raise PortBusyError(host, port)
    return store


def start_server(
    out: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    stdout: IO[Any] | int | None = None,
    stderr: IO[Any] | int | None = None,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
) -> subprocess.Popen[bytes]:
    """Start ``oxigraph serve-read-only`` on ``<out>/store``; the caller terminates the process.

    Without ``stderr`` the server's messages go to a temporary file that :func:`wait_until_ready`
    reads back when the server stops early.
    """
    store = check_servable(out, host, port)
    own = tempfile.TemporaryFile() if stderr is None else None  # noqa: SIM115 - closed by stop_server
    proc = subprocess.Popen(
        server_command(store, host, port, timeout_s=timeout_s),
        stdin=subprocess.DEVNULL,
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=own if own is not None else stderr,
    )
    if own is not None:
        proc.coopgraph_stderr = own  # type: ignore[attr-defined]
    return proc


def _stderr_of(proc: subprocess.Popen[bytes] | None) -> str:
    err = getattr(proc, "coopgraph_stderr", None)
    if err is None or isinstance(err, int) or not hasattr(err, "seek"):
        return ""
    err.seek(0)
    data = err.read()
    return (data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)).strip()


def wait_until_ready(url: str, timeout: float = 20.0, process: subprocess.Popen[bytes] | None = None) -> None:
    """Block until the endpoint at ``url`` (the server's base URL) answers a query, or raise ServerError."""
    probe = url.rstrip("/") + "/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServerError(
                f"the oxigraph server exited with code {process.returncode}: "
                f"{_stderr_of(process) or 'no message'}. Fix: check the store and the port."
            )
        try:
            req = urllib.request.Request(probe, headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(req, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = str(exc)
        time.sleep(0.1)
    raise ServerError(
        f"the SPARQL endpoint at {url} did not answer within {timeout:.0f}s ({last}). "
        "Fix: check that the server started (see its messages) and nothing blocks the port."
    )


def stop_server(proc: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Terminate the server process, killing it when it does not stop in time."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)
    err = getattr(proc, "coopgraph_stderr", None)
    if err is not None and not isinstance(err, int) and hasattr(err, "close"):
        err.close()


@contextmanager
def running(proc: subprocess.Popen[bytes], host: str, port: int, timeout: float = 30.0) -> Iterator[str]:
    """Wait for a started server, yield its base URL, and stop it afterwards whatever happens."""
    try:
        url = base_url(host, port)
        wait_until_ready(url, timeout=timeout, process=proc)
        yield url
    finally:
        stop_server(proc)
