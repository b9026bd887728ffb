"""Store write failures that deserve a clear message rather than a traceback:
the store's disk is full, read-only or failing (the write was refused, so the
store's all-or-nothing commit left it unchanged)."""

from __future__ import annotations

import errno

DISK_FULL_MESSAGE = ("the store could not be written because its disk is full; nothing was changed "
                     "(free some space and try again)")
DISK_ERROR_MESSAGE = ("the store could not be written (a disk error: the disk may be full, read-only or "
                      "failing); nothing was changed")
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_ERROR_ERRNOS = {errno.EIO, errno.EROFS}
# sqlite as Chroma reports it (SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY), the OS, a file-size limit
_FULL_WORDS = ("database or disk is full", "no space left on device", "disk quota exceeded", "file too large")
_ERROR_WORDS = ("disk i/o error", "readonly database", "read-only file system")


def _chain(exc: BaseException | None):
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


# below this, a store write that failed for a reason Chroma words otherwise
# ("Error in compaction: Failed to apply logs …") failed for want of space
_NEARLY_FULL_BYTES = 1 << 20


def store_write_error(exc: BaseException | None, store_path=None) -> str | None:
    """The message for users when ``exc`` (or an exception it came from) is
    the store's disk refusing a write; None for anything else. ``store_path``
    (an embedded store's folder): a failed write on a nearly full disk is the disk."""
    for e in _chain(exc):
        text = str(e).lower()
        if (isinstance(e, OSError) and e.errno in _FULL_ERRNOS) or any(w in text for w in _FULL_WORDS):
            return DISK_FULL_MESSAGE
    for e in _chain(exc):
        text = str(e).lower()
        if (isinstance(e, OSError) and e.errno in _ERROR_ERRNOS) or any(w in text for w in _ERROR_WORDS):
            return DISK_ERROR_MESSAGE
    if exc is not None and store_path is not None:
        import shutil

        try:
            if shutil.disk_usage(store_path).free < _NEARLY_FULL_BYTES:
                return DISK_FULL_MESSAGE
        except OSError:
            pass
    return None
