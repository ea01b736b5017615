from __future__ import annotations

import json
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from assessments.demo import demo_seed
from assessments.demo_clients import MAX_ORGANISATIONS, demo_clients
from assessments.demo_consensus import demo_consensus
from assessments.demo_rounds import demo_past_rounds
from assessments.demo_users import demo_passwords
from assessments.models import Campaign
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.urls import site_url

MAX_ROUNDS = 10


class Command(BaseCommand):
    help = "Create a demo organisation, users and an open campaign with N submitted synthetic responses."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--responses", type=int, default=60, help="submitted synthetic responses (default 60)")
        parser.add_argument(
            "--rounds",
            type=int,
            default=2,
            help="closed past rounds before the open campaign, a year apart, each with a workshop and "
            "an action plan (default 2; only with --responses above 0 and a new campaign)",
        )
        parser.add_argument(
            "--organisations",
            type=int,
            default=0,
            help="client organisations of the demo consultant, each in the benchmark with two closed rounds; "
            "with 5 or more the benchmark shows (default 0)",
        )
        parser.add_argument("--seed", type=int, default=42, help="random seed: same seed, same answers")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="if the demo organisation already has a campaign, keep it (only set the passwords)",
        )
        parser.add_argument(
            "--passwords-file",
            type=Path,
            help="keep the demo passwords in this file (created 0600) and reuse them on the next run",
        )
        parser.add_argument(
            "--new-passwords", action="store_true", help="with --passwords-file: replace the kept passwords"
        )

    def handle(self, *args, **options) -> None:
        if options["responses"] < 0:
            raise CommandError("--responses must be 0 or more")
        if not 0 <= options["rounds"] <= MAX_ROUNDS:
            raise CommandError(f"--rounds must be 0 to {MAX_ROUNDS}")
        if not 0 <= options["organisations"] <= MAX_ORGANISATIONS:
            raise CommandError(f"--organisations must be 0 to {MAX_ORGANISATIONS}")
        try:
            passwords = demo_passwords(path=options["passwords_file"], new=options["new_passwords"])
            # One transaction: a failure half-way leaves no half-built history behind.
            with transaction.atomic():
                # The portfolio of business units (issue #20): every round covers them.
                result = demo_seed(
                    responses=options["responses"],
                    seed=options["seed"],
                    reuse=options["reuse"],
                    passwords=passwords,
                    portfolio=True,
                )
                if options["responses"] and result.created:
                    # The improvement cycle (issue #19): past rounds with their workshops and action
                    # plans, and what a workshop on this round agreed, all recorded by the BRM.
                    brm = get_user_model().objects.get(username="brm")
                    demo_past_rounds(
                        campaign=result.campaign,
                        rounds=options["rounds"],
                        responses=options["responses"],
                        seed=options["seed"],
                        user=brm,
                    )
                    demo_consensus(campaign=result.campaign, user=brm)
                # The consultant's other clients and the benchmark (issue #20).
                clients = demo_clients(
                    count=options["organisations"],
                    seed=options["seed"],
                    consultant=get_user_model().objects.get(username="consultant"),
                    demo_organisation=result.organisation,
                )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        # No request here: SITE_URL (`make run` sets it to the address it serves on) or the default.
        base = site_url()
        dashboard_path = reverse("campaigns:dashboard", args=[result.campaign.pk])
        units = list(result.campaign.partners.order_by("name"))
        portfolio_path = reverse("campaigns:portfolio", args=[result.campaign.pk]) if units else None
        invitation_paths = {
            side: [reverse("respondent:welcome", args=[inv.token]) for inv in invitations]
            for side, invitations in result.invitations.items()
        }
        data = {
            "organisation": result.organisation.name,
            "organisation_slug": result.organisation.slug,
            "organisation_id": result.organisation.pk,
            "campaign_id": result.campaign.pk,
            "campaign": result.campaign.name,
            "responses": options["responses"],
            # Every round of the demo organisation, oldest first; the last is `campaign_id`.
            "rounds": list(
                Campaign.objects.filter(organisation=result.organisation)
                .order_by("created_at", "pk")
                .values_list("pk", flat=True)
            ),
            "dashboard_url": base + dashboard_path,
            "dashboard_path": dashboard_path,
            "invitation_urls": {side: [base + p for p in paths] for side, paths in invitation_paths.items()},
            "invitation_paths": invitation_paths,
            "login_url": base + reverse("login"),
            # The business units the campaign covers (issue #20), in name order, and its portfolio
            # page; empty and null for a campaign kept by --reuse from before the portfolio.
            "partners": [{"id": unit.pk, "name": unit.name} for unit in units],
            "portfolio_url": base + portfolio_path if portfolio_path else None,
            "portfolio_path": portfolio_path,
            "users": {name: {"username": name, "password": pw} for name, pw in result.passwords.items()},
            # The consultant's client organisations of --organisations (issue #20), with their latest closed round.
            "organisations": [
                {
                    "id": client.organisation.pk,
                    "slug": client.organisation.slug,
                    "name": client.organisation.name,
                    "campaign_id": client.campaign.pk,
                }
                for client in clients
            ],
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2))
            return
        self.stdout.write(f"Organisation: {data['organisation']}  campaign {data['campaign_id']}: {data['campaign']}")
        self.stdout.write(f"Dashboard:    {data['dashboard_url']}")
        if portfolio_path:
            names = ", ".join(unit.name for unit in units)
            self.stdout.write(f"Portfolio:    {data['portfolio_url']}  ({names})")
        for name, creds in data["users"].items():
            self.stdout.write(f"Login:        {creds['username']} / {creds['password']}  ({name})")
        if options["passwords_file"] and not os.getenv("DEMO_PASSWORD"):
            self.stdout.write(
                f"              kept in {options['passwords_file']} for the next run "
                "(new ones: make run NEW_PASSWORDS=1, or --new-passwords)"
            )
        if clients:
            self.stdout.write(
                f"Clients:      {len(clients)} organisations in the benchmark, {base}{reverse('manage:client_list')}"
            )
        self.stdout.write(f"Respondent:   {data['invitation_urls']['business'][0]}  (business)")
        self.stdout.write(f"Respondent:   {data['invitation_urls']['it'][0]}  (IT)")
