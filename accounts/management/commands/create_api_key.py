from django.core.management.base import BaseCommand, CommandError

from accounts.api_keys import api_key_create
from accounts.models import Organization, User


class Command(BaseCommand):
    help = (
        "Create an API key for the user with this e-mail address. The key is printed "
        "once, as the last word of the output; only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Command line", help="A label for it.")
        parser.add_argument(
            "--organization",
            help="Slug of the organization the key acts for (default: the first).",
        )

    def handle(self, *args, email, name, organization, **options):
        try:
            user = User.objects.get_by_natural_key(email)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user with the e-mail address {email}.") from exc
        org = None
        if organization:
            org = Organization.objects.filter(slug=organization).first()
            if org is None:
                raise CommandError(f"No organization with the slug {organization}.")
        api_key, key = api_key_create(user=user, name=name, organization=org)
        acting = (
            api_key.organization.name if api_key.organization else "no organization"
        )
        self.stderr.write(f"API key {api_key.prefix}… for {user.email} ({acting}):")
        self.stdout.write(key)
