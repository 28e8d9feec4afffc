"""Date helpers shared by the rules and the renderers: month arithmetic and French dates."""
from __future__ import annotations

import calendar
import datetime as dt

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def french_date(day: dt.date) -> str:
    """15 janvier 2026 (1er for the first day of a month, as French typography wants)."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {_MONTHS[day.month - 1]} {day.year}"


_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def french_weekday(day: dt.date) -> str:
    """« lundi »."""
    return _WEEKDAYS[day.weekday()]


def french_month(day: dt.date) -> str:
    """« octobre 2027 »."""
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _easter(year: int) -> dt.date:
    """Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, known as Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def public_holidays(year: int) -> set[dt.date]:
    """The eleven public holidays of metropolitan France (Code du travail, art. L3133-1)."""
    easter = _easter(year)
    fixed = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}
    moving = {easter + dt.timedelta(days=1), easter + dt.timedelta(days=39), easter + dt.timedelta(days=50)}
    return {dt.date(year, month, day) for month, day in fixed} | moving


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, public holidays excepted: a « jour ouvré »."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to `end` included (negative when `end` comes first): from a Monday to the next
    Monday, five."""
    step = 1 if end >= start else -1
    count, day = 0, start
    while day != end:
        day += dt.timedelta(days=step)
        if is_working_day(day if step > 0 else day + dt.timedelta(days=1)):
            count += step
    return count


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The working day `count` working days after `day` (before it when `count` is negative)."""
    step = 1 if count >= 0 else -1
    left = abs(count)
    while left:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day
