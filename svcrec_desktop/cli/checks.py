"""The commands that check the files IT and departments write by hand: a playbook (and
whether a department's copy lacks newer wording) and the organisation's settings.
"""

from __future__ import annotations

import argparse
import sys

from svcrec_desktop import APP_NAME, paths
from svcrec_desktop.cli.common import data_dir_of, organisation_of
from svcrec_desktop.domain.organisation import read_organisation
from svcrec_desktop.domain.playbook import active_playbook_file, load_playbook
from svcrec_desktop.domain.playbook_wording import wording_report
from svcrec_desktop.domain.shown_text import one_line


def cmd_check_playbook(args: argparse.Namespace) -> int:
    """Read a playbook as the application would (exit 1 if it cannot be used) and say where a
    department's copy lacks wording the built-in playbook has gained since (still exit 0)."""
    path = args.file or active_playbook_file(data_dir_of(args), organisation_of(args).playbook)
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
        print(f"{APP_NAME}: error: {one_line(warning)}", file=sys.stderr)
    if settings.warnings:
        return 1
    print(f"{path}: {one_line(settings.summary())}.")
    return 0
