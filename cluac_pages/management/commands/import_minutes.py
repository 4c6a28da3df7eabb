"""Import a prefecture's archive of minutes (.docx, .odt): one meeting and its draft minutes per file."""

import logging
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from cluac_pages.importer import ImportRefused, read_minutes
from cluac_pages.importer.pages import MeetingNotFound, existing_import, import_into_committee
from cluac_pages.models import CommitteePage

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Importe des comptes-rendus Word (.docx) ou LibreOffice (.odt) dans un comité : pour chaque "
        "fichier, la réunion (date, horaires, lieu, présidence lus dans le fichier) et son compte-rendu "
        "en brouillon, à soumettre ensuite pour validation. Un fichier déjà importé n'est pas repris."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FICHIER")
        parser.add_argument("--committee", type=int, required=True, help="Identifiant de la page du comité.")
        parser.add_argument(
            "--already-distributed",
            action="store_true",
            help="Comptes-rendus déjà envoyés aux participants : leur publication n'enverra aucun courriel.",
        )

    def handle(self, *args, files, committee, already_distributed, **options):
        committee_page = CommitteePage.objects.filter(pk=committee).first()
        if committee_page is None:
            raise CommandError(_("Aucun comité n'a l'identifiant %(id)s.") % {"id": committee})
        failures = 0
        progress = tqdm(
            files,
            desc=_("Import"),
            unit=_("fichier"),
            file=sys.stderr,
            disable=options.get("verbosity", 1) == 0 or len(files) < 2,
        )
        for name in progress:
            line, failed = self.import_one(committee_page, Path(name), already_distributed)
            failures += failed
            with progress.external_write_mode():
                self.stdout.write(line)
        progress.close()
        if failures:
            raise CommandError(
                _("%(failed)s fichier(s) sur %(total)s non importé(s).")
                % {"failed": failures, "total": len(files)}
            )

    def import_one(self, committee, path, already_distributed):
        """The summary line of one file, and whether it failed."""
        try:
            data = path.read_bytes()
        except OSError as error:
            return _("%(file)s : ERREUR, fichier illisible (%(error)s)") % {
                "file": path,
                "error": error.strerror,
            }, 1
        previous = existing_import(committee, data)
        if previous is not None:
            return (
                _("%(file)s : déjà importé (« %(title)s », page %(id)s), rien de nouveau")
                % {"file": path, "title": previous.minutes.title, "id": previous.minutes.pk},
                0,
            )
        try:
            minutes = read_minutes(data, path.name)
            page, meeting, created, to_check = import_into_committee(
                committee, minutes, data, path.name, already_distributed=already_distributed
            )
        except (ImportRefused, MeetingNotFound) as refused:
            return _("%(file)s : ERREUR, %(reason)s") % {"file": path, "reason": refused.message}, 1
        except Exception:
            # One file's unexpected failure must not stop the archive: logged, reported, counted.
            logger.exception("Import of %s failed", path)
            return _("%(file)s : ERREUR inattendue, voir le journal") % {"file": path}, 1
        values = {
            "file": path,
            "meeting": meeting.title,
            "meeting_id": meeting.pk,
            "minutes_id": page.pk,
            "participants": len(minutes.participants),
            "sections": len(minutes.headings),
        }
        if created and meeting.live:
            line = _(
                "%(file)s : réunion « %(meeting)s » créée (page %(meeting_id)s), compte-rendu en brouillon "
                "(page %(minutes_id)s), %(participants)s participant(s), %(sections)s section(s)"
            )
        elif created:
            line = _(
                "%(file)s : réunion « %(meeting)s » créée en brouillon (page %(meeting_id)s, à compléter "
                "puis publier), compte-rendu en brouillon (page %(minutes_id)s), %(participants)s "
                "participant(s), %(sections)s section(s)"
            )
        else:
            line = _(
                "%(file)s : compte-rendu en brouillon (page %(minutes_id)s) sous la réunion existante "
                "« %(meeting)s », %(participants)s participant(s), %(sections)s section(s)"
            )
        line %= values
        if to_check:
            line += _(" ; à compléter : %(fields)s") % {"fields": ", ".join(to_check)}
        if already_distributed:
            line += _(" ; déjà diffusé : sa publication n'enverra aucun courriel")
        return line, 0
