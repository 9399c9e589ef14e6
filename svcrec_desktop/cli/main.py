"""The command line's parser and its entry point: the window by default, each headless
command's module imported only when that command runs, so the window's start loads none of
them (nor the export and file modules they use)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from svcrec_desktop import APP_NAME, __version__, paths
from svcrec_desktop.cli.common import (
    CommandError,
    NoUsableDatabase,
    data_dir_of,
    organisation_of,
    warn_about_data_folder,
)
from svcrec_desktop.domain.model import FINDING_SOURCES
from svcrec_desktop.domain.page_format import PAPERS
from svcrec_desktop.domain.playbook import PlaybookError
from svcrec_desktop.domain.shown_text import one_line
from svcrec_desktop.store.database import StorageError

Command = Callable[[argparse.Namespace], int]


def _later(module: str, name: str) -> Command:
    """The command name of svcrec_desktop.cli.<module>, imported when it runs."""

    def run(args: argparse.Namespace) -> int:
        command: Command = getattr(import_module(f"svcrec_desktop.cli.{module}"), name)
        return command(args)

    return run


def cmd_gui(args: argparse.Namespace) -> int:
    if sys.platform.startswith("linux") and not any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    ):
        raise CommandError(
            "No screen was found (DISPLAY is not set). Start the window from a desktop "
            "session, or use a headless command such as 'export'."
        )
    from svcrec_desktop.ui.app import run_app

    return run_app(data_dir_of(args), organisation_of(args))


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
             f"else {paths.ORGANISATION_NAME} beside the installed program, else in the "
             "system-wide "
             "configuration folder)",
    )
    # What the commands that write a session's files share.
    session = argparse.ArgumentParser(add_help=False)
    session.add_argument("--session", default="latest", metavar="latest|ID|DEPARTMENT")
    on_paper = argparse.ArgumentParser(add_help=False)
    on_paper.add_argument("--paper", choices=PAPERS, help=PAPER_HELP)
    checked = argparse.ArgumentParser(add_help=False)
    checked.add_argument("--allow-identifiers", action="store_true",
                         help="write the file even if it holds what looks like patient details")
    parser = argparse.ArgumentParser(
        prog=APP_NAME, parents=[common],
        description="Run a service-recovery co-design session and export the department guide.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    export = sub.add_parser("export", parents=[common, session, on_paper, checked],
                            help="write a session's guide as .docx")
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
    export.set_defaults(func=_later("documents", "cmd_export"))

    record = sub.add_parser(
        "record", parents=[common, session, on_paper, checked],
        help="write the facilitator's record as .docx: every note by step, the parking lot, "
             "time per step, meeting 2's feedback and how it went (not for circulation)")
    record.add_argument("--out", required=True, type=Path, metavar="FILE.docx")
    record.set_defaults(func=_later("documents", "cmd_record"))

    check = sub.add_parser(
        "privacy-check", parents=[common, session],
        help="list what looks like patient details in what the session's exports would write "
             "(exit 1 if anything is found)")
    check.add_argument("--version", metavar="now|final|draft|'final 1'", help=VERSION_HELP)
    check.set_defaults(func=_later("documents", "cmd_privacy_check"))

    carry = sub.add_parser(
        "export-session", parents=[common, session],
        help="write a session and its notes to a session file, to import on another laptop",
    )
    carry.add_argument("--out", required=True, type=Path,
                       metavar=f"FILE{paths.SESSION_FILE_SUFFIX}")
    carry.set_defaults(func=_later("documents", "cmd_export_session"))

    card = sub.add_parser(
        "quick-card", parents=[common, session, on_paper, checked],
        help="write the one-page card staff pin up, \"When something goes wrong for a patient: "
             "what we do on the spot\", as .docx: from the newest final guide, else from the "
             "guide as it is now, marked as a draft",
    )
    card.add_argument("--out", required=True, type=Path, metavar="FILE.docx")
    card.set_defaults(func=_later("documents", "cmd_quick_card"))

    register = sub.add_parser(
        "register-csv", parents=[common, session, checked],
        help="write the register of recovery items handed out as CSV, for finance",
    )
    register.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    register.set_defaults(func=_later("documents", "cmd_register_csv"))

    bring = sub.add_parser(
        "import-session", parents=[common],
        help="add a session file's session here, or merge it into the same session",
    )
    bring.add_argument("file", type=Path, metavar=f"FILE{paths.SESSION_FILE_SUFFIX}")
    bring.set_defaults(func=_later("sessions", "cmd_import_session"))

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
    findings.set_defaults(func=_later("findings", "cmd_import_findings"))

    listing = sub.add_parser(
        "sessions", parents=[common],
        help="list the sessions (not archived, not in the bin): id, date, phase, notes, department",
    )
    listing.set_defaults(func=_later("sessions", "cmd_sessions"))

    mend = sub.add_parser(
        "restore-backup", parents=[common],
        help="if the database is missing or damaged, keep it aside and put the newest good "
             "backup in its place (as the window does when it opens)")
    mend.set_defaults(func=_later("sessions", "cmd_restore_backup"))

    playbook_check = sub.add_parser("check-playbook", parents=[common],
                                    help="check a playbook file")
    playbook_check.add_argument("file", nargs="?", type=Path,
                                help="default: the playbook in use")
    playbook_check.set_defaults(func=_later("checks", "cmd_check_playbook"))

    organisation_check = sub.add_parser("check-organisation", parents=[common],
                                        help="check an organisation settings file")
    organisation_check.add_argument("file", nargs="?", type=Path,
                                    help="default: the organisation file in use")
    organisation_check.set_defaults(func=_later("checks", "cmd_check_organisation"))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command: exit 0 when it did its work, 1 when it failed, 2 when the data folder's
    database is missing or damaged."""
    args = build_parser().parse_args(argv)
    try:
        if args.func is not cmd_gui:  # the window explains it in its own words
            warn_about_data_folder(data_dir_of(args))
        return args.func(args)
    except (CommandError, PlaybookError, StorageError) as exc:
        print(f"{APP_NAME}: error: {one_line(str(exc))}", file=sys.stderr)
        return 2 if isinstance(exc, NoUsableDatabase) else 1
    except KeyboardInterrupt:
        return 130
