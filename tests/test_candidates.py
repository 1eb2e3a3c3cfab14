"""The per-page choice between our extraction and trafilatura's."""

from __future__ import annotations

import lxml.html

from news.candidates import choose, could_be_replaced, fill_gaps, other_extraction, page_words, words
from news.clean import clean
from news.model import Block, Span

_STORY = [
    "The harbour authority approved the new ferry terminal on Monday after two years of hearings.",
    "Residents of the harbour district had asked for a quieter terminal with fewer night sailings.",
    "The ferry operator said the terminal would open next spring with four berths and a car park.",
    "Engineers will deepen the harbour channel so that the larger ferry can reach the new berths.",
]
_MORE_OF_IT = [
    "The harbour authority also set aside money for a footbridge between the terminal and the town.",
    "A second ferry berth for freight will follow once the channel work in the harbour is finished.",
    "The operator expects the terminal to handle a million ferry passengers a year by the third year.",
    "Harbour residents who objected to the night sailings will meet the ferry operator next month.",
    "The authority said the terminal contract went to the lowest of five bids from builders.",
    "Work in the harbour starts in June, and the old ferry terminal closes once the new one opens.",
]
_OTHER_STORIES = [
    "A football club posted record losses after missing the European competition for a second season.",
    "Film studios spent heavily on location shooting this year, according to accounts filed in London.",
    "The founder of an online fashion retailer stepped down after a summer of reflection with family.",
    "A pop singer announced a farewell tour of stadiums across three continents starting in autumn.",
    "Shares in car makers fell sharply after new tariffs on imported batteries were announced.",
    "Forecasters warned of storms along the coast, with gusts strong enough to close several bridges.",
]


def _paragraphs(texts: list[str]) -> list[Block]:
    return [Block("paragraph", text) for text in texts]


def test_words_fold_case_and_split_cjk_characters() -> None:
    assert words("Ferry TERMINAL, 2026") == ["ferry", "terminal", "2026"]
    assert words("港口渡轮") == ["港", "口", "渡", "轮"]


def test_a_tiny_reading_gives_way_to_a_disjoint_article() -> None:
    ours = _paragraphs(["Log in to continue reading."])
    other = _paragraphs(_STORY + _MORE_OF_IT)
    assert choose(ours, other) == other


def test_the_rest_of_a_split_article_is_taken() -> None:
    # Ours found one part; the other holds it and the rest, which is about the same things.
    ours = _paragraphs(_STORY * 20)
    other = _paragraphs(_STORY * 20 + _MORE_OF_IT * 8)
    assert choose(ours, other) == other


def test_teasers_of_other_stories_are_not_taken_for_more_article() -> None:
    ours = _paragraphs(_STORY * 20)
    other = _paragraphs(_STORY * 20 + _OTHER_STORIES * 12)
    assert choose(ours, other) == ours


def test_agreeing_readings_keep_ours() -> None:
    ours = _paragraphs(_STORY * 5)
    other = _paragraphs(_STORY * 5 + _OTHER_STORIES[:1])
    assert choose(ours, other) == ours


def test_a_scrap_from_a_page_without_an_article_does_not_replace_nothing() -> None:
    assert choose([], _paragraphs(["Home"])) == []


def test_the_other_extraction_leaves_the_page_as_it_was() -> None:
    html = "<html><body><article>" + "".join(f"<p>{t}</p>" for t in _STORY) + "</article></body></html>"
    doc = lxml.html.document_fromstring(html)
    before = lxml.html.tostring(doc)
    body = other_extraction(doc)
    assert body is not None and "harbour authority approved" in body.text_content()
    assert lxml.html.tostring(doc) == before


_NOTES = [
    "Fixed a crash when opening the settings page with a screen reader running, reported by several users",
    "The address bar now suggests bookmarks, history and open tabs in one list, sorted by use",
    "Downloads resume after the network drops, and the panel shows how much is left",
    "Printing keeps the page margins you set last time, for each site separately, instead of the defaults",
]


def test_a_post_written_as_lists_is_read_not_the_site_tagline() -> None:
    # readability scores paragraphs only: the tagline is the one paragraph on the page, and ours alone
    # returns it. trafilatura reads the lists, and the choice takes its reading.
    sub = "".join(f"<li>{note}</li>" for note in _NOTES)
    post = (
        f"<h3>Highlights</h3><ul><li>{_NOTES[0]}<ul>{sub}</ul></li><li>{_NOTES[1]}</li></ul>"
        f"<h3>Developer tools</h3><ul>{sub}</ul>"
        f"<h3>Performance</h3><ul><li>{_NOTES[2]}<ul>{sub}</ul></li></ul>"
    )
    html = (
        "<html><body><div class='site-title-wrap'><a href='/'><h4>The Nightly Notes</h4><p>News, notes and "
        "the odd essay from the people who build the browser, for testers and the curious.</p></a></div>"
        "<div id='content'><article class='post'><h2>These weeks in the nightly builds</h2>"
        f"<div class='entry'>{post}</div></article></div></body></html>"
    )
    blocks = clean(lxml.html.document_fromstring(html))
    assert Block("heading", "Developer tools", 3) in blocks
    assert sum(block.kind == "item" for block in blocks) == 15
    assert not any("odd essay" in block.text for block in blocks)


def test_the_second_extractor_is_asked_only_when_its_reading_could_win() -> None:
    story = "".join(f"<p>{text}</p>" for text in _STORY * 10)
    page = lxml.html.document_fromstring(
        f"<html><body><nav>Home News</nav><article>{story}</article></body></html>"
    )
    total = page_words(page)
    assert total == len(words(" ".join(_STORY * 10))) + 2
    ours = _paragraphs(_STORY * 10)
    # Ours holds nearly the whole page: no other reading can hold 1.15 times as much.
    assert not could_be_replaced(ours, total)
    assert could_be_replaced(_paragraphs(_STORY * 2), total)
    assert could_be_replaced(_paragraphs(_STORY[:1]), 10)  # almost nothing: always worth a second look


def test_a_lost_lead_is_taken_with_the_rest_of_ours() -> None:
    # The other holds every paragraph of ours and a fifth more, before and inside ours, on the same
    # things: ours lost the lead and a part.
    ours = _paragraphs(_STORY * 5)
    other = _paragraphs(_MORE_OF_IT[:2] + _STORY * 3 + _MORE_OF_IT[2:4] + _STORY * 2)
    assert choose(ours, other) == other


def test_a_smaller_addition_after_all_of_ours_or_in_links_is_left() -> None:
    ours = _paragraphs(_STORY * 5)
    # After the whole of ours: the page's tail (an "about us" paragraph, a caption).
    assert choose(ours, _paragraphs(_STORY * 5 + _MORE_OF_IT[:4])) == ours
    # In links: a list of headlines between our paragraphs.
    linked = [
        Block("paragraph", text, spans=(Span(0, len(text), "link", "https://example.org/a"),))
        for text in _MORE_OF_IT[:4]
    ]
    assert choose(ours, _paragraphs(_STORY * 3) + linked + _paragraphs(_STORY * 2)) == ours


def test_prose_the_other_found_before_and_between_ours_fills_the_gaps() -> None:
    lead = Block(
        "paragraph",
        "It took a long night of debate, and a vote that was put off twice, before the board said yes to "
        "a plan that residents had fought over since 2024.",
    )
    middle = Block(
        "paragraph",
        "The vote was close, with four members of the authority for the terminal, three against it and two "
        "who said they would wait for the final plans.",
    )
    tail = Block(
        "paragraph",
        "The Harbour Gazette is an independent weekly paper that has covered the harbour district and its "
        "ferries since the year it was founded.",
    )
    ours = _paragraphs(_STORY)
    piece = Block("paragraph", _STORY[0][:60])  # a piece of one of ours, cut elsewhere
    label = Block("paragraph", "Read the full decision")  # no prose
    other = [lead, piece, *ours[:2], middle, label, *ours[2:], tail]
    assert fill_gaps(ours, other) == [lead, *ours[:2], middle, *ours[2:]]
    # Readings that share no paragraph leave ours as it is.
    assert fill_gaps(ours, [lead, middle]) == ours


def test_other_stories_before_ours_are_no_gap_to_fill() -> None:
    # A section page or a live blog: the other reading has other stories' paragraphs and then ours;
    # they share no vocabulary with ours, so they are not paragraphs ours lost.
    ours = _paragraphs(_STORY)
    elsewhere = [
        Block(
            "paragraph",
            f"Story {n}: a famous singer cancelled tonight's concert tour because of sudden laryngitis, "
            "disappointing thousands of fans who travelled overnight.",
        )
        for n in range(6)
    ]
    assert fill_gaps(ours, [*elsewhere, *ours]) == ours
