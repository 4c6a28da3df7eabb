"""Remove the previous demo, then build every prefecture's site, and the demo accounts."""

from dataclasses import dataclass

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, Site

from cluac_pages.prefectures.composition import attach_composition_to_sites
from home.models import HomePage

from . import essonne, gard, helpers, loire_atlantique, lot, meurthe_et_moselle
from .site_pages import build_site

PREFECTURES = [loire_atlantique, essonne, lot, gard, meurthe_et_moselle]

# The page Wagtail's first migration creates under the root, with its default site.
WELCOME_SLUG = "home"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    group: str  # empty for the administrator
    description: str
    prefecture: str = ""  # a prefecture's slug: the account is in that site's own group


ACCOUNTS = [
    DemoAccount("admin", "cluac-demo-admin", "", "administrateur (superutilisateur)"),
    DemoAccount(
        "communication", "cluac-demo-communication", "Service communication", "service communication"
    ),
    DemoAccount(
        "secretaire-general", "cluac-demo-secretaire-general", "Secrétaire général", "secrétaire général"
    ),
    # Two prefectures' own teams: each acts only on its site, its documents and its composition.
    DemoAccount(
        "communication-44",
        "cluac-demo-communication-44",
        "Service communication",
        "service communication de la Loire-Atlantique seulement",
        "loire-atlantique",
    ),
    DemoAccount(
        "secretaire-general-44",
        "cluac-demo-secretaire-general-44",
        "Secrétaire général",
        "secrétaire général de la Loire-Atlantique seulement",
        "loire-atlantique",
    ),
    DemoAccount(
        "communication-91",
        "cluac-demo-communication-91",
        "Service communication",
        "service communication de l'Essonne seulement",
        "essonne",
    ),
    DemoAccount(
        "secretaire-general-91",
        "cluac-demo-secretaire-general-91",
        "Secrétaire général",
        "secrétaire général de l'Essonne seulement",
        "essonne",
    ),
]


def clear():
    """Delete the pages, sites and documents of a previous run; shared reference data stays."""
    root = Page.get_first_root_node()
    slugs = [prefecture.PREFECTURE.slug for prefecture in PREFECTURES]
    old_homes = list(HomePage.objects.child_of(root).filter(slug__in=slugs))
    welcome = (
        Page.objects.child_of(root)
        .filter(slug=WELCOME_SLUG, content_type=ContentType.objects.get_for_model(Page))
        .first()
    )
    if welcome is not None and welcome.is_leaf():
        old_homes.append(welcome)

    from cluac_pages.models import PrefectureRoles

    hostnames = [prefecture.PREFECTURE.hostname for prefecture in PREFECTURES]
    site_collections = PrefectureRoles.objects.filter(site__hostname__in=hostnames).values("collection")
    for document in get_document_model().objects.filter(collection__in=site_collections):
        document.delete()

    page_ids = []
    for home in old_homes:
        page_ids += list(home.get_descendants(inclusive=True).values_list("pk", flat=True))
        # Sites and their settings go with their root page.
        home.delete()
    # The deletions are logged against pages that no longer exist; a re-run leaves no trace of them.
    PageLogEntry.objects.filter(page_id__in=page_ids).delete()

    Site.objects.filter(hostname__in=hostnames).delete()
    collection = helpers.demo_collection()
    for document in get_document_model().objects.filter(collection=collection):
        document.delete()
    return len(page_ids)


def build():
    """Build every prefecture; returns [(prefecture, site, committee)]."""
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    colleges = helpers.colleges()
    built = []
    for module in PREFECTURES:
        home, site = build_site(module.PREFECTURE, module.COMMITTEE_SHORT)
        committee = module.build(home, colleges)
        built.append((module.PREFECTURE, site, committee))
    # Persons and organisations belong to the prefecture where they sit, documents to its collection.
    attach_composition_to_sites(django_apps, only_unassigned=False)
    for _prefecture, site, _committee in built:
        move_documents_to_site_collection(site)
    return built


def move_documents_to_site_collection(site):
    from wagtail.models import ReferenceIndex

    from cluac_pages.models import PrefectureRoles

    roles = PrefectureRoles.objects.get(site=site)
    Document = get_document_model()
    pages = Page.objects.filter(path__startswith=site.root_page.path).values_list("pk", flat=True)
    used = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in pages],
        to_content_type=ContentType.objects.get_for_model(Document),
    ).values_list("to_object_id", flat=True)
    Document.objects.filter(pk__in=[int(pk) for pk in used]).update(collection=roles.collection)


def accounts():
    """One account per role, and per role of two prefectures; passwords are reset on every run.

    Run after ``build()``: a prefecture's accounts join the groups its site was given.
    """
    from cluac_pages.models import PrefectureRoles

    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    User = get_user_model()
    slugs = {module.PREFECTURE.slug: module.PREFECTURE.hostname for module in PREFECTURES}
    for account in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.email = f"{account.username}@example.org"
        user.is_superuser = user.is_staff = not account.group
        user.set_password(account.password)
        user.save()
        user.groups.clear()
        if account.prefecture:
            roles = PrefectureRoles.objects.filter(site__hostname=slugs[account.prefecture]).first()
            if roles is None:
                continue  # the sites are not built yet
            group = (
                roles.communication_group
                if account.group == "Service communication"
                else roles.secretary_group
            )
            user.groups.add(group)
        elif account.group:
            group, _ = Group.objects.get_or_create(name=account.group)
            group.permissions.add(access_admin)
            user.groups.add(group)
    return ACCOUNTS
