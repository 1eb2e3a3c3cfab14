"""SIGTERM and SIGHUP from the moment the reader is asked for until the app's loop takes them over.

The app ends on these signals as on ``q`` (tui/app.py), but its handlers exist only once its loop runs,
and importing Textual and building the first screen takes about a second. A terminal closed in that
time would otherwise end the process with the signal's default action (exit status 129/143, unlike ``q``):

- before the app is built, nothing has been read, so nothing is lost: the cleanups given to
  :func:`at_early_end` run (the helper reading the source is stopped) and the process exits 0 at once.
  Raising an exception instead would land wherever the main thread is, often inside an import, where
  Python may wrap it (``__set_name__`` makes it a RuntimeError) and the process then exits 1;
- once the app is built but its handlers are not yet installed, raising would land inside Textual's
  loop, so the signal is only noted, and the app quits as soon as it installs its own handlers.

Imports nothing from Textual, so the command line can call it before loading anything slow.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from types import FrameType
from typing import ClassVar

#: Signals that end byline the way q does (state written, terminal restored, exit status 0): a polite kill,
#: and the terminal going away (a closed window, a dropped ssh session).
END_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class _State:
    held = False
    app_built = False
    noted: int | None = None
    cleanups: ClassVar[list[Callable[[], object]]] = []


def _on_signal(number: int, frame: FrameType | None) -> None:
    if not _State.app_built:
        try:
            for cleanup in _State.cleanups:
                cleanup()
        finally:  # whatever a cleanup met, the process ends here: a raise would land in the main thread
            os._exit(0)
    _State.noted = number


def hold() -> None:
    """Take SIGTERM and SIGHUP until the app installs its own handlers (main thread only)."""
    _State.held = True
    _State.app_built = False
    _State.noted = None
    for number in END_SIGNALS:
        signal.signal(number, _on_signal)


def at_early_end(cleanup: Callable[[], object]) -> None:
    """Run ``cleanup`` when a signal ends the process before the app is built."""
    _State.cleanups.append(cleanup)


def app_built() -> None:
    """From now on a signal is noted for the app rather than ending the process at once."""
    _State.app_built = True


def is_held() -> bool:
    """Whether :func:`hold` took the signals in this process (a real run, not a test's app)."""
    return _State.held


def note_from_now() -> None:
    """Take SIGTERM and SIGHUP again once the app's loop has closed (it leaves their default actions).

    A closing terminal may send SIGHUP and then SIGTERM; the second, coming while the process ends,
    must not kill it with the signal's status.
    """
    _State.app_built = True
    for number in END_SIGNALS:
        signal.signal(number, _on_signal)


def noted() -> int | None:
    """The signal that came after :func:`app_built` and before the app's handlers, if any."""
    return _State.noted
