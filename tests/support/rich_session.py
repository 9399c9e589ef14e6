"""A session with something in every part a session file carries, and every export of it.

What imports must export: the guide as it is and at every frozen version (notes, feedback and
register in), the facilitator's record, the quick card, the register as CSV, what the privacy
check reads, and the session file again. The session-file tests and the fuzzing share these.
"""

from datetime import date
from pathlib import Path

from svcrec_desktop.domain.guide_model import FeedbackKind, VersionStatus
from svcrec_desktop.domain.model import Phase
from svcrec_desktop.domain.page_format import PageFormat
from svcrec_desktop.domain.playbook import Playbook
from svcrec_desktop.export.guide import export_session
from svcrec_desktop.export.quick_card import export_quick_card
from svcrec_desktop.export.record import export_record
from svcrec_desktop.export.source import ExportOptions, all_texts, exportable_view
from svcrec_desktop.files.register_csv import export_register_csv
from svcrec_desktop.files.session_file import export_session_file
from svcrec_desktop.store.database import Store


def guide_between_meetings(store: Store, session_id: int) -> None:
    """A guide with an item in two sections, a recovery item and a kept draft, between the
    meetings: what the window tests open on."""
    store.guide.add_item(session_id, "mistakes", {"mistake": "Long waits"})
    store.guide.add_item(session_id, "assignments", {"what": "Order vouchers"})
    store.register.add(session_id, given_on=date(2026, 11, 3), item="Voucher")
    store.versions.freeze(session_id, VersionStatus.DRAFT)
    store.sessions.set_phase(session_id, Phase.BETWEEN)


def rich_session(store: Store) -> int:
    """Notes (tagged, parked, kept out, deleted), a draft, times, tasks, findings, the guide,
    feedback, two frozen versions, the register, action items and an agenda."""
    session = store.sessions.create("Cardiology", first_step="welcome", facilitator="Dana",
                                   meeting_date=date(2026, 11, 3), phase=Phase.MEETING1)
    said = store.notes.add(session.id, "q2", "Nobody explained the delay",
                          tags=("theme", "quote"))
    parked = store.notes.add(session.id, "q3", "Parking is expensive", parked=True)
    private = store.notes.add(session.id, "q4", "Bed 12 waited four hours")
    store.notes.set_confidential(private.id, True)
    gone = store.notes.add(session.id, "q5", "said by mistake")
    store.notes.delete(gone.id)
    store.notes.save_draft(session.id, "half a thought")
    store.times.add(session.id, "q2", 61.5)
    store.tasks.set_done(session.id, "review", True)
    store.tasks.set_due(session.id, "invitation", date(2026, 10, 20))
    store.findings.add(session.id, [
        {"theme": "Waiting without updates", "count": 14, "source": "survey comments",
         "example": "No one came", "period_start": date(2026, 1, 1),
         "period_end": date(2026, 6, 30)},
        {"theme": "Noise at night", "count": 3},
    ])
    store.guide.add_item(session.id, "mistakes", {"mistake": "Late updates",
                                                  "make_right": "Say sorry\nthen explain"},
                         from_note=said.uid)
    store.guide.add_item(session.id, "assignments", {"what": "Update board", "who": "Sam",
                                                     "due": "2026-12-01", "done": "yes"})
    store.guide.set_form(session.id, "steps", {"model": "Our own steps", "steps": "Listen"})
    store.feedback.add(session.id, FeedbackKind.MISSING, "Night shift", "escalation")
    store.versions.freeze(session.id, VersionStatus.DRAFT)
    store.feedback.add(session.id, FeedbackKind.RIGHT, "The steps feel right")
    store.versions.freeze(session.id, VersionStatus.FINAL)
    store.register.add(session.id, given_on=date(2026, 11, 3), item="Meal voucher",
                            value_cents=1250, reason="long wait", giver="RN", receipt=True)
    store.register.add(session.id, given_on=date(2026, 12, 1), item="Parking pass",
                            value_cents=800, giver="Charge nurse")
    action = store.actions.add(session.id, said.uid, "Explain delays", owner="Sam",
                              due=date(2026, 12, 3))
    store.actions.set_done(action.id, True)
    store.actions.add(session.id, parked.uid, "Ask about parking")
    store.agenda.set_meeting_length(session.id, 1, 45)
    store.agenda.set_step_minutes(session.id, "q2", 12)
    store.sessions.update(session.id, reflection="It went well", help_contact="px@example.org",
                         meeting2_date=date(2026, 12, 10))
    return session.id


def export_everything(store: Store, playbook: Playbook, session_id: int, folder: Path) -> Path:
    """Every export of the session, at every version; returns the session file written."""
    folder.mkdir(parents=True, exist_ok=True)
    everything = ExportOptions(include_notes=True, include_feedback=True, include_register=True)
    for version in [None, *store.versions.of_session(session_id)]:
        version_id = version.id if version else None
        export_session(store, playbook, session_id, folder / f"guide-{version_id}.docx",
                       ExportOptions(**{**everything.__dict__, "version_id": version_id}))
        all_texts(exportable_view(store, session_id, version_id), playbook)
    view = exportable_view(store, session_id)
    export_quick_card(view, folder / "card.docx")
    export_record(view, playbook, folder / "record.docx", PageFormat())
    export_register_csv(view.register, folder / "register.csv")
    return export_session_file(store, session_id, folder / "again.svcrec.json")
