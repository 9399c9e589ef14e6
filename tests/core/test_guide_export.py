"""The finished guide: structured sections, versions, options, the draft marking, hostile text."""

import subprocess
import sys
from datetime import date, timedelta

import pytest
from docx import Document
from docx.text.paragraph import Paragraph
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.guide_model import SECTIONS, STEP_MODELS, FeedbackKind, VersionStatus
from svcrec_desktop.domain.model import Phase, long_date
from svcrec_desktop.export.docx_text import xml_safe
from svcrec_desktop.export.guide import (
    DRAFT_MARK,
    FEEDBACK_TITLE,
    FINDINGS_TITLE,
    NOTES_TITLE,
    REGISTER_TITLE,
    SUPERSEDED_MARK,
    export_session,
)
from svcrec_desktop.export.meeting_notes import NOT_ADDRESSED, NOTHING_SAID
from svcrec_desktop.export.source import ExportOptions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def session(store, playbook):
    made = store.sessions.create("Cardiology", first_step="welcome", facilitator="Dana Reyes",
                                meeting_date=date(2026, 11, 3))
    store.notes.add(made.id, "q2", "Call lights ignored at shift change")
    store.guide.add_item(made.id, "mistakes", {
        "mistake": "Call lights ignored at shift change", "make_right": "Go in and say sorry",
        "on_the_spot": "A warm blanket", "tell": "Charge nurse", "documented": "Service log"})
    store.guide.set_form(made.id, "steps", {"model": STEP_MODELS[0]})
    store.guide.add_item(made.id, "offers", {"offer": "Meal voucher", "roles": "Anyone",
                                             "limit": "15.00"})
    store.guide.add_item(made.id, "assignments", {"what": "Stock the drawer", "who": "Dana",
                                                  "due": "2026-12-01", "done": ""})
    store.guide.set_form(made.id, "logistics", {"receipts": "Envelope in the drawer"})
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


def callout(document) -> str:
    return " ".join(p.text for p in document.paragraphs if p.style.name == "Draft Callout"
                    and not p.text.startswith("To fill in."))


def title_page(document) -> str:
    """The title page's words: what comes before the first page break."""
    first = next(n for n, p in enumerate(document.paragraphs)
                 if p.paragraph_format.page_break_before)
    body = document.element.body
    end = list(body).index(document.paragraphs[first]._p)
    cells = [t for t in document.tables if list(body).index(t._tbl) < end]
    return "\n".join([p.text for p in document.paragraphs[:first]]
                     + [c.text for t in cells for r in t.rows for c in r.cells])


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


def test_the_contents_list_the_headings_in_order(store, playbook, session, tmp_path):
    store.findings.add(session.id, [{"theme": "Waiting without updates", "count": 14}])
    store.feedback.add(session.id, FeedbackKind.MISSING, "Night shift?")
    document = export(store, playbook, session, tmp_path / "g.docx", include_register=True,
                      include_notes=True)
    start = [p.text for p in document.paragraphs].index("Contents") + 1
    expected = [FINDINGS_TITLE, *(s.title for s in playbook.guide), "Feedback from meeting 2",
                REGISTER_TITLE, NOTES_TITLE]
    listed = [p.text for p in document.paragraphs[start:start + len(expected)]]
    assert listed == expected == headings(document)


def test_versions_freeze_and_differ_and_only_drafts_are_marked(store, playbook, session,
                                                               tmp_path):
    draft = store.versions.freeze(session.id, VersionStatus.DRAFT)
    said = store.feedback.add(session.id, FeedbackKind.MISSING, "Night shift receipts?",
                              "logistics")
    store.feedback.update(said.id, response="Night shift uses the envelope too.")
    store.feedback.add(session.id, FeedbackKind.RIGHT, "Keep the blanket", "mistakes")
    store.feedback.add(session.id, FeedbackKind.OFF, "Vouchers run out at weekends", "offers")
    store.guide.set_form(session.id, "logistics", {"receipts": "Envelope, night shift too"})
    final = store.versions.freeze(session.id, VersionStatus.FINAL)
    store.guide.set_form(session.id, "logistics", {"receipts": "changed after publishing"})

    old = export(store, playbook, session, tmp_path / "d.docx", version_id=draft.id)
    new = export(store, playbook, session, tmp_path / "f.docx", version_id=final.id)
    assert "Envelope in the drawer" in text(old) and "Envelope, night shift too" in text(new)
    assert "changed after publishing" not in text(old) + text(new)
    # The old draft says the final replaced it; the final carries no draft marking.
    assert [p.text for p in old.sections[0].header.paragraphs] == [SUPERSEDED_MARK]
    assert SUPERSEDED_MARK in text(old)
    assert DRAFT_MARK not in "".join(p.text for p in new.sections[0].header.paragraphs)
    assert DRAFT_MARK not in text(new)
    version = table_with(new, "Department").rows[0].cells
    assert [c.text for c in version[2:]] == ["Version", "Final 1"]
    assert "Draft 1" in title_page(old) and "Final 1" in title_page(new)
    assert FEEDBACK_TITLE not in headings(old) and FEEDBACK_TITLE in headings(new)
    changes = table_with(new, "Question")
    assert [[c.text for c in row.cells] for row in changes.rows[1:]] == [
        ["What is missing", "Where things are kept", "Night shift receipts?",
         "Night shift uses the envelope too."],
        ["What feels off", "What any of us may offer without asking",
         "Vouchers run out at weekends", NOT_ADDRESSED],  # an unanswered point says so
        ["What feels right", "Common mistakes and how we put them right", "Keep the blanket",
         "Noted"]]
    footer = new.sections[0].footer.paragraphs[0].text
    assert footer.startswith(f"Cardiology · Final 1 · {long_date(final.created_at)}")
    assert new.core_properties.content_status == "Final"


def test_options_choose_the_appendices_and_the_footer(store, playbook, session, tmp_path):
    store.register.add(session.id, given_on=date(2026, 11, 12), item="Meal voucher",
                            value_cents=1500, reason="Late discharge", giver="RN", receipt=True)
    store.register.add(session.id, given_on=date(2026, 11, 20), item="Parking",
                            value_cents=825, giver="Clerk")
    full = export(store, playbook, session, tmp_path / "a.docx", include_register=True,
                  include_notes=True, footer_text="Questions: patient experience, ext. 2200")
    assert REGISTER_TITLE in headings(full) and NOTES_TITLE in headings(full)
    register = table_with(full, "Date")
    assert [c.text for c in register.rows[1].cells] == [
        "12 November 2026", "Meal voucher", "15.00", "Late discharge", "RN", "Yes"]
    assert [c.text for c in table_with(full, "Month").rows[1].cells] == [
        "November 2026", "2", "23.25"]
    footer = "".join(full.sections[0].footer._element.itertext())
    assert "Questions: patient experience, ext. 2200" in footer
    assert "University of Utah" not in footer

    bare = export(store, playbook, session, tmp_path / "b.docx")  # the notes are an option
    assert NOTES_TITLE not in headings(bare) and REGISTER_TITLE not in headings(bare)
    assert "Contents" in text(bare) and NOTES_TITLE not in text(bare)  # nor in the contents


def test_the_title_page_has_document_control_and_the_facilitators_own_stay_out(
        store, playbook, session, tmp_path):
    unapproved = title_page(export(store, playbook, session, tmp_path / "u.docx"))
    for words in ("Owner", "Not named yet", "Approved by", "Not approved yet", "Next review",
                  "A year after approval"):
        assert words in unapproved
    store.sessions.update(session.id, owner="Unit manager, 4 West",
                         approved_by="Director of nursing", approved_on=date(2026, 12, 4),
                         help_contact="Patient experience team, ext. 2200",
                         reflection="Good energy.\nThe night shift wants its own session.")
    store.times.add(session.id, "q2", 600)
    parked = store.notes.add(session.id, "q3", "Parking fees", parked=True)
    store.actions.add(session.id, parked.uid, "Ask facilities")
    document = export(store, playbook, session, tmp_path / "g.docx", include_notes=True)
    page = title_page(document)
    control = table_with(document, "Owner")
    assert [[c.text for c in row.cells] for row in control.rows[:2]] == [
        ["Owner", "Unit manager, 4 West", "Approved by", "Director of nursing"],
        ["Approved on", "4 December 2026", "Next review", "4 December 2027"]]
    assert "Patient experience team, ext. 2200" in page
    everything = text(document)  # what is the facilitator's stays in the record
    for private in ("night shift wants", "How it went", "Time per step", "Parking fees",
                    "Ask facilities", "Parking lot", "After the session"):
        assert private not in everything, private
    store.sessions.update(session.id, review_on=date(2027, 6, 1))
    again = table_with(export(store, playbook, session, tmp_path / "h.docx"), "Owner")
    assert again.rows[1].cells[3].text == "1 June 2027"


def test_what_patients_told_us_comes_before_the_mistakes_each_naming_its_theme(
        store, playbook, session, tmp_path):
    period = {"period_start": date(2026, 1, 1), "period_end": date(2026, 6, 30)}
    store.findings.add(session.id, [
        {"theme": "Waiting without updates", "count": 14, "source": "survey comments",
         "example": "Nobody told us why", **period},
        {"theme": "Noise at night", "count": 3, "source": "survey comments", **period}])
    [mistake] = store.guide.items(session.id, "mistakes")
    store.guide.update_item(mistake.id, {"theme": "Waiting without updates"})
    store.guide.add_item(session.id, "mistakes", {"mistake": "Jargon", "make_right": "Explain"})
    document = export(store, playbook, session, tmp_path / "g.docx")
    assert headings(document)[:2] == [FINDINGS_TITLE, playbook.guide[0].title]
    assert ("The themes that came up most in what patients and families told us, from "
            "survey comments, 1 January 2026 to 30 June 2026.") in text(document)
    findings = table_with(document, "Theme")
    assert [[c.text for c in row.cells] for row in findings.rows] == [
        ["Theme", "How often", "One example"],
        ["Waiting without updates", "14", "Nobody told us why"],
        ["Noise at night", "3", "—"]]
    answers = [t for t in document.tables if t.rows[0].cells[0].text == "Theme it answers"]
    assert [t.rows[0].cells[1].text for t in answers] == ["Waiting without updates"]
    jargon = table_with(document, "How we make it right")  # no theme named: no empty row
    assert jargon.rows[0].cells[1].text == "Explain"
    store.findings.add(session.id, [{"theme": "Lost belongings", "count": 2,
                                     "source": "incident reports"}])
    mixed = table_with(export(store, playbook, session, tmp_path / "m.docx"), "Theme")
    assert [c.text for c in mixed.rows[0].cells] == ["Theme", "How often", "From",
                                                     "One example"]
    assert mixed.rows[3].cells[2].text == "incident reports"


@pytest.mark.parametrize(("phase", "feedback", "says"), [
    (Phase.PREPARING, False, "an early working draft"),
    (Phase.MEETING1, False, "The team shapes it at meeting 1 and comments on it at meeting 2 "
                            "on 24 November 2026."),
    (Phase.BETWEEN, False, "a draft for the team to comment on at meeting 2 on 24 November"),
    (Phase.MEETING2, False, "a draft for the team to comment on at meeting 2 on 24 November"),
    (Phase.MEETING2, True, f"The team gave its feedback on this draft at meeting 2 on "
                           f"{long_date(date.today())}; the page “Feedback from meeting 2” says "
                           "what was done with each point. This draft awaits publishing"),
    (Phase.DONE, False, "This draft awaits publishing as the final version"),
])
def test_the_draft_notice_says_where_the_session_is(store, playbook, session, tmp_path, phase,
                                                    feedback, says):
    store.sessions.update(session.id, meeting2_date=date(2026, 11, 24))
    if feedback:
        store.feedback.add(session.id, FeedbackKind.OFF, "Too long")
    store.sessions.set_phase(session.id, phase)
    assert says in callout(export(store, playbook, session, tmp_path / "g.docx"))


def test_feedback_is_dated_by_the_day_it_was_given_not_the_day_planned(store, playbook,
                                                                        session, tmp_path):
    """Meeting 2 planned for a later day, the feedback taken today: the guide says today."""
    store.sessions.update(session.id, meeting2_date=date.today() + timedelta(days=14))
    store.feedback.add(session.id, FeedbackKind.MISSING, "Nothing about interpreters")
    store.sessions.set_phase(session.id, Phase.MEETING2)
    said = callout(export(store, playbook, session, tmp_path / "g.docx"))
    assert f"at meeting 2 on {long_date(date.today())};" in said
    assert long_date(date.today() + timedelta(days=14)) not in said


def test_a_draft_after_the_final_says_the_final_is_the_one_to_follow(store, playbook,
                                                                      session, tmp_path):
    draft = store.versions.freeze(session.id, VersionStatus.DRAFT)
    store.versions.freeze(session.id, VersionStatus.FINAL)
    kept = callout(export(store, playbook, session, tmp_path / "d.docx", version_id=draft.id))
    assert "kept for the record" in kept and "The final version is the guide to follow" in kept
    working = callout(export(store, playbook, session, tmp_path / "w.docx"))
    assert "changes made since the final version was published" in working


def test_the_notes_appendix_shows_what_was_said_at_the_feedback_steps(store, playbook,
                                                                      session, tmp_path):
    store.feedback.add(session.id, FeedbackKind.MISSING, "Night shift receipts?", "logistics")
    store.notes.add(session.id, "m2-logistics", "The drawer key is with the charge nurse")
    store.versions.freeze(session.id, VersionStatus.FINAL)

    def under(document, step_id: str) -> str:
        """The words between a step's heading and the next heading."""
        step = playbook.step(step_id)
        title = f"Meeting 2 · {playbook.meeting2.index(step) + 1}. {step.title}"
        blocks = list(document.iter_inner_content())
        start = next(n for n, b in enumerate(blocks) if getattr(b, "text", "") == title)
        said = []
        for block in blocks[start + 1:]:
            if isinstance(block, Paragraph) and block.style.name.startswith("Heading"):
                break
            said += [block.text] if isinstance(block, Paragraph) else [
                c.text for r in block.rows for c in r.cells]
        return " ".join(said)

    final = store.versions.of_session(session.id)[-1].id
    paged = export(store, playbook, session, tmp_path / "f.docx", include_notes=True,
                   version_id=final)
    missing = under(paged, "m2-missing")
    assert f"on the page “{FEEDBACK_TITLE}”" in missing and NOTHING_SAID not in missing
    assert NOTHING_SAID in under(paged, "m2-off")  # nothing was said there
    assert "The drawer key" in under(paged, "m2-logistics")
    alone = export(store, playbook, session, tmp_path / "n.docx", include_notes=True,
                   include_feedback=False, version_id=final)
    missing = under(alone, "m2-missing")
    assert "Night shift receipts?" in missing and NOT_ADDRESSED in missing
    assert NOTHING_SAID not in missing and FEEDBACK_TITLE not in headings(alone)


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXTS))
def test_hostile_text_in_every_field_exports_cleanly(store, playbook, tmp_path, name):
    hostile = HOSTILE_TEXTS[name]
    short = hostile[:2000]
    made = store.sessions.create("Cardiology", first_step="welcome")
    for spec in SECTIONS:
        fields = {f.name: (short if f.kind in ("line", "text") else "") for f in spec.fields}
        if spec.single:
            store.guide.set_form(made.id, spec.id, fields)
        else:
            store.guide.add_item(made.id, spec.id, fields)
    store.feedback.add(made.id, FeedbackKind.OFF, short, "offers")
    store.versions.freeze(made.id, VersionStatus.FINAL)
    path = tmp_path / "g.docx"
    version = store.versions.of_session(made.id)[-1]
    document = export(store, playbook, made, path, version_id=version.id)
    assert text(document).count(xml_safe(short)) >= len(SECTIONS)


def test_command_line_exports_a_version_and_explains_a_missing_one(store, session, data_dir,
                                                                  tmp_path):
    store.versions.freeze(session.id, VersionStatus.DRAFT)
    store.close()
    run = [sys.executable, "-m", "svcrec_desktop", "--data-dir", str(data_dir), "export"]
    missing = subprocess.run([*run, "--version", "final", "--out", str(tmp_path / "f.docx")],
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode != 0 and "no final version yet" in missing.stderr
    wrong = subprocess.run([*run, "--version", "7", "--out", str(tmp_path / "f.docx")],
                           capture_output=True, text=True, timeout=120)
    assert "There is no version “7” (versions: Draft 1)" in wrong.stderr
    done = subprocess.run([*run, "--version", "1", "--no-notes", "--out",  # still accepted
                           str(tmp_path / "d.docx")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    plain = Document(tmp_path / "d.docx")
    assert "Draft 1" in title_page(plain) and NOTES_TITLE not in headings(plain)
    noted = subprocess.run([*run, "--notes", "--out", str(tmp_path / "n.docx")],
                           capture_output=True, text=True, timeout=120)
    assert noted.returncode == 0, noted.stderr
    assert NOTES_TITLE in headings(Document(tmp_path / "n.docx"))
