"""Strip what a hostile page could use against a terminal: control and bidi-override characters."""

from __future__ import annotations

import re

# C0 except tab and newline, DEL, C1, and the bidi embeddings/overrides/isolates and marks.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def safe_text(text: str) -> str:
    """``text`` without control characters (tab and newline kept) or bidi controls."""
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
