"""A read-only SPARQL endpoint over a built store: the real ``oxigraph serve-read-only`` server.

The server reads ``<out>/store`` with the union of all graphs as its default graph (as
:class:`graph.store.Store` does), so the library's queries give the same answers over HTTP:
``GET/POST <url>/query``. Updates are refused.
``coopgraph serve`` puts :class:`ReadOnlyFront` before it (:func:`serving`): the query page of
:mod:`graph.serve_page` at ``/``, the project's prefixes added to every query, updates refused with
a message that says so, and a query stopped at its time limit.
"""

from __future__ import annotations

import errno
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from graph.errors import (
    CoopgraphError,
    PortBusyError,
    QueryTimeoutError,
    ReadOnlyError,
    ServerError,
    StoreLockedError,
    StoreMissingError,
)
from graph.serve_page import library, page_html, with_prefixes
from graph.store import STORE_DIR, is_locked, is_update

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


# ------------------------------------------------------------------ the read-only front
_CANCELLED = b"The SPARQL operation has been cancelled"
_TEXT = "text/plain; charset=utf-8"


class ReadOnlyFront:
    """What ``coopgraph serve`` listens with: a small HTTP front before the Oxigraph server, which
    runs on a private loopback port. The front

    - serves the query page at ``/`` (:func:`graph.serve_page.page_html`: the editor starts with the
      project's prefixes and the README's query, every library query is offered), the library at
      ``/library`` and a library query rendered with its parameters at ``/library/render``;
    - adds a ``PREFIX`` line to each query for every project prefix it does not declare itself
      (:func:`graph.serve_page.with_prefixes`), for GET, form POST and ``application/sparql-query``;
    - refuses SPARQL Update (``/update``, an ``update=`` parameter, an update sent as a query, PUT,
      DELETE, a POST elsewhere than ``/query``) with 403 and "updates are not allowed on a read-only
      store" (:class:`ReadOnlyError`);
    - gives each query ``timeout_s`` seconds: a query still running then is answered with 503 and
      the time-limit message (:class:`QueryTimeoutError`), and the Oxigraph server is restarted so
      that the query really stops (Oxigraph's own ``--timeout-s`` does not stop every join).
    """

    def __init__(self, out: Path, host: str, port: int, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        check_servable(out, host, port)
        self.out, self.host, self.port, self.timeout_s = Path(out), host, port, timeout_s
        self._lock = threading.Lock()
        self._backend: subprocess.Popen[bytes] | None = None
        self._backend_url = ""
        self._httpd: ThreadingHTTPServer | None = None
        self._serving = False
        self.page = b""

    @property
    def url(self) -> str:
        return base_url(self.host, self.port)

    def _start_backend(self) -> None:
        port = free_port()
        self._backend = start_server(self.out, "127.0.0.1", port, timeout_s=self.timeout_s)
        self._backend_url = base_url("127.0.0.1", port)
        wait_until_ready(self._backend_url, timeout=30, process=self._backend)

    def restart_backend(self) -> None:
        """Stop the Oxigraph server (and whatever query it runs) and start a fresh one."""
        with self._lock:
            if self._backend is not None:
                stop_server(self._backend, timeout=5)
            self._start_backend()

    def start(self) -> None:
        """Start Oxigraph and bind the front; :meth:`serve_forever` then answers requests."""
        self.page = page_html().encode("utf-8")
        self._start_backend()
        handler = type("Handler", (_FrontHandler,), {"front": self})
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        server_class = type(
            "Server", (ThreadingHTTPServer,), {"address_family": family, "daemon_threads": True}
        )
        try:
            self._httpd = server_class((self.host, self.port), handler)
        except OSError:
            self.stop()
            raise PortBusyError(self.host, self.port) from None

    def serve_forever(self) -> None:
        assert self._httpd is not None, "start() first"
        self._serving = True
        try:
            self._httpd.serve_forever(poll_interval=0.2)
        finally:
            self._serving = False

    def stop(self) -> None:
        """Stop answering (also from another thread) and stop the Oxigraph server."""
        if self._httpd is not None:
            if self._serving:
                self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._backend is not None:
            stop_server(self._backend, timeout=5)
            self._backend = None

    def forward(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, str, bytes]:
        """The backend's answer to one request: (status, content type, body), within the time limit."""
        got: dict[str, Any] = {}
        url = self._backend_url + path

        def fetch() -> None:
            req = urllib.request.Request(url, data=body, headers=headers, method=method)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout_s + 5) as resp:
                    got["answer"] = (resp.status, resp.headers.get("Content-Type", ""), resp.read())
            except urllib.error.HTTPError as exc:
                got["answer"] = (exc.code, exc.headers.get("Content-Type", ""), exc.read())
            except Exception as exc:  # refused, reset, cut short (the backend restarted): reported
                got["error"] = exc

        worker = threading.Thread(target=fetch, daemon=True)
        worker.start()
        worker.join(self.timeout_s)
        if worker.is_alive() or (
            "answer" in got and _CANCELLED in got["answer"][2][-300:]
        ):  # still running, or cancelled by Oxigraph half-way through its answer
            if worker.is_alive():
                self.restart_backend()
            return 503, _TEXT, f"{QueryTimeoutError(self.timeout_s)}\n".encode()
        if "error" in got:
            message = ServerError(
                f"the SPARQL server did not answer ({got['error']}). Fix: retry; restart coopgraph serve."
            )
            return 502, _TEXT, f"{message}\n".encode()
        status, ctype, data = got["answer"]
        return int(status), str(ctype), bytes(data)


class _BackendStore:
    """The ``select`` that :func:`graph.querylib.resolve_params` needs, answered by the front's
    Oxigraph server (the served store is not opened in this process); values are bound with a
    ``VALUES`` block (:func:`graph.querylib.bind_values`), never pasted."""

    def __init__(self, front: ReadOnlyFront) -> None:
        self.front = front

    def select(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        from graph.querylib import bind_values

        body = urllib.parse.urlencode({"query": with_prefixes(bind_values(sparql, bindings or {}))})
        headers = {
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        status, _ctype, data = self.front.forward("POST", "/query", body.encode(), headers)
        if status != 200:
            raise ServerError(
                f"the SPARQL server could not resolve a name ({status}: "
                f"{data[:200].decode(errors='replace')}). "
                "Fix: pass an IRI or an ISO code instead; restart coopgraph serve if it persists."
            )
        rows = json.loads(data)["results"]["bindings"]
        return [{k: v["value"] for k, v in row.items()} for row in rows]


@contextmanager
def serving(out: Path, host: str, port: int, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> Iterator[str]:
    """Run :class:`ReadOnlyFront` (Oxigraph read-only on a free loopback port, the front on
    ``host:port``) in a thread; yield the front's base URL and stop both afterwards, whatever happens."""
    front = ReadOnlyFront(out, host, port, timeout_s=timeout_s)
    front.start()
    thread = threading.Thread(target=front.serve_forever, name="coopgraph-serve", daemon=True)
    thread.start()
    try:
        yield front.url
    finally:
        front.stop()
        thread.join(timeout=10)


class _FrontHandler(BaseHTTPRequestHandler):
    front: ReadOnlyFront
    protocol_version = "HTTP/1.0"
    server_version = "coopgraph"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the console shows the URLs only
        return

    # -- answers
    def _send(self, status: int, ctype: str, data: bytes) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _json(self, status: int, obj: Any) -> None:
        self._send(status, "application/json", json.dumps(obj, ensure_ascii=False).encode("utf-8"))

    def _refuse(self) -> None:
        self._send(403, _TEXT, f"{ReadOnlyError()}\n".encode())

    # -- methods
    def do_GET(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        path = parts.path
        params = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        if path in ("/", "/index.html"):
            self._send(200, "text/html; charset=utf-8", self.front.page)
        elif path == "/library":
            self._json(200, library())
        elif path == "/library/render":
            self._render(params)
        elif path.rstrip("/").endswith("/update") or "update" in params:
            self._refuse()
        elif path == "/query":
            if "query" not in params:
                self._json(400, {"error": "no query parameter. Fix: GET /query?query=SPARQL"})
                return
            if is_update(params["query"][0]):
                self._refuse()
                return
            params["query"] = [with_prefixes(params["query"][0])]
            self._forward("GET", "/query?" + urllib.parse.urlencode(params, doseq=True), None, None)
        else:
            self._json(404, {"error": f"no page {path}. Fix: use / (the query page) or /query."})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if parts.path != "/query" or "update" in params or ctype == "application/sparql-update":
            self._refuse()  # /update, the graph store protocol …: only /query is served, read-only
            return
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form or any(is_update(q) for q in form.get("query", [])):
                self._refuse()
                return
            if "query" in form:
                form["query"] = [with_prefixes(form["query"][0])]
            body = urllib.parse.urlencode(form, doseq=True).encode("utf-8")
        elif ctype == "application/sparql-query":
            text = body.decode("utf-8", "replace")
            if is_update(text):
                self._refuse()
                return
            body = with_prefixes(text).encode("utf-8")
        else:
            self._json(415, {"error": f"unsupported Content-Type {ctype!r}. Fix: send a SPARQL query."})
            return
        self._forward("POST", self.path, body, ctype)

    def do_PUT(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._refuse()

    do_DELETE = do_PATCH = do_PUT

    # -- helpers
    def _render(self, params: dict[str, list[str]]) -> None:
        """A library query with its parameters written as safe terms; an IRI parameter given as a
        label, alias or ISO code is resolved first (as ``coopgraph query --param`` does), and
        ``notes`` say what each resolved to."""
        from graph.querylib import get_query, resolve_params

        name = (params.pop("name", [""]) or [""])[0]
        try:
            q = get_query(name)
            values, notes = resolve_params(_BackendStore(self.front), q, {k: v[0] for k, v in params.items()})
            text = q.render(values)
        except CoopgraphError as exc:
            self._json(400, {"error": str(exc)})
            return
        self._json(200, {"name": q.name, "text": text, "params": values, "notes": notes})

    def _forward(self, method: str, path: str, body: bytes | None, ctype: str | None) -> None:
        headers = {"Accept": self.headers.get("Accept") or "application/sparql-results+json"}
        if ctype:
            headers["Content-Type"] = ctype
        self._send(*self.front.forward(method, path, body, headers))
