"""Files only their owner can read: the local Neo4j's store, logs and password."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path
from typing import BinaryIO


def make_private(directory: Path) -> None:
    """Create ``directory`` (0700) and take group and world access off
    everything already under it: a store or logs left by an older version
    that ran with the default umask."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)
    for root, dirs, files in os.walk(directory):
        for name in dirs + files:
            path = Path(root) / name
            mode = stat.S_IMODE(path.lstat().st_mode)
            # Links are left alone: chmod would follow them out of the directory.
            if not path.is_symlink() and mode & 0o077:
                path.chmod(mode & 0o700)


def open_private(path: Path, flags: int) -> BinaryIO:
    """``path`` opened for writing, created 0600 if missing, whatever the umask."""
    fd = os.open(path, flags | os.O_CREAT, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "wb")


def write_new_private(path: Path, text: str) -> str:
    """Write ``text`` to ``path``, mode 0600 from the moment the file exists.

    It is written to a fresh file beside ``path`` and linked into place, so no
    reader ever sees a partial file. If another process wrote ``path`` first,
    its text wins and is returned: two first starts agree on one password.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return path.read_text(encoding="utf-8").strip()
        except OSError:  # a file system without hard links
            os.replace(tmp, path)
        return text
    finally:
        tmp.unlink(missing_ok=True)
