"""The app's one way to the library: requests served in turn by one worker, results and failures sent back.

Every screen hands its library work to :class:`LibraryService` (``LibraryService.of(app)``): a queue
served by a single thread worker of the app, so writes land in the order they were asked for and no
screen needs a lock of its own. A result goes back to the screen that asked, on the UI thread and only
while that screen is up. A write that fails is said in one line (what, for which article, why) and tried
again a few times, at the next write or after a short delay; one that never lands is said again when it
is given up, and listed on standard error once the app has ended (see :attr:`LibraryService.lost`).
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections import deque
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from tui.oneline import first_line

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

T = TypeVar("T")
#: Seconds a write made at closing waits for the worker's job in hand (a library write takes
#: milliseconds; one waiting on another byline's lock is given up on, and the closing write goes ahead).
CLOSING_WAIT = 2.0

RETRY_DELAYS: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0)
"""Seconds before each new try of a failed write (a write sooner brings it forward): five tries in
15 s, long enough for a full disk to be cleared or another byline to let go of the lock (it holds it
for well under a second per change), short enough that a lost write is said while the user is there."""


class LibraryUnavailable(Exception):
    """The library cannot be opened (or is turned off): no try of a write will change that."""


@dataclass(eq=False)
class Request:
    """One piece of library work waiting for the worker."""

    what: str
    """What the work does, for a message: "save the reading position of “Title”"."""
    job: Callable[[], Any]
    write: bool
    key: Hashable | None = None
    """Writes with the same key replace one another: only the newest still waiting is made."""
    then: Callable[[Any], object] | None = None
    failed: Callable[[Exception], object] | None = None
    owner: MessagePump | None = None
    """The screen that asked: its callbacks run only while it is up (None: always)."""
    retry: bool = True
    """False: a failure is said once and not tried again (the user has a way to try it: undo)."""
    tries: int = 0
    future: Future[Any] = field(default_factory=Future)


def retryable(error: Exception) -> bool:
    """True when trying the same write again may succeed (a disk or lock problem), False when it cannot."""
    if isinstance(error, LibraryUnavailable):
        return False
    if isinstance(error, OSError):
        return True
    try:
        from storage import LibraryError, NotInLibrary
    except ImportError:
        return False
    # Busy (another byline holds the lock), or a disk error the library worded: those pass.
    return isinstance(error, LibraryError) and not isinstance(error, NotInLibrary)


class LibraryService:
    """The library work of one app, served by one thread worker, with failed writes reported and retried."""

    _of: ClassVar[weakref.WeakKeyDictionary[Any, LibraryService]] = weakref.WeakKeyDictionary()

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.retry_delays = RETRY_DELAYS
        self._lock = threading.Lock()
        # Held while a job runs, so a write made at closing (write_now, finish) comes after the one the
        # worker is making, never before it: the worker's older reading position would otherwise land last.
        self._job_lock = threading.Lock()
        self._queue: deque[Request] = deque()
        self._waiting: list[Request] = []  # failed writes waiting for their next try
        self._draining = False
        self._retry_timer: Any = None
        # What was said of the writes of each key that failed last: a newer position failing for the same
        # reason is not said again (the reader writes one after every pause in reading).
        self._said: dict[Hashable, str] = {}
        self.lost: list[str] = []
        """One line for each write given up or still failing when the app ended, oldest first."""

    @classmethod
    def of(cls, app: App[Any]) -> LibraryService:
        """The service of ``app``, made on first use."""
        found = cls._of.get(app)
        if found is None:
            found = cls._of[app] = cls(app)
        return found

    # -- requests --------------------------------------------------------------------------

    def read(
        self,
        job: Callable[[], T],
        *,
        what: str,
        then: Callable[[T], object] | None = None,
        failed: Callable[[Exception], object] | None = None,
        owner: MessagePump | None = None,
    ) -> Future[T]:
        """Run the library read ``job`` in turn; hand its result to ``then`` on the UI thread.

        A failure goes to ``failed`` (on the UI thread); without one it is said in one line.
        """
        request = Request(what, job, write=False, then=then, failed=failed, owner=owner)
        self._submit(request)
        return request.future

    def write(
        self,
        job: Callable[[], T],
        *,
        what: str,
        key: Hashable | None = None,
        then: Callable[[T], object] | None = None,
        failed: Callable[[Exception], object] | None = None,
        retry: bool = True,
        owner: MessagePump | None = None,
    ) -> Future[T]:
        """Make the library write ``job`` in turn; hand its result to ``then`` on the UI thread.

        A failure is said in one line and, unless retrying cannot help, the write is tried again (up to
        ``len(RETRY_DELAYS)`` more times); ``failed`` hears of the first failure at once, ``then`` of the
        write landing whenever it does.

        Args:
            what: the write in words ("mark “Title” read"), for the messages.
            key: a newer write with the same key replaces this one while it waits (positions).
            retry: False to say a failure and leave it there (the screen offers its own way to try again).
        """
        request = Request(what, job, write=True, key=key, then=then, failed=failed, owner=owner, retry=retry)
        self._submit(request)
        return request.future

    def write_now(self, job: Callable[[], object], *, what: str, key: Hashable | None = None) -> bool:
        """Make the write ``job`` on this thread now (the app is closing); True when it landed.

        A waiting write with the same ``key`` is replaced; a failure goes to :attr:`lost`.
        """
        with self._lock:
            if key is not None:
                self._drop_key(key)
        try:
            with self._after_the_worker():
                job()
        except Exception as error:  # said after the app has ended: the screen is going
            self._lose(what, error)
            return False
        return True

    @contextlib.contextmanager
    def _after_the_worker(self) -> Iterator[None]:
        """Wait (at most :data:`CLOSING_WAIT` seconds) for the job the worker is running to end."""
        waited = self._job_lock.acquire(timeout=CLOSING_WAIT)
        try:
            yield
        finally:
            if waited:
                self._job_lock.release()

    def finish(self) -> None:
        """The app is closing: try each failed write once more, here; what fails again is :attr:`lost`."""
        with self._lock:
            waiting, self._waiting = self._waiting, []
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        for request in waiting:
            try:
                with self._after_the_worker():
                    result = request.job()
            except Exception as error:  # said after the app has ended
                self._lose(request.what, error)
                self._settle(request, error=error)
            else:
                self._settle(request, result)

    @property
    def pending(self) -> int:
        """How many requests wait for the worker or for another try."""
        with self._lock:
            return len(self._queue) + len(self._waiting)

    # -- the worker ------------------------------------------------------------------------

    def _submit(self, request: Request) -> None:
        with self._lock:
            if request.key is not None:
                self._drop_key(request.key)
            if request.write and self._waiting:
                # A write is a try for every failed one too: they go first, in the order they came.
                self._queue.extend(self._waiting)
                self._waiting = []
            self._queue.append(request)
            start = not self._draining
            self._draining = True
        if start:
            self._start_worker()

    def _drop_key(self, key: Hashable) -> None:
        """Forget the waiting writes with ``key`` (call with the lock held): a newer one replaces them."""
        for old in [*self._queue, *self._waiting]:
            if old.key == key:
                old.future.cancel()
        self._queue = deque(old for old in self._queue if old.key != key)
        self._waiting = [old for old in self._waiting if old.key != key]

    def _start_worker(self) -> None:
        if self.app._thread_id == threading.get_ident():
            self._run_worker()
        else:
            try:
                self.app.call_from_thread(self._run_worker)
            except RuntimeError:  # the app is not running (or closing): serve the queue on this thread
                self._drain()

    def _run_worker(self) -> None:
        self.app.run_worker(self._drain, thread=True, group="library-service", name="library service")

    def _drain(self) -> None:
        """Serve the queue until it is empty (runs in the worker thread)."""
        while True:
            with self._lock:
                if not self._queue:
                    self._draining = False
                    return
                request = self._queue.popleft()
            try:
                self._serve(request)
            except BaseException:
                # A screen's callback failed (a bug, which ends the app as before): the next request
                # must still find a worker to start.
                with self._lock:
                    self._draining = False
                raise

    def _serve(self, request: Request) -> None:
        request.tries += 1
        try:
            with self._job_lock:
                result = request.job()
        except Exception as error:  # every failure becomes a message (and a retry), never a crash
            if request.write:
                self._on_ui(self._write_failed, request, error)
            else:
                self._settle(request, error=error)
                self._on_ui(self._read_failed, request, error)
            return
        self._settle(request, result)
        self._on_ui(self._landed, request, result)

    def _settle(self, request: Request, result: object = None, error: Exception | None = None) -> None:
        """Give ``request``'s future its outcome, unless a newer write with its key cancelled it."""
        with self._lock:  # _drop_key cancels under the same lock: no outcome lands on a cancelled future
            if request.future.done():
                return
            if error is not None:
                request.future.set_exception(error)
            else:
                request.future.set_result(result)

    def _on_ui(self, callback: Callable[..., object], *args: object) -> None:
        if self.app._thread_id == threading.get_ident():
            callback(*args)
            return
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:  # the app has ended: a write that failed is said on standard error
            if callback == self._write_failed and args:
                request, error = args
                assert isinstance(request, Request) and isinstance(error, Exception)
                self._lose(request.what, error)

    # -- on the UI thread ------------------------------------------------------------------

    def _for(self, request: Request) -> bool:
        """Whether the screen that asked is still up to hear back (not while it, or the app, closes)."""
        owner = request.owner
        if owner is None:
            return True
        if not self.app.is_running or getattr(self.app, "_exit", False) or owner._closing or owner._closed:
            return False
        return bool(getattr(owner, "is_attached", True))

    def _landed(self, request: Request, result: object) -> None:
        told = request.key is not None and self._said.pop(request.key, None) is not None
        if request.write and (request.tries > 1 or told):
            self.app.notify(f"Done after all: {request.what}", timeout=3, markup=False)
        if request.then is not None and self._for(request):
            request.then(result)

    def _read_failed(self, request: Request, error: Exception) -> None:
        if request.failed is not None:
            if self._for(request):
                request.failed(error)
            return
        self.app.notify(f"could not {request.what}: {reason(error)}", severity="error", markup=False)

    def _write_failed(self, request: Request, error: Exception) -> None:
        if request.future.cancelled():  # a newer write with its key has replaced it
            return
        tries_left = request.retry and retryable(error) and request.tries <= len(self.retry_delays)
        if request.tries == 1:
            then = " (trying again)" if tries_left else ""
            line = f"could not {request.what}: {reason(error)}{then}"
            if request.key is None or self._said.get(request.key) != line:
                self.app.notify(line, severity="error", markup=False, timeout=8)
            if request.key is not None:
                self._said[request.key] = line
            if request.failed is not None and self._for(request):
                request.failed(error)
        if not tries_left:
            if request.tries > 1:
                self.app.notify(
                    f"gave up: could not {request.what}: {reason(error)}",
                    severity="error",
                    markup=False,
                    timeout=12,
                )
            if request.tries > 1:  # tried again and again: said once more when the app has ended
                self._lose(request.what, error)
            self._settle(request, error=error)
            return
        with self._lock:
            self._waiting.append(request)
        self._schedule_retry(self.retry_delays[request.tries - 1])

    def _schedule_retry(self, delay: float) -> None:
        if self._retry_timer is not None:
            self._retry_timer.stop()
        self._retry_timer = self.app.set_timer(delay, self._retry_due, name="library retry")

    def _retry_due(self) -> None:
        self._retry_timer = None
        with self._lock:
            if not self._waiting:
                return
            self._queue.extend(self._waiting)
            self._waiting = []
            start = not self._draining
            self._draining = True
        if start:
            self._start_worker()

    def _lose(self, what: str, error: Exception) -> None:
        line = f"not saved: {what}: {reason(error)}"
        with self._lock:
            if line not in self.lost:
                self.lost.append(line)


def reason(error: BaseException) -> str:
    """Why ``error`` happened, in one line (its type when it says nothing)."""
    return first_line(error)
