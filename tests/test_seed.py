"""The seed article, as text and as a web page, meets every expectation of its expected.json."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from news import Article, load
from news.model import Section

DATA = Path(__file__).parent / "data"
EXPECTED = json.loads((DATA / "newslooks-ishiba.expected.json").read_text(encoding="utf-8"))


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_outline", DATA / "check_outline.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=["txt", "html"])
def seed(request: pytest.FixtureRequest) -> tuple[str, Article]:
    return request.param, load(str(DATA / f"newslooks-ishiba.{request.param}"))


def test_every_expectation_is_met(seed: tuple[str, Article]) -> None:
    kind, article = seed
    # Through JSON and back, exactly as `byline dump --format json` would hand it to the checker.
    outline = json.loads(json.dumps(article.to_dict(), ensure_ascii=False))
    rows = list(_checker().checks(EXPECTED, outline, kind == "html"))
    missed = [(name, got) for name, ok, got in rows if not ok]
    assert not missed
    assert len(rows) == (31 if kind == "html" else 30)


def test_takeaways_point_at_their_list(seed: tuple[str, Article]) -> None:
    _, article = seed
    assert article.takeaways_block is not None
    first = article.blocks[article.takeaways_block]
    assert first.kind == "item"
    assert first.text == article.takeaways[0]
    # The label just above the list is not a section.
    assert article.blocks[article.takeaways_block - 1].text == "Ishiba’s Washington Visit: Key Takeaways"


def test_numbered_heads_nest_under_their_parent(seed: tuple[str, Article]) -> None:
    _, article = seed

    def find(sections: list[Section], title: str) -> Section | None:
        for section in sections:
            if section.title == title:
                return section
            found = find(section.children, title)
            if found is not None:
                return found
        return None

    topics = find(article.sections, "Key Topics in the Ishiba-Trump Meeting")
    assert topics is not None
    children = [c.title for c in topics.children]
    assert children[:3] == [
        "1. U.S.-Japan Trade & Investment",
        "2. AI, Cybersecurity & Semiconductor Collaboration",
        "3. Defense & Military Spending",
    ]
    assert all(c.level == topics.level + 1 for c in topics.children)


def test_second_takeaways_list_stays_in_the_body(seed: tuple[str, Article]) -> None:
    _, article = seed
    assert "Strengthened U.S.-Japan trade, defense, and technology ties." not in article.takeaways
    assert "Strengthened U.S.-Japan trade, defense, and technology ties." in article.text


def test_scare_quotes_are_not_quotes(seed: tuple[str, Article]) -> None:
    _, article = seed
    texts = {q.text for q in article.quotes}
    assert "probably" not in texts
    assert "America First" not in texts
    assert "very well received" not in texts


def test_quotes_know_their_block_and_section(seed: tuple[str, Article]) -> None:
    _, article = seed
    golf = next(q for q in article.quotes if q.text.startswith("I hope he takes golf lessons"))
    assert golf.section == "Could Golf Diplomacy Return?"
    assert "I hope he takes golf lessons again" in article.blocks[golf.block].text
    both = [q for q in article.quotes if q.block == golf.block]
    # The article calls him "Sen. Bill Hagerty" once: the quotes carry that full name.
    assert [q.speaker for q in both] == ["Bill Hagerty", "Bill Hagerty"]
    assert both[1].text == "Golf diplomacy worked wonders before."


def test_the_byline_prefix_is_gone_from_the_body(seed: tuple[str, Article]) -> None:
    _, article = seed
    assert "Newslooks/" not in article.text
    assert article.blocks[0].text.startswith("Japanese Prime Minister Shigeru Ishiba")
    assert article.lead == article.blocks[0].text
