"""Refresh feeds: fetch many through one connection pool, a few at a time, keeping each the moment it ends.

Every fetch is conditional when the feed gave validators last time (a 304 costs no parsing), a server's
``Retry-After`` is honoured, and a feed that keeps failing is tried less and less often (:func:`backoff`).
Fetching and parsing run in worker threads; the calling thread is the only one that writes, and it writes
whatever has finished since its last write in one go, so a slow or stuck feed never holds back the others
(issue 8) and 200 feeds do not cost 200 rewrites of ``feeds.json``.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from news.errors import SourceError, TryLater
from news.feeds import feed_of, fetch_feed_page
from news.fetch import FetchLimits, FetchSession, Page, Validators
from news.sanitize import safe_line
from storage.feeds import MAX_ITEMS, FeedCheck, FeedShelf, FeedSubscription

#: Feeds fetched side by side: enough to hide slow servers, few enough to be polite to each host.
CONCURRENCY = 8
#: The wait after the second failure in a row, doubled after each further one, up to BACKOFF_MAX.
#: A feed that is down for an afternoon is then tried about hourly, one gone for good about daily.
BACKOFF_BASE = timedelta(minutes=15)
BACKOFF_MAX = timedelta(hours=24)
#: How long a finished feed may wait for others to be written with it. Each write of a batch costs two
#: fsyncs and a rewrite of feeds.json; writing every feed alone made 200 quick 304s cost 0.3 s more
#: than the network did (bench/refresh.py), while a fifth of a second is no wait a person sees.
WRITE_WINDOW = 0.2


@dataclass(frozen=True, slots=True)
class Refreshed:
    """How one feed's refresh ended.

    ``new`` counts items not cached before, ``items`` the items the feed holds now (0 for a 304, whose
    items are unchanged), ``error`` is the one line a failure shows, ``skipped`` says why a feed was not
    fetched at all (it is backing off, or its server asked us to wait).
    """

    feed_id: str
    title: str
    url: str
    new: int = 0
    items: int = 0
    not_modified: bool = False
    error: str | None = None
    skipped: str | None = None


def backoff(failures: int) -> timedelta:
    """How long to leave a feed alone after ``failures`` failed fetches in a row (none after the first)."""
    if failures < 2:
        return timedelta(0)
    wait: timedelta = BACKOFF_BASE * (2 ** min(failures - 2, 16))
    return min(wait, BACKOFF_MAX)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def due(sub: FeedSubscription, now: datetime) -> bool:
    """Whether ``sub`` may be fetched at ``now`` (its backoff or the server's Retry-After has passed)."""
    return sub.retry_at is None or sub.retry_at <= _iso(now)


@dataclass(frozen=True, slots=True)
class _Outcome:
    check: FeedCheck
    title: str
    items: int
    not_modified: bool


def _fetch_page(sub: FeedSubscription, session: FetchSession, limits: FetchLimits) -> Page | SourceError:
    """The network step, in a fetch thread: the feed's bytes (or 304), or why they could not be had."""
    validators = Validators(sub.etag, sub.last_modified) if (sub.etag or sub.last_modified) else None
    try:
        return fetch_feed_page(sub.url, limits=limits, session=session, validators=validators)
    except SourceError as error:
        return error
    except Exception as error:  # a bug or a library's surprise is this feed's line; the others go on
        return SourceError(sub.url, f"{type(error).__name__}: {safe_line(str(error))}")


def _outcome(
    sub: FeedSubscription,
    page: Page | SourceError,
    session: FetchSession,
    limits: FetchLimits,
    keep: int,
    now: Callable[[], datetime],
) -> _Outcome:
    """The CPU step, in the parse thread: what to keep of one feed's fetch."""
    try:
        if isinstance(page, SourceError):
            raise page
        feed = feed_of(sub.url, page, limits=limits, session=session)
    except TryLater as error:
        wait = timedelta(seconds=error.retry_after) if error.retry_after is not None else None
        wait = max(wait or timedelta(0), backoff(sub.failures + 1))
        retry = _iso(now() + wait) if wait else None
        return _Outcome(FeedCheck(sub.id, error=str(error), retry_at=retry), sub.title, 0, False)
    except SourceError as error:
        wait = backoff(sub.failures + 1)
        retry = _iso(now() + wait) if wait else None
        return _Outcome(FeedCheck(sub.id, error=str(error), retry_at=retry), sub.title, 0, False)
    except Exception as error:  # a bug or a parser's surprise is this feed's line; the others go on
        reason = f"{safe_line(sub.url)}: {type(error).__name__}: {safe_line(str(error))}"
        return _Outcome(FeedCheck(sub.id, error=reason), sub.title, 0, False)
    if feed.not_modified:
        check = FeedCheck(sub.id, etag=feed.etag, last_modified=feed.last_modified)
        return _Outcome(check, sub.title, 0, True)
    # The newest ``keep`` only: a feed of 10,000 items must not cost 10,000 stored ones.
    items = [item.to_dict() for item in feed.entries]
    check = FeedCheck(
        sub.id,
        items=items,
        title=feed.title,
        site_url=feed.site_url,
        etag=feed.etag,
        last_modified=feed.last_modified,
        keep=keep,
    )
    return _Outcome(check, feed.title, min(len(items), keep), False)


def refresh_feeds(
    shelf: FeedShelf,
    subs: Sequence[FeedSubscription],
    *,
    on_done: Callable[[Refreshed], None] | None = None,
    concurrency: int = CONCURRENCY,
    keep: int = MAX_ITEMS,
    force: bool = False,
    limits: FetchLimits | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> list[Refreshed]:
    """Fetch ``subs`` and keep each feed's items as soon as its fetch ends; one :class:`Refreshed` per feed.

    Args:
        on_done: called in this thread once each feed is kept (or has failed, or was skipped), in the
            order they end, so a screen or a progress bar can show it at once.
        concurrency: feeds fetched at the same time.
        keep: items kept per feed, newest first.
        force: fetch feeds that are backing off too (the user asked for them by name).

    Disk errors while keeping a feed become that feed's ``error``; nothing raises.
    """
    limits = limits or FetchLimits()
    results: list[Refreshed] = []

    def tell(result: Refreshed) -> None:
        results.append(result)
        if on_done is not None:
            on_done(result)

    wanted: list[FeedSubscription] = []
    moment = now()
    for sub in subs:
        if force or due(sub, moment):
            wanted.append(sub)
        else:
            tell(Refreshed(sub.id, sub.title, sub.url, skipped=f"not fetched before {sub.retry_at}"))
    if not wanted:
        return results
    finished: queue.SimpleQueue[tuple[FeedSubscription, _Outcome]] = queue.SimpleQueue()
    with (
        FetchSession(max_connections=max(concurrency, 1)) as session,
        ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(wanted)))) as fetchers,
        # One parser: parsing is CPU (and holds the GIL), so more threads would only queue for it; apart
        # from the fetchers, it never delays the next request.
        ThreadPoolExecutor(max_workers=1) as parser,
    ):

        def parse(sub: FeedSubscription, page: Page | SourceError) -> None:
            finished.put((sub, _outcome(sub, page, session, limits, keep, now)))

        def fetch(sub: FeedSubscription) -> None:
            parser.submit(parse, sub, _fetch_page(sub, session, limits))

        for sub in wanted:
            fetchers.submit(fetch, sub)
        left = len(wanted)
        while left:
            batch = [finished.get()]
            # Whatever else ends within WRITE_WINDOW is written in the same go.
            until = time.monotonic() + WRITE_WINDOW
            while len(batch) < left:
                try:
                    batch.append(finished.get(timeout=max(0.0, until - time.monotonic())))
                except queue.Empty:
                    break
            left -= len(batch)
            for result in _keep(shelf, batch):
                tell(result)
    return results


def _keep(shelf: FeedShelf, batch: list[tuple[FeedSubscription, _Outcome]]) -> list[Refreshed]:
    try:
        new = shelf.record([outcome.check for _, outcome in batch])
    except Exception as error:  # a full disk or a lock held elsewhere: each feed of the batch says so
        reason = safe_line(str(error)) or type(error).__name__
        return [
            Refreshed(sub.id, sub.title, sub.url, error=f"{safe_line(sub.url)}: not kept: {reason}")
            for sub, _ in batch
        ]
    told: list[Refreshed] = []
    for sub, outcome in batch:
        if sub.id not in new:
            told.append(
                Refreshed(sub.id, sub.title, sub.url, error=f"{safe_line(sub.url)}: removed meanwhile")
            )
            continue
        told.append(
            Refreshed(
                sub.id,
                outcome.title,
                sub.url,
                new=new[sub.id],
                items=outcome.items,
                not_modified=outcome.not_modified,
                error=outcome.check.error,
            )
        )
    return told


__all__ = ["BACKOFF_BASE", "BACKOFF_MAX", "CONCURRENCY", "Refreshed", "backoff", "due", "refresh_feeds"]
