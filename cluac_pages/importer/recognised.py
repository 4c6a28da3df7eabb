"""What recognition finds in a set of minutes: the structure the page-creation step maps onto the
minutes and meeting models (header fields, participants, sections and their blocks, signature,
annexes, next meeting), plus the warnings to show in the preview.

Text is kept as spans (bold, italic, links), so that it can become rich text; no contact data of a
person is ever left in it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .document import Image, ListBlock, Span, spans_text
from .people import Mention


class Status:
    """Where the minutes list a participant."""

    PRESENT = "present"  # « Étaient présents », « Liste des participants »
    EXCUSED = "excused"  # « Étaient excusés »
    ABSENT = "absent"  # « Absents »
    ALSO_ATTENDING = "also_attending"  # « Assistaient également », invited guests


@dataclass
class RecognitionWarning:
    """Something the editor must look at; ``text`` is what was kept, when there is some."""

    code: str
    message: str
    text: str = ""


@dataclass
class Letterhead:
    authority: str = ""  # « Préfet de la Loire-Atlantique », as written
    kind: str = ""  # "prefecture" or "sub_prefecture"
    departement: str = ""  # INSEE code, « 44 »
    sub_prefecture: str = ""  # « Châteaubriant-Ancenis »
    services: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # every letterhead line, in order
    footer: list[str] = field(default_factory=list)
    logos: list[Image] = field(default_factory=list)


@dataclass
class Header:
    title: str = ""  # « Compte-rendu »
    written_at: str = ""  # « Nantes »
    written_on: datetime.date | None = None
    case_officer: str = ""  # « Affaire suivie par »: a raw name
    recipients: str = ""
    subject: str = ""
    meeting_date: datetime.date | None = None
    meeting_place: str = ""
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    chair: Mention | None = None
    attachments: list[str] = field(default_factory=list)  # « PJ : » as written


@dataclass
class Participant:
    raw: str
    name: str | None
    civility: str
    function: str
    organisation: str
    group: str  # the heading the list gives them (« Représentants des associations »), or ""
    status: str  # a Status value


@dataclass
class Paragraph:
    spans: list[Span]

    @property
    def text(self):
        return spans_text(self.spans)


@dataclass
class BulletList:
    block: ListBlock


@dataclass
class Exchange:
    """« **Name, organisation** s'étonne… » with the answers nested under it."""

    speaker: Mention
    statement: list[Span]
    answers: list[Exchange] = field(default_factory=list)
    more: list = field(default_factory=list)  # what followed in the same item and is not an answer

    @property
    def text(self):
        return spans_text(self.statement)


@dataclass
class TableContent:
    rows: list[list[str]]
    header_rows: int = 0
    merged: list[dict] = field(default_factory=list)  # {"row", "col", "rowspan", "colspan"}


@dataclass
class Indicator:
    label: str
    target: str = ""
    result: str = ""
    position: str = ""  # "above", "at", "below" or ""
    notes: str = ""


@dataclass
class QualityResults:
    indicators: list[Indicator]
    headers: list[str] = field(default_factory=list)


@dataclass
class ImageContent:
    image: Image

    @property
    def needs_alt_text(self):
        return not self.image.alt_text and not self.image.decorative


@dataclass
class PointsOfAgreement:
    points: list[str]


@dataclass
class Section:
    heading: str  # "" for the text before the first heading
    level: int = 1
    items: list = field(default_factory=list)


@dataclass
class Signature:
    formula: str = ""  # « Pour le préfet et par délégation, »
    function: str = ""  # « Le secrétaire général »
    name: str = ""


@dataclass
class Annex:
    number: int | None
    title: str


@dataclass
class NextMeeting:
    planned_for: str  # « mars 2021 », « 12 mars 2024 »
    date: datetime.date | None = None
    year: int | None = None
    month: int | None = None


@dataclass
class RecognisedMinutes:
    source_format: str
    letterhead: Letterhead = field(default_factory=Letterhead)
    header: Header = field(default_factory=Header)
    agenda: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    signature: Signature | None = None
    annexes: list[Annex] = field(default_factory=list)
    next_meeting: NextMeeting | None = None
    warnings: list[RecognitionWarning] = field(default_factory=list)

    def warn(self, code, message, text=""):
        self.warnings.append(RecognitionWarning(code, message, text))

    def section(self, heading):
        return next((section for section in self.sections if section.heading == heading), None)

    @property
    def headings(self):
        return [section.heading for section in self.sections if section.heading]

    @property
    def unrecognised(self):
        return [warning for warning in self.warnings if warning.text]
