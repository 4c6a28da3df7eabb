"""The text of the add-on's e-mails, rendered from Django templates.

E-mails are plain text: titles typed by editors (« l'amélioration », « <script> », « & ») must
reach the reader as typed, in the subject and in the body. Every e-mail template is rendered here,
without HTML escaping, in the site's language.
"""

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.utils import translation


def render_text(template_name, context):
    """A plain-text template rendered without HTML escaping."""
    template = get_template(template_name).template
    with translation.override(settings.LANGUAGE_CODE):
        return template.render(Context(context, autoescape=False))


def render_subject(template_name, context):
    """A subject on one line (a header cannot hold a line break)."""
    return " ".join(render_text(template_name, context).split())
