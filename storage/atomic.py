"""Crash-safe file replacement: a write either lands whole or not at all, and survives power loss."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

TEMP_MARK = ".tmp-"


def fsync_dir(folder: Path) -> None:
    """Flush ``folder``'s entries to disk, so a rename inside it survives a crash."""
    if os.name == "nt":  # Windows cannot open a folder; its renames are journaled by NTFS
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: temp file in the same folder, fsync, rename over, fsync the folder.

    The folder is created when missing.
    """
    try:
        _replace_with(path, data)
    except OSError as error:
        # The temp file is ours, not the user's: a failure names the file being written.
        if error.filename is None or is_temp(Path(str(error.filename)).name):
            raise OSError(error.errno, error.strerror, str(path)) from None
        raise


def _replace_with(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}{TEMP_MARK}{secrets.token_hex(4)}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(temp, flags, 0o600)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temp, flags, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    os.close(fd)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)


def is_temp(name: str) -> bool:
    """Whether ``name`` is a temp file left by an interrupted :func:`write_atomic`."""
    return name.startswith(".") and TEMP_MARK in name
