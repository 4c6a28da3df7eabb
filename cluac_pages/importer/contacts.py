"""Contact data of persons never reaches recognised content.

E-mail addresses are all dropped: a personal address cannot be told apart from a functional one
reliably. Phone numbers are dropped too, except the non-geographic service numbers (« 08 »
numbers: free or shared-cost lines of public contact centres, such as the « centre contact
citoyen » of the seed's minutes), which are never a person's line. The label left in front of a
dropped value (« Tél. : », « Courriel : ») goes with it.
"""

import re
from dataclasses import replace

EMAIL = re.compile(r"(?:mailto:)?[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# 0X XX XX XX XX in any grouping (« 02.40.41.20.20 », « 0806 001 620 »), or +33 / 0033.
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)(?P<first>[1-9])(?:[ .\-/]?\d){8}(?!\d)")
LABEL_BEFORE = re.compile(
    r"(?:\b(?:t[ée]l(?:[ée]phone)?|t[ée]l[ée]copie|portable|mobile|fax|courriel|m[ée]l|e-?mail|mail"
    r"|standard|contact|adresse "
    r"(?:e-?mail|[ée]lectronique|mail))\s*\.?\s*(?:fixe|mobile|portable|direct)?\s*\.?\s*:?\s*)$",
    re.IGNORECASE,
)
FUNCTIONAL_FIRST_DIGIT = "8"
# « Cedex 1 – – www… »: the separators on both sides of a dropped value.
# A removal leaves « GAUNE , diaconat »: no space before a comma, a full stop or a bracket in French.
_SPACE_BEFORE = re.compile(r"\s+([,.)])")
_SEPARATOR_RUN = re.compile(r"\s+[–—-](?:\s+[–—-])+\s+")


def contact_ranges(text):
    """(start, end, kind) of every contact value to drop, with the label in front of it."""
    ranges = []
    for match in EMAIL.finditer(text):
        ranges.append((match.start(), match.end(), "email"))
    for match in PHONE.finditer(text):
        if match["first"] == FUNCTIONAL_FIRST_DIGIT:
            continue
        ranges.append((match.start(), match.end(), "phone"))
    widened = []
    for start, end, kind in sorted(ranges):
        label = LABEL_BEFORE.search(text, 0, start)
        if label and label.end() == start:
            start = label.start()
        widened.append((start, end, kind))
    return widened


def _cut(spans, ranges):
    kept = []
    offset = 0
    for span in spans:
        span_start, span_end = offset, offset + len(span.text)
        offset = span_end
        pieces = []
        cursor = span_start
        for start, end, _ in ranges:
            if end <= cursor or start >= span_end:
                continue
            if start > cursor:
                pieces.append(span.text[cursor - span_start : start - span_start])
            cursor = max(cursor, min(end, span_end))
        if cursor < span_end:
            pieces.append(span.text[cursor - span_start :])
        text = "".join(pieces)
        href = span.href
        if href and (href.lower().startswith(("mailto:", "tel:")) or EMAIL.search(href)):
            href = None
        if text:
            kept.append(replace(span, text=text, href=href))
    return kept


def _tidy(spans):
    """Drop what a removal leaves behind: doubled spaces, empty brackets, dangling separators."""
    if not spans:
        return spans
    tidied = []
    for span in spans:
        text = _SPACE_BEFORE.sub(r"\1", re.sub(r"\(\s*[,;/–-]?\s*\)", "", span.text))
        text = re.sub(r"[ \t]{2,}", " ", text)
        tidied.append(replace(span, text=text))
    tidied = [replace(span, text=_SEPARATOR_RUN.sub(" – ", span.text)) for span in tidied]
    last = tidied[-1]
    tidied[-1] = replace(last, text=re.sub(r"[\s,;/–-]+$", "", last.text))
    return [span for span in tidied if span.text]


def scrub_spans(spans):
    """The spans without contact data, and the kinds of data dropped (« email », « phone »)."""
    text = "".join(span.text for span in spans)
    ranges = contact_ranges(text)
    contact_links = any(
        span.href and (span.href.lower().startswith(("mailto:", "tel:")) or EMAIL.search(span.href))
        for span in spans
    )
    if not ranges and not contact_links:
        return spans, set()
    kinds = {kind for _, _, kind in ranges}
    if contact_links:
        kinds.add("email")
    return _tidy(_cut(spans, ranges)), kinds


def scrub_text(text):
    ranges = contact_ranges(text)
    if not ranges:
        return text, set()
    kept, cursor = [], 0
    for start, end, _ in ranges:
        if start > cursor:
            kept.append(text[cursor:start])
        cursor = max(cursor, end)
    kept.append(text[cursor:])
    cleaned = re.sub(r"[ \t]{2,}", " ", "".join(kept))
    cleaned = _SEPARATOR_RUN.sub(" – ", re.sub(r"\(\s*[,;/–-]?\s*\)", "", cleaned))
    cleaned = _SPACE_BEFORE.sub(r"\1", cleaned)
    return re.sub(r"[\s,;/–-]+$", "", cleaned).strip(), {kind for _, _, kind in ranges}
