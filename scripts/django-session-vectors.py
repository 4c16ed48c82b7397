#!/usr/bin/python3
"""Writes test/fixtures/django-sessions/django.json: django_session rows made by Django's own SessionStore
(signing.dumps with the sessions salt, compressed) and the `_auth_user_hash` Django's login stores, so the
importer's decoder is checked against the real format, not only against itself. Needs Django 3.1+
(on Debian: apt-get install python3-django). Usage: /usr/bin/python3 scripts/django-session-vectors.py"""
import json
import pathlib

import django
from django.conf import settings

SECRET_KEY = "django-insecure-test-key-for-session-vectors-0123456789"
settings.configure(SECRET_KEY=SECRET_KEY, INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"],
                   DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

# A pbkdf2 hash as an export carries it; the session only holds an HMAC of this text.
PASSWORD_HASH = "pbkdf2_sha256$260000$abcdefghijklmnop$4ZlrLoZlxx4Wm3oP4qbHlqwh9m1bV8ljWBkc8jS3G/0="
user = User(id=9001, username="amira", password=PASSWORD_HASH)
store = SessionStore(session_key="abcdefghijklmnopqrstuvwxyz012345")
session = {"_auth_user_id": str(user.id), "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
           "_auth_user_hash": user.get_session_auth_hash(), "cart": ["x" * 40] * 3}
vectors = {
    "django": django.get_version(),
    "secret_key": SECRET_KEY,
    "user_id": user.id,
    "password_hash": PASSWORD_HASH,
    "session_key": store.session_key,
    "session_data": store.encode(session),
    "session": session,
}
out = pathlib.Path(__file__).resolve().parent.parent / "test/fixtures/django-sessions/django.json"
out.write_text(json.dumps(vectors, indent=2) + "\n")
print(f"wrote {out}")
