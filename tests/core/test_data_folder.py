"""Whether the data folder can hold the promise: network drives and FUSE mounts (declared
through a mount table), sync clients' folders (by name), a real local disk and a real tmpfs;
and a disk nearly full, said before it refuses a note."""

from pathlib import Path, PurePosixPath

import pytest

from svcrec_desktop.cli import main
from svcrec_desktop.store.data_folder import (
    LOW_SPACE_BYTES,
    filesystem_on_linux,
    folder_risk,
    low_space,
    low_space_warning,
    sync_client,
)

REAL_MOUNTS = Path("/proc/self/mountinfo").read_text(encoding="utf-8")


def mount_escaped(folder: Path) -> str:
    return str(folder).replace("\\", "\\134").replace(" ", "\\040")


def declared(folder: Path, filesystem: str) -> str:
    """The machine's real mount table, with folder declared a mount of that file system."""
    return (f"{REAL_MOUNTS}999 27 0:999 / {mount_escaped(folder)} rw,relatime shared:9 - "
            f"{filesystem} server:/export rw\n")


@pytest.mark.parametrize(("filesystem", "said"), [
    ("cifs", "a network drive (cifs)"),
    ("smb3", "a network drive (smb3)"),
    ("nfs", "a network drive (nfs)"),
    ("nfs4", "a network drive (nfs4)"),
    ("9p", "a network drive (9p)"),
    ("fuse.sshfs", "a drive that another program provides (fuse.sshfs)"),
    ("fuse.rclone", "a drive that another program provides (fuse.rclone)"),
])
def test_a_folder_on_a_network_or_fuse_mount_is_at_risk(tmp_path, filesystem, said):
    (tmp_path / "share").mkdir()  # a mount point; the data folder is not made yet
    data_dir = tmp_path / "share" / "svcrec-desktop"
    risk = folder_risk(data_dir, declared(tmp_path / "share", filesystem))
    assert risk is not None
    assert (risk.kind, risk.where, risk.folder) == ("network", said, data_dir)


@pytest.mark.parametrize("filesystem", ["tmpfs", "ext4", "btrfs", "xfs", "fuseblk", "overlay"])
def test_a_folder_on_a_disk_of_this_computer_is_not(tmp_path, filesystem):
    assert folder_risk(tmp_path / "data", declared(tmp_path, filesystem)) is None


def test_the_real_local_disk_is_told_apart(tmp_path):
    filesystem = filesystem_on_linux(tmp_path)
    assert filesystem is not None
    assert folder_risk(tmp_path / "data") is None
    assert folder_risk(tmp_path / "data", declared(tmp_path, "cifs")) is not None


def test_a_real_tmpfs_is_local(small_disk):
    assert filesystem_on_linux(small_disk) == "tmpfs"
    assert folder_risk(small_disk / "data") is None


def test_the_deepest_mount_holding_the_folder_decides(tmp_path):
    table = (f"1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
             f"2 1 0:50 / {mount_escaped(tmp_path / 'a b')} rw - cifs //srv/x rw\n"
             f"3 2 0:51 / {mount_escaped(tmp_path / 'a b' / 'local')} rw - tmpfs tmpfs rw\n")
    assert filesystem_on_linux(tmp_path / "a b" / "data", table) == "cifs"
    assert filesystem_on_linux(tmp_path / "a b" / "local" / "data", table) == "tmpfs"
    assert filesystem_on_linux(tmp_path / "a bc", table) == "ext4"
    assert filesystem_on_linux(tmp_path / "elsewhere", table) == "ext4"


def test_the_last_of_two_mounts_on_one_folder_decides(tmp_path):
    table = (f"1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
             f"2 1 0:50 / {tmp_path} rw - tmpfs tmpfs rw\n"
             f"3 1 0:51 / {tmp_path} rw master:3 - nfs4 srv:/x rw\n")
    assert filesystem_on_linux(tmp_path / "data", table) == "nfs4"


@pytest.mark.parametrize(("folder", "client"), [
    ("/home/ana/OneDrive/svcrec-desktop", "OneDrive"),
    ("/c/Users/ana/OneDrive - Contoso Health/svcrec", "OneDrive"),
    ("/home/ana/Dropbox/svcrec", "Dropbox"),
    ("/home/ana/Dropbox (Personal)/svcrec", "Dropbox"),
    ("/Users/ana/Library/CloudStorage/GoogleDrive-ana@example.org/My Drive/x", "Google Drive"),
    ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/svcrec", "iCloud Drive"),
    ("/Users/ana/Box/svcrec", "Box"),
    ("/home/ana/Nextcloud/svcrec", "Nextcloud"),
    ("/home/ana/ownCloud/svcrec", "ownCloud"),
    ("/home/ana/.local/share/svcrec-desktop", None),
    ("/home/ana/boxes/inbox/x", None),
    ("/home/ana/OneDriveNotes/x", None),
])
def test_sync_clients_folders_are_known_by_name(folder, client):
    assert sync_client(PurePosixPath(folder)) == client


def test_a_synced_folder_on_the_local_disk_is_at_risk(tmp_path):
    risk = folder_risk(tmp_path / "OneDrive - Contoso" / "svcrec-desktop")
    assert risk is not None
    assert (risk.kind, risk.where) == ("sync", "OneDrive")
    line = risk.one_line()
    assert "\n" not in line and str(risk.folder) in line and "OneDrive" in line


def test_the_command_line_warns_in_one_line_and_goes_on(tmp_path, capsys):
    data_dir = tmp_path / "Dropbox" / "svcrec-desktop"
    assert main(["sessions", "--data-dir", str(data_dir)]) == 0  # nothing saved there yet
    [warning] = capsys.readouterr().err.splitlines()
    assert warning.startswith("svcrec-desktop: warning: the data folder ")
    assert "Dropbox" in warning


def test_the_command_line_says_nothing_about_a_local_folder(tmp_path, capsys):
    main(["sessions", "--data-dir", str(tmp_path / "data")])
    assert "warning" not in capsys.readouterr().err


def free_space(free: int):
    """A disk as shutil.disk_usage describes it, with this much free."""
    return lambda _folder: (500_000_000_000, 500_000_000_000 - free, free)


def test_low_space_is_under_200_megabytes(tmp_path):
    assert low_space(tmp_path, free_space(150_000_000)) == 150_000_000
    assert low_space(tmp_path, free_space(LOW_SPACE_BYTES)) is None
    assert low_space(tmp_path, free_space(250_000_000)) is None
    assert "150 MB left" in low_space_warning(150_000_000)
    assert "less than 1 MB left" in low_space_warning(4096)


def test_a_disk_that_cannot_be_asked_is_left_to_the_write(tmp_path):
    def unreadable(_folder):
        raise PermissionError("not allowed")

    assert low_space(tmp_path, unreadable) is None


def test_a_real_small_disk_is_low_and_this_one_is_not(small_disk, tmp_path):
    free = low_space(small_disk / "data")  # not made yet: its disk is asked
    assert free is not None and free <= 3 * 1024 * 1024
    assert low_space(tmp_path) is None
