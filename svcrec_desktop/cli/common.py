"""What every command shares: its errors, the data folder and organisation it works with,
the session it names, and the database opened as the command needs it (read-only unless it
adds something, never created, migrated or opened damaged), under the window's lock when it
writes.

Failures print one line on stderr and exit 1, or 2 when the data folder's database is missing
or damaged (NoUsableDatabase).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from svcrec_desktop import APP_NAME, DISPLAY_NAME, paths
from svcrec_desktop.domain.organisation import Organisation, load_organisation
from svcrec_desktop.domain.playbook import Playbook, load_active_playbook
from svcrec_desktop.domain.shown_text import one_line  # for all text from files
from svcrec_desktop.store.backups import Damage, find_damage
from svcrec_desktop.store.data_folder import folder_risk
from svcrec_desktop.store.database import Store
from svcrec_desktop.store.lock import AlreadyOpen, InstanceLock


class CommandError(Exception):
    """A headless command cannot do what was asked; the message says why."""


class NoUsableDatabase(CommandError):
    """The data folder's database is missing or damaged (exit status 2)."""


class NothingSavedYet(NoUsableDatabase):
    """The data folder has no database and no backup: nothing was ever saved there."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(f"There is no database in {data_dir} yet: nothing was saved in this "
                         "folder. Check --data-dir, or start the window once.")


def organisation_of(args: argparse.Namespace) -> Organisation:
    """The organisation's settings for this command, read once: from --organisation, else
    where paths.organisation_file looks. What cannot be used is a warning on stderr; its
    backups folder goes with the data folder it names (or the default one)."""
    settings = getattr(args, "organisation_in_force", None)
    if settings is None:
        settings = args.organisation_in_force = load_organisation(
            getattr(args, "organisation", None))
        for warning in settings.warnings:
            print(f"{APP_NAME}: warning: {one_line(warning)}", file=sys.stderr)
        if settings.backups_folder is not None:
            paths.keep_backups_in(settings.data_folder or paths.default_data_dir(),
                                  settings.backups_folder)
    return settings


def data_dir_of(args: argparse.Namespace) -> Path:
    """--data-dir, else the organisation's data folder, else the per-user default (the
    organisation's settings are read either way: they say where its backups are kept)."""
    organisation = organisation_of(args)
    chosen = getattr(args, "data_dir", None)  # --data-dir may come before or after the command
    if chosen:
        return Path(chosen).expanduser()
    return organisation.data_folder or paths.default_data_dir()


def warn_about_data_folder(data_dir: Path) -> None:
    """A data folder on a network drive, or one a sync client copies, cannot keep the promise
    that every saved note is kept: one line on stderr says so, and the command goes on."""
    risk = folder_risk(data_dir)
    if risk is not None:
        print(f"{APP_NAME}: warning: {risk.one_line()}", file=sys.stderr)


def resolve_session(store: Store, which: str) -> int:
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


def damage_line(data_dir: Path, damage: Damage) -> str:
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


def holds_database(data_dir: Path) -> bool:
    """Whether anything was ever saved here, once find_damage found nothing wrong: an empty
    file with no backup beside it is a database that was never written."""
    database = paths.database_file(data_dir)
    return database.is_file() and database.stat().st_size > 0


def refuse_damage(data_dir: Path) -> None:
    """Stop before anything reads or writes a missing or damaged database, checked exactly as
    the window checks it at start: writing a new one in its place would hide the backups."""
    damage = find_damage(data_dir)
    if damage is not None:
        raise NoUsableDatabase(damage_line(data_dir, damage))


def existing_store(data_dir: Path) -> Store:
    """The data folder's database, only to read: never created, migrated or written."""
    refuse_damage(data_dir)
    if not holds_database(data_dir):
        raise NothingSavedYet(data_dir)
    return Store.open_for_reading(data_dir)


def playbook_of(args: argparse.Namespace, data_dir: Path) -> Playbook:
    """The playbook in use for this data folder; a broken department copy (or organisation
    playbook) is a warning."""
    playbook, warning = load_active_playbook(data_dir, organisation_of(args).playbook)
    if warning:
        print(f"{APP_NAME}: warning: {one_line(warning)}", file=sys.stderr)
    return playbook


@contextmanager
def reading(args: argparse.Namespace, *failures: type[Exception]
             ) -> Iterator[tuple[Store, Playbook]]:
    """The data folder's database, read-only, and its playbook, for one command; a failure of
    the kinds given becomes the command's one-line error."""
    data_dir = data_dir_of(args)
    store = existing_store(data_dir)
    try:
        yield store, playbook_of(args, data_dir)
    except failures as exc:
        raise CommandError(str(exc)) from exc
    finally:
        store.close()


@contextmanager
def window_lock(data_dir: Path, when_open: str) -> Iterator[None]:
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


def writable_store(data_dir: Path) -> Store:
    """The data folder's database to add to: never created here, never opened damaged."""
    refuse_damage(data_dir)
    if not holds_database(data_dir):
        raise NothingSavedYet(data_dir)
    return Store.open(data_dir)
