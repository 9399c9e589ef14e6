"""import-findings: a CSV export read from the command line exactly as the window reads it.

One test runs the real program in a child process, as a person at a terminal would; the rest
call the command line's main function, which is the same code without the start-up time.
"""

import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from csv_samples import csv_bytes, survey_bytes, xlsx_like_bytes

from svcrec_desktop import paths
from svcrec_desktop.cli import main
from svcrec_desktop.files.findings_csv import NOT_TEXT
from svcrec_desktop.store.database import Store
from svcrec_desktop.store.lock import InstanceLock

SURVEY_READING = [
    "Read survey.csv: 8 rows · read as UTF-8 with a byte-order mark · columns separated by "
    "semicolons.",
    "Comment column: 4 “Feedback” (guessed).",
    "Date column: 2 “Received” (guessed).",
    "Dates read day first, as in 14/03/2025 (guessed).",
    "Period: 2024-03-21 to 2025-03-20 (the 12 months up to the latest date).",
    "Comments: 5 counted. Left out: 1 row dated outside the period, 1 row without a date that "
    "could be read, 1 row with an empty comment.",
]
# The survey with a column of categories its dashboard gave each comment.
CATEGORIES = ["Category", "Waits", "Belongings", "Waits", "Communication", "Noise",
              "Belongings", "", "Waits"]


@pytest.fixture
def session(data_dir):
    store = Store.open(data_dir)
    created = store.sessions.create("Cardiology", first_step="welcome")
    store.close()
    return created


@pytest.fixture
def survey(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(survey_bytes())
    return path


@pytest.fixture
def categorised(tmp_path):
    from csv_samples import SURVEY_HEADER, SURVEY_ROWS

    path = tmp_path / "survey.csv"
    rows = [[*row, category]
            for row, category in zip([SURVEY_HEADER, *SURVEY_ROWS], CATEGORIES, strict=True)]
    path.write_bytes(csv_bytes(rows, delimiter=";", encoding="utf-8-sig"))
    return path


def findings_of(data_dir, session_id) -> list[tuple]:
    store = Store.open(data_dir)
    try:
        return [(f.theme, f.count, f.example, f.source, f.period_start, f.period_end)
                for f in store.findings.of_session(session_id)]
    finally:
        store.close()


def dump(data_dir) -> list[str]:
    with sqlite3.connect(paths.database_file(data_dir)) as connection:
        return list(connection.iterdump())


def command(data_dir, session_id, path, *options: str) -> list[str]:
    return ["import-findings", "--data-dir", str(data_dir), "--session", str(session_id),
            str(path), *options]


def one_error_line(stderr: str, *fragments: str) -> bool:
    return (stderr.startswith("svcrec-desktop: error: ") and stderr.count("\n") == 1
            and all(fragment in stderr for fragment in fragments))


def test_dry_run_then_import_from_a_terminal(data_dir, session, categorised):
    def run(*options: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "svcrec_desktop",
             *command(data_dir, "cardiology", categorised, *options)],
            capture_output=True, text=True, timeout=120,
        )

    before = dump(data_dir)
    tried = run("--dry-run", "--theme-column", "category")
    assert (tried.returncode, tried.stderr) == (0, "")
    themes = [
        "Themes: 2 themes in column 6 “Category”; 1 comment without a theme there, not counted.",
        "       2  Belongings",
        "       2  Waits",
    ]
    assert tried.stdout.splitlines() == [
        *SURVEY_READING, *themes, "Dry run: nothing was added to session 1 (“Cardiology”)."]
    assert dump(data_dir) == before

    done = run("--theme-column", "6", "--source", "incident reports")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        *SURVEY_READING, *themes, "Added 2 findings to session 1 (“Cardiology”)."]
    period = (date(2024, 3, 21), date(2025, 3, 20))
    assert findings_of(data_dir, session.id) == [
        ("Belongings", 2, "Lost my reading glasses", "incident reports", *period),
        ("Waits", 2, "Waited three hours\nwith no update", "incident reports", *period),
    ]


def test_chosen_columns_period_and_day_order(data_dir, session, categorised, capsys):
    assert main(command(data_dir, session.id, categorised, "--comment-column", "Unit",
                        "--date-column", "2", "--month-first", "--from", "2024-01-01",
                        "--to", "2025-12-31", "--theme-column", "Category")) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:6] == [
        "Comment column: 3 “Unit”.",
        "Date column: 2 “Received”.",
        "Dates read month first, as in 03/14/2025.",
        "Period: 2024-01-01 to 2025-12-31.",
        "Comments: 3 counted. Left out: 1 row dated outside the period, 4 rows without a date "
        "that could be read.",
    ]
    assert findings_of(data_dir, session.id) == [
        ("Belongings", 2, "4 West", "survey comments", date(2024, 1, 1), date(2025, 12, 31))]


def test_without_a_date_column_every_comment_counts(data_dir, session, categorised, capsys):
    assert main(command(data_dir, session.id, categorised, "--date-column", "none",
                        "--theme-column", "category")) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2:4] == ["Date column: none, so every comment counts, whatever its date.",
                        "Comments: 7 counted. Left out: 1 row with an empty comment."]
    assert out[4:8] == [
        "Themes: 3 themes in column 6 “Category”; 1 comment without a theme there, not counted.",
        "       3  Waits", "       2  Belongings", "       1  Communication"]
    assert {f[4:] for f in findings_of(data_dir, session.id)} == {(None, None)}


def test_a_title_and_a_sep_line_are_read_past(data_dir, session, tmp_path, capsys):
    # Before: the title (or "sep=") became the column names and the real names a comment.
    path = tmp_path / "report.csv"
    rows = [["Comment", "Topic"], ["Too noisy, at night", "Noise"], ["Cold food", "Food"]]
    for top in (b'"Patient comments report, Q3 2026"\r\n\r\n', b"sep=;\r\n"):
        path.write_bytes(top + csv_bytes(rows, delimiter=";"))
        assert main(command(data_dir, session.id, path, "--dry-run", "--theme-column",
                            "topic")) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[1:5] == [
            "Comment column: 1 “Comment” (guessed).",
            "Date column: none, so every comment counts, whatever its date.",
            "Comments: 2 counted. Every row of the file is included.",
            "Themes: 2 themes in column 2 “Topic”.",
        ]
    assert out[0] == "Read report.csv: 2 rows · read as UTF-8 · columns separated by semicolons."


def test_a_damaged_character_is_a_warning(data_dir, session, tmp_path, capsys):
    path = tmp_path / "damaged.csv"
    data = csv_bytes([["Comment", "Topic"], ["Le café était froid", "Food"], ["À bientôt", "x"]])
    at = data.index("é".encode())
    path.write_bytes(data[:at] + b"\xc3" + data[at + 2:])
    assert main(command(data_dir, session.id, path, "--dry-run")) == 0
    captured = capsys.readouterr()
    assert "read as UTF-8 ·" in captured.out
    assert captured.err == (
        "svcrec-desktop: warning: One character in row 2 could not be read; it shows as "
        "\ufffd. Check that comment in the original file.\n"
    )


@pytest.mark.parametrize("options, fragments", [
    ((), ["Nothing was added", "--theme-column", "tag the comments in the window"]),
    (("--theme-column", "Nope"), ["This file has no column “Nope”", "6 “Category”"]),
    (("--theme-column", "7"), ["This file has no column “7”"]),
    (("--comment-column", "0", "--dry-run"), ["no column “0”"]),
    (("--theme-column", "1", "--from", "14/03/2025"), ["--from “14/03/2025” is not a date",
                                                       "YYYY-MM-DD"]),
    (("--theme-column", "1", "--from", "2025-03-01", "--to", "2025-02-01"),
     ["The period ends (2025-02-01) before it starts (2025-03-01)"]),
    (("--dry-run", "--date-column", "none", "--to", "2025-02-01"),
     ["--from and --to need a date column"]),
    (("--theme-column", "category", "--from", "2030-01-01", "--to", "2030-12-31"),
     ["no comment counted has a theme"]),
])
def test_refusals_change_nothing(data_dir, session, categorised, capsys, options, fragments):
    before = dump(data_dir)
    assert main(command(data_dir, session.id, categorised, *options)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert one_error_line(captured.err, *fragments), captured.err
    assert dump(data_dir) == before


@pytest.mark.parametrize("data, message", [
    (xlsx_like_bytes(), NOT_TEXT),
    (b"", "There is nothing to import"),
    (b'Date,Comment\r\n2025-01-02,"never closed\r\n2025-01-03,x\r\n',
     "Row 2 could not be read: a quotation mark in it was opened and never closed"),
])
def test_a_file_that_cannot_be_read_is_one_line(data_dir, session, tmp_path, capsys, data,
                                                message):
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    before = dump(data_dir)
    assert main(command(data_dir, session.id, path, "--theme-column", "1")) == 1
    assert one_error_line(capsys.readouterr().err, " ".join(message.split()))
    assert main(command(data_dir, session.id, tmp_path / "gone.csv", "--dry-run")) == 1
    assert one_error_line(capsys.readouterr().err, "it is no longer there")
    assert dump(data_dir) == before


def test_the_window_open_refuses_an_import_but_not_a_dry_run(data_dir, session, categorised,
                                                             capsys):
    with InstanceLock(data_dir):  # held by the window
        assert main(command(data_dir, session.id, categorised, "--theme-column", "6")) == 1
        assert one_error_line(capsys.readouterr().err, "is open with this data folder",
                              "Import the file from its window")
        assert main(command(data_dir, session.id, categorised, "--dry-run")) == 0
    assert findings_of(data_dir, session.id) == []


def test_no_session_or_no_database(data_dir, session, categorised, tmp_path, capsys):
    assert main(command(data_dir, 99, categorised, "--theme-column", "6")) == 1
    assert one_error_line(capsys.readouterr().err, "no session with id 99")
    empty = tmp_path / "nothing"
    for options in (("--dry-run",), ("--theme-column", "6")):
        assert main(command(empty, "latest", categorised, *options)) == 2
        assert one_error_line(capsys.readouterr().err, "no database")
    assert not paths.database_file(empty).exists()


def test_dates_that_read_both_ways_are_not_guessed_for_an_import(data_dir, session, tmp_path,
                                                                 capsys):
    path = tmp_path / "both ways.csv"
    path.write_bytes(csv_bytes([["Date", "Comment", "Category"], ["04/03/2025", "Cold", "Food"],
                                ["02/01/2025", "Late", "Food"], ["2099-01-01", "Typo", "Food"]]))
    before = dump(data_dir)
    assert main(command(data_dir, session.id, path, "--theme-column", "3")) == 1
    captured = capsys.readouterr()
    assert one_error_line(captured.err, "04/03/2025 could be 4 March 2025 or 3 April 2025",
                          "--day-first or --month-first")
    assert dump(data_dir) == before
    assert main(command(data_dir, session.id, path, "--dry-run")) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[3] == (
        "Dates read month first, as in 03/14/2025 (guessed, but 04/03/2025 could be 4 March "
        "2025 or 3 April 2025, and no date in the file says which: say --day-first or "
        "--month-first).")
    assert out[5] == (
        "Comments: 2 counted. Left out: 1 row dated outside the period. 1 row dated after "
        "today: check it in the file (a typing slip, or the day and month the wrong way round?).")
    assert out[6] == ("Themes: none, as no --theme-column was given; column 3 “Category” looks "
                      "like one (--theme-column 3).")
    assert main(command(data_dir, session.id, path, "--theme-column", "3", "--day-first")) == 0
    assert findings_of(data_dir, session.id)[0][:2] == ("Food", 2)
