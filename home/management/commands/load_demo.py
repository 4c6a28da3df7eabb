"""Build the demo sites from the seed documents (development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo import loader


class Command(BaseCommand):
    help = (
        "Construit un site de démonstration par préfecture à partir des documents d'exemple, "
        "et un compte de démonstration par rôle. Remplace les pages, sites et documents d'un "
        "chargement précédent : à n'utiliser qu'en développement."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Charger la démonstration même si DEBUG est désactivé.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG est désactivé : la démonstration crée des comptes aux mots de passe connus. "
                "Relancez avec --force si cette base est bien une base de développement."
            )
        with transaction.atomic():
            removed = loader.clear()
            loader.accounts()
            built = loader.build()
            accounts = loader.accounts()

        if removed:
            self.stdout.write(
                f"{removed} pages supprimées (chargement précédent ou page d'accueil initiale de Wagtail)."
            )
        self.stdout.write(self.style.SUCCESS("Démonstration chargée."))
        self.stdout.write("\nSites :")
        for prefecture, site, committee in built:
            default = " (site par défaut)" if site.is_default_site else ""
            self.stdout.write(f"  {prefecture.url:<40} {committee.title}{default}")
        self.stdout.write(
            "\nComptes de démonstration — DÉVELOPPEMENT UNIQUEMENT, ne jamais les créer sur un "
            "serveur accessible :"
        )
        for account in accounts:
            self.stdout.write(f"  {account.username:<20} {account.password:<32} {account.description}")
        self.stdout.write("Administration : http://127.0.0.1:8000/admin/")
