"""Jours ouvrables and the substitution deadline (latest day to inform before a meeting).

Every expected date below was checked by hand against a calendar; the comment of each case walks back
from the day before the meeting: "excl." = not ouvrable (Sunday or holiday), "(n)" = n-th ouvrable day.
"""

import datetime

import pytest

from cluac_pages.calendar import (
    holiday_name,
    holiday_subdivision,
    is_jour_ouvrable,
    public_holidays,
    substitution_deadline,
)

D = datetime.date

DEADLINE_CASES = [
    # The client's example. Tue 3 Nov 2026: Mon 2 (1), Sun 1 Nov Sunday and Toussaint excl., Sat 31 Oct (2).
    pytest.param(D(2026, 11, 3), "44", 2, D(2026, 10, 31), id="client-example-44"),
    # Saturday holidays are skipped, not counted.
    # Mon 17 Aug 2026: Sun 16 excl., Sat 15 Assomption excl., Fri 14 (1), Thu 13 (2).
    pytest.param(D(2026, 8, 17), "44", 2, D(2026, 8, 13), id="assomption-on-saturday-2026"),
    # Tue 4 Nov 2025: Mon 3 (1), Sun 2 excl., Sat 1 Toussaint excl., Fri 31 Oct (2).
    pytest.param(D(2025, 11, 4), "75", 2, D(2025, 10, 31), id="toussaint-on-saturday-2025"),
    # Mon 28 Dec 2026: Sun 27 excl., Sat 26 Saint-Étienne excl. in Moselle, Fri 25 Noël excl.,
    # Thu 24 (1), Wed 23 (2).
    pytest.param(D(2026, 12, 28), "57", 2, D(2026, 12, 23), id="saint-etienne-on-saturday-57"),
    pytest.param(D(2026, 12, 28), "67", 2, D(2026, 12, 23), id="saint-etienne-on-saturday-67"),
    pytest.param(D(2026, 12, 28), "68", 2, D(2026, 12, 23), id="saint-etienne-on-saturday-68"),
    # Same meeting elsewhere: Sat 26 (1), Fri 25 Noël excl., Thu 24 (2).
    pytest.param(D(2026, 12, 28), "44", 2, D(2026, 12, 24), id="saint-etienne-not-in-44"),
    pytest.param(D(2026, 12, 28), "54", 2, D(2026, 12, 24), id="saint-etienne-not-in-54"),
    # Easter 2026 is Sunday 5 April. Tue 7 Apr: Mon 6 Lundi de Pâques excl., Sun 5 excl., Sat 4 (1);
    # Fri 3 is Vendredi saint only in Alsace-Moselle (and Guadeloupe, Martinique).
    pytest.param(D(2026, 4, 7), "44", 2, D(2026, 4, 3), id="easter-44-good-friday-counts"),
    pytest.param(D(2026, 4, 7), "54", 2, D(2026, 4, 3), id="easter-54-not-alsace-moselle"),
    pytest.param(D(2026, 4, 7), "57", 2, D(2026, 4, 2), id="easter-57-good-friday-excluded"),
    pytest.param(D(2026, 4, 7), "67", 2, D(2026, 4, 2), id="easter-67-good-friday-excluded"),
    pytest.param(D(2026, 4, 7), "68", 2, D(2026, 4, 2), id="easter-68-good-friday-excluded"),
    pytest.param(D(2026, 4, 7), "971", 2, D(2026, 4, 2), id="easter-971-good-friday-excluded"),
    pytest.param(D(2026, 4, 7), "972", 2, D(2026, 4, 2), id="easter-972-good-friday-excluded"),
    pytest.param(D(2026, 4, 7), "974", 2, D(2026, 4, 3), id="easter-974-good-friday-counts"),
    # Corsica has the mainland holidays.
    pytest.param(D(2026, 4, 7), "2A", 2, D(2026, 4, 3), id="easter-2A-metropolitan"),
    pytest.param(D(2026, 4, 7), "2B", 2, D(2026, 4, 3), id="easter-2B-metropolitan"),
    pytest.param(D(2026, 12, 28), "2A", 2, D(2026, 12, 24), id="christmas-2A-metropolitan"),
    # Year boundary. Mon 4 Jan 2027: Sun 3 excl., Sat 2 (1), Fri 1 Jour de l'an excl., Thu 31 Dec 2026 (2).
    pytest.param(D(2027, 1, 4), "44", 2, D(2026, 12, 31), id="year-boundary-monday-4-january"),
    # Sat 2 Jan 2027: Fri 1 excl., Thu 31 Dec (1), Wed 30 Dec (2).
    pytest.param(D(2027, 1, 2), "44", 2, D(2026, 12, 30), id="year-boundary-saturday-2-january"),
    # The previous year's holidays are needed. Fri 2 Jan 2026, 5 days: Thu 1 excl., Wed 31 (1), Tue 30 (2),
    # Mon 29 (3), Sun 28 excl., Sat 27 (4), then Fri 26 Dec 2025: Saint-Étienne in Moselle...
    # ... so in 57: Fri 26 excl., Thu 25 Noël excl., Wed 24 (5); in 44: Fri 26 (5).
    pytest.param(D(2026, 1, 2), "57", 5, D(2025, 12, 24), id="year-boundary-saint-etienne-57"),
    pytest.param(D(2026, 1, 2), "44", 5, D(2025, 12, 26), id="year-boundary-no-saint-etienne-44"),
    # Mon 29 Dec 2025: Sun 28 excl., Sat 27 (1), then Fri 26: 44 (2); 57 excl., Thu 25 excl., Wed 24 (2).
    pytest.param(D(2025, 12, 29), "44", 2, D(2025, 12, 26), id="after-christmas-44"),
    pytest.param(D(2025, 12, 29), "57", 2, D(2025, 12, 24), id="after-christmas-57"),
    # Overseas: abolition of slavery.
    # La Réunion, 20 Dec 2025 is a Saturday. Mon 22 Dec: Sun 21 excl., Sat 20 excl. in 974 (counts (1) in 44),
    # Fri 19 (1 in 974, 2 in 44), Thu 18 (2 in 974).
    pytest.param(D(2025, 12, 22), "974", 2, D(2025, 12, 18), id="reunion-20-december"),
    pytest.param(D(2025, 12, 22), "44", 2, D(2025, 12, 19), id="reunion-date-in-44"),
    # Guadeloupe, Wed 27 May 2026. Fri 29 May: Thu 28 (1), Wed 27 excl. in 971, Tue 26 (2).
    pytest.param(D(2026, 5, 29), "971", 2, D(2026, 5, 26), id="guadeloupe-27-may"),
    pytest.param(D(2026, 5, 29), "44", 2, D(2026, 5, 27), id="guadeloupe-date-in-44"),
    # Martinique, Fri 22 May 2026. Tue 26 May: Mon 25 Lundi de Pentecôte excl., Sun 24 excl., Sat 23 (1),
    # Fri 22 excl. in 972 (2 in 44), Thu 21 (2).
    pytest.param(D(2026, 5, 26), "972", 2, D(2026, 5, 21), id="martinique-22-may"),
    pytest.param(D(2026, 5, 26), "44", 2, D(2026, 5, 22), id="martinique-date-in-44"),
    # Mayotte, Mon 27 Apr 2026. Wed 29 Apr: Tue 28 (1), Mon 27 excl. in 976 (2 in 44), Sun 26 excl.,
    # Sat 25 (2).
    pytest.param(D(2026, 4, 29), "976", 2, D(2026, 4, 25), id="mayotte-27-april"),
    pytest.param(D(2026, 4, 29), "44", 2, D(2026, 4, 27), id="mayotte-date-in-44"),
    # Guyane, Wed 10 June 2026. Fri 12 June: Thu 11 (1), Wed 10 excl. in 973 (2 in 44), Tue 9 (2).
    pytest.param(D(2026, 6, 12), "973", 2, D(2026, 6, 9), id="guyane-10-june"),
    pytest.param(D(2026, 6, 12), "44", 2, D(2026, 6, 10), id="guyane-date-in-44"),
    # Mi-Carême (Thu 12 Mar 2026) is kept as the library lists it for Guadeloupe only.
    # Sat 14 Mar: Fri 13 (1), Thu 12 excl. in 971 (2 elsewhere), Wed 11 (2).
    pytest.param(D(2026, 3, 14), "971", 2, D(2026, 3, 11), id="guadeloupe-mi-careme"),
    pytest.param(D(2026, 3, 14), "972", 2, D(2026, 3, 12), id="martinique-no-mi-careme"),
    # Fête de Victor Schœlcher, Tue 21 July 2026. Thu 23 July: Wed 22 (1), Tue 21 excl. in 972, Mon 20 (2).
    pytest.param(D(2026, 7, 23), "972", 2, D(2026, 7, 20), id="martinique-victor-schoelcher"),
    # Other national holidays. Wed 15 July 2026: Tue 14 excl., Mon 13 (1), Sun 12 excl., Sat 11 (2).
    pytest.param(D(2026, 7, 15), "75", 2, D(2026, 7, 11), id="14-juillet-gives-a-saturday"),
    # Ascension, Thu 14 May 2026. Fri 15 May: Thu 14 excl., Wed 13 (1), Tue 12 (2).
    pytest.param(D(2026, 5, 15), "69", 2, D(2026, 5, 12), id="ascension"),
    # A meeting on a Monday without holidays: Sun excl., Sat (1), Fri (2). Mon 9 Mar 2026 → Fri 6 Mar.
    pytest.param(D(2026, 3, 9), "01", 2, D(2026, 3, 6), id="plain-monday"),
    # A meeting on a Sunday: Sat (1), Fri (2). Sun 8 Mar 2026 → Fri 6 Mar.
    pytest.param(D(2026, 3, 8), "01", 2, D(2026, 3, 6), id="meeting-on-sunday"),
    # days=1. Tue 3 Nov 2026: Mon 2 (1).
    pytest.param(D(2026, 11, 3), "44", 1, D(2026, 11, 2), id="days-1-client-example"),
    # Mon 2 Nov 2026: Sun 1 excl., Sat 31 Oct (1).
    pytest.param(D(2026, 11, 2), "44", 1, D(2026, 10, 31), id="days-1-after-toussaint"),
    # Mon 17 Aug 2026: Sun 16 excl., Sat 15 excl., Fri 14 (1).
    pytest.param(D(2026, 8, 17), "44", 1, D(2026, 8, 14), id="days-1-after-assomption"),
    # days=3. Tue 3 Nov 2026: Mon 2 (1), Sun 1 excl., Sat 31 (2), Fri 30 Oct (3).
    pytest.param(D(2026, 11, 3), "44", 3, D(2026, 10, 30), id="days-3-client-example"),
    # Thu 12 Nov 2026: Wed 11 Armistice excl., Tue 10 (1), Mon 9 (2), Sun 8 excl., Sat 7 (3).
    pytest.param(D(2026, 11, 12), "44", 3, D(2026, 11, 7), id="days-3-armistice"),
    # Wed 8 Apr 2026 in Moselle: Tue 7 (1), Mon 6 excl., Sun 5 excl., Sat 4 (2), Fri 3 excl., Thu 2 (3).
    pytest.param(D(2026, 4, 8), "57", 3, D(2026, 4, 2), id="days-3-easter-57"),
    # Library fact: no Lundi de Pentecôte in 2005–2007 (journée de solidarité). Pentecost Monday 2006 was
    # 5 June. Tue 6 Jun 2006: Mon 5 (1), Sun 4 excl., Sat 3 (2).
    pytest.param(D(2006, 6, 6), "44", 2, D(2006, 6, 3), id="no-pentecost-monday-in-2006"),
]


@pytest.mark.parametrize(("meeting", "departement", "days", "expected"), DEADLINE_CASES)
def test_substitution_deadline(meeting, departement, days, expected):
    assert substitution_deadline(meeting, departement, days=days) == expected


def test_default_is_two_jours_ouvrables():
    assert substitution_deadline(D(2026, 11, 3), "44") == D(2026, 10, 31)


def test_many_days_reach_further_back_than_the_previous_year():
    # 400 jours ouvrables is more than a year: the holidays of 2024 are loaded on the way.
    deadline = substitution_deadline(D(2026, 1, 5), "57", days=400)
    assert deadline.year == 2024
    assert is_jour_ouvrable(deadline, "57")
    assert _count_ouvrables(deadline, D(2026, 1, 5), "57") == 400


@pytest.mark.parametrize("departement", ["44", "57", "67", "971", "972", "973", "974", "976", "2A"])
@pytest.mark.parametrize("days", [1, 2, 3])
def test_deadline_is_the_nth_jour_ouvrable_before_every_meeting_of_2026(departement, days):
    meeting = D(2026, 1, 1)
    while meeting.year == 2026:
        deadline = substitution_deadline(meeting, departement, days=days)
        assert deadline < meeting
        assert is_jour_ouvrable(deadline, departement)
        assert _count_ouvrables(deadline, meeting, departement) == days
        meeting += datetime.timedelta(days=1)


def _count_ouvrables(start, end, departement):
    """Jours ouvrables in [start, end)."""
    count, day = 0, start
    while day < end:
        count += is_jour_ouvrable(day, departement)
        day += datetime.timedelta(days=1)
    return count


# Dates and datetimes


def test_naive_datetime_uses_its_date():
    assert substitution_deadline(datetime.datetime(2026, 11, 3, 9, 30), "44") == D(2026, 10, 31)


def test_aware_datetime_is_read_in_paris_time():
    # 23:30 UTC on Mon 2 Nov 2026 is 00:30 on Tue 3 Nov in Paris (UTC+1 in winter): the client's example.
    meeting = datetime.datetime(2026, 11, 2, 23, 30, tzinfo=datetime.UTC)
    assert substitution_deadline(meeting, "44") == D(2026, 10, 31)
    # Read as a UTC date it would be Mon 2 Nov: Sun 1 excl., Sat 31 (1), Fri 30 (2).
    assert substitution_deadline(meeting.date(), "44") == D(2026, 10, 30)


def test_a_meeting_that_is_not_a_date_is_refused():
    with pytest.raises(TypeError) as refused:
        substitution_deadline("2026-11-03", "44")
    assert str(refused.value) == "Une date est attendue (reçu : '2026-11-03')."


# Refused arguments


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("99", id="99"),
        pytest.param("975", id="975-saint-pierre-not-a-departement"),
        pytest.param("", id="empty"),
        pytest.param("loire", id="name"),
        pytest.param("2a", id="lowercase-corsica"),
        pytest.param("GP", id="holidays-alias"),
        pytest.param("6AE", id="holidays-subdivision"),
        pytest.param(" 44", id="leading-space"),
        pytest.param(44, id="integer"),
        pytest.param(None, id="none"),
    ],
)
def test_unknown_departement_is_refused_with_a_french_message(code):
    expected = (
        f"Département inconnu : « {code} ». "
        "Les codes acceptés sont 01 à 95, 2A, 2B, 971, 972, 973, 974 et 976."
    )
    for call in [
        lambda: substitution_deadline(D(2026, 11, 3), code),
        lambda: is_jour_ouvrable(D(2026, 11, 3), code),
        lambda: public_holidays(code, 2026),
    ]:
        with pytest.raises(ValueError) as refused:
            call()
        assert str(refused.value) == expected


@pytest.mark.parametrize(
    "days",
    [
        pytest.param(0, id="zero"),
        pytest.param(-1, id="negative"),
        pytest.param(1.5, id="float"),
        pytest.param("2", id="string"),
        pytest.param(True, id="bool"),
        pytest.param(None, id="none"),
    ],
)
def test_days_must_be_a_positive_integer(days):
    with pytest.raises(ValueError) as refused:
        substitution_deadline(D(2026, 11, 3), "44", days=days)
    assert str(refused.value) == (
        f"Le nombre de jours ouvrables doit être un entier supérieur ou égal à 1 (reçu : {days!r})."
    )


# Helpers


@pytest.mark.parametrize(
    ("departement", "subdivision"),
    [
        ("57", "57"),
        ("67", "6AE"),
        ("68", "6AE"),
        ("54", None),
        ("44", None),
        ("2A", None),
        ("2B", None),
        ("971", "971"),
        ("972", "972"),
        ("973", "973"),
        ("974", "974"),
        ("976", "976"),
    ],
)
def test_holiday_subdivision(departement, subdivision):
    assert holiday_subdivision(departement) == subdivision


@pytest.mark.parametrize(
    ("day", "departement", "expected"),
    [
        pytest.param(D(2026, 10, 31), "44", True, id="saturday"),
        pytest.param(D(2026, 11, 1), "44", False, id="sunday-and-toussaint"),
        pytest.param(D(2026, 3, 8), "44", False, id="plain-sunday"),
        pytest.param(D(2026, 8, 15), "44", False, id="assomption-on-saturday"),
        pytest.param(D(2026, 4, 3), "44", True, id="good-friday-44"),
        pytest.param(D(2026, 4, 3), "57", False, id="good-friday-57"),
        pytest.param(D(2026, 12, 26), "68", False, id="saint-etienne-68"),
        pytest.param(D(2026, 12, 26), "54", True, id="saint-etienne-54"),
        pytest.param(datetime.datetime(2026, 4, 3, 10, 0), "67", False, id="datetime"),
    ],
)
def test_is_jour_ouvrable(day, departement, expected):
    assert is_jour_ouvrable(day, departement) is expected


def test_public_holidays_are_named_in_french():
    holidays_57 = public_holidays("57", 2026)
    assert holidays_57[D(2026, 1, 1)] == "Jour de l'an"
    assert holidays_57[D(2026, 4, 3)] == "Vendredi saint"
    assert holidays_57[D(2026, 12, 26)] == "Saint-Étienne"
    assert len(holidays_57) == 13
    assert len(public_holidays("44", 2026)) == 11


@pytest.mark.parametrize(
    ("departement", "count"),
    [("971", 15), ("972", 14), ("973", 12), ("974", 12), ("976", 12)],
)
def test_overseas_holiday_counts_in_2026(departement, count):
    assert len(public_holidays(departement, 2026)) == count


def test_public_holidays_accept_several_years_and_are_read_only():
    both = public_holidays("44", [2026, 2025])
    assert D(2025, 12, 25) in both and D(2026, 12, 25) in both
    assert D(2027, 1, 1) not in both
    with pytest.raises(TypeError):
        both[D(2026, 3, 9)] = "Jour inventé"


def test_public_holidays_are_cached_per_subdivision():
    # Bas-Rhin and Haut-Rhin share the library's "6AE" calendar.
    assert public_holidays("67", 2026) is public_holidays("68", range(2026, 2027))
    assert public_holidays("44", 2026) is public_holidays("2B", 2026)


@pytest.mark.parametrize(
    ("day", "departement", "name"),
    [
        pytest.param(D(2026, 4, 3), "57", "Vendredi saint", id="good-friday-57"),
        pytest.param(D(2026, 4, 3), "44", None, id="good-friday-44"),
        pytest.param(D(2026, 5, 27), "971", "Abolition de l'esclavage", id="abolition-971"),
        pytest.param(D(2026, 3, 12), "971", "Mi-Carême", id="mi-careme-971"),
        pytest.param(D(2026, 11, 1), "2A", "Toussaint", id="toussaint-2A"),
        pytest.param(D(2026, 3, 9), "44", None, id="ordinary-day"),
    ],
)
def test_holiday_name(day, departement, name):
    assert holiday_name(day, departement) == name
