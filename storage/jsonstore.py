"""A TinyDB storage that reads the file afresh on every access and replaces it atomically on write."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb import Storage

from news.sanitize import safe_data
from storage.atomic import write_atomic

Data = dict[str, dict[str, Any]]

# What a string that safe_text would change looks like in a JSON file: an escaped C0 control (\b, \f, \r
# or \u00XX; newline and tab are kept), DEL, C1 or a bidi control, escaped or raw in UTF-8. Finding none
# in the bytes (the usual case) spares walking every string of the file.
_MAYBE_UNSAFE = re.compile(
    rb"\\(?:[bfr]|u(?:00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|061[cC]|200[eEfF]|202[a-eA-E]|206[6-9]))"
    rb"|\x7f|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


class CorruptFile(Exception):
    """A database file that is not a TinyDB document: ``str()`` says why."""


def parse(raw: bytes, *, required: str | None = None) -> Data:
    """The TinyDB data held in ``raw``; raise :class:`CorruptFile` when it is not well formed.

    Args:
        raw: the whole file.
        required: a field every document must hold as a string (e.g. ``"id"``).
    """
    if not raw.strip():
        raise CorruptFile("empty file")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise CorruptFile(f"not JSON ({error})") from None
    if _MAYBE_UNSAFE.search(raw):
        # A file written by hand or by another program: no control character gets out of it.
        data = safe_data(data)
    if not isinstance(data, dict):
        raise CorruptFile(f"a JSON {type(data).__name__}, not an object of tables")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptFile(f"table {name!r} is not an object")
        for doc_id, doc in table.items():
            if not doc_id.isdigit() or not isinstance(doc, dict):
                raise CorruptFile(f"table {name!r} holds a malformed document")
            if required is not None and not isinstance(doc.get(required), str):
                raise CorruptFile(f"table {name!r} holds a document without {required!r}")
    return data


class AtomicJSONStorage(Storage):
    """JSON on disk for TinyDB, never cached: every read goes to the file, every write is atomic.

    Reading afresh is what lets two processes share a file under one lock; the
    caller holds that lock around each read-modify-write.

    Args:
        path: the JSON file (its folder must exist before the first write).
        on_corrupt: called with the path and the reason when the file is damaged (or is a folder);
            the callback moves it aside and may return the data rebuilt from elsewhere, which is
            written in its place; else the read starts from an empty database.
        required: a string field every document must hold, see :func:`parse`.
    """

    def __init__(
        self,
        path: Path,
        on_corrupt: Callable[[Path, str], Data | None],
        required: str | None = None,
    ) -> None:
        self.path = path
        self._on_corrupt = on_corrupt
        self._required = required

    def read(self) -> Data | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            # Not a file at all: as damaged as bad JSON, and as much in the way of every later command.
            return self._replace("a folder, not a file")
        try:
            return parse(raw, required=self._required)
        except CorruptFile as error:
            return self._replace(str(error))

    def _replace(self, reason: str) -> Data | None:
        rebuilt = self._on_corrupt(self.path, reason)
        if rebuilt is not None:
            self.write(rebuilt)
        return rebuilt

    def write(self, data: Data) -> None:
        # Serialise before touching the disk, so a value JSON cannot hold fails with the file intact.
        encoded = json.dumps(data, separators=(",", ":")).encode("ascii")
        if _MAYBE_UNSAFE.search(encoded):
            # A string that came in unclean (a pasted note, a setting): cleaned as it enters the library.
            encoded = json.dumps(safe_data(data), separators=(",", ":")).encode("ascii")
        write_atomic(self.path, encoded)

    def close(self) -> None:
        pass
