"""Reading messy comment exports and counting their themes, without a window."""

import codecs
import csv
from datetime import date

import pytest
from csv_samples import CSV_HOSTILE_TEXTS, csv_bytes, survey_bytes, xlsx_like_bytes

from svcrec_desktop.files.findings_csv import (
    EXAMPLE_CHARS,
    MAX_BYTES,
    MAX_CELL_CHARS,
    NOT_TEXT,
    Comment,
    CsvProblem,
    DateOrder,
    ImportedFindings,
    ThemeCount,
    column_date_order,
    column_named,
    column_themes,
    comments,
    count_themes,
    date_order,
    guess_columns,
    guess_theme_column,
    parse_date,
    period_guess,
    read_table,
    suggested_period,
    themes_by_row,
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


ACCENTED = [
    ["Comment", "Ward"],
    ["Le café était froid, à bientôt", "4 West"],
    ["Señora Núñez attendait — “trop longtemps”", "ICU"],
    ["Naïve question: où est ma bague?", "4 West"],
]


def cut_in_half(data: bytes, character: str) -> bytes:
    """The file with its last `character` missing its last byte, as a careless cut leaves it."""
    encoded = character.encode()
    at = data.rindex(encoded)
    return data[:at] + encoded[:-1] + data[at + len(encoded):]


def test_utf8_with_one_character_cut_in_half_stays_utf8_and_says_where():
    # Before: the whole file was read as Windows-1252, every accent two wrong characters.
    data = cut_in_half(csv_bytes(ACCENTED), "ô")
    table = read_table(data)
    assert table.encoding == "utf-8"
    assert table.rows[0] == ["Le café était froid, à bient\ufffdt", "4 West"]
    assert table.rows[1:] == ACCENTED[2:]
    assert table.warnings == (
        "One character in row 2 could not be read; it shows as \ufffd. Check that comment in "
        "the original file.",
    )
    assert "read as UTF-8" in table.summary()


def test_many_damaged_characters_are_counted_and_their_first_rows_named():
    rows = [["Comment", "Ward"]] + [[f"Row {n}: café, naïve, “quoted”", "ICU"] for n in range(9)]
    data = csv_bytes(rows)
    for n in (2, 4, 6, 7, 8, 9, 10):  # one cut é in each of these rows, two in row 10
        start = data.index(f"Row {n - 2}:".encode())
        at = data.index("é".encode(), start)
        data = data[:at] + b"\xc3" + data[at + 2:]
    data = data.replace("ï".encode(), b"\xef", 1)  # the first ï of row 2 loses its second byte
    table = read_table(data)
    assert table.encoding == "utf-8"
    assert table.warnings == (
        "8 characters in rows 2, 4, 6, 7, 8 and 2 other rows could not be read; they show as "
        "\ufffd. Check those comments in the original file.",
    )


def test_a_damaged_character_after_a_byte_order_mark_is_named_too():
    data = cut_in_half(csv_bytes(ACCENTED, encoding="utf-8-sig"), "é")
    table = read_table(data)
    assert table.encoding == "utf-8-sig"
    assert table.rows[0][0] == "Le café \ufffdtait froid, à bientôt"
    assert table.warnings[0].startswith("One character in row 2 could not be read")


def test_more_broken_sequences_than_good_ones_is_a_legacy_code_page():
    # One pair of bytes happens to be well-formed UTF-8 ("Ã©" written in Windows-1252); the
    # three accents around it are not, so the file is Windows-1252, read without a warning.
    rows = [["Comment", "Ward"], ["déjà vu, Ã© and â", "ICU"]]
    table = read_table(csv_bytes(rows, encoding="cp1252"))
    assert (table.encoding, table.rows, table.warnings) == ("cp1252", rows[1:], ())


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


TITLED = [["Comment", "Ward"], ["Too noisy at night", "4 West"], ["Cold food", "ICU"]]


@pytest.mark.parametrize("top, delimiter, titles", [
    # Before: the title became the column names and "Comment", "Ward" the first comment.
    (b'"Patient comments report, Q3 2026"\r\n', ",", 1),
    (b"Patient comments report, Q3 2026\r\n", ",", 1),  # a sentence the comma cut
    (b"Patient comments report, Q3 2026;\r\n\r\nRun on 2026-10-01;\r\n;\r\n", ";", 2),
    (b"Patient comments report\t\t\r\nAll units\t\t\r\n", "\t", 2),  # Excel's empty cells
])
def test_title_lines_above_the_column_names_are_left_out(top, delimiter, titles):
    data = top + csv_bytes(TITLED, delimiter=delimiter)
    table = read_table(data)
    assert (table.headers, table.rows, table.titles) == (TITLED[0], TITLED[1:], titles)
    assert table.row_numbers == [n + top.count(b"\n") for n in (2, 3)]
    assert table.summary().endswith(f"· {titles} title row{'s' * (titles > 1)} above the "
                                    "column names left out")
    assert guess_columns(table) == (0, None)


@pytest.mark.parametrize("named", [b"sep=;", b"SEP=;", b'"sep=;"'])
def test_excel_first_line_names_the_delimiter_and_is_left_out(named):
    # Before: "sep=" became the first column's name and the real names a comment.
    rows = [["Comment", "Ward"], ["Cold, late, and wrong", "4 West"], ["Too noisy, again", "ICU"]]
    table = read_table(named + b"\r\n" + csv_bytes(rows, delimiter=";"))
    assert (table.delimiter, table.headers, table.rows) == (";", rows[0], rows[1:])
    assert (table.row_numbers, table.titles) == ([2, 3], 0)  # as Excel numbers them
    assert "title" not in table.summary()


def test_a_sep_line_naming_an_unknown_delimiter_is_still_left_out():
    table = read_table(b"sep=#\nDate,Comment\n2025-01-02,Cold food\n")
    assert (table.delimiter, table.headers, table.row_numbers) == (",", ["Date", "Comment"], [2])


def test_report_details_above_a_wide_table_are_title_rows():
    data = (b"Unit:,4 West,,,\r\nExported:,2026-10-01,,,\r\n,,,,\r\n"
            b"Ref,Date,Comment,Ward,Score\r\nS-1,2026-09-30,Cold food,4 West,2\r\n")
    table = read_table(data)
    assert (table.headers[2], table.rows, table.titles) == (
        "Comment", [["S-1", "2026-09-30", "Cold food", "4 West", "2"]], 2
    )


def test_a_row_with_a_number_is_not_column_names():
    table = read_table(b"Waited too long,3\r\nLost a bag,4\r\n")
    assert not table.has_header and table.rows[0] == ["Waited too long", "3"]


def test_a_title_above_rows_without_column_names_is_kept():
    data = b"Patient comments\r\n14/03/2025,Waited too long\r\n15/03/2025,Lost a bag\r\n"
    table = read_table(data)
    assert (table.has_header, table.titles, len(table.rows)) == (False, 0, 3)


def test_column_names_written_by_hand_after_a_comma_and_a_space():
    table = read_table(b"Date, Comment, Ward\n2025-01-02, Cold food, ICU\n")
    assert table.headers == ["Date", "Comment", "Ward"] and table.titles == 0


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


@pytest.mark.parametrize("rest", [b"x" * 200_000, b"x" * 2_000_000, b"2025-01-04,short\r\n"])
def test_a_quotation_mark_never_closed(rest):
    # Before, a short rest of the file was read silently as part of row 3's comment.
    data = b'Date,Comment\r\n2025-01-02,fine\r\n2025-01-03,"never closed\r\n' + rest
    assert problem(data) == (
        "Row 3 could not be read: a quotation mark in it was opened and never closed, so the "
        "rest of the file runs into one cell. Check that row in your spreadsheet program and "
        "export the file again."
    )


def test_a_long_comment_is_read_and_a_longer_one_refused_for_its_length():
    # Before: a 200,000-character comment was refused as "a quotation mark never closed".
    long = "The wait went on. " * 11_112  # 200,016 characters
    rows = [["Date", "Comment"], ["2025-01-02", long], ["2025-01-03", "short"]]
    assert read_table(csv_bytes(rows)).rows == rows[1:]
    rows[1][1] = "x" * (MAX_CELL_CHARS + 1)
    assert problem(csv_bytes(rows)) == (
        "Row 2 could not be read: one of its cells holds 1,048,577 characters, more than the "
        "1,048,576 one cell may hold. Shorten that comment in your spreadsheet program, or "
        "leave that row out of the export."
    )
    rows[1][1] = "x" * MAX_CELL_CHARS
    assert read_table(csv_bytes(rows)).rows[0][1] == rows[1][1]


def test_the_cell_limit_is_only_for_the_reading():
    before = csv.field_size_limit()
    read_table(csv_bytes(ROWS))
    with pytest.raises(CsvProblem):
        read_table(b"a,b\n" + b"x" * (MAX_CELL_CHARS + 1))
    assert csv.field_size_limit() == before


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
    assert date_order(["01/02/2025", "14/02/2025", ""]) == DateOrder(True, True, "01/02/2025")
    assert date_order(["01/02/2025", "02/14/2025"]) == DateOrder(False, True, "01/02/2025")
    assert date_order(["13/01/2025", "14/01/2025", "01/13/2025"]).day_first


def test_dates_that_read_both_ways_ask_for_the_order():
    """Every date fits day first and month first, and one changes with the order: nothing
    in the file says which, so the order is not known and the person is asked."""
    asked = date_order(["05/05/2025", "", "04/03/2025 09:15", "02/01/2025"])
    assert asked == DateOrder(False, False, "04/03/2025")  # shown without its time
    assert parse_date(asked.example, True) == date(2025, 3, 4)
    assert parse_date(asked.example, False) == date(2025, 4, 3)
    # the order changes nothing: the same number twice, dots, ISO dates, no dates at all
    assert date_order(["05/05/2025", "12/12/2024"]) == DateOrder(False, True, "05/05/2025")
    assert date_order(["14.03.2025", "2025-03-14", "4 March 2025"]) == DateOrder(False, True, "")
    assert date_order([]) == DateOrder(False, True, "")
    table = read_table(csv_bytes([["Date", "Comment"], ["04/03/2025", "a"], ["01/02/2025", "b"]]))
    assert not column_date_order(table, 0).known


def test_dates_after_today_are_counted_to_be_checked():
    rows = [["Date", "Comment"], ["2025-03-14", "a"], ["2026-01-02", "b"], ["2031-01-01", "c"],
            ["2027-06-30", ""]]
    table = read_table(csv_bytes(rows))
    today = date(2026, 1, 1)
    everything = comments(table, 1, 0, today=today)
    assert [c.row for c in everything.comments] == [2, 3, 4] and everything.future == 2
    assert everything.future_summary() == (
        "2 rows dated after today: check them in the file (a typing slip, or the day and month "
        "the wrong way round?).")
    period = comments(table, 1, 0, date(2025, 1, 1), date(2025, 12, 31), today=today)
    assert (period.outside, period.future) == (2, 2)  # counted even when left out
    assert comments(table, 1, 0).future == 0 and comments(table, 1, 0).future_summary() == ""
    assert comments(table, 1, 0, date(2025, 1, 1), date(2026, 1, 2), today=today).future == 2
    # the suggested period ends at the latest date that is not after today
    assert suggested_period([date(2025, 3, 14), date(2031, 1, 1)], today)[1] == date(2025, 3, 14)


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


def test_the_period_guess_the_dialog_and_the_command_line_share():
    table = read_table(survey_bytes())
    today = date(2030, 1, 1)
    assert period_guess(table, 1, today) == (True, date(2024, 3, 21), date(2025, 3, 20))
    assert period_guess(table, 1, today, day_first=False) == (
        False, date(2024, 2, 4), date(2025, 2, 3)
    )


def test_columns_named_by_name_or_number():
    table = read_table(survey_bytes())
    assert column_named(table, "feedback") == column_named(table, " Feedback ") == 3
    assert column_named(table, "2") == 1
    for wanted in ("0", "6", "Comments"):
        with pytest.raises(CsvProblem) as raised:
            column_named(table, wanted)
        assert str(raised.value) == (
            f"This file has no column “{wanted}”. Its columns are 1 “Ref”, 2 “Received”, "
            "3 “Unit”, 4 “Feedback”, 5 “Score”."
        )
    wide = read_table(csv_bytes([[f"C{n}" for n in range(20)], ["x"] * 20]))
    with pytest.raises(CsvProblem, match=r"11 “C10”, 12 “C11”, …\.$"):
        column_named(wide, "C99")


def test_themes_from_a_column_of_categories():
    rows = [["Comment", "Category"], ["Cold food", "Food"], ["Noisy", ""], ["Late tray", "food"]]
    table = read_table(csv_bytes(rows))
    tagged = column_themes(table, comments(table, 0).comments, 1)
    assert [theme for _, theme in tagged] == ["Food", "", "food"]
    assert count_themes(tagged) == [ThemeCount("Food", 2, "Cold food")]


def test_imported_findings_as_records_for_the_store():
    found = ImportedFindings("other", date(2024, 4, 1), None, (ThemeCount("Food", 2, "Cold"),))
    assert found.records() == [{
        "theme": "Food", "count": 2, "example": "Cold", "source": "other",
        "period_start": date(2024, 4, 1), "period_end": None,
    }]


def test_imported_findings_take_only_known_sources():
    found = ImportedFindings("incident reports", date(2024, 4, 1), date(2025, 3, 31), ())
    assert found.source == "incident reports"
    with pytest.raises(ValueError, match="source must be one of"):
        ImportedFindings("rumours", None, None, ())


def test_a_column_of_categories_or_themes_is_offered_as_the_themes():
    rows = [["Ref", "Comment", "Incident type", "Categories", "Topic", "Ward"],
            ["1", "Cold food", "Catering", "Food", "A", "4 West"],
            ["2", "Cold soup", "Environment", "food", "B", "4 West"],
            ["3", "Late tray again", "Catering", "Food", "C", "5 East"],
            ["4", "Nobody said why", "Communication", "", "D", "5 East"]]
    table = read_table(csv_bytes(rows))
    # Topic repeats nothing and Ward has no telling name; of the two left, the one whose
    # values repeat most is the likelier list of themes
    assert guess_theme_column(table) == 3
    assert guess_theme_column(table, taken=(3,)) == 2
    assert guess_theme_column(table, taken=(2, 3)) is None
    assert themes_by_row(table, 3) == {2: "Food", 3: "food", 4: "Food"}
    sentences = read_table(csv_bytes([["Comment", "Category"],
                                      ["a", "x" * 80], ["b", "x" * 80]]))
    assert guess_theme_column(sentences) is None  # long text is no list of themes
    assert guess_theme_column(read_table(survey_bytes())) is None
