"""The permission matrix: each role × each action on minutes and on what carries them.

Every cell is a request through the real admin view, by a real user of that role, and
the state it leaves (the page still live, the file unchanged…) is checked both ways: an
allowed action must take effect, a refused one must leave everything as it was. The
README's table is printed from ``MATRIX`` (a test checks that they agree).
"""

import datetime
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
    Site,
    TaskState,
    WorkflowState,
)

from cluac_pages.distribution import past_minutes_import
from cluac_pages.models import MinutesAnnex, MinutesDistribution, MinutesPage, PrefectureRoles
from cluac_pages.models.validation import minutes_workflow

from .admin_forms import edit_form_data
from .factories import CommitteePageFactory, HomePageFactory, MeetingPageFactory
from .workflow_helpers import SECRETAIRE_GENERAL, SERVICE_COMMUNICATION, build_meeting, make_user

ROLES = [
    "anonyme",
    "connecté sans groupe",
    "Service communication",
    "Secrétaire général",
    "administrateur",
    "Service communication d'une autre préfecture",
    "Secrétaire général d'une autre préfecture",
]
ANNEX_BYTES = b"%PDF-1.4\n% Tableau de bord qualite 2023\n"


@pytest.fixture
def world(home_page):
    """A committee, a meeting with validated minutes (an annex, an image), and a second
    meeting whose minutes Service communication has submitted for validation."""
    author = make_user("redaction", SERVICE_COMMUNICATION)
    secretary = make_user("secretaire", SECRETAIRE_GENERAL)
    committee, meeting, _ = build_meeting(home_page)
    root_collection = Collection.get_first_root_node()
    document = wagtail_factories.DocumentFactory(
        title="Tableau de bord qualité 2023",
        file=ContentFile(ANNEX_BYTES, name="tableau-de-bord.pdf"),
        collection=root_collection,
    )
    image = wagtail_factories.ImageFactory(title="Accueil rénové", collection=root_collection)
    minutes = MinutesPage(
        title="Compte-rendu", slug="compte-rendu", subject="Comité local des usagers", live=False
    )
    meeting.add_child(instance=minutes)
    minutes.body = [
        {"type": "paragraph", "value": "<p>Version validée.</p>"},
        {
            "type": "section",
            "value": {
                "heading": "Qualité de l'accueil",
                "content": [
                    {
                        "type": "image",
                        "value": {"image": image.pk, "alternative_text": "Accueil", "caption": ""},
                    }
                ],
            },
        },
    ]
    minutes.annexes.add(MinutesAnnex(document=document))
    minutes.save_revision(user=author)
    with past_minutes_import():
        state = minutes_workflow().start(minutes, user=author)
        state.current_task_state.specific.approve(user=secretary)
    minutes.refresh_from_db()
    assert minutes.live

    next_meeting = MeetingPageFactory(parent=committee, title="Réunion du 14 décembre 2023", slug="decembre")
    draft = MinutesPage(
        title="Compte-rendu", slug="compte-rendu", subject="Comité local des usagers", live=False
    )
    next_meeting.add_child(instance=draft)
    draft.body = [{"type": "paragraph", "value": "<p>Brouillon soumis à validation.</p>"}]
    draft.save_revision(user=author)
    minutes_workflow().start(draft, user=author)

    other_committee = CommitteePageFactory(parent=home_page, title="CLUAC de Saint-Nazaire", slug="cluac-sn")
    other_home = HomePageFactory(
        parent=home_page.get_parent(), title="Préfecture de l'Essonne", slug="essonne"
    )
    other_site = Site.objects.create(hostname="essonne.localhost", root_page=other_home, site_name="Essonne")
    other_roles = PrefectureRoles.objects.get(site=other_site)
    other_editor, other_validator = make_user("communication-91"), make_user("sg-91")
    other_editor.groups.add(other_roles.communication_group)
    other_validator.groups.add(other_roles.secretary_group)
    users = {
        "Service communication d'une autre préfecture": other_editor,
        "Secrétaire général d'une autre préfecture": other_validator,
        "anonyme": None,
        "connecté sans groupe": make_user("visiteur"),
        "Service communication": author,
        "Secrétaire général": secretary,
        "administrateur": get_user_model().objects.create_superuser("admin", "admin@prefecture.example", "x"),
    }
    return SimpleNamespace(
        home=home_page,
        committee=committee,
        meeting=meeting,
        minutes=minutes,
        next_meeting=next_meeting,
        draft=draft,
        other_committee=other_committee,
        document=document,
        image=image,
        users=users,
    )


def client_as(world, role):
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def fresh(page):
    return type(page).objects.filter(pk=page.pk).first()


# --- The actions: (what the user does, whether it took effect) ------------------------------


def view_draft(c, w):
    response = c.get(reverse("wagtailadmin_pages:view_draft", args=[w.draft.pk]))
    return response.status_code == 200 and "Brouillon soumis à validation." in response.content.decode()


def edit_minutes(c, w):
    user = w.users["administrateur"]
    data = edit_form_data(w.minutes, user)
    data["body-count"] = data.get("body-count", 0)
    c.post(reverse("wagtailadmin_pages:edit", args=[w.minutes.pk]), {**data, "title": "Compte-rendu modifié"})
    return fresh(w.minutes).get_latest_revision().object_str == "Compte-rendu modifié"


def edit_meeting(c, w):
    data = edit_form_data(
        w.meeting, w.users["administrateur"], place="Salle Erdre", **{"action-publish": "1"}
    )
    c.post(reverse("wagtailadmin_pages:edit", args=[w.meeting.pk]), data)
    return fresh(w.meeting).place == "Salle Erdre"


def publish_draft(c, w):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={w.draft.pk}"
    c.post(url, {})
    return fresh(w.draft).live


def unpublish(page_name, include_descendants=False):
    def action(c, w):
        page = getattr(w, page_name)
        data = {"include_descendants": "on"} if include_descendants else {}
        c.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]), data)
        return not fresh(page).live or not fresh(w.minutes).live

    return action


def bulk_unpublish_home(c, w):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"]) + f"?id={w.home.pk}"
    c.post(url, {"include_descendants": "on"})
    return not fresh(w.home).live or not fresh(w.minutes).live


def delete(page_name):
    def action(c, w):
        page = getattr(w, page_name)
        c.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
        return fresh(page) is None

    return action


def move_minutes(c, w):
    empty_meeting = MeetingPageFactory(parent=w.committee, title="Réunion du 1er mars 2024", slug="mars")
    c.post(reverse("wagtailadmin_pages:move_confirm", args=[w.minutes.pk, empty_meeting.pk]))
    return fresh(w.minutes).get_parent().pk == empty_meeting.pk


def move_meeting(c, w):
    c.post(reverse("wagtailadmin_pages:move_confirm", args=[w.meeting.pk, w.other_committee.pk]))
    return fresh(w.meeting).get_parent().pk == w.other_committee.pk


def change_meeting_address(c, w):
    data = edit_form_data(w.meeting, w.users["administrateur"], slug="ailleurs", **{"action-publish": "1"})
    c.post(reverse("wagtailadmin_pages:edit", args=[w.meeting.pk]), data)
    return fresh(w.meeting).slug == "ailleurs"


def copy_minutes(alias):
    def action(c, w):
        target = MeetingPageFactory(parent=w.committee, title="Réunion copiée", slug="copie")
        data = {"new_title": "Copie", "new_slug": "copie", "new_parent_page": target.pk}
        data.update({"alias": "on"} if alias else {"publish_copies": "on"})
        c.post(reverse("wagtailadmin_pages:copy", args=[w.minutes.pk]), data)
        return MinutesPage.objects.child_of(target).live().exists()

    return action


def restrict(page_name):
    def action(c, w):
        page = getattr(w, page_name)
        c.post(
            reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
            {"restriction_type": "password", "password": "secret-123"},
        )
        return PageViewRestriction.objects.filter(page=page).exists()

    return action


def replace_annex_file(c, w):
    c.post(
        reverse("wagtaildocs:edit", args=[w.document.pk]),
        {
            "title": w.document.title,
            "file": SimpleUploadedFile("tableau-de-bord.pdf", b"%PDF-1.4\n% Autres chiffres\n"),
            "collection": w.document.collection_id,
            "tags": "",
        },
    )
    document = get_document_model().objects.get(pk=w.document.pk)
    with document.file.open("rb") as handle:
        return handle.read() != ANNEX_BYTES


def delete_image(c, w):
    c.post(reverse("wagtailimages:delete", args=[w.image.pk]))
    return not get_image_model().objects.filter(pk=w.image.pk).exists()


def restrict_collection(c, w):
    c.post(
        reverse("wagtailadmin_collections:set_privacy", args=[w.document.collection_id]),
        {"restriction_type": "password", "password": "secret-123"},
    )
    return CollectionViewRestriction.objects.exists()


def workflow_action(name):
    def action(c, w):
        state = WorkflowState.objects.for_instance(w.draft).get(status=WorkflowState.STATUS_IN_PROGRESS)
        task_state = state.current_task_state
        c.post(
            reverse("wagtailadmin_pages:workflow_action", args=[w.draft.pk, name, task_state.pk]),
            {"comment": "Merci de préciser les chiffres."},
        )
        task_state.refresh_from_db()
        expected = TaskState.STATUS_APPROVED if name == "approve" else TaskState.STATUS_REJECTED
        return task_state.status == expected

    return action


def resend_distribution(c, w):
    later = timezone.now() + datetime.timedelta(hours=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        c.post(reverse("cluac_pages_minutes_distribution", args=[w.minutes.pk]), {"action": "resend"})
    return MinutesDistribution.objects.filter(minutes=w.minutes, reason="resend").exists()


def export_persons(c, w):
    response = c.get("/admin/cluac_pages/person/", {"export": "csv"})
    if response.status_code != 200 or not response.streaming:
        return False
    return "present@association.example" in b"".join(response.streaming_content).decode()


S, C, A = "Service communication", "Secrétaire général", "administrateur"

# action: (label in the README, the action, roles for which it takes effect)
MATRIX = {
    "view_draft": ("voir un brouillon de compte-rendu", view_draft, {S, C, A}),
    "edit_minutes": ("modifier un compte-rendu (brouillon)", edit_minutes, {S, C, A}),
    "edit_meeting": ("modifier et publier une réunion", edit_meeting, {S, C, A}),
    "publish": ("publier un compte-rendu", publish_draft, {C, A}),
    "approve": ("valider un compte-rendu", workflow_action("approve"), {C, A}),
    "reject": ("renvoyer un compte-rendu avec un commentaire", workflow_action("reject"), {C, A}),
    "unpublish_minutes": ("dépublier un compte-rendu validé", unpublish("minutes"), {C, A}),
    "unpublish_meeting": ("dépublier la réunion qui le porte", unpublish("meeting"), {C, A}),
    "unpublish_committee": (
        "dépublier le comité, avec ses sous-pages",
        unpublish("committee", include_descendants=True),
        {C, A},
    ),
    "unpublish_home": ("dépublier la page d'accueil (action groupée)", bulk_unpublish_home, {C, A}),
    "delete_minutes": ("supprimer un compte-rendu validé", delete("minutes"), {C, A}),
    "delete_meeting": ("supprimer la réunion qui le porte", delete("meeting"), {A}),
    "move_minutes": ("déplacer un compte-rendu validé", move_minutes, {A}),
    "move_meeting": ("déplacer la réunion qui le porte", move_meeting, {A}),
    "change_address": ("changer l'adresse (slug) de la réunion", change_meeting_address, {C, A}),
    "copy_live": ("copier un compte-rendu en le publiant", copy_minutes(alias=False), {A}),
    "alias": ("créer un alias d'un compte-rendu", copy_minutes(alias=True), {A}),
    "privacy_minutes": ("restreindre l'accès au compte-rendu", restrict("minutes"), {C, A}),
    "privacy_committee": ("restreindre l'accès au comité", restrict("committee"), {C, A}),
    "replace_annex": ("remplacer le fichier d'une annexe", replace_annex_file, {C, A}),
    "delete_image": ("supprimer une image du compte-rendu", delete_image, {C, A}),
    "privacy_collection": ("restreindre l'accès à la collection des annexes", restrict_collection, {A}),
    "resend": ("renvoyer le compte-rendu aux participants", resend_distribution, {S, C, A}),
    "export_persons": ("exporter les personnes (CSV, données personnelles)", export_persons, {S, C, A}),
}


# What, when it takes effect, withdraws the validated minutes from the public (or moves them).
WITHDRAWING = {
    a for a in MATRIX if a.startswith(("unpublish", "delete_m", "move", "privacy_m", "privacy_co"))
} | {"change_address"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_permission_matrix(world, action, role):
    label, perform, allowed_roles = MATRIX[action]
    took_effect = perform(client_as(world, role), world)

    assert took_effect == (role in allowed_roles), f"{label} — {role}"
    if not (took_effect and action in WITHDRAWING):
        # Nothing but a validator's withdrawal takes the validated minutes from the public.
        minutes = fresh(world.minutes)
        assert minutes.live
        assert Client().get(minutes.url).status_code == 200


def matrix_table():
    lines = [
        "| action | " + " | ".join(ROLES) + " |",
        "|---|" + "---|" * len(ROLES),
    ]
    for label, _, allowed_roles in MATRIX.values():
        cells = ["oui" if role in allowed_roles else "non" for role in ROLES]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def test_the_readme_shows_this_matrix():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert matrix_table() in readme, "README's permission matrix differs; paste:\n" + matrix_table()
