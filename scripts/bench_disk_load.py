"""Make the disk slow for scripts/bench.py: write and fsync 1 MiB at a time, until stopped.

The file is rewritten from its start every 64 MiB, so the load never fills the disk, and it
is deleted when the process is stopped with SIGTERM.

Usage: python scripts/bench_disk_load.py FOLDER
"""

import os
import signal
import sys
from pathlib import Path

BLOCK = os.urandom(1 << 20)
WRAP_BYTES = 64 << 20


def main(folder: Path) -> None:
    target = folder / "disk-load.bin"
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        print("writing", flush=True)
        while True:
            for _ in range(WRAP_BYTES // len(BLOCK)):
                os.write(fd, BLOCK)
                os.fsync(fd)
            os.lseek(fd, 0, os.SEEK_SET)
    finally:
        os.close(fd)
        target.unlink(missing_ok=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
