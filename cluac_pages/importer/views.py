"""The meeting's « Importer un compte-rendu (.docx, .odt) »: upload, preview, « Créer le brouillon ».

The preview creates nothing: the uploaded file waits in the default storage under a private
prefix (never served: nginx and the bucket's policy serve images only), named by a random token;
the preview's form carries a signed reference to it, valid for one hour, for this user and this
meeting only. « Créer le brouillon » reads the file again and deletes it.
"""

import datetime
import secrets

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import MeetingPage, MinutesPage
from . import ImportRefused, read_minutes
from . import recognised as r
from .package import Limits
from .pages import content_hash, create_draft, plan_import

PENDING_PREFIX = "cluac_imports_pending"
PENDING_MAX_AGE = datetime.timedelta(hours=1)
SIGNING_SALT = "cluac_pages.importer.pending"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier du compte-rendu (.docx, .odt)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.odt"}),
    )


def preview_item(item):
    """What the preview shows of one recognised item: a kind and its text, rows or image."""
    if isinstance(item, r.Paragraph):
        return {"kind": "paragraph", "text": item.text}
    if isinstance(item, r.BulletList):
        return {"kind": "list", "items": [entry.text for entry in item.block.items]}
    if isinstance(item, r.Exchange):
        return {
            "kind": "exchange",
            "speaker": item.speaker.raw,
            "text": item.text,
            "answers": [preview_item(answer) for answer in item.answers],
        }
    if isinstance(item, r.TableContent):
        return {"kind": "table", "rows": item.rows, "header_rows": item.header_rows}
    if isinstance(item, r.QualityResults):
        return {
            "kind": "quality",
            "rows": [[i.label, i.target, i.result] for i in item.indicators],
        }
    if isinstance(item, r.ImageContent):
        return {"kind": "image", "image": item.image, "needs_alt_text": item.needs_alt_text}
    if isinstance(item, r.PointsOfAgreement):
        return {"kind": "points", "items": item.points}
    return {"kind": "paragraph", "text": str(item)}


def preview_sections(minutes):
    return [
        {"heading": section.heading, "items": [preview_item(item) for item in section.items]}
        for section in minutes.sections
    ]


def purge_stale_uploads():
    """Delete the files of previews that were never followed by a creation."""
    try:
        _directories, names = default_storage.listdir(PENDING_PREFIX)
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - PENDING_MAX_AGE
    for name in names:
        path = f"{PENDING_PREFIX}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


def can_import(meeting, user):
    return meeting.permissions_for_user(user).can_add_subpage() and MinutesPage.can_create_at(meeting)


class ImportMinutesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cluac_pages/admin/import_minutes.html"
    header_icon = "upload"

    def dispatch(self, request, page_id):
        self.meeting = get_object_or_404(MeetingPage, pk=page_id)
        if not self.meeting.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return _("Importer un compte-rendu (.docx, .odt)")

    def get_page_subtitle(self):
        return self.meeting.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UploadForm())
        context["meeting"] = self.meeting
        context["has_minutes"] = not MinutesPage.can_create_at(self.meeting)
        context["max_megabytes"] = Limits.from_settings().max_bytes // (1024 * 1024)
        return context

    def post(self, request, page_id):
        if not MinutesPage.can_create_at(self.meeting):
            messages.error(request, _("Cette réunion a déjà un compte-rendu : rien n'a été importé."))
            return redirect(request.path)
        if request.POST.get("action") == "create":
            return self.create(request)
        return self.preview(request)

    def refuse(self, form, message):
        form.add_error("file", message)
        return self.render_to_response(self.get_context_data(form=form))

    def preview(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        uploaded = form.cleaned_data["file"]
        limits = Limits.from_settings()
        data = uploaded.read()
        try:
            minutes = read_minutes(data, uploaded.name, limits)
        except ImportRefused as refused:
            return self.refuse(form, refused.message)
        purge_stale_uploads()
        extension = "odt" if uploaded.name.lower().endswith(".odt") else "docx"
        stored = default_storage.save(
            f"{PENDING_PREFIX}/{secrets.token_urlsafe(24)}.{extension}", ContentFile(data)
        )
        token = signing.dumps(
            {
                "path": stored,
                "name": uploaded.name,
                "meeting": self.meeting.pk,
                "user": request.user.pk,
                "hash": content_hash(data),
            },
            salt=SIGNING_SALT,
        )
        plan, _composition = plan_import(self.meeting, minutes)
        return self.render_to_response(
            self.get_context_data(
                form=None,
                plan=plan,
                minutes=minutes,
                sections=preview_sections(minutes),
                other_date=minutes.header.meeting_date
                if minutes.header.meeting_date
                and minutes.header.meeting_date != self.meeting.local_start.date()
                else None,
                token=token,
                file_name=uploaded.name,
            )
        )

    def create(self, request):
        try:
            pending = signing.loads(request.POST.get("token", ""), salt=SIGNING_SALT, max_age=PENDING_MAX_AGE)
        except signing.BadSignature:
            messages.error(
                request, _("L'aperçu a expiré ou n'est pas valable : déposez de nouveau le fichier.")
            )
            return redirect(request.path)
        if pending["meeting"] != self.meeting.pk or pending["user"] != request.user.pk:
            raise PermissionDenied
        path = pending["path"]
        if not path.startswith(f"{PENDING_PREFIX}/") or not default_storage.exists(path):
            messages.error(
                request, _("L'aperçu a expiré ou n'est pas valable : déposez de nouveau le fichier.")
            )
            return redirect(request.path)
        with default_storage.open(path, "rb") as stored:
            data = stored.read()
        if content_hash(data) != pending["hash"]:
            raise PermissionDenied
        try:
            minutes = read_minutes(data, pending["name"])
        except ImportRefused as refused:
            default_storage.delete(path)
            messages.error(request, refused.message)
            return redirect(request.path)
        try:
            page, plan = create_draft(self.meeting, minutes, data, pending["name"], user=request.user)
        except ValidationError as error:
            messages.error(
                request,
                _("Le brouillon n'a pas pu être créé : %(reason)s") % {"reason": " ; ".join(error.messages)},
            )
            return redirect(request.path)
        default_storage.delete(path)
        messages.success(
            request,
            _(
                "Le brouillon « %(title)s » a été créé à partir de « %(file)s ». Complétez-le, puis "
                "soumettez-le pour validation."
            )
            % {"title": page.title, "file": pending["name"]},
        )
        if plan.participants_await_publication:
            messages.warning(
                request,
                _(
                    "La réunion a un brouillon non publié : les participants reconnus y ont été ajoutés. "
                    "Publiez la réunion pour qu'ils soient enregistrés."
                ),
            )
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
