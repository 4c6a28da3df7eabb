"""The title of the add-on's creation screens, with the agreement of the model's gender.

wagtail-modeladmin titles a creation screen « New » followed by the model's name, which French
cannot agree (« Nouveau Personne »). Each ModelAdmin names its creation screen in full.
"""

from django.utils.text import capfirst
from wagtail_modeladmin.views import CreateView


class NewObjectCreateView(CreateView):
    """Titled with the ModelAdmin's ``new_object_title`` (« Nouvelle personne », « Nouveau siège »)."""

    def get_page_title(self):
        title = getattr(self.model_admin, "new_object_title", None)
        return capfirst(title) if title else super().get_page_title()

    def get_page_subtitle(self):
        if getattr(self.model_admin, "new_object_title", None):
            return ""
        return super().get_page_subtitle()

    def get_meta_title(self):
        return self.get_page_title()
