"""What a page's content refers to (documents, images, persons), read once for the whole page.

Wagtail converts a stream's blocks one level at a time: the speakers of a minutes' exchanges are
read in one query, those of the answers nested in them in another, the documents a download block
chooses in a third, and each rich text expands its document links on its own. While a page is
rendered inside ``references_read_once(...)``, everything its streams choose or link to is read
beforehand, one query per model, and the chooser blocks and the document link handler take their
objects from there.
"""

import contextlib
import copy
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextvars import ContextVar

from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock as WagtailDocumentChooserBlock
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.images.blocks import ImageChooserBlock as WagtailImageChooserBlock
from wagtail.rich_text import get_rewriter

# {model: {str(pk): instance or None}} while a page is rendered; None outside.
_read = ContextVar("cluac_pages_read_once", default=None)


class ReadOnceChooserMixin:
    """A chooser block taking its objects from those read beforehand for the page, if any."""

    def read_once_queryset(self):
        return self.model_class._default_manager.all()

    def bulk_to_python(self, values):
        values = list(values)
        read = _read.get()
        known = read.setdefault(self.model_class, {}) if read is not None else {}
        read_into(known, self.read_once_queryset(), {str(value) for value in values if value})
        # Each occurrence its own instance, as Wagtail's chooser blocks give them.
        seen = set()
        return [copy_if_seen(known.get(str(value)) if value else None, seen) for value in values]


def read_into(known, queryset, ids):
    """Add to ``known`` the objects of ``queryset`` with these ``ids`` (``None`` for those that no
    longer exist), reading only those not known yet."""
    missing = set(ids) - set(known)
    if missing:
        found = {str(pk): instance for pk, instance in queryset.in_bulk(missing).items()}
        known.update({pk: found.get(pk) for pk in missing})


def copy_if_seen(instance, seen):
    if instance is None:
        return None
    if id(instance) in seen:
        return copy.copy(instance)
    seen.add(id(instance))
    return instance


class DocumentChooserBlock(ReadOnceChooserMixin, WagtailDocumentChooserBlock):
    pass


class ImageChooserBlock(ReadOnceChooserMixin, WagtailImageChooserBlock):
    pass


class ReadOnceDocumentLinkHandler(DocumentLinkHandler):
    """Wagtail's document link handler, taking the documents read beforehand when there are some."""

    @classmethod
    def get_many(cls, attrs_list):
        read = _read.get()
        if read is None:
            return super().get_many(attrs_list)
        documents = read.setdefault(get_document_model(), {})
        missing = [attrs for attrs in attrs_list if str(attrs.get("id")) not in documents]
        if missing:
            for attrs, document in zip(missing, super().get_many(missing), strict=True):
                documents[str(attrs.get("id"))] = document
        return [documents.get(str(attrs.get("id"))) for attrs in attrs_list]


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


def chosen(block, raw):
    """``(chooser block, id)`` for every object that read-once chooser blocks choose in ``raw``,
    the stored data of ``block``, walked along the block's definition (nothing is converted)."""
    if isinstance(block, ReadOnceChooserMixin):
        if raw not in (None, ""):
            yield block, raw
    elif isinstance(block, blocks.StreamBlock):
        for item in raw or ():
            if isinstance(item, Mapping) and item.get("type") in block.child_blocks:
                yield from chosen(block.child_blocks[item["type"]], item.get("value"))
    elif isinstance(block, blocks.StructBlock):
        if isinstance(raw, Mapping):
            for name, child in block.child_blocks.items():
                yield from chosen(child, raw.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in raw or ():
            is_block = isinstance(item, Mapping) and item.get("type") == "item" and "value" in item
            yield from chosen(block.child_block, item["value"] if is_block else item)


def read_references(streams=(), also=()):
    """Read at once, inside ``references_read_once``, what ``streams`` (StreamValues) choose or
    link to, and ``also``: ``(queryset, ids)`` pairs of other objects the page shows."""
    read = _read.get()
    if read is None:
        return
    wanted = defaultdict(set)
    querysets = {}
    streams = list(streams)
    for stream in streams:
        for block, pk in chosen(stream.stream_block, stream.raw_data):
            wanted[block.model_class].add(str(pk))
            querysets.setdefault(block.model_class, block.read_once_queryset())
    texts = (text for stream in streams for text in stream_texts(stream.raw_data))
    document_model = get_document_model()
    wanted[document_model] |= linked_document_ids(texts)
    querysets.setdefault(document_model, document_model._default_manager.all())
    for queryset, ids in also:
        wanted[queryset.model] |= {str(pk) for pk in ids if pk}
        querysets[queryset.model] = queryset
    for model, ids in wanted.items():
        read_into(read.setdefault(model, {}), querysets[model], ids)


def already_read(model, pk):
    """``(True, instance)`` when the ``model`` object ``pk`` was read beforehand for the page (the
    instance is ``None`` if it no longer exists), ``(False, None)`` otherwise."""
    known = (_read.get() or {}).get(model)
    if known is None or pk is None or str(pk) not in known:
        return False, None
    return True, known[str(pk)]


@contextlib.contextmanager
def references_read_once(streams=(), also=()):
    """Within this block, what ``streams`` choose or link to, ``also``, and what is later given to
    ``read_references``, are read once."""
    token = _read.set({})
    try:
        read_references(streams, also)
        yield
    finally:
        _read.reset(token)


def read_site_settings(request):
    """Read every site setting of the request's site (the add-on's and the host site's, each with
    its ``select_related``) in one query, where Wagtail reads each setting on its own when first
    used; ``Setting.for_request`` then finds them on the request. A setting the site has no row for
    yet is left to ``for_request``, which creates it."""
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.contrib.settings.registry import registry
    from wagtail.models import Site

    models = [
        model
        for model in registry
        if issubclass(model, BaseSiteSetting) and not hasattr(request, model.get_cache_attr_name())
    ]
    site = Site.find_for_request(request) if models else None
    if site is None:
        return
    accessors = {model: model._meta.get_field("site").remote_field.get_accessor_name() for model in models}
    relations = []
    for model, accessor in accessors.items():
        relations += [accessor, *(f"{accessor}__{name}" for name in model.select_related or ())]
    site = Site.objects.select_related(*relations).get(pk=site.pk)
    for model, accessor in accessors.items():
        try:
            instance = getattr(site, accessor)
        except model.DoesNotExist:
            continue
        instance._request = request  # as for_request does, for the URLs of the pages it names
        setattr(request, model.get_cache_attr_name(), instance)
