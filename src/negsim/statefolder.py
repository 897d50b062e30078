"""The state folder (``$NEGSIM_HOME``): listing what is there without tripping on bad entries,
setting bad saves aside, and removing temporary files left by a killed process.

Nothing here deletes a save: a file that cannot be used is renamed ``NAME.bad-YYYYMMDD-HHMMSS``
(with a note ``NAME.bad-YYYYMMDD-HHMMSS.txt`` saying why), so it no longer matches what negsim
looks for and the player can still recover it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from pathlib import Path

from negsim.errors import NegsimError
from negsim.files import remove_stale_temporaries, write_atomic


def mtime(path: Path) -> float:
    """When ``path`` (or, for a symlink that leads nowhere, the link) was last changed; 0 if unknown."""
    for follow in (True, False):
        try:
            return os.stat(path, follow_symlinks=follow).st_mtime
        except OSError:
            continue
    return 0.0


def entries(folder: Path, pattern: str) -> list[Path]:
    """Entries of ``folder`` matching ``pattern``, newest first; [] if the folder cannot be read.

    Every entry is listed, whatever it is (a FIFO, a dangling symlink, a symlink loop): reading
    one is what finds out whether it is usable.
    """
    try:
        found = list(folder.glob(pattern))
    except OSError:
        return []
    return sorted(found, key=mtime, reverse=True)


def regular_files(folder: Path, pattern: str) -> list[Path]:
    """The entries of ``folder`` matching ``pattern`` that are regular files (or symlinks to one), newest first."""
    out = []
    for p in entries(folder, pattern):
        try:
            if stat.S_ISREG(os.stat(p).st_mode):
                out.append(p)
        except OSError:
            continue
    return out


def set_aside(path: Path, reason: str) -> Path | None:
    """Rename a bad save so negsim no longer picks it up, with a note saying why; never deletes it.

    Returns the new name, or ``None`` if it could not be renamed (it is then left where it is).
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(100):
        new = path.with_name(f"{path.name}.bad-{stamp}" + (f"-{n}" if n else ""))
        if os.path.lexists(new):
            continue
        try:
            os.rename(path, new)
        except OSError:
            return None
        note = (
            f"negsim set {path.name} aside on {time.strftime('%Y-%m-%d %H:%M:%S')} because it cannot be used:\n"
            f"{reason}\nNothing was deleted: rename it back to try again, or delete it.\n"
        )
        with contextlib.suppress(OSError, NegsimError):  # the note is a courtesy: the rename is what matters
            write_atomic(new.with_name(new.name + ".txt"), note)
        return new
    return None


def tidy(*folders: Path) -> list[Path]:
    """Remove our temporary files older than a day from ``folders`` (at start-up); what was removed."""
    removed: list[Path] = []
    for folder in folders:
        removed += remove_stale_temporaries(folder)
    return removed
