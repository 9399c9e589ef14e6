"""Hostile text from every corner of Unicode, drawn by Hypothesis: kept, exported, rendered.

Characters come from every Unicode general category, unassigned code points and lone
surrogates included, with extra weight on the ones that break programs: controls, line and
paragraph separators, bidi controls, zero-width joiners, non-characters. Known troublemakers
(emoji ZWJ sequences, flags, CRLF / CR / U+2028, right-to-left text, combining marks) are
mixed in as whole samples. Big texts, up to 1 MB, repeat a short hostile text to a drawn
length.

The claims: the database gives back exactly what it was given, also after reopening and
after an edit; the exported guide reads back, through python-docx, as exactly that text
minus what XML cannot hold (xml_safe, the one adaptation the export makes); and LibreOffice
turns such guides into PDFs.

Examples per run (Hypothesis settings below): storage 200 small + 10 big, export 100 small
+ 6 big, LibreOffice 12 drawn + 1 explicit document, converted by one LibreOffice call; and
3,000 single characters to check that the drawing reaches all 30 Unicode categories.
"""

import itertools
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rendering import render_pdf
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.model import guide_title
from svcrec_desktop.domain.playbook import load_playbook
from svcrec_desktop.export.docx_text import (
    MAY_BE_RIGHT_TO_LEFT,
    add_text,
    directional_stretches,
    starts_right_to_left,
    xml_safe,
)
from svcrec_desktop.export.guide import export_session
from svcrec_desktop.export.source import ExportOptions
from svcrec_desktop.paths import builtin_playbook_file
from svcrec_desktop.store.database import Store

pytestmark = pytest.mark.slow  # `make test` runs it; `make test-core` leaves it out

PLAYBOOK = load_playbook(builtin_playbook_file())
STEP = "q2"  # its notes are offered in one guide section, as bullets, and in the appendix
ONE_MB = 1_000_000
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

CATEGORIES = (
    "Cc", "Cf", "Cn", "Co", "Cs", "Ll", "Lm", "Lo", "Lt", "Lu", "Mc", "Me", "Mn", "Nd", "Nl",
    "No", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Sc", "Sk", "Sm", "So", "Zl", "Zp", "Zs",
)
SPECIAL_CHARACTERS = (
    "\r", "\n", "\t", "\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\u2028",
    "\u2029", "\ufeff", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff", "\ud800", "\udbff",
    "\udc00", "\udfff", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b",
    "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\ue000",
    "\U0010fffd", "\u0301", "\u20e3", "\ufe0f", "א", "ع", "\u0378",
)
SAMPLES = (
    *(text for name, text in HOSTILE_TEXTS.items() if name != "one megabyte"),
    "👩\u200d👩\u200d👧\u200d👦", "🏳\ufe0f\u200d🌈", "👨🏽\u200d💻", "🧑\u200d🤝\u200d🧑",
    "🇳🇴🇸🇪", "1\ufe0f\u20e3", "\r\n", "\r", "\n\r", "\u2028", "\u2029", "a\r\nb\rc\u2028d",
    "\u202eevil\u202c normal", "\u2067שלום\u2069 abc", "مرحبا\u200f بالعالم", "\u202b\u202d",
    "e\u0301\u0302\u0303\u0304", "\t\t", "  leading and trailing  ", "",
)

any_character = st.one_of(
    st.characters(codec=None, exclude_categories=()),  # anything at all, surrogates too
    *(st.characters(categories=[category], codec=None) for category in CATEGORIES),
    st.sampled_from(SPECIAL_CHARACTERS),
)
drawn_text = st.text(any_character, max_size=60)
hostile_text = st.one_of(
    drawn_text,
    st.sampled_from(SAMPLES),
    st.lists(st.one_of(drawn_text, st.sampled_from(SAMPLES)), max_size=5).map("".join),
)


def repeated_to(up_to: int) -> st.SearchStrategy[str]:
    """A short hostile text repeated to a drawn length between 0 and up_to characters."""
    lengths = st.one_of(st.integers(0, up_to), st.just(up_to))

    def grow(pair: tuple[str, int]) -> str:
        text, length = pair
        return (text * (length // len(text) + 1))[:length]

    return st.tuples(hostile_text.filter(bool), lengths).map(grow)


big_text = repeated_to(ONE_MB)


def department_from(texts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return texts.filter(lambda text: text.strip())  # a session needs a department name


def test_the_drawn_characters_reach_every_unicode_category():
    """A check on the strategy itself, so "every category" is a fact and not a hope."""
    seen: set[str] = set()

    @settings(max_examples=3000, deadline=None, database=None)
    @given(any_character)
    def draw(character):
        seen.add(unicodedata.category(character))

    draw()
    assert seen == set(CATEGORIES)


# Storage -----------------------------------------------------------------------------------


def check_kept_exactly(note: str, edited: str, draft: str, department: str, facilitator: str,
                       note_taker: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        store = Store.open(data_dir)
        try:
            session = store.sessions.create(department, first_step="welcome",
                                           facilitator=facilitator, note_taker=note_taker)
            assert (session.department, session.facilitator, session.note_taker) == (
                department, facilitator, note_taker)
            stored = store.notes.add(session.id, STEP, note)
            assert stored.text == note
            store.notes.save_draft(session.id, draft)
        finally:
            store.close()
        reopened = Store.open(data_dir)
        try:
            again = reopened.sessions.get(session.id)
            assert (again.department, again.facilitator, again.note_taker) == (
                department, facilitator, note_taker)
            assert [n.text for n in reopened.notes.of_session(session.id)] == [note]
            assert reopened.notes.draft(session.id) == draft
            assert reopened.notes.update(stored.id, text=edited).text == edited
        finally:
            reopened.close()
        third = Store.open(data_dir)
        try:
            assert third.notes.get(stored.id).text == edited
            assert [n.text for n in third.notes.of_session(session.id, STEP)] == [edited]
        finally:
            third.close()


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW)
@given(note=hostile_text, edited=hostile_text, draft=hostile_text,
       department=department_from(hostile_text), facilitator=hostile_text,
       note_taker=hostile_text)
def test_storage_keeps_hostile_text_exactly(note, edited, draft, department, facilitator,
                                            note_taker):
    check_kept_exactly(note, edited, draft, department, facilitator, note_taker)


@settings(max_examples=10, deadline=None, suppress_health_check=SLOW)
@given(note=big_text, edited=big_text, draft=big_text, department=department_from(big_text),
       facilitator=big_text, note_taker=big_text)
def test_storage_keeps_big_hostile_text_exactly(note, edited, draft, department, facilitator,
                                                note_taker):
    check_kept_exactly(note, edited, draft, department, facilitator, note_taker)


# Export ------------------------------------------------------------------------------------


def export_hostile(data_dir: Path, target: Path, texts: list[str], department: str,
                   facilitator: str, note_taker: str) -> Path:
    """Store a session with these notes, as the window would, and export its guide with
    the notes appendix."""
    store = Store.open(data_dir)
    try:
        session = store.sessions.create(department, first_step="welcome",
                                       facilitator=facilitator, note_taker=note_taker)
        for text in texts:
            store.notes.add(session.id, STEP, text)
        return export_session(store, PLAYBOOK, session.id, target,
                              ExportOptions(include_notes=True))
    finally:
        store.close()


RUN_TEXT_TAGS = {qn(f"w:{tag}") for tag in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab")}


def text_of(paragraph: Paragraph) -> str:
    """The paragraph's text as python-docx reads it, element by element.

    python-docx's own ``Paragraph.text`` selects the same elements with one XPath union,
    which libxml2 sorts in quadratic time: a 1 MB note full of line breaks takes it minutes.
    This walks the children in order instead and turns each into text with python-docx's
    own ``str()``; on small documents the two are checked to agree.
    """
    return "".join(str(child) for run in paragraph._p.iterchildren(qn("w:r"))
                   for child in run.iterchildren() if child.tag in RUN_TEXT_TAGS)


def check_reads_back(target: Path, texts: list[str], department: str, facilitator: str,
                     note_taker: str) -> None:
    """python-docx reads every drawn text back as typed, minus what XML cannot hold."""
    document = Document(target)
    title = xml_safe(guide_title(department))
    assert text_of(document.paragraphs[0]) == title
    assert document.core_properties.title == title
    cells = [cell for row in document.tables[0].rows for cell in row.cells]
    details = {text_of(label.paragraphs[0]): text_of(value.paragraphs[0])  # label, value pairs
               for label, value in zip(cells[::2], cells[1::2], strict=True)}
    assert details["Department"] == xml_safe(department)
    assert details["Facilitator"] == xml_safe(facilitator or "—")
    assert details["Note-taker"] == xml_safe(note_taker or "—")
    note_tables = [t for t in document.tables[1:] if t.rows[0].cells[1].text == "Note"]
    assert len(note_tables) == 1  # only the step the notes went to has a table
    cells = [row.cells[1].paragraphs for row in note_tables[0].rows[1:]]
    assert all(len(paragraphs) == 1 for paragraphs in cells)
    assert [text_of(paragraphs[0]) for paragraphs in cells] == [xml_safe(t) for t in texts]
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert [text_of(p) for p in bullets] == [xml_safe(text) for text in texts]
    if sum(map(len, texts)) < 10_000:
        assert [p.text for p in bullets] == [text_of(p) for p in bullets]
        assert [p[0].text for p in cells] == [text_of(p[0]) for p in cells]


def check_export(texts: list[str], department: str, facilitator: str, note_taker: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = export_hostile(Path(folder) / "data", Path(folder) / "guide.docx", texts,
                                department, facilitator, note_taker)
        check_reads_back(target, texts, department, facilitator, note_taker)


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW)
@given(texts=st.lists(hostile_text, min_size=1, max_size=6),
       department=department_from(hostile_text), facilitator=hostile_text,
       note_taker=hostile_text)
def test_export_reads_back_as_typed(texts, department, facilitator, note_taker):
    check_export(texts, department, facilitator, note_taker)


@settings(max_examples=6, deadline=None, suppress_health_check=SLOW)
@given(texts=st.tuples(big_text, st.lists(hostile_text, max_size=3)).map(
           lambda drawn: [drawn[0], *drawn[1]]),
       department=department_from(hostile_text), facilitator=hostile_text,
       note_taker=hostile_text)
def test_big_export_reads_back_as_typed(texts, department, facilitator, note_taker):
    check_export(texts, department, facilitator, note_taker)


# LibreOffice -------------------------------------------------------------------------------

# LibreOffice lays out one long paragraph in time that grows with the square of its length
# (here a 200,000-character note took it 50 s, a 1 MB one over 15 minutes), so the documents
# it renders keep each note under 5,000 characters; python-docx checks the 1 MB ones above.
RENDERED_NOTE_CHARACTERS = 5_000


def test_libreoffice_renders_hostile_guides(tmp_path, soffice):
    """Hypothesis draws the documents; one LibreOffice run converts them all to PDF.

    Starting LibreOffice takes seconds, so the documents are collected first and converted
    together; a document that fails to convert is named by its file, and the texts it was
    made from are written beside it.
    """
    documents = tmp_path / "docs"
    documents.mkdir()
    made: list[Path] = []
    attempts = itertools.count()

    @settings(max_examples=12, deadline=None, suppress_health_check=SLOW)
    @given(texts=st.lists(st.one_of(hostile_text, repeated_to(RENDERED_NOTE_CHARACTERS)),
                          min_size=1, max_size=5),
           department=department_from(hostile_text), facilitator=hostile_text,
           note_taker=hostile_text)
    @example(texts=list(SAMPLES), department=SAMPLES[2], facilitator=SAMPLES[3],
             note_taker=SAMPLES[4])
    def make_document(texts, department, facilitator, note_taker):
        name = f"guide{next(attempts):02d}"
        target = export_hostile(tmp_path / f"data-{name}", documents / f"{name}.docx", texts,
                                department, facilitator, note_taker)
        check_reads_back(target, texts, department, facilitator, note_taker)
        (documents / f"{name}.txt").write_text(
            ascii((texts, department, facilitator, note_taker)), encoding="ascii"
        )
        made.append(target)

    make_document()
    assert len(made) >= 12
    pdfs = tmp_path / "pdf"
    subprocess.run([*soffice, "--convert-to", "pdf", "--outdir", str(pdfs),
                    *(str(path) for path in made)], check=True, capture_output=True)
    for source in made:
        pdf = pdfs / f"{source.stem}.pdf"
        assert pdf.is_file() and pdf.stat().st_size > 0, f"{source} was not converted"
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                              text=True).stdout
        pages = int(next(line for line in info.splitlines() if line.startswith("Pages:"))
                    .split()[1])
        assert pages >= 1, f"{pdf} has no pages"
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert "Appendix: meeting notes" in text, f"{pdf} stops before the appendix"


# Right to left -----------------------------------------------------------------------------
# Each stretch of one direction is a run of its own, marked w:rtl when it reads right to
# left, so that a label and a name ("Who: مريم") each keep their direction; only a paragraph
# whose first letter is right-to-left reads right to left as a whole (w:bidi).


def strong_directions(text: str) -> set[str]:
    return {"R" if d in ("R", "AL") else "L"
            for d in map(unicodedata.bidirectional, text) if d in ("R", "AL", "L")}


def run_directions(paragraph: Paragraph) -> list[tuple[str, bool]]:
    return [(run.text, run._r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None)
            for run in paragraph.runs]


def is_bidi(paragraph: Paragraph) -> bool:
    return paragraph._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None


@settings(max_examples=300, deadline=None)
@given(text=hostile_text)
def test_every_text_is_cut_into_runs_of_one_direction(text):
    paragraph = Document().add_paragraph()
    runs = add_text(paragraph, text, bold=True)
    assert "".join(run.text for run in runs) == text_of(paragraph) == xml_safe(text)
    for run_text, right_to_left in run_directions(paragraph):
        assert strong_directions(run_text) <= ({"R"} if right_to_left else {"L"})
    for a, b in itertools.pairwise(run_directions(paragraph)):
        assert a[1] != b[1]  # a new run only where the direction changes
    assert is_bidi(paragraph) == starts_right_to_left(xml_safe(text))
    assert all(run.font.cs_bold for run in runs if run.font.rtl)


def test_marks_and_spaces_go_with_the_stretch_they_belong_to():
    assert directional_stretches("مريم: Sam?") == [("مريم: ", True), ("Sam", False),
                                                    ("?", True)]
    assert directional_stretches("Call مريم (3) now!") == [("Call ", False), ("مريم", True),
                                                           (" (3) now!", False)]
    assert directional_stretches("اتصل بالعائلة 12 مرة!") == [("اتصل بالعائلة 12 مرة!", True)]
    assert directional_stretches("") == [("", False)]


def test_every_right_to_left_letter_lies_in_the_blocks_looked_for_first():
    """Text outside those blocks is exported as one left-to-right run without a look at
    each character: a right-to-left letter missing from them would lose its direction."""
    outside = [code for code in range(sys.maxunicode + 1)
               if unicodedata.bidirectional(chr(code)) in ("R", "AL")
               and not MAY_BE_RIGHT_TO_LEFT.match(chr(code))]
    assert outside == []


def test_a_label_before_right_to_left_text_keeps_the_line_left_to_right():
    """The line that scrambled: "Action: " and "Who: " labels around Arabic user text."""
    paragraph = Document().add_paragraph()
    paragraph.add_run("Action: ")
    add_text(paragraph, "اتصل بالعائلة!")
    paragraph.add_run(" · Who: ")
    add_text(paragraph, "مريم")
    assert not is_bidi(paragraph)
    assert run_directions(paragraph) == [("Action: ", False), ("اتصل بالعائلة!", True),
                                         (" · Who: ", False), ("مريم", True)]
    starting = Document().add_paragraph()
    add_text(starting, "مريم")
    add_text(starting, " said: thank you")
    assert is_bidi(starting)
    assert run_directions(starting) == [("مريم", True), (" said: thank you", False)]


def test_libreoffice_keeps_labels_in_order_beside_right_to_left_text(tmp_path, soffice):
    """The guide's notes with an Arabic action item and owner: the paragraph stays left to
    right, its Arabic runs are marked, and LibreOffice prints "Action:" before "Who:"."""
    store = Store.open(tmp_path / "data")
    try:
        session = store.sessions.create("Cardiology", first_step="welcome")
        note = store.notes.add(session.id, STEP, "قالت مريم: the call light (3) لم يأتِ أحد")
        store.actions.add(session.id, note.uid, "اتصل بالعائلة!", owner="مريم")
        target = export_session(store, PLAYBOOK, session.id, tmp_path / "guide.docx",
                                ExportOptions(include_notes=True))
    finally:
        store.close()
    document = Document(target)
    cells = [p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    action = next(p for p in cells if "اتصل بالعائلة!" in p.text)
    assert not is_bidi(action)
    assert ("اتصل بالعائلة!", True) in run_directions(action)
    assert ("مريم", True) in run_directions(action)
    said = next(p for p in cells if p.text.startswith("قالت مريم"))
    assert is_bidi(said)
    assert [rtl for _text, rtl in run_directions(said)] == [True, False, True]
    pdf = render_pdf(target, soffice, tmp_path / "pdf")
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    found = {word: (float(y), float(x)) for x, y, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(Action:|Who:)</word>', html)}
    assert found["Action:"][0] == pytest.approx(found["Who:"][0], abs=2)  # one line
    assert found["Action:"][1] < found["Who:"][1]  # read left to right
