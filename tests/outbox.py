"""The outbox in tests: e-mails wait for a Celery worker (assessments.services.mail), and most
tests have none. `deliver_queued_mail()` does in-process what a worker does with every waiting
message, so Django's locmem outbox (`mail.outbox`) then holds what a worker would have sent."""

from __future__ import annotations


def deliver_queued_mail() -> int:
    """Send every queued (or retrying) outbox row as the worker would; how many went out."""
    from assessments.outbox import EmailStatus, OutgoingEmail
    from assessments.services.mail import emails_send

    waiting = OutgoingEmail.objects.filter(status__in=[EmailStatus.QUEUED, EmailStatus.RETRYING])
    return emails_send(email_ids=list(waiting.order_by("pk").values_list("pk", flat=True)))


class SmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 in a thread of the test process, for the mail
    tests to send to: `start()`, `stop()` (the port then refuses connections: a mail server that
    is down), the `messages` it accepted, and addresses to `refuse` with a 550."""

    def __init__(self) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.messages: list = []
        self.refuse: set[str] = set()
        self._controller = None

    def start(self) -> SmtpServer:
        from aiosmtpd.controller import Controller

        server = self

        class Handler:
            async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):  # noqa: N802
                if address in server.refuse:
                    return "550 5.1.1 No such user here"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, smtp, session, envelope):  # noqa: N802
                server.messages.append(envelope)
                return "250 Message accepted for delivery"

        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def recipients(self) -> list[str]:
        return sorted(address for envelope in self.messages for address in envelope.rcpt_tos)

    def settings(self) -> dict[str, object]:
        """Django settings that send through this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 5,
        }
