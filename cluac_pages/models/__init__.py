from .committee import CommitteePage, QualityProgramme
from .composition import Mandate, Seat, composition_on
from .meeting import AgendaItem, Attendance, AttendanceStatus, Guest, MeetingDocument, MeetingPage
from .minutes import MinutesAnnex, MinutesPage, MinutesTag
from .people import College, Organisation, Person
from .procedure import ProcedureSheetPage
from .settings import PrefectureSettings

__all__ = [
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "College",
    "CommitteePage",
    "Guest",
    "Mandate",
    "MeetingDocument",
    "MeetingPage",
    "MinutesAnnex",
    "MinutesPage",
    "MinutesTag",
    "Organisation",
    "Person",
    "PrefectureSettings",
    "ProcedureSheetPage",
    "QualityProgramme",
    "Seat",
    "composition_on",
]
