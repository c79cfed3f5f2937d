"""A mail backend for the tests: Django's in-memory one, except that the mail server refuses one address (as a real
server refuses an unknown mailbox), so that a failure for one address can be tested."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

ABGELEHNT = "amtsleitung51@wiesbaden.example"


class EineAdresseAbgelehnt(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            if ABGELEHNT in message.to:
                raise smtplib.SMTPRecipientsRefused({ABGELEHNT: (550, b"5.1.1 Mailbox unbekannt")})
        return super().send_messages(messages)


class FortschrittMitschreiben(EmailBackend):
    """Django's in-memory backend that notes, at each mail, what the reminder job's page would show just then."""

    gesehen: list[str] = []

    def send_messages(self, messages):
        from jobs.models import Job
        from jobs.selectors import job_stand

        job = Job.objects.filter(art="erhebungsrunde_erinnern").order_by("-angelegt_am").first()
        FortschrittMitschreiben.gesehen.append(job_stand(job)["text"])
        return super().send_messages(messages)
