"""The set-the-stage invitation: written from the session, kept when edited, saved as a letter."""

import re
import subprocess
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.invitation import (
    NEUTRAL_SIGNATURE,
    date_in_words,
    generated_invitation,
    invitation_text,
)
from svcrec_desktop.domain.model import Plan, Session, the_department
from svcrec_desktop.domain.playbook import Invitation
from svcrec_desktop.export.docx_text import xml_safe
from svcrec_desktop.export.invitation import ExportError, export_invitation, split_invitation

WHEN = datetime(2026, 3, 2, 9, 30)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def make_session(**changes) -> Session:
    session = Session(1, "Cardiology", "Dana Reyes", "Sam Lee", date(2026, 4, 14), "welcome",
                      WHEN, WHEN)
    return replace(session, **changes)


def test_dates_are_written_out_in_english():
    assert date_in_words(date(2026, 4, 14)) == "Tuesday 14 April 2026"
    assert date_in_words(date(2028, 2, 29)) == "Tuesday 29 February 2028"
    assert date_in_words(date(2027, 1, 3)) == "Sunday 3 January 2027"


def test_subject_blank_line_then_body_with_the_details(playbook):
    text = generated_invitation(make_session(), playbook)
    subject, blank, *body = text.split("\n")
    assert subject == "Cardiology: let's design how we put things right — Tuesday 14 April 2026"
    assert blank == ""
    assert body[0] == "Dear colleagues,"
    assert "On Tuesday 14 April 2026 we will meet" in text
    assert "how Cardiology responds" in text
    assert body[-2:] == ["Thank you,", "Dana Reyes"]
    assert "{" not in text and "}" not in text


def test_the_plan_chooses_its_sentence(playbook):
    wording = playbook.invitation
    implementing = generated_invitation(make_session(plan=Plan.IMPLEMENT), playbook)
    improving = generated_invitation(make_session(plan=Plan.IMPROVE), playbook)
    assert wording.implement in implementing and wording.improve not in implementing
    assert wording.improve in improving and wording.implement not in improving


def test_the_pre_read_line_only_when_there_is_one(playbook):
    without = generated_invitation(make_session(), playbook)
    assert "please read" not in without
    assert "\n\n\n" not in without  # the empty line leaves no gap behind
    both = generated_invitation(
        make_session(preread_title="Making it right", preread_where="intranet › Reading"),
        playbook,
    )
    assert "Before we meet, please read: Making it right (intranet › Reading)." in both
    assert "\n\nBefore we meet, please read" in both and "\n\n\n" not in both
    title_only = generated_invitation(make_session(preread_title="Making it right"), playbook)
    assert "please read: Making it right." in title_only
    where_only = generated_invitation(make_session(preread_where="https://intra/sr"), playbook)
    assert "please read: https://intra/sr." in where_only


def test_no_facilitator_signs_neutrally_and_participants_are_not_listed(playbook):
    for facilitator in ("", "   "):
        text = generated_invitation(
            make_session(facilitator=facilitator, participants="Ana Ortiz\nBen Okafor"), playbook
        )
        assert text.endswith(f"Thank you,\n{NEUTRAL_SIGNATURE}")
        assert "Ana Ortiz" not in text and "Ben Okafor" not in text


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_hostile_text_comes_through_exactly(playbook, name):
    text = HOSTILE_TEXTS[name]
    department = f"Ward {{date}} {{{{7}}}} {{0}} {{ {text[:200]}"
    facilitator = f"{{facilitator}} {text[:200]} }}"
    written = generated_invitation(
        make_session(department=department, facilitator=facilitator, preread_title=text),
        playbook,
    )
    assert written.startswith(f"{department}: let's design")
    assert f"how {the_department(department)} responds" in written
    assert written.endswith(f"Thank you,\n{facilitator}")
    assert f"please read: {text}." in written


def test_braces_in_the_playbook_wording(playbook):
    wording = Invitation(
        subject="{department} {{not a field}}",
        body="Hello {unknown} {}\n\n{preread}\n\nBye {facilitator}",
        implement="x", improve="y", preread="Read {preread}",
    )
    text = generated_invitation(make_session(), replace(playbook, invitation=wording))
    assert text == "Cardiology {not a field}\n\nHello {unknown} {}\n\nBye Dana Reyes"


def test_an_edited_invitation_wins_until_it_is_emptied(playbook):
    edited = "My own subject\n\nMy own words {department}"
    assert invitation_text(make_session(invitation=edited), playbook) == edited
    for empty in ("", "  \n "):
        assert invitation_text(make_session(invitation=empty), playbook) == (
            generated_invitation(make_session(), playbook)
        )


# The Word letter ---------------------------------------------------------------------------


def body_paragraphs(path: Path) -> tuple[str, list[str]]:
    paragraphs = Document(path).paragraphs
    return paragraphs[0].text, [p.text for p in paragraphs[1:]]


def test_the_letter_has_the_subject_as_heading_and_every_paragraph(tmp_path, playbook):
    text = generated_invitation(make_session(preread_title="Making it right"), playbook)
    target = export_invitation(text, make_session(), tmp_path / "invitation.docx")
    document = Document(target)
    heading = document.paragraphs[0]
    assert heading.style.name == "Heading 1"
    subject, paragraphs = body_paragraphs(target)
    assert subject == text.split("\n")[0]
    assert "\n\n".join(paragraphs) == text.split("\n", 2)[2]
    numbered = next(p for p in document.paragraphs if p.text.startswith("Please come"))
    assert numbered._p.findall(f".//{W}br")  # single line breaks stay line breaks
    properties = document.core_properties
    assert properties.title == subject
    assert properties.author == "Dana Reyes"
    assert properties.content_status == "" and "Invitation" in properties.subject


def test_an_edited_letter_keeps_its_own_shape(tmp_path):
    text = "\n\n  \nOur subject\n \n\nFirst line\nsecond line\n \t \nLast paragraph\n\t\n"
    assert split_invitation(text) == ("Our subject", ["First line\nsecond line",
                                                      "Last paragraph"])
    target = export_invitation(text, make_session(), tmp_path / "own.docx")
    assert body_paragraphs(target) == ("Our subject", ["First line\nsecond line",
                                                       "Last paragraph"])


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_hostile_text_in_the_letter(tmp_path, name):
    text = HOSTILE_TEXTS[name]
    subject = "Subject " + xml_safe(text[:50]).replace("\n", " ")
    target = export_invitation(f"{subject}\n\n{text}", make_session(facilitator=text),
                               tmp_path / "hostile.docx")
    assert body_paragraphs(target) == (subject, [xml_safe(text)])


def test_nothing_to_save_and_a_missing_folder_are_explained(tmp_path):
    with pytest.raises(ExportError, match="empty"):
        export_invitation(" \n\n ", make_session(), tmp_path / "empty.docx")
    target = tmp_path / "absent" / "invitation.docx"
    with pytest.raises(ExportError, match="does not exist"):
        export_invitation("Subject\n\nBody", make_session(), target)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_libreoffice_renders_a_one_page_letter(tmp_path, playbook, soffice):
    session = make_session(preread_title="Making it right", preread_where="intranet")
    text = generated_invitation(session, playbook)
    source = export_invitation(text, session, tmp_path / "invitation.docx")
    subprocess.run([*soffice, "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "invitation.pdf"
    rendered = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
    words = " ".join(rendered.split())
    assert "Cardiology: let's design how we put things right" in words
    assert "Before we meet, please read: Making it right (intranet)." in words
    assert words.endswith("Thank you, Dana Reyes")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)


def test_long_subject_and_names_fit_the_document_properties(tmp_path):
    long = "Ward " + "x" * 400
    session = make_session(department=long, facilitator=long)
    target = export_invitation(f"{long}\n\nBody", session, tmp_path / "long.docx")
    properties = Document(target).core_properties
    assert properties.title == long[:254] + "…" and properties.author == long[:254] + "…"
    assert body_paragraphs(target) == (long, ["Body"])


def test_the_invitation_says_how_the_department_responds(playbook):
    emergency = generated_invitation(make_session(department="Emergency Department"), playbook)
    assert emergency.startswith("Emergency Department: let's design")
    assert "design how the Emergency Department responds when" in emergency
    assert "design how Cardiology responds when" in generated_invitation(make_session(), playbook)
