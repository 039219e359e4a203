"""Encrypt every value stored encrypted at rest with the first of
FIELD_ENCRYPTION_KEYS, so an older key can be dropped."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from config.encryption import EncryptedJSONField, EncryptedTextField, rotate


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            fields = [
                field
                for field in model._meta.concrete_fields
                if isinstance(field, EncryptedTextField | EncryptedJSONField)
            ]
            if not fields:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            for field in fields:
                column = connection.ops.quote_name(field.column)
                with transaction.atomic(), connection.cursor() as cursor:
                    # Table and column names come from the model registry.
                    select = f"SELECT {pk}, {column} FROM {table} WHERE {column} <> ''"  # noqa: S608
                    cursor.execute(select)
                    rows = cursor.fetchall()
                    for key, token in rows:
                        update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s"  # noqa: S608
                        cursor.execute(update, [rotate(token), key])
                    total += len(rows)
                self.stdout.write(f"{model._meta.label}.{field.name}: {len(rows)}")
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} values."))
