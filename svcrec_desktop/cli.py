"""The command line: the window by default, and headless commands beside it.

Headless commands use the same core as the window and never import PySide6, so they run on
a machine without a display and in scripts. Failures print one line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from svcrec_desktop import APP_NAME, DISPLAY_NAME, __version__, paths
from svcrec_desktop.exporting import (
    ExportOptions,
    Spotted,
    TypedText,
    all_texts,
    exportable_view,
    guide_texts,
    quick_card_texts,
    register_texts,
    spot_identifiers,
)
from svcrec_desktop.instance_lock import AlreadyOpen, InstanceLock
from svcrec_desktop.playbook import Playbook, PlaybookError, load_active_playbook, load_playbook
from svcrec_desktop.privacy import looked_for_sentence
from svcrec_desktop.register_csv import RegisterError, export_register_csv
from svcrec_desktop.session_file import (
    SUFFIX,
    SessionFileError,
    export_session_file,
    import_session,
    read_session_file,
)
from svcrec_desktop.storage import StorageError, Store


class CommandError(Exception):
    """A headless command cannot do what was asked; the message says why."""


def _data_dir(args: argparse.Namespace) -> Path:
    chosen = getattr(args, "data_dir", None)  # --data-dir may come before or after the command
    return Path(chosen).expanduser() if chosen else paths.default_data_dir()


def _one_line(text: str) -> str:
    """Text fit for one line of a terminal: no line breaks, nothing it cannot encode."""
    return " ".join(text.split()).encode("utf-8", "replace").decode("utf-8")


def _resolve_session(store: Store, which: str) -> int:
    """A session id from 'latest', an id, or the department of exactly one listed session."""
    if which == "latest":
        session = store.latest_session()
        if session is None:
            raise CommandError("There are no sessions yet in this data folder.")
        return session.id
    if which.isdigit():
        return store.session(int(which)).id
    wanted = which.strip().casefold()
    named = [s.id for archived in (False, True) for s in store.sessions(archived=archived)
             if s.department.strip().casefold() == wanted]
    if len(named) == 1:
        return named[0]
    if named:
        raise CommandError(f"{len(named)} sessions are for the department '{which}'; give the "
                           f"session's id instead ('{APP_NAME} sessions' lists them).")
    raise CommandError(f"'{which}' is not a session id, 'latest' or a department of a session "
                       f"here ('{APP_NAME} sessions' lists them).")


def _existing_store(data_dir: Path) -> Store:
    """The data folder's database; a command that reads must not create an empty one."""
    if not paths.database_file(data_dir).is_file():
        raise CommandError(f"There is no database in {data_dir}.")
    return Store.open(data_dir)


def _version_id(store: Store, session_id: int, wanted: str) -> int | None:
    """'now' (the guide as it is), 'final' (the newest final) or a version number."""
    if wanted == "now":
        return None
    versions = store.versions(session_id)
    if wanted == "final":
        finals = [v for v in versions if v.final]
        if not finals:
            raise CommandError("This session has no final version yet; publish one first.")
        return finals[-1].id
    found = next((v for v in versions if str(v.number) == wanted), None)
    if found is None:
        numbers = ", ".join(str(v.number) for v in versions) or "none yet"
        raise CommandError(f"There is no version {wanted} (versions: {numbers}).")
    return found.id


def _playbook(data_dir: Path) -> Playbook:
    """The playbook in use for this data folder; a broken department copy is a warning."""
    playbook, warning = load_active_playbook(data_dir)
    if warning:
        print(f"{APP_NAME}: warning: {warning}", file=sys.stderr)
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
            f"Nothing was written: {len(spotted)} likely patient detail(s) above. Remove them "
            "(the window's privacy check can), or add --allow-identifiers to write anyway.")


def cmd_export(args: argparse.Namespace) -> int:
    # Imported here so that only an export pays for loading python-docx.
    from svcrec_desktop.export import ExportError, export_guide

    data_dir = _data_dir(args)
    store = _existing_store(data_dir)
    playbook = _playbook(data_dir)
    try:
        session_id = _resolve_session(store, args.session)
        options = ExportOptions(
            version_id=_version_id(store, session_id, args.version),
            include_notes=not args.no_notes, include_feedback=not args.no_feedback,
            include_register=args.register, footer_text=args.footer)
        view = exportable_view(store, session_id, options.version_id)
        _refuse_identifiers(args, guide_texts(view, playbook, options))
        written = export_guide(view, playbook, args.out, options=options)
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        store.close()
    print(written)
    return 0


def cmd_export_session(args: argparse.Namespace) -> int:
    store = _existing_store(_data_dir(args))
    try:
        written = export_session_file(store, _resolve_session(store, args.session), args.out)
    finally:
        store.close()
    print(written)
    return 0


def cmd_quick_card(args: argparse.Namespace) -> int:
    from svcrec_desktop.export import ExportError
    from svcrec_desktop.export.quick_card import export_quick_card

    data_dir = _data_dir(args)
    store = _existing_store(data_dir)
    playbook = _playbook(data_dir)
    try:
        view = exportable_view(store, _resolve_session(store, args.session))
        _refuse_identifiers(args, quick_card_texts(view, playbook))
        written = export_quick_card(view, args.out)
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        store.close()
    print(written)
    return 0


def cmd_register_csv(args: argparse.Namespace) -> int:
    store = _existing_store(_data_dir(args))
    try:
        view = exportable_view(store, _resolve_session(store, args.session))
        _refuse_identifiers(args, register_texts(view))
        written = export_register_csv(view.register, args.out)
    except RegisterError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        store.close()
    print(written)
    return 0


def cmd_privacy_check(args: argparse.Namespace) -> int:
    """Every likely patient detail in what any export of the session would write."""
    data_dir = _data_dir(args)
    store = _existing_store(data_dir)
    playbook = _playbook(data_dir)
    try:
        session_id = _resolve_session(store, args.session)
        view = exportable_view(store, session_id, _version_id(store, session_id, args.version))
        spotted = spot_identifiers(all_texts(view, playbook))
    finally:
        store.close()
    for line in _finding_lines(spotted):
        print(line)
    print(looked_for_sentence())
    return 1 if spotted else 0


def cmd_import_session(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    contents = read_session_file(args.file)  # a file that cannot be used touches nothing here
    # The window holds this lock; merging under its feet would leave it showing old notes.
    lock = InstanceLock(data_dir)
    try:
        lock.acquire()
    except AlreadyOpen:
        raise CommandError(f"{DISPLAY_NAME} is open with this data folder. Import the file "
                           "from its window, or close it and try again.") from None
    except OSError as exc:
        raise CommandError(f"The data folder {data_dir} cannot be used: "
                           f"{exc.strerror or exc}.") from exc
    try:
        store = Store.open(data_dir)
        try:
            result = import_session(store, contents)
        finally:
            store.close()
    finally:
        lock.release()
    print(_one_line(result.summary()))
    return 0


def cmd_sessions(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    if not paths.database_file(data_dir).is_file():
        return 0
    store = Store.open(data_dir)
    try:
        for session in store.sessions():
            count = len(store.notes(session.id))
            print(f"{session.id}\t{session.meeting_date}\t{session.phase.label}\t{count} notes"
                  f"\t{_one_line(session.department)}")
    finally:
        store.close()
    return 0


def cmd_check_playbook(args: argparse.Namespace) -> int:
    from svcrec_desktop.playbook import active_playbook_file

    path = args.file or active_playbook_file(_data_dir(args))
    playbook = load_playbook(path)
    print(f"{path}: {len(playbook.meeting1)} steps, {playbook.total_minutes} minutes, "
          f"{len(playbook.guide)} guide sections.")
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

    return run_app(_data_dir(args))


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS,
        help="folder holding the database (default: the user's application data folder)",
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
    export.add_argument("--version", default="now", metavar="now|final|NUMBER",
                        help="the guide as it is now (default), the newest final, or a version")
    export.add_argument("--no-notes", action="store_true", help="leave out the notes appendix")
    export.add_argument("--no-feedback", action="store_true",
                        help="leave out the meeting-2 feedback page")
    export.add_argument("--register", action="store_true",
                        help="add the register of recovery items handed out")
    export.add_argument("--footer", default="", metavar="TEXT",
                        help="the footer's small line (default: the method's credit)")
    export.add_argument("--allow-identifiers", action="store_true",
                        help="write the file even if it holds what looks like patient details")
    export.set_defaults(func=cmd_export)

    check = sub.add_parser(
        "privacy-check", parents=[common],
        help="list what looks like patient details in what the session's exports would write "
             "(exit 1 if anything is found)")
    check.add_argument("--session", default="latest", metavar="latest|ID|DEPARTMENT")
    check.add_argument("--version", default="now", metavar="now|final|NUMBER",
                       help="the guide as it is now (default), the newest final, or a version")
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
        help="write the one-page Level One quick card for staff as .docx",
    )
    card.add_argument("--session", default="latest", metavar="latest|ID|DEPARTMENT")
    card.add_argument("--out", required=True, type=Path, metavar="FILE.docx")
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

    listing = sub.add_parser(
        "sessions", parents=[common],
        help="list the sessions (not archived, not in the bin): id, date, phase, notes, department",
    )
    listing.set_defaults(func=cmd_sessions)

    playbook_check = sub.add_parser("check-playbook", parents=[common],
                                    help="check a playbook file")
    playbook_check.add_argument("file", nargs="?", type=Path,
                                help="default: the playbook in use")
    playbook_check.set_defaults(func=cmd_check_playbook)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CommandError, PlaybookError, SessionFileError, StorageError) as exc:
        message = " ".join(str(exc).split())
        print(f"{APP_NAME}: error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130

