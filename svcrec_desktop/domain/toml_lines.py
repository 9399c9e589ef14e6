"""Where a table or a key of a TOML file is written, so a mistake in a file people edit by
hand can name its line (tomllib gives back values, not where they were)."""

from __future__ import annotations

import re


class TomlLines:
    """The lines of a TOML file's text, searched for its ``[table]`` headers and keys."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def table_line(self, header: str, index: int = 0) -> int:
        """Line number of the index-th ``[[header]]`` (or ``[header]``) table; 1 if not found."""
        pattern = re.compile(r"^\s*\[{1,2}\s*" + re.escape(header) + r"\s*\]{1,2}\s*(#.*)?$")
        found = [n for n, line in enumerate(self.lines, 1) if pattern.match(line)]
        return found[index] if index < len(found) else 1

    def key_line(self, table_line: int, key: str) -> int:
        """Line of ``key =`` inside the table starting at table_line, or the table's line."""
        key_pattern = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        for n in range(table_line, len(self.lines)):
            line = self.lines[n]
            if line.lstrip().startswith("["):
                break
            if key_pattern.match(line):
                return n + 1
        return table_line
