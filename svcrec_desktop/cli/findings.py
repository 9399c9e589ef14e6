"""import-findings: the themes of a CSV export of patient comments or incident reports
counted and added to a session's findings, the file read exactly as the window's import reads
it; --dry-run only shows the reading.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from datetime import date

from svcrec_desktop import APP_NAME
from svcrec_desktop.cli.common import (
    CommandError,
    data_dir_of,
    existing_store,
    resolve_session,
    window_lock,
    writable_store,
)
from svcrec_desktop.domain.model import counted, long_date
from svcrec_desktop.domain.shown_text import one_line
from svcrec_desktop.files.findings_csv import (
    Comment,
    CsvProblem,
    ImportedFindings,
    Table,
    ThemeCount,
    column_date_order,
    column_named,
    column_themes,
    comments,
    count_themes,
    guess_columns,
    guess_theme_column,
    period_guess,
    read_table,
)

NO_THEMES = (
    "Nothing was added: the command line does not tag comments with themes. Name the column "
    "that already holds each comment's theme with --theme-column, or tag the comments in the "
    "window (Preparation, “Import from a CSV file…”). --dry-run shows how the file is read."
)


def cmd_import_findings(args: argparse.Namespace) -> int:
    """Themes counted in a CSV export join a session's findings, the file read exactly as the
    window's import reads it; --dry-run only shows the reading."""
    if args.theme_column is None and not args.dry_run:
        raise CommandError(NO_THEMES)
    try:
        found, report, warnings = _read_findings(args)
    except CsvProblem as exc:
        raise CommandError(str(exc)) from None
    if not (found.themes or args.dry_run):
        raise CommandError("Nothing was added: no comment counted has a theme in the theme "
                           "column.")
    data_dir = data_dir_of(args)
    with nullcontext() if args.dry_run else window_lock(
        data_dir, "Import the file from its window, or close it and try again."
    ):
        store = existing_store(data_dir) if args.dry_run else writable_store(data_dir)
        try:
            session = store.sessions.get(resolve_session(store, args.session))
            if not args.dry_run:
                store.findings.add(session.id, found.records())
        finally:
            store.close()
    for line in report:
        print(line)
    for warning in warnings:
        print(f"{APP_NAME}: warning: {one_line(warning)}", file=sys.stderr)
    where = f"session {session.id} (“{one_line(session.department)}”)"
    if args.dry_run:
        print(f"Dry run: nothing was added to {where}.")
    else:
        print(f"Added {counted(len(found.themes), 'finding')} to {where}.")
    return 0


def _read_findings(
    args: argparse.Namespace,
) -> tuple[ImportedFindings, list[str], tuple[str, ...]]:
    """What the file holds for the chosen columns and period: the findings, the lines that
    say how it was read, and its warnings. Reading only: nothing is written."""
    table = read_table(args.file)
    comment_col, date_col, report = _findings_columns(args, table)
    report.insert(0, f"Read {one_line(args.file.name)}: {table.summary()}.")
    if date_col is None:
        if args.start or args.end:
            raise CommandError("--from and --to need a date column, and this reading has "
                               "none: name one with --date-column.")
        day_first, start, end = False, None, None
    else:
        day_first, start, end = _findings_period(args, table, date_col, report)
    selection = comments(table, comment_col, date_col, start, end, day_first, date.today())
    report.append(" ".join(filter(None, (
        f"Comments: {len(selection.comments):,} counted.", selection.left_out_summary(),
        selection.future_summary()))))
    themes = _findings_themes(args, table, selection.comments, report, (comment_col, date_col))
    return ImportedFindings(args.source, start, end, themes), report, table.warnings


def _findings_columns(
    args: argparse.Namespace, table: Table
) -> tuple[int, int | None, list[str]]:
    """The comment and date columns as asked, else as the window guesses them."""
    comment_col, date_col = guess_columns(table)
    if args.comment_column is not None:
        comment_col = column_named(table, args.comment_column)
    if comment_col is None:
        raise CommandError("No column of this file holds text to read as comments: name one "
                           "with --comment-column.")
    if args.date_column is not None:
        try:
            date_col = column_named(table, args.date_column)
        except CsvProblem:
            if args.date_column.strip().casefold() != "none":
                raise
            date_col = None
    report = [f"Comment column: {_column(table, comment_col)}"
              f"{_how(args.comment_column)}."]
    report.append(f"Date column: {_column(table, date_col)}{_how(args.date_column)}."
                  if date_col is not None
                  else "Date column: none, so every comment counts, whatever its date.")
    return comment_col, date_col, report


def _findings_period(
    args: argparse.Namespace, table: Table, date_col: int, report: list[str]
) -> tuple[bool, date, date]:
    """The day order and the period as asked, else as the window suggests them. Dates that
    read both ways are not guessed for an import: the person says which."""
    order = column_date_order(table, date_col)
    both_ways = ""
    if args.day_first is None and not order.known:
        readings = " or ".join(long_date(day) for day in order.readings() if day is not None)
        both_ways = (f"{order.example} could be {readings}, and no date in the file says "
                     "which")
        if not args.dry_run:
            raise CommandError(f"Nothing was added: {both_ways}. Say which with --day-first "
                               "or --month-first (--dry-run shows both readings).")
    day_first, start, end = period_guess(table, date_col, date.today(), args.day_first)
    start = _iso_date(args.start, "--from") if args.start else start
    end = _iso_date(args.end, "--to") if args.end else end
    if start > end:
        raise CommandError(f"The period ends ({end}) before it starts ({start}): change "
                           "--from or --to.")
    read = "day first, as in 14/03/2025" if day_first else "month first, as in 03/14/2025"
    guessed = (f" (guessed, but {both_ways}: say --day-first or --month-first)" if both_ways
               else _how(args.day_first))
    report.append(f"Dates read {read}{guessed}.")
    asked = "" if args.start or args.end else " (the 12 months up to the latest date)"
    report.append(f"Period: {start} to {end}{asked}.")
    return day_first, start, end


def _findings_themes(
    args: argparse.Namespace, table: Table, chosen: list[Comment], report: list[str],
    taken: tuple[int | None, ...],
) -> tuple[ThemeCount, ...]:
    """The themes a column of themes gives the comments counted (the window has people type
    them instead; the command line never invents them, and only names a column that looks
    like one, other than the columns taken)."""
    if args.theme_column is None:
        offered = guess_theme_column(table, taken)
        hint = (f"; column {_column(table, offered)} looks like one (--theme-column "
                f"{offered + 1})" if offered is not None else "")
        report.append(f"Themes: none, as no --theme-column was given{hint}.")
        return ()
    theme_col = column_named(table, args.theme_column)
    tagged = column_themes(table, chosen, theme_col)
    themes = count_themes(tagged)
    untagged = sum(1 for _, theme in tagged if not theme.strip())
    without = (f"; {counted(untagged, 'comment')} without a theme there, not counted"
               if untagged else "")
    report.append(f"Themes: {counted(len(themes), 'theme')} in column "
                  f"{_column(table, theme_col)}{without}.")
    report.extend(f"{theme.count:>8,}  {one_line(theme.theme)}" for theme in themes)
    return tuple(themes)


def _column(table: Table, column: int) -> str:
    return f"{column + 1} “{one_line(table.headers[column])}”"


def _how(asked: object) -> str:
    return "" if asked is not None else " (guessed)"


def _iso_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{option} “{one_line(text)}” is not a date: write it as "
                           "YYYY-MM-DD, for example 2025-03-31.") from None
