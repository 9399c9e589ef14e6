"""Fill a data folder with a session whose guide is written, discussed and published.

For screenshots and for looking at every page of the exported guide.
Usage: python scripts/sample_guide.py DATA_DIR
"""

import sys
from datetime import date
from pathlib import Path

from sample_session import main as sample_session

from svcrec_desktop.guide_model import STEP_MODELS, FeedbackKind, VersionStatus
from svcrec_desktop.model import Phase
from svcrec_desktop.storage import Store

MISTAKES = [
    {"mistake": "Call lights not answered during shift change",
     "make_right": "Go in, say sorry for the wait, and deal with the request before anything "
                   "else.",
     "on_the_spot": "Offer a warm drink or a blanket; tell them who their nurse is now.",
     "tell": "Charge nurse", "documented": "Safety and service log, same shift"},
    {"mistake": "Discharge paperwork waits without updates",
     "make_right": "Give an honest time, and come back before it passes.",
     "on_the_spot": "Meal voucher for the family if the wait goes past a mealtime.",
     "tell": "Unit clerk and charge nurse", "documented": "Discharge delay sheet"},
]
OFFERS = [
    {"offer": "Meal voucher", "roles": "Any staff member", "limit": "15.00 each"},
    {"offer": "Parking pass for the day", "roles": "Nurses, unit clerk", "limit": "1 per visit"},
    {"offer": "A call from the charge nurse", "roles": "Anyone", "limit": "—"},
]


def fill_guide(store: Store, session_id: int) -> None:
    for fields in MISTAKES:
        store.add_guide_item(session_id, "mistakes", fields)
    store.set_guide_form(session_id, "steps", {"model": STEP_MODELS[0], "steps": ""})
    for fields in OFFERS:
        store.add_guide_item(session_id, "offers", fields)
    store.add_guide_item(session_id, "escalation", {
        "when": "The patient asks for a manager, or Level One has not settled it",
        "to_whom": "Charge nurse, then the unit manager", "contact": "Pager 4410"})
    store.set_guide_form(session_id, "grievance", {
        "when_formal": "A written complaint, or a spoken one the patient wants handled formally.",
        "process": "Thank them, do not argue, and pass it to patient relations the same day.",
        "contact": "Patient relations, extension 2200"})
    store.add_guide_item(session_id, "resources", {
        "idea": "Voucher drawer at the nurses' station", "owner": "Unit manager",
        "status": "adopted"})
    store.set_guide_form(session_id, "logistics", {
        "guide_kept": "Shared drive, Unit folder; printed copy in the break room",
        "items_kept": "Locked drawer at the nurses' station",
        "receipts": "In the envelope in the drawer; the clerk sends them on Fridays."})
    store.add_guide_item(session_id, "assignments", {
        "what": "Stock the voucher drawer", "who": "Dana", "due": "2026-12-01", "done": ""})
    store.freeze_version(session_id, VersionStatus.DRAFT)
    said = store.add_feedback(session_id, FeedbackKind.MISSING,
                              "Night shift has no clerk: who takes receipts?", "logistics")
    store.update_feedback(said.id, response="Night shift leaves them in the drawer envelope.")
    store.add_feedback(session_id, FeedbackKind.RIGHT, "The blanket and drink offer works.",
                       "mistakes")
    store.set_guide_form(session_id, "logistics", {
        "receipts": "In the envelope in the drawer (night shift too); the clerk sends them "
                    "on Fridays."})
    store.freeze_version(session_id, VersionStatus.FINAL)
    store.add_recovery_item(session_id, given_on=date(2026, 11, 12), item="Meal voucher",
                            value_cents=1500, reason="Discharge waited past lunch",
                            giver="RN, 4 West", receipt=True)
    store.set_phase(session_id, Phase.DONE)


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    sample_session(folder, "close")
    store = Store.open(folder)
    fill_guide(store, store.sessions()[0].id)
    store.close()
