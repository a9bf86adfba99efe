"""Writing outputs: atomically, so a failed run never leaves a half-written file."""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
import sys
from collections.abc import Sequence

from ..errors import OutputError
from ..i18n import os_reason, say
from ..safe_text import escape_controls

_counter = itertools.count()


def atomic_write(path: str, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    Text has its control characters escaped (:mod:`journeymap.safe_text`); bytes
    (PNG, PDF, SVG) are written as they are.  Either the whole new content is
    there afterwards or the previous file is untouched, also when the run is
    interrupted: the temporary file is removed on the way out.  ``-`` writes to standard
    output; a symbolic link is written through to its target.  There is no fsync: the rename is
    what makes the write atomic for readers, and it costs tens of milliseconds
    per output, a large part of a whole ``journeymap render`` run.  A device or a
    named pipe (``-o /dev/null``, ``-o /dev/stdout``) is written to directly: a
    rename would replace it with a regular file.
    """
    payload = escape_controls(data).encode("utf-8") if isinstance(data, str) else data
    if path == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    if _is_special_file(path):
        try:
            with open(path, "wb") as stream:
                stream.write(payload)
        except OSError as exc:
            raise OutputError(_cannot_write(path, exc)) from None
        return
    if os.path.islink(path):
        # Written through to the file the link names, as `>` would: a rename over the link
        # would leave the real file unchanged and the link replaced by a copy.
        path = os.path.realpath(path)
    folder, name = os.path.split(os.path.abspath(path))
    temporary = os.path.join(folder, f".{name}.{os.getpid()}-{next(_counter)}.tmp")
    try:
        mode = os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o666
        # O_EXCL: never follow or reuse a file someone else put at the temporary name.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as exc:
        raise OutputError(
            say("%(file)s: cannot write here: %(reason)s", file=path, reason=os_reason(exc))
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.chmod(temporary, mode if os.path.exists(path) else mode & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None
    finally:
        # Gone after a successful rename; removed after an error or a Ctrl+C.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def refuse_overwriting_inputs(output: str, inputs: Sequence[str]) -> None:
    """An output that is one of the inputs (after links are resolved) is refused."""
    if output == "-" or not os.path.exists(output):
        return
    for source in inputs:
        if source != "-" and os.path.exists(source) and os.path.samefile(output, source):
            raise OutputError(
                say(
                    "%(output)s: this is also an input (%(input)s); choose another output file",
                    output=output,
                    input=source,
                )
            )


def _cannot_write(path: str, exc: OSError) -> str:
    return say("%(file)s: cannot write: %(reason)s", file=path, reason=os_reason(exc))


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
