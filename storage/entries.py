"""What the library holds about an article and a bookmark, as immutable records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Literal, cast
from urllib.parse import urlsplit

BookmarkKind = Literal["quote", "passage"]


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """One saved article: its metadata and reading state (the body lives in its own file).

    ``progress`` is the fraction read (0.0-1.0); ``position`` the index of the block
    at the top of the view when the reader last left it. Times are ISO 8601 UTC.
    ``path`` is the resolved absolute path of a file source when it was saved (None for a
    URL, standard input, or an entry saved before byline kept it): ``source`` stays as typed.
    ``archived_at`` is when the article was archived (hidden from the library, kept), else None.
    """

    id: str
    title: str
    url: str | None
    source: str
    site: str | None
    saved_at: str
    read: bool = False
    progress: float = 0.0
    position: int = 0
    read_at: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    words: int = 0
    path: str | None = None
    archived_at: str | None = None

    @property
    def origin(self) -> str:
        """Where the article came from, for a person: the site (or the URL's host), and a file's name.

        The same story saved from ``story.html`` and ``story.txt`` reads "Site · story.html" and
        "story.txt"; a path is never shown as if it were a site. Standard input reads "standard input".
        """
        parts = [self.site or (urlsplit(self.url).hostname if self.url else None) or ""]
        if self.url is None and self.source not in ("", "-"):
            parts.append(PurePath(self.path or self.source).name)
        elif self.url is None and not parts[0]:
            parts.append("standard input")
        return " · ".join(part for part in parts if part)

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready data (the ``byline list --format json`` entry)."""
        data = {name: getattr(self, name) for name in self.__slots__}
        data["authors"] = list(self.authors)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleEntry:
        """The entry held in ``data``, tolerating missing or mistyped optional fields."""
        # Written inline, without helpers: opening a library of 20,000 builds 20,000 of these.
        get = data.get
        url, site, read_at, subtitle, published, path, archived_at = (
            get("url"),
            get("site"),
            get("read_at"),
            get("subtitle"),
            get("published"),
            get("path"),
            get("archived_at"),
        )
        progress, position, words, authors = get("progress"), get("position"), get("words"), get("authors")
        if type(authors) is not list or not all(type(a) is str for a in authors):
            authors = [a for a in authors if isinstance(a, str)] if isinstance(authors, list) else []
        return cls(
            id=str(data["id"]),
            title=str(get("title") or ""),
            url=url if type(url) is str else None,
            source=str(get("source") or ""),
            site=site if type(site) is str else None,
            saved_at=str(get("saved_at") or ""),
            read=get("read") is True,
            progress=min(1.0, max(0.0, float(progress))) if isinstance(progress, float | int) else 0.0,
            position=position if type(position) is int and position >= 0 else 0,
            read_at=read_at if type(read_at) is str else None,
            subtitle=subtitle if type(subtitle) is str else None,
            authors=tuple(authors),
            published=published if type(published) is str else None,
            words=words if type(words) is int and words >= 0 else 0,
            path=path if type(path) is str else None,
            archived_at=archived_at if type(archived_at) is str else None,
        )


@dataclass(frozen=True, slots=True)
class BookmarkEntry:
    """One bookmark: the words kept, where they came from, and the reader's note.

    The article's title and URL are copied in, so a bookmark outlives its article;
    ``block`` indexes the block of the article body it was taken from.
    """

    id: str
    text: str
    kind: BookmarkKind
    speaker: str | None
    section: str | None
    article_title: str
    article_url: str | None
    created_at: str
    article_id: str | None = None
    block: int = 0
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The bookmark as JSON-ready data (the ``byline bookmarks --format json`` entry)."""
        return {name: getattr(self, name) for name in self.__slots__}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BookmarkEntry:
        """The bookmark held in ``data``, tolerating missing or mistyped optional fields."""
        kind = data.get("kind")
        return cls(
            id=str(data["id"]),
            text=str(data.get("text") or ""),
            kind=cast(BookmarkKind, kind) if kind in ("quote", "passage") else "passage",
            speaker=_str_or_none(data.get("speaker")),
            section=_str_or_none(data.get("section")),
            article_title=str(data.get("article_title") or ""),
            article_url=_str_or_none(data.get("article_url")),
            created_at=str(data.get("created_at") or ""),
            article_id=_str_or_none(data.get("article_id")),
            block=max(0, _int(data.get("block"))),
            note=str(data.get("note") or ""),
        )
