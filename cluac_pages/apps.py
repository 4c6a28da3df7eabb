from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CluacPagesConfig(AppConfig):
    name = "cluac_pages"
    label = "cluac_pages"
    verbose_name = _("Comités locaux des usagers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals
        from .guarantee import (
            checks,  # noqa: F401 - registers the system check
            media,
        )

        media.connect()
        from .prefectures import signals as prefecture_signals

        prefecture_signals.connect(self)

        signals.connect()
        from . import public_cache

        public_cache.connect()
