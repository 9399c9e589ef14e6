"""The exported guide: every note, real headings and tables, page numbers, our properties."""

import os
import subprocess
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from docx import Document
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.model import Note, Session
from svcrec_desktop.export.atomic import ExportError
from svcrec_desktop.export.docx_text import xml_safe
from svcrec_desktop.export.guide import export_guide
from svcrec_desktop.export.source import ExportOptions, GuideSource

WHEN = datetime(2026, 11, 3, 14, 5, tzinfo=timezone(timedelta(hours=-7)))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WITH_NOTES = ExportOptions(include_notes=True)  # the appendix is an option, off by default


def make_session(department="Cardiology", facilitator="Dana Reyes") -> Session:
    return Session(1, department, facilitator, "Sam Lee", date(2026, 11, 3), "q2", WHEN, WHEN)


def make_notes(pairs) -> list[Note]:
    return [
        Note(i, f"uid{i}", 1, step, text, WHEN + timedelta(minutes=i), WHEN)
        for i, (step, text) in enumerate(pairs, 1)
    ]


def all_text(path: Path) -> str:
    document = Document(path)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def sample_notes(playbook):
    return make_notes((step.id, f"{step.title} — said in the room") for step in playbook.meeting1)


def test_guide_has_title_sections_notes_and_appendix(tmp_path, playbook, sample_notes):
    target = export_guide(GuideSource.of_notes(make_session(), sample_notes),
                          playbook, tmp_path / "g.docx", options=WITH_NOTES,
                          exported_at=WHEN)
    document = Document(target)
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == "Cardiology’s Guide to Service Recovery"
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.title for s in playbook.guide] + ["Appendix: meeting notes"]
    step_headings = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert step_headings[1:] == [f"Meeting 1 · {n}. {s.title}"
                                 for n, s in enumerate(playbook.meeting1, 1)]
    text = all_text(target)
    for note in sample_notes:
        assert note.text in text
    assert text.count("To fill in.") == len(playbook.guide)  # nothing is filled in yet
    for label in ("Department", "Facilitator", "Dana Reyes", "Note-taker", "Sam Lee"):
        assert label in text
    note_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Time"]
    assert len(note_tables) == len(playbook.meeting1)
    assert note_tables[0].rows[1].cells[0].text == f"{sample_notes[0].created_at:%H:%M}"
    header = note_tables[0].rows[0]._tr
    assert header.find(f"{W}trPr/{W}tblHeader") is not None


def test_section_draws_on_its_steps(tmp_path, playbook):
    notes = make_notes([("q5", "A voucher drawer at the desk"), ("q2", "Lost dentures")])
    target = export_guide(GuideSource.of_notes(make_session(), notes),
                          playbook, tmp_path / "g.docx")
    paragraphs = Document(target).paragraphs
    titles = [p.text if p.style.name == "Heading 1" else "" for p in paragraphs]
    resources = titles.index("Resources and tools we adopt")
    bullets = [p.text for p in paragraphs[resources:] if p.style.name == "List Bullet"]
    assert bullets[0] == "A voucher drawer at the desk"
    grievance = titles.index("When a complaint becomes a formal grievance")
    assert "What the team said" not in titles[grievance:resources]  # no step feeds it


def test_footer_has_real_page_fields(tmp_path, playbook):
    target = export_guide(GuideSource.of_notes(make_session(), []), playbook, tmp_path / "g.docx")
    footer = Document(target).sections[0].footer._element
    instructions = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Cardiology · Working draft · " in "".join(footer.itertext())
    assert "University of Utah Health" in "".join(footer.itertext())


def test_properties_are_ours_and_template_junk_is_gone(tmp_path, playbook):
    target = export_guide(GuideSource.of_notes(make_session(), []),
                          playbook, tmp_path / "g.docx", exported_at=WHEN)
    props = Document(target).core_properties
    assert props.title == "Cardiology’s Guide to Service Recovery"
    assert props.author == props.last_modified_by == "Dana Reyes"
    assert props.created == props.modified == datetime(2026, 11, 3, 21, 5, tzinfo=UTC)
    assert props.comments == "" and props.revision == 1
    package = zipfile.ZipFile(target)
    names = package.namelist()
    assert not any("thumbnail" in n or n.startswith("customXml") for n in names)
    for name in ("docProps/core.xml", "docProps/app.xml"):
        xml = package.read(name).decode()
        assert "python-docx" not in xml and "Macintosh" not in xml
    assert "<Application>Service Recovery Studio</Application>" in package.read(
        "docProps/app.xml"
    ).decode()
    styles = package.read("word/styles.xml").decode()
    assert "Draft Callout" in styles and 'w:ascii="Calibri"' in styles


def test_empty_facilitator_falls_back_to_the_application(tmp_path, playbook):
    target = export_guide(GuideSource.of_notes(make_session(facilitator=""), []),
                          playbook, tmp_path / "g.docx")
    assert Document(target).core_properties.author == "Service Recovery Studio"
    assert "—" in all_text(target)


def test_department_ending_in_s(tmp_path, playbook):
    target = export_guide(GuideSource.of_notes(make_session("Surgical Services"), []),
                          playbook, tmp_path / "g.docx")
    assert Document(target).paragraphs[0].text == "Surgical Services’ Guide to Service Recovery"


def test_notes_of_removed_steps_are_kept(tmp_path, playbook):
    notes = make_notes([("retired-step", "said under an old playbook")])
    target = export_guide(GuideSource.of_notes(make_session(), notes),
                          playbook, tmp_path / "g.docx", options=WITH_NOTES)
    paragraphs = [p.text for p in Document(target).paragraphs]
    assert "Notes from steps no longer in the playbook" in paragraphs
    assert "said under an old playbook" in all_text(target)


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_hostile_text_exports_cleanly(tmp_path, playbook, name):
    text = HOSTILE_TEXTS[name]
    session = make_session(department=f"Unit {text[:40]}")
    target = export_guide(GuideSource.of_notes(session, make_notes([("q2", text)])),
                          playbook, tmp_path / "g.docx", options=WITH_NOTES)
    document = Document(target)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    expected = xml_safe(text)
    assert expected in cells  # python-docx reads w:br back as \n and w:tab as \t
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets[0].startswith(expected)
    assert document.paragraphs[0].text.startswith(f"Unit {xml_safe(text[:40])}")


def test_xml_cleaning_removes_only_what_xml_cannot_hold():
    assert xml_safe("a\x00b\x1bc\x7fd") == "abc\x7fd"
    assert xml_safe("a\r\nb\rc\x0bd\u2028e\u2029f\x85g") == "a\nb\nc\nd\ne\nf\ng"
    assert xml_safe("tab\there") == "tab\there"
    assert xml_safe("x\ud800y\ufffez\uffff") == "xyz"
    kept = "👩‍👩‍👧 שלום مرحبا e\u0301 \ue000 \U0010fffd"
    assert xml_safe(kept) == kept


def test_tabs_and_breaks_are_real_and_rtl_paragraphs_are_bidi(tmp_path, playbook):
    notes = make_notes([("q1", "one\ttwo\nthree"), ("q1", "שלום עולם")])
    target = export_guide(GuideSource.of_notes(make_session(), notes),
                          playbook, tmp_path / "g.docx", options=WITH_NOTES)
    document = Document(target)
    paragraphs = document.paragraphs + [
        p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs
    ]
    runs = [r for p in paragraphs for r in p.runs if r.text == "one\ttwo\nthree"]
    assert len(runs) == 3  # bullets in the two sections q1 feeds, and the appendix row
    assert all(r._r.find(f"{W}tab") is not None and r._r.find(f"{W}br") is not None for r in runs)
    rtl = [p for p in paragraphs if p.text.startswith("שלום עולם")]
    assert len(rtl) == 3 and all(p._p.find(f"{W}pPr/{W}bidi") is not None for p in rtl)


def test_missing_folder_is_explained_and_nothing_written(tmp_path, playbook):
    target = tmp_path / "absent" / "g.docx"
    with pytest.raises(ExportError, match="does not exist"):
        export_guide(GuideSource.of_notes(make_session(), []), playbook, target)
    assert not target.parent.exists()


def test_a_folder_or_file_in_the_way_is_explained(tmp_path, playbook):
    (tmp_path / "g.docx").mkdir()
    with pytest.raises(ExportError, match="a folder has that name"):
        export_guide(GuideSource.of_notes(make_session(), []), playbook, tmp_path / "g.docx")
    (tmp_path / "plain").write_text("x")
    with pytest.raises(ExportError, match="is not a folder"):
        export_guide(GuideSource.of_notes(make_session(), []),
                     playbook, tmp_path / "plain" / "g.docx")


def test_failed_export_leaves_the_earlier_file_and_no_temporaries(tmp_path, playbook):
    target = tmp_path / "g.docx"
    export_guide(GuideSource.of_notes(make_session(), []), playbook, target)
    before = target.read_bytes()
    broken = Session(1, "Cardiology", "", "", date(2026, 11, 3), "q2", WHEN, WHEN)
    with pytest.raises(AttributeError):
        export_guide(GuideSource.of_notes(broken, [object()]),  # fails while building
                     playbook, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.docx"]


def test_export_replaces_an_earlier_file_with_normal_permissions(tmp_path, playbook):
    target = tmp_path / "g.docx"
    target.write_text("old")
    export_guide(GuideSource.of_notes(make_session(), []), playbook, target)
    assert zipfile.is_zipfile(target)
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.slow
def test_libreoffice_renders_the_guide_with_page_numbers(tmp_path, playbook, sample_notes, soffice):
    source = export_guide(GuideSource.of_notes(make_session(), sample_notes),
                          playbook, tmp_path / "guide.docx")
    subprocess.run([*soffice, "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "guide.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Cardiology’s Guide to Service Recovery" in text
    assert "Page 1 of" in text and "Page 2 of" in text
    assert sample_notes[-1].text in text


def test_very_long_names_are_shortened_in_the_properties_only(tmp_path, playbook):
    """Word limits a property to 255 characters; the title page keeps the whole name."""
    department, facilitator = "Cardiology and " * 30, "Dana " * 80
    target = export_guide(GuideSource.of_notes(make_session(department, facilitator), []), playbook,
                          tmp_path / "g.docx")
    document = Document(target)
    properties = document.core_properties
    assert len(properties.title) == 255 and properties.title.endswith("…")
    assert len(properties.author) == 255
    assert department.strip() in document.paragraphs[0].text
