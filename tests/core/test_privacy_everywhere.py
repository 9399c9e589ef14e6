"""The privacy check reads everything that leaves: wherever an identifier hides in a session,
the check finds it, every identifier an exported file holds was listed by the check of that
route, and the command line agrees with the core."""

import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from svcrec_desktop.domain.guide_model import FeedbackKind, VersionStatus
from svcrec_desktop.domain.invitation import invitation_text
from svcrec_desktop.domain.page_format import PageFormat
from svcrec_desktop.domain.privacy import find_identifiers, looked_for_sentence, redact
from svcrec_desktop.export.guide import export_guide
from svcrec_desktop.export.invitation import export_invitation
from svcrec_desktop.export.quick_card import export_quick_card
from svcrec_desktop.export.record import export_record
from svcrec_desktop.export.source import (
    ExportOptions,
    all_texts,
    exportable_view,
    guide_texts,
    invitation_texts,
    quick_card_texts,
    record_texts,
    register_texts,
    spot_identifiers,
    store_redacted,
)
from svcrec_desktop.files.register_csv import export_register_csv, register_csv

# One identifier of each form the check knows, each unique so its place can be told.
IDENTIFIERS = {
    "uk mobile": "07700 900123",
    "us phone": "(801) 555-0134",
    "international phone": "+33 1 23 45 67 89",
    "e-mail": "j.smith@example.org",
    "record number": "MRN 4417720",
    "nhs number": "943 476 5919",
    "social security": "219-09-9999",
    "date of birth": "DOB 14/03/1962",
    "name": "Mrs Okafor",
}


def hiding_places(store, session_id: int, secret: str) -> dict[str, object]:
    """Put the secret in one place of each kind a person types into; returns the places."""
    note = store.notes.add(session_id, "q2", f"said: {secret}")
    parked = store.notes.add(session_id, "q4", f"parked: {secret}", parked=True)
    action = store.actions.add(session_id, note.uid, f"do: {secret}", owner=f"who: {secret}")
    item = store.guide.add_item(session_id, "mistakes", {"make_right": f"fix: {secret}"})
    form = store.guide.set_form(session_id, "logistics", {"receipts": f"receipts: {secret}"})
    offer = store.guide.add_item(session_id, "offers", {"offer": "Voucher",
                                                        "limit": f"ask {secret}"})
    said = store.feedback.add(session_id, FeedbackKind.OFF, f"feedback: {secret}")
    store.feedback.update(said.id, response=f"response: {secret}")
    row = store.register.add(session_id, given_on=date(2026, 11, 3), item="Meal",
                                  reason=f"reason: {secret}", giver="RN")
    store.sessions.update(session_id, help_contact=f"help: {secret}",
                         reflection=f"reflection: {secret}", owner=f"owner: {secret}",
                         approved_by=f"approver: {secret}")
    store.findings.add(session_id, [{"theme": f"theme: {secret}", "count": 2,
                                     "example": f"example: {secret}"}])
    return {"note": note, "parked": parked, "action": action, "item": item, "form": form,
            "offer": offer, "feedback": said, "register": row}


@pytest.mark.parametrize("form", IDENTIFIERS)
def test_each_form_is_found_wherever_it_hides(store, playbook, form):
    secret = IDENTIFIERS[form]
    session = store.sessions.create("Cardiology", first_step="welcome",
                                   facilitator=f"facilitator {secret}")
    hiding_places(store, session.id, secret)
    spotted = spot_identifiers(all_texts(exportable_view(store, session.id), playbook))
    places = {found.where.split(" · ")[0] for found in spotted
              if secret.endswith(found.identifier.text) or found.identifier.text in secret}
    assert places == {"Session details", "Note", "Guide", "Feedback from meeting 2",
                      "Register", "What patients told us"}, form
    wheres = " | ".join(found.where for found in spotted)
    for expected in ("action item", "action item, who", "Common mistakes and how",
                     "Where things are kept", "What any of us may offer", "what was said",
                     "what we did", "reason", "Help contact", "How it went", "Facilitator",
                     "Owner", "Approved by", "theme 1 · theme", "theme 1 · example"):
        assert expected.casefold() in wheres.casefold(), (form, expected)


def passages(texts: list[str]):
    """Each paragraph of an exported file as a passage of its own, as the check reads it."""
    return [type("P", (), {"id": n, "text": t})() for n, t in enumerate(texts)]


def docx_paragraphs(path: Path) -> list[str]:
    document = Document(path)
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for t in document.tables for r in t.rows for c in r.cells
              for p in c.paragraphs]
    for section in document.sections:
        texts += [p.text for p in section.footer.paragraphs + section.header.paragraphs]
    core = document.core_properties
    return [*texts, core.title or "", core.author or "", core.subject or ""]


def test_every_identifier_a_file_holds_was_listed_by_its_check(store, playbook, tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome",
                                   facilitator="Dr Adeyemi", note_taker="sam@example.org")
    for n, secret in enumerate(IDENTIFIERS.values()):
        if n % 2:
            hiding_places(store, session.id, secret)
    store.versions.freeze(session.id, VersionStatus.DRAFT)
    everything = ExportOptions(include_notes=True, include_feedback=True, include_register=True)
    view = exportable_view(store, session.id)
    routes = {
        "guide": (export_guide(view, playbook, tmp_path / "g.docx", options=everything),
                  guide_texts(view, playbook, everything)),
        "guide, no notes": (export_guide(view, playbook, tmp_path / "h.docx"),
                            guide_texts(view, playbook, ExportOptions())),
        "facilitator's record": (export_record(view, playbook, tmp_path / "r.docx",
                                               PageFormat()),
                                 record_texts(view, playbook)),
        "quick card": (export_quick_card(view, tmp_path / "c.docx"),
                       quick_card_texts(view, playbook)),
        "invitation": (export_invitation(invitation_text(view.session, playbook), view.session,
                                         tmp_path / "i.docx"),
                       invitation_texts(view, playbook)),
    }
    for route, (written, texts) in routes.items():
        in_file = {found.text for found in find_identifiers(passages(docx_paragraphs(written)))}
        listed = {found.identifier.text for found in spot_identifiers(texts)}
        assert in_file and in_file <= listed, route
    csv_lines = register_csv(view.register).splitlines()
    in_csv = {found.text for found in find_identifiers(passages(csv_lines))}
    assert in_csv <= {found.identifier.text for found in spot_identifiers(register_texts(view))}
    assert export_register_csv(view.register, tmp_path / "r.csv").exists()


def test_a_redaction_reaches_the_version_it_was_found_in(store, playbook):
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.guide.add_item(session.id, "mistakes", {"mistake": "Call 07700 900123 back"})
    version = store.versions.freeze(session.id, VersionStatus.FINAL)
    view = exportable_view(store, session.id, version.id)
    [found] = spot_identifiers(guide_texts(view, playbook, ExportOptions(version_id=version.id)))
    [text] = [t for t in guide_texts(view, playbook, ExportOptions(version_id=version.id))
              if t.id == found.identifier.note_id]
    store_redacted(store, text.id, redact(text.text, [found.identifier]))
    again = exportable_view(store, session.id, version.id)
    assert again.content.section("mistakes")[0].get("mistake") == "Call [removed] back"
    assert spot_identifiers(guide_texts(again, playbook, ExportOptions())) == []


def test_a_redaction_in_what_patients_told_us_goes_back_to_the_finding(store, playbook):
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.findings.add(session.id, [{"theme": "Waiting", "count": 4,
                                     "example": "Mrs Okafor waited all day"}])
    texts = guide_texts(exportable_view(store, session.id), playbook, ExportOptions())
    [found] = spot_identifiers(texts)
    assert found.where == "What patients told us · theme 1 · example"
    [text] = [t for t in texts if t.id == found.identifier.note_id]
    store_redacted(store, text.id, redact(text.text, [found.identifier]))
    [finding] = store.findings.of_session(session.id)
    assert finding.example == "Mrs [removed] waited all day" and finding.theme == "Waiting"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svcrec_desktop", *args],
                          capture_output=True, text=True, timeout=120)


def test_the_command_line_lists_refuses_and_agrees_with_the_core(data_dir, playbook, tmp_path):
    from svcrec_desktop.store.database import Store

    store = Store.open(data_dir)
    session = store.sessions.create("Cardiology", first_step="welcome")
    note = store.notes.add(session.id, "q2", "Ring the son on 07700 900123 tonight")
    store.register.add(session.id, given_on=date(2026, 11, 3), item="Meal",
                            reason="for Mrs Okafor", giver="RN")
    core = spot_identifiers(all_texts(exportable_view(store, session.id), playbook))
    store.close()
    folder = ["--data-dir", str(data_dir)]

    checked = cli("privacy-check", *folder)
    lines = checked.stdout.splitlines()
    assert checked.returncode == 1
    assert lines[:-1] == [f"{s.where} · {s.identifier.kind} · {s.identifier.text}"
                          for s in core]
    assert lines[-1] == looked_for_sentence()
    assert "07700 900123" in checked.stdout and "Okafor" in checked.stdout

    for command, out in (("export", "g.docx"), ("record", "f.docx"),
                         ("quick-card", "c.docx"), ("register-csv", "r.csv")):
        refused = cli(command, *folder, "--out", str(tmp_path / out))
        wrote = (tmp_path / out).exists()
        if command == "quick-card":  # the card holds neither the note nor the register
            assert refused.returncode == 0 and wrote, refused.stderr
            continue
        assert refused.returncode == 1 and not wrote, command
        assert "--allow-identifiers" in refused.stderr
        allowed = cli(command, *folder, "--out", str(tmp_path / out), "--allow-identifiers")
        assert allowed.returncode == 0 and (tmp_path / out).exists(), allowed.stderr

    store = Store.open(data_dir)
    store.notes.update(note.id, text="Ring the son tonight")
    [row] = store.register.items(session.id)
    store.register.update(row.id, reason="long wait")
    store.close()
    clean = cli("privacy-check", *folder)
    assert clean.returncode == 0
    assert clean.stdout.splitlines() == [looked_for_sentence()]
    assert "nothing" not in looked_for_sentence().casefold()


def test_no_export_holds_a_word_of_a_withheld_note_even_as_a_token(store, playbook, tmp_path):
    """The check and the exports read the same view: a confidential note's identifier is
    neither reported nor written."""
    session = store.sessions.create("Cardiology", first_step="welcome")
    hidden = store.notes.add(session.id, "q2", "Mrs Okafor 07700 900123")
    store.notes.set_confidential(hidden.id, True)
    view = exportable_view(store, session.id)
    assert spot_identifiers(all_texts(view, playbook)) == []
    written = export_guide(view, playbook, tmp_path / "g.docx")
    with zipfile.ZipFile(written) as package:
        assert not any(b"Okafor" in package.read(name) for name in package.namelist())
