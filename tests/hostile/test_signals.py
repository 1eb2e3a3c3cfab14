"""Kind 4: SIGTERM and SIGHUP end the app the way q does: state written, terminal restored, exit status 0.

The trial's input: open a long text, press space five times, send SIGTERM or SIGHUP (or close the terminal).
Progress stayed where it was at opening, the exit status was 143/129 and the terminal was left in the
alternate screen. Here the app runs as a real process on a pseudo-terminal, and the signal comes at once after
the keys, well inside the delay after which the reader writes the position by itself.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from storage import Library

ALT_SCREEN_OFF = b"\x1b[?1049l"
PERCENT = re.compile(rb"(\d{1,3})%")


class Terminal:
    """byline on a pseudo-terminal of 100x30, its output collected by a thread."""

    def __init__(self, source: Path, data: Path) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "BYLINE_HOME": str(data)}
        env.pop("TEXTUAL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "byline", str(source), "--data-dir", str(data)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data

    def wait_for(self, condition: object, seconds: float = 30) -> None:
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            if condition():  # type: ignore[operator]
                return
            time.sleep(0.05)
        raise AssertionError(f"the screen never showed it; it ends with {bytes(self.output[-300:])!r}")

    def settle(self) -> None:
        """Wait until nothing new has been drawn for 0.2 s (all keys handled; well under the write delay)."""
        seen = -1
        while seen != len(self.output):
            seen = len(self.output)
            time.sleep(0.2)

    def shown_percent(self) -> int:
        found = PERCENT.findall(bytes(self.output))
        return int(found[-1]) if found else 0


def long_text(tmp_path: Path) -> Path:
    words = "The council met again on Tuesday to talk about the harbour, the ferries and the new road. "
    text = "A long text for the signal test\n\n" + "\n\n".join(
        f"Paragraph {n}. {words * 3}" for n in range(300)
    )
    path = tmp_path / "long.txt"
    path.write_text(text)
    return path


def press_space_five_times(terminal: Terminal, data: Path) -> int:
    """Once the text is shown and saved, page down five times; the percent then shown."""
    terminal.wait_for(lambda: b"Paragraph 1." in terminal.output)
    # Saved (the entry exists) once the text is shown; wait for it, so the signal tests the exit only.
    terminal.wait_for(lambda: data.exists() and bool(Library(data).articles()))
    os.write(terminal.master, b" " * 5)
    terminal.wait_for(lambda: terminal.shown_percent() >= 5)
    terminal.settle()
    return terminal.shown_percent()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_writes_the_progress_restores_the_terminal_and_exits_0(tmp_path: Path, number: int) -> None:
    data = tmp_path / "data"
    terminal = Terminal(long_text(tmp_path), data)
    try:
        shown = press_space_five_times(terminal, data)
        painted = len(terminal.output)
        terminal.process.send_signal(number)
        assert terminal.process.wait(timeout=30) == 0
        terminal.wait_for(lambda: ALT_SCREEN_OFF in terminal.output[painted:], seconds=5)
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
        os.close(terminal.master)
    [entry] = Library(data).articles()
    assert round(entry.progress * 100) == shown


def test_a_closed_terminal_still_writes_the_progress(tmp_path: Path) -> None:
    data = tmp_path / "data"
    terminal = Terminal(long_text(tmp_path), data)
    try:
        shown = press_space_five_times(terminal, data)
    finally:
        os.close(terminal.master)  # the window is gone: every write to the terminal now fails
    terminal.process.send_signal(signal.SIGHUP)  # what the kernel sends the session when its terminal closes
    try:
        assert terminal.process.wait(timeout=30) == 0
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
    [entry] = Library(data).articles()
    assert round(entry.progress * 100) == shown


@pytest.mark.parametrize("after", [0.3, 0.6, 1.0])
def test_a_terminal_closed_while_the_app_draws_still_ends_the_process(tmp_path: Path, after: float) -> None:
    # Closed while the app is drawing its first screens, the terminal kills Textual's output thread; its
    # shutdown then waited for ever on that thread (seen as a byline left asleep after tmux kill-session).
    data = tmp_path / "data"
    terminal = Terminal(long_text(tmp_path), data)
    time.sleep(after)
    os.close(terminal.master)
    terminal.process.send_signal(signal.SIGHUP)
    try:
        assert terminal.process.wait(timeout=30) == 0
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_before_the_app_is_built_runs_the_cleanups_and_exits_0(number: int) -> None:
    # Raised as an exception, the signal landed wherever the main thread was: inside Textual's imports
    # Python wrapped it in a RuntimeError (__set_name__) and byline exited 1 with a traceback.
    script = (
        "import os, signal, time\n"
        "from tui import early_signals\n"
        "early_signals.hold()\n"
        "early_signals.at_early_end(lambda: print('helper stopped', flush=True))\n"
        "early_signals.at_early_end(lambda: 1 / 0)\n"  # a cleanup that fails still lets the process end
        f"os.kill(os.getpid(), {int(number)})\n"
        "time.sleep(30)\n"
        "print('still running')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "helper stopped\n", "")


def test_a_second_signal_during_the_shutdown_does_not_kill_it(tmp_path: Path) -> None:
    # A closing terminal sends SIGHUP and then SIGTERM: the first one's handler gave the second the
    # default action back, and the process died with status 143 before writing what it had.
    data = tmp_path / "data"
    terminal = Terminal(long_text(tmp_path), data)
    try:
        shown = press_space_five_times(terminal, data)
        terminal.process.send_signal(signal.SIGHUP)
        time.sleep(0.02)
        terminal.process.send_signal(signal.SIGTERM)
        assert terminal.process.wait(timeout=30) == 0
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
        os.close(terminal.master)
    [entry] = Library(data).articles()
    assert round(entry.progress * 100) == shown
