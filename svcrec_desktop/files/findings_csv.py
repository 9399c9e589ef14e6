"""Turn a CSV export of patient comments or incident reports into counted themes.

Phase 0 of the method asks the facilitator to review 6 to 12 months of comments from the
survey dashboard or of incident reports and to count how often each theme recurs. Those
exports come from many systems and spreadsheet programs, so this module reads them
forgivingly: any common encoding and delimiter, quoted line breaks, blank and ragged rows,
missing or repeated column names, report titles above the column names, comments up to
MAX_CELL_CHARS long. What it cannot read is refused with a message written for the facilitator
that gives the true reason (a cell too long is not a quotation mark left open), never a
traceback. Comment text is kept exactly as it is in the file.

The encoding. A byte-order mark says which one. Without one, a file that is valid UTF-8 is
UTF-8. A file that is UTF-8 except for a few broken sequences (a character cut in half, a
stray byte) is still UTF-8: when the well-formed multi-byte characters are at least as many as
the broken sequences, each broken sequence is read as U+FFFD (�) and a warning names the rows
that hold one (as it does for a U+FFFD the file already held). Otherwise the file was written
in a legacy code page, whose accented letters are themselves the "broken" sequences:
Windows-1252, or Latin-1 when Windows-1252 leaves a byte undefined. Reading a damaged UTF-8
file as Windows-1252 would turn every accent into two wrong characters without a word; one
marked character is the honest reading.

The row of column names. Excel may write a first line ``sep=;`` that names the delimiter; it
is used and left out, and rows are counted after it, as Excel shows them. Title lines may come
above the column names (a report's name, the date it was run: rows with at most one filled
cell, or with at most half as many as the table is wide; or a line of prose that the
delimiter cut, right above a row that looks like column names), at most TITLE_ROWS of them.
The first row after them is the row of column names when none of its cells is a date or a
number; the title lines above it are then left out and counted in the summary. Otherwise the
file has no row of column names and nothing is left out.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from svcrec_desktop.domain.model import counted

MAX_BYTES = 50 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
SOURCES = ("survey comments", "incident reports", "other")
EXAMPLE_CHARS = 300
GUESS_ROWS = 200  # rows looked at to guess columns: enough to judge, quick on any file
SAMPLE_CHARS = 64 * 1024  # text looked at to choose the delimiter
SAMPLE_ROWS = 50
MAX_CELL_CHARS = 1_048_576  # room for a pasted letter; a whole file in one cell is a mistake
TITLE_ROWS = 10  # title lines looked past to find the row of column names
NAMED_ROWS = 5  # rows named in a warning about characters that could not be read
NAMED_COLUMNS = 12  # columns listed when a column asked for is not there

ENCODING_NAMES = {
    "utf-8-sig": "UTF-8 with a byte-order mark",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252 (Western European)",
    "latin-1": "Latin-1",
}
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars (|)"}

COMMENT_WORDS = frozenset(
    {"comment", "feedback", "description", "text", "narrative", "detail", "remark", "verbatim"}
)
DATE_WORDS = frozenset({"date", "received", "reported", "occurred", "when"})
THEME_WORDS = frozenset(
    {"category", "subcategory", "theme", "topic", "type", "classification"}
)
THEME_CHARS = 60  # a column of themes holds short names, not sentences

_SEP_LINE = re.compile(r'"?sep=(.)"?[ \t]*(?:\r\n|\r|\n|$)', re.I)  # Excel's first line
_NUMBER = re.compile(r"[-+]?[\d.,]*\d%?")
UNREADABLE = "\ufffd"  # what a character that could not be read is shown as

NOT_TEXT = (
    "This file does not look like text: it may be a spreadsheet (such as an Excel .xlsx "
    "file) or another kind of document with a .csv name. Open it in your spreadsheet program "
    "and save it as “CSV”, then choose the saved copy."
)


class CsvProblem(Exception):
    """A file that cannot be imported; the message says why in words for the facilitator."""


@dataclass(frozen=True)
class Table:
    """The cells of a CSV file, every row as wide as the widest one.

    ``row_numbers[i]`` is the row ``rows[i]`` has when the file is opened in a spreadsheet
    (the first line of the file is row 1, after a ``sep=`` line), so the facilitator can find
    a comment again.
    """

    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    encoding: str
    delimiter: str
    has_header: bool
    titles: int = 0  # title lines above the column names, left out
    warnings: tuple[str, ...] = ()  # what the facilitator should check in the original file

    def summary(self) -> str:
        """How the file was read, for the facilitator to check at a glance."""
        parts = [
            counted(len(self.rows), "row"),
            f"read as {ENCODING_NAMES[self.encoding]}",
            f"columns separated by {DELIMITER_NAMES[self.delimiter]}",
        ]
        if self.titles:
            parts.append(f"{counted(self.titles, 'title row')} above the column names left out")
        if not self.has_header:
            parts.append("no row of column names, so the columns are numbered")
        return " · ".join(parts)


@dataclass(frozen=True)
class Comment:
    """One comment or report: its row in the file, its text exactly as written, its date."""

    row: int
    text: str
    date: date | None


@dataclass(frozen=True)
class Selection:
    """The comments of the chosen period, and how many rows were left out and why."""

    comments: list[Comment]
    empty: int
    undated: int
    outside: int
    future: int = 0  # rows dated after the day of the reading, kept or left out

    def left_out_summary(self) -> str:
        reasons = [
            (self.outside, "dated outside the period"),
            (self.undated, "without a date that could be read"),
            (self.empty, "with an empty comment"),
        ]
        said = [f"{counted(n, 'row')} {why}" for n, why in reasons if n]
        if not said:
            return "Every row of the file is included."
        return "Left out: " + ", ".join(said) + "."

    def future_summary(self) -> str:
        """Dates after today, which no comment can have: a slip, or day and month swapped."""
        if not self.future:
            return ""
        which = "it" if self.future == 1 else "them"
        return (f"{counted(self.future, 'row')} dated after today: check {which} in the file "
                "(a typing slip, or the day and month the wrong way round?).")


@dataclass(frozen=True)
class ThemeCount:
    """How often one theme came up, with one comment that shows it."""

    theme: str
    count: int
    example: str


@dataclass(frozen=True)
class ImportedFindings:
    """What a review of comments or reports found: themes counted over a period."""

    source: str
    period_start: date | None
    period_end: date | None
    themes: tuple[ThemeCount, ...]

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, not {self.source!r}")

    def records(self) -> list[dict]:
        """One finding per theme, as store.findings.add takes them."""
        return [
            {"theme": theme.theme, "count": theme.count, "example": theme.example,
             "source": self.source, "period_start": self.period_start,
             "period_end": self.period_end}
            for theme in self.themes
        ]


def read_table(source: Path | bytes) -> Table:
    """Read a CSV file (or its bytes), or raise CsvProblem saying why it cannot be used."""
    data = _read_bytes(source) if isinstance(source, Path) else source
    if len(data) > MAX_BYTES:
        raise CsvProblem(_too_large())
    text, encoding = _decode(data)
    if "\x00" in text:  # no text export holds a NUL character; binary files are full of them
        raise CsvProblem(NOT_TEXT)
    if sep_line := _SEP_LINE.match(text):
        text = text[sep_line.end():]  # Excel hides this line: rows are counted after it
    named = sep_line[1] if sep_line else None
    delimiter = named if named in DELIMITERS else _choose_delimiter(text)
    with _cells_up_to(MAX_CELL_CHARS):
        numbered = list(_filled_rows(text, delimiter))
        warnings = (_unreadable_warning(text, delimiter),) if UNREADABLE in text else ()
    if not numbered:
        raise CsvProblem("There is nothing to import: the file is empty or has only blank rows.")
    if max(len(_trimmed(cells)) for _, cells in numbered) < 2:
        raise CsvProblem(
            "This file is not a table of comments: no row has more than one column. Export "
            "the comments together with their dates, one comment per row."
        )
    header_at = _header_index(numbered)
    header = numbered[header_at][1] if header_at is not None else []
    if header_at is not None:
        numbered = numbered[header_at + 1:]
        if not numbered:
            raise CsvProblem(
                "The file has a row of column names but no rows of comments under it."
            )
    width = max(len(_trimmed(cells)) for cells in [header, *(cells for _, cells in numbered)])
    return Table(
        headers=_header_names(header, width),
        rows=[cells[:width] + [""] * (width - len(cells)) for _, cells in numbered],
        row_numbers=[number for number, _ in numbered],
        encoding=encoding,
        delimiter=delimiter,
        has_header=header_at is not None,
        titles=header_at or 0,
        warnings=warnings,
    )


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:  # checked before reading a file of any size
            raise CsvProblem(_too_large())
        return path.read_bytes()
    except FileNotFoundError:
        raise CsvProblem("The file could not be opened: it is no longer there.") from None
    except IsADirectoryError:
        raise CsvProblem("This is a folder, not a file. Choose the CSV file inside it.") from None
    except PermissionError:
        raise CsvProblem(
            "The file could not be opened: another program (such as a spreadsheet) may have "
            "it open, or you may not be allowed to read it. Close it there and try again."
        ) from None
    except OSError as exc:
        raise CsvProblem(f"The file could not be opened ({exc.strerror}).") from None


def _too_large() -> str:
    return (
        f"This file is larger than {MAX_BYTES // (1024 * 1024)} MB, too large to review here. "
        "Export a shorter period, or only the comment and date columns."
    )


def _decode(data: bytes) -> tuple[str, str]:
    """A byte-order mark says which encoding; without one, the rule of the module's docstring.

    UTF-8 almost never decodes by accident, Windows-1252 is what Excel writes in Western
    Europe and America, and Latin-1 decodes any bytes at all, so nothing fails here.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        marked = data.decode("utf-8", errors="replace")
    if _mostly_utf8(data, marked):
        return marked, "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _mostly_utf8(data: bytes, marked: str) -> bool:
    """Whether the well-formed multi-byte characters are at least as many as the broken
    sequences, each of which `marked` shows as one U+FFFD (a U+FFFD written in the file as
    UTF-8 is well formed, not broken)."""
    marks = marked.count(UNREADABLE)
    broken = marks - data.count(UNREADABLE.encode())
    well_formed = len(marked) - len(marked.encode("ascii", errors="ignore")) - broken
    return broken <= well_formed


def _unreadable_warning(text: str, delimiter: str) -> str:
    """Which rows hold characters that could not be read (in this file or by the program that
    wrote it), so the facilitator can check those comments in the original."""
    offsets = [match.start() for match in re.finditer(UNREADABLE, text)]
    rows = _rows_holding(text, delimiter, offsets)
    if len(offsets) == 1:
        return (f"One character in row {rows[0]:,} could not be read; it shows as "
                f"{UNREADABLE}. Check that comment in the original file.")
    named = [f"{row:,}" for row in rows[:NAMED_ROWS]]
    if len(rows) > NAMED_ROWS:
        named.append(counted(len(rows) - NAMED_ROWS, "other row"))
    where = f"row {named[0]}" if len(rows) == 1 else f"rows {_listed(named)}"
    return (f"{len(offsets):,} characters in {where} could not be read; they show as "
            f"{UNREADABLE}. Check those comments in the original file.")


def _rows_holding(text: str, delimiter: str, offsets: list[int]) -> list[int]:
    """The distinct row numbers (counted as in read_table) holding these text offsets."""
    lines = io.StringIO(text, newline="")
    rows: list[int] = []
    pending = iter(offsets)
    offset = next(pending, None)
    for number, _cells in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
        while offset is not None and offset < lines.tell():  # the reader stops at a row's end
            if not rows or rows[-1] != number:
                rows.append(number)
            offset = next(pending, None)
        if offset is None:
            break
    return rows


def _listed(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1]


def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    # newline="" keeps line breaks inside quoted cells exactly as they are in the file
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _choose_delimiter(text: str) -> str:
    """The delimiter that splits the start of the file into the most regular columns.

    Each candidate parses a sample (quotes respected); it scores the share of rows that have
    the commonest width above one, then that width. csv.Sniffer guesses wrongly too often on
    free text, and a semicolon file with decimal commas fools any simple character count.
    """
    sample = text[:SAMPLE_CHARS]

    def score(delimiter: str) -> tuple[float, int]:
        rows = [cells for cells in _records(sample, delimiter) if _is_filled(cells)]
        if len(text) > len(sample):
            rows = rows[:-1]  # the sample may end in the middle of a row
        widths = Counter(len(cells) for cells in rows[:SAMPLE_ROWS])
        wide = [(count, width) for width, count in widths.items() if width > 1]
        if not wide:
            return (0.0, 0)
        count, width = max(wide)
        return (count / widths.total(), width)

    return max(DELIMITERS, key=score)


@contextmanager
def _cells_up_to(limit: int) -> Iterator[None]:
    """The csv module's limit on one cell, for this reading only (the limit is global)."""
    before = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _filled_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each row that has something in it, with its row number in the file."""
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter)
    number = last_row = last_start = 0
    while True:
        number += 1
        start = lines.tell()  # where the row starts: the reader takes one line at a time
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:  # the only error left once NULs are refused: a cell over the limit
            raise CsvProblem(_too_long(text[start:], delimiter, number)) from None
        if _is_filled(cells):
            yield number, cells
        last_row, last_start = number, start
    if last_row and _ends_in_open_quote(text[last_start:], delimiter):
        raise CsvProblem(_never_closed(last_row))


def _ends_in_open_quote(rows: str, delimiter: str) -> bool:
    """Whether the text ends inside a quoted cell, by the csv module's forgiving rules: a
    quotation mark opens a cell only at its start, and a doubled one inside stays a mark.
    (Possessive repeats: no backtracking, whatever the length.)"""
    d = re.escape(delimiter)
    cell = rf'(?:"(?:[^"]|"")*+"[^{d}\r\n]*+|[^"{d}\r\n][^{d}\r\n]*+)?+'
    return re.fullmatch(rf"(?:{cell}[{d}\r\n])*+{cell}", rows) is None


def _never_closed(number: int) -> str:
    return (
        f"Row {number:,} could not be read: a quotation mark in it was opened and never "
        "closed, so the rest of the file runs into one cell. Check that row in your "
        "spreadsheet program and export the file again."
    )


def _too_long(rest: str, delimiter: str, number: int) -> str:
    """Why row `number`, the start of `rest`, has a cell over the limit: read again without
    a limit, it either runs to the end of the file inside a quoted cell, or holds a cell that
    is truly that long."""
    with _cells_up_to(len(rest) + 1):
        reader = _records(rest, delimiter)
        cells = next(reader)
        runs_to_end = next(reader, None) is None
    if runs_to_end and _ends_in_open_quote(rest, delimiter):
        return _never_closed(number)
    return (
        f"Row {number:,} could not be read: one of its cells holds "
        f"{max(map(len, cells)):,} characters, more than the {MAX_CELL_CHARS:,} one cell may "
        "hold. Shorten that comment in your spreadsheet program, or leave that row out of the "
        "export."
    )


def _is_filled(cells: Sequence[str]) -> bool:
    return any(cell.strip() for cell in cells)


def _trimmed(cells: list[str]) -> list[str]:
    """The cells without the empty ones at the end (spreadsheets often add those)."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _header_index(numbered: list[tuple[int, list[str]]]) -> int | None:
    """Where the row of column names is, past the title lines above it; None when the file
    has none (its first row is a comment)."""
    widths = Counter(len(_trimmed(cells)) for _, cells in numbered[:SAMPLE_ROWS])
    table_width = max(widths, key=lambda width: (widths[width], width))
    top = [cells for _, cells in numbered[:TITLE_ROWS + 2]]
    for index, cells in enumerate(top[:TITLE_ROWS + 1]):
        below = top[index + 1] if index + 1 < len(top) else []
        if _is_title(cells, table_width) or (
            _is_sentence(cells) and _names_columns(below) and not _is_sentence(below)
        ):
            continue
        return index if _names_columns(cells) else None
    return None


def _is_title(cells: list[str], table_width: int) -> bool:
    """A report's name or date above the table: one filled cell, or half the table or less."""
    filled = sum(1 for cell in cells if cell.strip())
    return filled < 2 or 2 * filled <= table_width


def _is_sentence(cells: list[str]) -> bool:
    """A line of prose cut at its commas ("Comments report, Q3 2026"): every cell after the
    first starts with a space, which no program that writes CSV puts there."""
    filled = _trimmed(cells)
    return len(filled) > 1 and all(cell[:1] == " " for cell in filled[1:])


def _names_columns(cells: list[str]) -> bool:
    """Whether a row looks like column names: no cell is a date or a number."""
    return not any(_looks_like_date(cell) or _NUMBER.fullmatch(cell.strip()) for cell in cells)


def _header_names(cells: list[str], width: int) -> list[str]:
    """One distinct name per column: blank names are numbered, repeated ones get their number."""
    names: list[str] = []
    seen: set[str] = set()
    for number, cell in enumerate(cells[:width] + [""] * (width - len(cells)), start=1):
        name = " ".join(cell.split())
        if not name:
            name = f"Column {number}"
        elif name.casefold() in seen:
            name = f"{name} (column {number})"
        seen.add(name.casefold())
        names.append(name)
    return names


def guess_columns(table: Table) -> tuple[int | None, int | None]:
    """The likely comment column and date column, by their names and then by their contents.

    A date column is one whose values mostly read as dates, preferring a telling name; the
    comment column is one with a telling name and long text, else the longest text on
    average. Either is None when no column fits.
    """
    sample = table.rows[:GUESS_ROWS]
    columns = range(len(table.headers))

    def date_share(column: int) -> float:
        values = [row[column] for row in sample if row[column].strip()]
        return sum(map(_looks_like_date, values)) / len(values) if values else 0.0

    def average_length(column: int) -> float:
        return sum(len(row[column].strip()) for row in sample) / max(len(sample), 1)

    shares = {column: date_share(column) for column in columns}
    dated = [column for column in columns if shares[column] >= 0.5]
    date_col = max(
        dated, key=lambda c: (_named(table.headers[c], DATE_WORDS), shares[c]), default=None
    )
    lengths = {column: average_length(column) for column in columns if column != date_col}
    longest = max(lengths.values(), default=0.0)

    def comment_score(column: int) -> tuple[bool, float]:
        # a telling name counts only for real text: "Comment ID" holds no comments
        telling = _named(table.headers[column], COMMENT_WORDS)
        return (telling and lengths[column] >= longest / 2, lengths[column])

    texts = [column for column, length in lengths.items() if length]
    return max(texts, key=comment_score, default=None), date_col


def _named(header: str, words: frozenset[str]) -> bool:
    """Whether a column name contains one of the words (any case, plural or singular)."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", header)  # DateReceived -> Date Received
    return any(_singular(word) in words for word in re.findall(r"[a-z]+", spaced.lower()))


def _singular(word: str) -> str:
    """"categories" -> "category", "themes" -> "theme"."""
    return word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")


def guess_theme_column(table: Table, taken: Iterable[int | None] = ()) -> int | None:
    """A column that already gives each comment a theme, as a dashboard's category does: a
    name such as Category, Theme or Topic, and short values that repeat. None when no column
    fits; the columns taken (comment, date) are never it."""
    sample = table.rows[:GUESS_ROWS]
    skipped = set(taken)

    def repeats(column: int) -> int:
        values = [" ".join(row[column].split()).casefold() for row in sample]
        values = [value for value in values if value]
        if not values or max(map(len, values)) > THEME_CHARS:
            return 0
        return len(values) - len(set(values))

    fitting = {column: repeats(column) for column, header in enumerate(table.headers)
               if column not in skipped and _named(header, THEME_WORDS)}
    return max((c for c, n in fitting.items() if n), key=fitting.__getitem__, default=None)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")),
        start=1,
    )
    for name in names
}
_TAIL = r"(?:[T\s,].*)?"  # a time of day, or anything else after the date, is ignored
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TAIL, re.S)
_NUMERIC = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})" + _TAIL, re.S)
_DAY_MONTH = re.compile(
    _WEEKDAY + r"(\d{1,2})" + _ORDINAL + r"[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})" + _TAIL,
    re.S | re.I,
)
_MONTH_DAY = re.compile(
    _WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})" + _ORDINAL + r",?\s+(\d{4})" + _TAIL, re.S | re.I
)


def parse_date(text: str, day_first: bool = False) -> date | None:
    """The date at the start of a cell, or None if there is none.

    Reads 2025-03-14 (with or without a time), 14/03/2025 or 03/14/2025 (as day_first
    says), 14.03.2025 (always day first), 14 Mar 2025 and March 14, 2025. Two-digit years
    are taken as 20xx. A date in the wrong order for day_first gives None, not a guess.
    """
    text = text.strip()
    try:
        if match := _ISO.fullmatch(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _NUMERIC.fullmatch(text):
            first, separator, second, year = match.groups()
            day, month = (first, second) if day_first or separator == "." else (second, first)
            full_year = int(year) + 2000 if len(year) == 2 else int(year)
            return date(full_year, int(month), int(day))
        if match := _DAY_MONTH.fullmatch(text):
            day, month, year = match.groups()
        elif match := _MONTH_DAY.fullmatch(text):
            month, day, year = match.groups()
        else:
            return None
        number = _MONTHS.get(month.lower())
        return date(int(year), number, int(day)) if number else None
    except ValueError:  # 31/02/2025 and the like
        return None


def _looks_like_date(text: str) -> bool:
    return parse_date(text) is not None or parse_date(text, day_first=True) is not None


@dataclass(frozen=True)
class DateOrder:
    """What a column's dates say about whether 03/04/2025 is 3 April or March 4.

    known: a date of the column tells (a number above 12 can only be a day), or none can be
    read both ways, so the order changes nothing. Otherwise the person must be asked, and
    day_first is only month first, as in the US. example: a date of the column that the order
    changes (one that reads both ways, if there is one), to show both readings; "" if none.
    """

    day_first: bool
    known: bool
    example: str

    def readings(self) -> tuple[date | None, date | None]:
        """The example read day first, then month first (None where it is no date)."""
        return parse_date(self.example, day_first=True), parse_date(self.example)


def date_order(values: Iterable[str]) -> DateOrder:
    """Whether the dates like 03/04/2025 among these values put the day first.

    A first number above 12 can only be a day and a second above 12 only a day; the side
    with more such dates wins (14.03.2025, with dots, is always day first and says nothing).
    """
    day_first = month_first = 0
    both_ways = numeric = ""
    for value in values:
        match = _NUMERIC.fullmatch(value.strip())
        if not match or match[2] == ".":
            continue
        first, second = int(match[1]), int(match[3])
        day_first += first > 12
        month_first += second > 12
        written = match[0][:match.end(4)]  # the date without a time after it
        numeric = numeric or written
        if not both_ways and first != second and first <= 12 and second <= 12:
            both_ways = written
    told = day_first + month_first > 0
    return DateOrder(day_first > month_first, told or not both_ways, both_ways or numeric)


def column_date_order(table: Table, date_col: int) -> DateOrder:
    return date_order(row[date_col] for row in table.rows)


def comments(
    table: Table, comment_col: int, date_col: int | None = None,
    start: date | None = None, end: date | None = None, day_first: bool = False,
    today: date | None = None,
) -> Selection:
    """The comments dated within start..end (both included, either may be open).

    With a period set, a row whose date cannot be read is left out: it cannot be shown to
    belong to the period. Rows with an empty comment are always left out. Given today, the
    rows dated after it are counted, to be checked.
    """
    period = start is not None or end is not None
    kept: list[Comment] = []
    empty = undated = outside = future = 0
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        text = row[comment_col]
        if not text.strip():
            empty += 1
            continue
        when = parse_date(row[date_col], day_first) if date_col is not None else None
        future += today is not None and when is not None and when > today
        if period and when is None:
            undated += 1
        elif when is not None and (
            (start is not None and when < start) or (end is not None and when > end)
        ):
            outside += 1
        else:
            kept.append(Comment(number, text, when))
    return Selection(kept, empty, undated, outside, future)


def suggested_period(dates: Iterable[date | None], today: date) -> tuple[date, date]:
    """The 12 months up to the latest date found (or up to today when there is none); a
    date after today is a mistake to check, not the end of the period."""
    end = max((d for d in dates if d is not None and d <= today), default=today)
    try:
        year_before = end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        year_before = end.replace(year=end.year - 1, day=28)
    return year_before + timedelta(days=1), end


def period_guess(
    table: Table, date_col: int, today: date, day_first: bool | None = None
) -> tuple[bool, date, date]:
    """For a date column: whether its dates put the day first (unless the person said), and
    the 12 months up to its latest date, as the dialog and the command line suggest them."""
    if day_first is None:
        day_first = column_date_order(table, date_col).day_first
    values = (row[date_col] for row in table.rows)
    start, end = suggested_period((parse_date(value, day_first) for value in values), today)
    return day_first, start, end


def column_named(table: Table, wanted: str) -> int:
    """The column a person named, by its name (any case and spacing) or its number from 1."""
    name = " ".join(wanted.split()).casefold()
    for column, header in enumerate(table.headers):
        if header.casefold() == name:
            return column
    if name.isdecimal() and 1 <= int(name) <= len(table.headers):
        return int(name) - 1
    shown = [f"{number} “{header}”" for number, header in enumerate(table.headers, start=1)]
    if len(shown) > NAMED_COLUMNS:
        shown[NAMED_COLUMNS:] = ["…"]
    raise CsvProblem(f"This file has no column “{wanted}”. Its columns are {', '.join(shown)}.")


def column_themes(
    table: Table, chosen: Iterable[Comment], theme_col: int
) -> list[tuple[Comment, str]]:
    """Each comment with the theme its row holds in a column of themes (a category the
    system that exported the file already gave each comment)."""
    by_row = themes_by_row(table, theme_col)
    return [(comment, by_row.get(comment.row, "")) for comment in chosen]


def themes_by_row(table: Table, theme_col: int) -> dict[int, str]:
    """The theme each row holds in a column of themes, by row number (rows without one are
    not there), its spacing tidied as count_themes tidies it."""
    return {number: " ".join(row[theme_col].split())
            for number, row in zip(table.row_numbers, table.rows, strict=True)
            if row[theme_col].strip()}


def count_themes(tagged: Iterable[tuple[Comment, str]]) -> list[ThemeCount]:
    """How many comments carry each theme, most frequent first, with a short example each.

    Themes differing only in case or spacing are one theme, named as first typed. The
    example is the theme's shortest comment, cut to about EXAMPLE_CHARS characters; it is
    quoted as written, so the facilitator must remove anything that identifies a patient.
    """
    groups: dict[str, tuple[str, list[Comment]]] = {}
    for comment, theme in tagged:
        name = " ".join(theme.split())
        if name:
            groups.setdefault(name.casefold(), (name, []))[1].append(comment)
    counts = [
        ThemeCount(name, len(members), _example(members)) for name, members in groups.values()
    ]
    return sorted(counts, key=lambda t: (-t.count, t.theme.casefold()))


def _example(members: list[Comment]) -> str:
    texts = [c.text.strip() for c in members if c.text.strip()]
    text = min(texts, key=len, default="")
    if len(text) <= EXAMPLE_CHARS:
        return text
    cut = text[: EXAMPLE_CHARS - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > EXAMPLE_CHARS // 2 else cut).rstrip() + "…"
