"""Whether the data folder can hold the promise that every saved note is on disk.

The database's write-ahead log (WAL) relies on file locks and a shared-memory file that only a
disk of this computer honours: on a network share, or a FUSE file system, SQLite cannot
promise that a note it saved survives. A folder that a sync client (OneDrive, Dropbox, ...)
copies elsewhere is no better: it may copy the database half-written, and it carries the
notes off the laptop. Both are found here, for the window to explain and the command line
to warn about; so is a disk about to fill up, said before a meeting rather than when a note
cannot be written.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath

LOW_SPACE_BYTES = 200 * 1000 * 1000  # under this much free space, say so before a meeting

# File systems whose files live on another computer (Linux's names, then macOS's).
NETWORK_FILESYSTEMS = frozenset({
    "cifs", "smb3", "smbfs", "nfs", "nfs4", "ncpfs", "afs", "9p", "ceph", "glusterfs",
    "lustre", "gpfs", "beegfs", "coda", "davfs", "sshfs", "afpfs", "webdav",
})
# FUSE file systems are programs: they may reach anywhere, and few honour WAL's shared memory.
# fuseblk is the exception: a disk of this computer (NTFS or exFAT) read through FUSE.
FUSE_PREFIXES = ("fuse.", "macfuse", "osxfuse")

# The folders sync clients make, lower-cased: (the client, whole names, beginnings of names).
SYNC_CLIENTS = (
    ("OneDrive", {"onedrive"}, ("onedrive - ", "onedrive-")),
    ("Dropbox", {"dropbox"}, ("dropbox (",)),
    ("Google Drive", {"google drive", "googledrive", "my drive"}, ("googledrive-",)),
    ("iCloud Drive", {"mobile documents", "icloud drive", "iclouddrive"}, ()),
    ("Box", {"box", "box sync"}, ()),
    ("Nextcloud", {"nextcloud"}, ()),
    ("ownCloud", {"owncloud"}, ()),
    ("a cloud storage service", {"cloudstorage"}, ()),  # macOS' own, holding all of them
)


@dataclass(frozen=True)
class FolderRisk:
    """Why a data folder cannot keep the promise: `network` (a share or FUSE) or `sync`."""

    folder: Path
    kind: str
    where: str  # in plain words: "a network drive (cifs)", "OneDrive"

    def one_line(self) -> str:
        """The command line's warning."""
        if self.kind == "sync":
            return (f"the data folder {self.folder} is inside {self.where}, which copies it to "
                    "other computers: it may copy the database half-written and takes the notes "
                    "off this computer. Use a folder on this computer (--data-dir).")
        return (f"the data folder {self.folder} is on {self.where}: there the database cannot "
                "promise that every saved note is kept. Use a folder on this computer "
                "(--data-dir).")


def folder_risk(folder: Path, mountinfo: str | None = None) -> FolderRisk | None:
    """Why folder cannot hold the promise, or None for a disk of this computer.

    mountinfo stands in for Linux's /proc/self/mountinfo: tests declare a mount's file system
    with it. On Windows and macOS the system is asked.
    """
    where = _existing(folder)
    remote = _remote_drive(where, mountinfo)
    if remote is not None:
        return FolderRisk(folder, "network", remote)
    client = sync_client(where) or sync_client(Path(os.path.abspath(folder.expanduser())))
    return None if client is None else FolderRisk(folder, "sync", client)


def _remote_drive(folder: Path, mountinfo: str | None) -> str | None:
    """What kind of drive that is not this computer's holds folder, in plain words."""
    if mountinfo is not None or sys.platform.startswith("linux"):
        filesystem = filesystem_on_linux(folder, mountinfo)
    elif sys.platform == "darwin":
        filesystem = _filesystem_on_macos(folder)
    else:
        return "a network drive" if sys.platform == "win32" and _remote_on_windows(folder) else None
    if filesystem is None or not is_network_filesystem(filesystem):
        return None
    if _is_fuse(filesystem):
        return f"a drive that another program provides ({filesystem})"
    return f"a network drive ({filesystem})"


def is_network_filesystem(filesystem: str) -> bool:
    return filesystem.lower() in NETWORK_FILESYSTEMS or _is_fuse(filesystem)


def _is_fuse(filesystem: str) -> bool:
    name = filesystem.lower()
    return name == "fuse" or name.startswith(FUSE_PREFIXES)


def sync_client(folder: PurePath) -> str | None:
    """The sync client whose folder holds this one, by the folder names they make."""
    parts = [part.lower() for part in folder.parts]
    for client, names, beginnings in SYNC_CLIENTS:  # by name before macOS' own folder
        if any(part in names or part.startswith(beginnings) for part in parts):
            return client
    return None


def filesystem_on_linux(folder: Path, mountinfo: str | None = None) -> str | None:
    """The file system of the mount that holds folder: the deepest mount point above it, the
    last mounted if several share it."""
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8",
                                                               errors="replace")
        except OSError:
            return None
    deepest, filesystem = "", None
    for mount_point, mounted in _mounts(mountinfo):
        if PurePath(folder).is_relative_to(mount_point) and len(mount_point) >= len(deepest):
            deepest, filesystem = mount_point, mounted
    return filesystem


def _mounts(mountinfo: str) -> list[tuple[str, str]]:
    """(mount point, file system) of each line: id, parent, device, root, mount point,
    options, [optional fields…], -, file system, source, options."""
    mounts = []
    for line in mountinfo.splitlines():
        fields = line.split()
        if "-" not in fields[6:]:
            continue
        separator = fields.index("-", 6)
        if len(fields) > separator + 1:
            mounts.append((_unescape(fields[4]), fields[separator + 1]))
    return mounts


def _unescape(field: str) -> str:
    """Spaces, tabs, newlines and backslashes are written as octal escapes (\\040)."""
    return re.sub(r"\\([0-7]{3})", lambda match: chr(int(match.group(1), 8)), field)


def _existing(folder: Path) -> Path:
    """The folder, or its nearest ancestor that exists (a data folder not made yet), with
    links resolved: the mount that holds it is the one it will be made on."""
    path = Path(os.path.abspath(folder.expanduser()))
    while not path.exists() and path.parent != path:
        path = path.parent
    return path.resolve()


def _remote_on_windows(folder: Path) -> bool:
    """A UNC path (\\\\server\\share) or a drive Windows calls remote (a mapped drive)."""
    text = str(folder)
    if text.startswith("\\\\?\\"):  # a long path: \\?\C:\… is local, \\?\UNC\… a share
        text = text[4:]
        if text.upper().startswith("UNC\\"):
            return True
    elif text.startswith("\\\\"):
        return True
    import ctypes  # only on Windows, only here

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    drive_remote = 4
    return bool(kernel32.GetDriveTypeW(os.path.splitdrive(text)[0] + "\\") == drive_remote)


# macOS' struct statfs (64-bit inodes): f_fstypename, MFSTYPENAMELEN bytes, after 72 bytes of
# sizes, counts, ids and flags; the whole struct is 2168 bytes.
_MAC_STATFS_SIZE = 2168
_MAC_TYPENAME = slice(72, 88)


def _filesystem_on_macos(folder: Path) -> str:
    """statfs's f_fstypename: "apfs", "hfs", "smbfs", "nfs", "afpfs", "webdav", …"""
    import ctypes  # only on macOS, only here

    libc = ctypes.CDLL(None, use_errno=True)
    statfs = getattr(libc, "statfs$INODE64", None) or libc.statfs  # Intel, else Apple silicon
    buffer = ctypes.create_string_buffer(_MAC_STATFS_SIZE)
    if statfs(os.fsencode(folder), buffer) != 0:
        return ""
    return buffer.raw[_MAC_TYPENAME].split(b"\0", 1)[0].decode("ascii", "replace")


# Free space ---------------------------------------------------------------------------------

DiskUsage = Callable[[Path], tuple[int, int, int]]  # total, used, free: shutil.disk_usage


def low_space(folder: Path, usage: DiskUsage = shutil.disk_usage) -> int | None:
    """The bytes free on folder's disk when under LOW_SPACE_BYTES, else None (also when the
    disk cannot be asked: a write that fails says so itself). usage stands in for
    shutil.disk_usage in tests."""
    try:
        _total, _used, free = usage(_existing(folder))
    except OSError:
        return None
    return free if free < LOW_SPACE_BYTES else None


def low_space_warning(free: int) -> str:
    """What to say, in plain words, before a meeting on a disk that is nearly full."""
    megabytes = free // 1_000_000
    amount = f"{megabytes} MB" if megabytes else "less than 1 MB"
    return (f"The disk that keeps your notes is nearly full: {amount} left. Free some space "
            "before the meeting (empty the recycle bin, move large files elsewhere). If the "
            "disk fills up, notes stay on screen and are saved as soon as there is room.")
