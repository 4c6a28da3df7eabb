"""Recognise the structure of prefecture minutes in a neutral document.

Written once for both readers, from the seeds' minutes (Loire-Atlantique 2023, Essonne 2020) and
the common layout of prefecture minutes: a letterhead, a header of labelled fields (« Objet : »,
« DATE : », « LIEU : », « Affaire suivie par »…), the agenda, the lists of participants, headed
sections (Word headings, or lines in capitals or in bold), exchanges between named speakers, tables
(a table of indicators becomes quality results), images, the points of agreement, the next meeting,
the signature and the annexes.

Nothing is lost: what is not understood stays as text in the sections and is listed as a
warning. Contact data of persons is dropped first, before anything is recognised.
"""

import re
from dataclasses import replace

from django.utils.translation import gettext

from ..constants import DEPARTEMENTS
from . import recognised as r
from .contacts import scrub_spans
from .document import (
    Break,
    Heading,
    Image,
    ListBlock,
    ListItem,
    Paragraph,
    Span,
    Table,
    block_text,
    list_text,
    spans_text,
)
from .french import (
    MONTH_NAMES,
    closing_time,
    find_dates,
    fold,
    fold_aligned,
    french_date,
    normalise_spaces,
    opening_time,
    parse_date,
    parse_month_year,
    parse_time_range,
)
from .people import (
    _CIVILITY,
    clean_line,
    is_function,
    leading_speaker,
    looks_like_name,
    parse_mention,
    split_civility,
)

TYPED_BULLET = re.compile(
    r"^\s*(?:[•·▪▫◦‣⁃●○■□►▸➢➤→⇒✓✔\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0e0\uf06e]|=>|->|[-–—*](?=\s))\s*"
)
SENTENCE_END = (".", "!", "?", ":", ";", "…", "»", ")", '"')

PARTICIPANT_LABELS = [
    (
        r"etaient (?:egalement )?presents?e?s?|etait presente?|membres presents|presents?e?s?"
        r"|participants?|liste des participants|liste des presents",
        r.Status.PRESENT,
    ),
    (r"etaient excuse?e?s|etait excusee?|excuse?e?s|membres excuses", r.Status.EXCUSED),
    (r"etaient absente?s|etait absente?|absente?s(?: non excuse?e?s)?", r.Status.ABSENT),
    (
        r"assistai(?:en)?t egalement|participai(?:en)?t egalement|egalement presents?e?s?|invite?e?s"
        r"|personnes invitees|autres participants",
        r.Status.ALSO_ATTENDING,
    ),
]
PARTICIPANT_LABEL_RES = [
    (re.compile(r"^(?:" + pattern + r")\b(?P<tail>[^:]{0,40})(?::\s*(?P<rest>.*))?$"), status)
    for pattern, status in PARTICIPANT_LABELS
]

FIELD_LABELS = {
    "subject": r"objet(?: de la reunion| de la seance)?",
    "date": r"date(?: de la reunion| de la seance)?",
    "place": r"lieu(?: de la reunion| de la seance)?",
    "hours": r"horaires?|heures?(?: de la reunion)?",
    "chair": r"presidence|presidee? par|president(?:e)? de (?:la )?seance",
    "agenda": r"ordre du jour",
    "attachments": r"p\.? ?j\.?|pieces? jointes?",
    "annexes": r"annexes?",
    "next_meeting": r"planning|prochaine reunion|prochaine seance|prochain (?:clu|cluac|comite)"
    r"|date de la prochaine (?:reunion|seance)",
    "points": r"(?:les )?(?:principaux )?points d'accord|releve de decisions|decisions prises|a retenir",
    "case_officer": r"affaire suivie par|dossier suivi par",
    "recipients": r"destinataires?",
}
FIELD_LABEL_RES = {
    field: re.compile(r"^(?:" + pattern + r")\s*(?:(?::|-|–)\s*(?P<value>.*))?$")
    for field, pattern in FIELD_LABELS.items()
}
# Labels whose value may follow without a colon.
LOOSE_LABEL_RES = {
    "case_officer": re.compile(r"^(?:affaire suivie par|dossier suivi par)\s*:?\s*(?P<value>.+)$"),
    "next_meeting": re.compile(
        r"^(?:le |la )?(?:prochaine? (?:reunion|seance|clu|cluac|comite))\b\s*:?\s*(?P<value>.+)$"
    ),
}

# « PRÉFET DE LA LOIRE-ATLANTIQUE », « Sous-préfecture de … »; not « La préfecture attend … ».
AUTHORITY = re.compile(
    r"^(?:(?:le |la )?(?:prefete?|sous-prefete?)|prefecture|sous-prefecture|republique francaise)\b"
    r"(?!.*\.$)"
)
SERVICE_WORDS = {
    "secretariat",
    "cellule",
    "direction",
    "service",
    "bureau",
    "pole",
    "mission",
    "cabinet",
    "unite",
    "division",
    "delegation",
    "plateforme",
    "sgcd",
    "sgc",
}
WRITTEN_AT = re.compile(r"^(?P<place>[A-ZÀ-Ý][\w'’ .-]{1,60}?)\s*,?\s+le\s+(?P<date>.+)$")
TITLE = re.compile(r"^(?:compte[- ]?rendu|proces[- ]verbal|releve de (?:decisions|conclusions)|synthese)\b")
RECIPIENTS = re.compile(r"^a (?:mesdames|madame|messieurs|monsieur|mmes|mm\b|tous|toutes|l'ensemble)")
MEETING_WORDS = re.compile(r"\b(?:reunion|seance|comite|clu|cluac|s'est tenue?)\b")
SIGNATURE_START = re.compile(
    r"^(?:pour (?:le|la|madame la|monsieur le) (?:prefete?|sous-prefete?)\b"
    r"|p/?\s?(?:le|la) (?:prefete?|sous-prefete?)\b|par delegation\b"
    r"|(?:le|la) (?:prefete?|sous-prefete?|secretaire generale?)(?: de [^,]{0,60})?,?$)"
)
ANNEX_REFERENCE = re.compile(
    r"\bannexe\s+(?P<number>\d{1,2})\s*[-–—:]\s*(?P<title>[^()\n;]+?)"
    r"(?=\s*[-–—]\s*p\.?\s*\d|\s*[()\n;]|\.?\s*$|\.\s)",
    re.IGNORECASE,
)
ANNEX_HEADING = re.compile(r"^annexe\s+(?P<number>\d{1,2})\b\s*[-–—:]?\s*(?P<title>.*)$", re.IGNORECASE)
CHAIR_UNDER = re.compile(r"\bsous la presidence d(?:e |')")
# The chair's mention ends with the sentence (not at « M. »), a bracket or « , en présence de… ».
CHAIR_END = re.compile(r"(?<!\bM)(?<!\bDr)\.(?:\s|$)|[;(]|,\s+(?:en|avec|qui|dans|au|a|à|pour)\s")
CHAIR_BY = re.compile(r"\bpresidee? par\s+")
CHAIR_NAMED_OPENS = re.compile(
    r"^(?P<who>[^,]{3,80}),\s*(?P<function>(?:le|la)\s+[^,]+?),\s*(?:ouvre|a ouvert|ouvrent)\s+la\s+seance"
)
CHAIR_OPENS = re.compile(
    r"^(?P<who>(?:monsieur|madame|m\.|mme)\s+.{2,80}?)\s+(?:ouvre|a ouvert)\s+la\s+seance"
)
MEETING_DATE_CONTEXT = re.compile(
    r"(?:s'est tenue?|s'est reuni|se sont reunis|reunion du|seance du|comite[^.]{0,80}? du)\s+(?:le\s+)?"
)
POSITION_WORDS = [
    ("below", ("en dessous", "en-dessous", "inferieur", "non atteint", "non conforme", "en deca")),
    ("at", ("a la limite", "limite", "proche")),
    ("above", ("au-dessus", "au dessus", "superieur", "depasse", "atteint", "conforme")),
]
_DEPARTEMENT_NAMES = sorted(
    ((fold(name).replace("-", " "), code) for code, name in DEPARTEMENTS.items()),
    key=lambda item: -len(item[0]),
)


def _label_text(text):
    return fold(text.replace("\n", " ")).strip()


def participants_label(text):
    folded = _label_text(text)
    if len(folded) > 200:
        return None
    for pattern, status in PARTICIPANT_LABEL_RES:
        match = pattern.match(folded)
        if match and (match["rest"] is not None or not match["tail"].strip()):
            offset = len(folded) - len(match["rest"]) if match["rest"] else None
            rest = normalise_spaces(text.replace("\n", " "))[offset:].strip() if offset else ""
            return status, rest
    return None


def field_label(text):
    flat = normalise_spaces(text.replace("\n", " "))
    folded = fold(flat)
    for field, pattern in FIELD_LABEL_RES.items():
        match = pattern.match(folded)
        if match:
            value = flat[match.start("value") :].strip() if match["value"] else ""
            return field, value
    for field, pattern in LOOSE_LABEL_RES.items():
        match = pattern.match(folded)
        if match:
            return field, flat[match.start("value") :].strip()
    return None


def _strip_heading(text):
    return normalise_spaces(text.replace("\n", " ")).rstrip(" :").strip()


def _tidy_spans(spans):
    """Collapse runs of spaces (inside and across spans), trim the ends; keep line breaks."""
    tidied = []
    for span in spans:
        text = re.sub(r"[ \t\u00a0\u202f]{2,}", " ", span.text.replace("\t", " "))
        if tidied and tidied[-1].text.endswith((" ", "\n")) and text.startswith(" "):
            text = text.lstrip(" ")
        if text:
            tidied.append(replace(span, text=text))
    while tidied and not tidied[0].text.strip():
        tidied.pop(0)
    while tidied and not tidied[-1].text.strip():
        tidied.pop()
    if tidied:
        tidied[0] = replace(tidied[0], text=tidied[0].text.lstrip())
        tidied[-1] = replace(tidied[-1], text=tidied[-1].text.rstrip())
    return tidied


def _cut_spans(spans, offset):
    """The spans from character ``offset`` on."""
    kept, position = [], 0
    for span in spans:
        end = position + len(span.text)
        if end > offset:
            kept.append(replace(span, text=span.text[max(0, offset - position) :]))
        position = end
    return kept


def _strip_leading(spans, characters):
    spans = list(spans)
    while spans:
        text = spans[0].text.lstrip(characters)
        if text:
            spans[0] = replace(spans[0], text=text)
            return spans
        spans.pop(0)
    return spans


def _all_bold(spans):
    visible = [span for span in spans if span.text.strip()]
    return bool(visible) and all(span.bold for span in visible)


def _capitalised(text):
    return text[:1].upper() + text[1:] if text else text


class _Recogniser:
    def __init__(self, document):
        self.document = document
        self.result = r.RecognisedMinutes(source_format=document.source_format)
        self.phase = "header"
        self.current = None
        self.structure_found = False
        self.leftovers = []
        self.dates = []  # (priority, date): the lower, the surer
        self.hours = []  # (priority, start, end)
        self.annexes = {}

    # Entry point.

    def run(self):
        for notice in self.document.notices:
            self.result.warn(notice.code, notice.message)
        for block in self.prepare(self.document.header):
            self.page_header(block)
        for block in self.prepare(self.document.footer):
            text = block_text(block).strip()
            if text:
                self.result.letterhead.footer.append(normalise_spaces(text.replace("\n", " – ")))
        blocks = self.prepare(self.document.blocks)
        index = 0
        while index < len(blocks):
            index = self.step(blocks, index)
        self.finish()
        return self.result

    # Preparation: contact data out, spaces tidied, broken lines joined, typed bullets as lists.

    def prepare(self, blocks):
        prepared = []
        for block in blocks:
            block = self.scrub(block)
            if isinstance(block, Paragraph | Heading):
                block = replace(block, spans=_tidy_spans(block.spans))
                if not block.text.strip():
                    continue
            prepared.append(block)
        return self._typed_bullets(self._join_broken_lines(prepared))

    def scrub(self, block):
        if isinstance(block, Paragraph | Heading):
            spans, kinds = scrub_spans(block.spans)
            if kinds:
                self._contact_warning(kinds, spans_text(spans))
            return replace(block, spans=spans)
        if isinstance(block, ListBlock):
            return ListBlock(ordered=block.ordered, items=[self._scrub_item(item) for item in block.items])
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    cell.blocks = [self.scrub(inner) for inner in cell.blocks]
            return block
        return block

    def _scrub_item(self, item):
        spans, kinds = scrub_spans(item.spans)
        if kinds:
            self._contact_warning(kinds, spans_text(spans))
        children = self.scrub(item.children) if item.children else None
        return ListItem(spans=_tidy_spans(spans), children=children)

    def _contact_warning(self, kinds, context):
        what = {
            frozenset({"email"}): gettext("une adresse électronique"),
            frozenset({"phone"}): gettext("un numéro de téléphone"),
        }.get(frozenset(kinds), gettext("des adresses électroniques et numéros de téléphone"))
        context = normalise_spaces(context.replace("\n", " "))
        self.result.warn(
            "contact_removed",
            gettext("Coordonnées personnelles retirées (%(what)s) : « %(context)s ».")
            % {"what": what, "context": (context[:80] + "…") if len(context) > 80 else context},
        )

    def _join_broken_lines(self, blocks):
        joined = []
        for block in blocks:
            previous = joined[-1] if joined else None
            if (
                isinstance(block, Paragraph)
                and isinstance(previous, Paragraph)
                and block.text[:1].islower()
                and not previous.text.rstrip().endswith(SENTENCE_END)
                and "\n" not in previous.text
            ):
                joined[-1] = replace(previous, spans=_tidy_spans([*previous.spans, Span(" "), *block.spans]))
            else:
                joined.append(block)
        return joined

    def _typed_bullets(self, blocks):
        result = []
        typed = None  # the list being built from paragraphs with a bullet typed by hand
        for block in blocks:
            match = TYPED_BULLET.match(block.text) if isinstance(block, Paragraph) else None
            if not match:
                result.append(block)
                typed = None
                continue
            spans = _tidy_spans(_cut_spans(block.spans, match.end()))
            if not spans:
                continue
            if typed is None:
                typed = ListBlock(ordered=False)
                result.append(typed)
            typed.items.append(ListItem(spans=spans))
        return result

    # The walk.

    def step(self, blocks, index):
        block = blocks[index]
        if isinstance(block, Break):
            return index + 1
        if isinstance(block, Image):
            if self.phase == "header" and self.current is None:
                self.result.letterhead.logos.append(block)
            else:
                self.add_image(block)
            return index + 1
        if isinstance(block, Table):
            self.table(block, r.Status.PRESENT)
            return index + 1
        if isinstance(block, ListBlock):
            return self.list_block(blocks, index)
        text = block.text
        found = participants_label(text)
        if found:
            return self.participants(blocks, index, *found, heading=isinstance(block, Heading))
        found = field_label(text)
        if found and self._field_applies(found[0]):
            return self.labelled(blocks, index, *found)
        if self.is_signature_start(text):
            return self.signature(blocks, index)
        if self.phase == "header" and self.header_line(text):
            return index + 1
        if isinstance(block, Heading) or self.is_pseudo_heading(block):
            return self.heading(blocks, index)
        self.paragraph(block, in_header=self.phase == "header")
        return index + 1

    def _field_applies(self, field):
        header = self.result.header
        already = {
            "subject": bool(header.subject),
            "date": any(priority == 1 for priority, _ in self.dates),
            "place": bool(header.meeting_place),
            "chair": header.chair is not None,
            "case_officer": bool(header.case_officer),
            "recipients": bool(header.recipients),
            "next_meeting": self.result.next_meeting is not None,
        }
        return not already.get(field, False)

    def add(self, item):
        if self.current is None:
            self.current = r.Section(heading="", level=0)
            self.result.sections.append(self.current)
        self.current.items.append(item)

    def start_section(self, heading, level):
        self.phase = "body"
        self.structure_found = True
        self.current = r.Section(heading=heading, level=level)
        self.result.sections.append(self.current)

    def add_image(self, image):
        content = r.ImageContent(image)
        if content.needs_alt_text:
            self.result.warn(
                "missing_alt_text",
                gettext("Image « %(name)s » sans texte alternatif : à renseigner (ou à marquer décorative).")
                % {"name": image.filename},
            )
        self.add(content)

    # The letterhead and the header.

    def page_header(self, block):
        if isinstance(block, Image):
            self.result.letterhead.logos.append(block)
            return
        text = block_text(block)
        if not text.strip():
            return
        if not self.header_line(text):
            found = field_label(text)
            if found and found[0] not in ("agenda", "points", "annexes"):
                self.labelled([block], 0, *found)
            else:
                self.result.letterhead.lines.append(normalise_spaces(text.replace("\n", " ")))
                self.result.warn(
                    "unrecognised",
                    gettext("Ligne d'en-tête de page non reconnue, gardée dans l'en-tête : « %(text)s ».")
                    % {"text": normalise_spaces(text)},
                    text=normalise_spaces(text),
                )

    def header_line(self, text):
        flat = normalise_spaces(text.replace("\n", " "))
        folded = fold(flat)
        letters = re.sub(r"[^a-z]", "", folded)
        letterhead = self.result.letterhead
        header = self.result.header
        if letters == "liberteegalitefraternite":
            return True
        if AUTHORITY.match(folded) and len(flat) <= 100:
            self.letterhead_authority(flat)
            return True
        first_word = folded.split()[0] if folded.split() else ""
        if first_word in SERVICE_WORDS and len(flat) <= 120 and not flat.endswith("."):
            letterhead.services.append(flat)
            letterhead.lines.append(flat)
            self.structure_found = True
            return True
        match = WRITTEN_AT.match(flat)
        if match and not header.written_on and len(flat) <= 100:
            date = parse_date(match["date"])
            if date:
                header.written_at, header.written_on = match["place"].strip(), date
                self.structure_found = True
                return True
        if TITLE.match(folded) and len(flat) <= 150 and not header.title:
            header.title = flat
            self._date_candidate(flat, 3)
            self.structure_found = True
            return True
        if RECIPIENTS.match(folded) and len(flat) <= 150 and not header.recipients:
            header.recipients = flat
            self.structure_found = True
            return True
        if len(flat) <= 150 and MEETING_WORDS.search(folded) and find_dates(flat) and not header.subject:
            header.subject = flat
            self._date_candidate(flat, 2)
            self.structure_found = True
            return True
        return False

    def letterhead_authority(self, flat):
        letterhead = self.result.letterhead
        flat = re.sub(r"(\w)- (\w)", r"\1-\2", flat)
        folded = fold(flat)
        letterhead.lines.append(flat)
        self.structure_found = True
        if "sous-prefe" in folded:
            letterhead.kind = "sub_prefecture"
            match = re.search(r"sous-prefecture (?:de |d'|du |des )", folded)
            if match:
                letterhead.sub_prefecture = flat[match.end() :].strip()
        elif not letterhead.kind and "republique" not in folded:
            letterhead.kind = "prefecture"
        if not letterhead.authority and "republique" not in folded:
            letterhead.authority = flat
        if not letterhead.departement:
            spaced = " " + re.sub(r"[-']", " ", folded) + " "
            for name, code in _DEPARTEMENT_NAMES:
                if f" {name} " in spaced and "sous-prefecture" not in folded.split(name)[0][-20:]:
                    letterhead.departement = code
                    break

    def _date_candidate(self, text, priority):
        date = parse_date(text)
        if date:
            self.dates.append((priority, date))

    # Labelled fields: « Objet : », « DATE : », « ORDRE DU JOUR : »…

    def _next_value(self, blocks, index):
        """The value of a label written alone on its line: the next paragraph's text."""
        following = index + 1
        while following < len(blocks) and isinstance(blocks[following], Break):
            following += 1
        if following < len(blocks) and isinstance(blocks[following], Paragraph | Heading):
            text = blocks[following].text
            if not field_label(text) and not participants_label(text):
                return normalise_spaces(text.replace("\n", " ")), following + 1
        return "", index + 1

    def labelled(self, blocks, index, field, value):
        self.structure_found = True
        if field in ("agenda", "points", "attachments", "annexes"):
            return self.collect_list(blocks, index, field, value)
        following = index + 1
        if not value:
            value, following = self._next_value(blocks, index)
        header = self.result.header
        if field == "subject":
            header.subject = value
            self._date_candidate(value, 2)
        elif field == "date":
            date = parse_date(value)
            if date:
                self.dates.append((1, date))
            hours = parse_time_range(value)
            if hours:
                self.hours.append((1, *hours))
        elif field == "place":
            header.meeting_place = value
        elif field == "hours":
            hours = parse_time_range(value)
            if hours:
                self.hours.append((1, *hours))
            else:
                self.result.warn(
                    "unrecognised",
                    gettext("Horaires non compris : « %(text)s ».") % {"text": value},
                    text=value,
                )
        elif field == "chair":
            header.chair = parse_mention(value)
        elif field == "case_officer":
            mention = parse_mention(value)
            header.case_officer = mention.name or value
        elif field == "recipients":
            header.recipients = value
        elif field == "next_meeting":
            self.next_meeting(value)
        return following

    def collect_list(self, blocks, index, field, value):
        """The lines that follow a list label, up to the next heading or label."""
        lines = []
        if value:
            separators = r"\s*[;,]\s*" if field in ("attachments", "annexes") else r"\s*;\s*"
            lines.extend(part for part in re.split(separators, value) if part.strip())
        following = index + 1
        while following < len(blocks):
            block = blocks[following]
            if isinstance(block, Break):
                following += 1
                continue
            if isinstance(block, ListBlock):
                lines.extend(self._list_lines(block))
            elif isinstance(block, Paragraph) and self._ends_collection(block):
                break
            elif isinstance(block, Paragraph):
                lines.append(normalise_spaces(block.text.replace("\n", " ")))
            else:
                break
            following += 1
        lines = [clean_line(line) for line in lines if clean_line(line)]
        heading = _strip_heading(blocks[index].text.split(":")[0]) if ":" in blocks[index].text else ""
        heading = heading or _strip_heading(blocks[index].text)
        if field == "agenda":
            self.result.agenda.extend(lines)
        elif field == "points":
            self.start_section(heading, 2)
            self.add(r.PointsOfAgreement(points=lines))
        else:
            for line in lines:
                if field == "attachments":
                    self.result.header.attachments.append(line)
                match = ANNEX_HEADING.match(line)
                if match and match["title"]:
                    self._annex(int(match["number"]), match["title"])
                elif field == "annexes":
                    self.annexes.setdefault(("title", fold(line)), r.Annex(None, _capitalised(line)))
        return following

    def _ends_collection(self, block):
        text = block.text
        return (
            bool(field_label(text) or participants_label(text) or self.is_signature_start(text))
            or self.is_pseudo_heading(block)
            or len(text) > 300
        )

    def _ends_section(self, block):
        text = block.text
        return bool(
            field_label(text) or participants_label(text) or self.is_signature_start(text)
        ) or self.is_pseudo_heading(block)

    def _list_lines(self, block, prefix=""):
        lines = []
        for item in block.items:
            text = normalise_spaces(item.text.replace("\n", " "))
            if text:
                lines.append(f"{prefix}{text}")
            if item.children:
                lines.extend(self._list_lines(item.children, prefix=f"{prefix}{text} – " if text else prefix))
        return lines

    # Headings and sections.

    def is_pseudo_heading(self, block):
        """A line in capitals, or a short line all in bold, that the author used as a heading."""
        if not isinstance(block, Paragraph):
            return False
        text = block.text.strip()
        if not 2 < len(text) <= 150 or "\n" in text or text.endswith((".", ";", ",")):
            return False
        letters = [char for char in text if char.isalpha()]
        if len(letters) >= 4 and all(char.isupper() for char in letters):
            return True
        return _all_bold(block.spans) and len(text) <= 120 and not _CIVILITY.match(text)

    def heading(self, blocks, index):
        block = blocks[index]
        text = _strip_heading(block.text)
        level = block.level if isinstance(block, Heading) else 2
        annex = ANNEX_HEADING.match(text)
        if annex:
            title = annex["title"].strip(" -–—:")
            if title:
                self._annex(int(annex["number"]), title)
                found = participants_label(title)
                if found:
                    return self.participants(blocks, index, found[0], "", heading=True)
        self.start_section(text, level)
        return index + 1

    # Paragraphs and what they tell on the way (chair, hours, dates, annexes).

    def paragraph(self, block, in_header=False):
        text = normalise_spaces(block.text.replace("\n", " "))
        if in_header and len(text) <= 100 and not text.endswith("."):
            self.leftovers.append(text)
        else:
            self.phase = "body"
        self.scan(text)
        exchange = self.exchange(block.spans) if block.spans and block.spans[0].bold else None
        self.add(exchange or r.Paragraph(spans=block.spans))

    def scan(self, text):
        folded = fold_aligned(text)
        header = self.result.header
        if header.chair is None:
            header.chair = self._chair(text, folded)
        start, end = opening_time(text), closing_time(text)
        if start:
            self.hours.append((3, start, None))
        if end:
            self.hours.append((3, None, end))
        if MEETING_WORDS.search(folded):
            hours = parse_time_range(text)
            if hours:
                self.hours.append((2, *hours))
        match = MEETING_DATE_CONTEXT.search(folded)
        if match:
            self._date_candidate(text[match.end() : match.end() + 40], 4)
        for reference in ANNEX_REFERENCE.finditer(text):
            self._annex(int(reference["number"]), reference["title"])

    def _annex(self, number, title):
        title = _capitalised(normalise_spaces(title).strip(" -–—:,."))
        if title and ("number", number) not in self.annexes:
            self.annexes[("number", number)] = r.Annex(number, title)

    def _chair(self, text, folded):
        match = CHAIR_UNDER.search(folded) or CHAIR_BY.search(folded)
        if match:
            who = CHAIR_END.split(text[match.end() :])[0]
            mention = parse_mention(who)
            return mention if mention.is_person or mention.function else None
        match = CHAIR_NAMED_OPENS.match(folded)
        if match:
            mention = parse_mention(text[match.start("who") : match.end("who")])
            mention.function = re.sub(
                r"^(?:le|la)\s+", "", text[match.start("function") : match.end("function")]
            )
            return mention
        match = CHAIR_OPENS.match(folded)
        if match:
            return parse_mention(text[match.start("who") : match.end("who")])
        return None

    # Exchanges: « **Name, organisation** s'étonne… » and its nested answers.

    def exchange(self, spans, children=None):
        lead = ""
        for span in spans:
            if not span.bold:
                break
            lead += span.text
        mention = statement = None
        if lead.strip() and len(lead) <= 160 and len(lead) < len(spans_text(spans)):
            candidate = parse_mention(lead.strip().rstrip(",:;–-").strip())
            if (
                candidate.name
                and (candidate.civility or looks_like_name(candidate.name))
                or (candidate.civility and candidate.function)
            ):
                mention = candidate
                statement = _strip_leading(_cut_spans(spans, len(lead)), " ,:;–-")
        if mention is None:
            found = leading_speaker(spans_text(spans))
            if found:
                mention, offset = found
                statement = _cut_spans(spans, offset)
        if mention is None or not spans_text(statement or []).strip():
            return None
        exchange = r.Exchange(speaker=mention, statement=_tidy_spans(statement))
        if children:
            others = []
            for child in children.items:
                answer = self.exchange(child.spans, child.children)
                if answer:
                    exchange.answers.append(answer)
                else:
                    others.append(child)
            if others:
                exchange.more.append(r.BulletList(ListBlock(ordered=children.ordered, items=others)))
        return exchange

    def list_block(self, blocks, index):
        block = blocks[index]
        self.phase = "body"
        plain = []
        last_exchange = None
        for item in block.items:
            self.scan(normalise_spaces(list_text(ListBlock(False, [item])).replace("\n", " ")))
            exchange = self.exchange(item.spans, item.children)
            if exchange:
                if plain:
                    self.add(r.BulletList(ListBlock(ordered=block.ordered, items=plain)))
                    plain = []
                self.add(exchange)
                last_exchange = exchange
            else:
                plain.append(item)
                last_exchange = None
        if plain:
            self.add(r.BulletList(ListBlock(ordered=block.ordered, items=plain)))
        following = index + 1
        if last_exchange is None:
            return following
        # Paragraphs between two exchange items belong to the first one (« Il est indiqué… »).
        end = following
        while (
            end < len(blocks) and isinstance(blocks[end], Paragraph) and not self._ends_section(blocks[end])
        ):
            end += 1
        if end > following and end < len(blocks) and isinstance(blocks[end], ListBlock):
            first = blocks[end].items[0] if blocks[end].items else None
            if first is not None and self.exchange(first.spans):
                for paragraph in blocks[following:end]:
                    self.scan(paragraph.text)
                    last_exchange.more.append(r.Paragraph(spans=paragraph.spans))
                return end
        return following

    # Participants.

    def participants(self, blocks, index, status, rest, heading=False):
        self.structure_found = True
        self.phase = "body"
        self.current = None
        group = ""
        for part in self._split_inline(rest):
            self.add_participant(part, group, status)
        following = index + 1
        base_level = blocks[index].level if isinstance(blocks[index], Heading) else None
        while following < len(blocks):
            block = blocks[following]
            if isinstance(block, Break):
                following += 1
                continue
            if isinstance(block, ListBlock):
                self.participants_from_list(block, group, status)
            elif isinstance(block, Table):
                if not self.participants_table(block, status):
                    break
            elif isinstance(block, Paragraph | Heading):
                text = block.text
                if participants_label(text) or field_label(text) or self.is_signature_start(text):
                    break
                if isinstance(block, Heading) and (base_level is None or block.level <= base_level):
                    break
                if self.is_group_label(block):
                    group = _strip_heading(text)
                elif self.is_participant_line(text):
                    for part in self._split_inline(text):
                        self.add_participant(part, group, status)
                else:
                    break
            else:
                break
            following += 1
        return following

    def is_participant_line(self, text):
        """A line of a participant list, not the sentence that follows the list."""
        text = normalise_spaces(text.replace("\n", " "))
        if len(text) > 250:
            return False
        mention = parse_mention(text)
        if mention.civility or mention.name or is_function(text):
            return True
        return len(text.split()) <= 8 and not text.endswith(".")

    def is_group_label(self, block):
        text = normalise_spaces(block.text.replace("\n", " "))
        if isinstance(block, Heading):
            return True
        mention = parse_mention(text.rstrip(" :"))
        if mention.civility or mention.name:
            return False
        letters = [char for char in text if char.isalpha()]
        return (
            text.endswith(":")
            or (_all_bold(block.spans) and len(text) <= 100)
            or (len(letters) >= 4 and all(char.isupper() for char in letters))
        )

    def _split_inline(self, text):
        parts = []
        for part in re.split(r"\s*;\s*|\n", text or ""):
            parts.extend(re.split(r",\s+(?=(?:M\.|Mme|Mlle|Monsieur|Madame)\s)", part))
        return [part for part in (clean_line(part) for part in parts) if part]

    def add_participant(self, text, group, status):
        mention = parse_mention(text)
        if not (mention.name or mention.function or mention.organisation):
            return
        if not mention.is_person and len(mention.organisation.split()) > 10:
            self.result.warn(
                "unrecognised",
                gettext("Participant non compris, gardé tel quel : « %(text)s ».") % {"text": mention.raw},
                text=mention.raw,
            )
        self.result.participants.append(
            r.Participant(
                raw=mention.raw,
                name=mention.name,
                civility=mention.civility,
                function=mention.function,
                organisation=mention.organisation,
                group=group,
                status=status,
            )
        )

    def participants_from_list(self, block, group, status):
        for item in block.items:
            text = normalise_spaces(item.text.replace("\n", " "))
            mention = parse_mention(text.rstrip(" :")) if text else None
            is_label = bool(text) and not (mention.civility or mention.name)
            if item.children and (is_label or not text):
                inner = " – ".join(part for part in (group, _strip_heading(text)) if part)
                self.participants_from_list(item.children, inner, status)
                continue
            if text.endswith(":") and is_label:
                group = _strip_heading(text)
                continue
            for part in self._split_inline(text):
                self.add_participant(part, group, status)
            if item.children:
                self.participants_from_list(item.children, group, status)

    # Tables: participants, quality results, or a table as it is.

    def table(self, table, status):
        self.phase = "body"
        grid = [
            [normalise_spaces(cell.text.replace("\n", " ")) if not cell.covered else "" for cell in row]
            for row in table.rows
        ]
        for row in grid:
            for text in row:
                self.scan(text)
        if self.participants_table(table, status):
            return
        quality = self.quality_results(grid)
        if quality:
            self.add(quality)
            return
        header_rows = table.header_rows
        if (
            not header_rows
            and table.rows
            and all(
                cell.covered
                or not cell.text
                or all(_all_bold(b.spans) for b in cell.blocks if hasattr(b, "spans"))
                for cell in table.rows[0]
            )
            and any(cell.text for cell in table.rows[0])
        ):
            header_rows = 1
        merged = [
            {"row": row_index, "col": col_index, "rowspan": cell.row_span, "colspan": cell.col_span}
            for row_index, row in enumerate(table.rows)
            for col_index, cell in enumerate(row)
            if not cell.covered and (cell.row_span > 1 or cell.col_span > 1)
        ]
        self.add(r.TableContent(rows=grid, header_rows=header_rows, merged=merged))

    def quality_results(self, grid):
        if len(grid) < 2:
            return None
        header = [fold(cell) for cell in grid[0]]

        def column(*words):
            return next((i for i, cell in enumerate(header) if any(word in cell for word in words)), None)

        label = column("indicateur", "engagement", "critere")
        target = column("cible", "objectif", "seuil", "attendu")
        result = next(
            (
                i
                for i, cell in enumerate(header)
                if i not in (label, target)
                and (
                    any(word in cell for word in ("resultat", "realise", "constate", "mesure", "obtenu"))
                    or re.search(r"\b20\d\d\b", cell)
                )
            ),
            None,
        )
        if label is None or target is None or result is None:
            return None
        position = column("position", "situation", "atteinte", "statut", "evaluation")
        others = [i for i in range(len(header)) if i not in (label, target, result, position)]
        indicators = []
        for row in grid[1:]:
            if not any(row) or not row[label]:
                continue
            cell = row.__getitem__
            indicators.append(
                r.Indicator(
                    label=cell(label),
                    target=cell(target),
                    result=cell(result),
                    position=self._position(cell(position)) if position is not None else "",
                    notes=" ; ".join(f"{grid[0][i]} : {row[i]}" for i in others if i < len(row) and row[i]),
                )
            )
        return r.QualityResults(indicators=indicators, headers=list(grid[0])) if indicators else None

    def _position(self, value):
        folded = fold(value)
        for position, words in POSITION_WORDS:
            if any(word in folded for word in words):
                return position
        return ""

    def participants_table(self, table, status):
        grid = [[normalise_spaces(cell.text.replace("\n", " ")) for cell in row] for row in table.rows]
        if len(grid) < 2:
            return False
        header = [fold(cell) for cell in grid[0]]

        def column(*words, exact=()):
            return next(
                (
                    i
                    for i, cell in enumerate(header)
                    if cell in exact or any(re.search(rf"\b{word}\b", cell) for word in words)
                ),
                None,
            )

        name = column("nom", "participants?", "identite", "nom et prenom", "prenom et nom")
        first_name = column(exact=("prenom",))
        if first_name == name:
            first_name = None
        civility = column("civilite")
        function = column("fonction", "qualite", "titre")
        organisation = column(
            "organisme", "structure", "association", "organisation", "institution", "service"
        )
        group = column("college", "categorie", "groupe")
        presence = column("presence", "statut", "present/excuse")
        marks = {
            r.Status.PRESENT: column(exact=("present", "presente", "presents", "presentes")),
            r.Status.EXCUSED: column(exact=("excuse", "excusee", "excuses", "excusees")),
            r.Status.ABSENT: column(exact=("absent", "absente", "absents", "absentes")),
        }
        if name is None and not (function is not None and organisation is not None):
            return False
        self.structure_found = True
        current_group = ""
        for row in grid[1:]:
            filled = [text for text in row if text]
            if not filled:
                continue
            if len(filled) == 1 and row[0] and len(row) > 1:
                current_group = _strip_heading(row[0])
                continue

            def cell(i, row=row):
                return row[i] if i is not None and i < len(row) else ""

            civ, full_name = split_civility(cell(name))
            civ = civ or split_civility(cell(civility) + " X")[0]
            if first_name is not None and cell(first_name):
                full_name = f"{cell(first_name)} {full_name}".strip()
            row_status = status
            if presence is not None and cell(presence):
                found = participants_label(cell(presence))
                row_status = found[0] if found else row_status
            for mark_status, index in marks.items():
                if index is not None and cell(index).strip():
                    row_status = mark_status
            mention_name = full_name or None
            self.result.participants.append(
                r.Participant(
                    raw=" – ".join(filled),
                    name=mention_name,
                    civility=civ,
                    function=cell(function),
                    organisation=cell(organisation),
                    group=cell(group) or current_group,
                    status=row_status,
                )
            )
        return True

    # The end of the minutes: signature and next meeting.

    def is_signature_start(self, text):
        first_line = normalise_spaces(text.split("\n")[0])
        return len(first_line) <= 120 and bool(SIGNATURE_START.match(fold(first_line)))

    def signature(self, blocks, index):
        lines = [normalise_spaces(line) for line in blocks[index].text.split("\n") if line.strip()]
        following = index + 1
        while following < len(blocks) and len(lines) < 5:
            block = blocks[following]
            if isinstance(block, Break):
                following += 1
                continue
            if not isinstance(block, Paragraph | Heading) or len(block.text) > 100:
                break
            if field_label(block.text) or participants_label(block.text):
                break
            lines.extend(normalise_spaces(line) for line in block.text.split("\n") if line.strip())
            following += 1
            if self._signature_name(lines[-1]):
                break
        signature = r.Signature()
        rest = lines
        if re.match(r"^(?:pour|p/|par delegation)", fold(lines[0])):
            signature.formula, rest = lines[0], lines[1:]
        for line in rest:
            if not signature.function and re.match(r"^(?:le|la|l')\s", fold(line)):
                signature.function = line.rstrip(" ,")
            elif not signature.name and self._signature_name(line):
                signature.name = line
        if not (signature.function or signature.name):
            self.paragraph(blocks[index])
            return index + 1
        self.structure_found = True
        self.result.signature = signature
        return following

    def _signature_name(self, line):
        civility, rest = split_civility(line)
        words = rest.split()
        return (
            looks_like_name(rest, bool(civility))
            or (
                1 <= len(words) <= 4
                and all(word[:1].isupper() for word in words)
                and any(w.isupper() for w in words)
            )
            and not re.match(r"^(?:le|la|l')\s", fold(line))
        )

    def next_meeting(self, value):
        value = re.sub(
            r"^(?:le |la )?prochaine? (?:reunion|seance|clu|cluac|comite)\b\s*",
            "",
            value,
            flags=re.IGNORECASE,
        )
        folded_value = fold(value)
        value = value[len(folded_value) - len(folded_value.lstrip()) :]
        date = parse_date(value)
        month_year = parse_month_year(value)
        if date:
            meeting = r.NextMeeting(
                planned_for=french_date(date), date=date, year=date.year, month=date.month
            )
        elif month_year:
            year, month = month_year
            meeting = r.NextMeeting(planned_for=f"{MONTH_NAMES[month - 1]} {year}", year=year, month=month)
        else:
            meeting = r.NextMeeting(planned_for=clean_line(value))
        self.result.next_meeting = meeting

    # Conclusions.

    def finish(self):
        header = self.result.header
        if self.dates:
            header.meeting_date = min(self.dates, key=lambda item: item[0])[1]
        starts = sorted((p, start) for p, start, _ in self.hours if start)
        ends = sorted((p, end) for p, _, end in self.hours if end)
        header.start_time = starts[0][1] if starts else None
        header.end_time = ends[0][1] if ends else None
        numbered = sorted(
            (annex for key, annex in self.annexes.items() if key[0] == "number"), key=lambda a: a.number
        )
        titled = [annex for key, annex in self.annexes.items() if key[0] == "title"]
        self.result.annexes = numbered + titled
        if not self.structure_found:
            self.result.warn(
                "no_structure",
                gettext(
                    "Aucune structure de compte-rendu n'a été reconnue (en-tête, titres, participants) : "
                    "tout le texte est repris tel quel dans une seule section, à découper."
                ),
            )
            return
        for text in self.leftovers:
            self.result.warn(
                "unrecognised",
                gettext("Ligne non reconnue au début du document, gardée comme texte : « %(text)s ».")
                % {"text": text},
                text=text,
            )
        if header.meeting_date is None:
            self.result.warn("missing_meeting_date", gettext("La date de la réunion n'a pas été trouvée."))
        if not header.subject:
            self.result.warn("missing_subject", gettext("L'objet du compte-rendu n'a pas été trouvé."))


def recognise(document):
    """The RecognisedMinutes of a neutral Document."""
    return _Recogniser(document).run()
