"""The paper and the language tag every Word export is written for, and the organisation's
line at its foot.

A unit in London prints on A4 and spells "organisation"; one in Chicago prints on Letter. The
default follows the organisation's settings, else the computer's locale; the export dialog and
the command line can choose the paper, and the window remembers that choice. Kept free of Qt
and python-docx: the window and the command line both ask here.
"""

from __future__ import annotations

import locale
import os
import sys
from dataclasses import dataclass
from typing import Protocol


class NamedValues(Protocol):
    """Values kept by name between runs (the store's app state)."""

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...


class HouseRules(Protocol):
    """What an organisation's settings (domain/organisation.py) say of its documents; ""
    where they say nothing."""

    @property
    def paper(self) -> str: ...

    @property
    def language(self) -> str: ...

    @property
    def footer(self) -> str: ...


class Remembered(Protocol):
    """Where the paper last chosen is kept: the store, in its app state."""

    @property
    def state(self) -> NamedValues: ...


PAPERS = ("A4", "Letter")
PAPER_KEY = "page_paper"  # app_state: the paper last chosen in the export dialog
# Countries that print on US Letter (as the C library's LC_PAPER data has them); the rest of
# the world prints on A4.
LETTER_COUNTRIES = frozenset({
    "US", "CA", "MX", "PH", "PR", "CL", "CO", "CR", "DO", "GT", "NI", "PA", "SV", "VE",
})


@dataclass(frozen=True)
class PageFormat:
    """The paper a document is laid out on and the language its text is tagged with."""

    paper: str = "Letter"  # "A4" or "Letter"
    language: str = "en-US"
    footer_line: str = ""  # the organisation's line at the foot of every page, if it set one


def _country(name: str) -> tuple[str, str]:
    """("en", "GB") from "en_GB.UTF-8@euro"; empty strings where the name holds none."""
    base = name.split(".")[0].split("@")[0]
    language, _, country = base.partition("_")
    return language.lower(), country.upper()


def _language(language: str, country: str, paper: str) -> str:
    """English as spoken where the computer is (en-AU), or the closest written English."""
    if language == "en" and country.isalpha() and len(country) == 2:
        return f"en-{country}"
    return "en-US" if paper == "Letter" else "en-GB"


def page_format_from_locale(name: str | None = None) -> PageFormat:
    """The format a locale name such as "en_GB.UTF-8" prints on; None reads this computer's.

    A locale without a country (C, POSIX) keeps the defaults, Letter and en-US.
    """
    return _format(name if name is not None else _system_locale(), None)


def _format(name: str, paper: str | None) -> PageFormat:
    """The locale's format, on the paper given if one is."""
    language, country = _country(name)
    if paper is None:
        paper = "A4" if country and country not in LETTER_COUNTRIES else "Letter"
    return PageFormat(paper, _language(language, country, paper))


def _system_locale() -> str:
    """The locale that decides the paper: LC_ALL, then LC_PAPER, then LANG, as POSIX reads
    them; on Windows, where they are usually unset, the user's regional setting."""
    for variable in ("LC_ALL", "LC_PAPER", "LANG"):
        if os.environ.get(variable):
            return os.environ[variable]
    if sys.platform == "win32":
        import ctypes

        lcid = ctypes.windll.kernel32.GetUserDefaultLCID()  # type: ignore[attr-defined]
        return locale.windows_locale.get(lcid, "")
    return locale.getlocale()[0] or ""


def page_format(store: Remembered | None = None, paper: str | None = None,
                organisation: HouseRules | None = None) -> PageFormat:
    """The format to export with: the paper asked for, else the one last chosen in the
    window, else the organisation's, else the one the computer's locale prints on. The
    language is the organisation's, else English as written where the computer is; the
    organisation's footer line goes on every page. The one lookup every export route goes
    through."""
    chosen = paper or (store.state.get(PAPER_KEY) if store is not None else None)
    if chosen not in PAPERS and organisation is not None:
        chosen = organisation.paper
    page = _format(_system_locale(), chosen if chosen in PAPERS else None)
    if organisation is None:
        return page
    return PageFormat(page.paper, organisation.language or page.language, organisation.footer)


def remember_paper(store: Remembered, paper: str) -> None:
    """Keep the paper chosen in the export dialog for the next export."""
    if paper not in PAPERS:
        raise ValueError(f"Paper must be one of {', '.join(PAPERS)}, not {paper!r}.")
    store.state.set(PAPER_KEY, paper)
