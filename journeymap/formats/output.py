"""Writing outputs: atomically, so a failed run never leaves a half-written file."""

from __future__ import annotations

import itertools
import os
import stat
import sys

from ..errors import OutputError

_counter = itertools.count()


def atomic_write(path: str, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    Either the whole new content is there afterwards or the previous file is
    untouched.  ``-`` writes to standard output.  There is no fsync: the rename is
    what makes the write atomic for readers, and it costs tens of milliseconds
    per output, a large part of a whole ``journeymap render`` run.  A device or a
    named pipe (``-o /dev/null``, ``-o /dev/stdout``) is written to directly: a
    rename would replace it with a regular file.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    if _is_special_file(path):
        try:
            with open(path, "wb") as stream:
                stream.write(payload)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        return
    folder, name = os.path.split(os.path.abspath(path))
    temporary = os.path.join(folder, f".{name}.{os.getpid()}-{next(_counter)}.tmp")
    try:
        mode = os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o666
        # O_EXCL: never follow or reuse a file someone else put at the temporary name.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.chmod(temporary, mode if os.path.exists(path) else mode & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        os.unlink(temporary)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _is_special_file(path: str) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
