"""The issue's bad-input folder: twelve kinds of trouble beside one good document, built by the
command line as a user runs it. One message per bad file (and per bad JSONL line, with its line
number), no traceback, the good document's facts exactly those of a build of it alone, and the
whole build in under a minute."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT
from rdflib.compare import isomorphic
from test_builder import DOC_A, _explain, _graphs_as_rdflib

from graph.builder import build
from graph.rdf import iris
from graph.store import Store

RUSSIAN = (
    "Республика Беларусь и Китайская Народная Республика подписали в Минске меморандум о "
    "сотрудничестве в области информационно-коммуникационных технологий. Стороны договорились "
    "развивать совместные проекты в области искусственного интеллекта и цифровой экономики."
)
PAGE = """<!doctype html><html><head><title>Kazakhstan and Uzbekistan</title>
<script>var subscribeWidget = "Subscribe to our newsletter";</script></head>
<body><nav><a href="/">Home</a> <a href="/news">Newsletter signup</a></nav>
<article><p>Kazakhstan and Uzbekistan agreed to cooperate in the field of artificial intelligence
and e-government, the ministries said in Astana on 3 March 2025.</p></article>
<footer>Copyright notice of the invented portal</footer></body></html>
"""


def _bad_folder(folder: Path) -> list[str]:
    """Writes the folder; returns what each message must name (file, or file:line)."""
    folder.mkdir()
    (folder / "good.txt").write_text(DOC_A, encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")  # built: the article only
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "russian-cp1251.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (folder / "russian.txt").write_text(RUSSIAN, encoding="utf-8")
    with (folder / "huge.txt").open("wb") as f:  # 60 MB
        f.write(b"Belarus and China signed a memorandum. " * (60 * 1024 * 1024 // 39))
    (folder / "lines.jsonl").write_text(
        '{"id": "broken", "text": "Belarus and\n'  # malformed JSON
        "[1, 2, 3]\n"  # a JSON value that is not an object
        '{"id": "no-text", "title": "A title only"}\n',  # no text
        encoding="utf-8",
    )
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop.txt").symlink_to("loop.txt")
    if os.geteuid() != 0:
        (folder / "unreadable.txt").write_text(DOC_A, encoding="utf-8")
        (folder / "unreadable.txt").chmod(0)
    else:  # root reads a mode-000 file; /proc/self/mem fails for every reader
        (folder / "unreadable.txt").symlink_to("/proc/self/mem")
    names = [
        "binary.txt",
        "empty.txt",
        "huge.txt",
        "lines.jsonl:1",
        "lines.jsonl:2",
        "lines.jsonl:3",
        "loop.txt",
        "pipe.txt",
        "russian-cp1251.txt",
        "russian.txt",
        "unreadable.txt",
    ]
    return [str(folder / n) for n in names]


def test_bad_input_folder_one_message_each_and_the_good_document_complete(tmp_path: Path) -> None:
    folder = tmp_path / "scraped"
    expected = [*_bad_folder(folder), str(tmp_path / "missing-folder")]
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "graph", "build", str(folder), str(tmp_path / "missing-folder")]
    t0 = time.monotonic()
    run = subprocess.run(
        [*cmd, "--out", str(out), "--no-validate"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "400"},  # one message per line, as the user's terminal shows it
    )
    seconds = time.monotonic() - t0
    assert seconds < 60, seconds
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    messages = [line for line in run.stderr.splitlines() if line.startswith("skipped:")]
    named = sorted(m.split("skipped: [E001] ", 1)[1].split(": ", 1)[0] for m in messages)
    assert named == sorted(expected), run.stderr
    assert all("Fix:" in m for m in messages)
    parts = [m.split(": ", 2) for m in messages]  # "skipped", "[E001] PATH", "why. Fix: …"
    why = {p[1].rsplit("/", 1)[-1]: p[2].split(". Fix:")[0] for p in parts}
    assert why["lines.jsonl:1"].startswith("is not valid JSON")
    assert why["lines.jsonl:2"] == "is a JSON value that is not an object (an array)"
    assert why["lines.jsonl:3"] == "has no string field 'text'"
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "documents skipped with errors: 12" in report

    with Store(out) as st:
        assert sorted(st.documents()) == ["good", "page"]
        page_text = " ".join(
            str(r["o"])
            for r in st.select(f"SELECT ?o WHERE {{ GRAPH <{iris.doc_graph('page')}> {{ ?s ?p ?o }} }}")
        )
    assert "Astana" in page_text or "Kazakhstan" in page_text
    for boilerplate in ("Subscribe to our newsletter", "Newsletter signup", "Copyright notice"):
        assert boilerplate not in page_text

    alone = tmp_path / "alone"
    build([folder / "good.txt"], alone, page=False, validate=False)
    name = str(iris.doc_graph("good"))
    a, b = _graphs_as_rdflib(out)[name], _graphs_as_rdflib(alone)[name]
    assert isomorphic(a, b), _explain(name, a, b)
