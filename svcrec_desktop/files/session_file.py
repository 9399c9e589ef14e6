"""Session files: carry one session to another laptop, e.g. on a USB stick, and merge it there.

A session file is one JSON document holding a session and everything that belongs to it,
linked by uids and never by database ids, which differ from laptop to laptop. Importing a
session that is already here merges the two copies, so two note-takers' notes come together
without duplicates and importing the same file twice changes nothing. docs/session-format.md
describes the format and the merge rules for people; keep it in step with this module.

A file is checked whole before anything is written: every value against the format, with the
limits below, so that whatever imports can be exported again (guide, quick card, register,
session file) at every version, and whatever cannot be used is refused in one sentence.
"""

from __future__ import annotations

import json
import math
import re
import stat
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from svcrec_desktop import DISPLAY_NAME, __version__
from svcrec_desktop.domain.agenda import MAX_MINUTES, checked_minutes
from svcrec_desktop.domain.guide_model import SECTION_IDS, FeedbackKind, VersionStatus
from svcrec_desktop.domain.model import Phase, Plan, counted
from svcrec_desktop.domain.shown_text import one_line, visible_text
from svcrec_desktop.files.safe_write import describe_write_error, write_atomically
from svcrec_desktop.store.database import Store
from svcrec_desktop.store.guide import fields_json
from svcrec_desktop.store.records import MAX_CENTS
from svcrec_desktop.store.values import (
    SESSION_OPTIONAL_DATES,
    SESSION_TEXT_FIELDS,
    db_text,
    json_text,
    now,
    optional_date,
    py_text,
    text_from_json,
)

FORMAT = "svcrec-session"
# Bumped only by a change an older reader would get wrong; a new optional key keeps it.
VERSION = 1
# Far above any real session (a year of 1 MB notes is not one), low enough to refuse a
# wrong file before reading it into memory.
MAX_BYTES = 200 * 1024 * 1024

# The format nests five deep (a text's code points in a record in a list); unknown keys may
# add some, never thousands, which would exhaust Python's stack wherever they are read.
MAX_DEPTH = 20
# 2**64 has 20 digits: a longer number is no value of a session, and Python refuses to read
# one of more than 4,300 digits anyway. Twice that with a decimal point or an exponent.
MAX_DIGITS = 20
# Counts, places in a list and version numbers: far above any real one, and far enough inside
# SQLite's 64-bit integers that adding one, or summing every row, cannot overflow.
MAX_COUNT = 10**9
MAX_SECONDS = 366 * 24 * 3600  # on one step: the clock runs only while a meeting is shown
# Dates and times the database, Python on every system and the Word export all hold.
FIRST_YEAR, LAST_YEAR = 1970, 2200

Record = dict[str, Any]


class SessionFileError(Exception):
    """A session file cannot be written or imported; the message says why in plain words."""


class _Invalid(Exception):
    """Something in the file is not what the format allows; the message says what and where."""


# Reading JSON -------------------------------------------------------------------------------


def _whole_number(digits: str) -> int:
    """json's reading of a whole number, refusing lengths no value of a session has."""
    return int(_short(digits, MAX_DIGITS))


def _decimal_number(text: str) -> float:
    """json's reading of a number with a point or an exponent: shortest form, 17 digits."""
    return float(_short(text, 2 * MAX_DIGITS))


def _short(number: str, longest: int) -> str:
    if len(number.lstrip("-")) > longest:
        raise _Invalid(f"holds a number {len(number.lstrip('-')):,} characters long, longer "
                       "than any number in a session")
    return number


def _within_depth(data: object) -> None:
    """_Invalid if data nests deeper than MAX_DEPTH; looked at level by level, not recursively."""
    level = [data] if isinstance(data, dict | list) else []
    for _depth in range(MAX_DEPTH):
        level = [child for node in level for child in (
            node.values() if isinstance(node, dict) else node) if isinstance(child, dict | list)]
        if not level:
            return
    raise _Invalid(f"holds values nested more than {MAX_DEPTH} deep")


def _parsed(text: str) -> object:
    """JSON within the format's bounds; json.JSONDecodeError if it is not JSON at all."""
    try:
        data = json.loads(text, parse_int=_whole_number, parse_float=_decimal_number)
    except RecursionError:  # json's own guard, long before MAX_DEPTH would be reached
        raise _Invalid(f"holds values nested more than {MAX_DEPTH} deep") from None
    _within_depth(data)
    return data


def _inner_json(value: object) -> object:
    """A value the database keeps as JSON text, as guide items' fields and versions' content."""
    if not isinstance(value, str):
        raise _Invalid("is not text")
    try:
        return _parsed(value)
    except json.JSONDecodeError:
        raise _Invalid("is not readable JSON") from None


# Checking values ----------------------------------------------------------------------------


def _text(value: object) -> str:
    try:
        return text_from_json(value)
    except ValueError:
        raise _Invalid("is not text") from None


def _plain_text(value: object) -> str:
    """Text inside a frozen version: a plain string (the version is stored as ASCII JSON)."""
    if not isinstance(value, str):
        raise _Invalid("is not text")
    return value


def _name(value: object) -> str:
    """Step and task ids and other names the database keeps as plain UTF-8 text."""
    if not isinstance(value, str):
        raise _Invalid("is not text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Invalid("holds characters that are not valid text") from None
    return value


_UID = re.compile(r"[0-9A-Za-z_-]{1,64}")


def _uid(value: object) -> str:
    if isinstance(value, str) and _UID.fullmatch(value):
        return value
    raise _Invalid("is not a valid identifier")


def _uid_or_empty(value: object) -> str:
    """A link to another record by its uid; empty when it points nowhere."""
    return "" if value == "" else _uid(value)


def _date(value: object) -> str:
    if isinstance(value, str):
        with suppress(ValueError):
            day = date.fromisoformat(value)
            if FIRST_YEAR <= day.year <= LAST_YEAR:
                return day.isoformat()
    raise _Invalid(f"is not a date from {FIRST_YEAR} to {LAST_YEAR}")


def _moment(value: object) -> datetime:
    """A time with its UTC offset; one written without takes this laptop's."""
    if isinstance(value, str):
        with suppress(ValueError):
            moment = datetime.fromisoformat(value)
            if FIRST_YEAR <= moment.year <= LAST_YEAR:
                return moment if moment.tzinfo else moment.astimezone()
    raise _Invalid(f"is not a date and time from {FIRST_YEAR} to {LAST_YEAR}")


def _time(value: object) -> str:
    return _moment(value).isoformat()


def _whole(highest: int, lowest: int = 0) -> Callable[[object], int]:
    def check(value: object) -> int:
        if type(value) is int and lowest <= value <= highest:  # bool is not a number here
            return value
        raise _Invalid(f"is not a whole number from {lowest} to {highest:,}")

    return check


def _minutes(zero_allowed: bool) -> Callable[[object], int]:
    """Minutes as the agenda takes them (0 for a meeting: the playbook's own length)."""
    def check(value: object) -> int:
        try:
            return checked_minutes(value, "", zero_allowed=zero_allowed)
        except ValueError:
            raise _Invalid(f"is not a whole number of minutes from {int(not zero_allowed)} "
                           f"to {MAX_MINUTES}") from None

    return check


def _seconds(value: object) -> float:
    if type(value) in (int, float):
        seconds = float(value)  # type: ignore[arg-type]  # at most MAX_DIGITS digits
        if math.isfinite(seconds) and 0 <= seconds <= MAX_SECONDS:
            return seconds
    raise _Invalid(f"is not a number of seconds from 0 to {MAX_SECONDS:,}")


def _choice(values: type[Phase] | type[Plan] | type[FeedbackKind] | type[VersionStatus]
            ) -> Callable[[object], str]:
    allowed = [member.value for member in values]

    def check(value: object) -> str:
        if value in allowed:
            return str(value)
        raise _Invalid(f"is not one of {', '.join(allowed)}")

    return check


def _section(value: object) -> str:
    name = _name(value)
    if name and name not in SECTION_IDS:
        raise _Invalid(f"names “{one_line(name)}”, which is not a section of the guide")
    return name


@dataclass(frozen=True)
class _Field:
    """How one key of the file is checked, and what it is when the database holds NULL."""

    check: Callable[[object], object]
    optional: bool = False  # may be null or left out
    empty: object = None  # written for a NULL in a column that has a default
    stamp: bool = False  # a time: one from the future is clamped to the moment of import


TEXT = _Field(_text, empty="")  # typed by a person: kept exactly, lone surrogates included
# Keys added to version 1 later (schemas 3 and 4): files written before them still import.
LATER_TEXT = _Field(_text, optional=True, empty="")
LATER_FLAG = _Field(_whole(1), optional=True, empty=0)
LATER_NAME = _Field(_name, optional=True, empty="")
NAME = _Field(_name, empty="")
UID = _Field(_uid)
DATE = _Field(_date)
OPTIONAL_DATE = _Field(_date, optional=True)
TIME = _Field(_time, stamp=True)
OPTIONAL_TIME = _Field(_time, optional=True, stamp=True)
COUNT = _Field(_whole(MAX_COUNT), empty=0)
FLAG = _Field(_whole(1), empty=0)
SECONDS = _Field(_seconds, empty=0.0)

# Every key of every record in version 1. The keys are the database's column names.
HEADER = {"exported_at": TIME, "app_version": NAME}
SESSION = {
    "uid": UID, "department": TEXT, "facilitator": TEXT, "note_taker": TEXT,
    "meeting_date": DATE, "current_step": NAME, "phase": _Field(_choice(Phase)),
    "plan": _Field(_choice(Plan)), "participants": TEXT, "preread_title": TEXT,
    "preread_where": TEXT, "invitation": TEXT, "created_at": TIME, "updated_at": TIME,
    "archived_at": OPTIONAL_TIME, "meeting2_date": OPTIONAL_DATE, "reflection": LATER_TEXT,
    "help_contact": LATER_TEXT,
    "meeting_minutes": _Field(_minutes(zero_allowed=True), optional=True, empty=0),
    "meeting2_minutes": _Field(_minutes(zero_allowed=True), optional=True, empty=0),
    "owner": LATER_TEXT, "approved_by": LATER_TEXT, "approved_on": OPTIONAL_DATE,
    "review_on": OPTIONAL_DATE,
}
# Not session details: identity, the stamps (merged on their own) and the archive, which is
# this laptop's filing and is not stamped, so the files cannot tell which archiving is newer.
KEPT_ON_MERGE = ("uid", "created_at", "updated_at", "archived_at")
NOTE = {
    "uid": UID, "step_id": NAME, "text": TEXT, "created_at": TIME, "updated_at": TIME,
    "deleted_at": OPTIONAL_TIME, "confidential": LATER_FLAG, "tags": LATER_NAME,
    "parked": LATER_FLAG,
}
DRAFT = {"text": TEXT, "saved_at": OPTIONAL_TIME}
STEP_TIME = {"step_id": NAME, "seconds": SECONDS}
TASK = {"task_id": NAME, "done_at": OPTIONAL_TIME, "due_date": OPTIONAL_DATE}
FINDING = {
    "uid": UID, "theme": TEXT, "count": COUNT, "source": NAME, "period_start": OPTIONAL_DATE,
    "period_end": OPTIONAL_DATE, "example": TEXT, "position": COUNT, "created_at": TIME,
    "updated_at": TIME,
}

STAMPS = {"created_at": TIME, "updated_at": TIME, "deleted_at": OPTIONAL_TIME}


def _named_texts(value: object, text: Callable[[object], str]) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _Invalid("is not a set of named texts")
    try:
        return {_name(name): text(said) for name, said in value.items()}
    except _Invalid:
        raise _Invalid("is not a set of named texts") from None


def _guide_fields(value: object) -> str:
    """An item's fields as the database keeps them: JSON of names to exact texts, written
    the one way the store writes it, ASCII, so the database can hold any text in it."""
    return fields_json(_named_texts(_inner_json(value), _text))


# A frozen version's content, as guide_model.content_to_data writes it: plain texts, and
# times that are not clamped, because a version never changes.
VERSION_ITEM = {
    "uid": UID, "section": _Field(_section), "position": COUNT,
    "fields": _Field(lambda value: _named_texts(value, _plain_text)),
    "from_note": _Field(_name, optional=True, empty=""),
}
VERSION_FEEDBACK = {
    "uid": UID, "kind": _Field(_choice(FeedbackKind)), "section": _Field(_section),
    "text": _Field(_plain_text), "response": _Field(_plain_text, optional=True, empty=""),
    "created_at": _Field(_time), "from_note": _Field(_name, optional=True, empty=""),
}


def _checked_keeping_unknown(value: object, fields: dict[str, _Field], where: str) -> Record:
    checked = _check_record(value, fields, where)
    return {**value, **checked}  # type: ignore[dict-item]  # a dict, once checked


def _version_content(value: object) -> str:
    """A frozen version's content, checked whole and written again as ASCII JSON, keys this
    release does not know included."""
    data = _inner_json(value)
    try:
        if not isinstance(data, dict):
            raise _Invalid("is not a group of fields")
        content = {**data, **{
            name: [_checked_keeping_unknown(record, fields, f"{what} {number}")
                   for number, record in enumerate(_listed(data.get(name, []), name), 1)]
            for name, fields, what in (("items", VERSION_ITEM, "item"),
                                       ("feedback", VERSION_FEEDBACK, "feedback item"))}}
    except _Invalid as exc:
        raise _Invalid(f"is not a guide version this application can read ({exc})") from None
    return json.dumps(content, ensure_ascii=True)


GUIDE_ITEM = {
    "uid": UID, "section": _Field(_section), "position": COUNT,
    "fields": _Field(_guide_fields), "from_note": NAME, **STAMPS,
}
FEEDBACK = {
    "uid": UID, "kind": _Field(_choice(FeedbackKind)), "section": _Field(_section, empty=""),
    "text": TEXT, "response": TEXT, **STAMPS, "from_note": LATER_NAME,
}
RECOVERY_ITEM = {
    "uid": UID, "given_on": DATE, "item": TEXT, "value_cents": _Field(_whole(MAX_CENTS), empty=0),
    "reason": TEXT, "giver": TEXT, "receipt": FLAG, **STAMPS,
}
VERSION_FIELDS = {
    "uid": UID, "number": COUNT, "status": _Field(_choice(VersionStatus)),
    "content": _Field(_version_content), "created_at": TIME,
}
ACTION = {
    "uid": UID, "note_uid": _Field(_uid_or_empty, empty=""), "what": TEXT, "owner": TEXT,
    "due": OPTIONAL_DATE, "done": FLAG, **STAMPS,
}
AGENDA = {"step_id": NAME, "minutes": _Field(_minutes(zero_allowed=False))}


@dataclass(frozen=True)
class _Part:
    """One list of the file: the table it comes from and what identifies one of its items."""

    table: str
    fields: dict[str, _Field]
    key: str
    order: str
    item: str  # what a message calls one item
    later: bool = False  # added to version 1 with schema 3 or 4: may be absent from a file


PARTS = {
    "notes": _Part("notes", NOTE, "uid", "created_at, id", "note"),
    "step_times": _Part("step_times", STEP_TIME, "step_id", "step_id", "step time"),
    "tasks": _Part("prep_tasks", TASK, "task_id", "task_id", "preparation task"),
    "findings": _Part("findings", FINDING, "uid", "position, id", "finding"),
    "guide_items": _Part("guide_items", GUIDE_ITEM, "uid", "section, position, id",
                         "guide item", later=True),
    "feedback": _Part("feedback", FEEDBACK, "uid", "created_at, id", "feedback item",
                      later=True),
    "guide_versions": _Part("guide_versions", VERSION_FIELDS, "uid", "number, id",
                            "guide version", later=True),
    "recovery_items": _Part("recovery_items", RECOVERY_ITEM, "uid", "given_on, id",
                            "recovery item", later=True),
    "actions": _Part("actions", ACTION, "uid", "created_at, id", "action item", later=True),
    "agenda": _Part("agenda", AGENDA, "step_id", "step_id", "agenda step", later=True),
}


def _check_record(value: object, fields: dict[str, _Field], where: str) -> Record:
    """The record's known keys, checked and normalised; unknown keys are for newer versions."""
    if not isinstance(value, dict):
        raise _Invalid(f"{where} is missing or is not a group of fields")
    record: Record = {}
    for key, field in fields.items():
        item = value.get(key)
        if item is None:
            if not field.optional:
                raise _Invalid(f"{where} has no “{key}”")
            record[key] = field.empty
            continue
        try:
            record[key] = field.check(item)
        except _Invalid as exc:
            raise _Invalid(f"“{key}” of {where} {exc}") from None
    return record


def _listed(value: object, name: str) -> list:
    if not isinstance(value, list):
        raise _Invalid(f"“{name}” is missing or is not a list")
    return value


def _check_list(value: object, name: str, part: _Part) -> list[Record]:
    records: list[Record] = []
    seen: set[object] = set()
    for number, item in enumerate(_listed(value, name), start=1):
        record = _check_record(item, part.fields, f"{part.item} {number}")
        if record[part.key] in seen:
            raise _Invalid(f"{part.item} {number} has the same “{part.key}” as an earlier one")
        seen.add(record[part.key])
        records.append(record)
    return records


def _believable(record: Record, fields: dict[str, _Field], moment: datetime) -> Record:
    """The record with every stamp later than moment moved back to it: a file from a laptop
    whose clock ran ahead would otherwise count as the latest change for ever.

    A deletion stamped before the record's own last edit (only a file changed by hand or a
    clock that ran ahead can say so) is taken as made at that edit: the record stays
    deleted, as the laptop that wrote the file shows it, and merging it again changes
    nothing. By the merge rules alone it would be deleted here once and brought back by the
    next merge.
    """
    believed = {key: moment.isoformat() if fields[key].stamp and value
                and _instant(value) > moment else value for key, value in record.items()}
    deleted, edited = believed.get("deleted_at"), believed.get("updated_at")
    if deleted and edited and _later(edited, deleted):
        believed["deleted_at"] = edited
    return believed


# Reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionFile:
    """A checked session file: every value valid for the database, nothing written yet."""

    source: Path
    session: Record
    draft: Record | None
    parts: dict[str, list[Record]]  # by the keys of PARTS

    @classmethod
    def from_json(cls, source: Path, data: dict, moment: datetime | None = None
                  ) -> SessionFile:
        """Check a parsed document of the current version; _Invalid says what is wrong.

        A stamp later than moment (by default the present) is moved back to it.
        """
        moment = moment or now()
        _check_record(data, HEADER, "the file")
        session = _check_record(data.get("session"), SESSION, "the session")
        if not session["department"].strip():
            raise _Invalid("the session has no department name")
        draft = data.get("draft")
        return cls(
            source,
            _believable(session, SESSION, moment),
            None if draft is None else _believable(_check_record(draft, DRAFT, "the draft"),
                                                DRAFT, moment),
            {name: [_believable(record, part.fields, moment) for record in
                    _check_list(data.get(name, [] if part.later else None), name, part)]
             for name, part in PARTS.items()},
        )


def _cannot_import(source: Path) -> str:
    """How every refusal starts; the file's name may hold anything, so it is shown safely."""
    return f"Cannot import {visible_text(str(source), keep='')}:"


def _read_bytes(source: Path) -> bytes:
    problem = _cannot_import(source)
    try:
        info = source.stat()
        if stat.S_ISDIR(info.st_mode):
            raise SessionFileError(f"{problem} it is a folder, not a session file.")
        if not stat.S_ISREG(info.st_mode):
            raise SessionFileError(f"{problem} it is not a file.")
        if info.st_size > MAX_BYTES:
            raise SessionFileError(
                f"{problem} the file is {info.st_size // 2**20} MB, larger than any session "
                f"file (at most {MAX_BYTES // 2**20} MB). Check that you chose the right file."
            )
        raw = source.read_bytes()
    except FileNotFoundError:
        raise SessionFileError(f"{problem} there is no such file.") from None
    except PermissionError:
        raise SessionFileError(f"{problem} you do not have permission to read it.") from None
    except OSError as exc:
        raise SessionFileError(f"{problem} {exc.strerror or exc}.") from exc
    if not raw.strip():
        raise SessionFileError(f"{problem} the file is empty.")
    return raw


def read_session_file(source: Path) -> SessionFile:
    """Read and check a session file completely; SessionFileError says why it cannot be used."""
    source = Path(source)
    problem = _cannot_import(source)
    raw = _read_bytes(source)
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from a text editor is harmless
    except UnicodeDecodeError:
        raise SessionFileError(
            f"{problem} it is not a session file (it is not UTF-8 text)."
        ) from None
    try:
        data = _parsed(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            reason = "the file ends too early; it was cut off, perhaps while being copied"
        else:
            reason = f"the file is damaged (at line {exc.lineno}, column {exc.colno})"
        raise SessionFileError(f"{problem} {reason}. Copy it again from the other laptop.") \
            from None
    except _Invalid as exc:
        raise SessionFileError(f"{problem} the file is damaged or was changed by hand: it {exc}.") \
            from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionFileError(f"{problem} it is not a {DISPLAY_NAME} session file.")
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise SessionFileError(f"{problem} the file is damaged (its format version is not valid).")
    if version > VERSION:
        raise SessionFileError(
            f"{problem} it was made by a newer {DISPLAY_NAME} (session file version {version}; "
            f"this one reads version {VERSION}). Update {DISPLAY_NAME} here, then import it."
        )
    try:
        return SessionFile.from_json(source, data)
    except _Invalid as exc:
        raise SessionFileError(
            f"{problem} the file is damaged or was changed by hand: {exc}."
        ) from None


# Writing --------------------------------------------------------------------------------------


def _exported(field: _Field, value: object) -> object:
    if field in (TEXT, LATER_TEXT):
        return json_text(py_text(value))  # type: ignore[arg-type]
    return field.empty if value is None else value


def _record(fields: dict[str, _Field], row: dict) -> Record:
    """A database row as the file holds it."""
    return {key: _exported(field, row[key]) for key, field in fields.items()}


def _records(store: Store, part: _Part, session_id: int) -> list[Record]:
    rows = store.merging.rows(part.table, session_id, part.order)
    return [_record(part.fields, row) for row in rows]


def session_document(store: Store, session_id: int) -> Record:
    """The session and everything in it, as one JSON-ready document of the current version."""
    store.sessions.get(session_id)  # SessionNotFound before anything else
    with store.transaction():  # one snapshot, even if the window writes meanwhile
        session = store.merging.session_row(session_id)
        draft = next(iter(store.merging.rows("drafts", session_id, "session_id")), None)
        document: Record = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": now().isoformat(),
            "app_version": __version__,
            "session": _record(SESSION, session),
            "draft": None if draft is None else _record(DRAFT, draft),
        }
        for name, part in PARTS.items():
            document[name] = _records(store, part, session_id)
    return document


def export_session_file(store: Store, session_id: int, target: Path) -> Path:
    """Write the session to target as a session file, atomically and private; return target."""
    target = Path(target)
    document = session_document(store, session_id)
    # ASCII only: other characters become \uXXXX escapes, lone surrogates included, which
    # JSON reads back exactly (surrogates side by side go as code points, see _written_text).
    data = (json.dumps(document, ensure_ascii=True, indent=1) + "\n").encode("ascii")
    _write_atomically(data, target)
    return target


def _write_atomically(data: bytes, target: Path) -> None:
    """Target holds all of data or is as it was; private, because notes may identify patients."""
    if target.is_dir():
        raise SessionFileError(f"Cannot save the session as {target}: a folder has that name.")
    try:
        write_atomically(data, target, private=True)
    except OSError as exc:
        raise SessionFileError(describe_write_error(exc, target, "the session")) from exc


# Importing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What an import did, for a one-line report to the person who asked for it."""

    session_id: int
    department: str
    created: bool
    restored_from_bin: bool = False
    details_updated: bool = False
    notes_added: int = 0
    notes_updated: int = 0
    findings_added: int = 0
    findings_updated: int = 0
    tasks_updated: int = 0  # added or changed
    step_times_updated: int = 0  # added or changed
    guide_updated: int = 0  # guide items, feedback, versions and register rows added or changed
    actions_updated: int = 0  # added or changed
    agenda_updated: int = 0  # steps' planned minutes added or changed
    draft_taken: bool = False

    @property
    def changed(self) -> bool:
        return self.created or any((
            self.restored_from_bin, self.details_updated, self.notes_added,
            self.notes_updated, self.findings_added, self.findings_updated,
            self.tasks_updated, self.step_times_updated, self.guide_updated,
            self.actions_updated, self.agenda_updated, self.draft_taken,
        ))

    def summary(self) -> str:
        """One sentence: what came in, and where."""
        name = f"“{one_line(self.department)}” (session {self.session_id})"
        if self.created:
            return (f"Imported {name} as a new session with {counted(self.notes_added, 'note')} "
                    f"and {counted(self.findings_added, 'finding')}.")
        if not self.changed:
            return f"{name} already had everything in this file; nothing changed."
        parts = [
            f"{counted(count, noun)} {verb}" for count, noun, verb in (
                (self.notes_added, "note", "added"), (self.notes_updated, "note", "updated"),
                (self.findings_added, "finding", "added"),
                (self.findings_updated, "finding", "updated"),
                (self.tasks_updated, "preparation task", "updated"),
                (self.step_times_updated, "step time", "updated"),
                (self.guide_updated, "part of the guide", "added or updated"),
                (self.actions_updated, "action item", "added or updated"),
                (self.agenda_updated, "agenda step", "updated"),
            ) if count
        ]
        if self.details_updated:
            parts.append("the session's details updated")
        if self.draft_taken:
            parts.append("the unsaved note taken")
        if self.restored_from_bin:
            parts.append("taken out of the bin")
        return f"Merged the file into {name}: {', '.join(parts)}."


def import_session_file(store: Store, source: Path) -> ImportResult:
    """Bring the session in the file into this data folder, merging it with the copy here."""
    return import_session(store, read_session_file(source))


def import_session(store: Store, contents: SessionFile) -> ImportResult:
    """Bring a checked session file in, all of it in one transaction or nothing at all."""
    try:
        with store.transaction():
            return _Import(store, contents).run()
    except _Invalid as exc:
        raise SessionFileError(
            f"{_cannot_import(contents.source)} {exc}. Nothing was imported."
        ) from None


def _later(first: str, second: str) -> bool:
    """Whether time first is after time second; a time without offset counts as local."""
    return _instant(first) > _instant(second)


def _instant(text: str) -> datetime:
    """A stamp to compare. The file's all have offsets once checked; one kept here without
    (let in by an older release) counts as local time, or as UTC where local time cannot
    hold it."""
    value = datetime.fromisoformat(text)
    if value.tzinfo:
        return value
    try:
        return value.astimezone()
    except (OverflowError, OSError, ValueError):
        return value.replace(tzinfo=UTC)


def _newer_note(mine: Record, theirs: Record) -> Record:
    """The copy edited last; deleted if a deletion came at or after that edit."""
    newer = theirs if _later(theirs["updated_at"], mine["updated_at"]) else mine
    deletions = [
        stamp for stamp in (mine["deleted_at"], theirs["deleted_at"])
        if stamp and not _later(newer["updated_at"], stamp)
    ]
    return {**newer, "deleted_at": min(deletions, key=_instant, default=None)}


def _newer(mine: Record, theirs: Record) -> Record:
    return theirs if _later(theirs["updated_at"], mine["updated_at"]) else mine


def _merged_task(mine: Record, theirs: Record, theirs_newer: bool) -> Record:
    """Done on either copy is done (since the earlier tick); the newer copy's due date."""
    done = [stamp for stamp in (mine["done_at"], theirs["done_at"]) if stamp]
    first, second = (theirs, mine) if theirs_newer else (mine, theirs)
    return {
        "task_id": mine["task_id"],
        "done_at": min(done, key=_instant, default=None),
        "due_date": first["due_date"] or second["due_date"],
    }


def _stored(field: _Field, value: object) -> object:
    return db_text(value) if field in (TEXT, LATER_TEXT) else value  # type: ignore[arg-type]


class _Import:
    """One import inside the caller's transaction: the session, then each part of the file."""

    def __init__(self, store: Store, contents: SessionFile) -> None:
        self.store, self.rows, self.contents = store, store.merging, contents
        self.session_id = 0  # set by run() once the session is found or made

    def run(self) -> ImportResult:
        incoming = self.contents.session
        row = self.rows.session_by_uid(incoming["uid"])
        counts: dict[str, Any] = {}
        if row is None:
            self.session_id = self.store.sessions.create(
                incoming["department"], first_step=incoming["current_step"], uid=incoming["uid"]
            ).id
            self._take_details()
            self.rows.set_session(self.session_id, {
                "created_at": incoming["created_at"], "archived_at": incoming["archived_at"],
            })
            theirs_newer, last_change = True, incoming["updated_at"]
        else:
            self.session_id, mine = row["id"], _record(SESSION, row)
            if row["deleted_at"] is not None:
                self.store.sessions.restore(self.session_id)
                counts["restored_from_bin"] = True
            theirs_newer = _later(incoming["updated_at"], mine["updated_at"])
            if theirs_newer and any(incoming[key] != mine[key]
                                    for key in SESSION if key not in KEPT_ON_MERGE):
                self._take_details()
                counts["details_updated"] = True
            last_change = incoming["updated_at"] if theirs_newer else mine["updated_at"]
        counts["notes_added"], counts["notes_updated"] = self._merge(
            "notes", _newer_note, self._add_notes)
        counts["findings_added"], counts["findings_updated"] = self._merge(
            "findings", _newer, self._add_findings)
        counts["tasks_updated"] = sum(self._merge(
            "tasks", lambda mine, theirs: _merged_task(mine, theirs, theirs_newer),
            self._inserter("tasks")))
        counts["step_times_updated"] = sum(self._merge(
            "step_times", lambda mine, theirs: max(mine, theirs, key=lambda r: r["seconds"]),
            self._inserter("step_times")))
        counts["guide_updated"] = sum(
            sum(self._merge(name, _newer_note, self._inserter(name)))
            for name in ("guide_items", "feedback", "recovery_items"))
        counts["guide_updated"] += self._merge(
            "guide_versions", lambda mine, _theirs: mine, self._add_versions)[0]
        counts["actions_updated"] = sum(self._merge("actions", _newer_note,
                                                    self._inserter("actions")))
        counts["agenda_updated"] = sum(self._merge(
            "agenda", lambda mine, theirs: theirs if theirs_newer else mine,
            self._inserter("agenda")))
        counts["draft_taken"] = self._merge_draft()
        # Adding notes stamped the session with the present; it changed when its copies did.
        self.rows.stamp_session(self.session_id, last_change)
        return ImportResult(self.session_id, incoming["department"], row is None, **counts)

    def _take_details(self) -> None:
        """The file's session details, through the store's own session calls."""
        incoming = self.contents.session
        self.store.sessions.update(
            self.session_id, meeting_date=date.fromisoformat(incoming["meeting_date"]),
            plan=Plan(incoming["plan"]),
            **{name: incoming[name] for name in SESSION_TEXT_FIELDS},
        )
        for name in SESSION_OPTIONAL_DATES:  # the newer copy's dates, an emptied one too
            self.store.sessions.set_date(self.session_id, name, optional_date(incoming[name]))
        self.store.sessions.set_phase(self.session_id, Phase(incoming["phase"]))
        self.store.sessions.set_current_step(self.session_id, incoming["current_step"])
        self.rows.set_session(self.session_id, {
            name: incoming[name] for name in ("meeting_minutes", "meeting2_minutes")})

    def _merge(self, name: str, merge: Callable[[Record, Record], Record],
               add: Callable[[list[Record]], None]) -> tuple[int, int]:
        """Add the file's new items, merge the ones both copies have; return both counts."""
        part = PARTS[name]
        mine = {record[part.key]: record
                for record in _records(self.store, part, self.session_id)}
        incoming = self.contents.parts[name]
        new = [record for record in incoming if record[part.key] not in mine]
        if new:
            if part.key == "uid":
                self._check_not_elsewhere(part, new)
            add(new)
        updated = 0
        for record in incoming:
            old = mine.get(record[part.key])
            if old is not None and (merged := merge(old, record)) != old:
                self._update(part, merged)
                updated += 1
        return len(new), updated

    def _check_not_elsewhere(self, part: _Part, new: list[Record]) -> None:
        """A uid is unique in the whole database; another session's item cannot be merged."""
        for record in new:
            other = self.rows.session_holding(part.table, record["uid"])
            if other is not None:
                raise _Invalid(
                    f"one of its {part.item}s has the same identifier as one of another session "
                    f"here (session {other}), so the two cannot be told apart"
                )

    def _update(self, part: _Part, record: Record) -> None:
        self.rows.set_by_key(part.table, self.session_id, part.key, record[part.key], {
            name: _stored(field, record[name])
            for name, field in part.fields.items() if name != part.key})

    def _add_notes(self, new: list[Record]) -> None:
        for record in new:
            note = self.store.notes.add(
                self.session_id, record["step_id"], record["text"], uid=record["uid"],
                created_at=datetime.fromisoformat(record["created_at"]), draft=None,
            )
            kept = {"updated_at": record["updated_at"], "deleted_at": record["deleted_at"],
                    "confidential": record["confidential"], "tags": record["tags"],
                    "parked": record["parked"]}
            if kept != {"updated_at": record["created_at"], "deleted_at": None,
                        "confidential": 0, "tags": "", "parked": 0}:
                self.rows.set_row("notes", note.id, kept)

    def _add_findings(self, new: list[Record]) -> None:
        added = self.store.findings.add(self.session_id, [
            {**record, "period_start": optional_date(record["period_start"]),
             "period_end": optional_date(record["period_end"])}
            for record in new
        ])
        by_uid = {record["uid"]: record for record in new}
        for finding in added:  # the store numbers and stamps new findings; keep the file's
            record = by_uid[finding.uid]
            self.rows.set_row("findings", finding.id, {
                key: record[key] for key in ("position", "created_at", "updated_at")
            })

    def _add_versions(self, new: list[Record]) -> None:
        """Versions never change; one numbered like a version here goes after the last."""
        taken = self.rows.version_numbers(self.session_id)
        for record in sorted(new, key=lambda r: r["number"]):
            number = record["number"]
            if number in taken:
                number = max(taken) + 1
            taken.add(number)
            self.rows.add_rows("guide_versions", [{**record, "number": number,
                                                   "session_id": self.session_id}])

    def _inserter(self, name: str) -> Callable[[list[Record]], None]:
        """Rows the store's calls would stamp afresh (tasks, step times, the guide's own
        rows) go in exactly as the file has them."""
        part = PARTS[name]

        def insert(new: list[Record]) -> None:
            self.rows.add_rows(part.table, [
                {"session_id": self.session_id,
                 **{key: _stored(part.fields[key], record[key]) for key in part.fields}}
                for record in new
            ])

        return insert

    def _merge_draft(self) -> bool:
        """The unsaved note typed here stays; the file's is taken only where there is none."""
        draft = self.contents.draft
        if draft is None:
            return False
        row = next(iter(self.rows.rows("drafts", self.session_id, "session_id")), None)
        if row is not None and (py_text(row["text"]) or not draft["text"]):
            return False
        self.rows.put_draft(self.session_id, db_text(draft["text"]), draft["saved_at"])
        return bool(draft["text"])
