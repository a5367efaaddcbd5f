"""Files of the application's own for this user alone: folders 0700, files 0600, whatever the
umask. The data folder (DISPUTE_DESK_DATA) holds the SQLite database, the demo password and
inspection photos; the database's -wal and -shm files follow the database's own mode (SQLite
gives them the same), and a broader mode found on any of them is tightened when an engine is
made (db.core.engine), i.e. at every start. Folders outside the data folder (a database or a
backup named elsewhere) are created 0700 but never changed when they exist."""

import os
from pathlib import Path

from db.core.settings import data_dir

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def tighten(path: Path, mode: int) -> None:
    """Take away what `mode` does not allow from an existing path of this user's."""
    try:
        status = path.stat()
    except OSError:
        return
    if status.st_uid != os.getuid() or not status.st_mode & 0o777 & ~mode:
        return
    try:
        path.chmod(status.st_mode & 0o777 & mode)
    except OSError:
        pass  # a read-only file system: nothing to do about it here


def _in_data_dir(path: Path) -> bool:
    home = data_dir().resolve()
    return path == home or home in path.parents


def private_dir(path: Path) -> Path:
    """`path` as a folder, its missing parents created 0700; an existing one tightened to 0700
    when it is the data folder or inside it."""
    path = path.resolve()
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            pass
        folder.chmod(PRIVATE_DIR)  # mkdir's mode passes through the umask
    for folder in (path, *path.parents):
        if _in_data_dir(folder):
            tighten(folder, PRIVATE_DIR)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to a new or existing file that only this user may read (0600)."""
    private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    tighten(path, PRIVATE_FILE)


def private_sqlite(path: Path, *, create: bool = True) -> None:
    """Before SQLite opens `path`: its folder exists (0700 if made or the data folder), the
    database exists 0600 (an empty file is an empty database), and the -wal, -shm or -journal
    files left from before are tightened to 0600 (SQLite creates new ones with the database's
    mode). With create=False (opened read-only) nothing is made, only tightened."""
    if create:
        private_dir(path.parent)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    for suffix in ("", *SQLITE_COMPANIONS):
        tighten(path.with_name(path.name + suffix), PRIVATE_FILE)


def private_data_dir() -> None:
    """Tighten the data folder if it exists (it is made when first needed)."""
    tighten(data_dir(), PRIVATE_DIR)
