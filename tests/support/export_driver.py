"""Child process for the export kill test: exports the same session again and again.

Started as ``export_driver.py DATA_DIR TARGET unnamed|named``. It opens the data folder the
parent prepared, prints ``READY``, then exports the latest session to TARGET in a loop and
prints ``E <n>`` after each finished export, until the parent kills it with SIGKILL.
``named`` runs the export as on a system without O_TMPFILE, so the portable way with a
named temporary file is the one that gets killed.
"""

import os
import sys
from pathlib import Path

from svcrec_desktop import paths
from svcrec_desktop.domain.playbook import load_playbook
from svcrec_desktop.export.guide import export_session
from svcrec_desktop.export.source import ExportOptions
from svcrec_desktop.store.database import Store


def main(data_dir: str, target: str, method: str) -> None:
    if method == "named":
        del os.O_TMPFILE
    store = Store.open(Path(data_dir))
    playbook = load_playbook(paths.builtin_playbook_file())
    session = store.sessions.latest()
    assert session is not None, "the parent did not prepare a session"
    print("READY", flush=True)
    finished = 0
    while True:
        export_session(store, playbook, session.id, Path(target),
                       ExportOptions(include_notes=True))
        finished += 1
        print(f"E {finished}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
