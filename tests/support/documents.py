"""Reading back the Word files the tests write, the way a reader would find them."""

from pathlib import Path

from docx import Document
from docx.shared import Cm, Inches

PAPER_SIZES = {"A4": (Cm(21.0), Cm(29.7)), "Letter": (Inches(8.5), Inches(11))}


def docx_text(path: Path) -> str:
    """Every word of the file: its paragraphs, its tables' cells and its page headers."""
    document = Document(path)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    headers = [p.text for s in document.sections for p in s.header.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells + headers)


def on_paper(path: Path, paper: str) -> bool:
    """The document's pages are this paper's size, to a tenth of a millimetre."""
    section = Document(path).sections[0]
    width, height = PAPER_SIZES[paper]
    return (abs(section.page_width - width) < Cm(0.01)
            and abs(section.page_height - height) < Cm(0.01))
