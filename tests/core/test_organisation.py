"""The organisation's settings, set once per machine: where the file is looked for and in which
order, what a broken file does (a warning naming the file and line, and the defaults), and
what the settings change: the help contact, the paper and language, the footer of every Word
export, the limit for one recovery item and the data and backups folders."""

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from documents import on_paper
from docx import Document
from docx.oxml.ns import qn
from rendering import pages, render_pdf
from samples import HOSTILE_TEXTS
from test_quick_card import fill, printed

from svcrec_desktop import paths
from svcrec_desktop.domain.organisation import (
    Organisation,
    amount_in,
    limit_note,
    load_organisation,
    over_limit,
    read_organisation,
)
from svcrec_desktop.domain.page_format import page_format, remember_paper
from svcrec_desktop.export.guide import export_guide
from svcrec_desktop.export.invitation import export_invitation
from svcrec_desktop.export.quick_card import card_source, export_quick_card
from svcrec_desktop.export.record import export_record
from svcrec_desktop.export.source import (
    ExportOptions,
    above_limit,
    exportable_view,
    with_organisation,
)
from svcrec_desktop.store.backups import list_backups, take_backup
from svcrec_desktop.store.database import Store

DEPLOYING = Path(__file__).resolve().parents[2] / "docs" / "deploying.md"
FULL = """\
[organisation]
name = "St Elsewhere"
help_contact = "Patient Experience Team, ext. 4400"
paper = "a4"
language = "en-gb"

[playbook]
path = "wording.toml"

[data]
folder = "~/srs-data"
backups_folder = "$HOME/srs-backups"

[export]
footer = "OFFICIAL-SENSITIVE"

[recovery]
item_limit = 25
"""
BROKEN = "[organisation]\nname = 'St Elsewhere\n"  # the quote never ends: line 2
PLACES = ("flag", "env", "beside", "system")  # --organisation, the variable, the two folders


def write(folder: Path, text: str, name: str = "organisation.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def named(name: str) -> str:
    return f'[organisation]\nname = "{name}"\n'


@pytest.fixture
def places(tmp_path, monkeypatch):
    """The four places, each holding a file that names its place, nothing from the machine."""
    monkeypatch.delenv(paths.ORGANISATION_ENV, raising=False)
    found = {place: write(tmp_path / place, named(place)) for place in PLACES}
    monkeypatch.setenv(paths.ORGANISATION_ENV, str(found["env"]))
    return found


def loaded(places, flag=True) -> Organisation:
    return load_organisation(places["flag"] if flag else None,
                             beside=places["beside"].parent, system=places["system"].parent)


def test_the_first_place_found_wins_in_order(places, monkeypatch):
    assert loaded(places).name == "flag"
    assert loaded(places, flag=False).name == "env"
    monkeypatch.delenv(paths.ORGANISATION_ENV)
    assert loaded(places, flag=False).name == "beside"
    places["beside"].unlink()
    assert loaded(places, flag=False).name == "system"
    places["system"].unlink()
    nothing = loaded(places, flag=False)
    assert nothing == Organisation() and nothing.file is None
    assert "built-in defaults are used" in nothing.in_force()


def test_the_system_folder_and_the_bundles_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{tmp_path}/first:/etc/xdg")
    assert paths.system_config_dir() == tmp_path / "first" / "Service Recovery Studio"
    monkeypatch.delenv("XDG_CONFIG_DIRS")
    assert paths.system_config_dir() == Path("/etc/xdg/Service Recovery Studio")
    assert paths.bundle_dir() is None  # a checkout has no place beside its program
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "svcrec-desktop"))
    assert paths.bundle_dir() == tmp_path
    assert paths.organisation_places()[0] == tmp_path / "organisation.toml"


def test_every_setting_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    organisation = read_organisation(write(tmp_path / "etc", FULL))
    assert organisation.warnings == ()
    assert organisation == Organisation(
        name="St Elsewhere", help_contact="Patient Experience Team, ext. 4400", paper="A4",
        language="en-GB", playbook=tmp_path / "etc" / "wording.toml",
        data_folder=tmp_path / "home" / "srs-data",
        backups_folder=tmp_path / "home" / "srs-backups", footer="OFFICIAL-SENSITIVE",
        item_limit_cents=2500, file=tmp_path / "etc" / "organisation.toml")
    assert str(organisation.file) in organisation.in_force()


@pytest.mark.parametrize("place", PLACES)
def test_a_broken_file_at_any_place_warns_with_its_line_and_keeps_the_defaults(
        places, monkeypatch, place):
    places[place].write_text(BROKEN, encoding="utf-8")
    for earlier in PLACES[:PLACES.index(place)]:  # so that this place is the one found
        if earlier == "env":
            monkeypatch.delenv(paths.ORGANISATION_ENV)
        else:
            places[earlier].unlink()
    organisation = loaded(places, flag=place == "flag")
    (warning,) = organisation.warnings
    assert str(places[place]) in warning and "line 2" in warning and "\n" not in warning
    assert organisation == Organisation(file=places[place], warnings=(warning,))


def test_a_file_that_cannot_be_read_warns_and_keeps_the_defaults(tmp_path):
    missing = read_organisation(tmp_path / "nowhere.toml")
    assert str(tmp_path / "nowhere.toml") in missing.warnings[0]
    assert missing.name == "" and missing.paper == ""
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[organisation]\nname = "Saint-\xe9tienne"\n')
    assert "not UTF-8" in read_organisation(latin).warnings[0]


def test_unknown_keys_and_wrong_kinds_warn_each_and_the_rest_is_used(tmp_path):
    organisation = read_organisation(write(tmp_path, """\
[organisation]
name = "St Elsewhere"
paper = "A3"
colour = "blue"
language = "fr-FR"

[data]
folder = "relative/folder"

[recovery]
item_limit = "plenty"

[printing]
duplex = true
"""))
    warnings = "\n".join(organisation.warnings)
    assert len(organisation.warnings) == 6, warnings
    for line, said in ((3, "'paper' must be “A4” or “Letter”"),
                       (4, "[organisation] has no 'colour'"), (5, "'language' must be English"),
                       (8, "'folder' must be a full path"), (11, "'item_limit' must be an amount"),
                       (13, "there is no [printing] part")):
        assert f", line {line}: {said}" in warnings
    assert (organisation.name, organisation.paper, organisation.language) == (
        "St Elsewhere", "", "")
    assert organisation.data_folder is None and organisation.item_limit_cents is None


@pytest.mark.parametrize("value", ["inf", "nan", "-5", "true", "'plenty'", "[25]"])
def test_an_item_limit_that_is_no_amount_is_left_out(tmp_path, value):
    organisation = read_organisation(write(tmp_path, f"[recovery]\nitem_limit = {value}\n"))
    assert organisation.item_limit_cents is None
    assert ", line 2: 'item_limit' must be an amount" in organisation.warnings[0]


def test_the_documented_example_is_a_correct_file(tmp_path):
    """docs/deploying.md's example, checked as IT would check it before deploying it."""
    (example,) = re.findall(r"```toml\n(.*?)```", DEPLOYING.read_text(encoding="utf-8"),
                            re.DOTALL)
    file = write(tmp_path, example)
    assert read_organisation(file).warnings == ()
    result = cli("check-organisation", str(file), env=clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{file}: name “") and "item limit 25.00" in result.stdout


# What the settings change -------------------------------------------------------------------

ORGANISATION = Organisation(help_contact="Patient Experience, ext. 4400", paper="A4",
                            language="en-GB", footer="OFFICIAL-SENSITIVE",
                            item_limit_cents=2500)


def footers(path: Path) -> str:
    document = Document(path)
    return "\n".join(p.text for s in document.sections for p in s.footer.paragraphs)


def language(path: Path) -> str:
    return Document(path).styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(
        qn("w:val"))


def test_the_help_contact_paper_language_and_footer_reach_the_exports(store, playbook, tmp_path,
                                                                       monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # the computer prints on Letter
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.guide.add_item(session.id, "offers", {"offer": "A meal voucher", "limit": "£10"})
    page = page_format(store, None, ORGANISATION)
    assert (page.paper, page.language, page.footer_line) == ("A4", "en-GB",
                                                              "OFFICIAL-SENSITIVE")
    view = exportable_view(store, session.id)
    written = [
        export_guide(with_organisation(view, ORGANISATION), playbook, tmp_path / "guide.docx",
                     options=ExportOptions(page=page)),
        export_quick_card(with_organisation(card_source(store, session.id), ORGANISATION),
                          tmp_path / "card.docx", page, playbook),
        export_record(view, playbook, tmp_path / "record.docx", page),
        export_invitation("Subject\n\nBody", view.session, tmp_path / "letter.docx", page),
    ]
    for path in written:
        assert on_paper(path, "A4") and language(path) == "en-GB", path.name
        assert footers(path).endswith("OFFICIAL-SENSITIVE"), path.name
    guide = Document(written[0])
    cells = [cell.text for table in guide.tables for row in table.rows for cell in row.cells]
    assert cells[cells.index("Questions to") + 1] == "Patient Experience, ext. 4400"
    card = "\n".join(p.text for p in Document(written[1]).paragraphs)
    assert "For help or advice at any time: Patient Experience, ext. 4400" in card


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_fullest_card_stays_on_one_page_with_the_footer_line(store, tmp_path, soffice,
                                                                 paper):
    session = store.sessions.create("Cardiology", first_step="welcome")
    fill(store, session.id, 7, 10, 6, 150)  # the most a card holds at its largest type
    page = page_format(store, paper, ORGANISATION)
    card = export_quick_card(card_source(store, session.id), tmp_path / "card.docx", page)
    pdf = render_pdf(card, soffice, tmp_path / "pdf")
    assert len(pages(pdf)) == 1 and "Route 5:" in printed(pdf)
    assert printed(pdf).endswith("OFFICIAL-SENSITIVE")


def test_the_session_keeps_its_own_contact_and_the_person_their_paper(store):
    session = store.sessions.create("Cardiology", first_step="welcome",
                                    help_contact=ORGANISATION.help_contact)
    assert session.help_contact == ORGANISATION.help_contact  # a new session starts with it
    store.sessions.set_text(session.id, "help_contact", "Ward sister, bleep 21")
    view = with_organisation(exportable_view(store, session.id), ORGANISATION)
    assert view.session.help_contact == "Ward sister, bleep 21"
    remember_paper(store, "Letter")  # chosen in the export dialog
    assert page_format(store, None, ORGANISATION).paper == "Letter"
    assert page_format(store, "A4", ORGANISATION).paper == "A4"  # --paper


@pytest.mark.parametrize(("text", "cents"), [
    ("25", 2500), ("£25", 2500), ("25.50", 2550), ("12,5", 1250), ("$1,200.00", 120000),
    ("up to €30 a day", 3000), ("2 vouchers of £15", 1500), ("a coffee", None), ("", None),
])
def test_the_worth_of_a_value_typed_as_text(text, cents):
    assert amount_in(text) == cents


def test_a_value_above_the_limit_is_noted_never_refused(store):
    assert over_limit("£25.01", 2500) and not over_limit("£25", 2500)
    assert not over_limit("£900", None) and not over_limit("a taxi home", 2500)
    assert "25.00" in limit_note("30", 2500) and limit_note("20", 2500) == ""
    for text in HOSTILE_TEXTS.values():  # never a crash, whatever was typed
        over_limit(text, 2500)
        limit_note(text, 2500)
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.guide.add_item(session.id, "offers", {"offer": "Taxi home", "limit": "£40"})
    store.guide.add_item(session.id, "offers", {"offer": "Coffee", "limit": "£3"})
    item = store.register.add(session.id, given_on=date(2026, 3, 2), item="Flowers")
    store.register.update(item.id, value_cents=3000)
    view = exportable_view(store, session.id)
    assert above_limit(view, 2500) == ["the offer “Taxi home”, up to £40",
                                       "“Flowers” handed out on 2 March 2026, 30.00"]
    assert above_limit(view, 2500, register=False) == ["the offer “Taxi home”, up to £40"]
    assert above_limit(view, None) == []


def test_the_organisations_backups_folder_keeps_that_data_folders_backups(store, data_dir,
                                                                          tmp_path):
    elsewhere = tmp_path / "disk2" / "backups"
    paths.keep_backups_in(data_dir, elsewhere)
    try:
        taken = take_backup(store)
        assert taken.parent == elsewhere and oct(elsewhere.stat().st_mode & 0o777) == "0o700"
        assert [backup.path for backup in list_backups(data_dir)] == [taken]
        assert paths.backups_dir(tmp_path / "other") == tmp_path / "other" / "backups"
    finally:
        paths.keep_backups_in(data_dir, None)
    assert paths.backups_dir(data_dir) == data_dir / "backups"


# The command line ---------------------------------------------------------------------------


def clean_env(tmp_path: Path, **more: str) -> dict[str, str]:
    """The environment of a child run that sees no organisation file of this machine."""
    env = {key: value for key, value in os.environ.items() if key != paths.ORGANISATION_ENV}
    return {**env, "XDG_CONFIG_DIRS": str(tmp_path / "no-system-config"), **more}


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svcrec_desktop", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_check_organisation_says_what_is_set_or_wrong(tmp_path):
    env = clean_env(tmp_path, HOME=str(tmp_path))
    good = write(tmp_path / "good", FULL)
    result = cli("check-organisation", str(good), env=env)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith(f"{good}: name “St Elsewhere”, a help contact, paper A4")
    broken = write(tmp_path / "broken", BROKEN)
    result = cli("check-organisation", str(broken), env=env)
    assert result.returncode == 1 and str(broken) in result.stderr and "line 2" in result.stderr
    result = cli("check-organisation", str(tmp_path / "missing.toml"), env=env)
    assert result.returncode == 1 and "missing.toml" in result.stderr
    result = cli("check-organisation", env=env)
    assert result.returncode == 0 and "No organisation file is in use" in result.stdout
    result = cli("check-organisation", env={**env, paths.ORGANISATION_ENV: str(good)})
    assert result.returncode == 0 and result.stdout.startswith(str(good))


def test_commands_use_the_file_and_a_broken_one_only_warns(tmp_path):
    data = tmp_path / "org-data"
    store = Store.open(data)
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.guide.add_item(session.id, "offers", {"offer": "Taxi home", "limit": "£40"})
    store.close()
    settings = write(tmp_path / "etc", f'{FULL.split("[playbook]")[0]}\n[data]\nfolder = '
                                       f'"{data}"\n[export]\nfooter = "OFFICIAL"\n'
                                       '[recovery]\nitem_limit = 25\n')
    env = clean_env(tmp_path)
    card = tmp_path / "card.docx"
    result = cli("quick-card", "--organisation", str(settings), "--out", str(card), env=env)
    assert result.returncode == 0, result.stderr  # the organisation's data folder
    assert on_paper(card, "A4") and footers(card).endswith("OFFICIAL")
    assert "For help or advice at any time: Patient Experience Team, ext. 4400" in "\n".join(
        p.text for p in Document(card).paragraphs)
    assert "above your organisation's limit of 25.00" in result.stderr and "Taxi home" in \
        result.stderr
    broken = write(tmp_path / "broken", BROKEN)
    result = cli("sessions", "--data-dir", str(data), env={**env, paths.ORGANISATION_ENV:
                                                             str(broken)})
    assert result.returncode == 0 and result.stdout.rstrip().endswith("Cardiology")
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("svcrec-desktop: warning: ") and str(broken) in warning
    assert "line 2" in warning
