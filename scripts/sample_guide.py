"""Fill a data folder with a session whose guide is written, discussed and published.

Ordinary content in every part: complaint findings, every guide section filled in, six
points of feedback at meeting 2 (one not answered yet), document control, action items and
the parking lot, and times for both meetings. For screenshots, benchmarks, the page tests
and for looking at every page of the exported guide and the facilitator's record.
Usage: python scripts/sample_guide.py DATA_DIR
"""

import sys
from datetime import date, timedelta
from pathlib import Path

from sample_session import main as sample_session

from svcrec_desktop import paths
from svcrec_desktop.domain.guide_model import STEP_MODELS, FeedbackKind, VersionStatus
from svcrec_desktop.domain.model import Phase
from svcrec_desktop.domain.playbook import load_playbook
from svcrec_desktop.store.database import Store

FINDINGS = [
    {"theme": "Waiting without updates", "count": 14, "source": "survey comments",
     "example": "Nobody told us why the discharge took all afternoon.",
     "period_start": date(2026, 1, 1), "period_end": date(2026, 6, 30)},
    {"theme": "Call lights not answered", "count": 9, "source": "survey comments",
     "example": "I pressed the button three times during the night before anyone came.",
     "period_start": date(2026, 1, 1), "period_end": date(2026, 6, 30)},
    {"theme": "Belongings lost on transfer", "count": 4, "source": "incident reports",
     "example": "My glasses went missing between the emergency department and the ward.",
     "period_start": date(2026, 1, 1), "period_end": date(2026, 6, 30)},
]
MISTAKES = [
    {"mistake": "Call lights not answered during shift change",
     "theme": "Call lights not answered",
     "make_right": "Go in, say sorry for the wait, and deal with the request before anything "
                   "else.",
     "on_the_spot": "Offer a warm drink or a blanket; tell them who their nurse is now.",
     "tell": "Charge nurse", "documented": "Safety and service log, same shift"},
    {"mistake": "Discharge paperwork waits without updates",
     "theme": "Waiting without updates",
     "make_right": "Give an honest time, and come back before it passes.",
     "on_the_spot": "Meal voucher for the family if the wait goes past a mealtime.",
     "tell": "Unit clerk and charge nurse", "documented": "Discharge delay sheet"},
    {"mistake": "Belongings lost between departments",
     "theme": "Belongings lost on transfer",
     "make_right": "Say sorry, search with the patient's help, and ring the department they "
                   "came from the same hour.",
     "on_the_spot": "A toiletry kit or reading glasses from the drawer while we look.",
     "tell": "Charge nurse; security if it is valuable", "documented": "Lost property form"},
    {"mistake": "Test results explained in jargon",
     "theme": "",
     "make_right": "Sit down, explain again in plain words, and check it made sense.",
     "on_the_spot": "Write the main point down for them to keep.",
     "tell": "The doctor who ordered the test", "documented": "Nursing notes"},
]
OFFERS = [
    {"offer": "Meal voucher", "roles": "Any staff member", "limit": "15.00 each"},
    {"offer": "Parking pass for the day", "roles": "Nurses, unit clerk", "limit": "1 per visit"},
    {"offer": "Toiletry kit or reading glasses", "roles": "Any staff member", "limit": "1 each"},
    {"offer": "A call from the charge nurse", "roles": "Anyone", "limit": "—"},
]
ESCALATION = [
    {"when": "The patient asks for a manager, or Level One has not settled it",
     "to_whom": "Charge nurse, then the unit manager", "contact": "Pager 4410"},
    {"when": "Harm, or a risk of harm, to the patient",
     "to_whom": "Unit manager and the safety team", "contact": "Extension 3300, day or night"},
]
RESOURCES = [
    {"idea": "Voucher drawer at the nurses' station", "owner": "Unit manager",
     "status": "adopted"},
    {"idea": "Whiteboard in every room with the expected discharge time",
     "owner": "Charge nurses", "status": "adopted"},
    {"idea": "A pager for families waiting for discharge", "owner": "Unit manager",
     "status": "not now"},
]
ASSIGNMENTS = [
    {"what": "Stock the voucher drawer", "who": "Dana", "due": "2026-12-01", "done": "yes"},
    {"what": "Put up the whiteboards", "who": "Facilities, asked by Sam", "due": "2027-01-15",
     "done": ""},
    {"what": "Show the guide at the next staff meeting", "who": "Unit manager",
     "due": "2027-01-08", "done": ""},
]
FEEDBACK = [  # kind, section, what was said, what we did ("" = not answered yet)
    (FeedbackKind.MISSING, "logistics", "Night shift has no clerk: who takes receipts?",
     "Night shift leaves them in the drawer envelope."),
    (FeedbackKind.MISSING, "escalation", "What if the charge nurse is the one at fault?",
     "The unit manager takes it on; added to the routes."),
    (FeedbackKind.OFF, "offers", "A parking pass per visit is too strict for long stays.",
     "One per day instead, for stays of three days or more."),
    (FeedbackKind.OFF, "mistakes", "Jargon is not only about test results.", ""),
    (FeedbackKind.RIGHT, "mistakes", "The blanket and drink offer works.", ""),
    (FeedbackKind.RIGHT, "", "It is short enough to read on a break.", ""),
]


def _room(store: Store, session_id: int) -> None:
    """What the room leaves besides the guide: action items, a parked point, meeting 2's
    times and the facilitator's reflection."""
    # The magic wand's last idea, in the sample.
    for note in store.notes.of_session(session_id)[-1:]:
        store.actions.add(session_id, note.uid, "Ask finance about a voucher budget",
                         owner="Unit manager", due=date(2026, 12, 15))
    parked = store.notes.add(session_id, "q4", "The parking garage fees upset families.",
                            parked=True)
    store.actions.add(session_id, parked.uid, "Raise the fees with facilities")
    for step in load_playbook(paths.builtin_playbook_file()).meeting2:
        store.times.add(session_id, step.id, step.minutes * 62)


def fill_guide(store: Store, session_id: int) -> None:
    store.findings.add(session_id, FINDINGS)
    for fields in MISTAKES:
        store.guide.add_item(session_id, "mistakes", fields)
    store.guide.set_form(session_id, "steps", {"model": STEP_MODELS[0], "steps": ""})
    for section, items in (("offers", OFFERS), ("escalation", ESCALATION),
                           ("resources", RESOURCES), ("assignments", ASSIGNMENTS)):
        for fields in items:
            store.guide.add_item(session_id, section, fields)
    store.guide.set_form(session_id, "grievance", {
        "when_formal": "A written complaint, or a spoken one the patient wants handled formally.",
        "process": "Thank them, do not argue, and pass it to patient relations the same day.",
        "contact": "Patient relations, extension 2200"})
    store.guide.set_form(session_id, "logistics", {
        "guide_kept": "Shared drive, Unit folder; printed copy in the break room",
        "items_kept": "Locked drawer at the nurses' station",
        "receipts": "In the envelope in the drawer; the clerk sends them on Fridays."})
    store.versions.freeze(session_id, VersionStatus.DRAFT)
    for kind, section, text, response in FEEDBACK:
        said = store.feedback.add(session_id, kind, text, section)
        if response:
            store.feedback.update(said.id, response=response)
    store.guide.set_form(session_id, "logistics", {
        "receipts": "In the envelope in the drawer (night shift too); the clerk sends them "
                    "on Fridays."})
    meeting1 = store.sessions.get(session_id).meeting_date
    store.sessions.update(session_id, meeting2_date=meeting1 + timedelta(days=21),
                         owner="Unit manager, 4 West", approved_by="Director of nursing",
                         approved_on=meeting1 + timedelta(days=28),
                         help_contact="Patient experience team, extension 2250",
                         reflection="Lively and honest; the night staff came.\n"
                                    "Next time: send the pre-read a week earlier.")
    _room(store, session_id)
    store.versions.freeze(session_id, VersionStatus.FINAL)
    store.register.add(session_id, given_on=date(2026, 11, 12), item="Meal voucher",
                            value_cents=1500, reason="Discharge waited past lunch",
                            giver="RN, 4 West", receipt=True)
    store.sessions.set_phase(session_id, Phase.DONE)


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    sample_session(folder, "close")
    store = Store.open(folder)
    fill_guide(store, store.sessions.all()[0].id)
    store.close()
