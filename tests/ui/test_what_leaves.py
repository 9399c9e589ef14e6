"""Nothing private leaves: a confidential, kept-out or deleted note, its tags and action items,
and anything made from it never reach any file or the projector, whatever the order in which
the note was used, frozen into a version, withheld or merged from another laptop.

Every route reads the session through exportable_view; this test builds sessions with markers
in such notes through every way into the guide (send to a list, add to a form, bring in
action items, feedback, freeze, mark after use, merge from a session file) and then reads
every byte of every export: the guide (now, each version, every option), the quick card, the
register's CSV, the invitation and the projector's text for every step.
"""

import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from svcrec_desktop.domain.guide_model import FeedbackKind, VersionStatus
from svcrec_desktop.domain.invitation import invitation_text
from svcrec_desktop.export.guide import export_session
from svcrec_desktop.export.invitation import export_invitation
from svcrec_desktop.export.quick_card import export_quick_card
from svcrec_desktop.export.source import ExportOptions, exportable_view
from svcrec_desktop.files.register_csv import export_register_csv
from svcrec_desktop.files.session_file import export_session_file, import_session_file
from svcrec_desktop.store.database import Store
from svcrec_desktop.store.migrations import m005_feedback_sources
from svcrec_desktop.ui.meeting.step_text import draft_guide_html, notes_html, step_html

MARKERS = 3  # private notes per session, each with its own marker word
LIST_SECTIONS = ("mistakes", "offers", "escalation", "resources", "assignments")
FORM_SECTIONS = ("steps", "grievance", "logistics")
HEADLINES = {"mistakes": "mistake", "offers": "offer", "escalation": "when",
             "resources": "idea", "assignments": "what"}

marker = st.integers(0, MARKERS - 1)
OPERATIONS = st.one_of(
    st.tuples(st.just("send"), marker, st.sampled_from(LIST_SECTIONS)),
    st.tuples(st.just("form"), marker, st.sampled_from(FORM_SECTIONS)),
    st.tuples(st.just("action"), marker),
    st.tuples(st.just("bring in")),
    st.tuples(st.just("feedback"), marker, st.sampled_from(list(FeedbackKind))),
    st.tuples(st.just("tag"), marker),
    st.tuples(st.just("withhold"), marker, st.sampled_from(("confidential", "delete"))),
    st.tuples(st.just("freeze"), st.sampled_from(list(VersionStatus))),
    st.tuples(st.just("merge"), marker),
    st.tuples(st.just("release"), marker),
)


def secret(k: int) -> str:
    return f"SECRETMARK{k}X"


@dataclass
class Run:
    """One generated session on the facilitator's laptop, with a second laptop to merge."""

    store: Store
    other: Store
    folder: Path
    session_id: int
    notes: list[int] = field(default_factory=list)  # the private notes' ids, by marker

    def note(self, k: int):
        return self.store.connection.get("notes", self.notes[k])

    def withheld(self, k: int) -> bool:
        row = self.note(k)
        return bool(row["confidential"]) or row["deleted_at"] is not None

    def apply(self, operation: tuple) -> None:
        kind, *args = operation
        store, session_id = self.store, self.session_id
        if kind == "send":
            k, section = args
            self._refused_if_kept_out(k, lambda: store.guide.add_item(
                session_id, section, {HEADLINES[section]: f"{secret(k)} as an item"},
                from_note=self.note(k)["uid"]))
        elif kind == "form":
            k, section = args
            self._refused_if_kept_out(
                k, lambda: store.guide.add_notes_to_form(session_id, section, [self.notes[k]]))
        elif kind == "action" and self.note(k := args[0])["deleted_at"] is None:
            store.actions.add(session_id, self.note(k)["uid"], f"{secret(k)} to do",
                             owner=f"{secret(k)} owner", due=date(2026, 12, 1))
        elif kind == "bring in":
            store.actions.bring_into_guide(session_id)
        elif kind == "feedback":
            k, feedback_kind = args
            self._refused_if_kept_out(k, lambda: store.feedback.add(
                session_id, feedback_kind, f"{secret(k)} said", "mistakes",
                from_note=self.note(k)["uid"]))
        elif kind == "tag" and self.note(k := args[0])["deleted_at"] is None:
            store.notes.update(self.notes[k], tags=("quote",), parked=True)
        elif kind == "withhold":
            k, how = args
            if how == "confidential":
                store.notes.set_confidential(self.notes[k], True)
            else:
                store.notes.delete(self.notes[k])
        elif kind == "freeze":
            store.versions.freeze(session_id, args[0])
        elif kind == "merge":
            self._withheld_on_the_other_laptop(args[0])
        elif kind == "release":
            self._rewrite_and_release(args[0])

    def _refused_if_kept_out(self, k: int, use) -> None:
        """A confidential note cannot be used; any other note can."""
        if self.note(k)["confidential"]:
            with pytest.raises(ValueError, match="kept out"):
                use()
        else:
            use()

    def _withheld_on_the_other_laptop(self, k: int) -> None:
        """The second note-taker keeps note k out; their session file merges back here."""
        carried = self.folder / "carried.svcrec.json"
        export_session_file(self.store, self.session_id, carried)
        copy = import_session_file(self.other, carried).session_id
        uid = self.note(k)["uid"]
        [there] = [n for n in self.other.notes.of_session(copy) if n.uid == uid] or [None]
        if there is not None:
            self.other.notes.set_confidential(there.id, True)
        export_session_file(self.other, copy, carried)
        import_session_file(self.store, carried)

    def _rewrite_and_release(self, k: int) -> None:
        """The facilitator rewrites an item held back by note k in their own words."""
        uid = self.note(k)["uid"]
        for item in self.store.guide.items(self.session_id):
            if uid in item.source_notes and self.withheld(k):
                self.store.guide.update_item(item.id, {
                    name: "rewritten in our own words" for name in item.fields})
                self.store.guide.release_item(item.id)


def docx_bytes(path: Path) -> bytes:
    with zipfile.ZipFile(path) as package:
        return b"".join(package.read(name) for name in package.namelist())


def everything_that_leaves(run: Run, playbook, folder: Path) -> dict[str, bytes]:
    """Every export of the session, as bytes, by route."""
    store, session_id = run.store, run.session_id
    out: dict[str, bytes] = {}
    for version in [None, *store.versions.of_session(session_id)]:
        options = ExportOptions(version_id=version and version.id, include_notes=True,
                                include_feedback=True, include_register=True)
        target = export_session(store, playbook, session_id, folder / "guide.docx", options)
        out[f"guide {version.label if version else 'now'}"] = docx_bytes(target)
    out["guide without notes"] = docx_bytes(export_session(
        store, playbook, session_id, folder / "short.docx",
        ExportOptions(include_notes=False)))
    view = exportable_view(store, session_id)
    out["quick card"] = docx_bytes(export_quick_card(view, folder / "card.docx"))
    out["register"] = export_register_csv(view.register, folder / "r.csv").read_bytes()
    out["invitation"] = docx_bytes(export_invitation(
        invitation_text(view.session, playbook), view.session, folder / "invite.docx"))
    for step in playbook.meeting1 + playbook.meeting2:
        shown = [note for note in view.notes if note.step_id == step.id]
        room = step_html(step, view.findings) + notes_html(shown)
        if step.present:
            room += draft_guide_html(playbook.guide, view.content)
        out[f"projector {step.id}"] = room.encode("utf-8", "surrogatepass")
    return out


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(operations=st.lists(OPERATIONS, max_size=14),
       finally_withheld=st.lists(st.sampled_from(("confidential", "delete")),
                                 min_size=MARKERS, max_size=MARKERS))
def test_no_private_word_reaches_any_export(tmp_path_factory, playbook, operations,
                                            finally_withheld):
    folder = tmp_path_factory.mktemp("leaves")
    store, other = Store.open(folder / "a"), Store.open(folder / "b")
    try:
        session = store.sessions.create("Cardiology", first_step="welcome")
        run = Run(store, other, folder, session.id)
        public = store.notes.add(session.id, "q1", "PUBLICWORD shared with everyone")
        store.guide.add_item(session.id, "mistakes", {"mistake": "PUBLICWORD item"},
                             from_note=public.uid)
        for k in range(MARKERS):
            run.notes.append(store.notes.add(session.id, ("q1", "q2", "m2-missing")[k],
                                            f"{secret(k)} said about Mrs Patel").id)
        for operation in operations:
            run.apply(operation)
        for k, how in enumerate(finally_withheld):  # every private note ends up withheld
            if not run.withheld(k):
                run.apply(("withhold", k, how))
        exports = everything_that_leaves(run, playbook, folder)
    finally:
        store.close()
        other.close()
    for route, data in exports.items():
        assert b"SECRETMARK" not in data, route
    assert b"PUBLICWORD" in exports["guide now"]


def test_an_item_made_from_a_note_kept_out_later_is_held_back_until_rewritten(store, playbook):
    session = store.sessions.create("Cardiology", first_step="welcome")
    note = store.notes.add(session.id, "q2", "Mrs Patel waited four hours")
    item = store.guide.add_item(session.id, "mistakes",
                                {"mistake": "Mrs Patel waited four hours"}, from_note=note.uid)
    store.versions.freeze(session.id, VersionStatus.DRAFT)
    store.notes.set_confidential(note.id, True)
    view = exportable_view(store, session.id)
    assert view.content.section("mistakes") == [] and view.held_back == 1
    [version] = store.versions.of_session(session.id)
    assert exportable_view(store, session.id, version.id).content.items == ()
    with pytest.raises(ValueError, match="Rewrite"):
        store.guide.release_item(item.id)  # still the note's words
    store.guide.update_item(item.id, {"mistake": "Long waits without an update"})
    released = store.guide.release_item(item.id)
    assert released.source_notes == ()
    assert [i.get("mistake") for i in exportable_view(store, session.id).content.items] == [
        "Long waits without an update"]
    # The frozen version still holds the old words: it stays held back.
    assert exportable_view(store, session.id, version.id).content.items == ()


def test_a_confidential_note_is_refused_everywhere_it_could_enter_the_guide(store):
    session = store.sessions.create("Cardiology", first_step="welcome")
    note = store.notes.add(session.id, "q2", "private")
    store.notes.set_confidential(note.id, True)
    store.actions.add(session.id, note.uid, "call back")
    for use in (
        lambda: store.guide.add_item(session.id, "offers", {"offer": "x"}, from_note=note.uid),
        lambda: store.guide.add_notes_to_form(session.id, "logistics", [note.id]),
        lambda: store.feedback.add(session.id, FeedbackKind.OFF, "x", from_note=note.uid),
    ):
        with pytest.raises(ValueError, match="kept out of the exports never goes into the guide"):
            use()
    assert store.actions.bring_into_guide(session.id) == []
    assert store.guide.items(session.id) == [] and store.feedback.of_session(session.id) == []


def test_feedback_typed_before_its_link_was_kept_is_linked_by_its_words(data_dir):
    """Databases from before schema 5: feedback finds the note it was typed as."""
    store = Store.open(data_dir)
    session = store.sessions.create("Cardiology", first_step="welcome")
    note = store.notes.add(session.id, "m2-off", "The night shift is missing")
    store.connection.execute(
        "insert into feedback (uid, session_id, kind, section, text, created_at, updated_at) "
        "values ('old', ?, 'off', '', ?, '2026-11-02', '2026-11-02')", [session.id, note.text])
    store.connection.execute("alter table feedback drop column from_note")
    m005_feedback_sources(Database(store.connection.conn))
    assert [f.from_note for f in store.feedback.of_session(session.id)] == [note.uid]
    store.close()


def test_an_item_from_a_note_deleted_and_wiped_is_released_only_once_rewritten(store):
    """Once the window closes a deleted note's words are wiped; the item made from it still
    waits for a rewrite, told by time, before it may leave again."""
    session = store.sessions.create("Cardiology", first_step="welcome")
    note = store.notes.add(session.id, "q2", "Mrs Patel waited four hours")
    item = store.guide.add_item(session.id, "mistakes",
                                {"mistake": "Mrs Patel waited four hours"}, from_note=note.uid)
    store.connection.execute("update guide_items set updated_at = '2026-01-01T09:00:00+00:00'")
    store.notes.delete(note.id)
    store.erasure.purge_deleted()
    assert store.connection.get("notes", note.id)["text"] == ""
    with pytest.raises(ValueError, match="has not been changed"):
        store.guide.release_item(item.id)
    store.guide.update_item(item.id, {"mistake": "Long waits without an update"})
    assert store.guide.release_item(item.id).source_notes == ()
