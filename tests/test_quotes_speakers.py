"""Who said a quote, one kind of attribution per test (issue 9), on short articles written for the test."""

from __future__ import annotations

from news.model import Block
from news.quotes import find_quotes


def speakers(*paragraphs: str, kinds: tuple[str, ...] = ()) -> list[tuple[int, str | None]]:
    """(block, speaker) of each quote found in ``paragraphs`` (paragraph blocks unless ``kinds`` says)."""
    blocks = [Block(kinds[i] if i < len(kinds) else "paragraph", text) for i, text in enumerate(paragraphs)]
    return [(q.block, q.speaker) for q in find_quotes(blocks, {})]


def test_she_said_goes_to_the_last_named_woman_not_the_last_name() -> None:
    found = speakers(
        "Ann Lee runs the bakery on Mill Street. She opened it in 2009 with her savings.",
        "Her landlord, Tom Park, raised the rent twice last year, and he says more rises will come.",
        "“I will not be pushed out of this street by anybody at all,” she said.",
    )
    assert found == [(2, "Ann Lee")]


def test_he_said_reaches_back_a_few_paragraphs_to_the_man_named() -> None:
    found = speakers(
        "Coach Dan Ruiz gave his players a talk before the game on Tuesday night.",
        "The team had lost eight of its last ten games and sat at the bottom of the division.",
        "“You have beaten good teams this year, so believe in yourselves again,” he said.",
    )
    assert found == [(2, "Dan Ruiz")]


def test_a_pronoun_with_no_person_of_its_gender_near_finds_no_one() -> None:
    found = speakers(
        "Maria Santos opened the meeting in the town hall on Monday evening.",
        "The vote on the new budget was put off until the spring at the earliest.",
        "The hall was cold and the heating had failed again that morning.",
        "Nobody expected the session to end early.",
        "The budget was the only item on the agenda for the week.",
        "“We cannot keep waiting for the money to arrive from the capital,” he said.",
    )
    assert found == [(5, None)]


def test_similar_experience_in_the_same_paragraph_goes_to_the_person_introduced() -> None:
    found = speakers(
        "“It grabbed me by the heart the moment I heard it,” said Tom Harper, the director. "
        "Jessie Buckley, who phoned in from the set, had a similar experience: "
        "“It was just that immediate feeling that this was the song.”"
    )
    assert found == [(0, "Tom Harper"), (0, "Jessie Buckley")]


def test_said_name_title_inversion() -> None:
    found = speakers(
        "“I never experienced this kind of pollution growing up in the city,” said Aseem Prakash, "
        "founding director of the Center for Environmental Politics."
    )
    assert found == [(0, "Aseem Prakash")]


def test_name_agreed_with_a_colon_introduces_the_next_quote_not_the_one_before() -> None:
    found = speakers(
        "“It is a totally different muscle,” Kate York said. “You have to take yourself out of it, "
        "I guess.” Caitlyn Smith agreed: “It is a different job altogether, and it is wide open.”"
    )
    assert found == [(0, "Kate York"), (0, "Kate York"), (0, "Caitlyn Smith")]


def test_a_paragraph_left_open_goes_on_in_the_next_with_straight_quotes_too() -> None:
    found = speakers(
        "In his post, Ben Ortiz said the line had failed again.",
        '"We have waited three hours on this platform and nobody has told us anything at all.',
        '"But there needs to be an answer from the company before the winter comes."',
    )
    assert found == [(1, "Ben Ortiz"), (2, "Ben Ortiz")]


def test_an_unattributed_quote_paragraph_goes_on_with_the_speaker_before_it() -> None:
    found = speakers(
        "“Space exploration requires an entire ecosystem to do what has to be done,” said Michael Sims, "
        "the founder of a small lander firm.",
        "“There are the big established players, but there are also small players, and we are one.”",
        "“… prevent the evacuation of the civilians from the camp”",
    )
    # A fragment that opens mid-sentence ("… prevent") is a document's words, not Sims going on.
    assert found == [(0, "Michael Sims"), (1, "Michael Sims"), (2, None)]


def test_according_to_name() -> None:
    found = speakers("“The base is vital to stopping the trade in weapons,” according to Omar Lamrani.")
    assert found == [(0, "Omar Lamrani")]


def test_a_report_from_an_organisation_and_they_said_after_one() -> None:
    found = speakers(
        "“The market is largely factoring in a reasonable recovery in earnings,” said a report from "
        "Kotak Institutional Equities.",
        "Big Machine has twice denied doing anything wrong.",
        "“At no point did we say that she could not perform on the show,” they said in a statement.",
    )
    assert found == [(0, "Kotak Institutional Equities"), (2, "Big Machine")]


def test_the_spokesperson_said_is_no_one_unless_the_article_names_the_spokesperson() -> None:
    unnamed = speakers(
        "“This is a deeply sad day for the family and for us,” said Ann Lee, the mayor.",
        "“The road will stay closed until further notice,” the spokesperson said.",
    )
    assert unnamed == [(0, "Ann Lee"), (1, None)]
    named = speakers(
        "Dana Cole, a spokesperson for the water board, confirmed the closure on Monday.",
        "“The road will stay closed until further notice,” the spokesperson said.",
    )
    assert named == [(1, "Dana Cole")]


def test_an_indefinite_role_names_no_one_even_after_a_named_speaker() -> None:
    found = speakers(
        "The suspect, Michael Webb, was convicted last Thursday.",
        "“Come on, sweetheart. You are going to be fine now,” an officer told the girl.",
    )
    assert found == [(1, None)]


def test_the_actor_said_is_the_person_just_quoted() -> None:
    found = speakers(
        "“We lost the baby, and it broke our hearts,” James Van Der Beek said.",
        "“You never know why these things happen to a family,” said the actor.",
    )
    assert found == [(0, "James Van Der Beek"), (1, "James Van Der Beek")]


def test_the_person_a_verb_acts_on_is_not_the_speaker() -> None:
    found = speakers(
        "Zippy Duvall, the president of the farm bureau, wrote to the White House in May.",
        "He urged Mr. Trump to make a deal soon, saying “time is running out for many in agriculture.”",
    )
    assert found == [(1, "Zippy Duvall")]


def test_a_word_opening_the_sentence_is_not_a_name() -> None:
    found = speakers(
        "Patrick Carlineo faces up to ten years in prison. He was arrested in April.",
        "During the call, he asked about the group and said, “somebody ought to hurt her badly,” "
        "the prosecutor’s office said.",
    )
    assert found == [(1, "Patrick Carlineo")]


def test_a_credit_line_credits_every_post_above_it() -> None:
    found = speakers(
        "The chief minister turned to Twitter to describe the air in the city.",
        "Delhi has turned into a gas chamber due to smoke from crop burning",
        "It is very important that we protect ourselves from this toxic air today",
        "— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019",
        "— tall glass of coquito 🎄 (@_orabora) November 19, 2019",
        kinds=("paragraph", "quote", "quote", "quote", "quote"),
    )
    assert found == [(1, "Arvind Kejriwal"), (2, "Arvind Kejriwal")]


def test_a_pull_quote_takes_the_speaker_of_the_quote_it_repeats() -> None:
    found = speakers(
        "“Their immune system behaves in an exaggerated fashion",
        "“In some people, their immune system behaves in an exaggerated fashion,” Owen Dempsey said.",
    )
    assert found == [(0, "Owen Dempsey"), (1, "Owen Dempsey")]
