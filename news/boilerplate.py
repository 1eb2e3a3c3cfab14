"""Recognise page furniture by its wording in text lines: ad labels, share prompts, comment forms."""

from __future__ import annotations

import re

# Whole lines that are never article text, in the forms sites and copied text use.
_FURNITURE = re.compile(
    r"^(?:advertisements?|advertisement\s*[-–—]\s*scroll to continue|sponsored(?: content)?|"
    r"anzeige|publicité|publicidad|pubblicità|advertentie|"
    r"you must (?:be )?(?:register(?:ed)?|log(?:ged)? ?in|sign(?:ed)? ?in)"
    r"(?: or (?:register|log ?in|sign ?in))? to (?:post|leave|write) a comment\.?|"
    r"(?:leave|post) a (?:reply|comment)|\d+ comments?|tell us what you think\W*|"
    r"share (?:this|on \w+|via \w+)(?: article| story| post)?:?|"
    r"related (?:posts|articles|stories|content|coverage)|"
    r"(?:previous|next) (?:post|article|story)|"
    r"(?:©|\(c\)|copyright)?.{0,60}all rights reserved\.?|"
    r"(?:sign up|subscribe) (?:for|to) (?:our|the) [\w\s]{0,40}newsletters?\.?|"
    r"click (?:here )?to (?:share|print|email)[^.]{0,40}|"
    r"skip (?:to )?(?:content|advertisement)"
    r")$",
    re.IGNORECASE,
)


def is_furniture_line(text: str) -> bool:
    """Whether a whole line or block is page furniture rather than article text."""
    line = " ".join(text.split())
    return len(line) <= 120 and bool(_FURNITURE.match(line))
