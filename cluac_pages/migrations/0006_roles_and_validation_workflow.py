"""Groups of the two roles, their permissions, and the minutes validation workflow.

A fresh install gets « Service communication » and « Secrétaire général », the
workflow « Validation des comptes-rendus » with one approval task for the
secretary general, and no longer Wagtail's default workflow on the root (committee
and meeting pages are published directly).
"""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

SERVICE_COMMUNICATION = "Service communication"
SECRETAIRE_GENERAL = "Secrétaire général"
WORKFLOW_NAME = "Validation des comptes-rendus"
TASK_NAME = "Validation par le secrétaire général"

COMPOSITION_MODELS = ["person", "organisation", "college", "seat"]


def ensure_permissions(apps):
    # Permissions and content types are normally created after migrating; a data
    # migration on a fresh database needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, apps=apps, verbosity=0)
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_roles_and_workflow(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    MinutesValidationTask = apps.get_model("cluac_pages", "MinutesValidationTask")
    MinutesValidationSettings = apps.get_model("cluac_pages", "MinutesValidationSettings")

    communication, _ = Group.objects.get_or_create(name=SERVICE_COMMUNICATION)
    secretary, _ = Group.objects.get_or_create(name=SECRETAIRE_GENERAL)

    for group in (communication, secretary):
        group.permissions.add(permission(apps, "wagtailadmin", "access_admin"))
        for codename in ("view", "add", "change", "delete"):
            group.permissions.add(*(permission(apps, "cluac_pages", f"{codename}_{m}") for m in COMPOSITION_MODELS))
        group.permissions.add(
            permission(apps, "cluac_pages", "view_minutesdistribution"),
            permission(apps, "cluac_pages", "view_distributiondelivery"),
        )
    secretary.permissions.add(permission(apps, "cluac_pages", "validate_minutes"))

    root = Page.objects.filter(depth=1).first()
    page_permissions = {communication: ("add_page", "change_page", "publish_page"), secretary: ("change_page", "publish_page")}
    if root is not None:
        for group, codenames in page_permissions.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=permission(apps, "wagtailcore", codename)
                )

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        collection_permissions = [
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "choose_image"),
        ]
        for group in (communication, secretary):
            for app_label, codename in collection_permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission(apps, app_label, codename)
                )

    # Retire the workflow Wagtail installs on the root: only minutes need validation.
    for link in WorkflowPage.objects.filter(page__depth=1).select_related("workflow"):
        workflow = link.workflow
        link.delete()
        if not WorkflowPage.objects.filter(workflow=workflow).exists():
            workflow.active = False
            workflow.save(update_fields=["active"])

    task_type = ContentType.objects.get(app_label="cluac_pages", model="minutesvalidationtask")
    task, _ = MinutesValidationTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={"active": True, "content_type": task_type, "validator_function": "le secrétaire général"},
    )
    task.groups.add(secretary)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    settings = MinutesValidationSettings.objects.first() or MinutesValidationSettings()
    settings.workflow = workflow
    settings.save()


class Migration(migrations.Migration):
    dependencies = [
        ("cluac_pages", "0005_minutes_validation_and_distribution"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflow, migrations.RunPython.noop)]
