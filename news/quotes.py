"""Find what people said in an article's blocks, and who said it, from the attribution around each quote."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from news.model import Block, Quote

# Opening mark -> closing marks that end it.
_PAIRS = {"“": "”", "«": "»", "「": "」", "『": "』", "„": "“”", '"': '"', "»": "«", "‹": "›"}
_MAX_QUOTE = 4000
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_VERBS = (
    r"said|says|say|saying|told|tells|added|adds|asked|asks|responded|replied|explained|noted|wrote|writes|"
    r"continued|argued|insisted|stated|declared|warned|joked|recalled|acknowledged|admitted|tweeted|posted|"
    r"remarked|observed|claimed|predicted|cautioned|conceded|emphasi[sz]ed|stressed|urged|vowed|announced|"
    r"suggested|countered|complained|boasted|quipped|lamented|mused|shouted|testified|concluded|agreed|"
    r"confirmed|pointed out|went on|recounted|reflected|exclaimed|adding|telling|writing|noting|explaining|"
    # The same in the languages of the takeaway labels, for "„…“, sagte Merkel" and "«…», a dit Macron".
    r"sagte|sagt|erklärte|betonte|a dit|a déclaré|dit|a affirmé|dijo|afirmó|declaró|disse|afirmou|"
    r"ha detto|ha dichiarato|zei|verklaarde"
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
_TITLE_WORDS_TEXT = """
    president vice prime minister sen senator rep representative gov governor secretary chancellor mayor
    judge justice gen general col adm admiral cmdr commander lt sgt capt captain dr mr mrs ms prof professor
    chief former acting deputy speaker ambassador coach chairman chairwoman director officer spokesman
    spokeswoman spokesperson attorney leader manager minister king queen prince princess pope
"""
_TITLE_WORDS = frozenset(_TITLE_WORDS_TEXT.split())
_INSTITUTION_CONTEXT = re.compile(r"(?:\b(?:of|at|from|in|for|with|to|by|on|the)|[’']s)\s+$", re.IGNORECASE)
_AFTER_NAME_VERB = re.compile(rf"^[\s,—–-]*(?P<name>{_NAME})\s+(?:[a-z]+ly\s+)?(?:{_VERBS})\b")
_LISTENER_VERBS = re.compile(r"^[\s,—–-]*(?:told|tells|telling|asked|asks|asking)\b")
_AFTER_VERB_NAME = re.compile(rf"^[\s,—–-]*(?:{_VERBS})\s+(?:{_FILLER}\s+){{0,5}}?(?P<name>{_NAME})")
_AFTER_PRONOUN = re.compile(rf"^[\s,—–-]*(?:he|she)\s+(?:[a-z]+ly\s+)?(?:{_VERBS})\b", re.IGNORECASE)
_AFTER_ACCORDING = re.compile(rf"^[\s,—–-]*according to\s+(?:[a-z][\w’'-]*\s+){{0,4}}?(?P<name>{_NAME})")
_BEFORE_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_BEFORE_PRONOUN = re.compile(rf"\b(?:he|she)\s+(?:[a-z]+ly\s+)?(?:{_VERBS})\b[^“”\"]*$", re.IGNORECASE)
# "— Ann Lee (@annlee) November 19, 2019": the credit line under an embedded post.
_CREDIT_LINE = re.compile(rf"^[—–-]{{1,2}}\s*(?P<name>{_NAME})(?:\s*\(@\w+\))?[^“”\"]{{0,60}}$")
_DASH_CREDIT = re.compile(rf"(?:^|\n|\s)[—–-]{{1,2}}\s*(?P<name>{_NAME})(?:[\s,(].*)?$")
# Japanese "…」と述べた" after the quote or Chinese "X说：" before it; "Xは" / "X" names the speaker.
_CJK_SAID_AFTER = re.compile(r"^\s*と(?:述べ|語っ|話し|言っ|強調し|説明し|明らかにし|指摘し)")
_CJK_SAID_BEFORE = re.compile(r"(?P<name>[^\s、。，,：:「」“”]{1,12}?)(?:说|表示|指出|强调|称)[：:，,]?\s*$")
_CJK_TOPIC = re.compile(r"([^\s、。，,「」“”はが]{1,12})(?:は|が)")
# Capitalised words that open sentences or name no one.
_NOT_NAMES_TEXT = """
    A An The This That These Those It Its He She They We I You His Her Their Our My Your But And Or So Yet
    Still When While After Before Since If As At In On Of For From By With To Asked Speaking Earlier Later
    However Meanwhile Then There Here What Why How Who Which Where Instead Also Even Now Today Yesterday
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Mr Mrs Ms Dr
"""
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())
_PARTICLES = frozenset({"de", "van", "von", "der", "al", "bin", "da", "di"})
# Words a title leaves in lower case ("Dancing with the Stars").
_SMALL_WORDS_TEXT = "a an and as at but by for from in into nor of on or per the to vs via with"
_SMALL_WORDS = frozenset(_SMALL_WORDS_TEXT.split())
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
        positions = closer_at[closers]
        found = bisect.bisect_right(positions, i)
        # A quote runs a few thousand characters at most.
        j = positions[found] if found < len(positions) and positions[found] - i <= _MAX_QUOTE else -1
        if j == -1:
            # Opened and never closed: in news style the quote runs to the end of the paragraph and
            # carries on in the next (which opens with a quote mark again).
            if (
                text[i] in "“«„"
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


def _clean_name(name: str) -> str | None:
    """A speaker's name from a run of capitalised words, or None when the run names no person."""
    tokens = name.split()
    # "Texas-based", "Pro-democracy": a capitalised adjective, not part of a name.
    while tokens and re.match(r"^[A-Z][\w’']*-[a-z]", tokens[0]):
        tokens.pop(0)
    while tokens and tokens[0].rstrip(".") in _NOT_NAMES:
        tokens.pop(0)
    while tokens and tokens[-1].rstrip(".") in _NOT_NAMES | _PARTICLES:
        tokens.pop()
    cleaned = " ".join(tokens).rstrip(",")
    if cleaned.endswith(".") and not re.search(r"\b[A-Z]\.$", cleaned):
        cleaned = cleaned[:-1]
    if not cleaned or not _TITLES.sub("", cleaned + " ").strip():
        return None
    # A possessive ("Swift's spokesperson said") names whose side, not who spoke; "US", "TV" name no one.
    if re.search(r"[’']s$", cleaned) or (len(tokens) == 1 and cleaned.isupper() and len(cleaned) <= 4):
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


_SENTENCE_BREAK = re.compile(
    r"(?:(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|vs|Lt|No))(?<!\b(?:Mrs|Sen|Rep|Gov|Gen|Col))[.!?]|[”\"])\s+"
)


def _sentence_before(text: str, start: int) -> str:
    """The part of the sentence before ``start``, not reaching back into an earlier quote."""
    before = text[max(0, start - 400) : start]
    cut = 0
    for match in _SENTENCE_BREAK.finditer(before):
        cut = match.end()
    return before[cut:]


def _speaker_after(after: str) -> tuple[str | None, bool]:
    """The speaker named just after a quote, and whether a pronoun stands in for one."""
    for pattern in (_AFTER_NAME_VERB, _AFTER_VERB_NAME, _AFTER_ACCORDING):
        if pattern is _AFTER_VERB_NAME and _LISTENER_VERBS.match(after):
            continue  # “…,” told Reuters: the name after "told" is who heard it
        match = pattern.match(after)
        if match:
            name = _clean_name(match.group("name"))
            if name:
                return name, False
    if _AFTER_PRONOUN.match(after):
        return None, True
    return None, False


def _speaker_in_clause(after: str) -> str | None:
    """The first name before a speech verb in the rest of the sentence after a quote.

    “…,” study lead author Lucas Paganini, a planetary scientist, said — the name comes after a
    description, with the verb at the end of the sentence.
    """
    clause = re.split(r"[“”\"«»\n]|(?<=[a-z0-9)])[.!?](?:\s|$)", after, maxsplit=1)[0]
    verb = _BEFORE_VERB.search(clause)
    if verb is None or _LISTENER_VERBS.match(clause[verb.start() :]):
        return None
    people = _people(clause[: verb.start()])
    return people[0] if people else None


def _people(text: str) -> list[str]:
    """The names in ``text`` that could be a speaker, in order.

    A name after a preposition or a possessive is a place or an institution ("a professor at the
    University of York", "70 percent of Americans"), not who is speaking.
    """
    people = []
    for match in _NAME_RUN.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()]
        if _INSTITUTION_CONTEXT.search(before):
            continue
        name = _clean_name(match.group(0))
        if name:
            people.append(name)
    return people


def _speaker_before(sentence: str) -> tuple[str | None, bool]:
    """The speaker named before a quote in the same sentence ("Trump said, “..."), or a pronoun."""
    verbs = list(_BEFORE_VERB.finditer(sentence))
    if not verbs:
        return None, False
    head = sentence[: verbs[-1].start()]
    names = _people(head)
    if names and not re.search(r"\b(?:he|she)\s+(?:[a-z]+ly\s+)?$", head, re.IGNORECASE):
        return names[-1], False
    return None, bool(_BEFORE_PRONOUN.search(sentence))


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


def find_quotes(blocks: list[Block], sections: dict[int, str | None]) -> list[Quote]:
    """Every quote in ``blocks`` with its speaker (or None) and enclosing section.

    Args:
        blocks: the body.
        sections: block index -> title of the section that block stands in (None before any).
    """
    quotes: list[Quote] = []
    last_speaker: str | None = None
    last_block = -10
    carried: str | None = None  # the speaker of a quote left open at the end of the previous paragraph
    introduced: str | None = None  # who a paragraph ending in ":" introduces
    introduced_at = -10
    for index, block in enumerate(blocks):
        if block.kind in ("heading", "code"):
            continue
        section = sections.get(index)
        credit = _CREDIT_LINE.match(block.text.strip())
        if credit:
            # It credits the quote just above it; on its own it is not a quote.
            name = _clean_name(credit.group("name"))
            if quotes and quotes[-1].block == index - 1 and quotes[-1].speaker is None and name:
                quotes[-1] = Quote(quotes[-1].text, name, quotes[-1].section, quotes[-1].block)
            continue
        if block.kind == "quote":
            quote = _block_quote(blocks, index, section)
            if quote is not None:
                quotes.append(quote)
            continue
        previous_in_block: str | None = None
        spans = _spans(block.text)
        if carried is not None and spans and spans[0].start == 0:
            previous_in_block = carried
        carried = None
        # "Ann Lee had a similar experience:" introduces the quote that opens the next paragraph.
        opens_with = introduced if spans and spans[0].start == 0 and introduced_at == index - 1 else None
        introduced = _introduced(block.text)
        introduced_at = index
        for span in spans:
            said = span.text.strip().rstrip(",").strip()
            after = block.text[span.end : span.end + 160]
            speaker, pronoun = _speaker_after(after)
            attributed = speaker is not None or pronoun
            # “No comment,” he said. — a short span counts when an attribution follows it at once.
            if not is_speech(span.text) and not (attributed and _short_speech(span.text)):
                continue
            if speaker is None and not pronoun:
                speaker = _speaker_in_clause(after)
            if speaker is None and not pronoun:
                speaker, pronoun = _speaker_before(_sentence_before(block.text, span.start))
            if speaker is None and _CJK.search(said):
                speaker = _cjk_speaker(
                    block.text[max(0, span.start - 40) : span.start], block.text[span.end :]
                )
            if speaker is None and not pronoun and span is spans[0] and opens_with is not None:
                speaker = opens_with
            if speaker is None and previous_in_block is not None and not pronoun:
                # "“A,” Trump said. “B.”": the second part is still Trump's.
                speaker = previous_in_block
            # "he said" goes to the last named speaker only from the same or the previous paragraph.
            if speaker is None and pronoun and last_speaker and index - last_block <= 1:
                speaker = last_speaker
            if speaker is not None:
                last_speaker, last_block, previous_in_block = speaker, index, speaker
            quotes.append(Quote(said, speaker, section, index))
            if span.open_end:
                carried = speaker
    return _full_names(quotes, blocks)


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
        if not given or given[0].rstrip(".") in _NOT_NAMES:
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
