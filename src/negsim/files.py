"""Atomic file writes: a reader sees the old file or the new one, never half of one.

A symlink is written through (its target is replaced, the link stays); anything that is not a
regular file (a device, a FIFO, a folder) is refused, never replaced. A new file gets the
usual permissions (0666 less the umask), a replaced one keeps its own. Temporary files are
``.NAME.XXXXXXXX.tmp`` beside the target; ones left by a killed process are removed once they
are a day old (``remove_stale_temporaries``).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
from pathlib import Path

from negsim.errors import OutputError
from negsim.inputs import kind_of_file

STALE_AFTER = 24 * 3600
"""Age in seconds after which a temporary file of ours is taken to be left over from a killed process."""
_TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_-]{8,}\.tmp")


def target_of(path: str | Path) -> Path:
    """Where a write to ``path`` lands: the file itself, or the final target of a symlink."""
    p = Path(path)
    return Path(os.path.realpath(p)) if p.is_symlink() else p


def check_output(path: str | Path) -> Path:
    """Check, before any work, that ``path`` can be written: its folder exists and it is not a device,
    FIFO or folder. Returns where the write will land; raises ``OutputError`` otherwise.
    """
    target = target_of(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: there is no folder {folder}")
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    if st is not None and (kind := kind_of_file(st.st_mode)) is not None:
        raise OutputError(f"refusing to replace {path}: it is {kind}, not a regular file")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: no permission to write in {folder}")
    return target


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically: temp file in the same folder, fsync, rename, fsync folder.

    Through a symlink, the target is replaced. Refuses (``OutputError``) to replace anything but a
    regular file.
    """
    p = target_of(path)
    folder = p.parent if str(p.parent) else Path(".")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        st = os.stat(p)
    except FileNotFoundError:
        st = None
    if st is not None and (kind := kind_of_file(st.st_mode)) is not None:
        raise OutputError(f"refusing to replace {path}: it is {kind}, not a regular file")
    tmp = folder / f".{p.name}.{secrets.token_hex(4)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, 0o666)  # the umask applies, as to any new file
    try:
        with os.fdopen(fd, "wb") as f:
            if st is not None:
                os.fchmod(f.fileno(), stat.S_IMODE(st.st_mode))  # a replaced file keeps its mode
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)
    with contextlib.suppress(OSError):
        remove_stale_temporaries(folder, p.name)


def _fsync_folder(folder: Path) -> None:
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def remove_stale_temporaries(folder: Path, name: str | None = None, now: float | None = None) -> list[Path]:
    """Remove our temporary files in ``folder`` (of ``name`` only, if given) older than ``STALE_AFTER``.

    Only regular files owned by this user and named as ``write_atomic`` names them are removed.
    Returns what was removed; a folder that cannot be read is left alone.
    """
    removed: list[Path] = []
    cutoff = (time.time() if now is None else now) - STALE_AFTER
    prefix = f".{name}." if name is not None else "."
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(prefix) and _TEMPORARY.fullmatch(entry.name)):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and st.st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed
