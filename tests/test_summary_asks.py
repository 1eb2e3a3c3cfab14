"""Generated takeaways say what happened: no questions, no calls to action, one lead sentence (issue 9)."""

from __future__ import annotations

from news.model import Block
from news.summary import summarize


def test_takeaways_skip_questions_calls_to_action_and_most_of_the_lead() -> None:
    blocks = [
        Block(
            "paragraph",
            "The city council approved the new harbour budget on Monday after a long debate. "
            "The harbour budget adds two new ferries and repairs the old harbour pier this year. "
            "Council members said the harbour plan would cut ferry waiting times for commuters.",
        ),
        Block("paragraph", "Vote for your favourite harbour ferry design on the last page of this article!"),
        Block("paragraph", "Pro tip: the harbour ferry timetable for commuters is on the council site here!"),
        Block("paragraph", "Will the new harbour ferries really cut the waiting times for the commuters?"),
        Block(
            "paragraph",
            "The harbour repairs will start in March and the ferries arrive in the autumn, officials said.",
        ),
        Block(
            "paragraph",
            "Commuters have waited up to forty minutes for a harbour ferry during the busiest hours.",
        ),
        Block(
            "paragraph",
            "“Check the timetable before you leave home,” the harbour master told commuters on Monday.",
        ),
    ]
    points = summarize(blocks, 4)
    assert points[0].startswith("The city council approved")
    assert not any(p.startswith(("Vote", "Pro tip", "Will")) for p in points)
    lead = blocks[0].text
    assert sum(p in lead for p in points) == 1
    # A quote that opens with an imperative is someone speaking, and may be kept.
    assert any(p.startswith("The harbour repairs") for p in points)
