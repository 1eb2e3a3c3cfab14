"""Read and clean a source in a helper process, started before Textual loads, so both run at once.

The helper (:func:`main`, run as ``python -c "from tui.prefetch import main; main()" SOURCE``)
imports only news/, prints one JSON line (``{"article": record}`` or ``{"error": "one line"}``)
and exits. The app takes the result when it is ready; quitting kills the helper, so a stalled
fetch never holds the app open. This module imports nothing heavy: it runs before the first paint.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess

    from news.model import Article

_started: dict[str, Prefetch] = {}
_helpers: list[Prefetch] = []  # every helper this process started, for cancel_all


class Prefetch:
    """One source being read by a helper process."""

    def __init__(self, source: str, stdin: bytes | None = None, *, origin: str | None = None) -> None:
        """``origin``: the address the user typed that led to ``source`` (see news.fetch.fetch)."""
        self.source = source
        self.stdin = stdin
        _helpers.append(self)
        self._line = b""
        self._ready = threading.Event()
        # Here, not at the top: the helper imports this module too, and it starts no processes.
        import subprocess

        command, env = helper_command(source, origin)
        self._process: subprocess.Popen[bytes] = subprocess.Popen(
            command,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        if stdin is not None:
            # A writer thread: a big stdin must not block the app while the helper reads it.
            threading.Thread(target=self._feed, name="byline-prefetch-stdin", daemon=True).start()
        threading.Thread(target=self._read, name="byline-prefetch", daemon=True).start()

    def _feed(self) -> None:
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(self.stdin or b"")
            self._process.stdin.close()
        except OSError:
            pass

    def _read(self) -> None:
        assert self._process.stdout is not None
        try:
            self._line = self._process.stdout.readline()
        finally:
            self._ready.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to ``timeout`` seconds (None: as long as it takes) for the answer; True once it is in."""
        return self._ready.wait(timeout)

    def result(self) -> Article:
        """Wait for the helper; return the article or raise ``LoadFailed`` with one line saying why."""
        from news.model import Article

        self._ready.wait()
        try:
            answer: dict[str, Any] = json.loads(self._line) if self._line.strip() else {}
        except ValueError:
            answer = {}
        if "article" in answer:
            return Article.from_record(answer["article"])
        if "error" in answer:
            raise LoadFailed(str(answer["error"]))
        _out, err = self._process.communicate()
        last = err.decode("utf-8", "replace").strip().splitlines()
        reason = last[-1] if last else f"exit status {self._process.returncode}"
        raise LoadFailed(f"{self.source}: byline could not read it ({reason})")

    def cancel(self) -> None:
        """Stop the helper (the user left before it finished)."""
        # A signal may ask this while __init__ is still starting the process.
        process = getattr(self, "_process", None)
        if process is not None and process.poll() is None:
            process.kill()


def cancel_all() -> None:
    """Stop every helper still running (the process is ending before the app took their results)."""
    for helper in _helpers:
        helper.cancel()


def helper_command(source: str, origin: str | None = None) -> tuple[list[str], dict[str, str]]:
    """The helper's command line and environment (``origin``, when given, is its second argument).

    It runs without ``site`` (-S), on this process's resolved import path plus the folder holding
    our packages: the same modules, found without the site and editable-install start-up work. -P
    keeps the current folder off the path, so a ``news/`` folder where the user stands is never imported.
    """
    root = str(Path(__file__).resolve().parent.parent)
    paths = [root, *(path for path in sys.path if path and path != os.getcwd() and os.path.isdir(path))]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(dict.fromkeys(paths)))
    # -c rather than -m: runpy and its imports are not needed to call one function.
    command = [sys.executable, "-S", "-P", "-c", "from tui.prefetch import main; main()", source]
    return command + ([origin] if origin is not None else []), env


class LoadFailed(Exception):
    """The source could not be read; ``str()`` is one line naming the source and the reason."""


def read_stdin() -> bytes:
    """All of standard input; then the terminal takes its place so keys still reach the app."""
    data = sys.stdin.buffer.read()
    if not sys.stdin.isatty():
        try:
            tty = os.open("/dev/tty", os.O_RDONLY)
        except OSError:
            return data
        os.dup2(tty, 0)
        os.close(tty)
    return data


def prefetch(source: str | None) -> None:
    """Start reading ``source`` now (standard input first when it is "-"); :func:`take` collects it."""
    if source is None or source in _started:
        return
    stdin = read_stdin() if source == "-" else None
    _started[source] = Prefetch(source, stdin)


def take(source: str) -> Prefetch:
    """The helper started for ``source`` by :func:`prefetch`, or a new one."""
    started = _started.pop(source, None)
    if started is not None:
        return started
    return Prefetch(source, read_stdin() if source == "-" else None)


# Modules readability imports at its top but uses only in its own command line (urllib.request) or
# for pages given as bytes (chardet; news/ hands it text). In the helper they load on first use.
DEFERRED = ("urllib.request", "chardet")


class _LoadedOnUse(ModuleType):
    """Stands in for a module until a name is read from it; then it loads the module and becomes it."""

    def __getattr__(self, name: str) -> Any:
        # Called only for names this placeholder does not have: the first real use.
        del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)
        return getattr(real, name)


def defer_imports(names: tuple[str, ...]) -> None:
    """Put a placeholder for each module in ``names`` that is not loaded yet (see ``_LoadedOnUse``)."""
    for name in names:
        if name in sys.modules:
            continue
        sys.modules[name] = placeholder = _LoadedOnUse(name)
        parent, _, child = name.rpartition(".")
        if parent:
            # ``import urllib.request`` returns ``urllib`` and the code then reads this attribute.
            setattr(importlib.import_module(parent), child, placeholder)


def main() -> None:
    """The helper: read and clean ``argv[1]`` (reached from ``argv[2]``, if given), print one JSON line."""
    defer_imports(DEFERRED)
    from news import SourceError, load

    source = sys.argv[1]
    origin = sys.argv[2] if len(sys.argv) > 2 else None
    try:
        article = load(source, origin=origin)
    except SourceError as error:
        answer: dict[str, Any] = {"error": str(error)}
    except Exception as error:  # one line for the app, never a traceback on its screen
        answer = {"error": f"{source}: byline failed on it ({type(error).__name__}: {error})"}
    else:
        answer = {"article": article.to_record()}
    # ASCII JSON: any string (lone surrogates too) survives, whatever the locale's encoding.
    sys.stdout.buffer.write(json.dumps(answer).encode("ascii") + b"\n")
    sys.stdout.flush()
    # The answer is out: skip the interpreter's clean-up, the app is waiting for this process to end.
    os._exit(0)


if __name__ == "__main__":
    main()
