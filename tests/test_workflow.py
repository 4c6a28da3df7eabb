"""Minutes go draft → validation by the secretary general → publication, with no way around it."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from cluac_pages.models import MinutesValidationSettings

from .factories import CommitteePageFactory
from .workflow_helpers import (
    SECRETAIRE_GENERAL,
    SERVICE_COMMUNICATION,
    act,
    build_meeting,
    create_draft_minutes,
    edit_url,
    submit,
)


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


@pytest.fixture
def meeting(home_page):
    return build_meeting(home_page)[1]


@pytest.fixture
def minutes(meeting, author):
    return create_draft_minutes(meeting, author)


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


# --- Set-up by migration ------------------------------------------------------------------------


def test_a_fresh_install_has_the_roles_and_the_validation_workflow(db):
    assert Group.objects.filter(name__in=[SERVICE_COMMUNICATION, SECRETAIRE_GENERAL]).count() == 2
    workflow = MinutesValidationSettings.load().workflow
    assert workflow.name == "Validation des comptes-rendus" and workflow.active
    [task] = [t.specific for t in workflow.tasks.all()]
    assert [g.name for g in task.groups.all()] == [SECRETAIRE_GENERAL]
    # Wagtail's default workflow no longer governs the tree.
    assert not WorkflowPage.objects.filter(page__depth=1).exists()
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


def test_every_minutes_page_is_governed_wherever_it_stands(minutes, meeting, home_page):
    workflow = MinutesValidationSettings.load().workflow
    other_committee = CommitteePageFactory(parent=home_page, slug="autre")
    assert minutes.get_workflow() == workflow
    assert meeting.get_workflow() is None
    assert other_committee.get_workflow() is None


def test_service_communication_publishes_committee_and_meeting_pages_directly(author_client, meeting):
    committee = meeting.get_parent().specific
    data = {
        "title": committee.title,
        "slug": committee.slug,
        "acronym": "CLU",
        "departement": "44",
        "min_meetings_per_year": 1,
        "substitution_notice_days": 2,
        "action-publish": "Publier",
    }
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    form = nested_form_data(
        {
            **data,
            **{
                f: rich_text("<p>Texte</p>")
                for f in ("introduction", "prefecture_role", "representatives_role")
            },
            **{f: rich_text("") for f in ("topics", "meeting_rules", "perimeter")},
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
        }
    )
    response = author_client.post(edit_url(committee), form)
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.live and not committee.has_unpublished_changes


# --- The path: submit, review, approve or send back ---------------------------------------------


def test_submission_notifies_the_secretary_general_with_a_review_link(author_client, minutes, secretary):
    response = submit(author_client, minutes, "Texte soumis.")

    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(minutes).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    to_secretary = [m for m in mail.outbox if m.to == [secretary.email]]
    assert len(to_secretary) == 1
    assert f"/admin/pages/workflow/preview/{minutes.pk}/" in to_secretary[0].body
    minutes.refresh_from_db()
    assert not minutes.live


def test_the_secretary_general_sees_the_minutes_awaiting_review_and_previews_them(
    author_client, minutes, secretary
):
    submit(author_client, minutes, "Texte à relire.")
    client = as_user(author_client, secretary)

    dashboard = client.get("/admin/").content.decode()
    assert "En attente de votre vérification" in dashboard
    assert "Compte-rendu" in dashboard

    task_id = MinutesValidationSettings.load().workflow.tasks.get().pk
    preview = client.get(reverse("wagtailadmin_pages:workflow_preview", args=[minutes.pk, task_id]))
    assert preview.status_code == 200
    assert "Texte à relire." in preview.content.decode()


def test_approval_publishes_notifies_the_author_and_records_the_validation(
    author_client, minutes, secretary, author, client
):
    submit(author_client, minutes, "Texte validé.")
    mail.outbox.clear()
    response = act(as_user(author_client, secretary), minutes, "approve")

    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.live
    assert [m for m in mail.outbox if m.to == [author.email]], "the author is told of the approval"

    client.logout()
    public = client.get(minutes.url).content.decode()
    today = timezone.localdate()
    assert "Texte validé." in public
    from cluac_pages.templatetags.cluac_tags import long_date

    assert f"Compte-rendu validé par le secrétaire général le {long_date(today)}" in public


def test_rejection_returns_the_minutes_to_draft_with_the_comment_for_the_author(
    author_client, minutes, secretary, author
):
    submit(author_client, minutes, "Texte à corriger.")
    mail.outbox.clear()
    act(as_user(author_client, secretary), minutes, "reject", comment="Merci d'anonymiser le second échange.")

    minutes.refresh_from_db()
    assert not minutes.live
    state = WorkflowState.objects.for_instance(minutes).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    [notice] = [m for m in mail.outbox if m.to == [author.email]]
    assert "Merci d'anonymiser le second échange." in notice.body

    editor = as_user(author_client, author).get(edit_url(minutes)).content.decode()
    assert "Merci d&#x27;anonymiser le second échange." in editor


def test_the_audit_log_shows_every_step_with_user(author_client, minutes, secretary):
    submit(author_client, minutes, "Texte.")
    act(as_user(author_client, secretary), minutes, "approve")

    actions = list(
        PageLogEntry.objects.filter(page=minutes)
        .order_by("timestamp")
        .values_list("action", "user__username")
    )
    assert ("wagtail.workflow.start", "redacteur") in actions
    assert ("wagtail.workflow.approve", "sg") in actions
    assert ("wagtail.publish", "sg") in actions
    history = author_client.get(reverse("wagtailadmin_pages:history", args=[minutes.pk])).content.decode()
    assert "Nicolas Secrétaire" in history and "Anaïs Rédactrice" in history


def latest_text(minutes):
    """The text of the minutes' latest revision (the draft the editor shows)."""
    return str(minutes.get_latest_revision().as_object().body)


def test_minutes_awaiting_validation_are_edited_and_locked_by_the_validator_only(
    author_client, minutes, secretary
):
    from .workflow_helpers import minutes_form

    submit(author_client, minutes, "Texte soumis.")

    # The communication service's editor is locked: a change is not saved.
    author_client.post(edit_url(minutes), minutes_form(minutes, "Changement du rédacteur."))
    minutes.refresh_from_db()
    assert "Texte soumis." in latest_text(minutes)
    assert "Changement du rédacteur." not in latest_text(minutes)

    validator = as_user(author_client, secretary)
    assert validator.get(edit_url(minutes)).status_code == 200
    validator.post(edit_url(minutes), minutes_form(minutes, "Correction du secrétaire général."))
    minutes.refresh_from_db()
    assert "Correction du secrétaire général." in latest_text(minutes)
    validator.post(reverse("wagtailadmin_pages:lock", args=[minutes.pk]))
    minutes.refresh_from_db()
    assert minutes.locked


# --- A correction goes through validation again --------------------------------------------------


def test_a_correction_stays_offline_until_approved(author_client, minutes, secretary, author, client):
    submit(author_client, minutes, "Première version validée.")
    act(as_user(author_client, secretary), minutes, "approve")

    submit(as_user(author_client, author), minutes, "Version corrigée.")
    client.logout()
    public = client.get(minutes.url).content.decode()
    assert "Première version validée." in public and "Version corrigée." not in public

    act(as_user(client, secretary), minutes, "approve")
    client.logout()
    public = client.get(minutes.url).content.decode()
    assert "Version corrigée." in public


# --- Scheduled publication -----------------------------------------------------------------------


def test_an_approved_go_live_date_schedules_publication(author_client, minutes, secretary):
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    submit(author_client, minutes, "Texte programmé.", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    act(as_user(author_client, secretary), minutes, "approve")

    minutes.refresh_from_db()
    assert not minutes.live
    revision = minutes.revisions.get(approved_go_live_at__isnull=False)

    call_command("publish_scheduled")
    minutes.refresh_from_db()
    assert not minutes.live  # not yet due

    assert revision.approved_go_live_at > timezone.now()

    three_days_later = timezone.now() + datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=three_days_later):
        call_command("publish_scheduled")
    minutes.refresh_from_db()
    assert minutes.live


def test_two_simultaneous_approvals_write_one_approval(author_client, minutes, secretary):
    """Two validators press « Approuver » at the same time: both requests found the task in
    progress; the second to act must neither approve again nor log a second approval."""
    from django.test import Client, TestCase
    from wagtail.admin.views.generic.workflow import WorkflowAction

    from .workflow_helpers import current_task_state

    other_secretary = Group.objects.get(name=SECRETAIRE_GENERAL).user_set.create(username="sg-adjoint")
    submit(author_client, minutes, "Texte validé deux fois.")
    task_state = current_task_state(minutes)
    url = reverse("wagtailadmin_pages:workflow_action", args=[minutes.pk, "approve", task_state.pk])
    first, second = Client(), Client()
    first.force_login(secretary)
    second.force_login(other_secretary)
    original_post = WorkflowAction.post
    raced = []

    def post_after_the_other_validator(view, request, *args, **kwargs):
        if not raced:
            raced.append(True)
            # The other validator's request runs entirely while this one is past its checks.
            second.post(url, {"comment": ""})
        return original_post(view, request, *args, **kwargs)

    with TestCase.captureOnCommitCallbacks(execute=True):
        with mock.patch.object(WorkflowAction, "post", post_after_the_other_validator):
            answer = first.post(url, {"comment": ""})

    assert raced
    # The one who pressed last is taken back to the minutes, not told they lack a permission.
    assert answer.status_code == 302 and answer["Location"] == edit_url(minutes)
    log = PageLogEntry.objects.filter(page=minutes)
    assert log.filter(action="wagtail.workflow.approve").count() == 1
    assert log.filter(action="wagtail.publish").count() == 1
    minutes.refresh_from_db()
    assert minutes.live
    participants = [m for m in mail.outbox if "present@association.example" in m.to]
    assert len(participants) == 1


# --- The mention « Compte-rendu validé par … le … » -----------------------------------------------


def public_page(minutes):
    from django.test import Client

    return Client().get(minutes.url).content.decode()


def mention(function, day):
    from cluac_pages.templatetags.cluac_tags import long_date

    return f"Compte-rendu validé par {function} le {long_date(day)}"


def test_minutes_published_later_by_the_scheduler_carry_the_day_of_their_validation(
    author_client, minutes, secretary
):
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    submit(author_client, minutes, "Texte programmé.", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    act(as_user(author_client, secretary), minutes, "approve")
    validated_on = timezone.localdate()

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(days=3)):
        call_command("publish_scheduled")

    minutes.refresh_from_db()
    assert minutes.live
    assert mention("le secrétaire général", validated_on) in public_page(minutes)


def test_the_mention_names_the_function_of_the_task_that_validated(author_client, minutes, secretary):
    from wagtail.models import GroupApprovalTask

    from cluac_pages.models import MinutesValidationTask

    # The prefecture's own circuit: the sous-préfète validates, then the legal service re-reads the
    # next day. The install's first validation task stays active beside it.
    validation = MinutesValidationTask.objects.create(
        name="Validation par la sous-préfète", validator_function="la sous-préfète chargée de mission"
    )
    validation.groups.set([Group.objects.get(name=SECRETAIRE_GENERAL)])
    legal = GroupApprovalTask.objects.create(name="Relecture juridique")
    legal.groups.set([Group.objects.get(name=SECRETAIRE_GENERAL)])
    workflow = Workflow.objects.create(name="Circuit de la sous-préfecture")
    WorkflowTask.objects.create(workflow=workflow, task=validation, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=legal, sort_order=1)
    settings = MinutesValidationSettings.load()
    settings.workflow = workflow
    settings.save()

    submit(author_client, minutes, "Texte validé par la sous-préfète.")
    act(as_user(author_client, secretary), minutes, "approve")
    validated_on = timezone.localdate()
    next_day = timezone.now() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=next_day):
        act(author_client, minutes, "approve")

    minutes.refresh_from_db()
    assert minutes.live
    public = public_page(minutes)
    assert mention("la sous-préfète chargée de mission", validated_on) in public
    assert "le secrétaire général" not in public


def test_a_direct_publication_by_the_secretary_general_is_dated_the_day_it_was_published(
    author_client, minutes, secretary
):
    from .workflow_helpers import minutes_form

    published_at = datetime.datetime(2026, 2, 3, 9, 15, tzinfo=datetime.UTC)
    client = as_user(author_client, secretary)
    with mock.patch("django.utils.timezone.now", return_value=published_at):
        client.post(edit_url(minutes), minutes_form(minutes, "Publié par le SG.", **{"action-publish": "1"}))

    minutes.refresh_from_db()
    assert minutes.live
    assert mention("le secrétaire général", datetime.date(2026, 2, 3)) in public_page(minutes)


def test_minutes_saved_by_a_validator_but_published_by_nobody_carry_no_mention(
    author_client, minutes, secretary
):
    # The secretary general saves a draft (logged with the revision), which a script publishes later.
    from .workflow_helpers import minutes_form

    as_user(author_client, secretary).post(edit_url(minutes), minutes_form(minutes, "Brouillon du SG."))
    minutes.refresh_from_db()
    minutes.get_latest_revision().publish()

    assert "Brouillon du SG." in public_page(minutes)
    assert "Compte-rendu validé par" not in public_page(minutes)


def test_a_disabled_workflow_no_longer_governs_minutes(author_client, minutes):
    workflow = MinutesValidationSettings.load().workflow
    assert 'name="action-submit"' in author_client.get(edit_url(minutes)).content.decode()

    Workflow.objects.filter(pk=workflow.pk).update(active=False)

    editor = author_client.get(edit_url(minutes)).content.decode()
    assert 'name="action-submit"' not in editor
    submit(author_client, minutes, "Soumis à un circuit désactivé.")
    assert not WorkflowState.objects.for_instance(minutes).exists()


def on_day(day):
    """The clock shows 9 a.m. (UTC) on that day of February 2026."""
    return mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(2026, 2, day, 9, tzinfo=datetime.UTC)
    )


def test_minutes_sent_back_then_published_as_they_stand_carry_the_day_of_their_publication(
    author_client, minutes, secretary
):
    # The secretary general sends the minutes back on the 3rd, then publishes them as they stand on the
    # 5th from the page listing (Wagtail's bulk action publishes the revision she sent back, with no new
    # one): sending back is no validation, the publication is.
    submit(author_client, minutes, "Texte renvoyé puis publié tel quel.")
    client = as_user(author_client, secretary)
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(2026, 2, 3, 9, tzinfo=datetime.UTC)
    ):
        act(client, minutes, "reject", comment="À revoir.")
    bulk_publish = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(2026, 2, 5, 9, tzinfo=datetime.UTC)
    ):
        client.post(f"{bulk_publish}?id={minutes.pk}", {})

    minutes.refresh_from_db()
    assert minutes.live
    public = public_page(minutes)
    assert "Texte renvoyé puis publié tel quel." in public
    assert mention("le secrétaire général", datetime.date(2026, 2, 5)) in public
    assert mention("le secrétaire général", datetime.date(2026, 2, 3)) not in public


def test_minutes_validated_in_two_steps_carry_the_last_validation(author_client, minutes, secretary):
    from cluac_pages.models import MinutesValidationTask

    # The sous-préfète validates first, the secretary general the next day.
    group = Group.objects.get(name=SECRETAIRE_GENERAL)
    first = MinutesValidationTask.objects.create(
        name="Validation par la sous-préfète", validator_function="la sous-préfète chargée de mission"
    )
    last = MinutesValidationTask.objects.create(
        name="Validation par le secrétaire général", validator_function="le secrétaire général adjoint"
    )
    workflow = Workflow.objects.create(name="Circuit en deux temps")
    for order, task in enumerate([first, last]):
        task.groups.set([group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    settings = MinutesValidationSettings.load()
    settings.workflow = workflow
    settings.save()

    submit(author_client, minutes, "Texte validé deux fois.")
    client = as_user(author_client, secretary)
    act(client, minutes, "approve")
    next_day = timezone.now() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=next_day):
        act(client, minutes, "approve")

    minutes.refresh_from_db()
    assert minutes.live
    public = public_page(minutes)
    assert mention("le secrétaire général adjoint", timezone.localtime(next_day).date()) in public
    assert "la sous-préfète" not in public


def test_a_direct_publication_names_the_function_of_the_active_validation_task(
    author_client, minutes, secretary
):
    from cluac_pages.models import MinutesValidationTask

    from .workflow_helpers import minutes_form

    MinutesValidationTask.objects.update(validator_function="la secrétaire générale")
    client = as_user(author_client, secretary)
    client.post(edit_url(minutes), minutes_form(minutes, "Publié par la SG.", **{"action-publish": "1"}))

    minutes.refresh_from_db()
    assert minutes.live
    assert mention("la secrétaire générale", timezone.localdate()) in public_page(minutes)


def test_with_no_active_validation_task_a_direct_publication_names_the_secretary_general(
    author_client, minutes, secretary
):
    from cluac_pages.models import MinutesValidationTask

    from .workflow_helpers import minutes_form

    MinutesValidationTask.objects.update(active=False, validator_function="la secrétaire générale")
    client = as_user(author_client, secretary)
    client.post(edit_url(minutes), minutes_form(minutes, "Publié par le SG.", **{"action-publish": "1"}))

    minutes.refresh_from_db()
    assert minutes.live
    public = public_page(minutes)
    assert mention("le secrétaire général", timezone.localdate()) in public
    assert "la secrétaire générale" not in public


def test_minutes_published_again_carry_the_day_of_their_latest_publication(
    author_client, minutes, secretary, meeting, author
):
    # Two sets of minutes published from the page listing by the secretary general (the revision as it
    # stands): the first on the 2nd, the other on the 3rd, withdrawn on the 4th and published again on
    # the 6th. The committee's open data lists each with its day.
    from cluac_pages.models import MinutesPage

    from .factories import MeetingPageFactory

    other_meeting = MeetingPageFactory(
        parent=meeting.get_parent(), title="Réunion du 5 octobre 2023", slug="reunion-octobre"
    )
    other = create_draft_minutes(other_meeting, author, "Le second compte-rendu.")
    client = as_user(author_client, secretary)
    bulk_publish = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    with on_day(2):
        client.post(f"{bulk_publish}?id={other.pk}", {})
    with on_day(3):
        client.post(f"{bulk_publish}?id={minutes.pk}", {})
    with on_day(4):
        client.post(reverse("wagtailadmin_pages:unpublish", args=[minutes.pk]))
    assert not MinutesPage.objects.get(pk=minutes.pk).live
    with on_day(6):
        client.post(f"{bulk_publish}?id={minutes.pk}", {})

    assert MinutesPage.objects.get(pk=minutes.pk).live and MinutesPage.objects.get(pk=other.pk).live
    assert mention("le secrétaire général", datetime.date(2026, 2, 6)) in public_page(minutes)
    listing = Client().get("/api/v2/comptes-rendus/?fields=validation").json()
    validated = {item["id"]: item["validation"]["validated_at"][:10] for item in listing["items"]}
    assert validated == {minutes.pk: "2026-02-06", other.pk: "2026-02-02"}


def test_approving_minutes_publishes_those_and_not_others_awaiting_validation(
    author_client, minutes, secretary, meeting, author
):
    from cluac_pages.models import MinutesPage

    from .factories import MeetingPageFactory

    other_meeting = MeetingPageFactory(
        parent=meeting.get_parent(), title="Réunion du 5 octobre 2023", slug="reunion-octobre"
    )
    other = create_draft_minutes(other_meeting, author, "Le second compte-rendu.")
    submit(author_client, minutes, "Le premier compte-rendu.")
    submit(author_client, other, "Le second compte-rendu.")

    act(as_user(author_client, secretary), other, "approve")

    assert MinutesPage.objects.get(pk=other.pk).live
    assert not MinutesPage.objects.get(pk=minutes.pk).live


def test_a_validator_whose_rights_stop_at_one_committee_validates_its_minutes_only(
    author_client, author, minutes, home_page
):
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    from .factories import MeetingPageFactory
    from .workflow_helpers import make_user

    # The sous-préfecture validates the minutes of its own committee: its group, chosen in the
    # validation task beside the secretary general's, publishes under that committee only.
    chateaubriant = CommitteePageFactory(parent=home_page, title="CLU de Châteaubriant", slug="chateaubriant")
    group = Group.objects.create(name="Sous-préfecture de Châteaubriant")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(content_type__app_label="cluac_pages", codename="validate_minutes"),
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=chateaubriant,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    MinutesValidationSettings.load().workflow.tasks.get().specific.groups.add(group)
    sous_prefete = Client()
    sous_prefete.force_login(make_user("sous-prefete", "Sous-préfecture de Châteaubriant"))

    submit(author_client, minutes, "Compte-rendu de la réunion de Nantes.")
    sent_back = act(sous_prefete, minutes, "reject", comment="Je renvoie le compte-rendu de Nantes.")
    refused = act(sous_prefete, minutes, "approve")

    for answer in (sent_back, refused):
        assert answer.status_code == 302 and answer["Location"] == reverse("wagtailadmin_home")
    # Still awaiting the secretary general's review, neither sent back nor published.
    assert minutes.current_workflow_task_state.status == "in_progress"
    minutes.refresh_from_db()
    assert not minutes.live

    own_meeting = MeetingPageFactory(parent=chateaubriant, title="Réunion du 12 mars 2024", slug="mars")
    own = create_draft_minutes(own_meeting, author)
    submit(author_client, own, "Compte-rendu de la réunion de Châteaubriant.")
    act(sous_prefete, own, "approve")

    own.refresh_from_db()
    assert own.live


def test_the_history_of_the_minutes_names_who_validated_them(author_client, minutes, secretary):
    from .html import parse, text

    submit(author_client, minutes, "Compte-rendu à valider.")
    act(as_user(author_client, secretary), minutes, "approve")

    history = author_client.get(reverse("wagtailadmin_pages:history", args=[minutes.pk]))
    rows = [text(row) for row in parse(history.content).select("main tbody tr")]
    assert [row for row in rows if row.startswith("Approuvé à l’étape") and "Nicolas Secrétaire" in row]
    assert [row for row in rows if row.startswith("Publication") and "Nicolas Secrétaire" in row]
    # The workflow's own history says who decided the validation step.
    state = minutes.workflow_states.get()
    detail = author_client.get(
        reverse("wagtailadmin_pages:workflow_history_detail", args=[minutes.pk, state.pk])
    )
    assert "Validation par le secrétaire général Approuvé par Nicolas Secrétaire" in text(
        parse(detail.content).select_one("main")
    )


def test_the_install_s_administrator_may_validate_minutes(author_client, minutes, django_user_model):
    administrator = django_user_model.objects.create_superuser("admin", "admin@prefecture.example", "x")
    submit(author_client, minutes, "Compte-rendu validé par l'administrateur.")

    act(as_user(author_client, administrator), minutes, "approve")

    minutes.refresh_from_db()
    assert minutes.live


def test_the_validation_task_is_described_where_an_administrator_adds_a_task(db, django_user_model):
    administrator = django_user_model.objects.create_superuser("admin", "admin@prefecture.example", "x")
    client = Client()
    client.force_login(administrator)
    page = client.get(reverse("wagtailadmin_workflows:select_task_type")).content.decode()
    assert (
        "Les membres des groupes choisis valident le compte-rendu ou le renvoient avec un commentaire ; "
        "la validation le publie."
    ) in page


def test_minutes_changed_then_published_by_nobody_lose_the_mention_of_the_version_validated(
    author_client, minutes, secretary
):
    from .workflow_helpers import minutes_form

    client = as_user(author_client, secretary)
    client.post(edit_url(minutes), minutes_form(minutes, "Publié par le SG.", **{"action-publish": "1"}))
    assert "Compte-rendu validé par" in public_page(minutes)
    # A change saved as a draft, which a script publishes: nobody validated this version.
    client.post(edit_url(minutes), minutes_form(minutes, "Modifié ensuite."))
    minutes.refresh_from_db()
    minutes.get_latest_revision().publish()

    public = public_page(minutes)
    assert "Modifié ensuite." in public
    assert "Compte-rendu validé par" not in public
