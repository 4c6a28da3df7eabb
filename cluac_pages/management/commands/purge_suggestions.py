"""Delete users' suggestions older than the retention period announced on the form."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from cluac_pages.models import Suggestion
from cluac_pages.suggestions import retention_days


class Command(BaseCommand):
    help = "Supprime les suggestions des usagers reçues avant la durée de conservation annoncée."

    def handle(self, *args, **options):
        limit = timezone.now() - datetime.timedelta(days=retention_days())
        _, per_model = Suggestion.objects.filter(received_at__lt=limit).delete()
        deleted = per_model.get(Suggestion._meta.label, 0)
        self.stdout.write(f"{deleted} suggestion(s) supprimée(s), reçue(s) avant le {limit:%d/%m/%Y}.")
