"""Name Wagtail's root page and root collection in French.

Wagtail's initial data call both « Root »: the admin shows that name in the explorer's
breadcrumbs, the page chooser and the collection choosers. The root page holds every
prefecture's site, hence « Tous les sites ».
"""

from django.db import migrations

ROOT_PAGE_TITLE = "Tous les sites"
ROOT_COLLECTION_NAME = "Collection principale"


def rename_roots(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(title=ROOT_PAGE_TITLE, draft_title=ROOT_PAGE_TITLE)
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION_NAME)


def restore_roots(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=ROOT_PAGE_TITLE).update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1, name=ROOT_COLLECTION_NAME).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename_roots, restore_roots)]
