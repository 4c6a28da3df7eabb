"""Jours ouvrables and public holidays of a département, and the substitution deadline of a meeting.

A member who cannot attend a meeting must inform the secretariat "au moins 2 jours ouvrables avant la
réunion". A jour ouvrable is every day except Sunday and the public holidays of the committee's
département, so Saturday counts.

Public holidays come from the ``holidays`` package, including its local days:

- Moselle (57), Bas-Rhin (67) and Haut-Rhin (68): Vendredi saint and Saint-Étienne (26 December);
- overseas départements: the abolition of slavery (Guadeloupe 27 May, Martinique 22 May, Guyane 10 June,
  La Réunion 20 December, Mayotte 27 April); Guadeloupe and Martinique also have Vendredi saint and
  the Fête de Victor Schœlcher (21 July), and Guadeloupe has Mi-Carême.

The library's days are kept as they are, without local exceptions: Mi-Carême is customary rather than
a holiday of the code du travail, but the library lists it, so a Guadeloupe committee does not count it
as a jour ouvrable. Likewise the library has no Lundi de Pentecôte in 2005–2007.

An unknown département or a bad number of days raises ``ValueError`` (not ``ValidationError``) with a
French message naming the value, so that callers (model ``clean()``, forms, commands) can show it as is
or wrap it in a ``ValidationError``. A meeting that is not a date raises ``TypeError``.
"""

import datetime
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays
from django.utils.translation import gettext as _

from .constants import DEPARTEMENTS

DEFAULT_SUBSTITUTION_DAYS = 2

# Meeting times are entered and displayed in the site's time zone, the mainland one.
PARIS = ZoneInfo("Europe/Paris")

# Départements with holidays of their own, mapped to the subdivision codes of ``holidays.France``; every
# other département (including Meurthe-et-Moselle and Corsica) has the mainland holidays. The library has
# no code for Bas-Rhin and Haut-Rhin: they form the Collectivité européenne d'Alsace, "6AE".
HOLIDAY_SUBDIVISIONS = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "976": "976",
}

SUNDAY = 6
ONE_DAY = datetime.timedelta(days=1)


def holiday_subdivision(departement):
    """Return the ``holidays.France`` subdivision of a département, or None for the mainland holidays.

    Raise ValueError if the code is not one of ``DEPARTEMENTS``.
    """
    if not isinstance(departement, str) or departement not in DEPARTEMENTS:
        raise ValueError(
            _(
                "Département inconnu : « %(code)s ». Les codes acceptés sont 01 à 95, 2A, 2B, "
                "971, 972, 973, 974 et 976."
            )
            % {"code": departement}
        )
    return HOLIDAY_SUBDIVISIONS.get(departement)


@lru_cache(maxsize=64)
def _holidays_of(subdivision, years):
    # expand=False: a date outside `years` must not silently grow this shared, cached object.
    france = holidays.France(subdiv=subdivision, years=years, language="fr", expand=False)
    return MappingProxyType(dict(france))


def public_holidays(departement, years):
    """Return the public holidays of a département as a read-only mapping date → French name.

    ``years`` is a year or an iterable of years. When two holidays fall on the same day, the library
    joins their names with "; ".
    """
    subdivision = holiday_subdivision(departement)
    if isinstance(years, int):
        years = (years,)
    return _holidays_of(subdivision, tuple(sorted(set(years))))


def holiday_name(day, departement):
    """Return the French name of the public holiday on ``day`` in the département, or None."""
    day = _as_date(day)
    return public_holidays(departement, day.year).get(day)


def is_jour_ouvrable(day, departement):
    """Tell whether ``day`` is a jour ouvrable in the département: not a Sunday, not a public holiday."""
    day = _as_date(day)
    return _is_ouvrable(day, public_holidays(departement, day.year))


def substitution_deadline(meeting_date, departement, days=DEFAULT_SUBSTITUTION_DAYS):
    """Return the latest day on which a member must say they will be replaced at a meeting.

    Going back from the day before the meeting, count only jours ouvrables of the département; the
    ``days``-th one is the deadline. The result is itself a jour ouvrable, possibly a Saturday.

    ``meeting_date`` is a date or a datetime (an aware datetime is read in Europe/Paris time).
    Raise ValueError for an unknown département or if ``days`` is not an integer of at least 1.
    """
    holiday_subdivision(departement)  # refuses an unknown code before any other check
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(
            _("Le nombre de jours ouvrables doit être un entier supérieur ou égal à 1 (reçu : %(days)r).")
            % {"days": days}
        )
    meeting = _as_date(meeting_date)

    # The previous year's holidays matter for a meeting early in January (1 January, and 25–26
    # December in Alsace-Moselle).
    first_year = meeting.year - 1
    holiday_dates = public_holidays(departement, range(first_year, meeting.year + 1))
    day, counted = meeting, 0
    while counted < days:
        day -= ONE_DAY
        if day.year < first_year:
            first_year = day.year
            holiday_dates = public_holidays(departement, range(first_year, meeting.year + 1))
        if _is_ouvrable(day, holiday_dates):
            counted += 1
    return day


def _is_ouvrable(day, holiday_dates):
    return day.weekday() != SUNDAY and day not in holiday_dates


def _as_date(value):
    # datetime is a subclass of date: test it first.
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(PARIS)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(_("Une date est attendue (reçu : %(value)r).") % {"value": value})


__all__ = [
    "DEFAULT_SUBSTITUTION_DAYS",
    "HOLIDAY_SUBDIVISIONS",
    "holiday_name",
    "holiday_subdivision",
    "is_jour_ouvrable",
    "public_holidays",
    "substitution_deadline",
]
