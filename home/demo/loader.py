"""Remove the previous demo, then build every prefecture's site, and the demo accounts."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, Site

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


ACCOUNTS = [
    DemoAccount("admin", "cluac-demo-admin", "", "administrateur (superutilisateur)"),
    DemoAccount(
        "communication", "cluac-demo-communication", "Service communication", "service communication"
    ),
    DemoAccount(
        "secretaire-general", "cluac-demo-secretaire-general", "Secrétaire général", "secrétaire général"
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

    page_ids = []
    for home in old_homes:
        page_ids += list(home.get_descendants(inclusive=True).values_list("pk", flat=True))
        # Sites and their settings go with their root page.
        home.delete()
    # The deletions are logged against pages that no longer exist; a re-run leaves no trace of them.
    PageLogEntry.objects.filter(page_id__in=page_ids).delete()

    hostnames = [prefecture.PREFECTURE.hostname for prefecture in PREFECTURES]
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
    return built


def accounts():
    """One account per role; passwords are reset on every run."""
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    User = get_user_model()
    for account in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.email = f"{account.username}@example.org"
        user.is_superuser = user.is_staff = not account.group
        user.set_password(account.password)
        user.save()
        if account.group:
            group, _ = Group.objects.get_or_create(name=account.group)
            group.permissions.add(access_admin)
            user.groups.add(group)
    return ACCOUNTS
