"""The outline pane: a collapsible tree of headline, takeaways, sections and quotes; follows the reader."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from news.model import Article, Section
from news.sanitize import safe_text

TargetKind = Literal["title", "takeaways", "takeaway", "section", "quote"]

BOOKMARK_MARK = "★ "
"""Put before the label of a bookmarked quote, and of a section holding a bookmarked passage."""

LABEL_CHARS = 70
"""Longest label kept: the pane is narrow and a label is a pointer, not the text."""


@dataclass(frozen=True, slots=True)
class Target:
    """What an outline node points at: a section's heading block, a quote or takeaway index."""

    kind: TargetKind
    index: int = 0


def label(text: str, limit: int = LABEL_CHARS) -> Text:
    """A plain (never markup) one-line label, shortened with an ellipsis."""
    flat = " ".join(safe_text(text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return Text(flat)


class Outline(Tree[Target]):
    """The article's outline; posts :class:`Outline.Jump` when a node is chosen."""

    # Shown in the footer while the outline has the focus: its keys are not the text's.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Go to", key_display="⏎", id="outline.go"),
        Binding("left,h", "collapse_or_parent", "Fold", key_display="←", id="outline.collapse"),
        Binding("right,l", "expand", "Unfold", key_display="→", id="outline.expand"),
        Binding("tab", "app.focus_next", "To the text", key_display="tab", id="outline.to_text"),
        Binding("j", "cursor_down", "Down", show=False, id="outline.down"),
        Binding("k", "cursor_up", "Up", show=False, id="outline.up"),
    ]

    KEY_BAR_ORDER: ClassVar[tuple[str, ...]] = (
        "outline.go",
        "outline.to_text",
        "outline.collapse",
        "outline.expand",
    )
    """The footer's outline keys, the most needed first (key_bar.ORDER_ATTRIBUTE)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = Tree.COMPONENT_CLASSES | {"outline--current", "outline--quote"}

    DEFAULT_CSS = """
    Outline {
        background: $panel;
        overflow-x: hidden;
        & > .outline--current { color: $text-accent; text-style: bold; }
        & > .outline--quote { color: $foreground-muted; text-style: italic; }
    }
    """

    class Jump(Message):
        """The user chose a node: show what it points at."""

        def __init__(self, target: Target) -> None:
            super().__init__()
            self.target = target

    def __init__(self, article: Article, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(label(article.title or article.source), Target("title"), id=id, classes=classes)
        self.auto_expand = False
        self.guide_depth = 3
        self._fill(article)

    def show(self, article: Article) -> None:
        """Show the outline of ``article`` instead."""
        self.reset(label(article.title or article.source), Target("title"))
        self._fill(article)
        self.last_line  # noqa: B018 - lays the new tree out before the cursor moves
        self.move_cursor(self.root)

    def _fill(self, article: Article) -> None:
        self.current: TreeNode[Target] | None = None
        self.section_nodes: dict[int, TreeNode[Target]] = {}
        self.quote_nodes: dict[int, TreeNode[Target]] = {}
        self.takeaways_node: TreeNode[Target] | None = None
        self._unmarked: dict[int, Text] = {}  # node id -> its label without the bookmark mark
        tb = article.takeaways_block
        # The block where the page's own takeaways list starts (its heading, when it has one).
        self._takeaways_start = (
            None if tb is None else tb - 1 if tb > 0 and article.blocks[tb - 1].kind == "heading" else tb
        )
        self._populate(article)
        self._section_blocks = sorted(self.section_nodes)

    def process_label(self, label: str | Text) -> Text:
        """Labels are page text: never parse them as markup."""
        text = Text(safe_text(label)) if isinstance(label, str) else label
        return text.split()[0] if text.plain else text

    def _populate(self, article: Article) -> None:
        root = self.root
        root.expand()
        if article.takeaways:
            name = "Key takeaways (chosen)" if article.takeaways_generated else "Key takeaways"
            self.takeaways_node = root.add(label(name), Target("takeaways"), expand=True)
            for number, takeaway in enumerate(article.takeaways):
                self.takeaways_node.add_leaf(label(takeaway), Target("takeaway", number))
        quotes_by_section: dict[int | None, list[int]] = {}
        starts = _section_starts(article.sections)
        for number, quote in enumerate(article.quotes):
            owner = None
            for block, _ in starts:
                if block <= quote.block:
                    owner = block
                else:
                    break
            quotes_by_section.setdefault(owner, []).append(number)
        for number in quotes_by_section.get(None, []):
            self._add_quote(root, article, number)
        self._add_sections(root, article, article.sections, quotes_by_section)

    def _add_quote(self, parent: TreeNode[Target], article: Article, number: int) -> None:
        quote = article.quotes[number]
        text = label(f"“{quote.text}”", LABEL_CHARS - 10)
        if quote.speaker:
            text.append(f" — {' '.join(safe_text(quote.speaker).split())}")
        self.quote_nodes[number] = parent.add_leaf(text, Target("quote", number))

    def _add_sections(
        self,
        parent: TreeNode[Target],
        article: Article,
        sections: list[Section],
        quotes: dict[int | None, list[int]],
    ) -> None:
        for section in sections:
            own_quotes = quotes.get(section.block, [])
            has_children = bool(section.children or own_quotes)
            if not has_children:
                node = parent.add_leaf(label(section.title), Target("section", section.block))
            else:
                # Subsections show by default; a section holding only quotes starts folded.
                node = parent.add(
                    label(section.title), Target("section", section.block), expand=bool(section.children)
                )
                items: list[tuple[int, int, Section | int]] = [(s.block, 0, s) for s in section.children]
                items += [(article.quotes[q].block, 1, q) for q in own_quotes]
                for _, _, item in sorted(items, key=lambda entry: (entry[0], entry[1])):
                    if isinstance(item, Section):
                        self._add_sections(node, article, [item], quotes)
                    else:
                        self._add_quote(node, article, item)
            self.section_nodes[section.block] = node

    def render_label(self, node: TreeNode[Target], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        if node.data is not None and node.data.kind == "quote":
            text.stylize(self.get_component_rich_style("outline--quote", partial=True))
        if node is self.current:
            text.stylize(self.get_component_rich_style("outline--current", partial=True))
        # A label wider than the pane ends in an ellipsis, not cut off in the middle of a word.
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if room > 1 and text.cell_len > room:
            # The toggle (▶/▼) comes before the label; the label is what is cut.
            lead = len(text.plain) - len(str(node.label))
            keep = room - 1 - lead
            twin = self._common_with_twin(node, keep) if keep > 8 else None
            if twin is None:
                text.truncate(room, overflow="ellipsis")
            else:
                head = keep // 3
                text = text[: lead + head] + Text("…") + _tail(text[lead:], head, twin, keep - head)
        return text

    def _common_with_twin(self, node: TreeNode[Target], keep: int) -> int | None:
        """How many first characters the label of ``node`` shares with a sibling whose label, cut to
        ``keep`` characters, reads the same (None when no sibling does): those two must be told apart."""
        parent = node.parent
        if parent is None:
            return None
        mine = str(node.label)
        common: int | None = None
        for sibling in parent.children:
            theirs = str(sibling.label)
            if sibling is node or theirs[:keep] != mine[:keep]:
                continue
            shared = next((i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b), None)
            if shared is None:
                shared = min(len(mine), len(theirs))
            common = shared if common is None else max(common, shared)
        return common

    def mark_bookmarks(self, quotes: set[int], sections: set[int | None]) -> None:
        """Mark the nodes of the bookmarked quotes (indexes into ``article.quotes``) and of the sections
        (by heading block; None for the text before the first) that hold a bookmarked passage."""
        wanted = [self.quote_nodes[q] for q in quotes if q in self.quote_nodes]
        wanted += [self.node_for_heading(block) for block in sections]
        marked = {node.id for node in wanted if node is not self.root}
        for node in [*self.quote_nodes.values(), *self.section_nodes.values()]:
            plain = self._unmarked.get(node.id)
            if node.id in marked and plain is None:
                self._unmarked[node.id] = (
                    node.label.copy() if isinstance(node.label, Text) else Text(node.label)
                )
                node.set_label(Text(BOOKMARK_MARK, style="bold") + self._unmarked[node.id])
            elif node.id not in marked and plain is not None:
                node.set_label(self._unmarked.pop(node.id))

    def node_for_heading(self, heading: int | None) -> TreeNode[Target]:
        """The node standing for the text under heading block ``heading`` (None: before any heading)."""
        if heading is None:
            return self.root
        index = bisect_right(self._section_blocks, heading) - 1
        section = self._section_blocks[index] if index >= 0 else None
        start = self._takeaways_start
        in_takeaways = start is not None and start <= heading and (section is None or section < start)
        if self.takeaways_node is not None and in_takeaways:
            return self.takeaways_node
        return self.root if section is None else self.section_nodes[section]

    def follow(self, heading: int | None) -> None:
        """Mark the node of the part being read (under heading block ``heading``) and reveal it."""
        node = self.node_for_heading(heading)
        if node is self.current:
            return
        self.current = node
        parent = node.parent
        while parent is not None:
            if not parent.is_expanded:
                parent.expand()
            parent = parent.parent
        self.refresh()
        # Moving the cursor under someone using the outline would fight them.
        if not self.has_focus:
            self.last_line  # noqa: B018 - rebuilds line numbers after expanding
            self.move_cursor(node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Target]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Jump(event.node.data))

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None:
            self.move_cursor(node.parent)

    def action_expand(self) -> None:
        node = self.cursor_node
        if node is not None and node.children:
            node.expand()

    def collapse_all(self) -> None:
        """Fold every branch below the headline."""
        for child in self.root.children:
            child.collapse_all()
        self.root.expand()

    def expand_all(self) -> None:
        """Unfold every branch."""
        self.root.expand_all()


def _tail(label: Text, head: int, common: int, room: int) -> Text:
    """The part of ``label`` after its first ``head`` characters that shows where it differs from a
    sibling (at character ``common``), in ``room`` characters: a little context, then the difference."""
    start = max(head, common - room // 3)
    tail = label[start:]
    if len(tail.plain) > room:
        tail = tail[: room - 1] + Text("…")
    return tail


def _section_starts(sections: list[Section]) -> list[tuple[int, Section]]:
    """Every section, nested ones included, by the block of its heading."""
    found: list[tuple[int, Section]] = []

    def walk(items: list[Section]) -> None:
        for section in items:
            found.append((section.block, section))
            walk(section.children)

    walk(sections)
    return sorted(found, key=lambda entry: entry[0])
