"""Wagtail's admin strings that this site words differently in French.

Wagtail's French catalogue leaves some strings in English or wrong (« Status », « crées »,
« resoumisse », « Salut »), and builds others from a model's name with both genders at once
(« Ajouter un(e) Point », « ce/cette siège »): the site's catalogue (``locale/``, read before
every application's) words them again, without a gender where the name varies. Listing the
strings here keeps them in that catalogue when ``make messages`` refreshes it.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL_STRINGS = [
    gettext_noop("Hello %(username)s,"),
    gettext_noop("Edit your notification preferences here:"),
    gettext_noop("Status: "),
    gettext_noop("Current page status:"),
    gettext_noop("Locking status"),
    gettext_noop("(1 new item in this menu)"),
    gettext_noop("(%(number)s new items in this menu)"),
    gettext_noop(
        "Pages created here will not be accessible at any URL. To add pages to an existing site, create them as children of the homepage."  # noqa: E501
    ),
    gettext_noop("The name of the page as it will appear in URLs e.g http://domain.com/blog/[my-slug]/"),
    gettext_noop("Resubmitted '%(task)s'. Workflow resumed"),
    gettext_noop("Workflow task resubmitted. Workflow resumed"),
    gettext_noop("New"),
    gettext_noop("Editing %(page_type)s"),
    gettext_noop("Add %(label)s"),
    gettext_noop("Add %(model_name)s"),
    gettext_noop("Add %(object)s"),
    gettext_noop("Add a new %(object)s"),
    gettext_noop("Create new %(object)s"),
    gettext_noop("Create a new %(model_name)s"),
    gettext_noop("Editing %(object)s"),
    gettext_noop("Inspecting %(object)s"),
    gettext_noop("Edit this %(object)s"),
    gettext_noop("Inspect this %(object)s"),
    gettext_noop("Delete this %(object)s"),
    gettext_noop("Copy this %(object)s"),
    gettext_noop("Unpublish this %(object)s"),
    gettext_noop("Choose another"),
    gettext_noop("None"),
    gettext_noop("Published"),
    gettext_noop("Created"),
    gettext_noop("Locked"),
    gettext_noop("Unlocked"),
    gettext_noop("Moved"),
    gettext_noop("Renamed"),
    gettext_noop("Reordered"),
    gettext_noop("Are you sure?"),
    gettext_noop("Are you sure you want to delete this page?"),
    gettext_noop("Are you sure you want to unpublish this page?"),
    gettext_noop("Would you still like to publish this page?"),
    gettext_noop(
        "Are you sure you want to delete this %(object)s? If other things in your site are related to it, they may also be affected."  # noqa: E501
    ),
    gettext_noop("Are you sure you want to delete this %(model_name)s?"),
    gettext_noop("No %(model_name)s match your query."),
    gettext_noop("No %(name)s have been created yet."),
    gettext_noop("Sorry, there are no %(name)s matching your search parameters."),
    gettext_noop('Why not <a href="%(url)s">add one</a>?'),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop("%(model_name)s '%(object)s' created."),
    gettext_noop("%(model_name)s '%(object)s' updated."),
    gettext_noop("%(model_name)s '%(object)s' deleted."),
    gettext_noop("The %(object)s could not be created due to errors."),
    gettext_noop("The %(object)s could not be saved due to errors."),
    gettext_noop("The %(model_name)s could not be created due to errors."),
    gettext_noop("The %(model_name)s could not be saved due to errors."),
    gettext_noop("Submit for moderation"),
    gettext_noop("Workflow"),
    gettext_noop("Workflows"),
    gettext_noop("Workflow tasks"),
    gettext_noop("Workflow history"),
    gettext_noop('The page "%(title)s" has been approved in "%(task)s".'),
    gettext_noop('The page "%(title)s" has been approved in moderation stage "%(task)s".'),
    gettext_noop('The page "%(title)s" has been approved in "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been approved in workflow "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been rejected during "%(task)s".'),
    gettext_noop('The page "%(title)s" has been rejected in moderation stage "%(task)s".'),
    gettext_noop('The page "%(title)s" has been rejected during "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been submitted for approval in moderation stage "%(task)s"'),
    gettext_noop('The page "%(title)s" has been submitted for approval in moderation stage "%(task)s".'),
    gettext_noop('The page "%(title)s" has been submitted for approval to moderation stage "%(task)s".'),
    gettext_noop('The page "%(title)s" has been submitted to workflow "%(workflow)s"'),
    gettext_noop(
        'The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'
    ),
    gettext_noop('The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'),
    gettext_noop("Locked by workflow"),
    gettext_noop("Only reviewers for this task can edit the %(model_name)s."),
    gettext_noop("Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing"),
    gettext_noop("Only reviewers can edit and approve the %(model_name)s"),
    gettext_noop(
        "This {model_name} is awaiting <b>'{task_name}'</b> in the <b>'{workflow_name}'</b> workflow."
    ),
    gettext_noop("Workflow: start"),
    gettext_noop("'%(workflow)s' started. Next step '%(task)s'"),
    gettext_noop("Workflow started"),
    gettext_noop("Workflow: approve task"),
    gettext_noop("Approved at '%(task)s'. '%(workflow)s' complete"),
    gettext_noop("Workflow task approved"),
    gettext_noop("Workflow: reject task"),
    gettext_noop("Workflow task rejected. Workflow complete"),
    gettext_noop("Workflow: resume task"),
    gettext_noop("Workflow: cancel"),
    gettext_noop("Cancelled '%(workflow)s' at '%(task)s'"),
    gettext_noop("Workflow cancelled"),
    gettext_noop("Workflow completed"),
    gettext_noop("Workflow progress"),
    gettext_noop("Your pages and snippets in a workflow"),
    gettext_noop(
        "This page was marked as needing changes at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."  # noqa: E501
    ),
    gettext_noop("This page is currently at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."),
    gettext_noop("Publishing this page will cancel the current workflow."),
    gettext_noop("Workflow on page '%(page_title)s' has been cancelled."),
    gettext_noop("Workflow on page '%(page_title)s' has been restarted."),
    gettext_noop("Restart workflow "),
    gettext_noop("Cancel workflow "),
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("Resubmit to %(task_name)s"),
    gettext_noop("Page '%(page_title)s' has been submitted for moderation."),
    gettext_noop("%(label)s and Publish"),
    gettext_noop("Changes requested %(finished_at)s"),
    gettext_noop("by %(user)s"),
    gettext_noop("In Moderation"),
    gettext_noop("Sent to %(task_name)s %(started_at)s"),
    gettext_noop(
        'The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.'
    ),
    gettext_noop('The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'),
    gettext_noop('The following comment was left: "%(comment)s"'),
]

WAGTAIL_PLURAL_STRINGS = [
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        1,
    ),
    ngettext_lazy("Used %(usage_count)s time", "Used %(usage_count)s times", 1),
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times", 1),
]
