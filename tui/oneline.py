"""One line of text for an exception, safe for any exception (even one whose message is empty)."""

from __future__ import annotations


def first_line(error: BaseException) -> str:
    """The first line of ``error``'s message, or its type name when the message is empty or blank."""
    lines = [line for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
