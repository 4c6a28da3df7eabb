"""French input formats: Django's, plus the hours as the French write them (« 14h30 », « 14h »).

Only the input formats are set here; every other format comes from Django's French locale.
The first format of each list is the one Wagtail's date widgets display.
"""

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 30/11/2015
    "%d/%m/%y",  # 30/11/15
    "%Y-%m-%d",  # 2015-11-30
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 30/11/2015 14:30
    "%d/%m/%Y %H:%M:%S",  # 30/11/2015 14:30:59
    "%d/%m/%Y %Hh%M",  # 30/11/2015 14h30
    "%d/%m/%Y %Hh",  # 30/11/2015 14h
    "%d/%m/%Y",  # 30/11/2015 (midnight)
    "%Y-%m-%d %H:%M",  # 2015-11-30 14:30
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:30
    "%H:%M:%S",
    "%Hh%M",  # 14h30
    "%Hh",  # 14h
]
