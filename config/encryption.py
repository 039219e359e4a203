"""Encryption at rest for secrets and credentials, with Fernet (AES-128-CBC and
HMAC-SHA256, from `cryptography`).

`FIELD_ENCRYPTION_KEYS` lists the keys: the first encrypts, every key decrypts, so a
key is rotated by putting the new one first and running `manage.py reencrypt`
before the old one is dropped. Without keys (development, tests) one is derived from
SECRET_KEY; production settings refuse to start without them.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models


@cache
def _fernet() -> MultiFernet:
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        derived = hashlib.sha256(
            b"agora-field-encryption:" + settings.SECRET_KEY.encode()
        )
        keys = [base64.urlsafe_b64encode(derived.digest()).decode()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key "
            "(32 url-safe base64-encoded bytes)."
        ) from error


def _reset(*, setting, **kwargs) -> None:
    if setting in ("FIELD_ENCRYPTION_KEYS", "SECRET_KEY"):
        _fernet.cache_clear()


setting_changed.connect(_reset)


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A value encrypted at rest does not decrypt with FIELD_ENCRYPTION_KEYS: "
            "was a key dropped before `manage.py reencrypt` ran?"
        ) from error


def rotate(token: str) -> str:
    """The same value, encrypted with the first key."""
    return _fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored encrypted; reads give the plain text. Not searchable or
    orderable by its value. An empty string stays empty."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)


class EncryptedJSONField(models.TextField):
    """A JSON value stored encrypted; reads give the value (None when empty)."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return None
        return json.loads(decrypt(value))

    def to_python(self, value):
        if isinstance(value, str) and value:
            return json.loads(value)
        return value

    def get_prep_value(self, value):
        if value is None:
            return ""
        return encrypt(json.dumps(value, sort_keys=True))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj))
