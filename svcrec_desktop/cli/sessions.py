"""The commands about the data folder's sessions: list them, bring one in from a session
file, and put the newest good backup in place of a missing or damaged database.
"""

from __future__ import annotations

import argparse

from svcrec_desktop.cli.common import (
    CommandError,
    NothingSavedYet,
    NoUsableDatabase,
    damage_line,
    data_dir_of,
    existing_store,
    holds_database,
    refuse_damage,
    window_lock,
)
from svcrec_desktop.domain.model import counted
from svcrec_desktop.domain.shown_text import one_line
from svcrec_desktop.files.session_file import SessionFileError, import_session, read_session_file
from svcrec_desktop.store.backups import find_damage, recover
from svcrec_desktop.store.database import Store


def cmd_import_session(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    try:
        contents = read_session_file(args.file)  # a file that cannot be used touches nothing
        with window_lock(data_dir, "Import the file from its window, or close it and try "
                         "again."):
            refuse_damage(data_dir)
            store = Store.open(data_dir)
            try:
                result = import_session(store, contents)
            finally:
                store.close()
    except SessionFileError as exc:
        raise CommandError(str(exc)) from exc
    print(one_line(result.summary()))
    return 0


def cmd_sessions(args: argparse.Namespace) -> int:
    try:
        store = existing_store(data_dir_of(args))
    except NothingSavedYet:
        return 0  # no sessions to list, and nothing lost: there was never a database here
    try:
        for session in store.sessions.all():
            notes = counted(len(store.notes.of_session(session.id)), "note")
            print(f"{session.id}\t{session.meeting_date}\t{session.phase.label}\t{notes}"
                  f"\t{one_line(session.department)}")
    finally:
        store.close()
    return 0


def cmd_restore_backup(args: argparse.Namespace) -> int:
    """What the window does at start about a missing or damaged database, without a window;
    only when a good backup can take its place."""
    data_dir = data_dir_of(args)
    if not data_dir.is_dir():  # the lock would create a mistyped folder
        raise NothingSavedYet(data_dir)
    with window_lock(data_dir, "Close it and open it again: it restores the backup itself."):
        damage = find_damage(data_dir)
        if damage is None and not holds_database(data_dir):
            raise NothingSavedYet(data_dir)
        if damage is None:
            print(f"The database in {data_dir} is sound; nothing was restored.")
        elif damage.backup is None:
            raise NoUsableDatabase(damage_line(data_dir, damage))
        else:
            print(one_line(recover(data_dir, damage).text))
    return 0
