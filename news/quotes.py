"""Find what people said in an article's blocks, and who said it, from the attribution around each quote."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from news.model import Block, Quote
from news.wordlists import phrases, words

# Opening mark -> closing marks that end it.
_PAIRS = {"“": "”", "«": "»", "「": "」", "『": "』", "„": "“”", '"': '"', "»": "«", "‹": "›"}
_MAX_QUOTE = 4000
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# "said", "told", "a dit": the verbs of news/data/speech-verbs.txt, longest first so "pointed out" wins over
# a shorter entry; spaces in a phrase match any run of spaces.
_VERBS = "|".join(
    r"\s+".join(re.escape(part) for part in verb.split())
    for verb in sorted(phrases("speech-verbs.txt"), key=len, reverse=True)
)
_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-ZÀ-ÖØ-Þ]\.|[A-ZÀ-ÖØ-Þ][\w’'\-]*\.?)"
# A name starts a word: "XWcSP" inside "amzn.to/2hXWcSP" is no one.
_NAME = rf"(?<![\w’'./@#-]){_TOKEN}(?:\s+(?:{_TOKEN}|(?:de|van|von|der|al|bin|da|di|la|le|du)\b)){{0,5}}"
# Words that may stand between "said" and the speaker's name ("said the former senator, John Lee"),
# never a preposition, which would lead to a place ("said before leaving for Washington").
_FILLER = (
    r"(?!(?:at|in|on|for|before|after|during|to|from|with|by|while|when|of|about|into|over|that|this|"
    r"last|as|later|earlier|today|yesterday)\b)[a-z][\w’'-]*,?"
)
_NAME_RUN = re.compile(_NAME)
_GIVEN = r"(?:[A-Z]\.|[A-Z][a-z]{1,3}\.|[A-ZÀ-ÖØ-Þ][\w’'-]*[\w])"
# Up to three given names right before a surname, ending where the surname starts; _GIVEN_REACH
# bounds how far back that run is looked for (three long given names and their spaces).
_GIVEN_RUN = re.compile(rf"(?<![\w’'.-])((?:{_GIVEN}[ \t]+){{1,3}})$")
_GIVEN_REACH = 120
_WORD = re.compile(r"(?<![\w’'.-])[\w’'-]+")
_GIVEN_SHAPE = re.compile(r"^(?:[A-Z]\.|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ’'-]+)$")
_TITLE_WORDS = words("title-words.txt")
_INSTITUTION_CONTEXT = re.compile(r"(?:\b(?:of|at|from|in|for|with|to|by|on|the)|[’']s)\s+$", re.IGNORECASE)
_AFTER_NAME_VERB = re.compile(rf"^[\s,—–-]*(?P<name>{_NAME})\s+(?:[a-z]+ly\s+)?(?:{_VERBS})\b")
_LISTENER_VERBS = re.compile(r"^[\s,—–-]*(?:told|tells|telling|asked|asks|asking)\b")
_AFTER_VERB_NAME = re.compile(rf"^[\s,—–-]*(?:{_VERBS})\s+(?:{_FILLER}\s+){{0,5}}?(?P<name>{_NAME})")
_AFTER_PRONOUN = re.compile(
    rf"^[\s,—–-]*(?P<pronoun>he|she|they|it)\s+(?:[a-z]+ly\s+)?(?:{_VERBS})\b", re.IGNORECASE
)
_DOCUMENTS = "|".join(sorted(words("document-nouns.txt")))
# “…,” said a report from Kotak Institutional Equities: the organisation behind the document speaks.
_AFTER_DOCUMENT = re.compile(
    rf"^[\s,—–-]*(?:{_VERBS})\s+(?:a|an|the|its|their)\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:{_DOCUMENTS})\s+"
    rf"(?:from|by|of)\s+(?:the\s+)?(?P<name>{_NAME})"
)
# “…,” the source said / said the actor / one user quipped: a role, which names someone only when the
# article gives a person that role.
_ROLE_END = r"(?=\s*(?:[,.;:!?]|$)|\s+(?:as|in|at|for|of|on|from|who|with|and)\b)"
_AFTER_ROLE_VERB = re.compile(
    rf"^[\s,—–-]*(?P<article>the|a|an|one)\s+(?:[\w’'“”\"-]+\s+){{0,3}}?(?P<role>[a-z]+)\s+(?:[a-z]+ly\s+)?"
    rf"(?:{_VERBS})\b"
)
_AFTER_VERB_ROLE = re.compile(
    rf"^[\s,—–-]*(?:{_VERBS})\s+(?P<article>the|a|an|one)\s+(?:[\w’'“”\"-]+\s+){{0,3}}?(?P<role>[a-z]+){_ROLE_END}"
)
_ANONYMOUS = words("anonymous-speakers.txt")
_ORGANISATIONS = words("organisation-nouns.txt")
# A name right after one of these verbs is their object ("urged Mr. Trump", "told Benioff").
_OBJECT_VERBS = words("object-verbs.txt")
_AFTER_ACCORDING = re.compile(rf"^[\s,—–-]*according to\s+(?:[a-z][\w’'-]*\s+){{0,4}}?(?P<name>{_NAME})")
_BEFORE_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_BEFORE_PRONOUN = re.compile(
    rf"\b(?P<pronoun>he|she|they)\s+(?:[a-z]+\s+)?(?:{_VERBS})\b[^“”\"]*$", re.IGNORECASE
)
# A quote that starts a sentence ("[We] have agreed", "@Kim and I"), not a fragment ("… prevent the").
_SENTENCE_OPENING = re.compile(r"[\[(@#]*[A-Z0-9À-Þ]")
# The last clause of a sentence: "…, and The Carlyle Group will be left to wonder:" is the group's.
_LAST_CLAUSE = re.compile(r",\s+(?:and|but)\s+|;\s+")
_LEADING_PRONOUN = re.compile(r"^\s*(he|she|they)\b", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\([^()]*\)")
_QUOTED = re.compile(r"[“\"][^“”\"]*[”\"]")
_PRONOUN_AT_END = re.compile(r"\b(?:he|she|they)\s+(?:[a-z]+ly\s+)?$", re.IGNORECASE)
# "— Ann Lee (@annlee) November 19, 2019": the credit line under an embedded post.
_CREDIT_LINE = re.compile(rf"^[—–-]{{1,2}}\s*(?P<name>{_NAME})(?:\s*\(@\w+\))?[^“”\"]{{0,60}}$")
# "— tall glass of coquito 🎄 (@_orabora) November 19, 2019": any display name before a handle.
_HANDLE_CREDIT = re.compile(r"^[—–-]{1,2}\s*(?P<who>[^\n“”\"]{1,80}?)\s*\(@\w+\)[^“”\"]{0,60}$")
_DASH_CREDIT = re.compile(rf"(?:^|\n|\s)[—–-]{{1,2}}\s*(?P<name>{_NAME})(?:[\s,(].*)?$")
# Japanese "…」と述べた" after the quote or Chinese "X说：" before it; "Xは" / "X" names the speaker.
_CJK_SAID_AFTER = re.compile(r"^\s*と(?:述べ|語っ|話し|言っ|強調し|説明し|明らかにし|指摘し)")
_CJK_SAID_BEFORE = re.compile(r"(?P<name>[^\s、。，,：:「」“”]{1,12}?)(?:说|表示|指出|强调|称)[：:，,]?\s*$")
_CJK_TOPIC = re.compile(r"([^\s、。，,「」“”はが]{1,12})(?:は|が)")
# Capitalised words that open sentences or name no one.
_NOT_NAMES = words("not-names.txt")  # lower case
_PARTICLES = frozenset({"de", "van", "von", "der", "al", "bin", "da", "di"})
# Words a title leaves in lower case ("Dancing with the Stars").
_SMALL_WORDS = words("title-case-small-words.txt")
_TITLES = re.compile(
    r"^(?:(?:President|Vice President|Prime Minister|Sen|Senator|Rep|Representative|Gov|Governor|Secretary|"
    r"Minister|Chancellor|Mayor|Judge|Justice|Gen|General|Col|Adm|Dr|Mr|Mrs|Ms|Prof|Professor|Chief|"
    r"Former|Acting|Deputy|U\.S\.)\.?\s+)+"
)


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    text: str
    open_end: bool = False  # opened and never closed: the quote goes on in the next paragraph


def _spans(text: str) -> list[_Span]:
    """The quoted spans of ``text``, in order, not nested."""
    spans: list[_Span] = []
    closer_at: dict[str, list[int]] = {}
    i = 0
    while i < len(text):
        closers = _PAIRS.get(text[i])
        if closers is None:
            i += 1
            continue
        # A straight quote or guillemet only opens at a word start, so inch marks (65") and "»" in
        # "A » B" don't; a straight closing quote ends a word, not begins one.
        if text[i] in '"»' and (
            (i + 1 < len(text) and text[i + 1].isspace()) or (i > 0 and text[i - 1].isalnum())
        ):
            i += 1
            continue
        if closers not in closer_at:
            closer_at[closers] = [
                k for k, c in enumerate(text) if c in closers and not (c == '"' and _word_after(text, k))
            ]
        j = _closer(closer_at[closers], i)
        if j == -1 and text[i] == "“":
            # “somebody ought to put a bullet in her skull," the office said: a straight mark ends it.
            if '"' not in closer_at:
                closer_at['"'] = [k for k, c in enumerate(text) if c == '"' and not _word_after(text, k)]
            j = _closer(closer_at['"'], i)
        if j == -1:
            # Opened and never closed: in news style the quote runs to the end of the paragraph and
            # carries on in the next (which opens with a quote mark again).
            if (
                text[i] in '“«„"'
                and (i == 0 or text[i - 1].isspace())
                and len(text[i + 1 : i + 80].split()) >= 3
            ):
                spans.append(_Span(i, len(text), text[i + 1 :], open_end=True))
                break
            i += 1
            continue
        if text[i] != '"':
            # An opener that another opener follows before any closer was a stray mark.
            inner = text.rfind(text[i], i + 1, j)
            i = inner if inner != -1 else i
        spans.append(_Span(i, j + 1, text[i + 1 : j]))
        i = j + 1
    return spans


def _closer(positions: list[int], start: int) -> int:
    """The first closing mark after ``start`` within a quote's reach (a few thousand characters), or -1."""
    found = bisect.bisect_right(positions, start)
    return positions[found] if found < len(positions) and positions[found] - start <= _MAX_QUOTE else -1


def _word_after(text: str, index: int) -> bool:
    return index + 1 < len(text) and text[index + 1].isalnum()


def is_speech(text: str) -> bool:
    """Whether a quoted span reads as something said rather than a scare quote or a title."""
    text = text.strip()
    if _CJK.search(text):
        return len(text) >= 8
    words = text.split()
    # A quoted name in title case ("Dancing with the Stars.") is a title or a slogan, not speech.
    lettered = [w for w in words if w[:1].isalpha() and w.lower().strip(".,!?") not in _SMALL_WORDS]
    if len(words) < 10 and lettered and all(w[:1].isupper() for w in lettered):
        return False
    sentence_like = text[:1].isupper() and text[-1:] in ".,!?…"
    return len(words) >= 5 or (len(words) >= 3 and sentence_like)


def _short_speech(text: str) -> bool:
    text = text.strip()
    # Languages that put the comma outside the marks («…», a dit X) leave no punctuation inside.
    return len(text.split()) >= 2 and not text[:1].islower()


_HYPHENATED = re.compile(r"^[A-Z][\w’']*-[a-z]")
_APOSTROPHE = re.compile(r"[’']")
_INITIAL_END = re.compile(r"\b[A-Z]\.$")
_POSSESSIVE = re.compile(r"[’']s$")


@lru_cache(maxsize=4096)
def _clean_name(name: str) -> str | None:
    """A speaker's name from a run of capitalised words, or None when the run names no person."""
    tokens = name.split()
    # "Texas-based", "Pro-democracy": a capitalised adjective, not part of a name.
    while tokens and _HYPHENATED.match(tokens[0]):
        tokens.pop(0)
    # "We’re", "It’s": a word that names no one, with its contraction.
    while tokens and _APOSTROPHE.split(tokens[0].rstrip("."))[0].lower() in _NOT_NAMES:
        tokens.pop(0)
    while tokens and (tokens[-1].rstrip(".").lower() in _NOT_NAMES or tokens[-1] in _PARTICLES):
        tokens.pop()
    cleaned = " ".join(tokens).rstrip(",")
    if cleaned.endswith(".") and not _INITIAL_END.search(cleaned):
        cleaned = cleaned[:-1]
    if not cleaned or not _TITLES.sub("", cleaned + " ").strip():
        return None
    # A possessive ("Swift's spokesperson said") names whose side, not who spoke; "US", "TV" name no one.
    if _POSSESSIVE.search(cleaned) or (len(tokens) == 1 and cleaned.isupper() and len(cleaned) <= 4):
        return None
    return _without_title(cleaned)


def _without_title(name: str) -> str:
    """A name without the office before it: "Senate Majority Leader Chuck Schumer" -> "Chuck Schumer".

    Only when a title word stands before given names; otherwise the run is kept whole
    ("Kotak Institutional Equities", "JAMA Psychiatry").
    """
    tokens = name.split()
    given: list[str] = []
    for token in reversed(tokens[:-1]):
        if token.rstrip(".").lower() in _TITLE_WORDS:
            return " ".join([*given, tokens[-1]]) if given else name
        if not _GIVEN_SHAPE.match(token):
            break
        given.insert(0, token)
    return name


# A closing quote mark ends the sentence only after ".", "!" or "?" (“… realized.” Volker said), not after a
# quoted phrase inside it ("the term "three amigos" and added, "…"").
_SENTENCE_BREAK = re.compile(
    r"(?:(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|vs|Lt|No))(?<!\b(?:Mrs|Sen|Rep|Gov|Gen|Col))[.!?]"
    r"|(?<=[.!?…])[”\"])\s+"
)


def _sentence_before(text: str, start: int) -> str:
    """The part of the sentence before ``start``, not reaching back into an earlier quote."""
    before = text[max(0, start - 400) : start]
    cut = 0
    for match in _SENTENCE_BREAK.finditer(before):
        cut = match.end()
    return before[cut:]


def _speaker_after(after: str) -> tuple[str | None, str | None]:
    """The speaker named just after a quote, or the pronoun ("she") or role ("the source") standing in."""
    for pattern in (_AFTER_NAME_VERB, _AFTER_DOCUMENT, _AFTER_VERB_NAME, _AFTER_ACCORDING):
        if pattern is _AFTER_VERB_NAME and _LISTENER_VERBS.match(after):
            continue  # “…,” told Reuters: the name after "told" is who heard it
        match = pattern.match(after)
        if match is None:
            continue
        if pattern is _AFTER_NAME_VERB and after[match.end() :].lstrip().startswith(":"):
            continue  # “… I guess.” Smith agreed: “…” — Smith introduces the next quote
        name = _clean_name(match.group("name"))
        if name:
            return name, None
    pronoun = _AFTER_PRONOUN.match(after)
    if pronoun:
        return None, pronoun.group("pronoun").lower()
    role = _AFTER_ROLE_VERB.match(after) or _AFTER_VERB_ROLE.match(after)
    if role:
        # "an officer told the girl", "one user quipped": someone the article does not name.
        return None, ("a " if role.group("article").lower() != "the" else "the ") + role.group("role")
    return None, None


_CLAUSE_END = re.compile(r"[“”\"«»\n]|(?<=[a-z0-9)])[.!?](?:\s|$)")


def _speaker_in_clause(after: str) -> tuple[str | None, str | None]:
    """The first name before a speech verb in the rest of the sentence after a quote.

    “…,” study lead author Lucas Paganini, a planetary scientist, said — the name comes after a
    description, with the verb at the end of the sentence.
    """
    clause = _CLAUSE_END.split(after, maxsplit=1)[0]
    verb = _BEFORE_VERB.search(clause)
    if verb is None or clause[verb.end() :].lstrip().startswith(":"):
        return None, None  # no verb, or one that introduces the next quote ("Smith agreed: “…”")
    head = clause[: verb.start()]
    people = _people(head)
    if not people:
        # “…” mutually shared by Ukraine and the U.S., he warned.
        pronoun = _PRONOUN_AT_END.search(head)
        return None, pronoun.group(0).split()[0].lower() if pronoun else None
    # “…,” Kurinji Selvaraj, an analyst, told CBS News: "told" after a name is that name speaking.
    return people[0], None


def _people(text: str) -> list[str]:
    """The names in ``text`` that could be a speaker, in order.

    A name after a preposition or a possessive is a place or an institution ("a professor at the
    University of York", "70 percent of Americans"), not who is speaking.
    """
    return [name for _, _, name in _name_runs(text)]


def _object_of(before: str) -> bool:
    """Whether the text ``before`` a name ends in a verb whose object the name is ("urged ")."""
    if not before[-1:].isspace():
        return False
    words_before = before.split()
    return bool(words_before) and words_before[-1] in _OBJECT_VERBS


def _name_runs(text: str) -> list[tuple[int, int, str]]:
    """The names in ``text`` that could be a speaker, with where they start and end, in order.

    Left out: a name after a preposition or a possessive (a place or an institution) and a name after a
    verb that takes a person as its object ("urged Mr. Trump"), who was spoken to, not who spoke.
    """
    runs = []
    for match in _NAME_RUN.finditer(text):
        before = text[max(0, match.start() - 16) : match.start()]
        if _INSTITUTION_CONTEXT.search(before) or _object_of(before):
            continue
        name = _clean_name(match.group(0))
        if name:
            runs.append((match.start(), match.end(), name))
    return runs


def _speaker_before(sentence: str) -> tuple[str | None, str | None]:
    """The speaker named before a quote in the same sentence ("Trump said, “..."), or a pronoun."""
    # A verb inside a parenthesis closed before the quote ("(44 percent of Americans say …)") is not its.
    sentence = _PARENTHESIS.sub(lambda m: "#" * len(m.group(0)), sentence)
    verbs = list(_BEFORE_VERB.finditer(sentence))
    if not verbs:
        return None, None
    # Names inside an earlier quote of the sentence (“Ask Obama,” the aide said, “…”) did not speak.
    sentence = _QUOTED.sub(lambda m: "#" * len(m.group(0)), sentence)
    head = sentence[: verbs[-1].start()]
    names = _people(head)
    if names and not _PRONOUN_AT_END.search(head) and not _COMMON_SUBJECT.match(head):
        return names[-1], None
    pronoun = _BEFORE_PRONOUN.search(sentence)
    return None, pronoun.group("pronoun").lower() if pronoun else None


# "The authors of the research published in the journal JAMA Psychiatry argued": the subject is a common
# noun, the name after it stands in a phrase that qualifies it.
_COMMON_SUBJECT = re.compile(
    r"^\s*(?:The|A|An)\s+(?:[a-z][\w-]*\s+){1,3}(?:of|in|at|from|for|with|on)\b(?![^,]*,\s*[A-Z][^,]*,\s*$)"
)


def _introduced(text: str) -> str | None:
    """The person a paragraph ending in a colon introduces ("Ann Lee had a similar experience:")."""
    text = text.rstrip()
    if not text.endswith(":"):
        return None
    people = _people(_sentence_before(text, len(text) - 1))
    return people[0] if people else None


def _cjk_speaker(before: str, after: str) -> str | None:
    """The speaker in Japanese "Xは「…」と述べた" or Chinese "X说：“…”"."""
    said = _CJK_SAID_BEFORE.search(before)
    if said:
        name = said.group("name")
        return None if name[0] in "他她它我你" else name  # a pronoun names no one
    if _CJK_SAID_AFTER.match(after):
        topics = _CJK_TOPIC.findall(before)
        return topics[-1] if topics else None
    return None


# How far back a pronoun or a role looks for the person it stands for, in blocks (paragraphs): "she said"
# three paragraphs after the one that named her is still her in the aeb features; further back it is a
# guess. _MENTION_REACH bounds the names looked at per quote, so a long article stays linear.
_PRONOUN_REACH = 4
_MENTION_REACH = 40
# How far after a name its first pronoun is looked for (characters, quotes not counted), for the name's
# gender; _GENDER_SCAN bounds the text read for it, quotes counted, so the pass stays linear.
_GENDER_REACH = 300
_GENDER_SCAN = 1500
_GENDERED = re.compile(r"\b(?:(?P<m>he|him|his|himself)|(?P<f>she|her|hers|herself))\b", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(?:(?P<m>Mr)|(?P<f>Mrs|Ms|Miss))\.?\s")
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|vs|Lt|No))(?<!\b(?:Mrs|Sen|Rep|Gov|Gen|Col))[.!?]\s+"
)
_INSIDE_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][\w’'-]+")
_LOWER_WORD = re.compile(r"[a-z]+")
_MASK_RUN = re.compile(r"#{2,}")
_LABEL_GAP = re.compile(r"\s+(?:[a-z][\w-]*\s+){1,2}")
_DESCRIBED_REACH = 60  # four lower-case words before a name: "study co-author and planetary geologist"
_DESCRIBED_BEFORE = re.compile(r"((?:[a-z][\w-]*\s+){1,4})$")
_DESCRIBED_AFTER = re.compile(
    r"^,\s+(?:a|an|the)?\s*((?:[\w’'-]+\s+){0,6}?[\w’'-]+)(?=[,.;]|\s+(?:at|of|for|in)\b)"
)


def _key(name: str) -> str:
    """The word a person is known by across mentions: the surname, without "Jr."."""
    tokens = [t.strip(".,").casefold() for t in name.split()]
    while len(tokens) > 1 and tokens[-1] in _NAME_SUFFIXES:
        tokens.pop()
    return tokens[-1].removesuffix("’s").removesuffix("'s") if tokens else ""


@dataclass(frozen=True, slots=True)
class _Mention:
    """A name in the narrative (outside quotes): who a later "she said" or "the actor said" may be."""

    block: int
    start: int
    end: int
    sentence: int  # sentence number across the article
    name: str
    described: frozenset[str]  # lower-case words around it: "planetary geologist", ", a spokesperson for"
    after_pronoun: bool  # a "he"/"she" stands before it in its sentence: the sentence is about someone else


_OPENING_GAP = re.compile(r"[#\s.,;:—–-]*")


def _gender_pronoun(text: str) -> re.Match[str] | None:
    """The pronoun that speaks of a name, in ``text`` after it: in the name's sentence, or opening the next
    ("He was arrested", "“…,” she said"); one further on may be about whoever that sentence is about."""
    end = _SENTENCE_END.search(text)
    pronoun = _GENDERED.search(text, 0, end.start() if end else len(text))
    if pronoun or end is None:
        return pronoun
    gap = _OPENING_GAP.match(text, end.end())
    return _GENDERED.match(text, gap.end() if gap else end.end())


def _masked(text: str, spans: list[_Span]) -> str:
    """``text`` with every quoted span blanked (a sentence end inside a quote kept), so names and
    pronouns said inside quotes are not taken for the narrative's."""
    parts = []
    done = 0
    for span in spans:
        parts.append(text[done : span.start])
        ends_sentence = span.text.rstrip()[-1:] in ".!?" and span.end < len(text)
        parts.append("#" * (span.end - span.start - 1) + ("." if ends_sentence else "#"))
        done = span.end
    parts.append(text[done:])
    return "".join(parts)


class _Context:
    """The people an article names outside its quotes, in order, with the gender its pronouns give them."""

    def __init__(self, blocks: list[Block], spans: dict[int, list[_Span]]) -> None:
        self.mentions: list[_Mention] = []
        self.order: list[tuple[int, int]] = []
        votes: dict[str, list[int]] = {}
        sentence = 0
        masked_blocks = {index: _masked(blocks[index].text, found) for index, found in spans.items()}
        # A one-word name that opens a sentence ("Despite", "Midcaps") is a person or a body only if the
        # article also writes it capitalised inside a sentence.
        inside = {word.group(0) for text in masked_blocks.values() for word in _INSIDE_CAPITAL.finditer(text)}
        for index, text in masked_blocks.items():
            ends = [m.end() for m in _SENTENCE_END.finditer(text)]
            starts = [0, *ends]
            runs = _name_runs(text)
            for number_run, (start, end, name) in enumerate(runs):
                number = bisect.bisect_right(ends, start)
                head = text[starts[number] : start]
                if " " not in name and not head.strip(" #.") and name not in inside:
                    continue
                following = runs[number_run + 1][0] if number_run + 1 < len(runs) else end
                if " " not in name and _LABEL_GAP.fullmatch(text, end, following):
                    continue  # "Wild defenseman Ryan Suter": a team or a place labelling the name after it
                before = _DESCRIBED_BEFORE.search(head[-_DESCRIBED_REACH:])
                after = _DESCRIBED_AFTER.match(text[end : end + 120])
                described = " ".join(g.group(1) for g in (before, after) if g is not None).lower()
                mention = _Mention(
                    index,
                    start,
                    end,
                    sentence + number,
                    name,
                    frozenset(_LOWER_WORD.findall(described)),
                    bool(_GENDERED.search(head)),
                )
                self.mentions.append(mention)
                self.order.append((index, start))
                honorific = _HONORIFIC.match(text[start:end])
                if honorific:
                    votes.setdefault(_key(name), [0, 0])[0 if honorific.group("m") else 1] += 3
            sentence += len(ends) + 1
        # The first "he" or "she" after a name that opens its sentence speaks of that name.
        for number, mention in enumerate(self.mentions):
            if mention.after_pronoun or (
                number > 0 and self.mentions[number - 1].sentence == mention.sentence
            ):
                continue
            text = masked_blocks[mention.block][mention.end : mention.end + _GENDER_SCAN]
            if len(text) < _GENDER_SCAN and mention.block + 1 in masked_blocks:
                text += " " + masked_blocks[mention.block + 1][:_GENDER_SCAN]
            # A quote between the name and its pronoun ("X said, “…,” he added") is not counted in the reach.
            pronoun = _gender_pronoun(_MASK_RUN.sub("#", text)[:_GENDER_REACH])
            if pronoun:
                votes.setdefault(_key(mention.name), [0, 0])[0 if pronoun.group("m") else 1] += 1
        self.gender = {key: ("m" if m > f else "f" if f > m else None) for key, (m, f) in votes.items()}

    def named_in(self, index: int, start: int, end: int) -> list[str]:
        """The names between ``start`` and ``end`` of block ``index``, in order."""
        first = bisect.bisect_left(self.order, (index, start))
        last = bisect.bisect_left(self.order, (index, end))
        return [m.name for m in self.mentions[first:last]]

    def gender_of(self, name: str) -> str | None:
        return self.gender.get(_key(name))

    def _before(self, index: int, position: int, reach: int) -> list[_Mention]:
        """The mentions before ``position`` of block ``index``, latest first, within ``reach`` blocks."""
        end = bisect.bisect_left(self.order, (index, position))
        found = []
        for number in range(end - 1, max(-1, end - 1 - _MENTION_REACH), -1):
            mention = self.mentions[number]
            if mention.block < index - reach:
                break
            found.append(mention)
        return found

    def _latest(self, mentions: list[_Mention], fits: Callable[[_Mention], bool]) -> str | None:
        """The first fitting name of the latest sentence that has one (its first name is its subject)."""
        best: _Mention | None = None
        for mention in mentions:  # latest first
            if best is not None and mention.sentence != best.sentence:
                break
            if fits(mention):
                best = mention  # an earlier name of the same sentence replaces it
        return best.name if best is not None else None

    def resolve(self, pronoun: str, index: int, position: int, last: tuple[str, int] | None) -> str | None:
        """Who ``pronoun`` ("he", "they", "the ROLE", "a ROLE") before ``position`` stands for, or None."""
        if pronoun.startswith("a "):
            return None
        if pronoun.startswith("the "):
            return self._role(pronoun[4:], index, position, last)
        if pronoun in ("he", "she"):
            want = "m" if pronoun == "he" else "f"
            mentions = self._before(index, position, _PRONOUN_REACH)
            name = self._latest(mentions, lambda m: self.gender_of(m.name) == want and not m.after_pronoun)
            if name is not None:
                return name
            if last is not None and index - last[1] <= 1 and self.gender_of(last[0]) in (want, None):
                return last[0]
            near = [m for m in mentions if m.block >= index - 1]
            return self._latest(near, lambda m: self.gender_of(m.name) is None and not m.after_pronoun)
        # "they said", "it says": an organisation, which no "he" or "she" ever stands for; one named in this
        # paragraph or the one before, else the one quoted last.
        mentions = self._before(index, position, _PRONOUN_REACH - 1)
        near = [m for m in mentions if m.block >= index - 1]
        name = self._latest(near, lambda m: self.gender_of(m.name) is None)
        if name is not None:
            return name
        if last is not None and index - last[1] <= 2 and self.gender_of(last[0]) is None:
            return last[0]
        return self._latest(mentions, lambda m: self.gender_of(m.name) is None)

    def _role(self, role: str, index: int, position: int, last: tuple[str, int] | None) -> str | None:
        """Who "the ROLE said" is: the person the article gave that role, else no one for an unnamed
        source or an organisation, else the person just quoted or named ("said the actor")."""
        for mention in self._before(index, position, len(self.mentions)):
            if role in mention.described:
                return mention.name
        if role in _ANONYMOUS or role in _ORGANISATIONS:
            return None
        if last is not None and index - last[1] <= 1:
            return last[0]
        mentions = self._before(index, position, _PRONOUN_REACH - 1)
        return self._latest(mentions, lambda m: self.gender_of(m.name) is not None)


def _unnamed(pronoun: str) -> bool:
    """Whether "the ROLE" stands for no one in particular ("the source") or an organisation ("the office")."""
    return pronoun.startswith("the ") and pronoun[4:] in _ANONYMOUS | _ORGANISATIONS


def _pull_quotes(quotes: list[Quote]) -> list[Quote]:
    """A quote without a speaker that repeats words of an attributed one (a pull quote, a tweet that the
    article also quotes) is the same speaker's."""
    wanted = {
        key: number
        for number, quote in enumerate(quotes)
        if quote.speaker is None and len((key := _opening(quote.text)).split()) >= _PULL_MIN_WORDS
    }
    if not wanted:
        return quotes
    lengths = {len(key.split()) for key in wanted}
    said: dict[str, str] = {}
    for quote in quotes:
        if quote.speaker is None:
            continue
        # Every run of _PULL_WORDS words: a pull quote may start mid-sentence. Linear in the text.
        tokens = _WORDS.findall(quote.text.casefold())
        for length in lengths:
            for start in range(len(tokens) - length + 1):
                key = " ".join(tokens[start : start + length])
                if key in wanted:
                    said.setdefault(key, quote.speaker)
    out = list(quotes)
    for key, number in wanted.items():
        if key in said:
            quote = quotes[number]
            out[number] = Quote(quote.text, said[key], quote.section, quote.block)
    return out


# The first six words of a quote (all of a five-word one) found in a row in an attributed quote make a pull
# quote: fewer match by chance ("we are going to"); the aeb pull quotes and re-quoted tweets share whole
# sentences, the shortest five words ("My fears have been realized").
_PULL_WORDS = 6
_PULL_MIN_WORDS = 5
_WORDS = re.compile(r"\w[\w’']*")  # "we’re" is one word


def _opening(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold())[:_PULL_WORDS])


def _is_credit(text: str) -> tuple[bool, str | None]:
    """Whether ``text`` is the credit line under an embedded post, and the name it credits."""
    credit = _CREDIT_LINE.match(text)
    if credit:
        name = _clean_name(credit.group("name"))
        return name is not None, name
    handle = _HANDLE_CREDIT.match(text)
    if handle:
        run = _NAME_RUN.match(handle.group("who"))
        return True, _clean_name(run.group(0)) if run else None
    return False, None


def _as_paragraph(block: Block) -> bool:
    """A <blockquote> that reports a quote ("He told the BBC: “…”") rather than being one."""
    text = block.text.strip()
    spans = _spans(text)
    if not spans or (spans[0].start == 0 and spans[0].end >= len(text.rstrip(" .")) - 1):
        return False
    first = spans[0]
    if first.start == 0:  # “…,” said one legal expert, as reported by the Independent.
        speaker, pronoun = _speaker_after(text[first.end : first.end + 160])
        return speaker is not None or pronoun is not None
    intro = text[: first.start].rstrip()  # He instead told the BBC interviewer: “…”
    return intro.endswith((":", ",")) and bool(_BEFORE_VERB.search(intro))


def find_quotes(blocks: list[Block], sections: dict[int, str | None]) -> list[Quote]:
    """Every quote in ``blocks`` with its speaker (or None) and enclosing section.

    Args:
        blocks: the body.
        sections: block index -> title of the section that block stands in (None before any).
    """
    narrative = {
        index: _spans(block.text)
        for index, block in enumerate(blocks)
        if block.kind not in ("heading", "code", "quote") or (block.kind == "quote" and _as_paragraph(block))
    }
    context = _Context(blocks, narrative)
    quotes: list[Quote] = []
    last: tuple[str, int] | None = None  # the latest speaker and their block
    carried: str | None = None  # the speaker of a quote left open at the end of the previous paragraph
    introduced: str | None = None  # who a paragraph ending in ":" introduces
    introduced_at = -10
    previous_block_speaker: tuple[int, str | None] = (
        -10,
        None,
    )  # the last block with a quote, its last speaker
    for index, block in enumerate(blocks):
        if block.kind in ("heading", "code"):
            continue
        section = sections.get(index)
        is_credit, name = _is_credit(block.text.strip())
        if is_credit:
            # It credits the posts just above it; on its own it is not a quote.
            above = index - 1
            while above >= 0 and blocks[above].kind == "quote":
                above -= 1
            number = len(quotes) - 1
            while name and number >= 0 and quotes[number].block > above:
                if quotes[number].speaker is None:
                    quotes[number] = Quote(
                        quotes[number].text, name, quotes[number].section, quotes[number].block
                    )
                number -= 1
            continue
        if index not in narrative:
            quote = _block_quote(blocks, index, section)
            if quote is not None:
                quotes.append(quote)
            continue
        previous_in_block: str | None = None
        spans = narrative[index]
        if carried is not None and spans and spans[0].start == 0:
            previous_in_block = carried
        carried = None
        # "Ann Lee had a similar experience:" introduces the quote that opens the next paragraph.
        opens_with = introduced if spans and spans[0].start == 0 and introduced_at == index - 1 else None
        introduced = _introduced(block.text)
        introduced_at = index
        # The paragraph before, for a quote that opens this one with no attribution of its own.
        before_speaker = previous_block_speaker[1] if previous_block_speaker[0] == index - 1 else None
        if before_speaker is None and index > 0 and blocks[index - 1].kind == "paragraph" and spans:
            before_speaker, _ = _speaker_before(_last_sentence(blocks[index - 1].text))
        for span in spans:
            said = span.text.strip().rstrip(",").strip()
            after = block.text[span.end : span.end + 160]
            speaker, pronoun = _speaker_after(after)
            attributed = speaker is not None or pronoun is not None
            # “No comment,” he said. — a short span counts when an attribution follows it at once.
            if not is_speech(span.text) and not (attributed and _short_speech(span.text)):
                continue
            if speaker is None and pronoun is None:
                speaker, pronoun = _speaker_in_clause(after)
            sentence = _sentence_before(block.text, span.start)
            if speaker is None and (pronoun is None or pronoun.startswith("a ") or _unnamed(pronoun)):
                # "he said, “…,” the prosecutor’s office said": the office reports what he said.
                before, before_pronoun = _speaker_before(sentence)
                if before is not None or before_pronoun is not None:
                    speaker, pronoun = before, before_pronoun
            if speaker is None and _CJK.search(said):
                speaker = _cjk_speaker(
                    block.text[max(0, span.start - 40) : span.start], block.text[span.end :]
                )
            if speaker is None and pronoun is None and span is spans[0] and opens_with is not None:
                speaker = opens_with
            if speaker is None and pronoun is None and sentence.rstrip().endswith(":"):
                # "Buckley had a similar experience: “…”" in the same paragraph.
                clause = _LAST_CLAUSE.split(sentence)[-1]
                people = context.named_in(index, span.start - len(clause), span.start)
                speaker = people[0] if people else previous_in_block or before_speaker
                leading = _LEADING_PRONOUN.match(sentence)
                if speaker is None and leading:
                    pronoun = leading.group(1).lower()  # "She apologizes to her family: “…”"
            if speaker is None and previous_in_block is not None and pronoun is None:
                # "“A,” Trump said. “B.”": the second part is still Trump's.
                speaker = previous_in_block
            if speaker is None and pronoun is None and span.start == 0 and _SENTENCE_OPENING.match(said):
                # A paragraph that opens with an unattributed quote goes on with the speaker before it.
                speaker = before_speaker
            if speaker is None and pronoun is not None:
                speaker = context.resolve(pronoun, index, span.start, last)
            if speaker is not None:
                last, previous_in_block = (speaker, index), speaker
            quotes.append(Quote(said, speaker, section, index))
            if span.open_end:
                carried = speaker
        if quotes and quotes[-1].block == index:
            previous_block_speaker = (index, quotes[-1].speaker)
    return _full_names(_pull_quotes(quotes), blocks)


def _last_sentence(text: str) -> str:
    """The last sentence of ``text``, its quotes blanked (where a speaker may be named, not quoted)."""
    sentences = _SENTENCE_END.split(text.strip())
    last = sentences[-1] if sentences else ""
    return _QUOTED.sub(lambda m: "#" * len(m.group(0)), last)


def _full_names(quotes: list[Quote], blocks: list[Block]) -> list[Quote]:
    """Give a one-word speaker ("Ishiba") the full name the article uses for them ("Shigeru Ishiba").

    Only when the article settles on one full form of that surname, so "Trump" does not become
    whichever Trump happens to be mentioned. A form introduced by a title or a label ("CEO Tim
    Cook") is surer than one that merely starts a sentence ("Hosting Cook"), and wins over it.
    """
    surnames = {q.speaker for q in quotes if q.speaker and " " not in q.speaker}
    if not surnames:
        return quotes
    # Headings are left out: in title case any capitalised word before a surname looks like a name.
    text = "\n".join(b.text for b in blocks if b.kind != "heading")
    sure_forms: dict[str, set[str]] = {}
    loose_forms: dict[str, set[str]] = {}
    # One pass over the words (a pass per surname made long articles quadratic: issue 9).
    for word in _WORD.finditer(text):
        surname = word.group(0).rstrip("’'")
        if surname not in surnames:
            continue
        # Given names, initials ("J.") and short titles ("Sen.") on the same line, right before the surname.
        match = _GIVEN_RUN.search(text, max(0, word.start() - _GIVEN_REACH), word.start())
        if match is None:
            continue
        sure = sure_forms.setdefault(surname, set())
        loose = loose_forms.setdefault(surname, set())
        # Back from the surname while the words are given names or initials, stopping at a title
        # or a label ("House Speaker Brian Bosma", "Browns DL Sheldon Richardson").
        tokens = match.group(1).split()
        given: list[str] = []
        for token in reversed(tokens):
            if not _GIVEN_SHAPE.match(token) or token.rstrip(".").lower() in _TITLE_WORDS:
                break
            given.insert(0, token)
        if not given or given[0].rstrip(".").lower() in _NOT_NAMES:
            continue
        form = " ".join([*given, surname])
        if len(given) < len(tokens):
            sure.add(form)
        elif not _INSTITUTION_CONTEXT.search(text[max(0, match.start() - 12) : match.start()]):
            loose.add(form)  # after "to" or "of" the first word is a place: "ambassador to Britain Liu"
    full: dict[str, str] = {}
    for surname in surnames:
        forms = sure_forms.get(surname) or loose_forms.get(surname) or set()
        if len(forms) == 1:
            full[surname] = forms.pop()
    return [Quote(q.text, full.get(q.speaker or "", q.speaker), q.section, q.block) for q in quotes]


def _block_quote(blocks: list[Block], index: int, section: str | None) -> Quote | None:
    """A <blockquote>: its text, credited by a trailing "— Name" or an introducing "Name said:"."""
    text = blocks[index].text.strip()
    speaker = None
    credit = _DASH_CREDIT.search(text)
    if credit and credit.start() > 0:
        speaker = _clean_name(credit.group("name"))
        if speaker:
            text = text[: credit.start()].strip()
    if len(text) >= 2 and text[0] in _PAIRS and text[-1] in _PAIRS[text[0]]:
        text = text[1:-1].strip()
    if speaker is None and index > 0 and blocks[index - 1].text.rstrip().endswith(":"):
        speaker, _ = _speaker_before(blocks[index - 1].text.rstrip()[:-1] + ",")
    if not text or not is_speech(text):
        return None
    return Quote(text, speaker, section, index)
