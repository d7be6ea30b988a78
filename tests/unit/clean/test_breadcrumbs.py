"""Navigation trails, and the lines that only look like them (specification rows, alternatives in
brackets, a subheading that starts with "Home")."""

from __future__ import annotations

import pytest

from streams.clean.breadcrumbs import is_breadcrumb
from streams.clean.rules import RuleStats, apply_rules
from streams.clean.unicode import normalize_for_matching
from tests.unit.clean.conftest import BODIES


@pytest.mark.parametrize("line", [
    "Home > News > World",
    "You are here: Home > News > World",
    "News / Local / Leipzig",
    "Startseite > Leipzig > Verkehr",
    "Accueil Actualités Monde",
    "ホーム＞ニュース＞地域",
])
def test_trails(line: str) -> None:
    assert is_breadcrumb(line, normalize_for_matching(line))


@pytest.mark.parametrize("line", [
    "CPU: Intel Core i5-1335U | RAM: 8GB | Storage: 512GB SSD | Screen: 14-inch",
    "Hiking pants (Men's / Women's) & shorts (Men's / Women's)",
    "A large reusable bag (jute | cotton | canvas)",
    "10. Syngonium podophyllum (Arrowhead Plant / Butterfly plant / Goose foot Plant)",
])
def test_rows_of_values_and_alternatives_in_brackets_are_no_trails(line: str) -> None:
    assert not is_breadcrumb(line, normalize_for_matching(line))


def test_a_subheading_starting_with_home_stays_inside_the_article_a_trail_above_it_goes() -> None:
    first, second, third = BODIES["en"]
    blocks = [["Home News Environment"], [first], ["Home Water Saving Tips"], [second], [third]]
    out = apply_rules(blocks, RuleStats())
    assert out == [[first], ["Home Water Saving Tips"], [second], [third]]
    # With a separator it is a trail wherever it stands.
    out = apply_rules([[first], ["Home > News > Environment"], [second]], RuleStats())
    assert out == [[first], [second]]


def test_a_paragraph_closing_on_a_quotation_is_prose_around_a_subheading() -> None:
    first, second, _ = BODIES["en"]
    quoted = f'"{first}"'
    out = apply_rules([[quoted], ["Home Water Saving Tips"], [f"“{second}”"]], RuleStats())
    assert out == [[quoted], ["Home Water Saving Tips"], [f"“{second}”"]]
