"""The invitations, written from the session's details: the set-the-stage message before
meeting 1 (phase 0, task 4), and the invitation to meeting 2 once its date is set.

The playbook holds the wording with {placeholders}; this module fills them with the session's
text exactly as typed. Filling is done here rather than with str.format so that a value is
never read as a template (a department named "Ward {7}" stays "Ward {7}") and a template the
department got slightly wrong still produces a letter instead of an error.
"""

from __future__ import annotations

import string
from datetime import date

from svcrec_desktop.domain.agenda import meeting_day
from svcrec_desktop.domain.model import Plan, Session, the_department
from svcrec_desktop.domain.playbook import Invitation, Playbook

# Signs the letter when the session names no facilitator.
NEUTRAL_SIGNATURE = "Your meeting facilitator"

# Written out here rather than with strftime: Qt sets the process locale from the system,
# and the invitation's wording is English whatever the computer's language is.
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


def date_in_words(day: date) -> str:
    """``date(2026, 4, 14)`` -> ``Tuesday 14 April 2026``."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _fill(template: str, values: dict[str, str]) -> str:
    """Put each value in place of its {name}; {{ and }} are single braces, unknown names stay."""
    parts: list[str] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(values.get(name, f"{{{name}}}"))
    return "".join(parts)


def _fills_to_nothing(line: str, values: dict[str, str]) -> bool:
    """True for a template line made only of placeholders that are all empty (e.g. {preread})."""
    names = []
    for literal, name, _spec, _conversion in string.Formatter().parse(line):
        if literal.strip():
            return False
        if name is not None:
            names.append(name)
    return bool(names) and all(values.get(name) == "" for name in names)


def _drop_empty_lines(template: str, values: dict[str, str]) -> str:
    """Remove lines that would come out empty, with the blank line that set them apart."""
    kept: list[str] = []
    skip_blank = False
    for line in template.split("\n"):
        if _fills_to_nothing(line, values):
            skip_blank = not kept or not kept[-1].strip()
            continue
        if skip_blank and not line.strip():
            skip_blank = False
            continue
        skip_blank = False
        kept.append(line)
    return "\n".join(kept).strip("\n")


def preread_description(session: Session) -> str:
    """``Title (where to find it)``, either part alone, or "" when no pre-read is set."""
    title, where = session.preread_title, session.preread_where
    if title.strip() and where.strip():
        return f"{title} ({where})"
    if title.strip():
        return title
    return where if where.strip() else ""


def generated_invitation(session: Session, playbook: Playbook) -> str:
    """The subject line, a blank line and the body, from the playbook and the session.

    Participants are not named: the message goes to them, and a list of colleagues' names
    does not belong in a text that is forwarded and printed.
    """
    wording = playbook.invitation
    if wording is None:
        return ""
    values = _values(session, session.meeting_date)
    plan = wording.improve if session.plan is Plan.IMPROVE else wording.implement
    described = preread_description(session)
    values["plan"] = _fill(plan, values)
    values["preread"] = (
        _fill(wording.preread, {**values, "preread": described}) if described else ""
    )
    return _letter(wording, values)


def meeting2_invitation(session: Session, playbook: Playbook) -> str:
    """The invitation to meeting 2, subject and body as for meeting 1; "" until meeting 2 has
    a date (there is nothing to invite people to yet) or if the playbook has no wording."""
    wording, day = playbook.meeting2_invitation, meeting_day(session, 2)
    if wording is None or day is None:
        return ""
    return _letter(wording, _values(session, day))


def _values(session: Session, day: date) -> dict[str, str]:
    """What every invitation may say: the department, the meeting's day and who signs."""
    return {
        "department": session.department,
        "the_department": the_department(session.department),
        "date": date_in_words(day),
        "facilitator": session.facilitator if session.facilitator.strip() else NEUTRAL_SIGNATURE,
    }


def _letter(wording: Invitation, values: dict[str, str]) -> str:
    """The subject line, a blank line and the body, filled in."""
    subject = _fill(_drop_empty_lines(wording.subject, values), values)
    body = _fill(_drop_empty_lines(wording.body, values), values)
    return f"{subject}\n\n{body}"


def invitation_text(session: Session, playbook: Playbook) -> str:
    """What the facilitator sends: their own edited text if they wrote one, else the generated."""
    if session.invitation.strip():
        return session.invitation
    return generated_invitation(session, playbook)
