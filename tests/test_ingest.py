"""graph.ingest: real files in tmp_path -> Document records or one-line InputErrors."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from conftest import SEEDS

from graph import ingest
from graph.errors import InputError
from graph.ingest import iter_documents, normalise_text
from graph.model import Document

ENGLISH = "Belarus and China signed a memorandum of understanding on cooperation in the field of ICT."
GERMAN = (
    "Die Republik Belarus und die Volksrepublik China haben am Montag in Minsk eine Absichtserklärung über "
    "die Zusammenarbeit im Bereich der Informations- und Kommunikationstechnologien unterzeichnet. Die "
    "Vereinbarung sieht gemeinsame Projekte in den Bereichen künstliche Intelligenz, Datenverarbeitung und "
    "digitale Verwaltung vor. Beide Seiten wollen ihre Zusammenarbeit in den kommenden Jahren weiter "
    "ausbauen und vertiefen."
)
RUSSIAN = (
    "Республика Беларусь и Китайская Народная Республика подписали в Минске меморандум о сотрудничестве "
    "в области информационно-коммуникационных технологий."
)


def _read(*paths: Path) -> tuple[list[Document], list[InputError]]:
    docs: list[Document] = []
    errors: list[InputError] = []
    for item in iter_documents(list(paths)):
        (docs if isinstance(item, Document) else errors).append(item)  # type: ignore[arg-type]
    return docs, errors


def _one_error(path: Path) -> InputError:
    docs, errors = _read(path)
    assert docs == [], docs
    assert len(errors) == 1, errors
    return errors[0]


def assert_clean_error(err: InputError, names: str) -> None:
    """An InputError's message is one line that names the file and says how to fix it."""
    assert isinstance(err, InputError)
    msg = str(err)
    assert "\n" not in msg and "\r" not in msg, msg
    assert names in msg, msg
    assert "Fix:" in msg, msg


# ------------------------------------------------------------------ formats
def test_ingest_txt(tmp_path: Path) -> None:
    f = tmp_path / "press release 1.txt"
    f.write_text(f"  {ENGLISH}\r\n\r\n\r\n\r\nSecond\u00a0paragraph.\u200b  \n", encoding="utf-8")
    docs, errors = _read(f)
    assert errors == []
    (doc,) = docs
    assert doc.id == "press-release-1"
    assert doc.text == f"{ENGLISH}\n\nSecond paragraph."
    assert doc.source == str(f)
    assert doc.title is None and doc.date is None


def test_ingest_md_takes_heading_as_title_and_strips_markup(tmp_path: Path) -> None:
    f = tmp_path / "note.md"
    f.write_text(
        f"# Belarus joins the SCO\n\n{ENGLISH} See [the ministry](https://mpt.gov.by) and **more**.\n",
        encoding="utf-8",
    )
    (doc,) = _read(f)[0]
    assert doc.title == "Belarus joins the SCO"
    assert doc.text.startswith("Belarus joins the SCO\n\nBelarus and China")
    assert "See the ministry and more." in doc.text
    assert "#" not in doc.text and "](" not in doc.text and "**" not in doc.text


def test_ingest_md_front_matter(tmp_path: Path) -> None:
    f = tmp_path / "fm.md"
    f.write_text(f"---\ntitle: Front title\ndate: 2024-08-22\nurl: https://x.org/a\n---\n{ENGLISH}\n")
    (doc,) = _read(f)[0]
    assert (doc.title, doc.date, doc.url) == ("Front title", "2024-08-22", "https://x.org/a")
    assert doc.text == ENGLISH


def test_ingest_html_strips_tags_drops_script_style_and_takes_title(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(
        "<!doctype html><html><head><title>Belarus &amp; China sign MoU</title>"
        "<meta property='article:published_time' content='2024-08-22T09:00:00Z'>"
        "<link rel='canonical' href='https://mpt.gov.by/en/news/1'>"
        "<style>p { color: red; }</style><script>var secret = 'SCRIPTTEXT';</script></head>"
        "<body><nav>Home | News</nav><h1>Big news</h1>"
        f"<p>{ENGLISH.replace('signed', '<b>signed</b>')}</p><p>Second&nbsp;paragraph.</p>"
        "<footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    (doc,) = _read(f)[0]
    assert doc.title == "Belarus & China sign MoU"
    assert doc.date == "2024-08-22"
    assert doc.url == "https://mpt.gov.by/en/news/1"
    assert doc.text.endswith(f"{ENGLISH}\n\nSecond paragraph.")  # the article, a paragraph a block
    for leftover in ("<", ">", "SCRIPTTEXT", "color", "Copyright", "News"):
        assert leftover not in doc.text


def test_ingest_html_given_as_txt_is_detected(tmp_path: Path) -> None:
    f = tmp_path / "saved.txt"
    f.write_text(
        f"<html><head><title>T</title></head><body><p>{ENGLISH}</p><script>x()</script></body></html>"
    )
    (doc,) = _read(f)[0]
    assert doc.text == ENGLISH
    assert doc.title == "T"


def test_ingest_jsonl_fields(tmp_path: Path) -> None:
    f = tmp_path / "corpus.jsonl"
    rows = [
        {
            "id": "doc one",
            "text": ENGLISH,
            "title": "A title",
            "date": "2024-08-22T10:00:00",
            "url": "https://a.org/1",
        },
        {"text": "The second document has no id, so one is made from the file and line."},
        {"id": "three", "text": ENGLISH, "source_url": "https://a.org/3"},
    ]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    docs, errors = _read(f)
    assert errors == []
    assert [d.id for d in docs] == ["doc-one", "corpus-2", "three"]
    assert (docs[0].title, docs[0].date, docs[0].url) == ("A title", "2024-08-22", "https://a.org/1")
    assert docs[0].source == f"{f}:1"
    assert docs[2].url == "https://a.org/3"


def test_ingest_jsonl_bad_lines_are_reported_and_the_others_come_through(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ENGLISH}),
        "{not json",
        json.dumps({"id": "b", "title": "no text"}),
        "",
        json.dumps({"id": "c", "text": ENGLISH, "date": "2024-02-30"}),
        json.dumps({"id": "d", "text": ENGLISH}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = _read(f)
    assert [d.id for d in docs] == ["a", "d"]
    assert [e.path for e in errors] == [f"{f}:2", f"{f}:3", f"{f}:5"]
    for err, line in zip(errors, (2, 3, 5), strict=True):
        assert_clean_error(err, f"{f.name}:{line}")
    assert "not valid JSON" in str(errors[0])
    assert "'text'" in str(errors[1])
    assert "2024-02-30" in str(errors[2])


def test_ingest_jsonl_bad_encoding_on_one_line(tmp_path: Path) -> None:
    f = tmp_path / "enc.jsonl"
    good = json.dumps({"id": "ok", "text": ENGLISH}).encode()
    bad = json.dumps({"id": "bad", "text": RUSSIAN}, ensure_ascii=False).encode("cp1251")
    f.write_bytes(good + b"\n" + bad + b"\n")
    docs, errors = _read(f)
    assert [d.id for d in docs] == ["ok"]
    (err,) = errors
    assert_clean_error(err, f"{f.name}:2")
    assert "decoded from cp1251" in str(err)  # the legacy encoding is detected and named


# ------------------------------------------------------------------ folders
def test_ingest_folder_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "z.txt").write_text(ENGLISH)
    (tmp_path / "b" / "m.md").write_text(ENGLISH)
    (tmp_path / "a" / "deep" / "k.html").write_text(f"<p>{ENGLISH}</p>")
    (tmp_path / "a" / "c.jsonl").write_text(json.dumps({"id": "j", "text": ENGLISH}) + "\n")
    (tmp_path / "a" / "ignored.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a" / "notes.docx").write_bytes(b"PK")
    (tmp_path / ".hidden.txt").write_text(ENGLISH)
    (tmp_path / ".git" / "x.txt").write_text(ENGLISH)
    docs, errors = _read(tmp_path)
    assert errors == []
    assert [d.id for d in docs] == ["j", "k", "m", "z"]  # a/c.jsonl, a/deep/k.html, b/m.md, z.txt


def test_ingest_unsupported_extension_named_explicitly(tmp_path: Path) -> None:
    f = tmp_path / "report.pdf"
    f.write_bytes(b"%PDF-1.4")
    err = _one_error(f)
    assert_clean_error(err, "report.pdf")
    assert ".pdf" in err.problem


def test_ingest_empty_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "only.pdf").write_bytes(b"%PDF")
    assert_clean_error(_one_error(tmp_path), str(tmp_path))


def test_ingest_missing_file(tmp_path: Path) -> None:
    err = _one_error(tmp_path / "nope.txt")
    assert_clean_error(err, "nope.txt")
    assert "no such file" in str(err)


def test_ingest_read_file_missing(tmp_path: Path) -> None:
    (err,) = list(ingest.read_file(tmp_path / "gone.md"))
    assert isinstance(err, InputError)
    assert_clean_error(err, "gone.md")


# ------------------------------------------------------------------ bad inputs
@pytest.mark.parametrize(
    ("name", "content", "expect"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n\t \n", "empty"),
        ("only-nav.txt", b"Share\nPrint\nBack to top\n", "empty"),
        ("binary.txt", b"GIF89a\x00\x01\x02\x00binary", "binary"),
        ("binary.jsonl", b'{"id": "x", "text": "\x00\x00"}\n', "binary"),
        ("cp1251.txt", "Министерство связи Беларуси".encode("cp1251"), "decoded from cp1251"),
        ("german.txt", GERMAN.encode(), "English"),
        ("russian.txt", RUSSIAN.encode(), "English"),
        ("russian.html", f"<p>{RUSSIAN}</p>".encode(), "English"),
    ],
)
def test_ingest_bad_file_is_one_clean_error(tmp_path: Path, name: str, content: bytes, expect: str) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    err = _one_error(f)
    assert_clean_error(err, name)
    assert expect in str(err)


def test_ingest_huge_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)
    f = tmp_path / "huge.txt"
    f.write_text(ENGLISH * 20)
    err = _one_error(f)
    assert_clean_error(err, "huge.txt")
    assert "limit" in str(err)


def test_ingest_huge_jsonl_line_is_refused_and_the_others_come_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)
    f = tmp_path / "big.jsonl"
    rows = [
        {"id": "small1", "text": ENGLISH},
        {"id": "huge", "text": ENGLISH * 50},
        {"id": "small2", "text": ENGLISH},
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert f.stat().st_size > 1000  # the file is over the limit, yet only its long line is refused
    docs, errors = _read(f)
    assert [d.id for d in docs] == ["small1", "small2"]
    (err,) = errors
    assert_clean_error(err, f"{f.name}:2")


def test_ingest_duplicate_ids(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text(ENGLISH)
    (tmp_path / "b" / "same.txt").write_text(ENGLISH)
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "same", "text": ENGLISH}) + "\n")
    docs, errors = _read(tmp_path)
    assert [d.source for d in docs] == [str(tmp_path / "a" / "same.txt")]
    assert len(errors) == 2
    for err in errors:
        assert_clean_error(err, "same")
        assert "repeats the document id" in str(err)
    assert errors[0].path == str(tmp_path / "b" / "same.txt")
    assert errors[1].path == f"{tmp_path / 'c.jsonl'}:1"


# ------------------------------------------------------------------ normalisation
def test_normalise_drops_navigation_lines_and_foreign_captions() -> None:
    raw = f"Home\nShare this:\n{ENGLISH}\nRead more\n\n \n\nИзображение"
    assert normalise_text(raw) == ENGLISH


def test_normalise_drops_caption_glued_to_the_title() -> None:
    raw = f"ИзображениеForeign Economic Activity\n\n{ENGLISH}"
    assert normalise_text(raw) == f"Foreign Economic Activity\n\n{ENGLISH}"


def test_normalise_fixes_cyrillic_lookalikes_inside_latin_words() -> None:
    fixed = normalise_text("The Republic of B\u0435larus joined the SCO.")
    assert fixed == "The Republic of Belarus joined the SCO."


def test_normalise_keeps_a_mostly_russian_text() -> None:
    assert normalise_text(RUSSIAN) == RUSSIAN  # it is refused later, by the language check, not mangled


def test_ingest_seed_documents_are_clean() -> None:
    docs, errors = _read(SEEDS)
    assert errors == []
    by_id = {d.id: d for d in docs}
    assert sorted(by_id) == ["000_a53898a7feb32203", "003_284019bfff08ab6b"]
    seed000 = by_id["000_a53898a7feb32203"]
    assert "Изображение" in (SEEDS / "000_a53898a7feb32203.txt").read_text(encoding="utf-8")
    assert "Изображение" not in seed000.text
    assert seed000.text.endswith("cooperation platform in the field of ICT.")
    assert by_id["003_284019bfff08ab6b"].text.startswith("Foreign Economic Activity\n\nIn 2023,")


def test_ingest_seed_003_with_its_original_caption(tmp_path: Path) -> None:
    """The scraped seed 003 started with "ИзображениеForeign Economic Activity"."""
    text = (SEEDS / "003_284019bfff08ab6b.txt").read_text(encoding="utf-8")
    f = tmp_path / "003_284019bfff08ab6b.txt"
    f.write_text("Изображение" + text, encoding="utf-8")
    (doc,) = _read(f)[0]
    assert doc.text.startswith("Foreign Economic Activity")
    assert "Изображение" not in doc.text


def test_ingest_content_hash_changes_with_metadata(tmp_path: Path) -> None:
    f = tmp_path / "h.jsonl"
    f.write_text(
        json.dumps({"id": "x", "text": ENGLISH, "date": "2024-01-01"})
        + "\n"
        + json.dumps({"id": "y", "text": ENGLISH, "date": "2024-01-02"})
        + "\n"
    )
    x, y = _read(f)[0]
    assert x.text == y.text
    assert x.content_hash != y.content_hash


# ------------------------------------------------------------------ files that are not files
def _unreadable(path: Path) -> None:
    """A file that cannot be read: mode 000, or (as root, who reads anything) /proc/self/mem, which
    every reader gets an I/O error from at offset 0."""
    if os.geteuid() != 0:
        path.write_text(ENGLISH, encoding="utf-8")
        path.chmod(0)
    else:
        path.symlink_to("/proc/self/mem")


def _read_within(seconds: float, *paths: Path) -> tuple[list[Document], list[InputError]]:
    """``_read`` in a thread: the test fails instead of hanging when a read blocks."""
    got: list[tuple[list[Document], list[InputError]]] = []
    worker = threading.Thread(target=lambda: got.append(_read(*paths)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading the folder blocked"
    return got[0]


def test_ingest_special_files_are_named_with_the_reason_and_never_block(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(ENGLISH, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "pipe-without-suffix")
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "dangling.md").symlink_to("nothing-here.md")
    (folder / "device.txt").symlink_to("/dev/zero")  # would never end if it were read
    (folder / "sub" / "up").symlink_to("..")  # a link to a parent folder is not followed
    _unreadable(folder / "unreadable.txt")
    docs, errors = _read_within(10, folder)
    assert [d.id for d in docs] == ["good"]
    reasons = {Path(e.path).name: e.problem for e in errors}
    assert reasons.pop("unreadable.txt").startswith("cannot be read (")
    assert reasons == {
        "dangling.md": "is a symbolic link to nothing (its target is missing)",
        "device.txt": "is a device file, not a document",
        "loop.txt": "is a symbolic link that loops",
        "pipe-without-suffix": "is a named pipe (FIFO), not a file: reading it would wait for a writer",
        "pipe.txt": "is a named pipe (FIFO), not a file: reading it would wait for a writer",
    }
    for err in errors:
        assert_clean_error(err, Path(err.path).name)


def test_ingest_a_fifo_named_explicitly_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "news.jsonl")
    docs, errors = _read_within(10, tmp_path / "news.jsonl")
    assert docs == [] and [e.problem for e in errors] == [
        "is a named pipe (FIFO), not a file: reading it would wait for a writer"
    ]


def test_ingest_read_file_refuses_a_fifo_it_is_handed(tmp_path: Path) -> None:
    """The open itself checks: a file swapped for a FIFO after the folder walk is refused too."""
    os.mkfifo(tmp_path / "late.txt")
    [err] = list(ingest.read_file(tmp_path / "late.txt"))
    assert isinstance(err, InputError) and "named pipe" in err.problem


def test_ingest_document_ids_lists_what_is_there_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x00binary, but still there")
    (tmp_path / "b.md").write_text(GERMAN, encoding="utf-8")  # not English, still there
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "one", "text": ENGLISH}) + "\n{broken\n" + json.dumps({"text": ENGLISH}) + "\n",
        encoding="utf-8",
    )
    os.mkfifo(tmp_path / "d.txt")
    ids, failed = ingest.document_ids([tmp_path, tmp_path / "gone"])
    assert ids == {"a", "b", "one", "c-3"}
    assert failed == [str(tmp_path / "c.jsonl") + ":2", str(tmp_path / "d.txt"), str(tmp_path / "gone")]


def test_ingest_english_checked_skips_known_texts_and_collects_the_ones_that_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = "The two ministries agreed to cooperate on digital government and data centres. " * 3
    german = "Die beiden Ministerien vereinbarten eine Zusammenarbeit bei der digitalen Verwaltung. " * 3
    (tmp_path / "en.txt").write_text(english, encoding="utf-8")
    (tmp_path / "de.txt").write_text(german, encoding="utf-8")
    checked: list[str] = []
    real = ingest.language_of

    def spying(text: str) -> tuple[str, float]:
        checked.append(text)
        return real(text)

    monkeypatch.setattr(ingest, "language_of", spying)
    with ingest.english_checked([]) as passed:
        first = list(iter_documents([tmp_path]))
    assert len(checked) == 2 and len(passed) == 1  # the German text is refused, not remembered
    assert any(isinstance(x, InputError) and "German" in str(x) for x in first)
    checked.clear()
    with ingest.english_checked(passed) as again:
        second = list(iter_documents([tmp_path]))
    # the English text passed before: not checked again, and still remembered; German still refused
    assert len(checked) == 1 and "Ministerien" in checked[0]
    assert again == passed
    assert [type(x) for x in second] == [type(x) for x in first]


def test_ingest_known_inputs_passes_over_records_read_before_and_reads_changed_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record whose bytes (kind and id with them) were read before is yielded as Unchanged,
    without cleaning, when the caller says its document is stored; an edited record, one the
    caller wants again, and one never read are read; what was read is collected for next time."""
    text = "The two ministries agreed to cooperate on digital government and data centres. " * 3
    lines = [json.dumps({"id": i, "text": text + i}) for i in ("one", "two")]
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    made: list[str] = []
    real = ingest._make

    def spying(doc_id: str, *args: object, **kw: object) -> Document:
        made.append(doc_id)
        return real(doc_id, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "_make", spying)
    with ingest.known_inputs({}, lambda doc_id, h: True) as first:
        docs = {d.id: d for d in iter_documents([tmp_path]) if isinstance(d, Document)}
    assert sorted(made) == ["a", "one", "two"] and len(first) == 3
    assert sorted(h for h, _ in first.values()) == sorted(d.content_hash for d in docs.values())

    (tmp_path / "c.jsonl").write_text(
        "\n".join([lines[0], json.dumps({"id": "two", "text": text + "edited"})]) + "\n", encoding="utf-8"
    )
    made.clear()
    with ingest.english_checked([]) as passed, ingest.known_inputs(first, lambda d, h: d != "a") as second:
        items = list(iter_documents([tmp_path]))
    kinds = {x.id: type(x).__name__ for x in items if not isinstance(x, InputError)}
    assert kinds == {"a": "Document", "one": "Unchanged", "two": "Document"}
    assert sorted(made) == ["a", "two"]  # "one" was not cleaned again
    same = next(x for x in items if isinstance(x, ingest.Unchanged))
    assert same.content_hash == docs["one"].content_hash and same.source.endswith("c.jsonl:1")
    assert len(second) == 3 and ingest.english_digest(docs["one"].text) in passed
    made.clear()
    assert [type(x) for x in iter_documents([tmp_path])] == [Document, Document, Document]
    assert len(made) == 3  # outside the block every record is read
