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
    store.add_guide_item(session_id, "mistakes", {"mistake": "Long waits"})
    store.add_guide_item(session_id, "assignments", {"what": "Order vouchers"})
    store.add_recovery_item(session_id, given_on=date(2026, 11, 3), item="Voucher")
    store.freeze_version(session_id, VersionStatus.DRAFT)
    store.set_phase(session_id, Phase.BETWEEN)


def rich_session(store: Store) -> int:
    """Notes (tagged, parked, kept out, deleted), a draft, times, tasks, findings, the guide,
    feedback, two frozen versions, the register, action items and an agenda."""
    session = store.create_session("Cardiology", first_step="welcome", facilitator="Dana",
                                   meeting_date=date(2026, 11, 3), phase=Phase.MEETING1)
    said = store.add_note(session.id, "q2", "Nobody explained the delay",
                          tags=("theme", "quote"))
    parked = store.add_note(session.id, "q3", "Parking is expensive", parked=True)
    private = store.add_note(session.id, "q4", "Bed 12 waited four hours")
    store.set_note_confidential(private.id, True)
    gone = store.add_note(session.id, "q5", "said by mistake")
    store.delete_note(gone.id)
    store.save_draft(session.id, "half a thought")
    store.add_step_seconds(session.id, "q2", 61.5)
    store.set_task_done(session.id, "review", True)
    store.set_task_due(session.id, "invitation", date(2026, 10, 20))
    store.add_findings(session.id, [
        {"theme": "Waiting without updates", "count": 14, "source": "survey comments",
         "example": "No one came", "period_start": date(2026, 1, 1),
         "period_end": date(2026, 6, 30)},
        {"theme": "Noise at night", "count": 3},
    ])
    store.add_guide_item(session.id, "mistakes", {"mistake": "Late updates",
                                                  "make_right": "Say sorry\nthen explain"},
                         from_note=said.uid)
    store.add_guide_item(session.id, "assignments", {"what": "Update board", "who": "Sam",
                                                     "due": "2026-12-01", "done": "yes"})
    store.set_guide_form(session.id, "steps", {"model": "Our own steps", "steps": "Listen"})
    store.add_feedback(session.id, FeedbackKind.MISSING, "Night shift", "escalation")
    store.freeze_version(session.id, VersionStatus.DRAFT)
    store.add_feedback(session.id, FeedbackKind.RIGHT, "The steps feel right")
    store.freeze_version(session.id, VersionStatus.FINAL)
    store.add_recovery_item(session.id, given_on=date(2026, 11, 3), item="Meal voucher",
                            value_cents=1250, reason="long wait", giver="RN", receipt=True)
    store.add_recovery_item(session.id, given_on=date(2026, 12, 1), item="Parking pass",
                            value_cents=800, giver="Charge nurse")
    action = store.add_action(session.id, said.uid, "Explain delays", owner="Sam",
                              due=date(2026, 12, 3))
    store.set_action_done(action.id, True)
    store.add_action(session.id, parked.uid, "Ask about parking")
    store.set_meeting_length(session.id, 1, 45)
    store.set_step_minutes(session.id, "q2", 12)
    store.update_session(session.id, reflection="It went well", help_contact="px@example.org",
                         meeting2_date=date(2026, 12, 10))
    return session.id


def export_everything(store: Store, playbook: Playbook, session_id: int, folder: Path) -> Path:
    """Every export of the session, at every version; returns the session file written."""
    folder.mkdir(parents=True, exist_ok=True)
    everything = ExportOptions(include_notes=True, include_feedback=True, include_register=True)
    for version in [None, *store.versions(session_id)]:
        version_id = version.id if version else None
        export_session(store, playbook, session_id, folder / f"guide-{version_id}.docx",
                       ExportOptions(**{**everything.__dict__, "version_id": version_id}))
        all_texts(exportable_view(store, session_id, version_id), playbook)
    view = exportable_view(store, session_id)
    export_quick_card(view, folder / "card.docx")
    export_record(view, playbook, folder / "record.docx", PageFormat())
    export_register_csv(view.register, folder / "register.csv")
    return export_session_file(store, session_id, folder / "again.svcrec.json")
