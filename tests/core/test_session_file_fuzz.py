"""Fuzzing session files: a valid file, changed every way, is refused cleanly or imports whole.

The file of a session with something in every part is mutated: any value replaced by any
kind of JSON (huge numbers and deep nesting written as raw text too), keys dropped or
repeated, items dropped or repeated, inside the JSON text of guide items' fields and
versions' content as well, then cut short or written in another encoding. It is imported
into an empty data folder or into the one it came from. Either it is refused with one
sentence and the database is exactly as it was, or it imports and then every export works
at every version, and the session's file made again imports unchanged on another laptop.

SVCREC_FUZZ_EXAMPLES sets how many files are tried (250 by default, for `make test`; `make
stress` tries many more, in batches of 250). The counts of files tried, refused and imported are
printed when the module ends.
"""

import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich_session import export_everything, rich_session

from svcrec_desktop.files.session_file import (
    MAX_COUNT,
    MAX_DEPTH,
    MAX_SECONDS,
    SessionFileError,
    export_session_file,
    import_session_file,
    session_document,
)
from svcrec_desktop.store.database import Store
from svcrec_desktop.store.records import MAX_CENTS

pytestmark = pytest.mark.slow  # `make test` runs it; `make test-core` leaves it out

EXAMPLES = int(os.environ.get("SVCREC_FUZZ_EXAMPLES", "250"))
# Tried in batches, each a test of its own well under pytest's two-minute faulthandler dump
# (which can itself crash the run while it reads a busy thread's frames).
BATCH = 250
OUTCOMES: Counter[str] = Counter()


class Raw(str):
    """JSON text written into the file as it is: what json.dumps cannot or will not write."""


class Pairs(list):
    """An object written as these (key, value) pairs, in order, repeated keys included."""


class Inner:
    """A step of a path into the JSON text a string holds (guide item fields, content)."""

    def __repr__(self) -> str:
        return "<json>"


INNER = Inner()
INNER_KEYS = ("fields", "content")


def written(node: object, ascii_only: bool) -> str:
    """node as JSON text, Raw and Pairs as they are."""
    if isinstance(node, Raw):
        return str(node)
    pairs = node if isinstance(node, Pairs) else node.items() if isinstance(node, dict) else None
    if pairs is not None:
        return "{" + ", ".join(f"{json.dumps(key, ensure_ascii=ascii_only)}: "
                               f"{written(value, ascii_only)}" for key, value in pairs) + "}"
    if isinstance(node, list):
        return "[" + ", ".join(written(item, ascii_only) for item in node) + "]"
    return json.dumps(node, ensure_ascii=ascii_only)


def paths(node: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in a document, the JSON text of fields and content included."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        children = list(node.items())
    elif isinstance(node, list):
        children = list(enumerate(node))
    else:
        children = []
    for key, child in children:
        found += paths(child, (*prefix, key))
        if key in INNER_KEYS and isinstance(child, str):
            found += paths(json.loads(child), (*prefix, key, INNER))
    return found


def changed(node: object, path: tuple, change) -> object:
    """node with change(parent, key) made at path; unchanged where the path no longer leads."""
    step, rest = path[0], path[1:]
    if step is INNER:
        return node  # a path ending at the text itself: the string is replaced from outside
    if rest and rest[0] is INNER:
        child = node[step] if _has(node, step) else None
        if isinstance(child, str) and len(rest) > 1:
            try:
                inner = json.loads(child)
            except (ValueError, RecursionError):  # made so by an earlier change
                return node
            node[step] = written(changed(inner, rest[1:], change), ascii_only=True)
        return node
    if not _has(node, step):
        return node
    if rest:
        node[step] = changed(node[step], rest, change)
        return node
    return change(node, step)


def _has(node: object, step: object) -> bool:
    if isinstance(node, Pairs):
        return False
    if isinstance(node, dict):
        return step in node
    return isinstance(node, list) and isinstance(step, int) and step < len(node)


def replaced(value: object):
    def change(parent, key):
        parent[key] = value
        return parent
    return change


def dropped(parent, key):
    del parent[key]
    return parent


def repeated(value: object):
    """The key again with another value (JSON readers keep the last), or the item twice."""
    def change(parent, key):
        if isinstance(parent, dict):
            return Pairs([*parent.items(), (key, value)])
        parent.insert(key, parent[key])
        return parent
    return change


NUMBERS = [0, 1, -1, 2, 480, 481, 2**31, 2**53 + 1, 2**63 - 1, 2**63, -(2**63), 2**64,
           MAX_COUNT, MAX_COUNT + 1, MAX_CENTS, MAX_CENTS + 1, MAX_SECONDS, MAX_SECONDS + 0.5,
           1e308, -0.0, 0.5, 61.25]
RAW = [Raw("7" * 5000), Raw("-" + "9" * 25), Raw("1" + "0" * 30 + ".5"), Raw("1e999"),
       Raw("NaN"), Raw("-Infinity"), Raw("[" * 50_000 + "]" * 50_000),
       Raw('{"a": ' * MAX_DEPTH + "1" + "}" * MAX_DEPTH), Raw("[" * 5 + "]" * 5)]
TIMES = ["0001-01-01T00:00:00", "9999-12-31T23:59:59", "9999-12-31T23:59:59-12:00",
         "1969-12-31T23:59:59+00:00", "1970-01-01T00:00:00+14:00", "2200-12-31T23:59:59-12:00",
         "2199-06-01T00:00:00+00:00", "2026-11-03T14:05:00", "2026-11-03T14:05:00.5+05:30",
         "2026-11-03", "20261103T140500Z", "2026-W45-2", "", "yesterday"]
DATES = ["0001-01-01", "1970-01-01", "2200-12-31", "2201-01-01", "2026-02-30", "20261103"]
NAMES = ["", "q1", "q2", "welcome", "m2-off", "mistakes", "steps", "offers", "no-such", "draft",
         "final", "missing", "right", "preparing", "done", "improve", "theme,quote,new",
         "a" * 64, "a" * 65, "x y", "review", "survey comments"]
TEXTS = st.text(st.one_of(st.characters(codec=None, exclude_categories=()),
                          st.sampled_from(["\ud800", "\udfff", "\x00", "\x1b", "\u202e", "é"])),
                max_size=20)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.sampled_from(NUMBERS), st.integers(-(2**65), 2**65),
    st.floats(allow_nan=True, allow_infinity=True), TEXTS, st.sampled_from(TIMES),
    st.sampled_from(DATES), st.sampled_from(NAMES), st.sampled_from(RAW),
    st.just("x" * 100_000),
    st.builds(lambda points: {"code_points": points},
              st.lists(st.one_of(st.integers(0, 0x10FFFF), st.sampled_from(
                  [-1, 0x110000, 0xD800, True, "a"])), max_size=4)),
)

VALUES = st.recursive(SCALARS, lambda kids: st.lists(kids, max_size=3)
                      | st.dictionaries(TEXTS, kids, max_size=3), max_leaves=6)
ENCODINGS = ["utf-8"] * 6 + ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                             "cp1252", "latin-1"]


def at(node: object, path: tuple) -> object:
    """The value at path in a document, None where there is none."""
    for step in path:
        if step is INNER:
            try:
                node = json.loads(node)  # type: ignore[arg-type]
            except (TypeError, ValueError, RecursionError):
                return None
        elif _has(node, step):
            node = node[step]  # type: ignore[index]
        else:
            return None
    return node


def alike(value: object) -> st.SearchStrategy:
    """Values of the kind already there: they pass the first look, and often the import."""
    if isinstance(value, str):
        return st.one_of(TEXTS, st.sampled_from(TIMES + DATES + NAMES))
    if isinstance(value, bool) or value is None:
        return st.one_of(st.sampled_from(TIMES + DATES), st.integers(0, 1), TEXTS)
    if isinstance(value, int | float):
        return st.one_of(st.sampled_from(NUMBERS), st.integers(-2, 500), st.floats(0, 1e6))
    return VALUES


@st.composite
def mutated_files(draw, valid: str, places: list[tuple]) -> bytes:
    """The valid file changed in a few places, maybe cut short, in some encoding."""
    document = json.loads(valid)
    for _change in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(places))
        value = draw(st.one_of(alike(at(document, path)), VALUES))
        change = draw(st.sampled_from([replaced(value), replaced(value), dropped,
                                       repeated(value)]))
        document = changed(document, path, change)
    text = written(document, ascii_only=draw(st.booleans()))
    if draw(st.integers(0, 9)) == 0:
        text = text[:draw(st.integers(0, len(text)))]
    encoding = draw(st.sampled_from(ENCODINGS))
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text  # a byte-order mark, twice with utf-8-sig
    return text.encode(encoding, "replace" if encoding in ("cp1252", "latin-1")
                       else "surrogatepass")


def database_dump(store: Store) -> list[str]:
    return list(store.connection.conn.iterdump())


@pytest.fixture(scope="module")
def templates(tmp_path_factory, request):
    """The data folder the valid file comes from, an empty one, and the valid file's text."""
    base = tmp_path_factory.mktemp("fuzz")
    here = Store.open(base / "here")
    valid = export_session_file(here, rich_session(here), base / "valid.svcrec.json")
    here.close()
    Store.open(base / "empty").close()
    yield {"merge": base / "here", "new": base / "empty"}, valid.read_text(encoding="ascii")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nSession-file fuzzing: {OUTCOMES['tried']} files tried, "
              f"{OUTCOMES['refused']} refused with nothing changed, {OUTCOMES['imported']} "
              f"imported ({OUTCOMES['unchanged']} of them changing nothing), every export "
              "working after each import.")


@pytest.mark.parametrize("batch", range(-(-EXAMPLES // BATCH)))
def test_a_mutated_file_is_refused_cleanly_or_imports_whole_and_exports(templates, playbook,
                                                                         batch):
    folders, valid = templates
    places = paths(json.loads(valid))

    @settings(max_examples=min(BATCH, EXAMPLES - batch * BATCH), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=mutated_files(valid, places), into=st.sampled_from(["new", "merge"]))
    def check(data: bytes, into: str) -> None:
        OUTCOMES["tried"] += 1
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch) / "data"
            shutil.copytree(folders[into], folder)
            store = Store.open(folder)
            try:
                imported_whole_or_refused(store, data, Path(scratch), playbook)
            finally:
                store.close()

    check()


def imported_whole_or_refused(store: Store, data: bytes, scratch: Path, playbook) -> None:
    before = database_dump(store)
    path = scratch / "incoming.svcrec.json"
    path.write_bytes(data)
    try:
        result = import_session_file(store, path)
    except SessionFileError as exc:
        message = str(exc)
        assert message.startswith("Cannot import ") and "\n" not in message, message
        assert database_dump(store) == before, message
        OUTCOMES["refused"] += 1
        return
    OUTCOMES["imported"] += 1
    if not result.changed:  # the folder's session, already exported whole when it was made
        assert database_dump(store) == before
        OUTCOMES["unchanged"] += 1
        return
    again = export_everything(store, playbook, result.session_id, scratch / "out")
    assert not import_session_file(store, again).changed
    other = Store.open(scratch / "other-laptop")
    try:
        copy = import_session_file(other, again)
        written_again = json.loads(again.read_text(encoding="ascii"))
        assert {**session_document(other, copy.session_id), "exported_at": None} == {
            **written_again, "exported_at": None}
    finally:
        other.close()
