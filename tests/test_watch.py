"""coopgraph watch: a resident build that follows its input folder, round by round."""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.builder import build
from graph.cli import app
from graph.errors import OutputPathError, StoreLockedError
from graph.store import Store
from graph.watch import InputFilter, Round, watch, watched_locations

# invented documents
DOC_1 = "Moldova and Georgia signed a memorandum on cooperation in cybersecurity in Tbilisi on 4 May 2026.\n"
DOC_2 = "Armenia joined the Regional Commonwealth in the Field of Communications on 9 June 2026.\n"
MORE = "Kenya and Ghana agreed to cooperate on digital identity, the ministries said in Nairobi.\n"


def _save(path: Path, text: str) -> None:
    """Save as editors do: a hidden temporary file renamed over the real one."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _quads(out: Path) -> set[str]:
    with Store(out) as st:
        return {str(q) for q in st.oxigraph}


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[tuple[Path, Path, Callable[[Callable[[Round], bool]], Round]]]:
    """A watch running in a thread on tmp/in -> tmp/out, and ``next_round(until)``: the first round
    (from now on) for which ``until`` holds; a file saved once may make one or two rounds."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "one.txt").write_text(DOC_1, encoding="utf-8")
    rounds: queue.Queue[Round] = queue.Queue()
    stop = threading.Event()
    failed: list[BaseException] = []

    def run() -> None:
        try:
            watch([inp], out, on_round=rounds.put, stop=stop)
        except BaseException as exc:  # the test below reports it instead of hanging
            failed.append(exc)
            rounds.put(Round(0, (), None))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def next_round(until: Callable[[Round], bool]) -> Round:
        while True:
            r = rounds.get(timeout=120)
            assert not failed, failed
            if until(r):
                return r

    try:
        yield inp, out, next_round
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_watch_rebuilds_what_changed_and_leaves_the_store_a_cold_build_leaves(
    watching: tuple[Path, Path, Callable[[Callable[[Round], bool]], Round]], tmp_path: Path
) -> None:
    inp, out, next_round = watching
    first = next_round(lambda r: True)
    assert first.number == 1 and first.changed == () and first.result is not None
    assert first.result.extracted == 1

    _save(inp / "two.txt", DOC_2)  # a new file
    added = next_round(lambda r: r.result is not None and r.result.extracted == 1)
    assert str(inp / "two.txt") in added.changed and added.result is not None
    assert added.result.unchanged == 1  # one.txt was not extracted again

    _save(inp / "one.txt", DOC_1 + MORE)  # a changed file
    changed = next_round(lambda r: r.result is not None and r.result.extracted == 1)
    assert changed.result is not None and changed.result.unchanged == 1

    (inp / "two.txt").unlink()  # a removed file
    removed = next_round(lambda r: r.result is not None and r.result.removed == ["two"])
    assert removed.result is not None and removed.result.extracted == 0

    (inp / "notes.csv").write_text("not an input", encoding="utf-8")  # not an input: no round
    (out / "extra.md").write_text("the output folder's own files start no round", encoding="utf-8")
    with Store(out, write=True):  # a store held by another writer: the round fails, the watch goes on
        _save(inp / "one.txt", DOC_1)
        locked = next_round(lambda r: True)
    assert locked.result is None and isinstance(locked.error, StoreLockedError)
    os.utime(inp / "one.txt")
    after = next_round(lambda r: r.result is not None)
    assert after.result is not None and after.result.extracted == 1

    cold = tmp_path / "cold"
    build([inp], cold)
    assert _quads(out) == _quads(cold)


def test_watch_filter_takes_input_files_only(tmp_path: Path) -> None:
    inp, out, single = tmp_path / "in", tmp_path / "out", tmp_path / "solo.jsonl"
    (inp / "sub").mkdir(parents=True)
    single.write_text("", encoding="utf-8")
    keep = InputFilter([inp, single], out)
    assert keep(None, str(inp / "sub" / "a.HTML"))
    assert keep(None, str(single))
    assert not keep(None, str(inp / "a.csv"))
    assert not keep(None, str(inp / ".a.txt.swp"))
    assert not keep(None, str(tmp_path / "other.txt"))  # beside a watched file, not an input
    assert not keep(None, str(out / "report.md"))
    assert watched_locations([inp, single, tmp_path / "b.jsonl"]) == [inp, single.absolute().parent]


@pytest.mark.parametrize("nested", ["out_in_inputs", "inputs_in_out"])
def test_watch_refuses_an_output_folder_that_overlaps_the_inputs(tmp_path: Path, nested: str) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text(DOC_1, encoding="utf-8")
    out, given = (inp / "out", inp) if nested == "out_in_inputs" else (tmp_path, inp)
    with pytest.raises(OutputPathError, match="overlaps the input"):
        watch([given], out, on_round=lambda r: None)
    result = CliRunner().invoke(app, ["watch", str(given), "--out", str(out)])
    assert result.exit_code == 2
    assert "overlaps the input" in result.output and "Traceback" not in result.output


def test_watch_sees_a_file_saved_as_soon_as_the_first_build_is_reported(tmp_path: Path) -> None:
    """A file saved the moment the first build is reported (here: inside the report itself, before
    the watch goes on) starts a second round: the watcher is armed before the first build, so no
    change falls between the build and the watching."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "one.txt").write_text(DOC_1, encoding="utf-8")
    rounds: queue.Queue[Round] = queue.Queue()
    stop = threading.Event()

    def report(r: Round) -> None:
        if r.number == 1:
            _save(inp / "two.txt", DOC_2)
        rounds.put(r)

    thread = threading.Thread(target=lambda: watch([inp], out, on_round=report, stop=stop), daemon=True)
    thread.start()
    try:
        first = rounds.get(timeout=120)
        assert first.number == 1
        second = rounds.get(timeout=30)  # before the fix: no round, ever
        assert str(inp / "two.txt") in second.changed
        assert second.result is not None and second.result.extracted == 1
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
