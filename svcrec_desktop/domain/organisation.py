"""The organisation's settings, set once per machine by its IT: its name and help contact,
the paper and the English it prints in, its own wording of the method, where the data is
kept, a line at the foot of every Word export, and the most one recovery item may be worth.

They come from one TOML file (paths.organisation_file says which). A file that cannot be
used never stops anyone at work: each problem is a one-line warning naming the file and the
line, what is wrong falls back to the built-in default, and the rest of the file is used.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from svcrec_desktop import paths
from svcrec_desktop.domain.guide_model import money
from svcrec_desktop.domain.page_format import PAPERS
from svcrec_desktop.domain.shown_text import clipped
from svcrec_desktop.domain.toml_lines import TomlLines


@dataclass(frozen=True)
class Organisation:
    """What the organisation set; empty (or None) leaves the application's own default."""

    name: str = ""
    help_contact: str = ""  # every new session starts with it
    paper: str = ""  # "A4" or "Letter"; "" follows the computer's region
    language: str = ""  # "en-GB", "en-US"…; "" follows the computer's region
    playbook: Path | None = None  # the organisation's own wording of the method
    data_folder: Path | None = None  # instead of the per-user application data folder
    backups_folder: Path | None = None  # instead of the data folder's backups folder
    footer: str = ""  # a line at the foot of every Word export
    item_limit_cents: int | None = None  # the most one recovery item may be worth
    file: Path | None = None  # where these were read; None: no file, the built-in defaults
    warnings: tuple[str, ...] = ()  # one line for each problem with the file

    def in_force(self) -> str:
        """Which settings are in force, in a sentence (Help → About)."""
        if self.file is None:
            return "No organisation file was found, so the built-in defaults are used."
        named = f" ({self.name})" if self.name else ""
        problems = (" Part of it could not be used; the built-in defaults stand in for that "
                    "part." if self.warnings else "")
        return f"Organisation settings from {self.file}{named}.{problems}"

    def summary(self) -> str:
        """What the file sets, for check-organisation."""
        limit = money(self.item_limit_cents) if self.item_limit_cents is not None else ""
        parts = [
            (self.name, f"name “{self.name}”"), (self.help_contact, "a help contact"),
            (self.paper, f"paper {self.paper}"), (self.language, f"language {self.language}"),
            (self.playbook, f"playbook {self.playbook}"),
            (self.data_folder, f"data folder {self.data_folder}"),
            (self.backups_folder, f"backups folder {self.backups_folder}"),
            (self.footer, f"footer “{self.footer}”"), (limit, f"item limit {limit}"),
        ]
        return ", ".join(said for value, said in parts if value) or "nothing set"


class _Wrong(ValueError):
    """A value the file gives cannot be used; the message says what it should be."""


def _line(value: object, _base: Path) -> str:
    if not isinstance(value, str):
        raise _Wrong("must be text in quotes")
    return " ".join(value.split())  # one line, as a footer or a line box shows it


def _paper(value: object, base: Path) -> str:
    wanted = _line(value, base).casefold()
    found = next((paper for paper in PAPERS if paper.casefold() == wanted), None)
    if found is None:
        raise _Wrong(f"must be {' or '.join(f'“{paper}”' for paper in PAPERS)}")
    return found


_ENGLISH = re.compile(r"en(?:-([A-Za-z]{2}))?")


def _language(value: object, base: Path) -> str:
    """English, as written in one country or another: the application writes English."""
    found = _ENGLISH.fullmatch(_line(value, base))
    if found is None:
        raise _Wrong("must be English as a language tag, such as “en-GB” or “en-US”")
    return f"en-{found[1].upper()}" if found[1] else "en"


def _file(value: object, base: Path) -> Path:
    return paths.configured_path(_line(value, base), base)


def _folder(value: object, base: Path) -> Path:
    """A folder of each person's: written in full, as ~ or a variable may start it."""
    folder = paths.configured_path(_line(value, base), Path())
    if not folder.is_absolute():
        raise _Wrong("must be a full path, such as “~/Service Recovery” or "
                     "“%USERPROFILE%\\Service Recovery”")
    return folder


def _limit(value: object, base: Path) -> int:
    cents = None
    if (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and value >= 0):
        cents = int(Decimal(str(value)) * 100)
    elif isinstance(value, str):
        cents = amount_in(value)
    if cents is None:
        raise _Wrong("must be an amount, such as 25 or 25.50")
    return cents


# Each part of the file, its keys, the setting each fills and how its value is read.
_KEYS: dict[str, dict[str, tuple[str, Callable[[object, Path], object]]]] = {
    "organisation": {"name": ("name", _line), "help_contact": ("help_contact", _line),
                     "paper": ("paper", _paper), "language": ("language", _language)},
    "playbook": {"path": ("playbook", _file)},
    "data": {"folder": ("data_folder", _folder), "backups_folder": ("backups_folder", _folder)},
    "export": {"footer": ("footer", _line)},
    "recovery": {"item_limit": ("item_limit_cents", _limit)},
}
_BUILT_IN = "the built-in settings are used until it is fixed"


def _listed(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _file_problem(path: Path) -> tuple[str, str | None]:
    """The file's text, or why it cannot be used at all."""
    try:
        return path.read_text(encoding="utf-8"), None
    except UnicodeDecodeError as exc:
        return "", f"{path}: the file is not UTF-8 text ({exc.reason}); {_BUILT_IN}."
    except OSError as exc:
        return "", f"{path}: the file cannot be read ({exc.strerror or exc}); {_BUILT_IN}."


def read_organisation(path: Path | None) -> Organisation:
    """The settings the file at path gives, or the built-in defaults for None."""
    if path is None:
        return Organisation()
    text, problem = _file_problem(path)
    if problem is None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            where = f"(at the end of the file, line {len(text.splitlines()) or 1})"
            message = str(exc).replace("(at end of document)", where)
            problem = f"{path}: {message}; {_BUILT_IN}."
    if problem is not None:
        return Organisation(file=path, warnings=(problem,))
    settings, warnings = _settings(data, path, TomlLines(text))
    return replace(Organisation(file=path, warnings=tuple(warnings)), **settings)


def _settings(data: dict, path: Path, lines: TomlLines) -> tuple[dict[str, Any], list[str]]:
    """Every setting that can be used (by Organisation's field name), and a warning for each
    one that cannot."""
    settings: dict[str, Any] = {}
    warnings: list[str] = []
    for part, table in data.items():
        header = (lines.table_line(part) if isinstance(table, dict)
                  else lines.key_line(0, part) or 1)
        keys = _KEYS.get(part)
        if keys is None:
            parts = _listed([f"[{name}]" for name in _KEYS])
            warnings.append(f"{path}, line {header}: there is no [{clipped(part, 40)}] part, so "
                            f"it is left out (the parts are {parts}).")
            continue
        if not isinstance(table, dict):
            warnings.append(f"{path}, line {header}: write {part} as a [{part}] part; it "
                            "is left out.")
            continue
        for key, value in table.items():
            line = lines.key_line(header, key)
            if key not in keys:
                warnings.append(f"{path}, line {line}: [{part}] has no '{clipped(key, 40)}', so it "
                                f"is left out (its keys are {_listed(list(keys))}).")
                continue
            name, read = keys[key]
            try:
                settings[name] = read(value, path.parent)
            except _Wrong as wrong:
                warnings.append(f"{path}, line {line}: '{key}' {wrong}; the built-in default "
                                "is used instead.")
    return settings, warnings


def load_organisation(named: Path | str | None = None, *, beside: Path | None = None,
                      system: Path | None = None) -> Organisation:
    """The organisation settings in force: from the file named (--organisation), else the
    one paths.organisation_file finds, else the built-in defaults. beside and system stand
    in for the bundle's and the system-wide folders (tests give their own)."""
    return read_organisation(paths.organisation_file(named, beside=beside, system=system))


# What one recovery item is worth --------------------------------------------------------------

# An amount in a text: 25, 25.50, 25,50 (a decimal comma), 1,200 (thousands, also with a
# no-break space), with a currency sign before or after it if any.
_AMOUNT = re.compile(
    r"(?P<sign>[$£€¥₹])?\s*(?P<whole>\d{1,3}(?:[,\u00a0\u202f]\d{3})+|\d+)"
    r"(?:[.,](?P<cents>\d{1,2}))?(?!\d)\s*(?P<after>[$£€¥₹])?")


def amount_in(text: str) -> int | None:
    """The most a value typed as text is worth, in cents ("£25" → 2500, "up to 1,200.50" →
    120050), or None when it names no amount ("a coffee"). When some amounts carry a currency
    sign, only those count: "2 vouchers of £15" is worth 15."""
    found = list(_AMOUNT.finditer(text))
    priced = [match for match in found if match["sign"] or match["after"]]
    amounts = [int(re.sub(r"\D", "", match["whole"])) * 100
               + int((match["cents"] or "0").ljust(2, "0")) for match in priced or found]
    return max(amounts, default=None)


def over_limit(text: str, limit_cents: int | None) -> bool:
    """Whether a value typed as text is worth more than the organisation's limit for one
    item; never without a limit, nor for text that names no amount."""
    worth = amount_in(text)
    return limit_cents is not None and worth is not None and worth > limit_cents


def limit_note(text: str, limit_cents: int | None) -> str:
    """A calm word for a value above the limit, "" for any other: it is kept as typed."""
    if limit_cents is None or not over_limit(text, limit_cents):
        return ""
    return (f"This is more than {money(limit_cents)}, the most your organisation sets for one "
            "recovery item. It is kept as you typed it; check that it was agreed.")
