"""The finished guide: structured sections, versions, options, the draft marking, hostile text."""

import subprocess
import sys
import zipfile
from datetime import date

import pytest
from docx import Document
from samples import HOSTILE_TEXTS

from svcrec_desktop.export.docx_text import xml_safe
from svcrec_desktop.export.guide import (
    DRAFT_MARK,
    FEEDBACK_TITLE,
    NOTES_TITLE,
    REGISTER_TITLE,
    long_date,
)
from svcrec_desktop.exporting import ExportOptions, export_session
from svcrec_desktop.guide_model import SECTIONS, STEP_MODELS, FeedbackKind, VersionStatus

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def session(store, playbook):
    made = store.create_session("Cardiology", first_step="welcome", facilitator="Dana Reyes",
                                meeting_date=date(2026, 11, 3))
    store.add_note(made.id, "q2", "Call lights ignored at shift change")
    store.add_guide_item(made.id, "mistakes", {
        "mistake": "Call lights ignored at shift change", "make_right": "Go in and say sorry",
        "on_the_spot": "A warm blanket", "tell": "Charge nurse", "documented": "Service log"})
    store.set_guide_form(made.id, "steps", {"model": STEP_MODELS[0]})
    store.add_guide_item(made.id, "offers", {"offer": "Meal voucher", "roles": "Anyone",
                                             "limit": "15.00"})
    store.add_guide_item(made.id, "assignments", {"what": "Stock the drawer", "who": "Dana",
                                                  "due": "2026-12-01", "done": ""})
    store.set_guide_form(made.id, "logistics", {"receipts": "Envelope in the drawer"})
    return made


def export(store, playbook, session, path, **options):
    return Document(export_session(store, playbook, session.id, path, ExportOptions(**options)))


def text(document) -> str:
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def headings(document, level=1) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def table_with(document, first_cell: str):
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_cell)


def test_sections_are_headings_with_tables_where_they_help(store, playbook, session, tmp_path):
    document = export(store, playbook, session, tmp_path / "g.docx")
    assert headings(document)[:len(SECTIONS)] == [s.title for s in playbook.guide]
    assert "1. Call lights ignored at shift change" in headings(document, 2)
    mistake = table_with(document, "How we make it right")
    assert [r.cells[1].text for r in mistake.rows] == [
        "Go in and say sorry", "A warm blanket", "Charge nurse", "Service log"]
    offers = table_with(document, "What staff may offer without asking")
    assert [c.text for c in offers.rows[1].cells] == ["Meal voucher", "Anyone", "15.00"]
    assert offers.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None  # repeats on each page
    assignments = table_with(document, "What")
    assert [c.text for c in assignments.rows[1].cells] == [
        "Stock the drawer", "Dana", "1 December 2026", "Not yet"]
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert numbered[0] == "Hear the concern out without interrupting." and len(numbered) == 5
    grievance = headings(document).index("When a complaint becomes a formal grievance")
    assert "To fill in." in text(document)  # a draft's empty section shows its guidance
    assert grievance >= 0


def test_contents_is_a_real_field_updated_on_open(store, playbook, session, tmp_path):
    path = tmp_path / "g.docx"
    document = export(store, playbook, session, path)
    instructions = [t.text for t in document.element.body.iter(f"{W}instrText")]
    assert any(i.strip().startswith("TOC ") for i in instructions)
    settings = zipfile.ZipFile(path).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings
    entries_start = [p.text for p in document.paragraphs].index("Contents") + 1
    listed = [p.text for p in document.paragraphs[entries_start:entries_start + 10]]
    assert listed[:2] == [playbook.guide[0].title, playbook.guide[1].title]


def test_versions_freeze_and_differ_and_only_drafts_are_marked(store, playbook, session,
                                                               tmp_path):
    draft = store.freeze_version(session.id, VersionStatus.DRAFT)
    said = store.add_feedback(session.id, FeedbackKind.MISSING, "Night shift receipts?",
                              "logistics")
    store.update_feedback(said.id, response="Night shift uses the envelope too.")
    store.add_feedback(session.id, FeedbackKind.RIGHT, "Keep the blanket", "mistakes")
    store.set_guide_form(session.id, "logistics", {"receipts": "Envelope, night shift too"})
    final = store.freeze_version(session.id, VersionStatus.FINAL)
    store.set_guide_form(session.id, "logistics", {"receipts": "changed after publishing"})

    old = export(store, playbook, session, tmp_path / "d.docx", version_id=draft.id)
    new = export(store, playbook, session, tmp_path / "f.docx", version_id=final.id)
    assert "Envelope in the drawer" in text(old) and "Envelope, night shift too" in text(new)
    assert "changed after publishing" not in text(old) + text(new)
    assert [p.text for p in old.sections[0].header.paragraphs] == [DRAFT_MARK]
    assert DRAFT_MARK in text(old)
    assert DRAFT_MARK not in "".join(p.text for p in new.sections[0].header.paragraphs)
    assert DRAFT_MARK not in text(new)
    assert "Draft version 1" in text(old) and "Final version 2" in text(new)
    assert FEEDBACK_TITLE not in headings(old) and FEEDBACK_TITLE in headings(new)
    changes = table_with(new, "Kind")
    assert [c.text for c in changes.rows[1].cells] == [
        "What is missing", "Where things are kept", "Night shift receipts?",
        "Night shift uses the envelope too."]
    assert [c.text for c in changes.rows[2].cells][::2] == ["What feels right", "Keep the blanket"]
    footer = new.sections[0].footer.paragraphs[0].text
    assert footer.startswith(f"Cardiology · Final version 2 · {long_date(final.created_at)}")
    assert new.core_properties.content_status == "Final"


def test_options_choose_the_appendices_and_the_footer(store, playbook, session, tmp_path):
    store.add_recovery_item(session.id, given_on=date(2026, 11, 12), item="Meal voucher",
                            value_cents=1500, reason="Late discharge", giver="RN", receipt=True)
    store.add_recovery_item(session.id, given_on=date(2026, 11, 20), item="Parking",
                            value_cents=825, giver="Clerk")
    full = export(store, playbook, session, tmp_path / "a.docx", include_register=True,
                  footer_text="Questions: patient experience, ext. 2200")
    assert REGISTER_TITLE in headings(full) and NOTES_TITLE in headings(full)
    register = table_with(full, "Date")
    assert [c.text for c in register.rows[1].cells] == [
        "12 November 2026", "Meal voucher", "15.00", "Late discharge", "RN", "Yes"]
    assert [c.text for c in table_with(full, "Month").rows[1].cells] == ["2026-11", "2", "23.25"]
    footer = "".join(full.sections[0].footer._element.itertext())
    assert "Questions: patient experience, ext. 2200" in footer
    assert "University of Utah" not in footer

    bare = export(store, playbook, session, tmp_path / "b.docx", include_notes=False)
    assert NOTES_TITLE not in headings(bare) and REGISTER_TITLE not in headings(bare)
    assert "Contents" in text(bare) and NOTES_TITLE not in text(bare)  # nor in the contents


def test_the_closing_page_shows_reflection_and_help_contact(store, playbook, session, tmp_path):
    store.update_session(session.id, help_contact="Patient experience team, ext. 2200",
                         reflection="Good energy.\nThe night shift wants its own session.")
    document = export(store, playbook, session, tmp_path / "g.docx")
    assert headings(document)[-1] == "After the session"
    body = text(document)
    assert "Patient experience team, ext. 2200" in body
    assert "The night shift wants its own session." in body


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXTS))
def test_hostile_text_in_every_field_exports_cleanly(store, playbook, tmp_path, name):
    hostile = HOSTILE_TEXTS[name]
    short = hostile[:2000]
    made = store.create_session("Cardiology", first_step="welcome")
    for spec in SECTIONS:
        fields = {f.name: (short if f.kind in ("line", "text") else "") for f in spec.fields}
        if spec.single:
            store.set_guide_form(made.id, spec.id, fields)
        else:
            store.add_guide_item(made.id, spec.id, fields)
    store.add_feedback(made.id, FeedbackKind.OFF, short, "offers")
    store.freeze_version(made.id, VersionStatus.FINAL)
    path = tmp_path / "g.docx"
    version = store.versions(made.id)[-1]
    document = export(store, playbook, made, path, version_id=version.id)
    assert text(document).count(xml_safe(short)) >= len(SECTIONS)


def test_libreoffice_renders_every_page_with_numbers(store, playbook, session, tmp_path,
                                                       soffice):
    store.freeze_version(session.id, VersionStatus.DRAFT)
    version = store.versions(session.id)[-1]
    path = export_session(store, playbook, session.id, tmp_path / "guide.docx",
                          ExportOptions(version_id=version.id, include_register=True))
    subprocess.run([*soffice, "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pages = subprocess.run(["pdftotext", "-layout", str(tmp_path / "guide.pdf"), "-"],
                           check=True, capture_output=True, text=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 4
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
        assert DRAFT_MARK in page
    assert "Common mistakes and how we put them right" in pages[0]  # listed in the contents


def test_command_line_exports_a_version_and_explains_a_missing_one(store, session, data_dir,
                                                                  tmp_path):
    store.freeze_version(session.id, VersionStatus.DRAFT)
    store.close()
    run = [sys.executable, "-m", "svcrec_desktop", "--data-dir", str(data_dir), "export"]
    missing = subprocess.run([*run, "--version", "final", "--out", str(tmp_path / "f.docx")],
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode != 0 and "no final version yet" in missing.stderr
    wrong = subprocess.run([*run, "--version", "7", "--out", str(tmp_path / "f.docx")],
                           capture_output=True, text=True, timeout=120)
    assert "There is no version 7 (versions: 1)" in wrong.stderr
    done = subprocess.run([*run, "--version", "1", "--no-notes", "--out",
                           str(tmp_path / "d.docx")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Draft version 1" in text(Document(tmp_path / "d.docx"))
