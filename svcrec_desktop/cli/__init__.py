"""The command line: the window by default, and headless commands beside it.

Headless commands use the same core as the window and never import PySide6, so they run on a
machine without a display and in scripts. Commands that only read open the database
read-only: they never create, migrate or write it. main.py parses and dispatches; each group of
commands has its module (documents, sessions, findings, checks), over what they share
(common).
"""

from svcrec_desktop.cli.main import main

__all__ = ["main"]
