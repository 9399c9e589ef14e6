"""The method as data: meeting steps and guide sections read from a TOML file.

Departments edit this file to use their organisation's wording, so every mistake in it must
come back as a sentence that names the file and the line, never as a traceback.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from svcrec_desktop import paths
from svcrec_desktop.domain.guide_model import SECTION_IDS, FeedbackKind
from svcrec_desktop.domain.toml_lines import TomlLines


class PlaybookError(Exception):
    """The playbook file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Step:
    """One step of a meeting: read aloud, discussed, noted."""

    id: str
    title: str
    minutes: int
    script: str
    points: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()
    hint: str = ""
    show_findings: bool = False  # the preparation's complaint themes are shared here
    present: bool = False  # meeting 2: the draft guide is shown section by section
    feedback: str = ""  # meeting 2: what is typed here is feedback of this kind
    revision: int = 1  # raised when the built-in wording is rewritten (see newer_wording)


@dataclass(frozen=True)
class GuideSection:
    """One section of the department guide, drafted from the notes of some steps."""

    id: str
    title: str
    guidance: str
    from_steps: tuple[str, ...]


@dataclass(frozen=True)
class PrepTask:
    """One task of the preparation checklist (phase 0)."""

    id: str
    title: str
    detail: str


@dataclass(frozen=True)
class Invitation:
    """A message to the team, with {placeholders} the session fills in: the set-the-stage
    message before meeting 1 (all five texts), or the invitation to meeting 2 (subject and
    body)."""

    subject: str
    body: str
    implement: str = ""
    improve: str = ""
    preread: str = ""


FEEDBACK_KINDS = tuple(kind.value for kind in FeedbackKind)

# What an invitation text may refer to; anything else in braces is a mistake in the file.
INVITATION_FIELDS = ("department", "the_department", "date", "facilitator", "plan", "preread")
MEETING2_INVITATION_FIELDS = ("department", "the_department", "date", "facilitator")


@dataclass(frozen=True)
class Playbook:
    """Everything the application says about the method."""

    name: str
    source: str
    meeting1: tuple[Step, ...]
    guide: tuple[GuideSection, ...]
    path: Path
    meeting2: tuple[Step, ...] = ()
    preparation: tuple[PrepTask, ...] = ()
    invitation: Invitation | None = None
    meeting2_invitation: Invitation | None = None

    def step(self, step_id: str) -> Step | None:
        """The meeting step with this id, or None if the playbook no longer has it."""
        return next((s for s in self.meeting1 + self.meeting2 if s.id == step_id), None)

    def guide_section(self, section_id: str) -> GuideSection:
        """Title and guidance of a guide section (the loader makes sure every one is there)."""
        return next(s for s in self.guide if s.id == section_id)

    def meeting_steps(self, number: int) -> tuple[Step, ...]:
        """The steps of meeting 1 or meeting 2, so one page can run either."""
        if number not in (1, 2):
            raise ValueError(f"There is no meeting {number}; the method has meetings 1 and 2.")
        return self.meeting1 if number == 1 else self.meeting2

    def meeting_of(self, step_id: str) -> int:
        """The meeting (1 or 2) a step belongs to; unknown ids belong to meeting 1, where a
        session starts."""
        return 2 if any(s.id == step_id for s in self.meeting2) else 1

    def asks_meeting2_date(self, step_id: str) -> bool:
        """Meeting 2's date is agreed at the close of meeting 1: its last step."""
        return bool(self.meeting1) and self.meeting1[-1].id == step_id

    def step_index(self, step_id: str) -> int:
        """Position of a step in meeting 1; unknown ids fall back to the first step."""
        return next((i for i, s in enumerate(self.meeting1) if s.id == step_id), 0)

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes for s in self.meeting1)


def active_playbook_file(data_dir: Path, organisation_playbook: Path | None = None) -> Path:
    """The department's own playbook if it made one, else the organisation's own wording if
    its settings name one, otherwise the built-in one."""
    own = paths.user_playbook_file(data_dir)
    if own.is_file():
        return own
    return organisation_playbook or paths.builtin_playbook_file()


def load_playbook(path: Path) -> Playbook:
    """Read and check a playbook file; raise PlaybookError with a line number on any problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PlaybookError(f"{path}: the file is not UTF-8 text ({exc.reason}).") from None
    except OSError as exc:
        raise PlaybookError(f"{path}: cannot read the playbook ({exc.strerror}).") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = f"(at the end of the file, line {len(text.splitlines()) or 1})"
        message = str(exc).replace("(at end of document)", where)
        raise PlaybookError(f"{path}: {message}. Check the quotes and brackets there.") from None
    playbook = _Reader(path, text).playbook(data)
    builtin = paths.builtin_playbook_file()
    lacking = (not playbook.preparation or playbook.invitation is None
               or playbook.meeting2_invitation is None)
    if lacking and path != builtin:
        # A department copy made before these were in the playbook keeps working.
        standard = load_playbook(builtin)
        playbook = replace(playbook, preparation=playbook.preparation or standard.preparation,
                           invitation=playbook.invitation or standard.invitation,
                           meeting2_invitation=(playbook.meeting2_invitation
                                                or standard.meeting2_invitation))
    return playbook


_FIELD_TYPES = {"str": str, "int": int, "list": list}


class _Reader(TomlLines):
    """Turns parsed TOML into a Playbook, locating each problem in the source text."""

    def __init__(self, path: Path, text: str) -> None:
        super().__init__(text)
        self.path = path

    def fail(self, line: int, message: str) -> PlaybookError:
        return PlaybookError(f"{self.path}, line {line}: {message}")

    def field(self, table: dict, key: str, kind: str, where: tuple[str, int], default=None):
        header, index = where
        line = self.table_line(header, index)
        if key not in table:
            if default is not None:
                return default
            raise self.fail(line, f"the [{header}] entry has no '{key}'.")
        value = table[key]
        expected = _FIELD_TYPES[kind]
        if not isinstance(value, expected) or isinstance(value, bool):
            raise self.fail(self.key_line(line, key), f"'{key}' must be a {_KIND_WORDS[kind]}.")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise self.fail(self.key_line(line, key), f"'{key}' must be a list of texts.")
        if isinstance(value, str) and default is None and not value.strip():
            raise self.fail(self.key_line(line, key), f"'{key}' must not be empty.")
        return value

    def tables(self, data: dict, group: str, name: str) -> list[dict]:
        header = f"{group}.{name}"
        entries = data.get(group, {}).get(name)
        if not isinstance(entries, list) or not entries:
            raise self.fail(1, f"the playbook needs at least one [[{header}]] entry.")
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                line = self.table_line(header, index)
                raise self.fail(line, f"write each {header} as [[{header}]].")
        return entries

    def step(self, table: dict, index: int, header: str = "meeting1.steps") -> Step:
        where = (header, index)
        minutes = self.field(table, "minutes", "int", where)
        if minutes < 1:
            line = self.key_line(self.table_line(*where), "minutes")
            raise self.fail(line, "'minutes' must be 1 or more.")
        return Step(
            id=self.field(table, "id", "str", where),
            title=self.field(table, "title", "str", where),
            minutes=minutes,
            script=self.field(table, "script", "str", where).strip(),
            points=tuple(self.field(table, "points", "list", where, default=[])),
            prompts=tuple(self.field(table, "prompts", "list", where, default=[])),
            hint=self.field(table, "hint", "str", where, default="").strip(),
            show_findings=self.flag(table, "findings", where),
            present=self.flag(table, "present", where),
            feedback=self.feedback_kind(table, where),
            revision=self.revision(table, where),
        )

    def revision(self, table: dict, where: tuple[str, int]) -> int:
        revision = self.field(table, "revision", "int", where, default=1)
        if revision < 1:
            line = self.key_line(self.table_line(*where), "revision")
            raise self.fail(line, "'revision' must be 1 or more.")
        return revision

    def feedback_kind(self, table: dict, where: tuple[str, int]) -> str:
        kind = self.field(table, "feedback", "str", where, default="")
        if kind and kind not in FEEDBACK_KINDS:
            line = self.key_line(self.table_line(*where), "feedback")
            raise self.fail(line, f"'feedback' must be one of {', '.join(FEEDBACK_KINDS)}.")
        return kind

    def flag(self, table: dict, key: str, where: tuple[str, int]) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            line = self.key_line(self.table_line(*where), key)
            raise self.fail(line, f"'{key}' must be true or false.")
        return value

    def section(self, table: dict, index: int, step_ids: set[str]) -> GuideSection:
        where = ("guide.sections", index)
        from_steps = tuple(self.field(table, "from_steps", "list", where, default=[]))
        for step_id in from_steps:
            if step_id not in step_ids:
                line = self.key_line(self.table_line(*where), "from_steps")
                raise self.fail(line, f"'from_steps' names '{step_id}', which is not a step.")
        return GuideSection(
            id=self.field(table, "id", "str", where),
            title=self.field(table, "title", "str", where),
            guidance=self.field(table, "guidance", "str", where, default="").strip(),
            from_steps=from_steps,
        )

    def known_sections(self, sections: tuple[GuideSection, ...]) -> None:
        """The guide's structure is the application's: every section once, no others."""
        for index, section in enumerate(sections):
            if section.id not in SECTION_IDS:
                line = self.key_line(self.table_line("guide.sections", index), "id")
                raise self.fail(line, f"there is no guide section '{section.id}'; the sections "
                                      f"are {', '.join(SECTION_IDS)}.")
        missing = [s for s in SECTION_IDS if s not in {x.id for x in sections}]
        if missing:
            line = self.table_line("guide.sections", 0)
            sections_named = "the section" if len(missing) == 1 else "the sections"
            raise self.fail(line, f"the guide needs {sections_named} {', '.join(missing)}.")

    def task(self, table: dict, index: int) -> PrepTask:
        where = ("preparation.tasks", index)
        return PrepTask(
            id=self.field(table, "id", "str", where),
            title=self.field(table, "title", "str", where),
            detail=self.field(table, "detail", "str", where, default="").strip(),
        )

    def invitation(self, table: object, header: str = "invitation",
                   keys: tuple[str, ...] = ("subject", "body", "implement", "improve", "preread"),
                   fields: tuple[str, ...] = INVITATION_FIELDS) -> Invitation:
        if not isinstance(table, dict):
            line = self.table_line(header, 0)
            raise self.fail(line, f"write the invitation as [{header}].")
        where = (header, 0)
        texts = {key: self.field(table, key, "str", where).strip() for key in keys}
        for key, text in texts.items():
            try:
                names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            except ValueError:
                names = {"{"}
            wrong = sorted(names - set(fields))
            if wrong:
                line = self.key_line(self.table_line(*where), key)
                allowed = ", ".join(f"{{{name}}}" for name in fields)
                raise self.fail(line, f"'{key}' may only use {allowed}; write {{{{ and }}}} "
                                      "for a brace of its own.")
        return Invitation(**texts)

    def meeting2_invitation(self, data: dict) -> Invitation | None:
        meeting2 = data.get("meeting2")
        if not isinstance(meeting2, dict) or "invitation" not in meeting2:
            return None
        return self.invitation(meeting2["invitation"], "meeting2.invitation",
                               ("subject", "body"), MEETING2_INVITATION_FIELDS)

    def unique(self, items: tuple, header: str, taken: frozenset[str] | set[str] = frozenset()
               ) -> None:
        """Each id once, and none already taken (by meeting 1, for meeting 2's steps)."""
        seen: set[str] = set(taken)
        for index, item in enumerate(items):
            if item.id in seen:
                line = self.key_line(self.table_line(header, index), "id")
                raise self.fail(line, f"the id '{item.id}' is used twice.")
            seen.add(item.id)

    def playbook(self, data: dict) -> Playbook:
        head = data.get("playbook")
        if not isinstance(head, dict):
            raise self.fail(1, "the file needs a [playbook] table with 'name' and 'source'.")
        steps = tuple(
            self.step(t, i) for i, t in enumerate(self.tables(data, "meeting1", "steps"))
        )
        self.unique(steps, "meeting1.steps")
        step_ids = {s.id for s in steps}
        sections = tuple(
            self.section(t, i, step_ids)
            for i, t in enumerate(self.tables(data, "guide", "sections"))
        )
        self.unique(sections, "guide.sections")
        self.known_sections(sections)
        meeting2 = tuple(
            self.step(t, i, "meeting2.steps")
            for i, t in enumerate(self.tables(data, "meeting2", "steps"))
        ) if "meeting2" in data else ()
        self.unique(meeting2, "meeting2.steps", taken={s.id for s in steps})
        tasks = tuple(
            self.task(t, i) for i, t in enumerate(self.tables(data, "preparation", "tasks"))
        ) if "preparation" in data else ()
        self.unique(tasks, "preparation.tasks")
        return Playbook(
            name=self.field(head, "name", "str", ("playbook", 0)),
            source=self.field(head, "source", "str", ("playbook", 0)),
            meeting1=steps,
            meeting2=meeting2,
            guide=sections,
            path=self.path,
            preparation=tasks,
            invitation=self.invitation(data["invitation"]) if "invitation" in data else None,
            meeting2_invitation=self.meeting2_invitation(data),
        )


_KIND_WORDS = {"str": "text in quotes", "int": "whole number", "list": "list in [ ]"}


def load_active_playbook(data_dir: Path, organisation_playbook: Path | None = None
                         ) -> tuple[Playbook, str | None]:
    """The playbook to use, plus a warning if the department's own copy (or the
    organisation's, named by its settings) had to be skipped.

    A broken copy must not stop a meeting: the built-in playbook is used instead and the
    warning says where the mistake is. A broken built-in playbook raises.
    """
    chosen = active_playbook_file(data_dir, organisation_playbook)
    try:
        return load_playbook(chosen), None
    except PlaybookError as exc:
        builtin = paths.builtin_playbook_file()
        if chosen == builtin:
            raise
        warning = f"{exc} The built-in playbook is used until this is fixed."
        return load_playbook(builtin), warning
