"""French text as prefecture minutes write it: folding for comparison, dates and hours.

« Nantes, le 15 septembre 2023 », « 1er octobre 2023 », « DATE : 16/10/2020 », « de 14h30 à
16h15 », « ouvre la séance à 10h », « PROCHAIN CLU EN MARS 2021 ». Twelve month names do not
need a library.
"""

import datetime
import re
import unicodedata

MONTHS = {
    "janvier": 1,
    "janv": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
_LONG_DATE = re.compile(
    _WEEKDAY + r"(?P<day>\d{1,2})\s*(?:er)?\s+" + _MONTH + r"\s+(?P<year>\d{4})\b", re.IGNORECASE
)
_NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4}|\d{2})\b")
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r"\s+(?P<year>\d{4})\b", re.IGNORECASE)

# « 10h », « 10 h 30 », « 10h30 », « 10:30 », « 14 heures 30 »; minutes of two digits only.
_TIME = (
    r"(?P<{h}>[01]?\d|2[0-3])"
    r"(?:\s*(?:heures?|h(?![a-z]))\s*(?P<{m}>[0-5]\d)?|:(?P<{m}_colon>[0-5]\d))(?!\d)"
)
_TIME_RE = re.compile(r"\b" + _TIME.format(h="hour", m="minute"), re.IGNORECASE)
_RANGE_RE = re.compile(
    r"\b(?:de\s+)?"
    + _TIME.format(h="h1", m="m1")
    + r"\s*(?:à|a|-|–|—|jusqu'à)\s*"
    + _TIME.format(h="h2", m="m2"),
    re.IGNORECASE,
)

APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "\u00a0": " ", "\u202f": " "})


def normalise_spaces(text):
    """Runs of spaces (non-breaking ones included) made one; the typography is kept."""
    return re.sub(r"[ \t\u00a0\u202f]+", " ", text).strip()


def fold(text):
    """Lower case, without accents, plain apostrophes and single spaces: for comparisons only."""
    text = unicodedata.normalize("NFKD", normalise_spaces(text.translate(APOSTROPHES)))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.casefold()


def _make_date(year, month, day):
    if year < 100:
        year += 2000
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def find_dates(text):
    """Every date written in ``text``, in order of appearance."""
    folded = fold(text)
    found = []
    for match in _LONG_DATE.finditer(folded):
        month = MONTHS[match["month"].lower()]
        date = _make_date(int(match["year"]), month, int(match["day"]))
        if date:
            found.append((match.start(), date))
    for match in _NUMERIC_DATE.finditer(folded):
        date = _make_date(int(match["year"]), int(match["month"]), int(match["day"]))
        if date:
            found.append((match.start(), date))
    return [date for _, date in sorted(found, key=lambda item: item[0])]


def parse_date(text):
    """The first date written in ``text``, or None."""
    dates = find_dates(text)
    return dates[0] if dates else None


def parse_month_year(text):
    """« mars 2021 » → (2021, 3), or None."""
    match = _MONTH_YEAR.search(fold(text))
    if not match:
        return None
    return int(match["year"]), MONTHS[match["month"].lower()]


def _time(hour, minute, minute_after_colon=None):
    return datetime.time(int(hour), int(minute or minute_after_colon or 0))


def find_times(text):
    return [_time(m["hour"], m["minute"], m["minute_colon"]) for m in _TIME_RE.finditer(fold(text))]


def parse_time(text):
    times = find_times(text)
    return times[0] if times else None


def parse_time_range(text):
    """« de 14h30 à 16h15 » → (time(14, 30), time(16, 15)), or None."""
    match = _RANGE_RE.search(fold(text))
    if not match:
        return None
    return _time(match["h1"], match["m1"], match["m1_colon"]), _time(
        match["h2"], match["m2"], match["m2_colon"]
    )


_OPENING = re.compile(
    r"(?:ouvre|ouvrent|a ouvert|debute|commence)\w*\s+(?:la\s+)?(?:seance|reunion)[^.]*?\ba\s+("
    + _TIME.format(h="hour", m="minute")
    + ")",
)
_OPENING_AT = re.compile(
    r"(?:seance|reunion)\s+(?:est\s+)?(?:ouverte|debute|commence)\w*\s+a\s+("
    + _TIME.format(h="hour", m="minute")
    + ")"
)
_CLOSING = re.compile(
    r"(?:s'est acheve|s'acheve|se termine|s'est termine|est levee|leve la seance|levee a|clot la seance"
    r"|fin de (?:la )?(?:seance|reunion))[^.]*?\ba\s+(" + _TIME.format(h="hour", m="minute") + ")"
)


def opening_time(text):
    """The hour in « ouvre la séance à 10h » or « la séance est ouverte à 9h30 »."""
    folded = fold(text)
    match = _OPENING.search(folded) or _OPENING_AT.search(folded)
    return _time(match["hour"], match["minute"], match["minute_colon"]) if match else None


def closing_time(text):
    """The hour in « s'est achevé par une visite … à 12h30 » or « la séance est levée à 12h »."""
    match = _CLOSING.search(fold(text))
    return _time(match["hour"], match["minute"], match["minute_colon"]) if match else None


MONTH_NAMES = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _fold_char(char):
    base = unicodedata.normalize("NFKD", char)[:1] or char
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


def fold_aligned(text):
    """Like ``fold`` but one character for one, so that a match's positions slice ``text``.

    Spaces are not collapsed: pass text already through ``normalise_spaces``.
    """
    return "".join(_fold_char(char) for char in text.translate(APOSTROPHES))


def french_date(date):
    """« 1er mars 2024 », « 15 septembre 2023 »."""
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {MONTH_NAMES[date.month - 1]} {date.year}"
