"""Print the committees' follow-up for a cron job; exit with status 1 when something is late.

Late means: a committee below its yearly rule, a meeting without published minutes after 30 days
or an action of the action plan past its due date.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats
from wagtail.models import Site

from cluac_pages.reports import follow_up_report


class Command(BaseCommand):
    help = (
        "Affiche les comités en retard sur leurs réunions, les réunions sans compte-rendu publié après "
        "30 jours, les comptes-rendus en attente de validation et les actions du plan d'actions en retard. "
        "Code de sortie 1 en cas de retard (réunions, comptes-rendus ou actions)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            dest="hostnames",
            action="append",
            metavar="NOM_D_HOTE",
            help="Le suivi de cette préfecture seulement (nom d'hôte de son site ; répétable).",
        )

    def handle(self, *args, hostnames=None, **options):
        sites = None
        if hostnames:
            sites = list(Site.objects.select_related("root_page").filter(hostname__in=hostnames))
            unknown = set(hostnames) - {site.hostname for site in sites}
            if unknown:
                raise CommandError(f"Aucun site ne porte ce nom d'hôte : {', '.join(sorted(unknown))}.")
        report = follow_up_report(sites=sites)
        write = self.stdout.write
        write(f"Suivi des comités locaux des usagers au {formats.date_format(report.today, 'j F Y')}")

        write("\nComités en retard sur leurs réunions :")
        for item in report.late_committees:
            last = (
                f"dernière le {formats.date_format(item.last_meeting, 'j F Y')}"
                if item.last_meeting
                else "aucune réunion tenue"
            )
            write(
                f"  - {item.committee.title} : {item.meetings_last_year} réunion(s) en 12 mois pour "
                f"{item.required} requise(s), {last}, en retard de {item.days_late} jour(s)"
            )
        if not report.late_committees:
            write("  aucun")

        write("\nRéunions de plus de 30 jours sans compte-rendu publié :")
        for item in report.meetings_without_minutes:
            write(
                f"  - {item.meeting.title} ({item.committee_title}), tenue le "
                f"{formats.date_format(item.held_on, 'j F Y')}, il y a {item.days_since} jours"
            )
        if not report.meetings_without_minutes:
            write("  aucune")

        write("\nComptes-rendus en attente de validation :")
        for minutes, state in report.minutes_awaiting_validation:
            write(f"  - {minutes.title}, soumis le {formats.date_format(state.created_at, 'j F Y')}")
        if not report.minutes_awaiting_validation:
            write("  aucun")

        write(f"\nActions du plan d'actions en retard ({len(report.overdue_actions)}) :")
        for action in report.overdue_actions:
            owner = f", porteur : {action.owner}" if action.owner else ""
            write(
                f"  - {action.description} ({action.committee.title}){owner}, échéance le "
                f"{formats.date_format(action.due_date, 'j F Y')}, {action.get_status_display().lower()}"
            )
        if not report.overdue_actions:
            write("  aucune")

        if report.has_delays:
            sys.exit(1)
