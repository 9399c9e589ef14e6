"""Reading messy comment exports and counting their themes, without a window."""

import codecs
from datetime import date

import pytest
from csv_samples import CSV_HOSTILE_TEXTS, csv_bytes, survey_bytes, xlsx_like_bytes

from svcrec_desktop.findings_csv import (
    EXAMPLE_CHARS,
    MAX_BYTES,
    NOT_TEXT,
    Comment,
    CsvProblem,
    ImportedFindings,
    ThemeCount,
    comments,
    count_themes,
    guess_columns,
    guess_day_first,
    parse_date,
    read_table,
    suggested_period,
)

ROWS = [
    ["Date", "Comment", "Score"],
    ["2025-03-14", "Waited, and nobody said why", "2"],
    ["2025-03-15", "Lost my glasses", "3"],
]
SMART = "The nurse said “we’ll see” – café closed, à bientôt"


def problem(source) -> str:
    with pytest.raises(CsvProblem) as raised:
        read_table(source)
    return str(raised.value)


# --- encodings -------------------------------------------------------------------------------

def test_utf8_with_a_byte_order_mark():
    table = read_table(csv_bytes(ROWS, encoding="utf-8-sig"))
    assert (table.encoding, table.headers) == ("utf-8-sig", ["Date", "Comment", "Score"])
    assert table.rows == ROWS[1:]
    assert table.summary() == (
        "2 rows · read as UTF-8 with a byte-order mark · columns separated by commas"
    )


def test_utf8_without_a_byte_order_mark():
    table = read_table(csv_bytes([*ROWS, ["2025-03-16", SMART, "1"]]))
    assert table.encoding == "utf-8"
    assert table.rows[-1][1] == SMART


def test_windows_1252_with_smart_quotes_and_accents():
    data = csv_bytes([*ROWS, ["2025-03-16", SMART, "1"]], encoding="cp1252")
    assert b"\x93we\x92ll see\x94" in data and b"caf\xe9" in data
    table = read_table(data)
    assert table.encoding == "cp1252"
    assert table.rows[-1][1] == SMART
    assert "Windows-1252" in table.summary()


def test_bytes_that_fit_no_other_encoding_read_as_latin_1():
    table = read_table(b"Date,Comment\r\n2025-03-14,caf\xe9 \x81 \x9d\r\n")
    assert table.encoding == "latin-1"
    assert table.rows == [["2025-03-14", "café \x81 \x9d"]]


@pytest.mark.parametrize("bom, codec", [
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_utf16_with_a_byte_order_mark(bom, codec):
    rows = [*ROWS, ["2025-03-16", SMART, "1"]]
    table = read_table(bom + csv_bytes(rows, delimiter="\t", encoding=codec))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert [table.headers, *table.rows] == rows


# --- delimiters and layout -------------------------------------------------------------------

def test_semicolons_with_decimal_commas():
    rows = [["Date", "Comment", "Score"], *[["14/03/2025", "Slow, then rude", f"{n},5"]
                                            for n in range(6)]]
    table = read_table(csv_bytes(rows, delimiter=";"))
    assert table.delimiter == ";"
    assert table.rows[0] == ["14/03/2025", "Slow, then rude", "0,5"]
    assert "semicolons" in table.summary()


@pytest.mark.parametrize("delimiter", ["\t", "|", ","])
def test_other_delimiters_with_commas_and_quotes_in_comments(delimiter):
    rows = [
        ["Reported", "Narrative", "Ward"],
        ["2025-01-02", 'She said "not again", then left; sad', "4 West"],
        ["2025-01-03", "No | pipes, no tabs", "ICU"],
    ]
    rows[2][1] = rows[2][1] if delimiter == "|" else "Pipes | and, commas"
    table = read_table(csv_bytes(rows, delimiter=delimiter))
    assert table.delimiter == delimiter
    assert [table.headers, *table.rows] == rows


def test_quoted_line_breaks_are_kept_and_rows_numbered_as_in_a_spreadsheet():
    rows = [
        ["Date", "Comment"],
        ["2025-01-02", "first line\r\nsecond line\nthird line"],
        ["2025-01-03", "after the long one"],
    ]
    table = read_table(csv_bytes(rows))
    assert table.rows == rows[1:]
    assert table.row_numbers == [2, 3]


def test_empty_rows_and_trailing_empty_columns_are_dropped():
    data = (
        b"Date,Comment,,,\r\n,,,,\r\n\r\n2025-01-02,Lost a ring,,,\r\n"
        b"   ,  ,\r\n2025-01-03,Rude porter,,,\r\n\r\n"
    )
    table = read_table(data)
    assert table.headers == ["Date", "Comment"]
    assert table.rows == [["2025-01-02", "Lost a ring"], ["2025-01-03", "Rude porter"]]
    assert table.row_numbers == [4, 6]


def test_ragged_rows_are_padded_and_extra_cells_kept_in_numbered_columns():
    data = (
        b"Date,Comment,Ward\r\n2025-01-02,Short row\r\n2025-01-03,Long row,ICU,extra,more\r\n"
        b"2025-01-04,Normal,4 West\r\n"
    )
    table = read_table(data)
    assert table.headers == ["Date", "Comment", "Ward", "Column 4", "Column 5"]
    assert table.rows == [
        ["2025-01-02", "Short row", "", "", ""],
        ["2025-01-03", "Long row", "ICU", "extra", "more"],
        ["2025-01-04", "Normal", "4 West", "", ""],
    ]


def test_blank_and_repeated_column_names_get_distinct_names():
    table = read_table(b"Comment,, comment ,Date\n  \nhello,x,y,2025-01-02\n")
    assert table.headers == ["Comment", "Column 2", "comment (column 3)", "Date"]


def test_a_file_without_column_names_keeps_its_first_row():
    table = read_table(b"14/03/2025,Waited too long\r\n15/03/2025,Lost a bag\r\n")
    assert not table.has_header
    assert table.headers == ["Column 1", "Column 2"]
    assert table.rows[0] == ["14/03/2025", "Waited too long"]
    assert table.row_numbers == [1, 2]
    assert "no row of column names" in table.summary()


def test_twenty_thousand_rows():
    rows = [["Id", "Date", "Comment"]] + [
        [str(n), f"{1 + n % 28:02d}/{1 + n % 12:02d}/2024", f"Comment number {n}, with a comma"]
        for n in range(20_000)
    ]
    table = read_table(csv_bytes(rows))
    assert len(table.rows) == 20_000
    assert table.rows[0] == rows[1] and table.rows[-1] == rows[-1]
    assert table.row_numbers[-1] == 20_001
    assert guess_columns(table) == (2, 1)


@pytest.mark.parametrize("name", sorted(CSV_HOSTILE_TEXTS))
@pytest.mark.parametrize("delimiter, encoding", [
    (",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-16"),
])
def test_hostile_text_in_comments_is_kept_exactly(name, delimiter, encoding):
    text = CSV_HOSTILE_TEXTS[name]
    rows = [["Date", "Comment"], ["2025-01-02", text], ["2025-01-03", f"[{text}]"]]
    table = read_table(csv_bytes(rows, delimiter=delimiter, encoding=encoding))
    assert table.rows == rows[1:]
    kept = comments(table, 1, 0).comments
    assert [c.text for c in kept] == [text, f"[{text}]"]


# --- files that cannot be used ---------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"\r\n\r\n  \n", b",,,\r\n , ,\r\n", codecs.BOM_UTF8])
def test_an_empty_file(data):
    assert problem(data) == "There is nothing to import: the file is empty or has only blank rows."


def test_a_file_of_one_column():
    message = problem(b"Comments\nWaited too long\nLost my glasses\nThank you all\n")
    assert message.startswith("This file is not a table of comments: no row has more than one")


def test_column_names_without_rows():
    assert "no rows of comments" in problem(b"Date,Comment,Score\r\n,,\r\n")


@pytest.mark.parametrize("data", [
    xlsx_like_bytes(),
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200),  # an old .xls workbook
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "Date,Comment\n".encode("utf-16-le"),  # UTF-16 that lost its byte-order mark
])
def test_a_binary_file_is_refused_with_advice(data):
    assert problem(data) == NOT_TEXT
    assert "spreadsheet" in NOT_TEXT and "save it as “CSV”" in NOT_TEXT


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as file:
        file.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    assert problem(path).startswith("This file is larger than 50 MB")
    assert problem(b"a,b\n" * (MAX_BYTES // 4 + 1)).startswith("This file is larger than 50 MB")


def test_a_missing_file_and_a_folder(tmp_path):
    assert problem(tmp_path / "gone.csv") == "The file could not be opened: it is no longer there."
    assert problem(tmp_path).startswith("This is a folder, not a file.")


def test_a_quotation_mark_never_closed():
    data = b'Date,Comment\r\n2025-01-02,fine\r\n2025-01-03,"never closed\r\n' + b"x" * 200_000
    assert problem(data).startswith("Row 3 could not be read: one of its cells is extremely long.")


def test_a_real_file_on_disk(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(survey_bytes())
    assert read_table(path) == read_table(survey_bytes())


# --- guessing columns ------------------------------------------------------------------------

def test_columns_guessed_by_name():
    table = read_table(survey_bytes())
    assert table.headers[3] == "Feedback" and table.headers[1] == "Received"
    assert guess_columns(table) == (3, 1)


def test_columns_guessed_by_content_when_names_say_nothing():
    rows = [["A", "B", "C", "D"]] + [
        ["x", f"Patient waited a long time, case {n}", f"2025-02-{n + 1:02d}", str(n)]
        for n in range(5)
    ]
    assert guess_columns(read_table(csv_bytes(rows))) == (1, 2)


def test_a_comment_id_is_not_the_comment_and_a_date_name_needs_dates():
    rows = [["Comment ID", "Date", "Reported on", "Free text"]] + [
        [f"C{n}", "unknown", f"March {n + 1}, 2025", "The porter was late and did not apologise"]
        for n in range(5)
    ]
    assert guess_columns(read_table(csv_bytes(rows))) == (3, 2)


def test_no_date_column():
    rows = [["Comment", "Ward"], ["Too noisy at night", "4 West"], ["Cold food", "ICU"]]
    assert guess_columns(read_table(csv_bytes(rows))) == (0, None)


def test_a_named_date_column_wins_over_other_dates():
    rows = [["Admitted", "Comment", "Date received"]] + [
        ["2025-01-01", "Slow discharge", "2025-02-03"] for _ in range(3)
    ]
    assert guess_columns(read_table(csv_bytes(rows))) == (1, 2)


# --- dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2025-03-14", "2025-03-14T10:22:00", "2025-03-14 10:22:00+01:00", "2025/03/14",
    "14.03.2025", "14.3.2025 08:00", "14 Mar 2025", "14 March 2025", "14-Mar-2025",
    "14th March 2025", "Fri, 14 Mar 2025 10:22:00 GMT", "March 14, 2025", "Mar. 14 2025",
    "Friday, March 14, 2025", "  2025-03-14  ", "14 MAR 2025",
])
def test_dates_in_every_common_form(text):
    assert parse_date(text) == date(2025, 3, 14)
    assert parse_date(text, day_first=True) == date(2025, 3, 14)


@pytest.mark.parametrize("text, day_first, expected", [
    ("14/03/2025", True, date(2025, 3, 14)),
    ("14/03/2025", False, None),
    ("03/14/2025", False, date(2025, 3, 14)),
    ("03/14/2025", True, None),
    ("03/04/2025 10:22", False, date(2025, 3, 4)),
    ("03/04/2025 10:22", True, date(2025, 4, 3)),
    ("3-4-25", True, date(2025, 4, 3)),
    ("04.03.2025", False, date(2025, 3, 4)),  # dots always put the day first
    ("1 Sept 2024", False, date(2024, 9, 1)),
])
def test_numeric_dates_follow_the_day_order(text, day_first, expected):
    assert parse_date(text, day_first) == expected


@pytest.mark.parametrize("text", [
    "", "soon", "31/02/2025", "2025-13-01", "14 Smarch 2025", "14/03", "2025-03-14abc",
    "1234567", "Comment",
])
def test_text_that_is_no_date(text):
    assert parse_date(text) is None and parse_date(text, day_first=True) is None


def test_guess_the_day_order_from_a_column():
    assert guess_day_first(["01/02/2025", "14/02/2025", ""])
    assert not guess_day_first(["01/02/2025", "02/14/2025"])
    assert not guess_day_first(["01/02/2025", "02/03/2025"])  # no evidence: month first
    assert not guess_day_first(["14.03.2025", "2025-03-14"])
    assert guess_day_first(["13/01/2025", "14/01/2025", "01/13/2025"])


def test_suggested_period_is_the_twelve_months_to_the_latest_date():
    today = date(2030, 1, 1)
    latest = [date(2024, 5, 1), None, date(2025, 3, 14), date(2023, 1, 1)]
    assert suggested_period(latest, today) == (date(2024, 3, 15), date(2025, 3, 14))
    assert suggested_period([date(2024, 2, 29)], today) == (date(2023, 3, 1), date(2024, 2, 29))
    assert suggested_period([None], today) == (date(2029, 1, 2), today)


# --- comments of a period --------------------------------------------------------------------

def test_the_period_filter_and_what_it_leaves_out():
    table = read_table(survey_bytes())
    selection = comments(table, 3, 1, date(2024, 3, 21), date(2025, 3, 20), day_first=True)
    assert [(c.row, c.date) for c in selection.comments] == [
        (2, date(2025, 3, 20)), (3, date(2025, 3, 2)), (4, date(2025, 1, 15)),
        (7, date(2024, 10, 3)), (8, date(2024, 5, 12)),
    ]
    assert selection.comments[2].text == "Waited three hours\nwith no update"
    assert (selection.empty, selection.undated, selection.outside) == (1, 1, 1)
    assert selection.left_out_summary() == (
        "Left out: 1 row dated outside the period, 1 row without a date that could be read, "
        "1 row with an empty comment."
    )


def test_the_wrong_day_order_leaves_rows_out_rather_than_misreading_them():
    table = read_table(survey_bytes())
    selection = comments(table, 3, 1, date(2020, 1, 1), date(2030, 1, 1), day_first=False)
    # 02/03/2025 reads as 3 February; 20/03/2025 cannot be read month first and is not swapped
    assert [(c.row, c.date) for c in selection.comments] == [
        (3, date(2025, 2, 3)), (7, date(2024, 3, 10)), (8, date(2024, 12, 5)),
        (9, date(2023, 1, 12)),
    ]
    assert selection.undated == 3


def test_without_a_period_or_date_column_every_comment_counts():
    table = read_table(survey_bytes())
    undated = comments(table, 3)
    assert len(undated.comments) == 7 and {c.date for c in undated.comments} == {None}
    assert undated.left_out_summary() == "Left out: 1 row with an empty comment."
    open_ended = comments(table, 3, 1, start=date(2025, 3, 1), day_first=True)
    assert [c.row for c in open_ended.comments] == [2, 3]
    assert (open_ended.undated, open_ended.outside) == (1, 4)
    dated = comments(table, 3, 1, day_first=True)
    assert len(dated.comments) == 7 and dated.comments[3].date is None
    assert comments(table, 0).left_out_summary() == "Every row of the file is included."


# --- counting themes -------------------------------------------------------------------------

def comment(row: int, text: str) -> Comment:
    return Comment(row, text, None)


def test_themes_counted_most_frequent_first_then_by_name():
    tagged = [
        (comment(2, "Waited four hours with no update at all"), "Long waits"),
        (comment(3, "Lost my glasses"), "Lost belongings"),
        (comment(4, "  Waited all night  "), " long   waits"),
        (comment(5, "Nobody explained the discharge"), "Discharge confusion"),
        (comment(6, "My ring went missing"), "Lost belongings"),
        (comment(7, "Was fine"), ""),
        (comment(8, "Also fine"), "   "),
        (comment(9, "Where is my bag"), "lost belongings"),
    ]
    assert count_themes(tagged) == [
        ThemeCount("Lost belongings", 3, "Lost my glasses"),
        ThemeCount("Long waits", 2, "Waited all night"),
        ThemeCount("Discharge confusion", 1, "Nobody explained the discharge"),
    ]
    assert count_themes([]) == []


def test_the_example_is_the_shortest_comment_cut_to_a_readable_length():
    long_words = "The wait " + "went on and on " * 40
    no_spaces = "x" * 500
    counted = count_themes([
        (comment(2, long_words), "Waits"), (comment(3, long_words + "!"), "Waits"),
        (comment(4, no_spaces), "Noise"), (comment(5, "   "), "Noise"),
    ])
    noise, waits = counted  # equal counts: by name
    assert waits.count == 2 and len(waits.example) <= EXAMPLE_CHARS
    assert waits.example.endswith("…") and long_words.startswith(waits.example[:-1])
    assert long_words[len(waits.example) - 1] == " "  # cut between two words
    assert noise.count == 2 and noise.example == "x" * (EXAMPLE_CHARS - 1) + "…"


def test_imported_findings_take_only_known_sources():
    found = ImportedFindings("incident reports", date(2024, 4, 1), date(2025, 3, 31), ())
    assert found.source == "incident reports"
    with pytest.raises(ValueError, match="source must be one of"):
        ImportedFindings("rumours", None, None, ())
