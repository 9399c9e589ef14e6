"""Export a session as "<Department>'s Guide to Service Recovery" (.docx, python-docx)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from svcrec_desktop.export.atomic import ExportError, save_atomically
from svcrec_desktop.export.guide import build_guide
from svcrec_desktop.exporting import ExportOptions, GuideSource
from svcrec_desktop.playbook import Playbook

__all__ = ["ExportError", "export_guide"]


def export_guide(source: GuideSource, playbook: Playbook, target: Path, *,
                 options: ExportOptions | None = None, exported_at: datetime | None = None
                 ) -> Path:
    """Write the guide to target atomically; raise ExportError with a plain reason if not."""
    target = Path(target)
    document = build_guide(source, playbook, options or ExportOptions(),
                           exported_at or datetime.now().astimezone())
    save_atomically(document, target)
    return target
