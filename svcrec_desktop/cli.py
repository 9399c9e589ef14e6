"""The command line: the window by default, and headless commands beside it.

Headless commands use the same core as the window and never import PySide6, so they run on
a machine without a display and in scripts. Failures print one line on stderr and exit 1, or
2 when the data folder's database is missing or damaged. Commands that only read open the
database read-only: they never create, migrate or write it.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from svcrec_desktop import APP_NAME, DISPLAY_NAME, __version__, paths
from svcrec_desktop.domain.guide_model import VersionStatus, newest, version_named
from svcrec_desktop.domain.model import FINDING_SOURCES, counted, long_date
from svcrec_desktop.domain.organisation import Organisation, load_organisation, read_organisation
from svcrec_desktop.domain.page_format import PAPERS, page_format
from svcrec_desktop.domain.playbook import (
    Playbook,
    PlaybookError,
    load_active_playbook,
    load_playbook,
)
from svcrec_desktop.domain.privacy import looked_for_sentence
from svcrec_desktop.domain.shown_text import one_line as _one_line  # for all text from files
from svcrec_desktop.export.source import (
    ExportOptions,
    GuideSource,
    Spotted,
    TypedText,
    above_limit,
    above_limit_sentence,
    all_texts,
    exportable_view,
    guide_texts,
    quick_card_texts,
    record_texts,
    register_texts,
    spot_identifiers,
    with_organisation,
)
from svcrec_desktop.files.register_csv import RegisterError, export_register_csv
from svcrec_desktop.files.session_file import (
    SUFFIX,
    SessionFileError,
    export_session_file,
    import_session,
    read_session_file,
)
from svcrec_desktop.store.backups import Damage, find_damage, recover
from svcrec_desktop.store.data_folder import folder_risk
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.store.lock import AlreadyOpen, InstanceLock

if TYPE_CHECKING:  # the CSV reader is loaded only by the command that reads CSV files
    from svcrec_desktop.files.findings_csv import Comment, ImportedFindings, Table, ThemeCount

NO_THEMES = (
    "Nothing was added: the command line does not tag comments with themes. Name the column "
    "that already holds each comment's theme with --theme-column, or tag the comments in the "
    "window (Preparation, “Import from a CSV file…”). --dry-run shows how the file is read."
)

class CommandError(Exception):
    """A headless command cannot do what was asked; the message says why."""


class NoUsableDatabase(CommandError):
    """The data folder's database is missing or damaged (exit status 2)."""


class NothingSavedYet(NoUsableDatabase):
    """The data folder has no database and no backup: nothing was ever saved there."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(f"There is no database in {data_dir} yet: nothing was saved in this "
                         "folder. Check --data-dir, or start the window once.")


def _organisation(args: argparse.Namespace) -> Organisation:
    """The organisation's settings for this command, read once: from --organisation, else
    where paths.organisation_file looks. What cannot be used is a warning on stderr; its
    backups folder goes with the data folder it names (or the default one)."""
    settings = getattr(args, "organisation_in_force", None)
    if settings is None:
        settings = args.organisation_in_force = load_organisation(
            getattr(args, "organisation", None))
        for warning in settings.warnings:
            print(f"{APP_NAME}: warning: {_one_line(warning)}", file=sys.stderr)
        if settings.backups_folder is not None:
            paths.keep_backups_in(settings.data_folder or paths.default_data_dir(),
                                  settings.backups_folder)
    return settings


def _data_dir(args: argparse.Namespace) -> Path:
    """--data-dir, else the organisation's data folder, else the per-user default (the
    organisation's settings are read either way: they say where its backups are kept)."""
    organisation = _organisation(args)
    chosen = getattr(args, "data_dir", None)  # --data-dir may come before or after the command
    if chosen:
        return Path(chosen).expanduser()
    return organisation.data_folder or paths.default_data_dir()


def _warn_about_data_folder(data_dir: Path) -> None:
    """A data folder on a network drive, or one a sync client copies, cannot keep the promise
    that every saved note is kept: one line on stderr says so, and the command goes on."""
    risk = folder_risk(data_dir)
    if risk is not None:
        print(f"{APP_NAME}: warning: {risk.one_line()}", file=sys.stderr)


def _resolve_session(store: Store, which: str) -> int:
    """A session id from 'latest', an id, or the department of exactly one listed session."""
    if which == "latest":
        session = store.sessions.latest()
        if session is None:
            raise CommandError("There are no sessions yet in this data folder.")
        return session.id
    if which.isdigit():
        return store.sessions.get(int(which)).id
    wanted = which.strip().casefold()
    named = [s.id for archived in (False, True) for s in store.sessions.all(archived=archived)
             if s.department.strip().casefold() == wanted]
    if len(named) == 1:
        return named[0]
    if named:
        raise CommandError(f"{len(named)} sessions are for the department '{which}'; give the "
                           f"session's id instead ('{APP_NAME} sessions' lists them).")
    raise CommandError(f"'{which}' is not a session id, 'latest' or a department of a session "
                       f"here ('{APP_NAME} sessions' lists them).")


def _damage_line(data_dir: Path, damage: Damage) -> str:
    """What is wrong with the database, and the newest good backup and how to restore it."""
    state = "is missing" if damage.missing else f"is damaged ({damage.problem})"
    said = f"The database in {data_dir} {state}."
    if damage.backup is None:
        aside = "" if damage.missing else "keep the file aside and "
        return (f"{said} No good backup was found; opening the window would {aside}start a "
                "new, empty database.")
    command = f"{APP_NAME} restore-backup"
    if data_dir != paths.default_data_dir():
        command += f" --data-dir {shlex.quote(str(data_dir))}"
    where = damage.backup.path.relative_to(data_dir)
    return (f"{said} The newest good backup is from {damage.backup.label} ({where}): open the "
            f"window to restore it, or run '{command}'.")


def _holds_database(data_dir: Path) -> bool:
    """Whether anything was ever saved here, once find_damage found nothing wrong: an empty
    file with no backup beside it is a database that was never written."""
    database = paths.database_file(data_dir)
    return database.is_file() and database.stat().st_size > 0


def _refuse_damage(data_dir: Path) -> None:
    """Stop before anything reads or writes a missing or damaged database, checked exactly as
    the window checks it at start: writing a new one in its place would hide the backups."""
    damage = find_damage(data_dir)
    if damage is not None:
        raise NoUsableDatabase(_damage_line(data_dir, damage))


def _existing_store(data_dir: Path) -> Store:
    """The data folder's database, only to read: never created, migrated or written."""
    _refuse_damage(data_dir)
    if not _holds_database(data_dir):
        raise NothingSavedYet(data_dir)
    return Store.open_for_reading(data_dir)


def _version_id(store: Store, session_id: int, wanted: str | None) -> int | None:
    """Which guide a command reads, as the window offers it: by default the newest final,
    else the guide as it is now. Else 'now', 'final' or 'draft' (the newest of it), a name
    such as 'final 1', or the stored number scripts used before versions had names."""
    versions = store.versions.of_session(session_id)
    if wanted is None:
        final = newest(versions, VersionStatus.FINAL)
        return final.id if final else None
    if wanted.strip().casefold() == "now":
        return None
    found = version_named(versions, wanted)
    if found is not None:
        return found.id
    kind = wanted.strip().casefold()
    if kind in (VersionStatus.FINAL, VersionStatus.DRAFT):
        how = "publish one" if kind == VersionStatus.FINAL else "keep a draft"
        raise CommandError(f"This session has no {kind} version yet; {how} first.")
    names = ", ".join(v.name for v in versions) or "none yet"
    raise CommandError(f"There is no version “{_one_line(wanted)}” (versions: {names}).")


def _playbook(args: argparse.Namespace, data_dir: Path) -> Playbook:
    """The playbook in use for this data folder; a broken department copy (or organisation
    playbook) is a warning."""
    playbook, warning = load_active_playbook(data_dir, _organisation(args).playbook)
    if warning:
        print(f"{APP_NAME}: warning: {_one_line(warning)}", file=sys.stderr)
    return playbook


def _finding_lines(spotted: list[Spotted]) -> list[str]:
    """One line per likely identifier: where · kind · the text found."""
    return [f"{_one_line(found.where)} · {found.identifier.kind} · "
            f"{_one_line(found.identifier.text)}" for found in spotted]


def _refuse_identifiers(args: argparse.Namespace, texts: list[TypedText]) -> None:
    """Write nothing while the file would hold likely patient details, unless allowed."""
    if args.allow_identifiers:
        return
    spotted = spot_identifiers(texts)
    if spotted:
        for line in _finding_lines(spotted):
            print(line, file=sys.stderr)
        raise CommandError(
            f"Nothing was written: {counted(len(spotted), 'likely patient detail')} listed "
            "above. Take out what is listed (the window's privacy check can), or add "
            "--allow-identifiers to write anyway.")


@contextmanager
def _reading(args: argparse.Namespace, *failures: type[Exception]
             ) -> Iterator[tuple[Store, Playbook]]:
    """The data folder's database, read-only, and its playbook, for one command; a failure of
    the kinds given becomes the command's one-line error."""
    data_dir = _data_dir(args)
    store = _existing_store(data_dir)
    try:
        yield store, _playbook(args, data_dir)
    except failures as exc:
        raise CommandError(str(exc)) from exc
    finally:
        store.close()


def _note_above_limit(args: argparse.Namespace, view: GuideSource, *, offers: bool = True,
                      register: bool = True) -> None:
    """Values above the organisation's limit for one recovery item, noted on stderr (the
    file is written all the same)."""
    limit = _organisation(args).item_limit_cents
    sentence = above_limit_sentence(above_limit(view, limit, offers=offers, register=register),
                                    limit)
    if sentence:
        print(f"{APP_NAME}: warning: {sentence}", file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    # Imported here so that only an export pays for loading python-docx.
    from svcrec_desktop.export.atomic import ExportError
    from svcrec_desktop.export.guide import export_guide

    with _reading(args, ExportError) as (store, playbook):
        session_id = _resolve_session(store, args.session)
        organisation = _organisation(args)
        options = ExportOptions(
            version_id=_version_id(store, session_id, args.version),
            include_notes=args.notes, include_feedback=not args.no_feedback,
            include_register=args.register, footer_text=args.footer,
            page=page_format(store, args.paper, organisation))
        view = exportable_view(store, session_id, options.version_id)
        _refuse_identifiers(args, guide_texts(view, playbook, options))
        _note_above_limit(args, view, register=args.register)
        written = export_guide(with_organisation(view, organisation), playbook, args.out,
                               options=options)
    print(written)
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    """The facilitator's record, refused like every export while it holds likely patient
    details."""
    from svcrec_desktop.export.atomic import ExportError
    from svcrec_desktop.export.record import export_record

    with _reading(args, ExportError) as (store, playbook):
        view = exportable_view(store, _resolve_session(store, args.session))
        _refuse_identifiers(args, record_texts(view, playbook))
        written = export_record(view, playbook, args.out,
                                page_format(store, args.paper, _organisation(args)))
    print(written)
    return 0


def cmd_export_session(args: argparse.Namespace) -> int:
    with _reading(args) as (store, _):
        written = export_session_file(store, _resolve_session(store, args.session), args.out)
    print(written)
    return 0


def cmd_quick_card(args: argparse.Namespace) -> int:
    from svcrec_desktop.export.atomic import ExportError
    from svcrec_desktop.export.quick_card import card_source, export_quick_card

    with _reading(args, ExportError) as (store, playbook):
        organisation = _organisation(args)
        view = card_source(store, _resolve_session(store, args.session))
        _refuse_identifiers(args, quick_card_texts(view, playbook))
        _note_above_limit(args, view, register=False)
        written = export_quick_card(with_organisation(view, organisation), args.out,
                                    page_format(store, args.paper, organisation), playbook)
    print(written)
    return 0


def cmd_register_csv(args: argparse.Namespace) -> int:
    with _reading(args, RegisterError) as (store, _):
        view = exportable_view(store, _resolve_session(store, args.session))
        _refuse_identifiers(args, register_texts(view))
        _note_above_limit(args, view, offers=False)
        written = export_register_csv(view.register, args.out)
    print(written)
    return 0


def cmd_privacy_check(args: argparse.Namespace) -> int:
    """Every likely patient detail in what any export of the session would write."""
    with _reading(args) as (store, playbook):
        session_id = _resolve_session(store, args.session)
        view = exportable_view(store, session_id, _version_id(store, session_id, args.version))
        spotted = spot_identifiers(all_texts(view, playbook))
    for line in _finding_lines(spotted):
        print(line)
    print(looked_for_sentence())
    return 1 if spotted else 0


@contextmanager
def _window_lock(data_dir: Path, when_open: str) -> Iterator[None]:
    """The lock the window holds: changing the database under its feet would leave it showing
    what is no longer there."""
    lock = InstanceLock(data_dir)
    try:
        lock.acquire()
    except AlreadyOpen:
        raise CommandError(f"{DISPLAY_NAME} is open with this data folder. {when_open}") from None
    except OSError as exc:
        raise CommandError(f"The data folder {data_dir} cannot be used: "
                           f"{exc.strerror or exc}.") from exc
    try:
        yield
    finally:
        lock.release()


def cmd_import_session(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    contents = read_session_file(args.file)  # a file that cannot be used touches nothing here
    with _window_lock(data_dir, "Import the file from its window, or close it and try again."):
        _refuse_damage(data_dir)
        store = Store.open(data_dir)
        try:
            result = import_session(store, contents)
        finally:
            store.close()
    print(_one_line(result.summary()))
    return 0


def cmd_import_findings(args: argparse.Namespace) -> int:
    """Themes counted in a CSV export join a session's findings, the file read exactly as the
    window's import reads it; --dry-run only shows the reading."""
    from svcrec_desktop.files.findings_csv import CsvProblem

    if args.theme_column is None and not args.dry_run:
        raise CommandError(NO_THEMES)
    try:
        found, report, warnings = _read_findings(args)
    except CsvProblem as exc:
        raise CommandError(str(exc)) from None
    if not (found.themes or args.dry_run):
        raise CommandError("Nothing was added: no comment counted has a theme in the theme "
                           "column.")
    data_dir = _data_dir(args)
    with nullcontext() if args.dry_run else _window_lock(
        data_dir, "Import the file from its window, or close it and try again."
    ):
        store = _existing_store(data_dir) if args.dry_run else _writable_store(data_dir)
        try:
            session = store.sessions.get(_resolve_session(store, args.session))
            if not args.dry_run:
                store.findings.add(session.id, found.records())
        finally:
            store.close()
    for line in report:
        print(line)
    for warning in warnings:
        print(f"{APP_NAME}: warning: {_one_line(warning)}", file=sys.stderr)
    where = f"session {session.id} (“{_one_line(session.department)}”)"
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
    from svcrec_desktop.files.findings_csv import ImportedFindings, comments, read_table

    table = read_table(args.file)
    comment_col, date_col, report = _findings_columns(args, table)
    report.insert(0, f"Read {_one_line(args.file.name)}: {table.summary()}.")
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
    from svcrec_desktop.files.findings_csv import CsvProblem, column_named, guess_columns

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
    from svcrec_desktop.files.findings_csv import column_date_order, period_guess

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
    from svcrec_desktop.files.findings_csv import (
        column_named,
        column_themes,
        count_themes,
        guess_theme_column,
    )

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
    report.extend(f"{theme.count:>8,}  {_one_line(theme.theme)}" for theme in themes)
    return tuple(themes)


def _writable_store(data_dir: Path) -> Store:
    """The data folder's database to add to: never created here, never opened damaged."""
    _refuse_damage(data_dir)
    if not _holds_database(data_dir):
        raise NothingSavedYet(data_dir)
    return Store.open(data_dir)


def _column(table: Table, column: int) -> str:
    return f"{column + 1} “{_one_line(table.headers[column])}”"


def _how(asked: object) -> str:
    return "" if asked is not None else " (guessed)"


def _iso_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{option} “{_one_line(text)}” is not a date: write it as "
                           "YYYY-MM-DD, for example 2025-03-31.") from None


def cmd_sessions(args: argparse.Namespace) -> int:
    try:
        store = _existing_store(_data_dir(args))
    except NothingSavedYet:
        return 0  # no sessions to list, and nothing lost: there was never a database here
    try:
        for session in store.sessions.all():
            notes = counted(len(store.notes.of_session(session.id)), "note")
            print(f"{session.id}\t{session.meeting_date}\t{session.phase.label}\t{notes}"
                  f"\t{_one_line(session.department)}")
    finally:
        store.close()
    return 0


def cmd_restore_backup(args: argparse.Namespace) -> int:
    """What the window does at start about a missing or damaged database, without a window;
    only when a good backup can take its place."""
    data_dir = _data_dir(args)
    if not data_dir.is_dir():  # the lock would create a mistyped folder
        raise NothingSavedYet(data_dir)
    with _window_lock(data_dir, "Close it and open it again: it restores the backup itself."):
        damage = find_damage(data_dir)
        if damage is None and not _holds_database(data_dir):
            raise NothingSavedYet(data_dir)
        if damage is None:
            print(f"The database in {data_dir} is sound; nothing was restored.")
        elif damage.backup is None:
            raise NoUsableDatabase(_damage_line(data_dir, damage))
        else:
            print(_one_line(recover(data_dir, damage).text))
    return 0


def cmd_check_playbook(args: argparse.Namespace) -> int:
    from svcrec_desktop.domain.playbook import active_playbook_file
    from svcrec_desktop.domain.playbook_wording import wording_report

    path = args.file or active_playbook_file(_data_dir(args), _organisation(args).playbook)
    playbook = load_playbook(path)
    print(f"{path}: {len(playbook.meeting1)} steps, {playbook.total_minutes} minutes, "
          f"{len(playbook.guide)} guide sections.")
    notices = wording_report(path)  # newer built-in wording: the copy still works
    if notices:
        print(notices)
    return 0


def cmd_check_organisation(args: argparse.Namespace) -> int:
    """Check an organisation file as the application reads it: exit 1 if any of it cannot be
    used (each problem on a line of stderr), else 0 with what it sets."""
    path = args.file or paths.organisation_file(getattr(args, "organisation", None))
    if path is None:
        places = ", ".join(str(place) for place in paths.organisation_places())
        print(f"No organisation file is in use, so the built-in defaults apply (looked for "
              f"{paths.ORGANISATION_ENV} and {places}).")
        return 0
    settings = read_organisation(path)
    for warning in settings.warnings:
        print(f"{APP_NAME}: error: {_one_line(warning)}", file=sys.stderr)
    if settings.warnings:
        return 1
    print(f"{path}: {_one_line(settings.summary())}.")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    if sys.platform.startswith("linux") and not any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    ):
        raise CommandError(
            "No screen was found (DISPLAY is not set). Start the window from a desktop "
            "session, or use a headless command such as 'export'."
        )
    from svcrec_desktop.ui.app import run_app

    return run_app(_data_dir(args), _organisation(args))


VERSION_HELP = ("which guide: by default the newest final, else the guide as it is now; "
                "'now', the newest 'final' or 'draft', or one by name ('final 1', 'draft 2')")
PAPER_HELP = ("the paper size (default: as last chosen in the window, else as this computer's "
              "region prints)")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS,
        help="folder holding the database (default: the organisation's data folder, else "
             "the user's application data folder)",
    )
    common.add_argument(
        "--organisation", metavar="FILE", type=Path, default=argparse.SUPPRESS,
        help=f"the organisation's settings (default: the file {paths.ORGANISATION_ENV} names, "
             "else organisation.toml beside the installed program, else in the system-wide "
             "configuration folder)",
    )
    parser = argparse.ArgumentParser(
        prog=APP_NAME, parents=[common],
        description="Run a service-recovery co-design session and export the department guide.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    export = sub.add_parser("export", parents=[common], help="write a session's guide as .docx")
    export.add_argument("--session", default="latest", metavar="latest|ID")
    export.add_argument("--out", required=True, type=Path, metavar="FILE.docx")
    export.add_argument("--version", metavar="now|final|draft|'final 1'", help=VERSION_HELP)
    export.add_argument("--notes", action="store_true",
                        help="add the meeting notes as an appendix (the 'record' command "
                             "writes them for the facilitator)")
    export.add_argument("--no-notes", action="store_true", help=argparse.SUPPRESS)  # the default
    export.add_argument("--no-feedback", action="store_true",
                        help="leave out the meeting-2 feedback page")
    export.add_argument("--register", action="store_true",
                        help="add the register of recovery items handed out")
    export.add_argument("--footer", default="", metavar="TEXT",
                        help="the footer's small line (default: the method's credit)")
    export.add_argument("--paper", choices=PAPERS, help=PAPER_HELP)
    export.add_argument("--allow-identifiers", action="store_true",
                        help="write the file even if it holds what looks like patient details")
    export.set_defaults(func=cmd_export)

    record = sub.add_parser(
        "record", parents=[common],
        help="write the facilitator's record as .docx: every note by step, the parking lot, "
             "time per step, meeting 2's feedback and how it went (not for circulation)")
    record.add_argument("--session", default="latest", metavar="latest|ID|DEPARTMENT")
    record.add_argument("--out", required=True, type=Path, metavar="FILE.docx")
    record.add_argument("--paper", choices=PAPERS, help=PAPER_HELP)
    record.add_argument("--allow-identifiers", action="store_true",
                        help="write the file even if it holds what looks like patient details")
    record.set_defaults(func=cmd_record)

    check = sub.add_parser(
        "privacy-check", parents=[common],
        help="list what looks like patient details in what the session's exports would write "
             "(exit 1 if anything is found)")
    check.add_argument("--session", default="latest", metavar="latest|ID|DEPARTMENT")
    check.add_argument("--version", metavar="now|final|draft|'final 1'", help=VERSION_HELP)
    check.set_defaults(func=cmd_privacy_check)

    carry = sub.add_parser(
        "export-session", parents=[common],
        help="write a session and its notes to a session file, to import on another laptop",
    )
    carry.add_argument("--session", default="latest", metavar="latest|ID|DEPARTMENT")
    carry.add_argument("--out", required=True, type=Path, metavar=f"FILE{SUFFIX}")
    carry.set_defaults(func=cmd_export_session)

    card = sub.add_parser(
        "quick-card", parents=[common],
        help="write the one-page card staff pin up, \"When something goes wrong for a patient: "
             "what we do on the spot\", as .docx: from the newest final guide, else from the "
             "guide as it is now, marked as a draft",
    )
    card.add_argument("--session", default="latest", metavar="latest|ID|DEPARTMENT")
    card.add_argument("--out", required=True, type=Path, metavar="FILE.docx")
    card.add_argument("--paper", choices=PAPERS, help=PAPER_HELP)
    card.add_argument("--allow-identifiers", action="store_true",
                        help="write the file even if it holds what looks like patient details")
    card.set_defaults(func=cmd_quick_card)

    register = sub.add_parser(
        "register-csv", parents=[common],
        help="write the register of recovery items handed out as CSV, for finance",
    )
    register.add_argument("--session", default="latest", metavar="latest|ID|DEPARTMENT")
    register.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    register.add_argument("--allow-identifiers", action="store_true",
                        help="write the file even if it holds what looks like patient details")
    register.set_defaults(func=cmd_register_csv)

    bring = sub.add_parser(
        "import-session", parents=[common],
        help="add a session file's session here, or merge it into the same session",
    )
    bring.add_argument("file", type=Path, metavar=f"FILE{SUFFIX}")
    bring.set_defaults(func=cmd_import_session)

    findings = sub.add_parser(
        "import-findings", parents=[common],
        help="count the themes of a CSV export of patient comments or incident reports and "
             "add them to a session's findings, reading the file as the window does",
    )
    findings.add_argument("file", type=Path, metavar="FILE.csv")
    findings.add_argument("--session", required=True, metavar="ID|DEPARTMENT|latest")
    findings.add_argument("--comment-column", metavar="C",
                          help="the column of comments, by name or number from 1 "
                               "(default: guessed as the window does)")
    findings.add_argument("--date-column", metavar="C|none",
                          help="the column of dates (default: guessed); none: every comment "
                               "counts, whatever its date")
    findings.add_argument("--theme-column", metavar="C",
                          help="the column that holds each comment's theme, such as the "
                               "category its system gave it; needed to add findings (in the "
                               "window you type the themes instead)")
    findings.add_argument("--from", dest="start", metavar="YYYY-MM-DD",
                          help="the period's first day (default: 12 months before its end)")
    findings.add_argument("--to", dest="end", metavar="YYYY-MM-DD",
                          help="the period's last day (default: the latest date in the file)")
    order = findings.add_mutually_exclusive_group()
    order.add_argument("--day-first", dest="day_first", action="store_const", const=True,
                       help="read 03/04/2025 as 3 April (default: guessed from the dates)")
    order.add_argument("--month-first", dest="day_first", action="store_const", const=False,
                       help="read 03/04/2025 as 4 March")
    findings.add_argument("--source", choices=FINDING_SOURCES, default=FINDING_SOURCES[0],
                          help="where the comments come from (default: %(default)s)")
    findings.add_argument("--dry-run", action="store_true",
                          help="show how the file is read and what would be added; add nothing")
    findings.set_defaults(func=cmd_import_findings)

    listing = sub.add_parser(
        "sessions", parents=[common],
        help="list the sessions (not archived, not in the bin): id, date, phase, notes, department",
    )
    listing.set_defaults(func=cmd_sessions)

    mend = sub.add_parser(
        "restore-backup", parents=[common],
        help="if the database is missing or damaged, keep it aside and put the newest good "
             "backup in its place (as the window does when it opens)")
    mend.set_defaults(func=cmd_restore_backup)

    playbook_check = sub.add_parser("check-playbook", parents=[common],
                                    help="check a playbook file")
    playbook_check.add_argument("file", nargs="?", type=Path,
                                help="default: the playbook in use")
    playbook_check.set_defaults(func=cmd_check_playbook)

    organisation_check = sub.add_parser("check-organisation", parents=[common],
                                        help="check an organisation settings file")
    organisation_check.add_argument("file", nargs="?", type=Path,
                                    help="default: the organisation file in use")
    organisation_check.set_defaults(func=cmd_check_organisation)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command: exit 0 when it did its work, 1 when it failed, 2 when the data folder's
    database is missing or damaged."""
    args = build_parser().parse_args(argv)
    try:
        if args.func is not cmd_gui:  # the window explains it in its own words
            _warn_about_data_folder(_data_dir(args))
        return args.func(args)
    except (CommandError, PlaybookError, SessionFileError, StorageError) as exc:
        print(f"{APP_NAME}: error: {_one_line(str(exc))}", file=sys.stderr)
        return 2 if isinstance(exc, NoUsableDatabase) else 1
    except KeyboardInterrupt:
        return 130

