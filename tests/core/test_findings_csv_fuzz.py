"""Messy CSV exports drawn by Hypothesis: read exactly, refused in a sentence, never a traceback.

An export is drawn as its parts: column names, rows of hostile text (quotes, line breaks,
delimiters, accents, emoji, U+FFFD, control characters, dates and numbers), the delimiter,
the quoting, the line ending, the encoding (UTF-8 with or without a byte-order mark, UTF-16,
Windows-1252), report titles above the column names (some with Excel's empty cells after
them), blank rows, and Excel's ``sep=`` first line. The claims:

- Whole, such an export reads back exactly: the column names, every filled row with its row
  number, the delimiter, the title rows left out, a warning exactly when a character shows
  as U+FFFD.
- Damaged (bytes inserted, deleted, flipped, cut; NULs, stray bytes, quotation marks, half
  characters, byte-order marks, long runs, rows made ragged) it is either refused with the
  module's error and a sentence, or read into a table whose counts add up: every row as wide
  as the names, rows = comments counted + left out, themes counted = comments with a theme.
- The command line's dry run on the damaged file exits 0 or 1, with one line on stderr when
  it refuses, and reads the file as read_table does.

``make test`` runs a few hundred examples; SVCREC_FUZZ_EXAMPLES=N runs N per claim (``make
stress``). ``pytest --hypothesis-show-statistics`` shows how many were read and refused.
"""

import csv
import io
import os
import re
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from svcrec_desktop.cli import main
from svcrec_desktop.files.findings_csv import (
    DELIMITERS,
    ENCODING_NAMES,
    EXAMPLE_CHARS,
    MAX_CELL_CHARS,
    TITLE_ROWS,
    UNREADABLE,
    CsvProblem,
    ImportedFindings,
    Table,
    column_themes,
    comments,
    count_themes,
    guess_columns,
    period_guess,
    read_table,
)
from svcrec_desktop.store.database import Store

pytestmark = pytest.mark.slow  # `make test` runs it; `make test-core` leaves it out


def fuzz(usual: int) -> settings:
    """Hypothesis settings: `usual` examples, or SVCREC_FUZZ_EXAMPLES when it is set."""
    return settings(
        max_examples=int(os.environ.get("SVCREC_FUZZ_EXAMPLES") or usual), deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.large_base_example],
    )


NAMES = ("Ref", "Date received", "Comment", "Ward", "Score", "Category", "Narrative", "Unit",
         "Reported by", "Free text", "Outcome", "Type")
PIECES = (
    "a", "Z", " ", "  ", "é", "ü", "ñ", "À", "ÿ", "ß", "—", "“", "”", "’", "€", "😀",
    "👩\u200d👩\u200d👧", "\u202e", UNREADABLE, "\n", "\r\n", "\r", '"', '""', ",", ";", "\t",
    "|", "2025-03-14", "14/03/2025", "03/14/2025 10:22", "14 Mar 2025", "3", "2,5", "=",
    "sep=;", "\x07", "\x1b", "\u2028", "\ufeff", "\x85",
)

ANY_CHARACTER = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
cell_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(ANY_CHARACTER, max_size=4)),
                     max_size=8).map("".join)
LINE_ENDS = ("\r\n", "\n", "\r")
CP1252_LETTERS = range(0xC0, 0x100)  # accented letters: never well-formed UTF-8 on their own


@dataclass(frozen=True)
class Export:
    """A drawn export: its bytes, and what reading it must give."""

    data: bytes
    encoding: str
    delimiter: str
    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    titles: int
    text: str


@st.composite
def exports(draw) -> Export:
    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "cp1252")))
    delimiter = draw(st.sampled_from(DELIMITERS))
    sep_line = draw(st.booleans())
    line_end = draw(st.sampled_from(LINE_ENDS))
    quoting = draw(st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL)))

    def fit(text: str) -> str:
        """What this file can hold: its encoding's characters; without a sep= line, no
        delimiter in the text (choosing the delimiter is a guess then); no U+FEFF, which
        would pass for a byte-order mark at the start."""
        text = text.replace("\ufeff", "_")
        if encoding == "cp1252":
            text = "".join(c if ord(c) < 0x80 or ord(c) in CP1252_LETTERS else "?" for c in text)
        if not sep_line:
            text = text.translate({ord(d): "_" for d in DELIMITERS})
        return text

    headers = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=6, unique=True))
    width = len(headers)
    rows = draw(st.lists(st.lists(cell_text.map(fit), min_size=width, max_size=width),
                         min_size=1, max_size=8))
    titles = [fit(t) for t in draw(st.lists(cell_text, max_size=3))]
    titles = [t for t in titles if t.strip() and not t.lower().startswith(("sep=", '"sep='))]
    records: list[list[str] | str] = []  # cells, or a raw line; rows counted after sep=
    for title in titles:
        records.append([title, *[""] * (width - 1)] if draw(st.booleans()) else [title])
        if draw(st.booleans()):
            records.append(draw(st.sampled_from(("", delimiter * (width - 1)))))
    records.append(headers)
    filled: list[list[str]] = []
    numbers: list[int] = []
    for row in rows:
        if draw(st.integers(0, 4)) == 0:
            records.append("")
        records.append(row)
        if any(cell.strip() for cell in row):
            filled.append(row)
            numbers.append(len(records))
    if not filled:  # a table needs a row under its names: make the last one say something
        rows[-1][0] = records[-1][0] = "x"  # type: ignore[index]
        filled, numbers = [rows[-1]], [len(records)]
    if line_end != "\r\n" and any("\r" in c or "\n" in c for r in records for c in r):
        # Python 3.11's writer quotes only the line ending's own characters, and leaves
        # a cell holding the other one open to misreading; every program people use quotes it
        quoting = csv.QUOTE_ALL
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=line_end)
    for record in records:
        if isinstance(record, str):
            buffer.write(record + line_end)
        else:
            writer.writerow(record)
    text = (f"sep={delimiter}{line_end}" if sep_line else "") + buffer.getvalue()
    return Export(text.encode(encoding), encoding, delimiter, headers, filled, numbers,
                  len(titles), text)


@fuzz(150)
@given(exports())
def test_a_whole_export_reads_back_exactly(export):
    table = read_table(export.data)
    assert table.headers == export.headers
    assert table.rows == export.rows
    assert table.row_numbers == export.row_numbers
    assert (table.titles, table.has_header, table.delimiter) == (
        export.titles, True, export.delimiter)
    expected_encoding = export.encoding
    if export.encoding == "cp1252" and export.text.isascii():
        expected_encoding = "utf-8"
    assert table.encoding == expected_encoding
    assert bool(table.warnings) == (UNREADABLE in export.text)
    event(f"titles: {table.titles}")


# --- damage -----------------------------------------------------------------------------------

INSERTS = (b'"', b"\x00", b"\r", b"\n", b",", b";", b"\t", b"|", b"\xc3", b"\xe9", b"\xff",
           b"\xfe", b"\x81", b"\xe2\x80", b"\xef\xbb\xbf", b"\xff\xfe", b"sep=;\r\n",
           b'"Report, Q3"\r\n', b"\r\n\r\n", b'""', b"\xf0\x9f\x98")
LONG_RUNS = (1_000, 140_000, MAX_CELL_CHARS + 10)


@st.composite
def damaged(draw) -> bytes:
    """An export with a few of the things that happen to files: bytes inserted, deleted,
    flipped or repeated, the file cut short, a very long run of text, a row made ragged."""
    data = bytearray(draw(exports()).data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(("insert", "insert", "delete", "flip", "cut", "repeat",
                                     "long", "ragged")))
        if kind == "insert":
            data[at:at] = draw(st.one_of(st.sampled_from(INSERTS), st.binary(min_size=1,
                                                                               max_size=4)))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        elif kind == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:]
        elif kind == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 200))]
        elif kind == "long":
            data[at:at] = b"x" * draw(st.sampled_from(LONG_RUNS))
        elif kind == "ragged":
            data[at:at] = draw(st.sampled_from((b",,,", b";;", b"\t\t\t", b"|")))
    return bytes(data)


def is_sentence(message: str) -> bool:
    starts = message[:1]
    return ((starts.isupper() or starts.isdigit()) and message.endswith(".")
            and "\n" not in message and "Traceback" not in message and "Error" not in message)


def check_reading(table: Table) -> None:
    """What must hold of any table read: shape, numbering, and counts that add up."""
    width = len(table.headers)
    assert width >= 2
    assert len({name.casefold() for name in table.headers}) == width
    assert all(len(row) == width for row in table.rows)
    assert len(table.rows) == len(table.row_numbers) >= 1
    assert table.row_numbers == sorted(set(table.row_numbers)) and table.row_numbers[0] >= 1
    assert all(any(cell.strip() for cell in row) for row in table.rows)
    assert table.encoding in ENCODING_NAMES and table.delimiter in DELIMITERS
    assert 0 <= table.titles <= TITLE_ROWS and (table.has_header or not table.titles)
    assert all(is_sentence(warning) for warning in table.warnings)
    assert isinstance(table.summary(), str)

    comment_col, date_col = guess_columns(table)
    assert comment_col is None or 0 <= comment_col < width
    assert date_col is None or (0 <= date_col < width and date_col != comment_col)
    start = end = None
    day_first = False
    if date_col is not None:
        day_first, start, end = period_guess(table, date_col, date(2026, 1, 1))
        assert start <= end
    chosen = comment_col if comment_col is not None else 0
    selection = comments(table, chosen, date_col, start, end, day_first)
    kept = selection.comments
    assert len(kept) + selection.empty + selection.undated + selection.outside == len(table.rows)
    assert {c.row for c in kept} <= set(table.row_numbers)
    assert all(c.text.strip() for c in kept)
    assert all(start <= c.date <= end for c in kept if start is not None)
    tagged = column_themes(table, kept, width - 1)
    themes = count_themes(tagged)
    assert sum(t.count for t in themes) == sum(1 for _, theme in tagged if theme.strip())
    assert len({t.theme.casefold() for t in themes}) == len(themes)
    assert all(0 < len(t.example) <= EXAMPLE_CHARS for t in themes)
    found = ImportedFindings("other", start, end, tuple(themes))
    assert len(found.records()) == len(themes)


@fuzz(250)
@given(damaged())
def test_a_damaged_export_is_read_with_counts_that_add_up_or_refused(data):
    try:
        table = read_table(data)
    except CsvProblem as problem:
        assert is_sentence(str(problem)), str(problem)
        event(f"refused: {re.sub(r'[0-9][0-9,]*', 'N', str(problem))[:64]}")
        return
    event("read" + (" with a warning" if table.warnings else ""))
    check_reading(table)


# --- the command line -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cli_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-fuzz")
    store = Store.open(folder / "data")
    store.sessions.create("Cardiology", first_step="welcome")
    store.close()
    return folder


@fuzz(80)
@given(data=damaged())
def test_the_dry_run_reads_as_read_table_and_says_one_line_when_it_refuses(cli_folder, data):
    path = cli_folder / "export.csv"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["import-findings", "--data-dir", str(cli_folder / "data"), "--session",
                     "1", str(path), "--dry-run", "--theme-column", "2"])
    lines = err.getvalue().splitlines()
    try:
        table = read_table(data)
    except CsvProblem:
        table = None
    if code == 1:
        event("refused")
        assert out.getvalue() == "" and len(lines) == 1
        assert lines[0].startswith("svcrec-desktop: error: ")
        assert table is None or guess_columns(table)[0] is None
        return
    event("read")
    assert code == 0 and table is not None
    said = out.getvalue().splitlines()
    assert said[0] == f"Read export.csv: {table.summary()}."
    assert said[-1] == "Dry run: nothing was added to session 1 (“Cardiology”)."
    assert all(line.startswith("svcrec-desktop: warning: ") for line in lines)
    assert len(lines) == len(table.warnings)
