"""What the built-in playbook says that a department's own copy does not say yet.

A department copy made with an older release keeps working: its step ids are unchanged and
parts it lacks entirely (the invitations, the preparation) come from the built-in playbook.
But when the application rewrites a step (a new opening, a better question), the copy still
reads the old words. `svcrec-desktop check-playbook` lists such differences as notices, by
one rule read from the two files: an entry, or a field of an entry, that the built-in
playbook has and the copy does not; and a step whose `revision` number is higher in the
built-in playbook than in the copy (a step without one is revision 1).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from svcrec_desktop import paths
from svcrec_desktop.domain.playbook import load_playbook

# The lists of entries, matched between the two files by id: where they are in the file, how
# a notice names one of them and all of them, and whether a copy without any gets the
# built-in ones (see load_playbook).
_LISTS = (
    ("meeting1", "steps", "step", " of meeting 1", "steps for meeting 1", False),
    ("meeting2", "steps", "step", " of meeting 2", "steps for meeting 2", False),
    ("preparation", "tasks", "preparation task", "", "preparation tasks", True),
    ("guide", "sections", "guide section", "", "guide sections", False),
)
# Single tables; a copy without one gets the built-in one.
_TABLES = (
    (("invitation",), "invitation to meeting 1"),
    (("meeting2", "invitation"), "invitation to meeting 2"),
)
BUILT_IN_USED = "; the built-in wording is used for it until you add your own"


def newer_wording(path: Path) -> list[str]:
    """One sentence for each thing the built-in playbook has that the playbook at path lacks;
    [] for the built-in playbook itself. PlaybookError if the file has a mistake."""
    builtin_path = paths.builtin_playbook_file()
    load_playbook(path)  # a mistake in the copy is what to fix first
    if path.resolve() == builtin_path.resolve():
        return []
    copy, builtin = _read(path), _read(builtin_path)
    notices: list[str] = []
    for group, name, one, of, every, filled_in in _LISTS:
        ours, theirs = _listed(builtin, group, name), _listed(copy, group, name)
        if ours and not theirs:
            notices.append(f"This copy has no {every} ([[{group}.{name}]])"
                           + ("; the built-in ones are used." if filled_in else "."))
            continue
        for entry_id, table in ours.items():
            what = f"{one} “{table.get('title', entry_id)}” ({entry_id}){of}"
            own = theirs.get(entry_id)
            if own is None:
                notices.append(f"This copy has no {what}.")
            else:
                notices += _differences(what, table, own)
    for keys, what in _TABLES:
        ours_table, theirs_table = _table(builtin, keys), _table(copy, keys)
        header = ".".join(keys)
        if ours_table is None:
            continue
        if theirs_table is None:
            notices.append(f"This copy has no {what} ([{header}]){BUILT_IN_USED}.")
        else:
            notices += _differences(f"{what} ([{header}])", ours_table, theirs_table)
    return notices


def wording_report(path: Path) -> str:
    """newer_wording's notices as check-playbook prints them, with what to do about them;
    "" when the copy has everything."""
    notices = newer_wording(path)
    if not notices:
        return ""
    return "\n".join([
        "Notice: the built-in playbook has wording this copy does not have yet. The copy "
        "still works as it is.",
        *(f"  - {notice}" for notice in notices),
        f"Compare these parts with the built-in playbook ({paths.builtin_playbook_file()}) "
        "and copy over what you want. A step's 'revision' number goes up each time the "
        "built-in wording of that step is rewritten: once you have looked at the new "
        "wording, write the same number in your copy's step and its notice goes away.",
    ])


def _differences(what: str, ours: dict, theirs: dict) -> list[str]:
    """The fields the copy's entry lacks, and newer wording by its revision number."""
    said = f"The {what}"
    notices = [f"{said} has no '{key}'." for key in ours if key not in theirs
               and key != "revision"]
    newer, own = ours.get("revision", 1), theirs.get("revision", 1)  # checked on steps
    if "revision" in ours and newer > own:
        notices.append(f"{said} has newer wording in the built-in playbook (revision {newer}; "
                       f"this copy has {own}).")
    return notices


def _read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _listed(data: dict, group: str, name: str) -> dict[str, dict]:
    """The entries of one list by id, in the file's order."""
    entries = data.get(group)
    listed = entries.get(name) if isinstance(entries, dict) else None
    return {entry["id"]: entry for entry in listed or ()
            if isinstance(entry, dict) and isinstance(entry.get("id"), str)}


def _table(data: dict, keys: tuple[str, ...]) -> dict | None:
    found: object = data
    for key in keys:
        found = found.get(key) if isinstance(found, dict) else None
    return found if isinstance(found, dict) else None
