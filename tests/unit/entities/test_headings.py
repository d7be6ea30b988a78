"""Names inside a title-case heading: cut from the heading's capitalised common words."""

from __future__ import annotations

from streams.entities.headings import heading_names, heading_parts, title_case_heading
from streams.entities.model import ModelSpan

BODY = (
    "\nThe government of Norland submits a report on the flooding. "
    "Its prime minister, Ada Vintner, said the Riverside Authority would rebuild the dams."
)


def _known(surface: str) -> bool:
    return surface == "Norland"


def _parts(text: str, span: str) -> list[str]:
    start = text.index(span)
    found = heading_parts(text, start, start + len(span), title_case_heading(text), _known)
    return [text[a:b] for a, b in found]


def test_title_case_heading() -> None:
    assert title_case_heading("Norland Submits Report on Floods" + BODY) == len("Norland Submits Report on Floods")
    # Not a heading in title case: a sentence's lower-case words, a full stop, capitals, no body.
    assert title_case_heading("Norland submits a report on the floods" + BODY) == 0
    assert title_case_heading("Norland Submits Report on Floods." + BODY) == 0
    assert title_case_heading("NORLAND SUBMITS REPORT ON FLOODS" + BODY) == 0
    assert title_case_heading("Norland Submits Report on Floods") == 0


def test_known_name_cut_from_common_words() -> None:
    text = "Norland Submits Flood Report to Parliament" + BODY
    assert _parts(text, "Norland Submits Flood Report") == ["Norland"]


def test_name_the_body_writes_cut_from_common_words() -> None:
    text = "Flooding Puts Vintner Under Pressure" + BODY
    assert _parts(text, "Flooding Puts Vintner Under Pressure") == ["Vintner"]
    text = "Riverside Authority Plans New Dams" + BODY
    assert _parts(text, "Riverside Authority Plans") == ["Riverside Authority"]


def test_span_left_as_it_is() -> None:
    # Every word capitalised in the body too: no common word to cut at.
    text = "Ada Vintner Meets Riverside Authority" + BODY
    assert _parts(text, "Riverside Authority") == ["Riverside Authority"]
    # No name in the span: left to the model.
    text = "Dam Builders Wanted in the North" + BODY
    assert _parts(text, "Dam Builders") == ["Dam Builders"]
    # A span in the body, or a heading not in title case.
    assert _parts(text, "Riverside Authority") == ["Riverside Authority"]
    text = "Norland Submits Flood Report." + BODY
    assert _parts(text, "Norland Submits Flood Report") == ["Norland Submits Flood Report"]


def test_sentence_opening_does_not_make_a_name() -> None:
    # "Flooding" opens a body sentence: capitalised there as any first word, not a name.
    text = "Norland Flooding Worsens" + "\nFlooding worsened in Norland on Monday."
    assert _parts(text, "Norland Flooding") == ["Norland"]


def test_heading_name_takes_the_body_label() -> None:
    text = "Norland Floods Report Blames Riverside Authority" + BODY
    heading = ModelSpan(0, len("Norland Floods Report"), "MISC")
    start = text.index("Riverside Authority", len("Norland"))
    body = ModelSpan(text.index("Riverside", 60), text.index("Riverside", 60) + len("Riverside Authority"), "ORG")
    whole = ModelSpan(start, start + len("Riverside Authority"), "ORG")
    found = heading_names(text, [heading, whole, body], title_case_heading(text), _known)
    assert [(text[s.start : s.end], s.label) for s in found] == [
        ("Norland", "MISC"),
        ("Riverside Authority", "ORG"),
        ("Riverside Authority", "ORG"),
    ]
    norland = ModelSpan(text.index("Norland", 60), text.index("Norland", 60) + len("Norland"), "LOC")
    found = heading_names(text, [heading, norland], title_case_heading(text), _known)
    assert (text[found[0].start : found[0].end], found[0].label) == ("Norland", "LOC")
    # Uncut, too: the heading's capitalised words told the model less than the body's.
    whole = ModelSpan(0, len("Norland"), "ORG")
    found = heading_names(text, [whole, norland], title_case_heading(text), _known)
    assert [s.label for s in found] == ["LOC", "LOC"]
