from .actions import ActionFollowUp, TrackedAction
from .committee import CommitteePage, QualityProgramme
from .composition import Mandate, Seat, composition_on
from .convocation import ConvocationDelivery, ConvocationRound
from .distribution import DistributionDelivery, MinutesDistribution
from .imports import MinutesImport
from .meeting import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    MeetingCalendarState,
    MeetingDocument,
    MeetingPage,
    MeetingTag,
)
from .minutes import MinutesAnnex, MinutesPage, MinutesTag
from .participants import MeetingParticipant, ParticipantGroup
from .people import College, Organisation, Person
from .prefecture import PrefectureRoles
from .procedure import ProcedureSheetPage
from .review import DocumentReview, Opinion
from .settings import PrefectureSettings
from .substitution import SubstitutionNotice
from .suggestion import Suggestion
from .validation import MinutesValidationSettings, MinutesValidationTask, can_validate_minutes

__all__ = [
    "ActionFollowUp",
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "College",
    "DistributionDelivery",
    "DocumentReview",
    "CommitteePage",
    "ConvocationDelivery",
    "ConvocationRound",
    "Mandate",
    "MeetingCalendarState",
    "MeetingDocument",
    "MeetingParticipant",
    "MeetingPage",
    "MeetingTag",
    "MinutesAnnex",
    "MinutesDistribution",
    "MinutesImport",
    "MinutesPage",
    "MinutesTag",
    "MinutesValidationSettings",
    "MinutesValidationTask",
    "Opinion",
    "Organisation",
    "ParticipantGroup",
    "Person",
    "PrefectureSettings",
    "PrefectureRoles",
    "ProcedureSheetPage",
    "QualityProgramme",
    "Seat",
    "SubstitutionNotice",
    "Suggestion",
    "TrackedAction",
    "can_validate_minutes",
    "composition_on",
]
