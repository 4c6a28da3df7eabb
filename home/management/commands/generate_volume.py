"""Fill a database with a realistic volume of content, for benchmarks and load tests."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from home import volume


class Command(BaseCommand):
    help = (
        "Génère un volume réaliste de contenus : un site par préfecture, avec son comité, 30 sièges, "
        "des réunions et leurs comptes-rendus validés (révisions et historique de validation). "
        "Remplace ce qu'une génération précédente a créé pour les mêmes préfectures. Pour les mesures "
        "de performance : jamais sur une base de production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--prefectures", type=int, default=101, help="Nombre de préfectures (101).")
        parser.add_argument("--years", type=int, default=10, help="Années de réunions passées (10).")
        parser.add_argument(
            "--meetings-per-year", type=int, default=3, help="Réunions par an, de 1 à 12 (3)."
        )
        parser.add_argument("--seed", type=int, default=0, help="Graine du générateur (0).")
        parser.add_argument(
            "--force", action="store_true", help="Générer même si DEBUG est désactivé (base de mesure)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG est désactivé : relancez avec --force si cette base est bien une base de mesure."
            )
        count, years, per_year = options["prefectures"], options["years"], options["meetings_per_year"]
        if count < 1 or years < 1 or not 1 <= per_year <= 12:
            raise CommandError("Il faut au moins une préfecture, une année et de 1 à 12 réunions par an.")
        started = time.monotonic()
        volume.clear(count)
        with tqdm(
            total=count * years * per_year,
            unit=" réunion",
            desc="Génération",
            disable=options["verbosity"] == 0,
            file=self.stderr,
        ) as bar:
            generated = volume.generate(count, years, per_year, seed=options["seed"], progress=bar.update)
        minutes, seconds = divmod(round(time.monotonic() - started), 60)
        self.stdout.write(
            self.style.SUCCESS(
                f"{generated.sites} sites, {generated.meetings} réunions et {generated.minutes} "
                f"comptes-rendus générés en {minutes} min {seconds} s."
            )
        )
