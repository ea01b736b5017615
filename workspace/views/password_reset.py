"""Asking for a password reset link (/accounts/password_reset/), throttled, its e-mail queued.

The rest of the reset (the link, the new password) is Django's own views. Login attempts are
throttled by django-axes; this page is throttled here, in two counters in Django's cache
(brmportal.lib.ratelimit), both checked before anything is looked up or sent:
- per client address: one machine cannot fill strangers' inboxes or probe many addresses;
- per account (the e-mail address asked for, as accounts are found by it): nobody can bury one
  person under reset e-mails from many machines.
A refused request gets 429 and says why, whether or not an account uses the address, so the
page still tells nobody which addresses have accounts.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from brmportal.lib.client_ip import client_ip_address
from brmportal.lib.ratelimit import rate_limit_exceeded
from brmportal.lib.urls import site_url
from workspace.forms.password_reset import QueuedPasswordResetForm

WINDOW_SECONDS = 3600


def password_reset_refusal(*, request: HttpRequest, email: str) -> str | None:
    """Why this reset request is refused (too many from this address or for this account), or None."""
    client = client_ip_address(request) or "unknown"
    if rate_limit_exceeded(
        key=f"password-reset:client:{client}",
        limit=settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
        seconds=WINDOW_SECONDS,
    ):
        return _("Too many password reset requests from your network. Please try again in an hour.")
    # Hashed: the cache holds no e-mail address. Case-folded: accounts are found case-insensitively.
    account = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    if rate_limit_exceeded(
        key=f"password-reset:account:{account}",
        limit=settings.PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR,
        seconds=WINDOW_SECONDS,
    ):
        return _(
            "A reset link for this address was asked for several times in the last hour. If an account "
            "uses it, the e-mails already sent still work; otherwise please try again in an hour."
        )
    return None


class PasswordResetRequestView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm

    def form_valid(self, form: QueuedPasswordResetForm) -> HttpResponse:  # type: ignore[override]
        refusal = password_reset_refusal(request=self.request, email=form.cleaned_data["email"])
        if refusal:
            form.add_error(None, refusal)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # The link starts where every other link of the portal does (SITE_URL, else this request's address).
        base = urlsplit(site_url(self.request))
        form.save(
            domain_override=base.netloc,
            use_https=base.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
        )
        return HttpResponseRedirect(self.get_success_url())


password_reset_request = PasswordResetRequestView.as_view()
