"""Sending mail that really arrives, or saying that it did not.

Django's password reset logs a failed send and still says "sent". Here a send either reaches the mail
server or raises MailNotSent, so the page can tell the person to try again later.
"""

import logging
import smtplib

from django.core.mail import EmailMessage, get_connection

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    """The mail server could not be reached, or refused the message."""


def check_server():
    """Raise MailNotSent when the mail server does not answer now. Checked before a form that may or may
    not send (password reset sends only to a known address), so that both cases answer the same way."""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
        connection.close()
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("The mail server does not answer: %s", error)
        raise MailNotSent from error


def send(*, subject, body, to):
    """Send one plain-text message now."""
    try:
        EmailMessage(subject=subject, body=body, to=to).send(fail_silently=False)
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("Could not send %r: %s", subject, error)
        raise MailNotSent from error
