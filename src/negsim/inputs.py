"""The one guarded way to read a file the program is given or finds (scenario, script, save, autosave).

Only regular files are read (symlinks to them too), or ``-`` for standard input, read once per
process and kept, so every reader of ``-`` sees the same bytes. A named pipe, a device, a socket
or a folder is refused with a message without waiting on it: the file is opened without blocking
and checked before anything is read. At most ``limit`` bytes are accepted, counted as they are
read (a file's reported size is not trusted). Every failure is an ``InputError`` located at the
file's start, so the CLI exits with status 2 and the TUI shows the message.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from negsim.errors import InputError, Issue

STDIN = "-"
"""The name that stands for standard input."""
STDIN_NAME = "<stdin>"
"""How messages name standard input."""
MiB = 1024 * 1024
"""Bytes in a mebibyte."""

_stdin: bytes | None = None
_CHUNK = 1 << 16


def display_name(path: str | Path) -> str:
    """How messages name ``path`` (``<stdin>`` for ``-``)."""
    return STDIN_NAME if str(path) == STDIN else str(path)


def whole_file_error(name: str, message: str) -> InputError:
    """A problem of a file as a whole: located at its start, line 1 column 1."""
    return InputError([Issue(file=name, line=1, column=1, message=message)])


def _size(n: int) -> str:
    return f"{n // MiB} MiB" if n % MiB == 0 else f"{n:,} bytes"


def too_big(name: str, limit: int, size: int | None = None) -> InputError:
    """The error for a file over ``limit`` bytes (``size`` if known)."""
    got = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
    return whole_file_error(name, f"file is {got}; the limit is {limit:,} ({_size(limit)})")


def kind_of_file(mode: int) -> str | None:
    """What a file that is not a regular one is, in words (``None`` for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read_fd(fd: int, name: str, limit: int) -> bytes:
    """Read ``fd`` to its end, refusing more than ``limit`` bytes."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise too_big(name, limit)
    return b"".join(chunks)


def _read_stdin(limit: int) -> bytes:
    global _stdin  # noqa: PLW0603 - standard input can be read only once: kept for every later reader
    if _stdin is None:
        try:
            fd = sys.stdin.fileno()
        except (AttributeError, ValueError, OSError):
            raise whole_file_error(STDIN_NAME, "there is no standard input to read") from None
        if os.isatty(fd):
            raise whole_file_error(
                STDIN_NAME, "standard input is a terminal: pipe a file into it, e.g. cat FILE | negsim ..."
            )
        try:
            _stdin = _read_fd(fd, STDIN_NAME, limit)
        except OSError as e:
            raise whole_file_error(STDIN_NAME, f"cannot read: {e.strerror or e}") from None
    if len(_stdin) > limit:
        raise too_big(STDIN_NAME, limit, len(_stdin))
    return _stdin


def read_input(path: str | Path, limit: int, name: str | None = None) -> bytes:
    """The bytes of a regular file (or of standard input for ``-``), at most ``limit`` of them.

    Raises ``InputError`` (naming the file as ``name``, default the path) for anything else:
    a folder, a FIFO, a device, a missing or unreadable file, a symlink loop, too many bytes.
    """
    if str(path) == STDIN:
        return _read_stdin(limit)
    shown = name if name is not None else str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise whole_file_error(shown, "is a folder, not a file") from None
    except OSError as e:
        raise whole_file_error(shown, f"cannot read: {e.strerror or e}") from None
    try:
        st = os.fstat(fd)
        kind = kind_of_file(st.st_mode)
        if kind is not None:
            raise whole_file_error(shown, f"is {kind}, not a file: give a regular file, or - for standard input")
        if st.st_size > limit:
            raise too_big(shown, limit, st.st_size)
        return _read_fd(fd, shown, limit)
    except OSError as e:
        raise whole_file_error(shown, f"cannot read: {e.strerror or e}") from None
    finally:
        os.close(fd)


def decode_utf8(raw: bytes, name: str) -> str:
    """UTF-8 text (an initial BOM dropped); ``InputError`` at the first bad byte, with its line and column.

    Python's strict decoder also refuses encoded surrogates, so the text never holds a lone one.
    """
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        message = f"not UTF-8: byte 0x{raw[e.start]:02x} cannot be decoded"
        raise InputError([Issue(file=name, line=line, column=col, message=message)]) from None


def forget_stdin() -> None:
    """Forget what standard input held (for tests that feed it again)."""
    global _stdin  # noqa: PLW0603
    _stdin = None
