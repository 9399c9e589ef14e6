"""Render exported documents as a reader sees them: LibreOffice to PDF, then each page's
words with their places (poppler's pdftotext -bbox), to count pages and see how full each is.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>", re.S)
MARGIN_PT = 72  # the house style's one-inch margins: header and footer live outside them


@dataclass(frozen=True)
class Page:
    """One rendered page: its size and the words in its body (header and footer left out)."""

    width: float
    height: float
    words: tuple[tuple[float, float, str], ...]  # (top, bottom, text) of each body word

    @property
    def fill(self) -> float:
        """How much of the body's height is used, from its top edge to its last word (0–1)."""
        if not self.words:
            return 0.0
        body = self.height - 2 * MARGIN_PT
        return max(0.0, min(1.0, (max(b for _t, b, _w in self.words) - MARGIN_PT) / body))

    @property
    def text(self) -> str:
        return " ".join(word for _t, _b, word in self.words)


def render_pdf(document: Path, soffice: list[str], outdir: Path) -> Path:
    """The document as LibreOffice prints it."""
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([*soffice, "--convert-to", "pdf", "--outdir", str(outdir), str(document)],
                   check=True, capture_output=True, timeout=300)
    return outdir / f"{document.stem}.pdf"


def pages(pdf: Path) -> list[Page]:
    """Every page of the PDF with the words of its body."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=120).stdout
    found = []
    for width, height, inner in _PAGE.findall(html):
        w, h = float(width), float(height)
        words = tuple((float(top), float(bottom), text)
                      for _x0, top, _x1, bottom, text in _WORD.findall(inner)
                      if float(top) >= MARGIN_PT - 2 and float(bottom) <= h - MARGIN_PT + 2)
        found.append(Page(w, h, words))
    return found


def rendered(document: Path, soffice: list[str], outdir: Path) -> list[Page]:
    return pages(render_pdf(document, soffice, outdir))
