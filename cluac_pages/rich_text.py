"""Document links in rich text, read once for a whole page.

Wagtail expands the document links of each rich text on its own: a minutes body of many
paragraphs that link documents would read the documents once per paragraph. While a page is
rendered inside ``documents_read_once(body)``, every document its rich text links to is read
in one query beforehand, and the link handler takes them from there.
"""

import contextlib
from collections.abc import Iterable, Mapping
from contextvars import ContextVar

from wagtail.documents import get_document_model
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.rich_text import get_rewriter

_documents = ContextVar("cluac_pages_linked_documents", default=None)


class ReadOnceDocumentLinkHandler(DocumentLinkHandler):
    """Wagtail's document link handler, taking the documents read beforehand when there are some."""

    @classmethod
    def get_many(cls, attrs_list):
        documents = _documents.get()
        if documents is None:
            return super().get_many(attrs_list)
        missing = [attrs for attrs in attrs_list if str(attrs.get("id")) not in documents]
        if missing:
            for attrs, document in zip(missing, super().get_many(missing), strict=True):
                documents[str(attrs.get("id"))] = document
        return [documents.get(str(attrs.get("id"))) for attrs in attrs_list]


def linked_document_ids(texts):
    """The ids of the documents that rich texts link to."""
    rewriter = get_rewriter()
    model = get_document_model()
    return {
        str(object_id)
        for text in texts
        if "linktype" in text
        for referenced_model, object_id, _model_path, _content_path in rewriter.extract_references(text)
        if referenced_model is model
    }


def stream_texts(data):
    """Every string found in StreamField raw data, in order."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            if key not in ("type", "id"):
                yield from stream_texts(value)
    elif isinstance(data, Iterable):
        # StreamField raw data is a list-like view, not a list.
        for item in data:
            yield from stream_texts(item)


@contextlib.contextmanager
def documents_read_once(texts=()):
    """Within this block, the documents linked from ``texts`` (rich text strings), and from those
    given later to ``read_linked_documents``, are read once."""
    token = _documents.set({})
    try:
        read_linked_documents(texts)
        yield
    finally:
        _documents.reset(token)


def read_linked_documents(texts):
    """Read at once the documents linked from ``texts``, inside ``documents_read_once``."""
    documents = _documents.get()
    if documents is None:
        return
    ids = linked_document_ids(texts) - set(documents)
    if ids:
        documents.update(
            {str(document.pk): document for document in get_document_model().objects.filter(pk__in=ids)}
        )
