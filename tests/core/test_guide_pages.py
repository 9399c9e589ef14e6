"""Tight pages, as LibreOffice lays them out: the guide of scripts/sample_guide.py (every
section filled with ordinary content, findings, six points of feedback) is a short document
with a title page of one page and no page left nearly empty; so is the facilitator's record.

Rendering is slow: each document is rendered once, and every check reads that rendering.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from rendering import Page, pages, render_pdf

from svcrec_desktop.domain.page_format import PageFormat
from svcrec_desktop.export.guide import DRAFT_MARK, FINDINGS_TITLE, NOTES_TITLE, export_session
from svcrec_desktop.export.record import RECORD_MARK, export_record
from svcrec_desktop.export.source import ExportOptions, exportable_view
from svcrec_desktop.store.database import Store

# The samples of scripts/, which is not a package.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from sample_guide import fill_guide
from sample_session import main as sample_session

pytestmark = pytest.mark.slow  # `make test` runs it; `make test-core` leaves it out


NEARLY_EMPTY = 0.33  # of a page's body: less, and the page looks left behind
LETTER, A4 = PageFormat("Letter", "en-US"), PageFormat("A4", "en-GB")


@pytest.fixture(scope="module")
def sample(tmp_path_factory, playbook, soffice):
    """The sample session's documents, rendered: name -> (PDF, its pages)."""
    folder = tmp_path_factory.mktemp("pages")
    sample_session(folder / "data", "close")
    store = Store.open(folder / "data")
    try:
        session_id = store.sessions.all()[0].id
        fill_guide(store, session_id)
        draft, final = store.versions.of_session(session_id)
        documents = {
            "final": export_session(store, playbook, session_id, folder / "final.docx",
                                    ExportOptions(version_id=final.id, page=LETTER)),
            "final on A4": export_session(store, playbook, session_id, folder / "a4.docx",
                                          ExportOptions(version_id=final.id, page=A4)),
            "draft, every option": export_session(
                store, playbook, session_id, folder / "draft.docx",
                ExportOptions(version_id=draft.id, include_notes=True, include_register=True,
                              page=LETTER)),
            "record": export_record(exportable_view(store, session_id), playbook,
                                    folder / "record.docx", A4),
        }
    finally:
        store.close()
    rendered = {}
    for name, document in documents.items():
        pdf = render_pdf(document, soffice, folder / "pdf")
        rendered[name] = (pdf, pages(pdf))
    return rendered


def page_texts(pdf: Path) -> list[str]:
    """Each page's whole text, header and footer included."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def nearly_empty(found: list[Page]) -> list[tuple[int, float]]:
    """The pages, but the last, that hold less than a third of a page."""
    return [(number, round(page.fill, 2)) for number, page in enumerate(found[:-1], 1)
            if page.fill < NEARLY_EMPTY]


@pytest.mark.parametrize("name", ["final", "final on A4"])
def test_a_typical_final_is_a_few_full_pages(sample, name):
    pdf, found = sample[name]
    assert 4 <= len(found) <= 6, [round(p.fill, 2) for p in found]
    assert nearly_empty(found) == []
    title, first = found[0].text, found[1].text
    assert "Contents" in title and "What changed after your feedback" in title
    assert first.startswith(FINDINGS_TITLE)  # the title page ends where its contents end
    texts = page_texts(pdf)
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {len(texts)}" in text
    assert DRAFT_MARK not in "".join(texts)


def test_the_title_page_is_one_page_with_every_option(sample):
    pdf, found = sample["draft, every option"]
    title = found[0].text
    for words in ("Document control", "Next review", "Questions to", "This draft is kept",
                  "Appendix: recovery items handed out", NOTES_TITLE):
        assert words in title, words
    assert found[1].text.startswith(FINDINGS_TITLE)
    assert nearly_empty(found) == []
    texts = page_texts(pdf)
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {len(texts)}" in text and "DRAFT —" in text


def test_the_record_renders_on_full_pages_each_marked(sample):
    pdf, found = sample["record"]
    assert nearly_empty(found) == []
    assert 3 <= len(found) <= 6
    assert all(RECORD_MARK in text for text in page_texts(pdf))
    whole = " ".join(page.text for page in found)
    for words in ("How it went", "Parking lot", "Time per step", "Not yet addressed",
                  "The parking garage fees upset families."):
        assert words in whole, words
