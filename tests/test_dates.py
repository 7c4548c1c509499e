"""Dates as the publication prints them, whatever the platform or locale."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge_hub.render import environment, long_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2020, 9, 3), "3 September 2020"), (date(2021, 1, 28), "28 January 2021"), (date(1999, 12, 31), "31 December 1999")],
)
def test_a_date_is_day_month_year_without_a_leading_zero(day: date, expected: str) -> None:
    assert long_date(day) == expected


def test_templates_print_dates_through_the_portable_filter() -> None:
    rendered = environment().from_string("{{ day | long_date }}").render(day=date(2020, 11, 5))
    assert rendered == "5 November 2020"
