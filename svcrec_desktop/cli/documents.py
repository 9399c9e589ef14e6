"""The commands that write a session's documents and files: the guide, the facilitator's
record, the quick card, the register's CSV, a session file, and the privacy check that lists
what any of them would carry out. Each is refused while it would hold likely patient details,
unless --allow-identifiers says otherwise.
"""

from __future__ import annotations

import argparse
import sys

from svcrec_desktop import APP_NAME
from svcrec_desktop.cli.common import (
    CommandError,
    organisation_of,
    reading,
    resolve_session,
)
from svcrec_desktop.domain.guide_model import VersionStatus, newest, version_named
from svcrec_desktop.domain.model import counted
from svcrec_desktop.domain.page_format import page_format
from svcrec_desktop.domain.privacy import looked_for_sentence
from svcrec_desktop.domain.shown_text import one_line
from svcrec_desktop.export.source import (
    ExportOptions,
    GuideSource,
    Spotted,
    TypedText,
    above_limit_sentence,
    all_texts,
    exportable_view,
    guide_texts,
    quick_card_texts,
    record_texts,
    register_texts,
    spot_identifiers,
    with_organisation,
)
from svcrec_desktop.files.register_csv import RegisterError, export_register_csv
from svcrec_desktop.files.session_file import SessionFileError, export_session_file
from svcrec_desktop.store.database import Store


def _version_id(store: Store, session_id: int, wanted: str | None) -> int | None:
    """Which guide a command reads, as the window offers it: by default the newest final,
    else the guide as it is now. Else 'now', 'final' or 'draft' (the newest of it), a name
    such as 'final 1', or the stored number scripts used before versions had names."""
    versions = store.versions.of_session(session_id)
    if wanted is None:
        final = newest(versions, VersionStatus.FINAL)
        return final.id if final else None
    if wanted.strip().casefold() == "now":
        return None
    found = version_named(versions, wanted)
    if found is not None:
        return found.id
    kind = wanted.strip().casefold()
    if kind in (VersionStatus.FINAL, VersionStatus.DRAFT):
        how = "publish one" if kind == VersionStatus.FINAL else "keep a draft"
        raise CommandError(f"This session has no {kind} version yet; {how} first.")
    names = ", ".join(v.name for v in versions) or "none yet"
    raise CommandError(f"There is no version “{one_line(wanted)}” (versions: {names}).")


def _finding_lines(spotted: list[Spotted]) -> list[str]:
    """One line per likely identifier: where · kind · the text found."""
    return [f"{one_line(found.where)} · {found.identifier.kind} · "
            f"{one_line(found.identifier.text)}" for found in spotted]


def _refuse_identifiers(args: argparse.Namespace, texts: list[TypedText]) -> None:
    """Write nothing while the file would hold likely patient details, unless allowed."""
    if args.allow_identifiers:
        return
    spotted = spot_identifiers(texts)
    if spotted:
        for line in _finding_lines(spotted):
            print(line, file=sys.stderr)
        raise CommandError(
            f"Nothing was written: {counted(len(spotted), 'likely patient detail')} listed "
            "above. Take out what is listed (the window's privacy check can), or add "
            "--allow-identifiers to write anyway.")


def _note_above_limit(args: argparse.Namespace, view: GuideSource, *, offers: bool = True,
                      register: bool = True) -> None:
    """Values above the organisation's limit for one recovery item, noted on stderr (the
    file is written all the same)."""
    sentence = above_limit_sentence(view, organisation_of(args).item_limit_cents,
                                    offers=offers, register=register)
    if sentence:
        print(f"{APP_NAME}: warning: {sentence}", file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    # Imported here so that only an export pays for loading python-docx.
    from svcrec_desktop.export.atomic import ExportError
    from svcrec_desktop.export.guide import export_guide

    with reading(args, ExportError) as (store, playbook):
        session_id = resolve_session(store, args.session)
        organisation = organisation_of(args)
        options = ExportOptions(
            version_id=_version_id(store, session_id, args.version),
            include_notes=args.notes, include_feedback=not args.no_feedback,
            include_register=args.register, footer_text=args.footer,
            page=page_format(store, args.paper, organisation))
        view = exportable_view(store, session_id, options.version_id)
        _refuse_identifiers(args, guide_texts(view, playbook, options))
        _note_above_limit(args, view, register=args.register)
        written = export_guide(with_organisation(view, organisation), playbook, args.out,
                               options=options)
    print(written)
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    """The facilitator's record, refused like every export while it holds likely patient
    details."""
    from svcrec_desktop.export.atomic import ExportError
    from svcrec_desktop.export.record import export_record

    with reading(args, ExportError) as (store, playbook):
        view = exportable_view(store, resolve_session(store, args.session))
        _refuse_identifiers(args, record_texts(view, playbook))
        written = export_record(view, playbook, args.out,
                                page_format(store, args.paper, organisation_of(args)))
    print(written)
    return 0


def cmd_export_session(args: argparse.Namespace) -> int:
    with reading(args, SessionFileError) as (store, _):
        written = export_session_file(store, resolve_session(store, args.session), args.out)
    print(written)
    return 0


def cmd_quick_card(args: argparse.Namespace) -> int:
    from svcrec_desktop.export.atomic import ExportError
    from svcrec_desktop.export.quick_card import card_source, export_quick_card

    with reading(args, ExportError) as (store, playbook):
        organisation = organisation_of(args)
        view = card_source(store, resolve_session(store, args.session))
        _refuse_identifiers(args, quick_card_texts(view, playbook))
        _note_above_limit(args, view, register=False)
        written = export_quick_card(with_organisation(view, organisation), args.out,
                                    page_format(store, args.paper, organisation), playbook)
    print(written)
    return 0


def cmd_register_csv(args: argparse.Namespace) -> int:
    with reading(args, RegisterError) as (store, _):
        view = exportable_view(store, resolve_session(store, args.session))
        _refuse_identifiers(args, register_texts(view))
        _note_above_limit(args, view, offers=False)
        written = export_register_csv(view.register, args.out)
    print(written)
    return 0


def cmd_privacy_check(args: argparse.Namespace) -> int:
    """Every likely patient detail in what any export of the session would write."""
    with reading(args) as (store, playbook):
        session_id = resolve_session(store, args.session)
        view = exportable_view(store, session_id, _version_id(store, session_id, args.version))
        spotted = spot_identifiers(all_texts(view, playbook))
    for line in _finding_lines(spotted):
        print(line)
    print(looked_for_sentence())
    return 1 if spotted else 0
