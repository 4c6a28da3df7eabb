"""The StreamField value of imported minutes: sections, rich text, exchanges, tables, quality
results, images, points of agreement, the next meeting and the signature.

Speakers who are not recorded persons are named as the publication rule for names allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.translation import gettext

from ..models import MeetingParticipant, ParticipantGroup
from . import recognised as r
from .document import ListBlock
from .french import fold
from .participants import CIVILITY, Composition, is_administration


def spans_html(spans):
    parts = []
    for span in spans:
        text = escape(span.text).replace("\n", "<br/>")
        if not text:
            continue
        if span.bold:
            text = f"<b>{text}</b>"
        if span.italic:
            text = f"<i>{text}</i>"
        if span.href and span.href.startswith(("http://", "https://")):
            text = f'<a href="{escape(span.href)}">{text}</a>'
        parts.append(text)
    return "".join(parts)


def list_html(block: ListBlock):
    tag = "ol" if block.ordered else "ul"
    items = []
    for item in block.items:
        children = list_html(item.children) if item.children else ""
        items.append(f"<li>{spans_html(item.spans)}{children}</li>")
    return f"<{tag}>{''.join(items)}</{tag}>"


def exchange_html(exchange, label):
    """An exchange whose speakers are not all recorded persons, as text: each speaker named by
    ``label(mention)``, the way the publication rule for names allows."""
    html = f"<p><b>{escape(label(exchange.speaker))}</b> {spans_html(exchange.statement)}</p>"
    html += "".join(_text_html(item, label) for item in exchange.more)
    if exchange.answers:
        answers = "".join(f"<li>{exchange_html(answer, label)}</li>" for answer in exchange.answers)
        html += f"<ul>{answers}</ul>"
    return html


def _text_html(item, label):
    if isinstance(item, r.Paragraph):
        return f"<p>{spans_html(item.spans)}</p>" if item.text.strip() else ""
    if isinstance(item, r.BulletList):
        return list_html(item.block)
    if isinstance(item, r.Exchange):
        return exchange_html(item, label)
    return ""


@dataclass
class UnmatchedSpeaker:
    written: str  # as the file writes them
    published_as: str  # what the draft says instead, by the publication rule for names


def listed_participant(mention, participants):
    """The participant of the minutes' lists a speaker is: same name, or same surname alone
    (« Monsieur LASGI ») when one participant only bears it."""
    folded = fold(mention.name or "")
    if not folded:
        return None
    named = [participant for participant in participants if participant.name]
    same = [participant for participant in named if fold(participant.name) == folded]
    if not same and " " not in folded:
        same = [participant for participant in named if fold(participant.name).split()[-1] == folded]
    return same[0] if len(same) == 1 else None


def public_speaker_label(mention, participants=()):
    """How the public may read a speaker who is not a recorded person: by name for a public agent,
    otherwise by function or as the representative of their organisation (no consent recorded).
    What the lists of participants say of them completes the mention."""
    listed = listed_participant(mention, participants)
    civility = mention.civility or (listed.civility if listed else "")
    function = mention.function or (listed.function if listed else "")
    organisation = mention.organisation or (listed.organisation if listed else "")
    row = MeetingParticipant(
        civility=CIVILITY.get(civility, ""),
        name=(listed.name if listed else mention.name) or "",
        function=function,
        organisation_name=organisation,
        group=ParticipantGroup.ADMINISTRATION
        if is_administration(function, organisation, listed.group if listed else "")
        else ParticipantGroup.OTHER,
    )
    return row.public_label


def table_value(table):
    covered = []
    for merge in table.merged:
        for row in range(merge["row"], merge["row"] + merge["rowspan"]):
            for col in range(merge["col"], merge["col"] + merge["colspan"]):
                if (row, col) != (merge["row"], merge["col"]):
                    covered.append({"row": row, "col": col, "hidden": True})
    return {
        "data": [list(row) for row in table.rows],
        "first_row_is_table_header": table.header_rows > 0,
        "first_col_is_header": False,
        "table_caption": "",
        "mergeCells": list(table.merged),
        "cell": covered,
    }


@dataclass
class BodyBuilder:
    """Builds the StreamField's raw value; images are saved only by ``save_image``."""

    composition: Composition
    participants: list = field(default_factory=list)  # the minutes' lists, to name speakers
    save_image: object = None  # callable(Image) -> image id, or None for a preview
    unmatched_speakers: list = field(default_factory=list)
    images: list = field(default_factory=list)

    def speaker(self, mention):
        return self.composition.person(mention.name, mention.organisation) if mention.name else None

    def speaker_label(self, mention):
        person = self.speaker(mention)
        if person is not None:
            return person.public_label
        label = public_speaker_label(mention, self.participants)
        if not any(speaker.written == mention.raw for speaker in self.unmatched_speakers):
            self.unmatched_speakers.append(UnmatchedSpeaker(mention.raw, label))
        return label

    def exchange(self, exchange):
        speaker = self.speaker(exchange.speaker)
        answers = [(self.speaker(answer.speaker), answer) for answer in exchange.answers]
        if speaker is None or any(person is None for person, _answer in answers):
            return None
        statement = f"<p>{spans_html(exchange.statement)}</p>" + "".join(
            _text_html(item, self.speaker_label) for item in exchange.more
        )
        return {
            "type": "exchange",
            "value": {
                "speaker": speaker.pk,
                "spoken_for": "",
                "statement": statement,
                "answers": [
                    {
                        "speaker": person.pk,
                        "statement": f"<p>{spans_html(answer.statement)}</p>"
                        + "".join(_text_html(item, self.speaker_label) for item in answer.more),
                    }
                    for person, answer in answers
                ],
            },
        }

    def blocks(self, items):
        blocks, text = [], []

        def flush():
            if text:
                blocks.append({"type": "paragraph", "value": "".join(text)})
                text.clear()

        for item in items:
            if isinstance(item, r.Exchange):
                block = self.exchange(item)
                if block is None:
                    text.append(exchange_html(item, self.speaker_label))
                    continue
            elif isinstance(item, r.Paragraph | r.BulletList):
                text.append(_text_html(item, self.speaker_label))
                continue
            elif isinstance(item, r.TableContent):
                block = {"type": "table", "value": table_value(item)}
            elif isinstance(item, r.QualityResults):
                block = {
                    "type": "quality_results",
                    "value": {
                        "title": gettext("Résultats des indicateurs qualité"),
                        "programme": "",
                        "summary": "",
                        "indicators": [
                            {
                                "label": indicator.label[:255],
                                "target": indicator.target[:255],
                                "result": indicator.result[:255],
                                "position": indicator.position,
                            }
                            for indicator in item.indicators
                        ],
                    },
                }
            elif isinstance(item, r.ImageContent):
                self.images.append(item)
                if self.save_image is None:
                    continue
                block = {
                    "type": "image",
                    "value": {
                        "image": self.save_image(item.image),
                        "alternative_text": item.image.alt_text[:255],
                        "caption": "",
                    },
                }
            elif isinstance(item, r.PointsOfAgreement):
                block = {
                    "type": "points_of_agreement",
                    "value": {"title": gettext("Principaux points d'accord"), "points": item.points},
                }
            else:
                continue
            flush()
            blocks.append(block)
        flush()
        return blocks

    def body(self, minutes):
        body = []
        for section in minutes.sections:
            content = self.blocks(section.items)
            if not section.heading:
                if all(block["type"] == "paragraph" for block in content):
                    body.extend(content)
                    continue
                heading = gettext("Préambule")
            else:
                heading = section.heading
            if content:
                body.append({"type": "section", "value": {"heading": heading[:255], "content": content}})
        if minutes.next_meeting is not None:
            next_meeting = minutes.next_meeting
            body.append(
                {
                    "type": "next_meeting",
                    "value": {
                        "planned_for": next_meeting.planned_for,
                        "date": next_meeting.date.isoformat() if next_meeting.date else None,
                        "notes": "",
                    },
                }
            )
        signature = minutes.signature
        if signature is not None and signature.name:
            body.append(
                {
                    "type": "signature",
                    "value": {
                        "formula": signature.formula,
                        "function": signature.function,
                        "name": signature.name,
                    },
                }
            )
        return body
