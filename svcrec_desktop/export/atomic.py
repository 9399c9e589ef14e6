"""Save the Word document safely, and never over a copy someone has open.

A document that Word or LibreOffice has open is not replaced: their lock files beside it
show that it is open, and Linux would otherwise let us replace it under the editor's feet.
Everything else about writing safely is svcrec_desktop.files.safe_write.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from docx.document import Document

from svcrec_desktop.export.styles import finish_document
from svcrec_desktop.files.safe_write import describe_write_error, write_atomically


class ExportError(Exception):
    """The guide could not be written; the message says why in plain words."""


def lock_files(target: Path) -> list[Path]:
    """The files Word and LibreOffice put beside a document while they have it open.

    Word's owner file is ``~$`` followed by the name, with the first one or two characters
    of longer names dropped (``OfficeReport.docx`` -> ``~$ficeReport.docx``); accounts of
    where the cut-offs lie differ, so every spelling counts. LibreOffice writes
    ``.~lock.<name>#``.
    """
    name = target.name
    word = dict.fromkeys(f"~${name[cut:]}" for cut in (0, 1, 2))
    return [target.with_name(lock) for lock in word] + [target.with_name(f".~lock.{name}#")]


def is_open_elsewhere(target: Path) -> bool:
    """True if the document at target is open in Word or LibreOffice, going by their locks."""
    return os.path.exists(target) and any(os.path.lexists(lock) for lock in lock_files(target))


def save_atomically(document: Document, target: Path, what: str = "the guide") -> None:
    """Finish the document (styles.finish_document) and save it at target, or raise
    ExportError leaving the folder as it was. Every Word export is saved here.

    what names the document in messages ("the invitation").
    """
    if target.is_dir():
        raise ExportError(f"Cannot save {what} as {target}: a folder has that name.")
    if is_open_elsewhere(target):
        raise ExportError(
            f"Cannot save {what} as {target}: it is open in Word or LibreOffice. "
            "Close it there and export again, or choose another name."
        )
    # The whole file is made in memory first: a disk error then comes from our own write,
    # never from inside the zip writer, and the file on disk is open for the least time.
    finish_document(document)
    buffer = io.BytesIO()
    document.save(buffer)
    try:
        write_atomically(buffer.getbuffer(), target)
    except OSError as exc:
        raise ExportError(describe_write_error(exc, target, what)) from exc
