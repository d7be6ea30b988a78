"""A corpus of hostile raw messages, built in code (shared by unit and integration tests)."""

from __future__ import annotations

import orjson

# Long enough to be a real article, so a case that survives cleaning is processed, not rejected short.
_PARA = (
    "Le conseil municipal a voté mardi soir un budget en hausse pour les écoles de la ville, après "
    "un long débat sur le financement des cantines et des transports scolaires."
)


def _obj(**fields: object) -> bytes:
    return orjson.dumps({"id": f"hostile-{abs(hash(tuple(fields))) % 10**8}", **fields})


def hostile_cases() -> list[tuple[str, bytes]]:
    """(name, payload) pairs: each must be rejected with a clear code or processed, never hang."""
    html_deep = "<div>" * 100_000 + _PARA + "</div>" * 100_000
    attrs = " ".join(f'a{i}="{i}"' for i in range(100_000))
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">' for i in range(9))
        + "]><html><body><p>&lol8;</p><p>" + _PARA + "</p></body></html>"
    )
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<html><body><article><p>&xxe;</p><p>" + _PARA + "</p></article></body></html>"
    )
    return [
        ("invalid_utf8", b'{"text": "caf\xe9 au lait"}'),
        ("lone_surrogate_escape", b'{"text": "\\ud800 ' + _PARA.encode() + b'"}'),
        ("json_nested_100k", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        ("array_nested_100k", b"[" * 100_000 + b"]" * 100_000),
        ("huge_single_line", _obj(text="mot " * 450_000)),
        ("huge_over_limit", _obj(text="x" * (2 * 1024 * 1024 + 10))),
        ("number_for_text", b'{"text": 3.14}'),
        ("object_for_title", _obj(text=_PARA * 3, title={"nested": True})),
        ("bool_for_id", b'{"id": true, "text": "' + _PARA.encode() + b'"}'),
        ("html_nested_100k", _obj(html=html_deep)),
        ("html_giant_attributes", _obj(html=f"<html><body><p {attrs}>{_PARA}</p></body></html>")),
        ("billion_laughs", _obj(html=laughs)),
        ("external_entity", _obj(html=xxe)),
        ("repeated_paragraph_50k", _obj(text="\n\n".join([_PARA] * 50_000)[: 2 * 1024 * 1024 - 100])),
        ("regex_killer_runs", _obj(text=("a" * 50_000 + "!") + "\n\n" + _PARA * 3)),
        ("regex_killer_spaces", _obj(text=" " * 200_000 + "x\n" + _PARA * 3)),
        ("regex_killer_read_more", _obj(text=("Lire aussi : " * 20_000) + "\n\n" + _PARA * 3)),
        ("regex_killer_punct", _obj(text=("«»“”‘’—–…" * 30_000) + "\n\n" + _PARA * 3)),
        ("many_short_lines", _obj(text="\n".join(["a"] * 300_000))),
        ("null_bytes", _obj(text="\x00" * 1000 + _PARA * 3 + "\x00")),
        ("control_and_zero_width", _obj(text="\u200b\u200d\ufeff\x07\x1b[31m" * 5000 + _PARA * 3)),
        ("mojibake", _obj(text="Le prÃ©sident a dÃ©clarÃ© " + _PARA * 3)),
        ("right_to_left_override", _obj(text="\u202e" + _PARA * 3)),
        ("only_whitespace", _obj(text=" \n\t " * 1000)),
        ("binary_garbage_as_text", _obj(text=bytes(range(256)).decode("latin-1") * 400)),
        ("empty_payload", b""),
        ("json_null", b"null"),
        ("tiny_object", b"{}"),
    ]
