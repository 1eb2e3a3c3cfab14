"""Whether an element sits in a part about other things than the article: comments, other stories."""

from __future__ import annotations

from lxml.html import HtmlElement

from news.furniture import class_words
from news.wordlists import words

_ASIDE_WORDS = words("aside-class-words.txt")


def in_aside(element: HtmlElement, seen: dict[HtmlElement, bool] | None = None) -> bool:
    """Whether ``element`` or an ancestor is classed (by whole class/id words) as comments or other stories.

    Used by metadata to pass over a commenter's "byline" or a related-story card's <time>; see
    ``news/data/aside-class-words.txt`` for the words and where they came from. ``seen`` memoises the
    answer per ancestor across calls on one page (callers that test many elements pass one dict).
    """
    path: list[HtmlElement] = []
    node: HtmlElement | None = element
    found = False
    while node is not None and node.tag not in ("body", "html"):
        if seen is not None and node in seen:
            found = seen[node]
            break
        path.append(node)
        # A region that holds the headline is the article's own: WordPress classes a whole post
        # "comments-open", templates a story "has-related".
        if (
            isinstance(node.tag, str)
            and not _ASIDE_WORDS.isdisjoint(class_words(node))
            and node.find(".//h1") is None
        ):
            found = True
            break
        node = node.getparent()
    if seen is not None:
        for visited in path:
            seen[visited] = found
    return found
