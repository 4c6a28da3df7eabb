"""What the public reads from validated minutes, annexes and images included, changes only
through validation: the files they use cannot be replaced, renamed, moved, restricted or deleted
by Service communication (each path over HTTP, with the real admin views)."""

import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from .workflow_helpers import act, build_meeting, client_for, create_draft_minutes, submit

ANNEX_BYTES = b"%PDF-1.4\n% Liste des participants et tableau de bord qualite 2023\n"


def upload_annex(collection=None):
    return wagtail_factories.DocumentFactory(
        title="Tableau de bord qualité 2023",
        file=ContentFile(ANNEX_BYTES, name="tableau-de-bord-2023.pdf"),
        collection=collection or Collection.get_first_root_node(),
    )


def upload_image(collection=None):
    return wagtail_factories.ImageFactory(
        title="Photographie de l'accueil rénové",
        collection=collection or Collection.get_first_root_node(),
    )


def validate_with(minutes, author, secretary, document, image):
    section = streamfield(
        [
            ("paragraph", rich_text("<p>Le tableau de bord qualité est présenté en annexe.</p>")),
            ("image", {"image": image.pk, "alternative_text": "L'accueil rénové", "caption": "Accueil"}),
        ]
    )
    body = streamfield([("section", {"heading": "Qualité de l'accueil", "content": section})])
    annexes = inline_formset([{"document": document.pk, "title": ""}])
    submit(client_for(author), minutes, "Version validée.", body=body, annexes=annexes)
    act(client_for(secretary), minutes, "approve")
    minutes.refresh_from_db()
    assert minutes.live


@pytest.fixture
def validated(home_page, author, secretary):
    meeting = build_meeting(home_page)[1]
    minutes = create_draft_minutes(meeting, author)
    document, image = upload_annex(), upload_image()
    validate_with(minutes, author, secretary, document, image)
    return minutes, document, image


def public_reading(minutes):
    """What an anonymous visitor reads: the minutes page, and the annex it links to."""
    client = Client()
    page = client.get(minutes.url)
    assert page.status_code == 200
    document = get_document_model().objects.get(title__startswith="Tableau de bord")
    served = client.get(document.url)
    assert served.status_code == 200
    return page.content.decode(), b"".join(served.streaming_content)


def assert_unchanged(minutes, document, image):
    body, annex = public_reading(minutes)
    document.refresh_from_db()
    image.refresh_from_db()
    assert annex == ANNEX_BYTES
    assert "Tableau de bord qualité 2023" in body
    assert document.url in body
    assert image.collection.depth == 1
    assert 'alt="L&#x27;accueil rénové"' in body or 'alt="L\'accueil rénové"' in body


def test_service_communication_cannot_replace_the_file_of_an_annex(validated, author):
    minutes, document, image = validated
    response = client_for(author).post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "file": SimpleUploadedFile("tableau-de-bord-2023.pdf", b"%PDF-1.4\n% Chiffres falsifies\n"),
            "collection": document.collection_id,
            "tags": "",
        },
    )

    assert response.status_code in (302, 403)
    assert_unchanged(minutes, document, image)


def test_service_communication_cannot_rename_an_annex(validated, author):
    minutes, document, image = validated
    client_for(author).post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Autre titre", "collection": document.collection_id, "tags": ""},
    )

    assert_unchanged(minutes, document, image)


@pytest.mark.parametrize("bulk", [False, True])
def test_service_communication_cannot_delete_an_annex(validated, author, bulk):
    minutes, document, image = validated
    client = client_for(author)
    if bulk:
        url = reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "delete"])
        client.post(f"{url}?id={document.pk}")
    else:
        client.post(reverse("wagtaildocs:delete", args=[document.pk]))

    assert minutes.annexes.filter(document=document).exists()
    assert_unchanged(minutes, document, image)


@pytest.mark.parametrize("bulk", [False, True])
def test_service_communication_cannot_move_an_annex_to_a_private_collection(validated, author, bulk):
    minutes, document, image = validated
    private = Collection.get_first_root_node().add_child(name="Documents internes")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="interne"
    )
    client = client_for(author)
    if bulk:
        url = reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "add_to_collection"])
        client.post(f"{url}?id={document.pk}", {"collection": private.pk})
    else:
        client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {"title": document.title, "collection": private.pk, "tags": ""},
        )

    document.refresh_from_db()
    assert document.collection_id != private.pk
    assert_unchanged(minutes, document, image)


def test_service_communication_cannot_restrict_the_collection_of_an_annex(validated, author):
    minutes, document, image = validated
    client_for(author).post(
        reverse("wagtailadmin_collections:set_privacy", args=[document.collection_id]),
        {"restriction_type": "password", "password": "interne"},
    )

    assert not CollectionViewRestriction.objects.exists()
    assert_unchanged(minutes, document, image)


def test_service_communication_cannot_replace_or_delete_an_image_of_validated_minutes(validated, author):
    minutes, document, image = validated
    original = image.file.name
    client = client_for(author)
    client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": "Autre photographie",
            "file": SimpleUploadedFile("autre.png", wagtail_factories.ImageFactory.build().file.read()),
            "collection": image.collection_id,
            "tags": "",
            "focal_point_x": "",
            "focal_point_y": "",
            "focal_point_width": "",
            "focal_point_height": "",
        },
    )
    client.post(reverse("wagtailimages:delete", args=[image.pk]))
    url = reverse("wagtail_bulk_action", args=["wagtailimages", "image", "delete"])
    client.post(f"{url}?id={image.pk}")

    image.refresh_from_db()
    assert image.file.name == original and image.title == "Photographie de l'accueil rénové"
    assert_unchanged(minutes, document, image)


def test_a_document_used_only_by_a_draft_stays_editable(home_page, author):
    meeting = build_meeting(home_page)[1]
    minutes = create_draft_minutes(meeting, author)
    document = upload_annex()
    submit(
        client_for(author),
        minutes,
        "Brouillon.",
        annexes=inline_formset([{"document": document.pk, "title": ""}]),
    )

    client_for(author).post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Tableau de bord qualité 2023 (corrigé)", "collection": document.collection_id, "tags": ""},
    )

    document.refresh_from_db()
    assert document.title == "Tableau de bord qualité 2023 (corrigé)"


def test_the_secretary_general_may_replace_an_annex(validated, secretary):
    minutes, document, image = validated
    client_for(secretary).post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "file": SimpleUploadedFile("tableau-de-bord-2023.pdf", b"%PDF-1.4\n% Version signee\n"),
            "collection": document.collection_id,
            "tags": "",
        },
    )

    assert public_reading(minutes)[1] == b"%PDF-1.4\n% Version signee\n"


# --- Collections: a collection manager without validate_minutes ---------------------------------


def other_document(collection, title="Projet de charte d’accueil"):
    return wagtail_factories.DocumentFactory(
        title=title, file=ContentFile(b"%PDF-1.4\n% projet\n", name="projet.pdf"), collection=collection
    )


@pytest.fixture
def filed(home_page, author, secretary):
    """Validated minutes whose annex is filed in « Comptes-rendus / Annexes 2023 » and whose image
    in « Photographies »; a draft's annex in « Brouillons »; an unused document in « Divers »."""
    root = Collection.get_first_root_node()
    minutes_collection = root.add_child(name="Comptes-rendus")
    collections = {
        "parent": minutes_collection,
        "annexes": minutes_collection.add_child(name="Annexes 2023"),
        "photos": root.add_child(name="Photographies"),
        "drafts": root.add_child(name="Brouillons"),
        "misc": root.add_child(name="Divers"),
        "private": root.add_child(name="Documents internes"),
    }
    # Ids of documents and of reference index rows do not coincide.
    for _ in range(3):
        other_document(collections["misc"], "Supprimé").delete()
    committee, meeting, _ = build_meeting(home_page)
    minutes = create_draft_minutes(meeting, author)
    document, image = upload_annex(collections["annexes"]), upload_image(collections["photos"])
    validate_with(minutes, author, secretary, document, image)

    from .factories import MeetingPageFactory

    other_meeting = MeetingPageFactory(parent=committee, title="Réunion de décembre", slug="decembre")
    draft = create_draft_minutes(other_meeting, author)
    submit(
        client_for(author),
        draft,
        "Brouillon.",
        annexes=inline_formset([{"document": other_document(collections["drafts"]).pk, "title": ""}]),
    )
    other_document(collections["misc"], "Note sans emploi")
    return minutes, document, image, collections


@pytest.fixture
def collection_manager(db):
    """A member of Service communication also given the management of every collection."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupCollectionPermission

    from .workflow_helpers import SERVICE_COMMUNICATION, make_user

    group = Group.objects.create(name="Gestion des collections")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_collection", "change_collection", "delete_collection"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    user = make_user("mediatheque", SERVICE_COMMUNICATION)
    user.groups.add(group)
    return user


def set_collection_privacy(client, collection):
    return client.post(
        reverse("wagtailadmin_collections:set_privacy", args=[collection.pk]),
        {"restriction_type": "password", "password": "interne"},
    )


@pytest.mark.parametrize("which", ["annexes", "parent", "photos"])
def test_a_collection_manager_cannot_restrict_a_collection_holding_what_validated_minutes_use(
    filed, collection_manager, which
):
    minutes, document, image, collections = filed
    set_collection_privacy(client_for(collection_manager), collections[which])

    assert not CollectionViewRestriction.objects.exists()
    body, annex = public_reading(minutes)
    assert annex == ANNEX_BYTES


def test_a_collection_manager_cannot_move_the_collection_of_an_annex_under_a_private_one(
    filed, collection_manager
):
    minutes, document, image, collections = filed
    private = collections["private"]
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="interne"
    )
    client = client_for(collection_manager)
    for which in ("annexes", "parent"):
        collection = collections[which]
        client.post(
            reverse("wagtailadmin_collections:edit", args=[collection.pk]),
            {"name": collection.name, "parent": private.pk},
        )

    for which in ("annexes", "parent"):
        assert not Collection.objects.get(pk=collections[which].pk).is_descendant_of(private)
    body, annex = public_reading(minutes)
    assert annex == ANNEX_BYTES


@pytest.mark.parametrize("which", ["drafts", "misc"])
def test_a_collection_manager_may_restrict_and_move_a_collection_no_validated_minutes_use(
    filed, collection_manager, which
):
    minutes, document, image, collections = filed
    collection = collections[which]
    client = client_for(collection_manager)
    set_collection_privacy(client, collection)
    client.post(
        reverse("wagtailadmin_collections:edit", args=[collection.pk]),
        {"name": collection.name, "parent": collections["private"].pk},
    )

    assert CollectionViewRestriction.objects.filter(collection=collection).exists()
    assert Collection.objects.get(pk=collection.pk).is_descendant_of(collections["private"])
    assert public_reading(minutes)[1] == ANNEX_BYTES


def test_a_secretary_general_managing_the_collections_may_restrict_that_of_an_annex(
    filed, collection_manager, secretary
):
    from django.contrib.auth.models import Group

    minutes, document, image, collections = filed
    secretary.groups.add(Group.objects.get(name="Gestion des collections"))
    client = client_for(secretary)
    set_collection_privacy(client, collections["annexes"])
    client.post(
        reverse("wagtailadmin_collections:edit", args=[collections["annexes"].pk]),
        {"name": "Annexes 2023", "parent": collections["misc"].pk},
    )

    assert CollectionViewRestriction.objects.filter(collection=collections["annexes"]).exists()
    assert Collection.objects.get(pk=collections["annexes"].pk).is_descendant_of(collections["misc"])


def test_a_collection_manager_may_file_a_new_collection_inside_that_of_an_annex(filed, collection_manager):
    minutes, document, image, collections = filed
    client_for(collection_manager).post(
        reverse("wagtailadmin_collections:add"), {"name": "Annexes 2024", "parent": collections["annexes"].pk}
    )

    added = Collection.objects.get(name="Annexes 2024")
    assert added.get_parent().pk == collections["annexes"].pk


def test_another_prefecture_s_team_cannot_change_a_document_outside_its_collection(home_page):
    from wagtail.models import Site

    from cluac_pages.models import PrefectureRoles

    from .factories import HomePageFactory
    from .workflow_helpers import make_user

    other_home = HomePageFactory(
        parent=home_page.get_parent(), title="Préfecture de l'Essonne", slug="essonne"
    )
    site = Site.objects.create(hostname="essonne.localhost", root_page=other_home, site_name="Essonne")
    editor = make_user("communication-91")
    editor.groups.add(PrefectureRoles.objects.get(site=site).communication_group)
    document = other_document(Collection.get_first_root_node(), "Note de service")
    client = client_for(editor)

    client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Note modifiée", "collection": document.collection_id, "tags": ""},
    )
    client.post(reverse("wagtaildocs:delete", args=[document.pk]))

    document.refresh_from_db()
    assert document.title == "Note de service"
