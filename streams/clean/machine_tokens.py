"""Lines that are a machine's token, not text: a bare URL, a tracking or record id."""

from __future__ import annotations

import re

# A URL with its scheme, or a "www." address with a path: a link pasted as text. A site's address alone
# without a scheme ("www.example.co.kr") is a name the text gives, which readers type (the outlet that
# ends a report, a venue's site): the news references keep it, as plain trafilatura does.
_URL = re.compile(r"(?:https?://\S+|www\.[^\s/]+/\S+)$")
# A tracking or record id is long (a UUID, a hash, a dotted numeric id); a shorter code is one an
# article quotes (a phone number "02-751-1500", a product or case number, a hex value), and a short
# date is the dateline rule's.
TOKEN_ID_MIN_CHARS = 16
_TOKEN_ID = re.compile(rf"[\w.:/#=&?%+\-]{{{TOKEN_ID_MIN_CHARS},200}}$")
_HEX = re.compile(r"[0-9a-f\-]{16,}$")


def is_bare_url(key: str) -> bool:
    """Whether a line's matching key is one URL."""
    return _URL.match(key) is not None


def is_token_id(line: str) -> bool:
    """Whether ``line`` is one id: no space, mostly digits, or a long hexadecimal run with some."""
    if " " in line or not _TOKEN_ID.match(line):
        return False
    digits = sum(c.isdigit() for c in line)
    return digits * 2 >= len(line) or bool(_HEX.match(line.lower()) and digits >= 4)
