"""The outline from blocks: takeaways, datelines, sections, quotes and their speakers."""

from __future__ import annotations

import pytest

from news.dateline import byline_names, read_opening
from news.metadata import Metadata
from news.model import Article, Block
from news.outline import build_article
from news.quotes import find_quotes, is_speech
from news.summary import split_sentences, summarize
from news.takeaways import find_takeaways, is_label

P = "paragraph"
LONG = "The council met on Tuesday evening to discuss the budget for the coming year in some detail."


def para(text: str) -> Block:
    return Block("paragraph", text)


def article(*blocks: Block, title: str = "A Headline For The Story", **meta: object) -> Article:
    return build_article("test", list(blocks), Metadata(title=title, **meta))  # type: ignore[arg-type]


# Takeaways ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Key Takeaways",
        "Ishiba’s Washington Visit: Key Takeaways",
        "Key points",
        "Highlights",
        "In brief",
        "At a glance",
        "What you need to know",
        "TL;DR",
        "Quick Read",
        "The big picture",
        "Das Wichtigste in Kürze",
        "L’essentiel",
        "À retenir",
        "Claves",
        "Lo más importante",
        "Pontos-chave",
        "In sintesi",
        "Punti chiave",
        "In het kort",
        "この記事のポイント",
        "要点",
        "重点",
    ],
)
def test_takeaway_labels_in_many_languages(label: str) -> None:
    assert is_label(label)


@pytest.mark.parametrize(
    "text",
    [
        "What’s Next?",
        "Building a Bond with Trump",
        "Why This Visit Matters:",
        "Key Topics in the Meeting",
        LONG,
    ],
)
def test_ordinary_headings_are_not_labels(text: str) -> None:
    assert not is_label(text)


def test_labelled_list_after_the_lead_is_the_takeaways() -> None:
    blocks = [
        para(LONG),
        Block("heading", "Das Wichtigste in Kürze", 2),
        Block("item", "Der Rat hat den Haushalt beschlossen.", 1, "-"),
        Block("item", "Die Steuern steigen nicht.", 1, "-"),
        Block("heading", "Der Haushalt", 2),
        para(LONG),
    ]
    result = article(*blocks)
    assert result.takeaways == ["Der Rat hat den Haushalt beschlossen.", "Die Steuern steigen nicht."]
    assert result.takeaways_generated is False
    assert result.takeaways_block == 2
    assert [s.title for s in result.sections] == ["Der Haushalt"]


def test_bold_paragraph_label_with_short_paragraphs() -> None:
    blocks = [
        para("Key points:"),
        para("Prices rose 3% in May."),
        para("Wages did not keep up."),
        Block("heading", "The details", 2),
        para(LONG),
    ]
    found = find_takeaways(blocks)
    assert found is not None
    assert found.items == ["Prices rose 3% in May.", "Wages did not keep up."]
    assert (found.label, found.first, found.end) == (0, 1, 3)


def test_only_the_first_label_near_the_top_counts() -> None:
    blocks = [para(LONG)] * 5 + [
        para("Key Takeaways from the visit:"),
        Block("item", "Ties were strengthened between both sides.", 1, "-"),
    ]
    assert find_takeaways(blocks) is None


def test_a_late_label_does_not_let_an_earlier_one_be_skipped() -> None:
    blocks = [
        para(LONG),
        Block("heading", "Highlights", 2),
        Block("item", "First point of the story is here.", 1, "-"),
        para(LONG),
        para("Key takeaways:"),
        Block("item", "A later point.", 1, "-"),
    ]
    found = find_takeaways(blocks)
    assert found is not None and found.items == ["First point of the story is here."]


def test_summary_list_under_the_headline() -> None:
    blocks = [
        Block("item", "The city will close three schools next year to save money.", 1, "-"),
        Block("item", "Parents have until March to comment on the closure plan.", 1, "-"),
        para(LONG),
    ]
    found = find_takeaways(blocks)
    assert found is not None and found.label is None and len(found.items) == 2


def test_inline_tldr_paragraph() -> None:
    found = find_takeaways([para("TL;DR: The bridge reopens Monday. Tolls stay the same."), para(LONG)])
    assert found is not None
    assert found.items == ["The bridge reopens Monday.", "Tolls stay the same."]


def test_generated_takeaways_come_from_the_text() -> None:
    sentences = [
        "The city council approved a new budget for the schools on Tuesday night after a long debate.",
        "The budget adds money for teachers and for repairs to old school buildings across the city.",
        "Parents had asked the council for more teachers at the crowded schools for several years.",
        "Some council members said the school budget was still too small for the growing city.",
        "The mayor is expected to sign the budget for the schools later this week in a ceremony.",
        "Weather on Tuesday was mild and sunny, with light winds from the west in the afternoon.",
        "The council will meet again next month to discuss the budget for roads and city parks.",
    ]
    result = article(*(para(s) for s in sentences))
    assert result.takeaways_generated is True
    assert 3 <= len(result.takeaways) <= 5
    assert all(t in sentences for t in result.takeaways)
    # In reading order.
    assert result.takeaways == sorted(result.takeaways, key=sentences.index)
    assert result.takeaways_block is None


def test_generated_takeaways_for_a_long_article_are_at_most_five() -> None:
    text = [
        f"Sentence number {i} tells readers about the harbour project and its costs in detail."
        for i in range(200)
    ]
    chosen = summarize([para(t) for t in text])
    assert 3 <= len(chosen) <= 5


def test_sentences_keep_abbreviations_whole() -> None:
    assert split_sentences("He met Sen. Bill Hagerty in the U.S. Capitol. Then he left.") == [
        "He met Sen. Bill Hagerty in the U.S. Capitol.",
        "Then he left.",
    ]


# Byline, dateline, lead -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dateline", "rest"),
    [
        ("WASHINGTON (AP) — The Senate voted on Tuesday to pass the bill.", "WASHINGTON", "The Senate voted"),
        (
            "LONDON, Jan 5 (Reuters) - Britain's economy grew faster than expected.",
            "LONDON",
            "Britain's economy",
        ),
        ("PARIS — The museum reopened its doors to the public on Sunday.", "PARIS", "The museum reopened"),
        ("NEW YORK, N.Y. (AP) — Stocks fell sharply on Monday morning.", "NEW YORK", "Stocks fell"),
        ("Dekalb, Ill. — Mike Glass threw for three touchdowns on the night.", "Dekalb", "Mike Glass"),
    ],
)
def test_wire_datelines(text: str, dateline: str, rest: str) -> None:
    opening = read_opening(text)
    assert opening is not None
    assert opening.dateline == dateline
    assert opening.rest.startswith(rest)


@pytest.mark.parametrize(
    "text",
    [
        "Democrats — who control the House — said on Monday they would act.",
        "Kurt Volker, the former envoy - said things on Monday in the hearing.",
        "The U.S. economy added jobs in May, the government said on Friday.",
    ],
)
def test_sentences_that_are_not_datelines(text: str) -> None:
    assert read_opening(text) is None


def test_slash_header_gives_site_place_and_author_but_not_the_edition() -> None:
    opening = read_opening(
        "Newslooks/ WASHINGTON/ J. Mansour/ Morning Edition/ Japanese Prime Minister Shigeru Ishiba flew in."
    )
    assert opening is not None
    assert (opening.site, opening.dateline, opening.authors) == ("Newslooks", "WASHINGTON", ["J. Mansour"])
    assert opening.rest.startswith("Japanese Prime Minister")


def test_wire_dateline_leaves_the_lead_but_stays_in_the_body() -> None:
    text = "BERLIN (dpa) — The German government agreed on a new climate package on Friday."
    result = article(para(text))
    assert result.dateline == "BERLIN"
    assert result.lead == "The German government agreed on a new climate package on Friday."
    # The dateline is part of the story as the wire wrote it.
    assert result.blocks[0].text == text


def test_byline_paragraph_gives_authors_and_leaves_the_body() -> None:
    result = article(para("By Ann Lee and Bo Chen"), para(LONG))
    assert result.authors == ["Ann Lee", "Bo Chen"]
    assert result.blocks[0].text == LONG
    assert (
        byline_names("By the time we arrived, the meeting had ended and everyone had left the hall.") is None
    )


# Headline, dek, sections -----------------------------------------------------------------------


def test_headline_repeat_and_dek_are_not_sections() -> None:
    result = article(
        Block("heading", "A Headline For The Story", 2),
        Block("heading", "The dek says what the story is about", 3),
        Block("heading", "First part", 2),
        para(LONG),
        Block("heading", "A detail", 3),
        para(LONG),
        Block("heading", "Second part", 2),
        para(LONG),
    )
    assert result.subtitle == "The dek says what the story is about"
    assert [(s.title, s.level, [c.title for c in s.children]) for s in result.sections] == [
        ("First part", 1, ["A detail"]),
        ("Second part", 1, []),
    ]
    assert all(b.text != "A Headline For The Story" for b in result.blocks)


def test_section_levels_are_depths_whatever_the_page_levels() -> None:
    result = article(Block("heading", "Top", 3), para(LONG), Block("heading", "Under", 5), para(LONG))
    top = result.sections[0]
    assert (top.level, top.children[0].level) == (1, 2)
    assert result.sections[0].block == 0


def test_title_from_the_first_heading_when_the_page_names_none() -> None:
    result = build_article("x.md", [Block("heading", "Only Title", 1), para(LONG)], Metadata())
    assert result.title == "Only Title"
    assert result.sections == []


def test_furniture_blocks_leave_the_body() -> None:
    result = article(para(LONG), para("ADVERTISEMENT"), para("Share on Facebook"), para(LONG))
    assert [b.text for b in result.blocks] == [LONG, LONG]


# Quotes ---------------------------------------------------------------------------------------


def quotes_of(*texts: str, kinds: tuple[str, ...] = ()) -> list[tuple[str, str | None]]:
    blocks = [Block(kinds[i] if i < len(kinds) else "paragraph", t) for i, t in enumerate(texts)]  # type: ignore[arg-type]
    return [(q.text, q.speaker) for q in find_quotes(blocks, {})]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We will rebuild the bridge this year,” Mayor Ann Lee said on Monday.", "Ann Lee"),
        (
            "“We will rebuild the bridge this year,” said Senate Majority Leader Chuck Schumer.",
            "Chuck Schumer",
        ),
        ("“We will rebuild the bridge this year,” the journal JAMA Psychiatry said.", "JAMA Psychiatry"),
        ("“We will rebuild the bridge this year,” said Ann Lee, the mayor.", "Ann Lee"),
        ("“We will rebuild the bridge this year,” Lee told reporters.", "Lee"),
        ("“We will rebuild the bridge this year,” Hagerty said.", "Hagerty"),
        ("Asked about the plan, Lee said, “We will rebuild the bridge this year.”", "Lee"),
        ("Lee said: “We will rebuild the bridge this year.”", "Lee"),
        ("“We will rebuild the bridge this year,” according to Ann Lee.", "Ann Lee"),
        ('"We will rebuild the bridge this year," Trump responded.', "Trump"),
        ("«Nous reconstruirons le pont cette année», a déclaré le maire.", None),
        ("“We will rebuild the bridge this year,” the mayor said.", None),
        ("“We will rebuild the bridge this year,” Lee told Reuters.", "Lee"),
    ],
)
def test_speaker_from_the_attribution(text: str, speaker: str | None) -> None:
    found = quotes_of(text)
    assert len(found) == 1
    assert found[0][1] == speaker


def test_listener_after_told_is_not_the_speaker() -> None:
    assert quotes_of("“We will rebuild the bridge this year,” told Reuters on Monday.")[0][1] is None


def test_two_spans_around_one_attribution_share_the_speaker() -> None:
    found = quotes_of(
        "“I hope he takes golf lessons again,” Hagerty said. “Golf diplomacy worked wonders before.”"
    )
    assert found == [
        ("I hope he takes golf lessons again", "Hagerty"),
        ("Golf diplomacy worked wonders before.", "Hagerty"),
    ]


def test_pronoun_goes_to_the_previous_named_speaker() -> None:
    found = quotes_of(
        "“We will rebuild the bridge this year,” Ann Lee said.",
        "“It will cost less than people fear,” she said.",
    )
    assert found[1] == ("It will cost less than people fear", "Ann Lee")


def test_pronoun_with_no_one_before_stays_unknown() -> None:
    assert quotes_of("“It will cost less than people fear,” she said.")[0][1] is None


@pytest.mark.parametrize(
    "span",
    ["probably", "America First", "very well received", "Dancing with the Stars.", "Real Estate Transaction"],
)
def test_scare_quotes_and_titles_are_not_speech(span: str) -> None:
    assert not is_speech(span)
    assert quotes_of(f"Trump said he would “{span}” go there on the weekend.") == []


def test_cjk_and_guillemet_quotes() -> None:
    assert quotes_of("首相は「日米関係をさらに強化していきたい」と述べた。") == [
        ("日米関係をさらに強化していきたい", "首相")
    ]
    assert quotes_of("Le maire a dit : «Nous reconstruirons le pont cette année.»")[0][0].startswith("Nous")


def test_blockquote_with_a_credit_line() -> None:
    found = quotes_of(
        "The air in the city has become a gas chamber for everyone.",
        "— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019",
        kinds=("quote", "quote"),
    )
    assert found == [("The air in the city has become a gas chamber for everyone.", "Arvind Kejriwal")]


def test_quotes_carry_their_section_and_block() -> None:
    result = article(
        para(LONG),
        Block("heading", "Reaction", 2),
        para("“We did not expect this outcome at all,” Lee said."),
    )
    quote = result.quotes[0]
    assert (quote.section, quote.block, quote.speaker) == ("Reaction", 2, "Lee")


def test_outline_json_shape() -> None:
    result = article(para(LONG), Block("heading", "Part", 2), para(LONG))
    data = result.to_dict()
    assert set(data) == {
        "source", "url", "title", "subtitle", "site", "authors", "published", "dateline", "lead",
        "takeaways", "takeaways_generated", "sections", "quotes", "links", "images", "text",
    }  # fmt: skip
    assert data["sections"] == [{"title": "Part", "level": 1, "children": []}]
    assert (data["links"], data["images"]) == ([], [])


def test_short_quote_counts_only_with_an_attribution_right_after() -> None:
    assert quotes_of("“No comment,” Lee said.") == [("No comment", "Lee")]
    assert quotes_of("The sign read “No comment,” in red letters on the door.") == []


def test_lowercase_fragments_of_a_few_words_are_not_quotes() -> None:
    assert quotes_of("It was “very well received,” Trump said on Friday.") == []
    long_fragment = quotes_of("Trump called it “a simple real estate transaction for the region” on Friday.")
    assert [text for text, _ in long_fragment] == ["a simple real estate transaction for the region"]


def test_very_long_unclosed_marks_are_cheap() -> None:
    assert quotes_of("“" * 100_000) == []


def test_copied_wire_story_with_byline_and_agency_lines() -> None:
    from news.plaintext import text_blocks

    text = (
        "Senate passes sweeping climate bill after marathon session\n"
        "By JANE DOE and JOHN ROE\n"
        "Associated Press\n"
        "WASHINGTON (AP) — The Senate passed a sweeping climate bill on Sunday after an all-night session.\n"
        "“This is a historic day,” Senate Majority Leader Chuck Schumer said. “We have done it.”\n"
        "What’s in the bill\n"
        "The bill invests $370 billion in climate programs over ten years.\n"
    )
    result = build_article("t.txt", text_blocks(text), Metadata())
    assert result.title == "Senate passes sweeping climate bill after marathon session"
    assert result.subtitle is None
    assert result.authors == ["Jane Doe", "John Roe"]
    assert result.dateline == "WASHINGTON"
    assert result.lead.startswith("The Senate passed")
    assert [s.title for s in result.sections] == ["What’s in the bill"]
    assert [q.speaker for q in result.quotes] == ["Chuck Schumer"] * 2


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("„Wir lassen uns nicht erpressen“, sagte Bahnchef Richard Lutz am Morgen.", "Bahnchef Richard Lutz"),
        ("«Nous ne céderons pas», a déclaré Emmanuel Macron mardi.", "Emmanuel Macron"),
        ("“No vamos a ceder”, dijo Pedro Sánchez.", "Pedro Sánchez"),
    ],
)
def test_attributions_in_other_languages(text: str, speaker: str) -> None:
    assert [s for _, s in quotes_of(text)] == [speaker]


def test_dateline_after_a_takeaways_list_at_the_top() -> None:
    items = [Block("item", f"Point number {i} of the story, told briefly here.", 1, "-") for i in range(6)]
    result = article(
        para("Key points"), *items, para("ROME (AP) — The Italian government fell on Thursday after a vote.")
    )
    assert result.dateline == "ROME"
    assert len(result.takeaways) == 6


def test_a_sentence_heading_that_opens_the_body_is_the_dek() -> None:
    result = article(
        Block(
            "heading", "The September quarter earnings were not a complete disappointment for most firms", 2
        ),
        para(LONG),
        Block("heading", "Outlook", 2),
        para(LONG),
    )
    assert (
        result.subtitle == "The September quarter earnings were not a complete disappointment for most firms"
    )
    assert [s.title for s in result.sections] == ["Outlook"]


def test_a_short_opening_heading_at_section_level_stays_a_section() -> None:
    result = article(
        Block("heading", "Background", 2), para(LONG), Block("heading", "Outlook", 2), para(LONG)
    )
    assert result.subtitle is None
    assert [s.title for s in result.sections] == ["Background", "Outlook"]


def test_name_after_a_description_and_verb_at_the_end() -> None:
    text = '"Essential elements are found all over," lead author Lucas Paganini, a NASA scientist, said.'
    assert quotes_of(text) == [("Essential elements are found all over", "Lucas Paganini")]
    text = "“Our results reflected broad growth,” chairman, CEO and president Craig Menear said in a release."
    assert quotes_of(text)[0][1] == "Craig Menear"


def test_inch_marks_and_stray_openers_do_not_swallow_quotes() -> None:
    assert quotes_of('Get the 65" TV for $500 or the 55" one. "This is a real deal," Bob said.') == [
        ("This is a real deal", "Bob")
    ]
    assert quotes_of("A stray “ opener here. “Then a real quote follows,” Ann Lee said.") == [
        ("Then a real quote follows", "Ann Lee")
    ]


def test_pronoun_does_not_reach_back_over_paragraphs() -> None:
    found = quotes_of(
        "“We will rebuild the bridge this year,” Ann Lee said.",
        "The work starts in March and will take most of the summer.",
        "Residents are worried about the noise from the site.",
        "“It was terrifying to hear,” she said.",
    )
    assert found[1] == ("It was terrifying to hear", None)


def test_a_quote_left_open_carries_its_speaker_into_the_next_paragraph() -> None:
    found = quotes_of(
        "“We will rebuild the bridge,” Ann Lee said. “It will take a year and cost a lot of money.",
        "“But the city needs it, and we will find the money somewhere.”",
    )
    assert found == [
        ("We will rebuild the bridge", "Ann Lee"),
        ("It will take a year and cost a lot of money.", "Ann Lee"),
        ("But the city needs it, and we will find the money somewhere.", "Ann Lee"),
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("石破首相は「日米関係をさらに強化していきたい」と述べた。", "石破首相"),
        ("首相は記者団に「日米関係をさらに強化していきたい」と語った。", "首相"),
        ("「日米関係をさらに強化していきたい」という声が上がった。", None),
        ("习近平说：“我们要坚持改革开放不动摇。”", "习近平"),
        ("他在会上表示，“我们要坚持改革开放不动摇。”", None),
    ],
)
def test_speakers_in_japanese_and_chinese(text: str, speaker: str | None) -> None:
    assert [s for _, s in quotes_of(text)] == [speaker]


def test_date_line_at_the_top_gives_the_date_and_leaves_the_body() -> None:
    from news.plaintext import text_blocks

    text = "Senate passes climate bill\nBy Ann Lee\nPublished: Feb. 7, 2025\n" + LONG + "\n"
    result = build_article("t.txt", text_blocks(text), Metadata())
    assert (result.authors, result.published) == (["Ann Lee"], "2025-02-07")
    assert [b.text for b in result.blocks] == [LONG]


def test_a_marked_dek_that_extraction_kept_as_a_heading_leaves_the_body() -> None:
    dek = "What the story is about"
    result = article(Block("heading", dek, 2), para(LONG), subtitle=dek)
    assert result.subtitle == dek
    assert [b.text for b in result.blocks] == [LONG]
    assert result.sections == []


def test_sentences_in_scripts_without_capitals() -> None:
    text = "시작은 엘제이의 일방적인 사진 공개로부터 비롯됐다. 그건 이 사안을 두고 벌어진 일이다."
    text += " Then the U.S. economy grew."
    assert split_sentences(text) == [
        "시작은 엘제이의 일방적인 사진 공개로부터 비롯됐다.",
        "그건 이 사안을 두고 벌어진 일이다.",
        "Then the U.S. economy grew.",
    ]


def test_a_description_that_runs_the_page_together_is_not_the_dek() -> None:
    blob = "A Headline For The Story, and then " + "the whole text of the page run together " * 10
    assert article(para(LONG), description=blob).subtitle is None
    assert article(para(LONG), description="A short standfirst about the story.").subtitle == (
        "A short standfirst about the story."
    )


def test_places_institutions_and_links_are_not_speakers() -> None:
    text = (
        "Ian Hamilton, a lecturer at the University of York who did not work on the study, told Newsweek: "
        '"Even a small rise in use could matter for a great many people."'
    )
    assert quotes_of(text)[0][1] == "Ian Hamilton"
    assert quotes_of(
        "And 70 percent of Americans say that “the inquiry should go on for as long as it takes.”"
    ) == [("the inquiry should go on for as long as it takes.", None)]
    assert (
        quotes_of("See http://amzn.to/2hXWcSP for “a deal the whole family will enjoy this year.”")[0][1]
        is None
    )


def test_a_surname_speaker_gets_the_one_full_name_the_article_uses() -> None:
    found = quotes_of(
        "Sen. Ann Lee spoke first at the hearing on Monday.",
        "“We will rebuild the bridge this year,” Lee said.",
    )
    assert found == [("We will rebuild the bridge this year", "Ann Lee")]
    ambiguous = quotes_of(
        "Donald Trump and Ivanka Trump both spoke at the event in the evening.",
        "“We will rebuild the bridge this year,” Trump said.",
    )
    assert ambiguous[0][1] == "Trump"


def test_a_full_name_after_a_title_beats_a_sentence_opening_word() -> None:
    found = quotes_of(
        "Hosting Cook at the event, Benioff was all smiles on the stage. It was led by CEO Tim Cook.",
        "“We really took that challenge on and we did it,” Cook said.",
    )
    assert found[0][1] == "Tim Cook"
    led = quotes_of(
        "The campaign is led by Gov. Kristi Noem.", "“It is working very well for us,” Noem said."
    )
    assert led[0][1] == "Kristi Noem"


def test_an_opening_headline_the_title_does_not_repeat_stays_in_the_body() -> None:
    # The page's <title> and its h1 say different things: the h1 is a headline, no standfirst.
    headline = "Council budget: schools win, parks gain and roads wait another year"
    result = article(Block("heading", headline, 1), para(LONG), title="Council budget: what it means")
    assert result.subtitle is None
    assert result.blocks[0].text == headline


def test_a_dek_taken_from_the_body_still_opens_its_text() -> None:
    dek = "The September quarter earnings were not a complete disappointment for most firms"
    result = article(Block("heading", dek, 2), para(LONG), Block("heading", "Outlook", 2), para(LONG))
    assert result.subtitle == dek and all(b.text != dek for b in result.blocks)
    assert result.text.startswith(dek + "\n\n" + LONG)
    assert Article.from_record(result.to_record()).text == result.text
    # A dek from the page's description was never the body's: the text does not gain it.
    described = article(para(LONG), description="What the council's budget means for the city's schools.")
    assert described.subtitle == "What the council's budget means for the city's schools."
    assert described.text == LONG


def test_the_sites_blurb_for_every_page_is_not_the_dek() -> None:
    # "The latest news and headlines from Daily Bugle": a description that names the site and shares no
    # word of what the story is about with its headline or opening is the site's, not a standfirst.
    title = "Council debates the harbour budget"
    blurb = "The latest news and headlines from the Daily Bugle. Breaking stories with videos and photos."
    assert article(para(LONG), title=title, site="Daily Bugle", description=blurb).subtitle is None
    # A standfirst may share no word with the headline: naming no site, it stays the dek.
    dek = "Councillors argued for hours over ferries, schools and roads."
    assert article(para(LONG), title=title, site="Daily Bugle", description=dek).subtitle == dek
    about = "The Daily Bugle's councillors argued over the harbour budget."
    assert article(para(LONG), title=title, site="Daily Bugle", description=about).subtitle == about
