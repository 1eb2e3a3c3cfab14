"""The gate on quote speakers (issue 9): the quote pass keeps its accuracy on the hand-labelled aeb quotes.

The labels and article blocks are in tests/data/speakers (see its README); bench/speaker_accuracy.py prints
the same measure with its breakdown.
"""

from __future__ import annotations

from collections import Counter

from bench.speaker_accuracy import DATA, accuracy, evaluate, same_person

# bench/speaker_accuracy.py gave 96.2% (282 of 293) when this gate was set, 71.0% before issue 9's work;
# two points of margin let a later fix trade a few labels without letting the pass slide back.
GATE = 0.94


def test_labels_cover_enough_quotes_to_mean_something() -> None:
    outcomes, _ = evaluate(DATA)
    assert len(outcomes) >= 250
    assert len({o.label.page for o in outcomes}) >= 20


def test_speaker_accuracy_on_the_labelled_aeb_quotes_stays_above_the_gate() -> None:
    outcomes, unlabelled = evaluate(DATA)
    counts = Counter(o.kind for o in outcomes)
    assert accuracy(outcomes) >= GATE, dict(counts)
    # A name given to a quote the article attributes to no one is the worst error: a reader trusts it.
    assert counts["name"] <= 2, dict(counts)
    assert len(unlabelled) <= 3  # quotes the pass finds that no label covers: scare quotes taken for speech


def test_same_person_takes_a_surname_or_a_title_for_the_full_name_and_nothing_else() -> None:
    assert same_person("Trump", "Donald Trump")
    assert same_person("Mr. Trump", "Trump")
    assert same_person("James P. Kennedy", "James P. Kennedy Jr.")
    assert not same_person("Liu", "Liu Xiaming")
    assert not same_person("Caitlyn Smith", "Kate Smith")
    assert not same_person("Ann", "Ann Lee")
